"""使い方 / How to use: pictures of the real buttons (the practice is in screens/practice.py).

The pictures are the kiosk's own buttons rendered to pixmaps, in the current colours and
size, so they always look exactly like what the person will press.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import gettext as _
from kiosk.ui.widgets.buttons import BigButton
from kiosk.ui.widgets.ruby import RubyLabel
from kiosk.ui.widgets.scroll import ScrollPane, vertical_scroll_area

# In the order they sit on the screen: the navigation bar left to right, then the scroll
# buttons. "read" is shown only where the site offers reading aloud ([menu] read_aloud).
EXPLAINED = ("back", "home", "read", "settings", "scroll-up", "scroll-down")


class HowToScreen(QWidget):
    screen_name = "howto"
    practice_chosen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = RubyLabel()
        self.title.setProperty("role", "title")
        self.pictures: dict[str, QLabel] = {}
        self.texts: dict[str, RubyLabel] = {}
        self.practice_button = BigButton(name="practice")
        self.practice_button.clicked.connect(self.practice_chosen.emit)
        body = QWidget()
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 12, 0)
        grid.setHorizontalSpacing(32)
        grid.setVerticalSpacing(32)
        # first in the scrolling part: the practice is what beginners come here for
        grid.addWidget(self.practice_button, 0, 0, 1, 2)
        self.samples: dict[str, QFrame] = {}
        self.names: dict[str, str] = {}  # each pictured button's accessible name
        self.captions: list[QLabel] = []
        for row, key in enumerate(EXPLAINED, 1):
            picture = QLabel()
            picture.setObjectName(f"picture-{key}")
            picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            text = RubyLabel()
            self.pictures[key], self.texts[key] = picture, text
            grid.addWidget(self._sample_card(key, picture), row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(text, row, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(len(EXPLAINED) + 1, 1)
        self.area = vertical_scroll_area(body)
        self.scroll = ScrollPane(self.area, header=[self.title])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.scroll, 1)

    def _sample_card(self, key: str, picture: QLabel) -> QFrame:
        """A picture of a button must not pass for a button (issue 20: people pressed them
        and nothing happened). Pressing a picture to *do* the thing would take the person away
        from the explanation they are reading (Back or Home) or make two of the same button
        on one screen, so the picture stays a picture and says so: a dashed "sample" card, as
        in a printed manual, with a 見本 caption, no shadow, no pressed or hover look, no
        focus, no pointing-hand cursor. The button inside keeps its real colours so the person
        recognises it on the screen."""
        card = QFrame()
        card.setObjectName("howto-sample")
        card.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        caption = QLabel()
        caption.setObjectName("howto-sample-caption")
        caption.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.captions.append(caption)
        column = QVBoxLayout(card)
        column.setContentsMargins(12, 4, 12, 12)
        column.setSpacing(4)
        column.addWidget(caption)
        column.addWidget(picture, 0, Qt.AlignmentFlag.AlignCenter)
        self.samples[key] = card
        return card

    def show_pictures(self, pixmaps: dict[str, QPixmap], names: dict[str, str]) -> None:
        """One row per button pictured; a button this kiosk does not have (no ``pixmaps``
        entry: reading aloud turned off for the site) is not explained at all."""
        self.names = dict(names)
        for key, label in self.pictures.items():
            pixmap = pixmaps.get(key)
            shown = pixmap is not None
            label.setPixmap(pixmap if shown else QPixmap())
            label.setAccessibleName(
                _("Picture of the button: {name}").format(name=names[key]) if shown else ""
            )
            self.samples[key].setVisible(shown)
            self.texts[key].setVisible(shown)
        self.retranslate()

    def explained(self) -> list[tuple[str, str]]:
        """(button name, explanation) of each row shown, top to bottom: what reading the
        screen aloud says (kiosk.ui.screen_speech.howto_pieces)."""
        return [
            (self.names.get(key, ""), self.texts[key].text())
            for key in EXPLAINED
            if not self.texts[key].isHidden()
        ]

    def retranslate(self) -> None:
        self.title.setText(_("How to use"))
        explanations = {
            "back": _("Back: return to the screen you saw before."),
            "home": _("Home: return to the first screen with the big buttons."),
            "read": _(
                "Read aloud: the kiosk reads the screen to you. Press it while it reads to pause."
            ),
            "settings": _("Settings: make the text bigger, change colours, language, furigana."),
            "scroll-up": _("▲: show the text above. You can also slide the text with a finger."),
            "scroll-down": _("▼: show more of the text below."),
        }
        for key, text in explanations.items():
            self.texts[key].setText(text)
        for caption in self.captions:
            caption.setText(_("Sample picture"))
        self.practice_button.set_text("★ " + _("Practice (try it out)"), _("Practice"))
        self.scroll.retranslate()


def button_pictures(
    window, settings_button: BigButton
) -> tuple[dict[str, QPixmap], dict[str, str]]:  # noqa: ANN001 - KioskWindow
    """The real buttons, rendered as they look right now (enabled, current theme), and their
    names: Back and Home, read-aloud where the site offers it, Settings, the scroll buttons."""
    buttons = {**window.navigation_buttons(), "settings": settings_button}
    samples = {key: button.text() for key, button in buttons.items()}
    names = {key: button.accessibleName() for key, button in buttons.items()}
    read_aloud = getattr(window, "read_aloud", None)
    if read_aloud is not None and read_aloud.offered:
        # as it looks at rest (on this very screen it may be reading, or paused)
        samples["read"], names["read"] = read_aloud.bar.idle_look()
    samples |= {"scroll-up": "▲", "scroll-down": "▼"}
    names |= {"scroll-up": _("Scroll up"), "scroll-down": _("Scroll down")}
    pictures = {}
    for key, text in samples.items():
        sample = BigButton(text, window.navbar)  # styled by the window's sheet
        sample.ensurePolished()
        sample.resize(sample.sizeHint())
        pictures[key] = sample.grab()
        sample.deleteLater()
    return pictures, names
