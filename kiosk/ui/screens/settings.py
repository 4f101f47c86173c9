"""Settings: text size, colours, furigana, language, switch scanning — applied at once.

Every choice is a big checkable button; choosing one changes the whole kiosk immediately
(the live preview is the screen itself, plus a sample paragraph with furigana). Nothing is
saved: the next visitor starts from the defaults again.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QPoint, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFrame,
    QGridLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import LANGUAGES, TEXT_SIZES
from kiosk.i18n import N_, available_languages
from kiosk.i18n import gettext as _
from kiosk.ui.a11y.prefs import Preferences
from kiosk.ui.theme import THEMES, Theme
from kiosk.ui.widgets.buttons import BigButton
from kiosk.ui.widgets.ruby import RubyLabel
from kiosk.ui.widgets.scroll import ScrollPane, vertical_scroll_area

# A calm sample with kanji (for furigana): never something that reads like a real alert.
SAMPLE_JA = "図書館は、午前9時から開いています。"
SIZE_NAMES = {1: "Normal", 2: "Large", 3: "Largest"}
# The read-aloud speed (kiosk.speech.RATES): also here because at 200 % text on a small screen
# the read-aloud bar has no room for its speed button (issue 20); not a Preferences field,
# the read-aloud controller holds it and the idle reset sets it back (ReadAloud).
RATE_NAMES = {"slow": N_("Slow"), "normal": N_("Normal"), "fast": N_("Fast")}


class ChoiceButton(BigButton):
    """A checkable choice; the chosen one shows ✓ and reads "chosen" to screen readers."""

    def __init__(self, value: object, name: str) -> None:
        super().__init__(name=name)
        self.value = value
        self.setCheckable(True)
        self.setProperty("role", "choice")
        # every choice of a group as wide as the others (equal grid columns), chosen or not
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._label = ""
        self.toggled.connect(lambda _on: self._show())

    def set_label(self, label: str) -> None:
        self._label = label
        self._show()

    def _show(self) -> None:
        # ✓ and the ideographic space are both one em of the kiosk's own font: the button has
        # the same size chosen or not (issue 20: choosing made buttons jump)
        mark = "✓ " if self.isChecked() else "\u3000 "
        self.setText(mark + self._label)
        state = _("chosen") if self.isChecked() else _("not chosen")
        self.setAccessibleName(self._label)
        self.setAccessibleDescription(state)


class SettingsScreen(QWidget):
    screen_name = "settings"
    changed = Signal(object)  # Preferences
    rate_chosen = Signal(str)  # a read-aloud speed (RATE_NAMES)
    reset_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prefs = Preferences()
        self.rate = "normal"
        self.headings: dict[str, RubyLabel] = {}
        self.groups: dict[str, dict[object, ChoiceButton]] = {}
        body = QWidget()
        self._column = QVBoxLayout(body)
        self._column.setContentsMargins(0, 0, 12, 0)
        self._column.setSpacing(24)
        self.title = RubyLabel()
        self.title.setProperty("role", "title")
        self.preview = RubyLabel()
        self.preview.setObjectName("settings-preview")
        self.preview.setProperty("role", "preview")
        self.preview.setFrameShape(QFrame.Shape.Box)
        self.preview.setContentsMargins(24, 16, 24, 16)
        self._column.addWidget(self.preview)
        self._add_group("size", [(s, f"size-{s}") for s in TEXT_SIZES], columns=3)
        self._add_group("theme", [(t, f"theme-{t}") for t in THEMES], columns=3)
        self._add_group("furigana", [(True, "furigana-on"), (False, "furigana-off")], columns=2)
        languages = available_languages()
        self._add_group("lang", [(code, f"lang-{code}") for code in languages], columns=2)
        self._add_group("scanning", [(True, "scanning-on"), (False, "scanning-off")], columns=2)
        self._add_group("sound", [(True, "sound-on"), (False, "sound-off")], columns=2)
        self._add_group("speed", [(r, f"speed-{r}") for r in RATE_NAMES], columns=3)
        self.reset_button = BigButton(name="settings-reset")
        self.reset_button.clicked.connect(self.reset_requested.emit)
        self._column.addWidget(self.reset_button)
        self._column.addStretch(1)
        self.area = vertical_scroll_area(body)
        self.scroll = ScrollPane(self.area, header=[self.title])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.scroll, 1)
        self.retranslate()

    def _add_group(self, key: str, choices: list[tuple[object, str]], columns: int) -> None:
        heading = RubyLabel()
        heading.setProperty("role", "heading")
        self.headings[key] = heading
        self._column.addWidget(heading)
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(36)  # ≥8 mm between targets
        group = QButtonGroup(self)
        group.setExclusive(True)
        buttons: dict[object, ChoiceButton] = {}
        for index, (value, name) in enumerate(choices):
            button = ChoiceButton(value, name)
            group.addButton(button)
            button.clicked.connect(lambda _=False, k=key, v=value: self._choose(k, v))
            grid.addWidget(button, index // columns, index % columns)
            buttons[value] = button
        self.groups[key] = buttons
        self._column.addWidget(grid_host)

    def set_rate(self, rate: str) -> None:
        """The read-aloud speed in use (the bar's speed button or the idle reset changed it)."""
        self.rate = rate
        for value, button in self.groups["speed"].items():
            button.setChecked(value == rate)

    def set_read_aloud_offered(self, offered: bool) -> None:
        """A site without read-aloud ([menu] read_aloud = false) has no speed to choose."""
        self.headings["speed"].setVisible(offered)
        for button in self.groups["speed"].values():
            button.setVisible(offered)

    def set_sound_available(self, available: bool) -> None:
        self.headings["sound"].setVisible(available)
        for button in self.groups["sound"].values():
            button.setVisible(available)

    def set_columns_for_width(self, narrow: bool) -> None:
        """At the largest text size choices go one per row so long labels never clip."""
        self._narrow = narrow
        if not getattr(self, "_watching_width", False):
            self.area.viewport().installEventFilter(self)
            self._watching_width = True
        for key, buttons in self.groups.items():
            grid = next(iter(buttons.values())).parentWidget().layout()
            columns = 1 if narrow else (3 if key in ("size", "theme", "speed") else 2)
            for button in buttons.values():
                grid.removeWidget(button)
            # Choices the site does not offer stay hidden and leave no hole (issue 18).
            shown = [b for b in buttons.values() if not b.isHidden()]
            columns = self._fitting_columns(shown, columns)
            for index, button in enumerate(shown):
                grid.addWidget(button, index // columns, index % columns)
            for column in range(3):
                grid.setColumnStretch(column, 1 if column < columns else 0)

    def _choose(self, key: str, value: object) -> None:
        if key == "speed":
            self.rate_chosen.emit(str(value))
            return
        field = {
            "size": "text_size",
            "theme": "theme",
            "furigana": "furigana",
            "lang": "lang",
            "scanning": "scanning",
            "sound": "click_sound",
        }[key]
        self._last_choice = (key, value)
        self.changed.emit(replace(self.prefs, **{field: value}))
        # A new text size or theme restyles the whole kiosk; the person stays where they
        # were: the button they chose is kept in view (it used to jump back to the top).
        QTimer.singleShot(0, self._keep_choice_in_view)

    def show_section(self, key: str) -> None:
        """Scroll so ``key``'s heading is at the top (言語 on home opens the languages)."""
        QTimer.singleShot(0, lambda: self._scroll_to_heading(key))

    def _scroll_to_heading(self, key: str) -> None:
        heading = self.headings.get(key)
        if heading is None or not heading.isVisible():
            return
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        top = heading.mapTo(self.area.widget(), QPoint(0, 0)).y()
        self.area.verticalScrollBar().setValue(top)

    def _keep_choice_in_view(self) -> None:
        key, value = getattr(self, "_last_choice", (None, None))
        button = self.groups.get(key, {}).get(value) if key else None
        if button is not None and button.isVisible():
            # the restyle's relayout first, or the button's place is the old one
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            self.area.ensureWidgetVisible(button, 0, 24)

    def show_prefs(self, prefs: Preferences) -> None:
        self.prefs = prefs
        chosen = {
            "size": prefs.text_size,
            "theme": prefs.theme,
            "furigana": prefs.furigana,
            "lang": prefs.lang,
            "scanning": prefs.scanning,
            "sound": prefs.click_sound,
            "speed": self.rate,
        }
        for key, buttons in self.groups.items():
            for value, button in buttons.items():
                button.setChecked(value == chosen[key])
        self.preview.set_ruby_text(self._sample(), prefs.furigana and prefs.lang == "ja")
        self.retranslate()

    def _sample(self) -> str:
        return SAMPLE_JA if self.prefs.lang == "ja" else _("Sample: This is how text will look.")

    def retranslate(self) -> None:
        self.title.setText(_("Settings"))
        self.headings["size"].setText(_("Text size"))
        self.headings["theme"].setText(_("Colours"))
        self.headings["furigana"].setText(_("Furigana (readings over kanji)"))
        self.headings["lang"].setText(_("Language"))
        self.headings["scanning"].setText(_("Switch control (focus moves by itself)"))
        self.headings["sound"].setText(_("Click sound"))
        self.headings["speed"].setText(_("Reading-aloud speed"))
        for rate, button in self.groups["speed"].items():
            button.set_label(_(RATE_NAMES[str(rate)]))
        for step, button in self.groups["size"].items():
            button.set_label(_(SIZE_NAMES[step]))  # type: ignore[index]
        for name, button in self.groups["theme"].items():
            button.set_label(_(THEMES[name].label))  # type: ignore[index]
        for key in ("furigana", "scanning", "sound"):
            self.groups[key][True].set_label(_("On"))
            self.groups[key][False].set_label(_("Off"))
        for code, button in self.groups["lang"].items():
            button.set_label(LANGUAGES.get(str(code), str(code)))
        self.reset_button.set_text(
            "↺ " + _("Back to the usual settings"), _("Back to the usual settings")
        )
        if self.prefs.lang != "ja":
            self.preview.set_ruby_text(self._sample())
        self.scroll.retranslate()

    def style_theme_buttons(self, current: Theme) -> None:
        """Each colour choice is drawn in its own colours: a picture of what it gives. The
        focus ring stays the current theme's, so keyboard users still see where they are."""
        for name, button in self.groups["theme"].items():
            theme = THEMES[str(name)]
            # border + padding is 11 px × 27 px in every state, as on every other button:
            # choosing or focusing a colour never changes its size.
            button.setStyleSheet(
                f"QPushButton {{ background: {theme.background}; color: {theme.text};"
                f" border: 4px solid {theme.text}; padding: 7px 23px; }}"
                f" QPushButton:checked {{ border: 8px double {theme.text}; padding: 3px 19px; }}"
                f" QPushButton:focus {{ border: 8px solid {current.focus}; padding: 3px 19px; }}"
                f" QPushButton:pressed {{ background: {theme.pressed};"
                f" color: {theme.pressed_text}; }}"
            )

    def eventFilter(self, watched, event) -> bool:  # noqa: ANN001, N802 - Qt override
        # the viewport gets its width only once the screen is shown: columns follow it
        resized = event.type() == QEvent.Type.Resize and watched is self.area.viewport()
        if resized and event.size().width() != event.oldSize().width():
            self.set_columns_for_width(getattr(self, "_narrow", False))
        return False

    def _fitting_columns(self, buttons: list[ChoiceButton], columns: int) -> int:
        """Fewer columns while the widest label of a group would be clipped (issue 20: the
        colour names at text size 1 on a 1280 px screen)."""
        width = self.area.viewport().width() - self._column.contentsMargins().right()
        if width <= 0 or not buttons:
            return columns
        grid = buttons[0].parentWidget().layout()
        gap = max(0, grid.horizontalSpacing())
        # the label's advance plus border and padding (27 px a side in every state, theme.py)
        widest = max(b.fontMetrics().horizontalAdvance(b.text()) + 2 * 27 + 4 for b in buttons)
        while columns > 1 and (width - (columns - 1) * gap) // columns < widest:
            columns -= 1
        return columns
