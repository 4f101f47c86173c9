"""The site-wide part of the service menu ([menu] in kiosk.toml, issue 18) applied to a built
window: languages offered, read-aloud, print, QR code, the how-to button.

Kept here so the screens stay unaware of the config: each switch only hides what the site
does not offer. Safety first: an alert that takes over is still read aloud with read-aloud
off, and alert tiles and banners never depend on the menu.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout

from kiosk.config import LANGUAGES
from kiosk.menu import MenuSettings

LANGUAGE_COLUMNS = 2  # as the settings screen lays them out


def apply_menu(window, menu: MenuSettings) -> None:  # noqa: ANN001 - KioskWindow
    window.visitor.with_settings(lambda _screen: _offer_languages(window, menu.languages))
    offered = [code for code in LANGUAGES if code in menu.languages]
    window.visitor.home_language_button.setVisible(len(offered) > 1)  # settings: when built
    window.read_aloud.offered = menu.read_aloud
    takehome = getattr(window, "takehome", None)
    if takehome is not None:
        takehome.qr_offered = menu.qr
        if not menu.print:
            takehome.problem = "print is not offered at this site"
        takehome.on_navigated(window.current.screen, "")
    window.visitor.home_howto_button.setVisible(menu.howto)
    window.read_aloud.place_changed(window.current.screen, window.current.argument)


def _offer_languages(window, languages: tuple[str, ...]) -> None:  # noqa: ANN001
    """Only the site's languages on the settings screen, re-laid without holes; with one
    language, no language choice at all (home button and settings group hidden)."""
    buttons = window.visitor.settings.groups["lang"]
    shown = [code for code in buttons if code in languages]
    grid = None
    for button in buttons.values():
        parent = button.parentWidget()
        grid = parent.layout() if parent is not None else grid
        grid.removeWidget(button)
        button.setVisible(False)
    if isinstance(grid, QGridLayout):
        for index, code in enumerate(shown):
            grid.addWidget(buttons[code], index // LANGUAGE_COLUMNS, index % LANGUAGE_COLUMNS)
            buttons[code].setVisible(True)
        grid.invalidate()
    single = len(shown) <= 1
    window.visitor.settings.headings["lang"].setVisible(not single)
    window.visitor.home_language_button.setVisible(not single)
