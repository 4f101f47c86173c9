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


def test_the_read_aloud_button_is_explained_with_its_picture(qtbot, window) -> None:
    """The kiosk's one big feature has a row of its own, between Home and Settings as on the
    navigation bar; its picture is the button at rest, whatever the bar shows right now."""
    navigate_to(window, "howto")
    QApplication.processEvents()
    howto = window.visitor.howto
    picture, text = howto.pictures["read"], howto.texts["read"]
    assert picture.isVisibleTo(window) and text.isVisibleTo(window)
    assert not picture.pixmap().isNull()
    assert picture.accessibleName() == "ボタンの絵：この画面を読み上げる"
    assert text.text().startswith("読み上げ：")
    rows = [key for key, card in howto.samples.items() if card.isVisibleTo(window)]
    assert rows == ["back", "home", "read", "settings", "scroll-up", "scroll-down"]
    # the picture is as wide as the idle button's words need, not the pause button's
    bar_button = window.read_aloud.bar.read_button
    words = bar_button.fontMetrics().horizontalAdvance("▶ 読み上げ")
    assert picture.pixmap().width() >= words


def test_a_site_without_reading_aloud_does_not_explain_it(qtbot, window) -> None:
    window.read_aloud.offered = False  # what [menu] read_aloud = false sets (site_menu.py)
    try:
        navigate_to(window, "howto")
        QApplication.processEvents()
        howto = window.visitor.howto
        assert not howto.samples["read"].isVisibleTo(window)
        assert not howto.texts["read"].isVisibleTo(window)
        assert [name for name, _text in howto.explained()] == [
            howto.names[key] for key in ("back", "home", "settings", "scroll-up", "scroll-down")
        ]
    finally:
        window.read_aloud.offered = True  # and back: the row returns on the next visit
    window.go_home()
    navigate_to(window, "howto")
    QApplication.processEvents()
    assert howto.samples["read"].isVisibleTo(window)
