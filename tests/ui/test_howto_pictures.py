"""Issue 20: the how-to pictures of buttons are clearly pictures, not buttons: each sits in a
dashed 見本 card, takes no focus, shows no pointing hand, and a press on it changes nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractButton, QApplication

from kiosk.ui.app import navigate_to
from kiosk.ui.theme import THEMES


def test_pictures_are_labelled_sample_cards_not_buttons(qtbot, window) -> None:
    navigate_to(window, "howto")
    QApplication.processEvents()
    howto = window.visitor.howto
    theme = THEMES[window.theme.name]
    for key, picture in howto.pictures.items():
        assert not picture.pixmap().isNull(), key
        card = picture.parentWidget()
        assert card.objectName() == "howto-sample", key
        assert not isinstance(card, QAbstractButton) and not isinstance(picture, QAbstractButton)
        assert card.focusPolicy() == Qt.FocusPolicy.NoFocus
        assert picture.focusPolicy() == Qt.FocusPolicy.NoFocus
        assert card.cursor().shape() != Qt.CursorShape.PointingHandCursor
        captions = [c for c in howto.captions if c.parentWidget() is card]
        assert captions and captions[0].text() == "見本" and captions[0].isVisibleTo(card)
        # the card's own frame: a muted dashed line, not a button's filled face
        image = card.grab().toImage()
        edge = {image.pixelColor(1, y).name() for y in range(image.height())}
        assert QColor(theme.muted).name() in edge, key
        assert QColor(theme.background).name() in edge, key  # the dashes' gaps


def test_pressing_a_picture_changes_nothing(qtbot, window) -> None:
    navigate_to(window, "howto")
    QApplication.processEvents()
    howto = window.visitor.howto
    places = window.navigation.places()
    for picture in howto.pictures.values():
        if not picture.isVisible():
            continue
        qtbot.mouseClick(picture, Qt.MouseButton.LeftButton)
        qtbot.wait(450)  # past the tremor guard
        assert window.current.screen == "howto"
        assert window.navigation.places() == places
