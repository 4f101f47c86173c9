"""Text larger than Qt's glyph cache (80–96 px at 200 %) is drawn once and then shown from a
picture (kiosk/ui/widgets/big_text.py): the picture looks exactly like drawing directly, a
label shown again is not drawn again, any change of text, size or readings is a new picture —
never a stale one — and a new colour is filled into the same one."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QFont, QImage, QPalette
from PySide6.QtWidgets import QApplication

from kiosk.fonts import FAMILIES
from kiosk.ui.app import application
from kiosk.ui.widgets import big_text
from kiosk.ui.widgets.ruby import RubyLabel

TEXT = "防災・気象の情報を確かめましょう"
PAIRS = (
    ("防災", "ぼうさい"),
    ("・", ""),
    ("気象", "きしょう"),
    ("の", ""),
    ("情報", "じょうほう"),
    ("を", ""),
    ("確", "たし"),
    ("かめましょう", ""),
)


def _label(qtbot, px: int, text: str = TEXT) -> RubyLabel:
    application()
    label = RubyLabel()
    font = QFont()
    font.setFamilies(list(FAMILIES))
    font.setPixelSize(px)
    font.setBold(True)
    label.setFont(font)
    label.set_ruby_text(text)
    label.resize(900, label.heightForWidth(900))
    qtbot.addWidget(label)
    label.show()
    qtbot.waitExposed(label)
    return label


def _draws(label: RubyLabel, monkeypatch) -> list[int]:
    """Count the label's real text drawing (what the picture saves)."""
    calls: list[int] = []
    real = RubyLabel._draw

    def counting(self, painter, colour):  # noqa: ANN001, ANN202
        if self is label:
            calls.append(1)
        return real(self, painter, colour)

    monkeypatch.setattr(RubyLabel, "_draw", counting)
    return calls


def _image(label: RubyLabel) -> QImage:
    return label.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def _direct(label: RubyLabel, monkeypatch) -> QImage:
    with monkeypatch.context() as m:
        m.setattr("kiosk.ui.widgets.ruby.drawn_from_outlines", lambda font, ratio=1.0: False)
        return _image(label)


def test_qt_draws_the_kiosks_200_percent_sizes_from_outlines() -> None:
    """The premise: 80 px is past Qt's glyph cache, 64 px (body at 200 %) within it."""
    big, body = QFont(), QFont()
    big.setPixelSize(80)
    body.setPixelSize(64)
    assert big_text.drawn_from_outlines(big) and not big_text.drawn_from_outlines(body)


def test_large_text_is_drawn_once_and_looks_the_same(qtbot, monkeypatch) -> None:
    label = _label(qtbot, 80)
    calls = _draws(label, monkeypatch)
    first = _image(label)
    for _ in range(3):
        again = _image(label)
        assert again == first
    assert len(calls) == 1  # the three repaints came from the picture
    assert _direct(label, monkeypatch) == first  # pixel for pixel what direct drawing gives
    assert len(calls) == 2


@pytest.mark.parametrize("centred", [False, True])
@pytest.mark.parametrize("readings", [False, True])
def test_the_picture_is_only_as_wide_as_the_ink_and_cuts_nothing(
    qtbot, monkeypatch, centred, readings
) -> None:
    """A short title on a wide label: the picture covers its words, not the label (memory),
    and still shows every pixel direct drawing does — readings and centred lines included."""
    from PySide6.QtCore import Qt

    label = _label(qtbot, 96, "防災・気象")
    label.resize(1600, label.height())
    if readings:
        label.set_ruby_text("防災・気象", furigana=True, ruby=PAIRS[:3])
    if centred:
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
    label.resize(1600, label.heightForWidth(1600))
    QApplication.processEvents()
    left, right = label._ink_columns()
    assert right - left < 800  # five characters of 96 px and their margins, not 1,600 px
    assert _image(label) == _direct(label, monkeypatch)


def test_small_text_is_drawn_directly_every_time(qtbot, monkeypatch) -> None:
    label = _label(qtbot, 32)
    calls = _draws(label, monkeypatch)
    for _ in range(3):
        _image(label)
    assert len(calls) == 3


@pytest.mark.parametrize("change", ["text", "colour", "readings", "size", "font"])
def test_any_change_is_a_new_picture(qtbot, monkeypatch, change) -> None:
    label = _label(qtbot, 80)
    before = _image(label)
    if change == "text":
        label.set_ruby_text("介護保険料の納付について")
    elif change == "colour":
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#b00020"))
        label.setPalette(palette)
    elif change == "readings":
        label.set_ruby_text(TEXT, furigana=True, ruby=PAIRS)
        label.resize(900, label.heightForWidth(900))
    elif change == "size":
        label.resize(600, label.heightForWidth(600))
    else:
        font = label.font()
        font.setPixelSize(96)
        label.setFont(font)
        label.resize(900, label.heightForWidth(900))
    QApplication.processEvents()
    after = _image(label)
    assert after != before
    assert after == _direct(label, monkeypatch)  # and it is the new look, not a mix


def test_new_margins_are_a_new_layout_and_picture(qtbot, monkeypatch) -> None:
    """A style sheet's border or padding changes a label's margins, not its text: what was laid
    out with the old margins (height, the ink's width) must not be used again (review find)."""
    label = _label(qtbot, 80)
    label.resize(1400, 100)
    label.setContentsMargins(500, 0, 0, 0)
    label.resize(1400, label.heightForWidth(1400))
    _image(label)
    label.setContentsMargins(0, 0, 0, 0)
    label.resize(1400, label.heightForWidth(1400))
    QApplication.processEvents()
    fresh = _label(qtbot, 80)
    assert label.heightForWidth(1400) == fresh.heightForWidth(1400)
    assert _image(label) == _direct(label, monkeypatch)  # the whole line, nothing cut off


def test_phrase_breaks_follow_the_texts_language(qtbot) -> None:
    """Laid out while another language is current, then set again in its own language: the
    lines break where a label made in that language breaks them (review find)."""
    from kiosk.i18n import set_language

    text = "市民防災気象情報提供開始時刻一覧避難所開設状況確認方法案内地域防災計画概要説明資料"
    set_language("ja")
    label = _label(qtbot, 48, text)
    set_language("zh-Hans")
    label.lines(650)
    set_language("ja")
    label.set_ruby_text(text)
    assert label.lines(650) == _label(qtbot, 48, text).lines(650)


def test_pictures_start_on_a_whole_device_pixel() -> None:
    """At a fractional scale a picture placed between device pixels would put its text a
    fraction off where direct drawing puts it (review find: 11,000 pixels at 125 %)."""
    assert big_text._whole_device_pixel(5, 1.0) == 5
    assert big_text._whole_device_pixel(5, 1.25) == 4  # 4 × 1.25 = 5 device pixels
    assert big_text._whole_device_pixel(7, 1.5) == 6
    assert all(
        (big_text._whole_device_pixel(x, r) * r).is_integer()
        for x in range(0, 200)
        for r in (1.0, 1.25, 1.5, 1.75, 2.0)
    )


def test_a_picture_keeps_one_byte_a_pixel_and_a_new_colour_reuses_it(qtbot, monkeypatch) -> None:
    """Only the text's coverage is kept (issue 17: memory), and a theme's new colour is filled
    into the same mask: not drawn again, still pixel for pixel what direct drawing gives."""
    big_text.forget_pictures()
    label = _label(qtbot, 80)
    calls = _draws(label, monkeypatch)
    _image(label)
    count, kept = big_text.kept_pictures()
    left, right = label._ink_columns()
    width = right - big_text._whole_device_pixel(left, 1.0)
    one_byte = QImage(width, label.height(), QImage.Format.Format_Alpha8).sizeInBytes()
    assert (count, kept) == (1, one_byte)
    for colour in ("#b00020", "#ffffff", "#1a3c7a"):
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
        label.setPalette(palette)
        assert _image(label) == _direct(label, monkeypatch)
    assert len(calls) == 1 + 3  # the first mask, then only the three direct drawings compared
    assert big_text.kept_pictures()[0] == 1


def test_pictures_beyond_the_budget_go_least_recently_used_first(qtbot, monkeypatch) -> None:
    first, second, third = (
        _label(qtbot, 80, text) for text in ("防災の情報", "介護の保険", "子育ての話")
    )
    big_text.forget_pictures()  # after they were shown (showing paints them)
    _image(first)
    one = big_text.kept_pictures()[1]
    monkeypatch.setattr(big_text, "PICTURE_BUDGET", int(one * 2.5))
    _image(second)
    _image(first)  # used again: now the most recent
    _image(third)  # over budget: the second goes
    calls = _draws(first, monkeypatch)
    _image(first)
    assert calls == []  # still kept
    assert big_text.kept_pictures()[0] == 2
    assert big_text.kept_pictures()[1] <= big_text.PICTURE_BUDGET
    assert big_text.forget_pictures() > 0 and big_text.kept_pictures() == (0, 0)


def test_a_mask_larger_than_half_the_budget_is_shown_but_not_kept(qtbot, monkeypatch) -> None:
    label = _label(qtbot, 80)
    big_text.forget_pictures()
    monkeypatch.setattr(big_text, "PICTURE_BUDGET", 1000)  # smaller than any title's mask
    assert _image(label) == _direct(label, monkeypatch)
    assert big_text.kept_pictures() == (0, 0)
