"""The alert takeover in the real window (offscreen): over a page, OK back to it, banner, drill,
cancel and expiry — with real JMA/CAP documents and a clock the test moves."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from kiosk.config import demo_sources
from kiosk.content.alerts import AlertPolicy
from kiosk.content.model import Category, Source, SourceContent
from kiosk.content.readers.jmx import read_jmx
from kiosk.content.store import Store
from kiosk.content.sync import sync_all
from kiosk.ui.window import KioskWindow
from kiosk.viewmodels.screens import ViewModels
from tests.alertdata import (
    CANCEL_CHAIN_NOW,
    JST,
    NOTO_NOW,
    NOTO_TSUNAMI,
    TSUNAMI_CANCEL,
    jmx,
    jmx_original_for_cancel,
)

JMX_SOURCE = Source(id="jma", kind="jmx", location="-", category=Category.DISASTER)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "store.sqlite3") as store:
        sync_all(store, demo_sources())  # pages to be on, and the demo's drill alert
        yield store


@pytest.fixture
def make_window(qtbot, store):
    def make(clock: Clock, **policy) -> KioskWindow:
        vms = ViewModels(store, policy=AlertPolicy(**policy), clock=clock)
        window = KioskWindow(vms)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        return window

    return make


def load(store: Store, data: bytes, now: datetime) -> None:
    alerts = tuple(read_jmx(data, JMX_SOURCE.id))
    store.replace_source(SourceContent(JMX_SOURCE, alerts=alerts), now=now)


def open_some_page(window: KioskWindow) -> str:
    window.open_category(Category.HEALTH)
    key = window.category.visible_rows()[0].property("key")
    window.open_page(key)
    assert window.current.screen == "page"
    return key


def test_takeover_over_a_page_and_ok_returns_to_it(qtbot, store, make_window) -> None:
    window = make_window(Clock(NOTO_NOW), area_codes=("360",))
    key = open_some_page(window)
    load(store, jmx(NOTO_TSUNAMI), NOTO_NOW)
    with (
        qtbot.waitSignal(window.alert_screen.speak_requested) as spoken,
        qtbot.waitSignal(window.alert_screen.chimed),
    ):
        window.refresh()  # what sync does after writing the store
    assert window.current.screen == "alert"
    assert window.stack.currentWidget() is window.alert_screen
    texts = window.alert_screen.texts()
    assert texts[0] == "⚠ 大津波警報"
    assert texts[1] == "対象の地域：石川県能登"
    assert texts[2] == "発表：1月1日（月） 午後4時22分"  # one line, as the header (issue 20)
    assert "ただちに避難してください" in texts[3]
    assert "高台" in texts[4]
    text, lang = spoken.args
    assert lang == "ja" and text.startswith("大津波警報\n石川県能登")

    qtbot.mouseClick(window.alert_screen.ok_button, Qt.MouseButton.LeftButton)
    assert window.current.screen == "page" and window.current.argument == key
    window.check_alerts()  # shown once: the same warning does not interrupt again
    assert window.current.screen == "page"

    window.go_home()
    assert window.home.banner.isVisible()
    assert "大津波警報" in window.home.banner.texts()[0]
    qtbot.mouseClick(window.home.banner, Qt.MouseButton.LeftButton)
    assert window.current.screen == "alert"


def test_other_areas_do_not_take_over(store, make_window) -> None:
    window = make_window(Clock(NOTO_NOW), area_codes=("01",))  # Hokkaido municipalities
    load(store, jmx(NOTO_TSUNAMI), NOTO_NOW)
    window.refresh()
    assert window.current.screen == "home"
    assert not window.home.banner.isVisible()


def test_lower_severity_is_banner_and_category_only(qtbot, store, make_window) -> None:
    window = make_window(Clock(NOTO_NOW), area_codes=("101",))  # 津波予報 only
    load(store, jmx(NOTO_TSUNAMI), NOTO_NOW)
    window.refresh()
    assert window.current.screen == "home"
    assert window.home.banner.isVisible()
    # a forecast is not a 警報: the banner names the kind the document gives, nothing more
    assert window.home.banner_texts()[0] == "⚠ 津波予報　北海道太平洋沿岸中部"
    window.open_category(Category.DISASTER)
    first = window.category.visible_rows()[0]
    assert first.texts()[0] == "⚠ 津波予報　北海道太平洋沿岸中部"
    qtbot.mouseClick(first, Qt.MouseButton.LeftButton)
    assert window.current.screen == "alert"
    assert window.alert_screen.texts()[0] == "⚠ 津波予報"


def test_drill_never_takes_over_unless_allowed(store, make_window) -> None:
    # the demo's drill is dated when it is loaded (the store fixture, moments ago): now
    during_drill = Clock(datetime.now(JST))
    window = make_window(during_drill)
    window.check_alerts()
    assert window.current.screen == "home"
    assert window.home.banner.isVisible() and window.home.banner.property("drill")
    allowed = make_window(during_drill, drill_takeover=True)
    assert allowed.current.screen == "alert"
    assert allowed.alert_screen.texts()[0].startswith("⚠ 【訓練】")


def test_cancel_removes_takeover_and_banner(store, make_window) -> None:
    window = make_window(Clock(CANCEL_CHAIN_NOW), area_codes=("360",))
    load(store, jmx_original_for_cancel(), CANCEL_CHAIN_NOW)
    window.refresh()
    assert window.current.screen == "alert"
    load(store, jmx(TSUNAMI_CANCEL), CANCEL_CHAIN_NOW)  # the next sync: only the 取消
    window.refresh()
    assert window.current.screen == "home"
    assert not window.home.banner.isVisible()


def test_expired_alert_leaves_without_a_sync(store, make_window) -> None:
    clock = Clock(NOTO_NOW)
    window = make_window(clock, area_codes=("360",))
    load(store, jmx(NOTO_TSUNAMI), NOTO_NOW)
    window.refresh()
    assert window.current.screen == "alert"
    clock.now = NOTO_NOW + timedelta(hours=25)
    window.check_alerts()  # what the window's timer does
    assert window.current.screen == "home"
    assert not window.home.banner.isVisible()


def test_alert_screen_fits_at_largest_text(qtbot, store, tmp_path) -> None:
    clock = Clock(NOTO_NOW)
    vms = ViewModels(store, policy=AlertPolicy(area_codes=("360",)), clock=clock)
    window = KioskWindow(vms, text_size=3)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    load(store, jmx(NOTO_TSUNAMI), NOTO_NOW)
    window.refresh()
    screen = window.alert_screen
    qtbot.waitUntil(lambda: screen.ok_button.isVisible())
    # The band, OK button and scroll pane all inside the screen; OK at least target height.
    assert screen.ok_button.geometry().bottom() <= screen.height()
    assert screen.ok_button.height() >= window.metrics.target
    assert screen.band.geometry().height() < screen.height() // 2
    # Scrolled down to read: the half-minute check must not jump back to the top.
    bar = screen.scroll_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    qtbot.mouseClick(screen.scroll.down, Qt.MouseButton.LeftButton)
    position = bar.value()
    assert position > 0
    window.check_alerts()
    assert window.current.screen == "alert" and bar.value() == position


def test_a_takeover_comes_before_the_attract_screen_and_survives_the_idle_reset(
    qtbot, store, make_window
) -> None:
    from kiosk.ui.a11y.prefs import IdleTimes

    window = make_window(Clock(NOTO_NOW), area_codes=("tsunami:360",))
    visitor = window.visitor
    visitor.set_idle_times(IdleTimes(idle_ms=20, attract_ms=150, warning_s=20, tick_ms=2))
    try:
        qtbot.waitUntil(lambda: visitor.attract_screen.isVisible(), timeout=5000)
        load(store, jmx(NOTO_TSUNAMI), NOTO_NOW)  # 大津波警報 arrives with nobody at the kiosk
        window.check_alerts()
        assert window.current.screen == "alert"
        assert not visitor.attract_screen.isVisible()  # the warning shows, not the notice
        assert window.alert_screen.isVisible()
        window.read_aloud.controller.stop()  # (while it reads aloud the idle clock waits)
        resets: list[bool] = []
        visitor.visitor_reset.connect(lambda: resets.append(True))
        qtbot.waitUntil(lambda: len(resets) >= 1, timeout=10_000)  # idle: visitor forgotten…
        qtbot.wait(300)  # …and the attract time passes
        assert window.current.screen == "alert"  # …but the warning in force stays in view
        assert window.alert_screen.isVisible() and not visitor.attract_screen.isVisible()
        assert window.alert_screen.texts()[0] == "⚠ 大津波警報"
    finally:
        visitor.set_idle_times(None)
    qtbot.mouseClick(window.alert_screen.ok_button, Qt.MouseButton.LeftButton)
    assert window.current.screen == "home"  # OK still lets the person go on
