"""Issue 20: read-aloud on every screen — home, a category list, settings and an alert have the
page's button, in the same place and size; a press reads what that screen shows (plain text,
each piece in its own language); an alert opened from the home banner is read at once, and
leaving it or an idle reset stops it. The words stay on the button at 200 % on 1280×800."""

from __future__ import annotations

from itertools import pairwise

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication

from kiosk.content.phrases import BREAK_MARKS
from kiosk.i18n import gettext, set_language
from kiosk.speech.base import Audio
from kiosk.ui.a11y.prefs import Preferences
from kiosk.ui.app import navigate_to
from tests.speechplay import recorded, worker_silent

SCREENS = ("home", "category", "page", "settings", "howto", "alert")
WAIT_MS = 60_000  # an upper bound for a slow, shared machine; normally a second or two


@pytest.fixture(autouse=True)
def _japanese_afterwards():
    yield
    set_language("ja")  # the language is process-wide; the next test starts in Japanese


class Recorder:
    """Stands in for SpeechController.read: records every job it is given (no voice)."""

    def __init__(self, controller) -> None:  # noqa: ANN001
        self.controller = controller
        self.jobs: list[tuple[str, list[str]]] = []
        controller.read = self.read

    def read(self, sentences, lang, first=0, owner=None) -> None:  # noqa: ANN001
        self.controller.owner = owner
        self.jobs.append((lang, list(sentences)))

    def all_jobs(self) -> list[tuple[str, list[str]]]:
        """Let every job "finish", so the next language's job is sent too."""
        for _ in range(50):
            count = len(self.jobs)
            self.controller.finished.emit()
            if len(self.jobs) == count:
                break
        return self.jobs


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _press(qtbot, window) -> None:  # noqa: ANN001
    qtbot.mouseClick(window.read_aloud.bar.read_button, Qt.MouseButton.LeftButton)


def _spoken(jobs) -> list[str]:  # noqa: ANN001
    return [sentence for _lang, sentences in jobs for sentence in sentences]


def _assert_plain(jobs) -> None:  # noqa: ANN001
    for sentence in _spoken(jobs):
        assert not set(sentence) & set(BREAK_MARKS), repr(sentence)
        assert not set(sentence) & set("⚠✓▶↺"), repr(sentence)


@pytest.mark.parametrize("lang", ["ja", "en", "pt-BR"])
@pytest.mark.parametrize("size,step", [((1280, 800), 3), ((1920, 1080), 1)])
def test_the_button_is_on_every_screen_in_one_place_with_its_words(
    qtbot, window, lang, size, step
) -> None:
    window.setFixedSize(*size)
    window.apply_preferences(Preferences(text_size=step, lang=lang))
    button = window.read_aloud.bar.read_button
    places: dict[tuple, str] = {}
    for screen in SCREENS:
        navigate_to(window, screen)
        _settle()
        assert button.isVisible(), screen
        expected = {"page": "Read this page aloud", "alert": "Read this alert aloud"}.get(
            screen, "Read this screen aloud"
        )
        assert button.accessibleName() == gettext(expected, lang), screen
        # the words, not "▶" alone (an older reader may not know what ▶ means), unclipped
        assert button.text() == "▶ " + gettext("Read aloud", lang), (screen, button.text())
        needed = button.fontMetrics().horizontalAdvance(button.text())
        assert button.contentsRect().width() >= needed, (screen, lang, size)
        assert button.height() >= window.metrics.target - 1
        places[QRect(button.mapTo(window, QPoint(0, 0)), button.size()).getRect()] = screen
        if screen == "alert":  # OK beside the bar: its label fits (it shrinks if it must)
            ok = window.alert_screen.ok_button
            needed = ok.fontMetrics().horizontalAdvance(ok.text())
            assert ok.contentsRect().width() >= needed, (lang, size, ok.text())
            assert ok.font().pixelSize() >= 40 and ok.height() >= window.metrics.target
    assert len(places) == 1, places


@pytest.mark.parametrize(
    "lang,voices",
    # pt-BR: the demo alert has no Portuguese text: the banner goes to the Japanese voice
    # (without a second drill marker: it says 訓練 itself), the tiles to the Portuguese one
    [("ja", ["ja"]), ("en", ["en"]), ("pt-BR", ["ja", "pt-BR"])],
)
def test_home_reads_the_banner_and_every_tile(qtbot, window, lang, voices) -> None:
    window.apply_preferences(Preferences(lang=lang))
    recorder = Recorder(window.read_aloud.controller)
    navigate_to(window, "home")
    _press(qtbot, window)
    jobs = recorder.all_jobs()
    assert [job_lang for job_lang, _ in jobs] == voices
    assert gettext("Drill", lang) not in _spoken(jobs)
    spoken = _spoken(jobs)
    vm = window.home.vm
    # the banner first (without its ⚠), then each tile: title, description, in menu order
    assert vm.banner is not None and vm.banner.text.split("　")[0] in spoken[0]
    tiles = [text for tile in vm.tiles for text in (tile.label, tile.description)]
    assert [s for s in spoken if s in tiles] == tiles
    _assert_plain(jobs)


def test_category_reads_its_rows_each_in_its_own_language(qtbot, window) -> None:
    """Under Portuguese the demo's titles are Japanese (no Portuguese pages): the titles go to
    the Japanese voice, title and dates to the Portuguese one; no title is said twice
    (furigana on: the readings are painted, never spoken)."""
    from kiosk.ui.screen_speech import plain

    window.apply_preferences(Preferences(lang="pt-BR", furigana=True))
    recorder = Recorder(window.read_aloud.controller)
    navigate_to(window, "category")
    _press(qtbot, window)
    jobs = recorder.all_jobs()
    vm = window.category.vm
    assert vm.rows and jobs[0] == ("pt-BR", [vm.title])
    assert any(row.lang == "ja" for row in vm.rows)  # the demo has Japanese-only pages
    expected: list[tuple[str, str]] = []
    for row in vm.rows:
        expected.append((row.lang, plain(row.title)))
        if row.lang == "pt-BR" and row.date_text:
            expected.append(("pt-BR", row.date_text))
    said = [(lang, s) for lang, sentences in jobs[1:] for s in sentences]
    # a title of several sentences is split; joined again they are the title
    assert "".join(s for _, s in said).replace(" ", "") == "".join(
        text for _, text in expected
    ).replace(" ", "")
    for lang, sentence in said:
        row = next((r for r in vm.rows if sentence in r.title), None)
        if row is not None:
            assert lang == row.lang, sentence
    # neighbours in one language are one job: languages alternate from job to job
    assert all(a[0] != b[0] for a, b in pairwise(jobs))
    _assert_plain(jobs)


@pytest.mark.parametrize(
    "lang,size_line",
    [
        ("en", "Text size. You can choose Normal, Large, Largest. Now: Largest."),
        ("ja", "文字の大きさ。ふつう、大きい、いちばん大きいから選べます。"),
    ],
)
def test_settings_reads_what_it_offers_and_what_is_chosen(qtbot, window, lang, size_line) -> None:
    window.apply_preferences(Preferences(lang=lang, text_size=3))
    recorder = Recorder(window.read_aloud.controller)
    navigate_to(window, "settings")
    _press(qtbot, window)
    jobs = recorder.all_jobs()
    assert [job_lang for job_lang, _ in jobs] == [lang]
    spoken = "".join(_spoken(jobs)).replace(".", ". ").replace("  ", " ")
    assert size_line in spoken, spoken
    speed = gettext("Reading-aloud speed", lang)
    assert speed in spoken  # the speed is a choice here (the bar may have no room for it)
    # the language in use is said, in the words the screen shows (one voice cannot read the
    # other languages' names)
    sentences = _spoken(jobs)
    after = sentences[sentences.index(gettext("Language", lang) + ("。" if lang == "ja" else "."))]
    now = sentences[sentences.index(after) + 1]
    assert now == ("Now: English." if lang == "en" else "いまは「日本語」です。")
    _assert_plain(jobs)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_howto_reads_each_button_it_explains(qtbot, window, lang) -> None:
    window.apply_preferences(Preferences(lang=lang))
    recorder = Recorder(window.read_aloud.controller)
    navigate_to(window, "howto")
    _settle()
    _press(qtbot, window)
    jobs = recorder.all_jobs()
    assert [job_lang for job_lang, _ in jobs] == [lang]
    spoken = " ".join(_spoken(jobs))
    howto = window.visitor.howto
    assert _spoken(jobs)[0].startswith(gettext("How to use", lang))
    assert gettext("Practice (try it out)", lang) in spoken
    joined = "".join(spoken.split())  # sentences are spoken one by one
    for key in ("back", "home", "read", "settings"):
        assert "".join(howto.texts[key].text().split()) in joined, key
    # the scroll buttons are drawn symbols: the voice says their names instead
    up = gettext("Scroll up", lang)
    assert any(s.startswith(up + ("：" if lang == "ja" else ":")) for s in _spoken(jobs)), spoken
    assert "▲" not in spoken and "★" not in spoken
    assert not any(s.lstrip()[:1] in ":：" for s in _spoken(jobs)), spoken
    _assert_plain(jobs)


def test_alert_button_reads_the_whole_alert_in_its_own_language(qtbot, window) -> None:
    window.apply_preferences(Preferences(lang="en"))
    recorder = Recorder(window.read_aloud.controller)
    navigate_to(window, "alert")
    vm = window.alert_screen.vm
    assert vm.speech_lang in ("ja", "en")
    _press(qtbot, window)
    jobs = recorder.all_jobs()
    assert [lang for lang, _ in jobs] == [vm.speech_lang]
    joined = "".join("".join(_spoken(jobs)).split())  # sentences, without any spaces
    for part in vm.speech:  # event, area, headline, instruction, description: all of it
        assert "".join(part.split()) in joined
    assert vm.instruction and "".join(vm.instruction.split()) in joined  # what to do
    _assert_plain(jobs)


def test_japanese_alert_under_english_is_read_by_the_japanese_voice() -> None:
    """The real Noto tsunami warning (JMA XML, Japanese only) under an English screen."""
    from kiosk.content.readers.jmx import read_jmx
    from kiosk.viewmodels.alerts import alert_vm
    from tests.alertdata import NOTO_TSUNAMI, jmx

    alert = read_jmx(jmx(NOTO_TSUNAMI))[0]
    vm = alert_vm(alert, "en")
    assert vm.speech_lang == "ja"
    assert vm.speech_text().split("\n")[0] == alert.text("event", "ja")
    assert alert_vm(alert, "ja").speech_text() == vm.speech_text()


def test_speed_moves_to_settings_when_the_bar_has_no_room(qtbot, window) -> None:
    window.setFixedSize(1280, 800)
    window.apply_preferences(Preferences(text_size=3))
    ra = window.read_aloud
    navigate_to(window, "page")
    _settle()
    ra.bar.show_state("reading", "normal")
    assert ra.bar.without_speed and not ra.bar.speed_button.isVisible()
    navigate_to(window, "settings")
    _settle()
    fast = window.visitor.settings.groups["speed"]["fast"]
    window.visitor.settings.area.ensureWidgetVisible(fast)
    qtbot.mouseClick(fast, Qt.MouseButton.LeftButton)
    assert ra.controller.rate == "fast" and fast.isChecked()
    window.visitor.reset_for_next_visitor()
    assert ra.controller.rate == ra.default_rate == "normal"
    assert window.visitor.settings.groups["speed"]["normal"].isChecked()
    # the bar's speed button (where it fits) and settings show one speed
    ra.next_rate()
    assert ra.controller.rate == "fast"
    assert window.visitor.settings.groups["speed"]["fast"].isChecked()
    window.visitor.settings.reset_button.click()  # "back to the usual settings"
    assert ra.controller.rate == "normal"


@pytest.fixture
def voiced(window, tmp_path):
    """The real worker and voices; the loudspeaker replaced (in the worker) by a player that
    keeps time and writes every piece it was given to tmp_path/heard."""
    controller = window.read_aloud.controller
    heard = tmp_path / "heard"
    controller.player = f"record:8:{heard}"
    yield window, heard
    controller.shutdown()


def test_banner_opens_the_alert_read_aloud_once_and_ok_stops_it(qtbot, voiced, tmp_path) -> None:
    window, heard_dir = voiced
    ra, controller = window.read_aloud, window.read_aloud.controller
    window.go_home()
    assert window.home.banner.isVisible()
    qtbot.mouseClick(window.home.banner, Qt.MouseButton.LeftButton)
    assert window.current.screen == "alert"
    vm = window.alert_screen.vm
    assert controller.owner is ra and controller.state == "starting"
    assert ra.parts == [(vm.speech_lang, ra.parts[0][1])]
    assert "".join(ra.parts[0][1]) == vm.speech_text().replace("\n", "")
    qtbot.waitUntil(lambda: controller.state == "reading", timeout=WAIT_MS)
    job = controller._job
    window.refresh()  # a sync or the half-minute alert check re-renders: not read again
    assert controller._job == job and controller.state in ("reading", "paused")
    # the button shows it is reading, in the bar's one place, and pauses
    assert ra.bar.read_button.property("state") == "reading"
    qtbot.waitUntil(lambda: controller.state == "idle", timeout=WAIT_MS)
    # what the voice said: real synthesis, measured from the samples it sent to the speaker
    audio = recorded(heard_dir)
    (tmp_path / "alert.wav").write_bytes(audio.to_wav())
    heard = Audio.from_wav((tmp_path / "alert.wav").read_bytes())
    assert heard.duration > 2.0 and heard.rms() > 0.02, (heard.duration, heard.rms())

    window.go_home()
    qtbot.mouseClick(window.home.banner, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.state == "reading", timeout=WAIT_MS)
    qtbot.mouseClick(window.alert_screen.ok_button, Qt.MouseButton.LeftButton)
    assert window.current.screen != "alert"
    assert controller.state == "idle" and worker_silent(qtbot, controller)


def test_idle_reset_stops_the_alert_and_a_list_read_goes_through_the_worker(qtbot, voiced) -> None:
    window, _heard = voiced
    controller = window.read_aloud.controller
    window.go_home()
    qtbot.mouseClick(window.home.banner, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.state == "reading", timeout=WAIT_MS)
    window.visitor.reset_for_next_visitor()
    assert controller.state == "idle" and worker_silent(qtbot, controller)
    assert window.current.screen == "home"
    # home read by the real worker: every job's sentences reach the speaker
    _press(qtbot, window)
    qtbot.waitUntil(lambda: controller.state == "reading", timeout=WAIT_MS)
    assert controller.engine_used == "openjtalk"
    _press(qtbot, window)  # pause
    assert controller.state == "paused"
    navigate_to(window, "category")  # leaving stops
    assert controller.state == "idle"


def test_listening_is_not_idleness(qtbot, voiced) -> None:
    # A resident listening to a page sits still: the idle warning used to come up (and the
    # reset stop the voice) while the kiosk was still reading.
    from kiosk.ui.a11y.prefs import IdleTimes

    window, _heard = voiced
    controller, visitor = window.read_aloud.controller, window.visitor
    window.go_home()
    visitor.set_idle_times(IdleTimes(idle_ms=150, attract_ms=60_000, warning_s=20, tick_ms=5))
    warned_while_reading: list[str] = []
    visitor.idle.warn.connect(lambda _s: warned_while_reading.append(controller.state))
    _press(qtbot, window)
    qtbot.waitUntil(lambda: controller.state == "reading", timeout=WAIT_MS)
    qtbot.wait(600)  # four idle times, hands in the lap
    assert controller.state == "reading" and visitor.idle.held
    assert warned_while_reading == []
    controller.stop()  # the reading ends: the clock runs again from here
    qtbot.waitUntil(lambda: bool(warned_while_reading), timeout=5000)
    assert warned_while_reading == ["idle"]
    visitor.set_idle_times(None)
