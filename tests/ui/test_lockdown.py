"""Kiosk mode: no key leaves it, the staff gesture + PIN opens the staff menu, idle closes it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt

from kiosk.config import Config, demo_sources
from kiosk.content.model import Category
from kiosk.i18n import set_language
from kiosk.i18n.dates import LOCAL_TZ
from kiosk.ops import recovery
from kiosk.ops.defaults import apply_defaults, load_defaults
from kiosk.ops.pin import MAX_TRIES, PinGuard, hash_pin
from kiosk.ops.usage import UsageLog
from kiosk.ui.a11y.prefs import Preferences
from kiosk.ui.screens.pinpad import SETTLE_SECONDS, PinPad
from kiosk.ui.staff import EXIT_RESTART, Operations

ESCAPE_KEYS = [
    ("Alt+F4", Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    ("Alt+Tab", Qt.Key.Key_Tab, Qt.KeyboardModifier.AltModifier),
    ("Ctrl+Q", Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    ("Esc", Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    ("F11", Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier),
]


class KeyRecorder(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.keys: list[int] = []
        self.types: list[QEvent.Type] = []

    def eventFilter(self, obj, event) -> bool:  # noqa: ANN001, N802
        self.types.append(event.type())
        if event.type() == QEvent.Type.KeyPress:
            self.keys.append(getattr(event.key(), "value", event.key()))
        return False


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


DEMO = Config(None, {}, demo_sources(), demo=True)
ATTACHED: list[Operations] = []


@pytest.fixture(autouse=True)
def _detach(qtbot) -> Iterator[None]:  # noqa: ANN001
    # Needs qtbot so it is torn down first: a locked kiosk refuses qtbot's close, and a window
    # left open keeps its timers reading a closed store (later tests then fail in Qt's loop).
    yield
    while ATTACHED:
        ATTACHED.pop().detach()


def attach(qtbot, window, windowed: bool = False, **kwargs) -> Operations:  # noqa: ANN001
    kwargs.setdefault("guard", PinGuard(hash_pin("1234"), kwargs.pop("pin_clock", FakeClock())))
    ops = Operations(window, DEMO, window.vms.store, windowed=windowed, **kwargs)
    ATTACHED.append(ops)
    window.show()  # new window flags hide a shown window
    qtbot.waitExposed(window)
    return ops


def tap_corners(qtbot, window, order=("tl", "tr", "br", "bl")) -> None:  # noqa: ANN001
    w, h = window.width(), window.height()
    points = {"tl": QPoint(5, 5), "tr": QPoint(w - 5, 5), "br": QPoint(w - 5, h - 5)}
    points["bl"] = QPoint(5, h - 5)
    for corner in order:
        qtbot.mouseClick(window, Qt.MouseButton.LeftButton, pos=points[corner])
    # issue 16: the pad opens after the last tap's release, then lets its first moments pass
    qtbot.wait(50)
    for pad in window.findChildren(PinPad):
        if pad.isVisible():
            qtbot.waitUntil(lambda p=pad: time.monotonic() - p.shown_at > SETTLE_SECONDS)


def enter(qtbot, pad, pin: str) -> None:  # noqa: ANN001
    for digit in pin:
        qtbot.mouseClick(pad.keys[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.keys["OK"], Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("locked", [True, False])
def test_escape_shortcuts_swallowed_only_in_kiosk_mode(qtbot, window, locked: bool) -> None:
    ops = attach(qtbot, window, windowed=not locked)
    recorder = KeyRecorder()
    window.installEventFilter(recorder)  # sees what the window itself would receive
    for _name, key, mods in ESCAPE_KEYS:
        qtbot.keyClick(window, key, mods)
    window.removeEventFilter(recorder)
    fired = [name for name, key, _m in ESCAPE_KEYS if key.value in recorder.keys]
    if locked:
        assert fired == []
        assert ops.lockdown.swallowed == len(ESCAPE_KEYS)
        assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
        assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    else:  # the control: the same keys do reach the window when not locked down
        assert fired == [name for name, _k, _m in ESCAPE_KEYS]
    assert window.isVisible()


def test_close_refused_unless_staff_exit(qtbot, window) -> None:
    exits: list[int] = []
    ops = attach(qtbot, window, quit=exits.append)
    assert not window.close()
    assert window.isVisible()
    ops.admin_action("exit", None)
    assert exits == [0]
    assert window.close()


def test_gesture_and_right_pin_open_the_staff_menu(qtbot, window) -> None:
    ops = attach(qtbot, window)
    tap_corners(qtbot, window, ("tl", "br", "tr", "bl"))  # wrong order: nothing
    assert ops.pinpad is None
    tap_corners(qtbot, window)
    assert ops.pinpad is not None and ops.pinpad.isVisible()
    assert ops.pinpad.geometry() == window.rect()
    enter(qtbot, ops.pinpad, "1234")
    assert ops.admin_open and not ops.pinpad.isVisible()
    assert "package:demo-health" in ops.admin.sources.text()
    qtbot.mouseClick(ops.admin.buttons["close"], Qt.MouseButton.LeftButton)
    assert not ops.admin_open


def test_the_idle_reset_closes_a_pin_pad_left_with_digits(qtbot, window) -> None:
    from kiosk.ui.a11y.prefs import IdleTimes

    ops = attach(qtbot, window)
    tap_corners(qtbot, window)
    pad = ops.pinpad
    assert pad is not None and pad.isVisible()
    for digit in "12":  # half a PIN, then the person walks away
        qtbot.mouseClick(pad.keys[digit], Qt.MouseButton.LeftButton)
    assert pad.entered == "12"
    resets: list[bool] = []
    window.visitor.visitor_reset.connect(lambda: resets.append(True))
    window.visitor.set_idle_times(IdleTimes(idle_ms=30, attract_ms=60_000, warning_s=20, tick_ms=2))
    qtbot.waitUntil(lambda: bool(resets), timeout=5000)
    window.visitor.set_idle_times(None)
    assert not pad.isVisible() and pad.entered == ""
    assert not ops.admin_idle.isActive()
    tap_corners(qtbot, window)  # staff can still open it again, empty
    assert pad.isVisible() and pad.entered == ""


def test_five_wrong_pins_lock_the_pad(qtbot, window) -> None:
    clock = FakeClock()
    ops = attach(qtbot, window, pin_clock=clock)
    tap_corners(qtbot, window)
    pad = ops.pinpad
    for attempt in range(MAX_TRIES):
        enter(qtbot, pad, "9999")
        if attempt < MAX_TRIES - 1:
            assert not pad.is_locked()
            assert not pad.keys["1"].isEnabled()  # backing off
            clock.now += 2**attempt
            pad.refresh()
            assert pad.keys["1"].isEnabled()
    assert pad.is_locked()
    assert "5" in pad.message.text()
    assert not pad.keys["OK"].isEnabled()
    enter(qtbot, pad, "1234")  # even the right PIN waits out the lock
    assert not ops.admin_open


def test_staff_menu_closes_when_idle(qtbot, window) -> None:
    ops = attach(qtbot, window)
    tap_corners(qtbot, window)
    enter(qtbot, ops.pinpad, "1234")
    assert ops.admin_open
    ops.admin_idle.setInterval(150)  # after the gesture's settle time (issue 16), not during
    ops.admin_idle.start()
    qtbot.waitUntil(lambda: not ops.admin_open, timeout=3000)
    assert not ops.pinpad.isVisible()


def test_no_pin_no_staff_menu(qtbot, window) -> None:
    ops = attach(qtbot, window, guard=PinGuard(None))
    tap_corners(qtbot, window)
    assert "kiosk set-pin" in ops.pinpad.message.text()
    enter(qtbot, ops.pinpad, "0000")
    assert not ops.admin_open


def test_closed_outside_opening_hours(qtbot, window) -> None:
    now = [datetime(2026, 11, 25, 20, 0, tzinfo=LOCAL_TZ)]  # Wednesday evening
    ops = attach(qtbot, window, clock=lambda: now[0])
    ops.maintenance.at = None  # tested on its own below
    ops.set_hours("mon-fri 09:00-17:00")
    window.open_category(Category.HEALTH)
    ops.check_schedule()
    assert ops.closed.isVisible() and ops.closed.title.isVisible()
    assert window.current.screen == "home"  # what the last visitor read is gone
    assert "11" in ops.closed.detail.text()  # opens again Thursday 26th, 9:00
    now[0] = datetime(2026, 11, 26, 9, 30, tzinfo=LOCAL_TZ)
    ops.check_schedule()
    assert not ops.closed.isVisible()


def test_closed_all_night_means_no_idle_screens_over_it(qtbot, window) -> None:
    from kiosk.ui.a11y.prefs import IdleTimes

    now = [datetime(2026, 11, 25, 16, 59, tzinfo=LOCAL_TZ)]
    ops = attach(qtbot, window, clock=lambda: now[0])
    ops.maintenance.at = None
    ops.set_hours("mon-fri 09:00-17:00")
    ops.check_schedule()
    window.visitor.apply_preferences(Preferences(lang="en", text_size=3))  # the last visitor
    window.open_category(Category.HEALTH)
    visitor = window.visitor
    visitor.set_idle_times(IdleTimes(idle_ms=20, attract_ms=100, warning_s=20, tick_ms=2))
    now[0] = datetime(2026, 11, 25, 17, 0, 30, tzinfo=LOCAL_TZ)
    ops.check_schedule()
    # closing forgets the visitor at once, not after the idle time
    assert visitor.prefs.lang == "ja" and visitor.prefs.text_size == 1
    assert window.current.screen == "home"
    qtbot.wait(400)  # idle, warning and attract times all pass
    assert ops.closed.isVisible()
    assert not visitor.idle_warning.isVisible() and not visitor.attract_screen.isVisible()
    assert window.childAt(window.rect().center()) is not None
    top = window.childAt(window.rect().center())
    while top.parentWidget() is not window:
        top = top.parentWidget()
    assert top is ops.closed  # the closed screen is what shows
    now[0] = datetime(2026, 11, 26, 9, 0, 30, tzinfo=LOCAL_TZ)
    ops.check_schedule()
    assert not ops.closed.isVisible() and not visitor.closed
    qtbot.waitUntil(lambda: visitor.attract_screen.isVisible(), timeout=5000)  # open: as before
    visitor.set_idle_times(None)


def test_the_closed_screen_comes_up_in_the_theme_the_window_has(qtbot, window) -> None:
    """Closing time right after a visitor chose the dark theme: closing forgets the visitor
    (the kiosk's defaults come back), and the closed screen, built earlier and waiting for its
    turn of the staged restyle, shows in the window's theme, not a stale one."""
    now = [datetime(2026, 11, 25, 20, 0, tzinfo=LOCAL_TZ)]  # Wednesday evening
    ops = attach(qtbot, window, clock=lambda: now[0])
    ops.maintenance.at = None
    closed = ops.closed  # built (hidden) before the change
    window.apply_preferences(Preferences(theme="dark", text_size=2, lang="ja"))
    sheet = window.current_style_sheet
    assert "#000000" in sheet and closed.styleSheet() != sheet  # not its turn yet
    ops.set_hours("mon-fri 09:00-17:00")
    ops.check_schedule()
    assert window.theme.name == "light" and window.visitor.prefs.text_size == 1
    assert closed.isVisible() and not closed.styleSheet().startswith(sheet)
    assert closed.grab().toImage().pixelColor(2, 2).name() == "#ffffff"  # the light theme


def test_usage_counts_forward_opens_only(qtbot, window, tmp_path) -> None:
    usage = UsageLog(tmp_path / "usage.sqlite3")
    attach(qtbot, window, usage=usage)
    window.open_category(Category.HEALTH)
    row = window.category.visible_rows()[0]
    qtbot.mouseClick(row, Qt.MouseButton.LeftButton)
    window.go_back()
    window.refresh()
    set_language("en")
    totals = usage.totals()
    assert totals[("category_open", "health")] == 1
    assert totals[("page_open", row.property("key"))] == 1
    assert totals[("language", "en")] == 1
    assert sum(totals.values()) == 3


def test_sync_now_from_the_staff_menu_runs_off_the_ui_thread(qtbot, window) -> None:
    ops = attach(qtbot, window)
    ops.open_admin()
    with qtbot.waitSignal(ops.sync_worker.finished, timeout=30_000):
        qtbot.mouseClick(ops.admin.buttons["sync"], Qt.MouseButton.LeftButton)
        assert ops.sync_worker.busy
    assert "6" in ops.admin.message.text()  # six demo sources OK
    assert recovery.backup_path(ops.store_path).exists()


def test_daily_maintenance_syncs_vacuums_and_restarts(qtbot, window) -> None:
    now = [datetime(2026, 11, 25, 2, 59, tzinfo=LOCAL_TZ)]
    exits: list[int] = []
    config = Config(None, {"maintenance_restart": True}, demo_sources(), demo=True)
    ops = Operations(
        window, config, window.vms.store, windowed=True, quit=exits.append, clock=lambda: now[0]
    )
    ATTACHED.append(ops)
    ops.check_schedule()
    assert not ops.sync_worker.busy
    now[0] = datetime(2026, 11, 25, 3, 0, tzinfo=LOCAL_TZ)
    with qtbot.waitSignal(ops.sync_worker.finished, timeout=30_000):
        ops.check_schedule()
    assert exits == [EXIT_RESTART]
    assert not ops.maintenance.due()  # once a day


def test_staff_defaults_apply_at_once_and_are_saved(qtbot, window) -> None:
    ops = attach(qtbot, window)
    ops.open_admin()
    qtbot.mouseClick(ops.admin.buttons["text_size:3"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(ops.admin.buttons["theme:dark"], Qt.MouseButton.LeftButton)
    assert window.metrics.body == 64 and window.theme.name == "dark"
    assert load_defaults() == {"text_size": 3, "theme": "dark"}
    assert apply_defaults(Config()).get("text_size") == 3


def test_context_menus_off_and_cursor_hidden_on_touch_screens(qtbot, window) -> None:
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication

    config = Config(None, {"hide_cursor": True}, demo_sources(), demo=True)
    ops = Operations(window, config, window.vms.store, windowed=False)
    ATTACHED.append(ops)
    cursor = QApplication.overrideCursor()
    assert cursor is not None and cursor.shape() == Qt.CursorShape.BlankCursor
    recorder = KeyRecorder()
    window.installEventFilter(recorder)
    point = QPoint(50, 50)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, window.mapToGlobal(point))
    QApplication.sendEvent(window, event)
    window.removeEventFilter(recorder)
    assert QEvent.Type.ContextMenu not in recorder.types


def test_read_aloud_presses_are_counted(qtbot, window, tmp_path) -> None:
    from kiosk.ui.widgets.buttons import BigButton

    usage = UsageLog(tmp_path / "usage.sqlite3")
    attach(qtbot, window, usage=usage)
    speak = BigButton("読み上げ", name="read-aloud")  # the speech helper's button name
    window.actions_row.addWidget(speak)
    qtbot.waitExposed(speak)
    qtbot.mouseClick(speak, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(speak, Qt.MouseButton.LeftButton)
    assert usage.totals() == {("read_aloud", ""): 2}


def test_staff_menu_shows_usage_in_plain_words(qtbot, window, tmp_path) -> None:
    usage = UsageLog(tmp_path / "usage.sqlite3")
    ops = attach(qtbot, window, usage=usage)
    window.open_category(Category.HEALTH)
    ops.open_admin()
    assert "健康・予防" in ops.admin.usage.text() and "1回" in ops.admin.usage.text()


def test_reload_content_reads_changed_packages_and_keeps_the_feeds(qtbot, window, tmp_path) -> None:
    """Staff's "reload content" once ran a full sync of the packages alone, which forgot every
    other source: the feeds and alerts vanished from the screen until their next pass."""
    from kiosk.content.model import Item, Source, SourceContent

    store = window.vms.store
    feed = Source("town-news", "feed", "http://127.0.0.1:9/news.rdf", Category.NOTICES)
    item = Item(feed.id, "n1", "お知らせ：ごみの日", Category.NOTICES, "ja")
    store.replace_source(SourceContent(feed, items=(item,)))
    config = Config(None, {}, (*demo_sources(), feed), demo=True)
    ops = Operations(window, config, store, windowed=True, guard=PinGuard({}))
    ATTACHED.append(ops)
    with qtbot.waitSignal(ops.reload_worker.finished, timeout=30_000):
        ops.reload_content()
    ids = {s.id for s in store.source_statuses()}
    assert "town-news" in ids and any(i.startswith("package:") for i in ids)
    assert [i.title for i in store.items(Category.NOTICES, "ja") if i.source_id == feed.id] == [
        "お知らせ：ごみの日"
    ]


def test_reload_content_reads_a_changed_package_off_the_ui_thread(qtbot, window, tmp_path) -> None:
    """A volunteer edits a page in a local package; "Reload content" reads it on a thread of
    its own (the staff menu stays responsive), says so, then shows the new title."""
    import shutil
    import threading
    from dataclasses import replace

    from kiosk.config import DEMO_CONTENT
    from kiosk.content.local import sync_local_packages
    from kiosk.ui.screens.admin import AdminScreen
    from kiosk.ui.sync_bridge import Reloaded

    folder = tmp_path / "notices"
    shutil.copytree(DEMO_CONTENT / "02-notices", folder)
    source = replace(demo_sources()[1], id="package:town-notices", location=str(folder))
    store = window.vms.store
    sync_local_packages(store, (*demo_sources(), source))
    page = next(folder.glob("*.ja.md"))
    text = page.read_text(encoding="utf-8")
    old_title = next(line for line in text.splitlines() if line.startswith("# "))[2:]
    new_title = "北地区の防災訓練は12月に変わりました"
    page.write_text(text.replace(old_title, new_title), encoding="utf-8")

    config = Config(None, {}, (*demo_sources(), source), demo=True)
    ops = Operations(window, config, store, windowed=True, guard=PinGuard({}))
    ATTACHED.append(ops)
    ops.open_admin()
    assert isinstance(ops.admin, AdminScreen)
    threads: list[str] = []
    real_run = ops.reload_worker.run

    def run(sources):  # noqa: ANN001, ANN202
        threads.append(threading.current_thread().name)
        return real_run(sources)

    ops.reload_worker.run = run
    with qtbot.waitSignal(ops.reload_worker.finished, timeout=30_000) as done:
        assert ops.reload_content() is True
        assert ops.reload_content() is False  # one at a time
        assert "すでに読み直しています" in ops.admin.message.text()
    assert done.args == [Reloaded(["package:town-notices"], [])]
    assert threads and threads[0] != threading.main_thread().name
    titles = [i.title for i in store.items(Category.NOTICES, "ja") if i.source_id == source.id]
    assert new_title in titles and old_title not in titles
    assert "内容を読み直しました" in ops.admin.message.text()
    assert "読めない" not in ops.admin.message.text()


def test_a_reload_that_could_not_read_a_package_says_so(qtbot, window, tmp_path) -> None:
    """A volunteer's broken package.toml: the menu must not say only "reloaded" (the old pages
    stay shown, and the sources list says why)."""
    import shutil
    from dataclasses import replace

    from kiosk.config import DEMO_CONTENT
    from kiosk.content.local import sync_local_packages
    from kiosk.ui.sync_bridge import Reloaded

    folder = tmp_path / "notices"
    shutil.copytree(DEMO_CONTENT / "02-notices", folder)
    source = replace(demo_sources()[1], id="package:town-notices", location=str(folder))
    store = window.vms.store
    sync_local_packages(store, (*demo_sources(), source))
    (folder / "package.toml").write_text('id = "demo-notices"\ncategory = [broken', "utf-8")
    ops = Operations(
        window,
        Config(None, {}, (*demo_sources(), source), demo=True),
        store,
        windowed=True,
        guard=PinGuard({}),
    )
    ATTACHED.append(ops)
    ops.open_admin()
    with qtbot.waitSignal(ops.reload_worker.finished, timeout=30_000) as done:
        ops.reload_content()
    assert done.args == [Reloaded(["package:town-notices"], ["package:town-notices"])]
    assert "読めないパッケージ" in ops.admin.message.text()
    kept = [i for i in store.items(Category.NOTICES, "ja") if i.source_id == source.id]
    assert kept  # the last good pages are still there


def test_a_reload_and_a_sync_never_run_together_and_maintenance_waits(qtbot, window) -> None:
    """One writer at a time from the staff menu: a reload is refused while a sync runs and the
    other way round, a refused "sync now" keeps what the running one is to do next, and the
    nightly maintenance (vacuum, restart) waits for a running reload (review find)."""
    import threading

    ops = attach(qtbot, window)
    ops.open_admin()
    release = threading.Event()
    ops.reload_worker.run = lambda sources: release.wait(10) and []  # a slow folder
    synced: list[object] = []
    ops.sync_worker.run = lambda sources: synced.append(1) or []
    assert ops.reload_content() is True
    assert ops.sync_now() is False and synced == []
    assert "すでに読み直しています" in ops.admin.message.text()
    ops.run_maintenance()  # must not sync, vacuum or restart under the reload
    qtbot.wait(100)
    assert synced == [] and ops.sync_worker.busy is False
    with qtbot.waitSignal(ops.sync_worker.finished, timeout=10_000):
        release.set()  # the reload ends: then the maintenance's sync
    assert synced == [1]
    ops.sync_worker.busy = True  # a sync running: a reload is refused
    try:
        assert ops.reload_content() is False
    finally:
        ops.sync_worker.busy = False


def test_the_staff_menu_shows_how_the_sync_process_is_doing(qtbot, window) -> None:
    from PySide6.QtWidgets import QLabel

    class Restarted:  # a SyncProcess that had to be started again twice
        def state(self) -> tuple[str, int]:
            return "running", 2

    window.background_sync = Restarted()
    try:
        ops = attach(qtbot, window)
        ops.open_admin()
        texts = " ".join(label.text() for label in ops.admin.findChildren(QLabel))
        assert "裏での更新" in texts and "2 回動き直しました" in texts, texts
    finally:
        del window.background_sync


def test_a_sources_list_taller_than_the_view_can_be_read(qtbot, window) -> None:
    """The staff menu's sources are one label. Counted as one "line", a list taller than the
    view was hidden whole by the cover over lines the bottom edge cuts: 情報源 over a blank."""
    from kiosk.content.model import Source
    from kiosk.ui.widgets.scroll import ScrollPane

    for n in range(12):
        source = Source(f"town-{n}", "feed", f"http://127.0.0.1:9/{n}.rdf", Category.NOTICES)
        window.vms.store.record_failure(source, "expected a feed but got html content")
    window.setFixedSize(1280, 800)
    ops = attach(qtbot, window, windowed=True)
    ops.open_admin()
    ops.refresh_admin()
    qtbot.wait(50)
    label, pane = ops.admin.sources, ops.admin.findChild(ScrollPane)
    assert label.height() > pane.view.viewport().height()  # the case: taller than the view
    bar = pane.view.verticalScrollBar()
    bar.setValue(label.mapTo(pane.view.widget(), label.rect().topLeft()).y() - 100)
    qtbot.wait(50)
    top, bottom = pane.shown_band()
    label_top = label.mapTo(pane.view.widget(), label.rect().topLeft()).y()
    first_line = label.fontMetrics().height()
    assert bottom >= label_top + 3 * first_line, (top, bottom, label_top)  # lines are shown


def test_a_read_only_store_is_neither_synced_nor_reloaded(qtbot, window) -> None:
    """Issue 16's read-only store shows what it has; "sync now" and "Reload content" said
    "failed: attempt to write a readonly database" after trying. They now refuse at once and say
    why in the staff's words; the nightly maintenance still runs its other steps."""
    from kiosk.ops.recovery import ReadOnlyStore

    writable = window.vms.store
    writable._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store = ReadOnlyStore(writable.path)
    try:
        config = Config(None, {}, demo_sources(), demo=True)
        ops = Operations(window, config, store, windowed=True, guard=PinGuard({}))
        ATTACHED.append(ops)
        ops.open_admin()
        ran: list[str] = []
        ops.sync_worker.run = lambda sources: ran.append("sync") or []
        ops.reload_worker.run = lambda sources: ran.append("reload") or []
        assert ops.reload_content() is False
        assert "読み取り専用" in ops.admin.message.text()
        assert ops.sync_now(after=lambda: ran.append("after")) is False
        assert "同期も読み直しもできません" in ops.admin.message.text()
        assert not ops.reload_worker.busy and not ops.sync_worker.busy
        # The nightly maintenance: its sync is refused, and the restart still comes.
        ops.config = config.with_overrides(maintenance_restart=True)
        quits: list[int] = []
        ops.quit = quits.append
        ops.run_maintenance()
        assert quits == [EXIT_RESTART]
        assert ran == []  # nothing started a worker, and no refused call's "after" ran
    finally:
        store.close()
