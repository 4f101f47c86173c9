"""Ruby (furigana) by the rules (JIS X 4051 / W3C JLReq, issue 20): every reading centred over
its base, never clipped, never touching another reading, at least half the base's size, and
clear of the line above — measured on the laid-out text (Qt's own glyph positions) and on
rendered pixels, for the words the tester reported and for every real demo page, at text
sizes 1–3 on 1280×800 and 1920×1080."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QTextCursor, QTextLine
from PySide6.QtWidgets import QApplication

from kiosk.content.model import Category
from kiosk.content.phrases import BREAK_MARKS, strip_breaks
from kiosk.fonts import FAMILIES
from kiosk.ui.a11y.prefs import Preferences
from kiosk.ui.app import navigate_to
from kiosk.ui.theme import Metrics
from kiosk.ui.widgets.ruby import RubyLabel
from kiosk.ui.widgets.ruby_reader import RubyHtml, RubyReader

# The tester's words: a group reading wider than... nearly its base (生年月日), two readings
# side by side (歳 + 以上), one kanji under three and five kana, okurigana in between.
TEXT = "生年月日と、65歳以上の方は頭を守り、情報を承ります。"
PAIRS = (
    ("生年月日", "せいねんがっぴ"),
    ("と、65", ""),
    ("歳", "とし"),
    ("以上", "いじょう"),
    ("の", ""),
    ("方", "かた"),
    ("は", ""),
    ("頭", "あたま"),
    ("を", ""),
    ("守", "まも"),
    ("り、", ""),
    ("情報", "じょうほう"),
    ("を", ""),
    ("承", "うけたまわ"),
    ("ります。", ""),
)
SIZES = (1, 2, 3)
SCREENS = ((1280, 800), (1920, 1080))


def _font(px: int) -> QFont:
    font = QFont()
    font.setFamilies(list(FAMILIES))
    font.setPixelSize(px)
    return font


def _glyph_span(line: QTextLine, chars: tuple[int, ...]) -> tuple[float, float]:
    """Left and right of the base's glyphs (their own advances, spacing not included), as Qt
    positioned them: independent of how the widget computed where to paint the reading."""
    lefts, rights = [], []
    for run in line.glyphRuns(chars[0], chars[-1] + 1 - chars[0]):
        advances = run.rawFont().advancesForGlyphIndexes(run.glyphIndexes())
        for position, advance in zip(run.positions(), advances, strict=True):
            if advance.x() > 0.5:  # the invisible break marks have no advance
                lefts.append(position.x())
                rights.append(position.x() + advance.x())
    assert lefts, chars
    return min(lefts), max(rights)


def _glyph_bottom(line: QTextLine) -> float:
    return line.y() + line.ascent() + line.descent()


def _assert_rules(boxes, base_px_of, glyphs_of, above_of, width: float, where: object) -> None:  # noqa: ANN001
    """The rules on ``boxes`` (widget coordinates). ``glyphs_of(box)``: (left, right) of its
    base's glyphs; ``above_of(box)``: bottom of the glyphs of the line above, or None."""
    assert boxes, where
    for box in boxes:
        left, right = glyphs_of(box)
        centre = (left + right) / 2
        assert abs(box.ruby.center().x() - centre) <= 1.0, (
            where,
            box.reading,
            box.ruby,
            left,
            right,
        )
        assert box.ruby.left() >= -0.01 and box.ruby.right() <= width + 0.01, (where, box.reading)
        assert box.px >= 0.5 * base_px_of(box), (where, box.reading, box.px)
        above = above_of(box)
        if above is not None:
            assert box.ruby.top() >= above - 0.01, (where, box.reading, box.ruby.top(), above)
        assert box.ruby.bottom() <= box.base.top() + 0.01, (where, box.reading)
    for a, b in itertools.combinations(boxes, 2):
        if abs(a.ruby.top() - b.ruby.top()) < 1 and a.ruby.left() <= b.ruby.left():
            assert b.ruby.left() - a.ruby.right() >= 1.0, (
                where,
                a.reading,
                b.reading,
                a.ruby,
                b.ruby,
            )


def _label_rules(label: RubyLabel, where: object) -> None:
    layout = label.text_layout()
    margins = label.contentsMargins()
    usable = label.width() - margins.left() - margins.right()
    centred = bool(label.alignment() & Qt.AlignmentFlag.AlignHCenter)

    def shift(box) -> float:  # noqa: ANN001
        line = layout.lineAt(box.line)
        return margins.left() + ((usable - line.naturalTextWidth()) / 2 if centred else 0.0)

    def glyphs(box) -> tuple[float, float]:  # noqa: ANN001
        left, right = _glyph_span(layout.lineAt(box.line), box.chars)
        return left + shift(box), right + shift(box)

    def above(box) -> float | None:  # noqa: ANN001
        return _glyph_bottom(layout.lineAt(box.line - 1)) + margins.top() if box.line else None

    px = label.font().pixelSize()
    _assert_rules(label.ruby_boxes(), lambda _b: px, glyphs, above, label.width(), where)
    for box in label.ruby_boxes():  # the first line's readings are inside the label too
        assert box.ruby.top() >= -0.01, (where, box.reading)


def _reader_rules(reader: RubyReader, where: object) -> None:
    document = reader.document()
    scroll_y = reader.verticalScrollBar().value()

    def place(position: int):  # noqa: ANN202 - (block, line, origin y)
        block = document.findBlock(position)
        line = block.layout().lineForTextPosition(position - block.position())
        rect = document.documentLayout().blockBoundingRect(block)
        return block, line, rect

    def glyphs(box) -> tuple[float, float]:  # noqa: ANN001
        block, line, rect = place(box.chars[0])
        left, right = _glyph_span(line, tuple(c - block.position() for c in box.chars))
        return left + rect.left(), right + rect.left()

    lines = []  # every line's glyph box, in viewport coordinates
    block = document.begin()
    while block.isValid():
        rect = document.documentLayout().blockBoundingRect(block)
        layout = block.layout()
        for index in range(layout.lineCount() if layout else 0):
            line = layout.lineAt(index)
            left = rect.left() + line.x()
            top = rect.top() + line.y() - scroll_y
            lines.append(
                (
                    left,
                    left + line.naturalTextWidth(),
                    top,
                    _glyph_bottom(line) + rect.top() - scroll_y,
                )
            )
        block = block.next()

    def above(box) -> float | None:  # noqa: ANN001
        """The lowest glyph bottom of the lines above the base that the reading is over."""
        bottoms = [
            bottom
            for left, right, top, bottom in lines
            if top < box.base.top() - 0.5 and left < box.ruby.right() and right > box.ruby.left()
        ]
        return max(bottoms, default=None)

    boxes = reader.ruby_boxes()
    _assert_rules(
        boxes,
        lambda box: _px_at(reader, box.chars[0]),
        glyphs,
        above,
        reader.viewport().width(),
        where,
    )
    for box in boxes:  # the first line's readings fit in the document's top margin
        assert box.ruby.top() + scroll_y >= -0.01, (where, box.reading)


def _px_at(reader: RubyReader, position: int) -> int:
    """The pixel size of the document's text at ``position``."""
    cursor = QTextCursor(reader.document())
    cursor.setPosition(position + 1)
    size = cursor.charFormat().font().pixelSize()
    return size if size > 0 else reader.font().pixelSize()


# --- the tester's words, in a label ----------------------------------------------------------


@pytest.mark.parametrize("step", SIZES)
def test_label_ruby_centred_unclipped_apart_at_every_width(qtbot, step) -> None:
    metrics = Metrics.for_step(step)
    for px in sorted({metrics.body, metrics.title, metrics.tile, metrics.small, metrics.chrome}):
        label = RubyLabel()
        qtbot.addWidget(label)
        label.setFont(_font(px))
        label.set_ruby_text(TEXT, True, PAIRS)
        assert label.has_ruby()
        # from one long line down to lines of five characters: readings at line starts/ends
        for chars in (40, 17, 11, 8, 5):
            width = px * chars + 7
            label.resize(width, label.heightForWidth(width))
            assert "".join(label.lines()) == TEXT
            _label_rules(label, (px, chars))
            readings = "".join(box.reading for box in label.ruby_boxes())
            assert readings == "".join(r for _b, r in PAIRS)  # every reading, whole


def _label(qtbot, text: str, pairs, px: int = 32) -> RubyLabel:  # noqa: ANN001
    label = RubyLabel()
    qtbot.addWidget(label)
    label.setFont(_font(px))
    label.set_ruby_text(text, True, pairs)
    label.resize(px * 20, 200)
    return label


def test_wider_reading_spreads_its_base_or_overhangs_kana_by_half_a_ruby_char(qtbot) -> None:
    """承 (one kanji) under うけたまわ (five kana at half size, 80 px over 32 px): between
    kanji, the base is spread so the reading clears both neighbours; next to kana the
    reading may reach over them by at most half a reading character (JLReq), no more."""
    between_kanji = _label(qtbot, "謹承致", [("謹", ""), ("承", "うけたまわ"), ("致", "")])
    (box,) = between_kanji.ruby_boxes()
    layout = between_kanji.text_layout()  # (kept: its lines live as long as it does)
    line = layout.lineAt(0)
    assert box.ruby.width() >= 5 * 16
    assert _glyph_span(line, (0,))[1] <= box.ruby.left() + 0.01  # 謹 ends before it
    assert _glyph_span(line, (box.chars[-1] + 2,))[0] >= box.ruby.right() - 0.01  # 致 after
    next_to_kana = _label(qtbot, "お承り", [("お", ""), ("承", "うけたまわ"), ("り", "")])
    (box,) = next_to_kana.ruby_boxes()
    layout = next_to_kana.text_layout()
    line = layout.lineAt(0)
    o_right = _glyph_span(line, (box.chars[0] - 2,))[1]
    ri_left = _glyph_span(line, (box.chars[-1] + 2,))[0]
    assert 0 < o_right - box.ruby.left() <= 8.01  # over お by half a reading character
    assert 0 < box.ruby.right() - ri_left <= 8.01  # and over り
    plain = RubyLabel("謹承致")
    qtbot.addWidget(plain)
    plain.setFont(_font(32))
    assert plain.sizeHint().width() < between_kanji.sizeHint().width() - 40


def test_a_reading_never_splits_its_base_over_two_lines(qtbot) -> None:
    """体外 is two BudouX phrases (体｜外), but one ruby base: no line break inside it."""
    label = RubyLabel()
    qtbot.addWidget(label)
    label.setFont(_font(48))
    text = "AED（自動体外式除細動器）があります。"
    pairs = [("AED（", ""), ("自動", "じどう"), ("体外", "たいがい"), ("式", "しき"),
             ("除", "じょ"), ("細動器", "さいどうき"), ("）があります。", "")]  # fmt: skip
    label.set_ruby_text(text, True, pairs)
    for chars in range(5, 16):
        label.resize(48 * chars + 5, 400)
        lines = label.lines()
        assert "".join(lines) == text
        assert all(not line.endswith(("体", "細", "細動")) for line in lines), (chars, lines)
        assert len(label.ruby_boxes()) == 5, (chars, lines)  # no reading cut in two


# --- rendered pixels -------------------------------------------------------------------------


def _ink_columns(image: QImage, top: int, bottom: int) -> list[int]:
    """Columns with any dark pixel between rows top..bottom (white background)."""
    columns = []
    for x in range(image.width()):
        if any(QColor(image.pixel(x, y)).lightness() < 128 for y in range(max(0, top), bottom)):
            columns.append(x)
    return columns


def _render_reader(qtbot, text: str, pairs, px: int = 48) -> tuple[RubyReader, QImage]:  # noqa: ANN001
    reader = RubyReader()
    qtbot.addWidget(reader)
    reader.setStyleSheet("background: white; color: black; border: none")
    reader.setFont(_font(px))
    reader.resize(px * 16, px * 6)
    ruby = RubyHtml("ja")
    html = ruby(text, pairs, 14)
    reader.set_ruby_html(f'<p style="line-height:{round(px * 2.1875)}px">{html}</p>', ruby.readings)
    reader.show()
    qtbot.waitExposed(reader)
    return reader, reader.viewport().grab().toImage()


def _first_line(reader: RubyReader) -> tuple[QTextLine, QRectF]:
    block = reader.document().begin()
    return block.layout().lineAt(0), reader.document().documentLayout().blockBoundingRect(block)


def test_pixels_group_reading_centred_over_its_whole_base(qtbot) -> None:
    """せいねんがっぴ over all four of 生年月日 (Qt names only the first character of an
    anchor: the reading used to sit over 生 alone, 1½ characters left)."""
    text = "ここに生年月日を書きます"
    reader, image = _render_reader(
        qtbot,
        text,
        [("ここに", ""), ("生年月日", "せいねんがっぴ"), ("を", ""), ("書", "か"), ("きます", "")],
    )
    line, rect = _first_line(reader)
    display = reader.document().begin().text()
    start = display.index("生")
    end = display.index("日") + 1
    left, right = (x + rect.left() for x in _glyph_span(line, tuple(range(start, end))))
    top = int(rect.top() + line.y())
    ink = [x for x in _ink_columns(image, top - 30, top) if left - 40 <= x <= right + 40]
    assert ink, "no reading painted above the base"
    assert abs((min(ink) + max(ink) + 1) / 2 - (left + right) / 2) <= 2.0, (
        ink[0],
        ink[-1],
        left,
        right,
    )


def test_pixels_neighbouring_readings_keep_apart(qtbot) -> None:
    """とし over 歳 and いじょう over 以上 with a clear gap between them (they ran together)."""
    text = "65歳以上の方"
    reader, image = _render_reader(
        qtbot, text, [("65", ""), ("歳", "とし"), ("以上", "いじょう"), ("の", ""), ("方", "かた")]
    )
    line, rect = _first_line(reader)
    display = reader.document().begin().text()
    sai = display.index("歳")
    left_sai, right_sai = (x + rect.left() for x in _glyph_span(line, (sai,)))
    ijo = (display.index("以"), display.index("上"))
    left_ijo, right_ijo = (x + rect.left() for x in _glyph_span(line, ijo))
    top = int(rect.top() + line.y())
    ink = set(_ink_columns(image, top - 30, top))
    toshi = [x for x in ink if left_sai - 24 <= x < (right_sai + left_ijo) / 2]
    ijou = [x for x in ink if (right_sai + left_ijo) / 2 <= x <= right_ijo + 24]
    assert toshi and ijou
    assert min(ijou) - max(toshi) >= 3, (max(toshi), min(ijou))  # a visible gap, not touching
    # and each is centred over its own base
    assert abs((min(toshi) + max(toshi) + 1) / 2 - (left_sai + right_sai) / 2) <= 2.0
    assert abs((min(ijou) + max(ijou) + 1) / 2 - (left_ijo + right_ijo) / 2) <= 2.0


def test_pixels_label_reading_not_clipped_at_the_line_start(qtbot) -> None:
    """A reading wider than its base, over the first character of a label, keeps all its ink
    inside the label (it used to be cut at the left edge)."""
    label = RubyLabel()
    qtbot.addWidget(label)
    label.setStyleSheet("background: white; color: black")
    label.setFont(_font(64))
    label.set_ruby_text("承ります", True, [("承", "うけたまわ"), ("ります", "")])
    label.resize(64 * 5, label.heightForWidth(64 * 5))
    image = label.grab().toImage()
    rows = [y for y in range(image.height()) if _ink_columns_in_row(image, y)]
    band_end = next(y for y, z in itertools.pairwise(rows) if z > y + 1) + 1  # readings' rows
    ink = _ink_columns(image, rows[0], band_end)
    assert ink and min(ink) > 0, ink[:3]  # nothing cut at the left edge
    assert max(ink) - min(ink) >= 4 * 32  # all five kana are there (each 32 px)
    assert max(ink) < image.width() - 1


def _ink_columns_in_row(image: QImage, y: int) -> bool:
    return any(QColor(image.pixel(x, y)).lightness() < 128 for x in range(image.width()))


# --- the real screens ------------------------------------------------------------------------


def _ruby_labels(window) -> list[RubyLabel]:  # noqa: ANN001
    return [
        label
        for label in window.findChildren(RubyLabel)
        if label.isVisible() and label.has_ruby() and label.width() > 0
    ]


@pytest.mark.parametrize("size", SCREENS)
def test_demo_pages_and_labels_follow_the_rules(qtbot, window, size) -> None:
    """Every demo page at size 3 on the small screen, the first page of every category at
    every size on both screens; the page title, category rows and the settings sample."""
    window.setFixedSize(*size)
    pages = 0
    for step in SIZES:
        window.apply_preferences(Preferences(text_size=step, furigana=True))
        navigate_to(window, "settings")
        QApplication.processEvents()
        labels = _ruby_labels(window)
        assert labels, "the settings sample shows readings"
        for label in labels:
            _label_rules(label, ("settings", step, label.text()[:12]))
        for category in Category:
            window.go_home()
            window.open_category(category)
            QApplication.processEvents()
            for label in _ruby_labels(window):
                _label_rules(label, (category, step, label.text()[:12]))
            keys = [r.property("key") for r in window.category.page_rows()]
            if not (step == 3 and size == (1280, 800)):
                keys = keys[:1]
            for key in keys:
                window.open_page(key)
                QApplication.processEvents()
                reader = window.page.reader
                if reader.ruby_spans():
                    _reader_rules(reader, (key, step))
                    # scrolled: still right where it shows
                    reader.verticalScrollBar().setValue(reader.verticalScrollBar().maximum() // 2)
                    _reader_rules(reader, (key, step, "scrolled"))
                    pages += 1
                if window.page.title.has_ruby():
                    _label_rules(window.page.title, (key, step, "title"))
                window.go_back()
    assert pages >= 10


def test_readings_leave_the_text_speech_and_copy_alone(qtbot, window) -> None:
    from kiosk.ui.read_aloud import document_segments

    window.setFixedSize(1280, 800)
    texts = []
    for furigana in (False, True):
        window.apply_preferences(Preferences(text_size=3, furigana=furigana))
        navigate_to(window, "page")
        QApplication.processEvents()
        reader = window.page.reader
        assert bool(reader.ruby_spans()) == furigana
        texts.append((window.page.text(), [s.text for s in document_segments(reader, "ja")]))
        reader.selectAll()
        copied = reader.createMimeDataFromSelection().text()
        assert not set(copied) & set(BREAK_MARKS)
        assert strip_breaks(copied).replace("\n", "") == window.page.text().replace("\n", "")
    assert texts[0] == texts[1]


@pytest.mark.parametrize("step", (1, 3))
def test_paging_keeps_each_line_with_its_readings(qtbot, window, step) -> None:
    """▼ pages by whole lines — a line's readings belong to it: the top line's readings are
    not cut off by the top edge, and no reading shows over a line the bottom edge hides."""
    window.setFixedSize(1280, 800)
    window.apply_preferences(Preferences(text_size=step, furigana=True))
    navigate_to(window, "page")
    QApplication.processEvents()
    reader, pane = window.page.reader, window.page.scroll
    bar = reader.verticalScrollBar()
    pages = 0
    while bar.value() < bar.maximum() and pages < 30:
        qtbot.mouseClick(pane.down, Qt.MouseButton.LeftButton)
        QApplication.processEvents()
        pages += 1
        # what the covers hide, from the pane itself: there are two covers (top and bottom)
        # and raise_() reorders them, so a findChild by name may return either
        shown_top, shown_bottom = pane.shown_band()
        hidden_from = shown_bottom - bar.value()
        assert shown_top == bar.value() or not (bar.value() < bar.maximum()), pages
        for box in reader.ruby_boxes():
            # (the last page stops at the end of the text, wherever its top line falls)
            aligned = bar.value() < bar.maximum()
            if aligned and 0 <= box.base.top() < hidden_from:  # a line that shows
                assert box.ruby.top() >= -0.01, (pages, box.reading, box.ruby.top())
            if box.ruby.top() < hidden_from and box.ruby.bottom() > 0:  # a reading that shows
                assert box.base.bottom() <= hidden_from + 1, (pages, box.reading, hidden_from)
    assert pages >= 2


def test_a_page_opened_before_its_screen_was_restyled_gets_readings_of_the_new_size(
    qtbot, window
) -> None:
    """Larger text, then a page at once: the page screen, still waiting for its turn of the
    staged restyle (kiosk/ui/staged_style.py), is restyled before it is filled, so its readings
    are sized from the new font (they were half the old size over the new text)."""
    window.setFixedSize(1280, 800)
    window.apply_preferences(Preferences(text_size=1, furigana=True))
    navigate_to(window, "page")  # the page screen exists, at the normal size
    navigate_to(window, "settings")
    QApplication.processEvents()
    window.apply_preferences(Preferences(text_size=3, furigana=True))
    assert window.page.styleSheet() != window.current_style_sheet  # waiting for its turn
    window.go_home()
    window.open_category(Category.DISASTER)
    keys = [row.property("key") for row in window.category.page_rows()]
    window.open_page(next(key for key in keys if "earthquake" in key))
    QApplication.processEvents()
    reader = window.page.reader
    assert reader.ruby_spans()
    _reader_rules(reader, ("opened before its turn", 3))
