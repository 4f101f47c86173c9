"""After a visitor leaves (idle reset), the kiosk gives freed memory back (issue 17)."""

from __future__ import annotations

import platform

import pytest

from kiosk.config import Config, demo_sources
from kiosk.content.store import Store
from kiosk.ops import memory
from kiosk.ui import memory_care


@pytest.fixture
def kiosk_window(qtbot, demo_store: Store, monkeypatch: pytest.MonkeyPatch):
    """The window `kiosk run` builds (build_window), on the demo content."""
    from kiosk.ui.app import application, build_window

    monkeypatch.setattr(memory_care, "DELAY_MS", 50)
    application()
    window = build_window(Config(None, {}, demo_sources(), demo=True), demo_store)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    yield window
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.a11y.touch import TouchGuard

    for guard in window.findChildren(TouchGuard):  # app-wide filters: not into later tests
        QApplication.instance().removeEventFilter(guard)
    window.read_aloud.controller.shutdown()


def test_idle_reset_gives_memory_back_a_moment_later(qtbot, kiosk_window, monkeypatch) -> None:
    calls: list[str] = []
    real_give_back = memory.give_back

    def spy() -> bool:
        calls.append("trim")
        return real_give_back()

    monkeypatch.setattr(memory, "give_back", spy)
    care = kiosk_window.memory_care
    qtbot.wait(200)
    assert calls == [] and care.given_back == 0, "nothing given back before a visitor left"
    kiosk_window.visitor.reset_for_next_visitor()
    assert calls == [], "not in the reset itself: the screen repaints in the defaults first"
    qtbot.waitUntil(lambda: care.given_back == 1, timeout=10_000)
    assert calls == ["trim"]
    kiosk_window.visitor.reset_for_next_visitor()
    kiosk_window.visitor.reset_for_next_visitor()  # resets close together: one trim after them
    qtbot.waitUntil(lambda: care.given_back == 2, timeout=10_000)
    qtbot.wait(200)
    assert calls == ["trim", "trim"]


def test_a_language_change_gives_memory_back_once_after_the_last(qtbot, kiosk_window) -> None:
    from kiosk.i18n import set_language

    care = kiosk_window.memory_care
    for lang in ("ko", "zh-Hans", "en"):  # a visitor trying languages: one pass, after them
        kiosk_window.visitor.set_language_live(lang)
    qtbot.waitUntil(lambda: care.given_back == 1, timeout=10_000)
    qtbot.wait(200)
    assert care.given_back == 1
    set_language("ja")


def test_pictures_of_large_text_go_after_a_visitor_not_after_a_language(
    qtbot, kiosk_window
) -> None:
    from PySide6.QtGui import QPixmap, QPixmapCache

    from kiosk.ui.widgets import big_text

    care = kiosk_window.memory_care
    QPixmapCache.insert("hiroba-test", QPixmap(400, 100))
    label = big_label(qtbot)
    label.grab()  # its mask is kept
    assert big_text.kept_pictures()[0] >= 1
    kiosk_window.visitor.set_language_live("en")  # the visitor may come back to Japanese
    qtbot.waitUntil(lambda: care.given_back == 1, timeout=10_000)
    assert big_text.kept_pictures()[0] >= 1
    assert QPixmapCache.find("hiroba-test") is not None
    kiosk_window.visitor.reset_for_next_visitor()
    qtbot.waitUntil(lambda: care.given_back == 2, timeout=10_000)
    assert big_text.kept_pictures() == (0, 0), "the last visitor's pictures stayed"
    assert QPixmapCache.find("hiroba-test") is None


def big_label(qtbot):  # noqa: ANN201 - RubyLabel
    """A label whose text is past Qt's glyph cache (shown from a kept mask)."""
    from PySide6.QtGui import QFont

    from kiosk.fonts import FAMILIES
    from kiosk.ui.widgets.ruby import RubyLabel

    label = RubyLabel()
    font = QFont()
    font.setFamilies(list(FAMILIES))
    font.setPixelSize(90)
    label.setFont(font)
    label.set_ruby_text("避難所の一覧")
    label.resize(700, label.heightForWidth(700))
    qtbot.addWidget(label)
    return label


def font_resident_kib() -> int:
    """Resident KiB of this process's font-file mappings (/proc/self/smaps)."""
    total, in_font = 0, False
    with open("/proc/self/smaps", encoding="utf-8", errors="replace") as smaps:
        for line in smaps:
            head = line.split()
            if len(head) >= 5 and "-" in head[0] and ":" in head[3]:
                in_font = len(head) > 5 and head[5].lower().endswith(memory.FONT_SUFFIXES)
            elif in_font and line.startswith("Rss:"):
                total += int(line.split()[1])
    return total


def render(text: str, pixel_size: int):  # noqa: ANN201 - QImage
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    from kiosk.ui.fonts import kiosk_font

    image = QImage(1600, 900, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(kiosk_font(pixel_size))
    painter.setPen(QColor("black"))
    painter.drawText(image.rect(), Qt.TextFlag.TextWordWrap, text)
    painter.end()
    return image


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc (Linux) only")
def test_font_pages_are_dropped_and_text_renders_the_same_after(qapp) -> None:
    from kiosk.ui.app import application

    application()  # the kiosk's fonts
    # Japanese, Korean and Simplified Chinese (three faces' glyph data), Latin, symbols
    text = (
        "避難所の開設について。高齢者等避難を発令しました。"
        "대피소가 열렸습니다. 노인 등 대피를 시작하세요. "
        "避难所已开放。请老年人等尽快避难。Abrigo aberto. Nơi trú ẩn đã mở. ⚠ ⌂"
    )
    # 48 px glyphs come from Qt's glyph cache once drawn; above 64 px Qt draws each glyph
    # from its outline, read from the font file at every paint.
    before = [render(text, 48), render(text, 96)]
    blank = render("", 48)
    assert all(image != blank for image in before), "nothing drawn: nothing to compare"
    mapped = font_resident_kib()
    assert mapped > 256, "rendering read no font pages: nothing to measure"
    assert memory.release_font_pages() > 0
    assert font_resident_kib() < mapped / 4
    after = [render(text, 48), render(text, 96)]  # glyphs read back from the files
    # Same text, same ink, glyph cell by glyph cell: a glyph lost with its pages would leave its
    # cells blank. Not pixel for pixel: after other UI tests Qt may build the 96 px engine anew,
    # and outline-drawn text then differs in antialiasing across 1-2 % of the pixels (seen in a
    # fresh CI clone; the picture is the same text, the same shapes).
    for was, now in zip(before, after, strict=True):
        assert now != blank
        assert _cells_with_other_ink(was, now) == [], "text renders differently after the drop"


def _cells_with_other_ink(a, b, cell: int = 24) -> list[tuple[int, int]]:  # noqa: ANN001
    """The cell×cell blocks whose ink (darkness summed) differs by more than a third between
    two renders of one size; blocks with hardly any ink in both are not judged."""
    import numpy as np

    def ink(image):  # noqa: ANN001, ANN202
        data = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
        rgb = data.reshape(image.height(), image.bytesPerLine() // 4, 4)[:, : image.width(), :3]
        dark = 255.0 - rgb.mean(axis=2)
        h, w = (dark.shape[0] // cell) * cell, (dark.shape[1] // cell) * cell
        return dark[:h, :w].reshape(h // cell, cell, w // cell, cell).sum(axis=(1, 3))

    was, now = ink(a), ink(b)
    inked = np.maximum(was, now) > 0.05 * 255 * cell * cell
    other = np.abs(was - now) > np.maximum(was, now) / 3
    return [(int(y), int(x)) for y, x in zip(*np.nonzero(inked & other), strict=True)]


def test_the_last_visitors_calendars_go_after_a_visitor(qtbot, kiosk_window) -> None:
    from datetime import date

    import babel.localedata

    from kiosk.i18n.dates import format_day

    care = kiosk_window.memory_care
    assert format_day(date(2026, 12, 2), "en") == "Wednesday, December 2, 2026"
    assert "en" in babel.localedata._cache
    kiosk_window.visitor.reset_for_next_visitor()
    qtbot.waitUntil(lambda: care.given_back >= 1, timeout=10_000)
    assert babel.localedata._cache == {}
    assert format_day(date(2026, 12, 2), "ko") == "2026년 12월 2일 수요일"  # read again
