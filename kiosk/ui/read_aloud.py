"""Read-aloud on the page screen: the navbar controls, the sentence highlight, and the glue
between the page's text and the :class:`SpeechController`.

The window creates one :class:`ReadAloud`; it adds its buttons to the right end of the
navigation bar, shows them only on pages, and stops reading whenever the screen changes
(Back, Home, idle reset). The alert takeover reads through ``window.read_aloud.controller``
(see ``SpeechController.speak``).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QTextBrowser, QTextEdit, QWidget

from kiosk.i18n import N_, current_language
from kiosk.i18n import gettext as _
from kiosk.speech import RATES
from kiosk.speech.normalize import split_sentences
from kiosk.ui.speech_controller import SpeechController
from kiosk.ui.theme import Theme
from kiosk.ui.widgets.buttons import BigButton

MAX_BUTTON_FONT_PX = 40
COMPACT_BELOW_CHARS = 40
RATE_LABELS = {"slow": N_("Slow"), "normal": N_("Normal"), "fast": N_("Fast")}


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence to read; ``start``/``end`` are QTextDocument positions (None: no highlight,
    e.g. the page title, which is not part of the document)."""

    text: str
    start: int | None = None
    end: int | None = None


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def document_segments(reader: QTextBrowser, lang: str) -> list[Segment]:
    """Sentences of the page in reading order, with their positions in the document.

    Walks the document's text blocks (paragraphs, list items, table cells) so positions are
    Qt's own, counted in UTF-16 units as Qt counts them.
    """
    segments: list[Segment] = []
    block = reader.document().begin()
    while block.isValid():
        text = block.text()
        for span in split_sentences(text, lang):
            start = block.position() + _utf16_len(text[: span.start])
            segments.append(Segment(span.text, start, start + _utf16_len(span.text)))
        block = block.next()
    return segments


class Highlighter:
    """Marks one range of a QTextBrowser with an ExtraSelection and scrolls it into view."""

    def __init__(self, reader: QTextBrowser) -> None:
        self.reader = reader
        self.range: tuple[int, int] | None = None

    def show(self, start: int, end: int, theme: Theme) -> None:
        selection = QTextEdit.ExtraSelection()
        fmt = QTextCharFormat()
        # "pressed" is a theme pair already held to ≥7:1 contrast (see Theme.text_pairs).
        fmt.setBackground(QColor(theme.pressed))
        fmt.setForeground(QColor(theme.pressed_text))
        selection.format = fmt
        cursor = QTextCursor(self.reader.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        self.reader.setExtraSelections([selection])
        self.range = (start, end)
        self._scroll_to(start, end)

    def clear(self) -> None:
        self.reader.setExtraSelections([])
        self.range = None

    def _scroll_to(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.reader.document())
        cursor.setPosition(start)
        top = self.reader.cursorRect(cursor)
        cursor.setPosition(end)
        bottom = self.reader.cursorRect(cursor)
        height = self.reader.viewport().height()
        if top.top() >= 0 and bottom.bottom() <= height:
            return
        bar = self.reader.verticalScrollBar()
        # Put the sentence a quarter of the way down, so the lines before it stay visible.
        bar.setValue(bar.value() + top.top() - height // 4)


class ReadAloudBar(QWidget):
    """Read / pause-resume, stop, and speed: three big buttons for the navigation bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.read_button = BigButton(name="read-aloud")
        self.stop_button = BigButton(name="read-stop")
        self.speed_button = BigButton(name="read-speed")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(40)  # ≥8 mm between targets, as in the rest of the navbar
        for button in (self.read_button, self.stop_button, self.speed_button):
            row.addWidget(button)

    compact = False  # symbols only on pause/resume/stop when the bar is too narrow for words

    def show_state(self, state: str, rate: str) -> None:
        labels = {
            "idle": ("▶ " + _("Read aloud"), _("Read this page aloud")),
            "starting": ("… " + _("Preparing"), _("Preparing to read aloud")),
            "reading": ("❚❚ " + _("Pause"), _("Pause reading")),
            "paused": ("▶ " + _("Resume"), _("Resume reading")),
            "unavailable": ("⟳ " + _("Reading unavailable"), _("Reading unavailable: try again")),
        }
        text, name = labels[state]
        if self.compact and state in ("starting", "reading", "paused"):
            text = text.split(" ")[0]
        self.read_button.set_text(text, name)
        self.read_button.setProperty("state", state)
        active = state in ("starting", "reading", "paused")
        self.stop_button.set_text("■" if self.compact else "■ " + _("Stop"), _("Stop reading"))
        speed = _(RATE_LABELS[rate])
        self.speed_button.set_text(speed, _("Speed: {speed}").format(speed=speed))
        # At rest one button; stop and speed appear while reading, so the navbar still fits
        # Back and Home at the largest text size.
        self.stop_button.setVisible(active)
        self.speed_button.setVisible(active)

    def set_font_px(self, px: int) -> None:
        # Narrower than the theme's min-width (which grows with text size) but still far
        # above the 72 px touch target.
        self.setStyleSheet(
            f"QPushButton {{ font-size: {px}px; min-width: 96px; padding: 8px 16px; }}"
        )


class ReadAloud(QObject):
    """Owns the controller and binds it to the window's page screen and navbar."""

    def __init__(self, window, controller: SpeechController | None = None) -> None:
        super().__init__(window)
        self.window_ = window
        self.controller = controller or SpeechController(parent=self)
        self.bar = ReadAloudBar()
        self.highlighter = Highlighter(window.page.reader)
        self.segments: list[Segment] = []
        self.history: list[int] = []  # sentences highlighted, in order; 0 is the title
        self._place: tuple[str, object] | None = None
        window.actions_row.addWidget(self.bar)
        window.navbar.installEventFilter(self)
        self.bar.read_button.clicked.connect(self.on_read)
        self.bar.stop_button.clicked.connect(self.controller.stop)
        self.bar.speed_button.clicked.connect(self.next_rate)
        self.controller.state_changed.connect(self._refresh)
        self.controller.sentence_changed.connect(self._on_sentence)
        self._refresh()

    def configure(self, engine: str, rate: str, volume: int) -> None:
        self.controller.engine = engine
        self.controller.rate = rate
        self.controller.set_volume(volume)
        self._refresh()

    def retranslate(self) -> None:
        # Capped so the controls share the bar with Back and Home at 200 % text; 40 px is
        # still well above the 28 px minimum.
        self.bar.set_font_px(min(self.window_.metrics.body, MAX_BUTTON_FONT_PX))
        self._refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            # Back and Home keep their words; our buttons fall back to symbols (their
            # accessible names keep the words) when the bar has room for fewer than
            # ~40 characters of navigation text.
            compact = self.window_.navbar.width() < COMPACT_BELOW_CHARS * self.window_.metrics.body
            if compact != self.bar.compact:
                self.bar.compact = compact
                self._refresh()
        return False

    def place_changed(self, screen: str, argument: object = None) -> None:
        """Leaving a page (Back, Home, idle reset) stops reading; only pages show the bar.

        A re-render of the same place (after a sync or a language change) keeps reading.
        """
        place = (screen, argument)
        if place != self._place and self.controller.active:
            self.controller.stop()
        self._place = place
        self.bar.setVisible(screen == "page" and getattr(self, "offered", True))  # [menu]

    def on_read(self) -> None:
        state = self.controller.state
        if state in ("reading", "paused", "starting"):
            self.controller.toggle_pause()
            return
        self.read_page()

    def read_page(self) -> None:
        page = self.window_.page
        lang = page.vm.lang if page.vm else current_language()
        title = page.title.text()
        self.segments = [Segment(title)] if title else []
        self.segments += document_segments(page.reader, lang)
        self.history = []
        self.controller.read([s.text for s in self.segments], lang, owner=self)

    def next_rate(self) -> None:
        rate = RATES[(RATES.index(self.controller.rate) + 1) % len(RATES)]
        self.controller.set_rate(rate)
        self._refresh()

    def _on_sentence(self, index: int) -> None:
        mine = self.controller.owner is self  # not someone else's text (e.g. an alert)
        segment = self.segments[index] if mine and 0 <= index < len(self.segments) else None
        self._mark_title(segment is not None and segment.start is None)
        if segment is None:
            self.highlighter.clear()
            return
        self.history.append(index)
        if segment.start is None:  # the title: outside the text view
            self.highlighter.clear()
        else:
            self.highlighter.show(segment.start, segment.end, self.window_.theme)  # type: ignore[arg-type]

    def _mark_title(self, on: bool) -> None:
        theme = self.window_.theme
        style = f"background: {theme.pressed}; color: {theme.pressed_text};" if on else ""
        title = self.window_.page.title
        if title.styleSheet() != style:
            title.setStyleSheet(style)

    def _refresh(self, *_args) -> None:
        self.bar.show_state(self.controller.state, self.controller.rate)
