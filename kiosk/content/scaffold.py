"""`kiosk content new DIR`: a filled-in package a volunteer edits instead of starting blank.

Dates are relative to today so the new package passes `kiosk content check` as it is.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

from kiosk.content.problems import ContentError, Problem
from kiosk.i18n import gettext as _
from kiosk.i18n.dates import LOCAL_TZ

WEEKDAYS_JA = "月火水木金土日"

PACKAGE_TOML = """\
# Hiroba content package. Lines starting with # are notes; the kiosk ignores them.
# Guide: docs/volunteers.md      Check your work: kiosk content check {folder}

# id: a short name of a-z, 0-9 and -, different for every package in your town.
id = "{id}"

# category: disaster, notices, health, welfare, facilities or events
category = "health"

# languages: each page has one file per language, e.g. class.ja.md and class.en.md
languages = ["ja", "en"]

# author_group: the group that wrote this package (a group, not a person)
author_group = "さくら川町 いきいき体操の会"

# The kiosk shows the pages from valid_from until valid_until (YYYY-MM-DD).
valid_from = {today}
valid_until = {until}

# priority: 0 = normal ... 9 = most important
priority = 0

# The name of the package, one line per language.
[title]
ja = "転ばないための体操教室"
en = "Fall-prevention exercise class"

# contact: where people can ask. An organisation, never a private phone or e-mail.
[contact]
name = "さくら川町 保健センター"
phone = "0000-12-3480"
"""

PAGE_JA = """\
+++
published = {today}
+++
# 転ばないための体操教室

{month}月{day}日（{weekday}）に、転ばないための体操をします。だれでも参加できます。

## 日と場所

| 日 | 時間 | 場所 |
| --- | --- | --- |
| {month}月{day}日（{weekday}） | 午後2時から午後3時まで | 公民館 2階 |

## 持ち物

- 動きやすい服
- 飲み物

## 大事なこと

{{転倒|てんとう}}しないように、ゆっくり体を動かします。
お金はかかりません。

問い合わせ：保健センター 0000-12-3480
"""

PAGE_EN = """\
+++
published = {today}
+++
# Fall-prevention exercise class

On {weekday_en} {day} {month_en}, we do exercises that help you not to fall.
Anyone can join.

## Day and place

| Day | Time | Place |
| --- | --- | --- |
| {weekday_en} {day} {month_en} | 2 pm to 3 pm | Community hall, 2nd floor |

## What to bring

- Clothes you can move in
- Something to drink

## Good to know

We move slowly so that nobody falls. It is free.

Questions: Health Centre 0000-12-3480
"""

README = """\
# このフォルダについて / About this folder

- package.toml: パッケージの情報 / package details
- *.ja.md, *.en.md: ページ（日本語と英語）/ pages (Japanese and English)

書き方 / How to write:

- 見出し / heading: `## 持ち物`
- 箇条書き / list: `- 動きやすい服`
- 読みがな / reading: `{{転倒|てんとう}}`
- 画像 / image (PNG or JPEG, in this folder): `![体操をしている人たち](class.png)`

確認 / check:  kiosk content check {folder}
見た目 / preview:  kiosk content preview {folder} --out preview
"""


def create_package(folder: Path, today: date | None = None) -> list[Path]:
    """Write the example package into ``folder`` (new or empty); return the files written."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ContentError(Problem(folder, None, _("the folder already exists and is not empty")))
    today = today or datetime.now(LOCAL_TZ).date()
    event = today + timedelta(days=14)
    package_id = re.sub(r"[^a-z0-9-]+", "-", folder.name.lower()).strip("-") or "my-package"
    if not package_id[0].isalnum():
        package_id = "p-" + package_id
    values = {
        "folder": folder,
        "id": package_id,
        "today": today.isoformat(),
        "until": (today + timedelta(days=180)).isoformat(),
        "month": event.month,
        "day": event.day,
        "weekday": WEEKDAYS_JA[event.weekday()],
        "weekday_en": event.strftime("%A"),
        "month_en": event.strftime("%B"),
    }
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "package.toml": PACKAGE_TOML,
        "exercise-class.ja.md": PAGE_JA,
        "exercise-class.en.md": PAGE_EN,
        "README.md": README,
    }
    written = []
    for name, template in files.items():
        path = folder / name
        path.write_text(template.format(**values), encoding="utf-8")
        written.append(path)
    return written
