"""Read-aloud: the navbar controls, the sentence highlight on pages, and the glue between
what a screen shows and the :class:`SpeechController`.

The window creates one :class:`ReadAloud`; it adds its buttons to the right end of the
navigation bar and shows them on every screen that can be read (SPOKEN_SCREENS: a page, home,
a category list, settings, the how-to and an alert, issue 20), in the same place and size; on
the alert screen, which has no navigation bar, the same bar moves into the alert's OK strip at
the same place. Reading stops whenever the screen changes (Back, Home, OK, idle reset). The
alert takeover reads through ``window.read_aloud.controller`` (see ``SpeechController.speak``).
What the other screens read comes from kiosk.ui.screen_speech.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.i18n import N_, current_language
from kiosk.i18n import gettext as _
from kiosk.speech import RATES
from kiosk.ui import screen_speech
from kiosk.ui.page_sentences import Highlighter, Segment, document_segments
from kiosk.ui.speech_controller import SpeechController
from kiosk.ui.theme import RING_PX
from kiosk.ui.widgets.buttons import BigButton

MAX_BUTTON_FONT_PX = 40
TIGHT_BUTTON_FONT_PX = 32  # when even the words alone do not fit at 40 px (still > 28 px)
SPOKEN_SCREENS = ("page", "home", "category", "settings", "howto", "alert")
# The idle button's accessible name says what a press reads.
READ_WHAT = {
    "page": N_("Read this page aloud"),
    "alert": N_("Read this alert aloud"),
}
READ_SCREEN = N_("Read this screen aloud")
RATE_LABELS = {"slow": N_("Slow"), "normal": N_("Normal"), "fast": N_("Fast")}


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
            # Hidden, they keep their place, and each is as wide as its widest label: the
            # navigation bar is never rebuilt while reading (nothing in it moves).
            policy = button.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            button.setSizePolicy(policy)
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)

    compact = False  # symbols only on pause/resume/stop when the bar is too narrow for words
    without_stop = False  # and no Stop button when even that does not fit (see fit_bar)
    # and no speed button (speed is then chosen in settings): "▶ Read aloud" keeps its words
    without_speed = False
    symbols_only = False  # last resort: ▶ alone (its accessible name keeps the words)
    read_what = READ_WHAT["page"]  # what the idle button's accessible name says it reads

    def idle_look(self) -> tuple[str, str]:
        """The button's words and accessible name at rest, on a screen that is not a page."""
        return "▶ " + _("Read aloud"), _(READ_SCREEN)

    def show_state(self, state: str, rate: str) -> None:
        labels = {
            "idle": ("▶ " + _("Read aloud"), _(self.read_what)),
            "starting": ("… " + _("Preparing"), _("Preparing to read aloud")),
            "reading": ("❚❚ " + _("Pause"), _("Pause reading")),
            "paused": ("▶ " + _("Resume"), _("Resume reading")),
            "unavailable": ("⟳ " + _("Reading unavailable"), _("Reading unavailable: try again")),
        }

        def shown(key: str) -> str:
            text = labels[key][0]
            if self.symbols_only or (
                self.compact and key in ("starting", "reading", "paused", "unavailable")
            ):
                return text.split(" ")[0]
            return text

        text, name = shown(state), labels[state][1]
        _fix_width(self.read_button, [shown(k) for k in labels])
        if not self.without_speed:
            _fix_width(self.speed_button, [_(label) for label in RATE_LABELS.values()])
        self.read_button.set_text(text, name)
        self.read_button.setProperty("state", state)
        active = state in ("starting", "reading", "paused")
        self.stop_button.set_text("■" if self.compact else "■ " + _("Stop"), _("Stop reading"))
        speed = _(RATE_LABELS[rate])
        self.speed_button.set_text(speed, _("Speed: {speed}").format(speed=speed))
        # At rest one button; stop and speed appear while reading, so the navbar still fits
        # Back and Home at the largest text size.
        self.stop_button.setVisible(active and not self.without_stop)
        self.speed_button.setVisible(active and not self.without_speed)
        for button, gone in (
            (self.stop_button, self.without_stop),
            (self.speed_button, self.without_speed),
        ):
            policy = button.sizePolicy()
            if policy.retainSizeWhenHidden() == gone:
                policy.setRetainSizeWhenHidden(not gone)
                button.setSizePolicy(policy)
                self.layout().invalidate()  # a hidden button's new policy posts no relayout

    def set_font_px(self, px: int) -> None:
        # Narrower than the theme's min-width (which grows with text size) but still far
        # above the 72 px touch target.
        # The window's focus ring (QPushButton:focus, RING_PX border) still applies here, but
        # this sheet's padding wins over the ring's: without its own :focus padding a focused
        # button was 2 × 5 px wider, and the width fixed for the bar (_fix_width) depended on
        # which button had the focus when it was measured (229 vs 239 px on settings at 200 %).
        ring = RING_PX - 3  # what the ring adds to the 3 px border, taken from the padding
        sheet = (
            f"QPushButton {{ font-size: {px}px; min-width: 96px; padding: 8px 16px; }}"
            f" QPushButton:focus {{ padding: {8 - ring}px {16 - ring}px; }}"
        )
        if self.styleSheet() != sheet:  # called on every screen change: re-style only on change
            self.setStyleSheet(sheet)


def _fix_width(button: BigButton, texts: list[str]) -> None:
    """Fix ``button``'s width to that of its widest possible label."""
    current = button.text()
    widths = []
    for text in texts:
        button.setText(text)
        button.ensurePolished()
        widths.append(button.sizeHint().width())
    button.setText(current)
    if button.minimumWidth() != max(widths) or button.maximumWidth() != max(widths):
        button.setFixedWidth(max(widths))


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
        # What the last press read on a screen that is not a page, as (language, sentences)
        # jobs, and the jobs still to come (one job per language; see screen_speech).
        self.parts: list[screen_speech.Part] = []
        self._queue: list[screen_speech.Part] = []
        self._place: tuple[str, object] | None = None
        self._font_px = MAX_BUTTON_FONT_PX
        self._settings = None  # the settings screen, which also offers the speed
        self._offered = True  # [menu] read_aloud (kiosk.ui.site_menu)
        self.default_rate = self.controller.rate
        window.actions_row.addWidget(self.bar)
        window.navbar.installEventFilter(self)
        self.bar.read_button.clicked.connect(self.on_read)
        self.bar.stop_button.clicked.connect(self.controller.stop)
        self.bar.speed_button.clicked.connect(self.next_rate)
        self.controller.state_changed.connect(self._refresh)
        self.controller.sentence_changed.connect(self._on_sentence)
        self.controller.finished.connect(self._next_part)
        self._refresh()

    @property
    def offered(self) -> bool:
        return self._offered

    @offered.setter
    def offered(self, offered: bool) -> None:
        self._offered = bool(offered)
        if self._settings is not None:
            self._settings.set_read_aloud_offered(self._offered)

    def bind_visitor(self, visitor) -> None:  # noqa: ANN001 - VisitorSession
        """Settings offers the speed too (once it is built); an idle reset stops reading and
        sets the speed back (the next visitor starts from the kiosk's own)."""
        visitor.with_settings(self._bind_settings)
        visitor.visitor_reset.connect(self.visitor_left)
        # someone listening is someone there: the idle clock waits while the kiosk reads
        self.controller.state_changed.connect(visitor.on_speech_state)
        self._refresh()

    def _bind_settings(self, settings) -> None:  # noqa: ANN001 - SettingsScreen
        self._settings = settings
        settings.rate_chosen.connect(self.choose_rate)
        # "back to the usual settings" means the usual speed too
        settings.reset_requested.connect(lambda: self.choose_rate(self.default_rate))
        settings.set_read_aloud_offered(self._offered)
        self._refresh()

    def visitor_left(self) -> None:
        self._queue = []
        self.controller.stop()
        self.choose_rate(self.default_rate)

    def choose_rate(self, rate: str) -> None:
        self.controller.set_rate(rate)
        self._refresh()

    def configure(self, engine: str, rate: str, volume: int) -> None:
        self.controller.engine = engine
        self.controller.rate = self.default_rate = rate
        self.controller.set_volume(volume)
        self._refresh()

    def retranslate(self) -> None:
        # Capped so the controls share the bar with Back and Home at 200 % text; 40 px is
        # still well above the 28 px minimum.
        self._font_px = min(self.window_.metrics.body, MAX_BUTTON_FONT_PX)
        self.fit_bar()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit_bar()
        return False

    def fit_bar(self) -> None:
        """Back, Home and Settings keep their words; our buttons fall back to symbols while
        reading (their accessible names keep the words); where even that is too wide (200 %
        text on a 1280 px screen) Stop goes (pause stops too, and leaving always stops), then
        the speed button (speed is also a choice in settings), then the words get a smaller
        size; "▶" alone is the very last resort: an older reader may not know what it means.
        The bar's width is then the same in every state, so nothing in the navbar moves."""
        window = self.window_
        row = window.actions_row
        others = [window.back_button, window.home_button]
        visitor = getattr(window, "visitor", None)
        others += [getattr(visitor, "settings_button", None)]
        used = sum(b.sizeHint().width() for b in others if b is not None)
        margins = row.contentsMargins()
        spacing = max(0, row.spacing())
        room = window.navbar.width() - margins.left() - margins.right() - used - 3 * spacing
        for level in range(6):
            self.bar.compact, self.bar.without_stop = level >= 1, level >= 2
            self.bar.without_speed = level >= 3
            tight = level in (4, 5) and self._font_px > TIGHT_BUTTON_FONT_PX
            self.bar.set_font_px(TIGHT_BUTTON_FONT_PX if tight else self._font_px)
            self.bar.symbols_only = level >= 5
            self._refresh()
            if self.bar.sizeHint().width() <= room:
                break

    def place_changed(self, screen: str, argument: object = None) -> None:
        """Leaving a screen (Back, Home, OK, idle reset) stops reading; every screen that
        can be read shows the bar (SPOKEN_SCREENS), in one place.

        A re-render of the same place (after a sync or a language change) keeps reading.
        """
        place = (screen, argument)
        if place != self._place:
            self._queue = []
            if self.controller.active:
                self.controller.stop()
        self._place = place
        self._dock(screen)
        self.bar.read_what = READ_WHAT.get(screen, READ_SCREEN)
        self._refresh()
        self.bar.setVisible(screen in SPOKEN_SCREENS and self.offered)  # [menu] read_aloud

    def _dock(self, screen: str) -> None:
        """The alert screen hides the navigation bar: the bar moves into the alert's OK
        strip, which puts it exactly where it is in the navigation bar (AlertScreen.dock)."""
        window = self.window_
        alert = window.alert_screen
        on_alert = screen == "alert"
        if on_alert == alert.holds(self.bar):
            return
        row = window.actions_row
        if on_alert:
            row.removeWidget(self.bar)
            settings = window.visitor.settings_button
            right = settings.sizeHint().width() + row.spacing() if settings else 0
            # the navbar's border (style sheet) and its layout margins, above and below
            frame, margins = window.navbar.contentsMargins(), row.contentsMargins()
            top, bottom = frame.top() + margins.top(), frame.bottom() + margins.bottom()
            right += frame.right()
            alert.dock(self.bar, right, top, bottom, row.spacing())
        else:
            alert.undock(self.bar)
            row.insertWidget(row.indexOf(window.visitor.settings_button), self.bar)

    def on_read(self) -> None:
        state = self.controller.state
        if state in ("reading", "paused", "starting"):
            self.controller.toggle_pause()
            return
        screen = self.window_.current.screen
        if screen == "page":
            self.read_page()
        else:
            self.read_screen(screen)

    def read_screen(self, screen: str) -> None:
        """Read what ``screen`` shows (kiosk.ui.screen_speech), one job per language."""
        window = self.window_
        lang = current_language()
        pieces = {
            "home": lambda: screen_speech.home_pieces(window.home, lang),
            "category": lambda: screen_speech.category_pieces(window.category, lang),
            "settings": lambda: screen_speech.settings_pieces(window.visitor.settings, lang),
            "howto": lambda: screen_speech.howto_pieces(window.visitor.howto, lang),
            "alert": lambda: screen_speech.alert_pieces(window.alert_screen, lang),
        }.get(screen, list)()
        self.read_parts(screen_speech.parts(pieces))

    def read_alert(self, full: bool = False) -> None:
        """The alert on screen, in its own language: what it is and what to do (when it
        opens from the home banner), or all of it (the button)."""
        vm = self.window_.alert_screen.vm
        if vm is not None:
            lang = vm.speech_lang or current_language()
            self.read_parts(screen_speech.parts([(lang, vm.speech_text(full=full))]))

    def read_parts(self, parts: list[screen_speech.Part]) -> None:
        self.segments, self.history = [], []
        self.parts = parts
        self._queue = list(parts[1:])
        if parts:
            lang, sentences = parts[0]
            self.controller.read(sentences, lang, owner=self)

    def _next_part(self) -> None:
        """The controller finished one language's sentences: read the next language's."""
        if self.controller.owner is self and self._queue:
            lang, sentences = self._queue.pop(0)
            self.controller.read(sentences, lang, owner=self)

    def read_page(self) -> None:
        self.parts, self._queue = [], []
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
        if self._settings is not None and self._settings.rate != self.controller.rate:
            self._settings.set_rate(self.controller.rate)
