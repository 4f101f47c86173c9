"""Japanese lines break only between phrases (BudouX): never inside a word, never a lone
character or closing bracket at a line start — in labels, tiles, rows, the page and alerts,
at the largest text size on the small screen (1280×800)."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtGui import QFont, QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication

from kiosk.content.model import Category
from kiosk.content.phrases import BREAK_MARKS, phrase_wrap, phrases, strip_breaks
from kiosk.ui.a11y.prefs import Preferences
from kiosk.ui.app import navigate_to
from kiosk.ui.widgets.ruby import RubyLabel

WORDS = ("警戒情報", "土砂災害", "ください", "避難所", "福祉", "午前11時")
NO_LINE_START = set("、。」』）】・ー") | set("ぁぃぅぇぉっゃゅょァィゥェォッャュョ")
SAMPLES = (
    "大雨警戒情報が出ています。土砂災害に注意してください。",
    "避難所は小学校の体育館です。福祉の窓口は午前11時まで開いています。",
    "訓練は午前11時までです。「避難所」へ行ってください。",
)


def _lines(text: str, font: QFont, width: float) -> list[str]:
    """Plain text of every line when ``text`` (already marked) is laid out at ``width``."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        lines.append(text[line.textStart() : line.textStart() + line.textLength()])
    layout.endLayout()
    return [strip_breaks(line) for line in lines]


def assert_no_word_split(lines: list[str], where: object = "") -> None:
    """No word of WORDS is cut across two lines; no line starts with a closing mark, and no
    line of a multi-line text is a single character. Forced breaks (a new line in the text)
    start a new paragraph: only the lines the layout chose are judged."""
    paragraph: list[str] = []
    for line in lines:
        paragraph.append(line.rstrip("\u2028\n"))
        if line.endswith(("\u2028", "\n")):
            _judge(paragraph, where)
            paragraph = []
    _judge(paragraph, where)


def _judge(lines: list[str], where: object) -> None:
    for first, second in itertools.pairwise(lines):
        joint = first.rstrip() + second.lstrip()
        cut = len(first.rstrip())
        for word in WORDS:
            start = joint.find(word)
            while start >= 0:
                assert not (start < cut < start + len(word)), (where, word, first, second)
                start = joint.find(word, start + 1)
        assert second.lstrip()[:1] not in NO_LINE_START, (where, first, second)
    if len(lines) > 1:
        for line in lines:
            assert len(line.strip()) != 1, (where, lines)


def test_phrases_join_back_and_keep_words_whole() -> None:
    for text in SAMPLES:
        parts = phrases(text)
        assert "".join(parts) == text
        assert strip_breaks(phrase_wrap(text)) == text
        for word in WORDS:
            if word in text:
                assert any(word in p for p in parts), (word, parts)
    assert phrase_wrap("Plain English text") == "Plain English text"  # nothing to mark


@pytest.mark.parametrize("chars", [7, 8, 9, 10, 11, 13, 17])
def test_lines_break_between_phrases_at_every_width(qtbot, window, chars) -> None:
    font = QFont(window.font())
    font.setPixelSize(64)
    for text in SAMPLES:
        lines = _lines(phrase_wrap(text), font, 64 * chars + 1)
        assert "".join(lines) == text
        assert_no_word_split(lines, (chars, text))
        # and without the marks Qt really would cut words: the test can fail
    plain = _lines(SAMPLES[0], font, 64 * 7 + 1)
    assert plain[0] == "大雨警戒情報が" and plain[1].startswith("出ています。土")


def test_ruby_label_keeps_plain_text_and_lays_out_phrases(qtbot, window) -> None:
    label = RubyLabel(SAMPLES[1])
    qtbot.addWidget(label)
    label.setStyleSheet("font-size: 64px")
    label.ensurePolished()
    assert label.text() == SAMPLES[1] and label.accessibleName() == SAMPLES[1]
    assert not set(label.text()) & set(BREAK_MARKS)
    for chars in (7, 9, 12):
        lines = label.lines(64 * chars + 1)
        assert "".join(lines) == SAMPLES[1]
        assert_no_word_split(lines, chars)


def _reader_lines(reader) -> list[list[str]]:  # noqa: ANN001 - RubyReader
    """Each document block's lines, as laid out in the page's own widget."""
    out = []
    block = reader.document().begin()
    while block.isValid():
        layout, text = block.layout(), block.text()
        lines = [
            strip_breaks(text[line.textStart() : line.textStart() + line.textLength()])
            for line in (layout.lineAt(i) for i in range(layout.lineCount()))
        ]
        out.append(lines)
        block = block.next()
    return out


def _visible_label_lines(window) -> list[tuple[str, list[str]]]:  # noqa: ANN001
    return [
        (label.text(), label.lines())
        for label in window.findChildren(RubyLabel)
        if label.isVisible() and label.text() and label.width() > 0
    ]


def test_every_screen_at_size_3_on_1280x800_keeps_words_whole(qtbot, window) -> None:
    window.setFixedSize(1280, 800)
    checked_words: set[str] = set()
    for furigana in (False, True):
        window.apply_preferences(Preferences(text_size=3, furigana=furigana))
        places = ["home", "alert", "settings", "howto", "practice"]
        for screen in places:
            navigate_to(window, screen)
            QApplication.processEvents()
            for text, lines in _visible_label_lines(window):
                assert_no_word_split(lines, (screen, text[:20]))
                checked_words |= {w for w in WORDS if w in text}
        for category in Category:
            window.go_home()
            window.open_category(category)
            QApplication.processEvents()
            for text, lines in _visible_label_lines(window):
                assert_no_word_split(lines, (category, text[:20]))
            for key in [r.property("key") for r in window.category.page_rows()]:
                window.open_page(key)
                QApplication.processEvents()
                reader = window.page.reader
                for lines in _reader_lines(reader):
                    assert_no_word_split(lines, (key, lines[:1]))
                    checked_words |= {w for w in WORDS if w in "".join(lines)}
                for text, lines in _visible_label_lines(window):
                    assert_no_word_split(lines, (key, text[:20]))
                # the marks are for layout only: speech and copy get the plain text
                assert not set(window.page.text()) & set(BREAK_MARKS)
                window.go_back()
    assert checked_words == set(WORDS)  # the demo really shows every word checked


def test_marks_never_reach_speech_or_copy(qtbot, window) -> None:
    from kiosk.ui.page_sentences import document_segments

    window.apply_preferences(Preferences(text_size=3))
    navigate_to(window, "page")
    reader = window.page.reader
    assert set(reader.toPlainText()) & set(BREAK_MARKS)  # the document does carry them
    segments = document_segments(reader, "ja")
    assert segments and all(not set(s.text) & set(BREAK_MARKS) for s in segments)
    reader.selectAll()
    copied = reader.createMimeDataFromSelection().text()
    assert copied.strip() and not set(copied) & set(BREAK_MARKS)


def test_print_breaks_by_phrase_and_keeps_plain_text(qtbot, window, tmp_path) -> None:
    from kiosk.content.model import Block, BlockKind
    from kiosk.ui.takehome import print_document, print_page

    body = "".join(SAMPLES) * 3
    doc = print_document("土砂災害警戒情報", "", (Block(BlockKind.PARAGRAPH, text=body),), "")
    print_page(doc, pdf=tmp_path / "page.pdf")
    assert not set(doc.toPlainText()) & set(BREAK_MARKS)  # the PDF's text layer is plain
    block, judged = doc.begin(), 0
    while block.isValid():
        lines = block.text().split("\u2028")
        if len(lines) > 2:
            assert "".join(lines) == body
            assert_no_word_split(lines, "print")
            judged += 1
        block = block.next()
    assert judged == 1  # the body really was broken into lines at phrases
