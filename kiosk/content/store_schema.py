"""The store's schema: every migration since the first, applied in order on open.

Each entry migrates from version N to N+1 (statements separated by ";"). Never edit a shipped
entry; append a new one — the version number is the entry's position.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE sources (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        location TEXT NOT NULL,
        category TEXT NOT NULL,
        lang TEXT NOT NULL DEFAULT 'ja',
        last_attempt TEXT,
        last_success TEXT,
        last_error TEXT,
        item_count INTEGER NOT NULL DEFAULT 0,
        etag TEXT,
        last_modified TEXT
    );
    CREATE TABLE items (
        key TEXT PRIMARY KEY,
        source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        guid TEXT NOT NULL,
        lang TEXT NOT NULL,
        category TEXT NOT NULL,
        title TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT '',
        published TEXT,
        updated TEXT,
        link TEXT NOT NULL DEFAULT '',
        expires TEXT
    );
    CREATE INDEX items_by_category ON items(category, lang, published DESC);
    CREATE TABLE pages (
        item_key TEXT PRIMARY KEY REFERENCES items(key) ON DELETE CASCADE,
        blocks TEXT NOT NULL
    );
    CREATE TABLE alerts (
        source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        severity INTEGER NOT NULL,
        drill INTEGER NOT NULL DEFAULT 0,
        cancelled INTEGER NOT NULL DEFAULT 0,
        onset TEXT,
        expires TEXT,
        issued TEXT,
        texts TEXT NOT NULL,
        refs TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (source_id, id)
    );
    """,
    # v2 (issue 5): what CAP/JMX alerts need to resolve Update/Cancel chains and areas.
    """
    ALTER TABLE alerts ADD COLUMN areas TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE alerts ADD COLUMN kind TEXT NOT NULL DEFAULT '';
    ALTER TABLE alerts ADD COLUMN msg_type TEXT NOT NULL DEFAULT 'alert';
    ALTER TABLE alerts ADD COLUMN chain TEXT NOT NULL DEFAULT '';
    ALTER TABLE alerts ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX alerts_by_chain ON alerts(chain);
    """,
    # v3 (issue 4): the reader's own order (e.g. 五十音順 for facilities), used among undated items.
    """
    ALTER TABLE items ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
    """,
    # v4 (issue 14): titles of alert documents of types the kiosk does not read (staff status).
    """
    ALTER TABLE sources ADD COLUMN skipped TEXT NOT NULL DEFAULT '[]';
    """,
    # v5 (issue 15): a remark on a good sync staff should see (e.g. a feed cut at the cap).
    """
    ALTER TABLE sources ADD COLUMN note TEXT;
    """,
    # v6 (issues 17, 19): furigana are content, computed at sync/import time. Block ruby rides in
    # the blocks JSON; the title's ruby and the analysis version that made them live here, so
    # pages read by an older analysis (or before v4) are found and redone.
    """
    ALTER TABLE pages ADD COLUMN title_ruby TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE pages ADD COLUMN analysis INTEGER NOT NULL DEFAULT 0;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


def statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
