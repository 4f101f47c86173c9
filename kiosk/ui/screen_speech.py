"""What the read-aloud button reads on the screens that are not a page (issue 20): home, a
category list, settings, the how-to and an alert.

Each screen gives plain text, top to bottom, as (language, text) pieces: the kiosk's own words
in the screen language, content (a page title, an alert) in the language it is written in, so
a Japanese title under an English screen is read by the Japanese voice. Pieces are taken from
what the screen shows (labels' plain text: no phrase break marks, no readings) and from its
view-model where a label mixes languages.
"""

from __future__ import annotations

from collections.abc import Iterable

from kiosk.content.phrases import strip_breaks
from kiosk.i18n import gettext as _
from kiosk.viewmodels.alerts import drill_marker

Piece = tuple[str, str]  # (language, text)
Part = tuple[str, list[str]]  # (language, sentences): one job for the speech worker
# Drawn symbols that are no words: a voice would spell them out ("warning sign").
SYMBOLS = str.maketrans("", "", "⚠✓↺▶◀⌂⚙❚■…⟳▲▼★")
LIST_SEPARATOR = {"ja": "、", "zh-Hans": "、", "zh-Hant": "、"}


def plain(text: str) -> str:
    """Text as it is spoken: no layout marks, no drawn symbols, no blank edges."""
    return strip_breaks(text).translate(SYMBOLS).strip()


def parts(pieces: Iterable[Piece]) -> list[Part]:
    """Pieces → sentences, neighbours in one language joined into one part (one job)."""
    from kiosk.speech.normalize import split_sentences  # on the first read-aloud, not at start

    out: list[Part] = []
    for lang, text in pieces:
        sentences = [span.text for span in split_sentences(plain(text), lang)]
        sentences = [s for s in sentences if s.strip()]
        if not sentences:
            continue
        if out and out[-1][0] == lang:
            out[-1][1].extend(sentences)
        else:
            out.append((lang, sentences))
    return out


def home_pieces(home, lang: str) -> list[Piece]:  # noqa: ANN001 - HomeScreen
    """The alert banner when there is one, then every tile's title and description."""
    pieces: list[Piece] = []
    vm = getattr(home, "vm", None)
    banner = vm.banner if vm is not None else None
    if banner is not None and not home.banner.isHidden():
        banner_lang = banner.lang or lang
        if banner_lang == lang:
            # the whole text, also when the banner shows its short form for lack of room
            pieces += [(lang, text) for text in home.banner_texts()]
        else:  # the marker is in the screen language, the alert in its own
            marker = drill_marker(banner.text, banner.drill)  # as on the banner
            if marker:
                pieces.append((lang, marker))
            pieces += [(banner_lang, banner.text)]
            pieces += [(lang, _("Touch here to read more"))]
    for tile in home.tiles.values():
        if not tile.isHidden():
            pieces += [(lang, text) for text in tile.texts()]
    return pieces


def category_pieces(category, lang: str) -> list[Piece]:  # noqa: ANN001 - CategoryScreen
    """The list's title, a note that it may be out of date, then every row: its title (in
    its own language) and, when that is the screen's language, its date."""
    pieces: list[Piece] = [(lang, category.title.text())]
    if not category.stale.isHidden():
        pieces.append((lang, category.stale.text()))
    vm = getattr(category, "vm", None)
    rows = vm.rows if vm is not None else ()
    if not rows and not category.empty.isHidden():
        pieces.append((lang, category.empty.text()))
    for row in rows:
        row_lang = row.lang or lang
        pieces.append((row_lang, row.title))
        if row.date_text and row_lang == lang:
            pieces.append((lang, row.date_text))
    return pieces


def settings_pieces(settings, lang: str) -> list[Piece]:  # noqa: ANN001 - SettingsScreen
    """What the screen offers and what is chosen now, group by group."""
    separator = LIST_SEPARATOR.get(lang, ", ")
    pieces: list[Piece] = [(lang, settings.title.text())]
    for key, buttons in settings.groups.items():
        heading = settings.headings[key]
        shown = [b for b in buttons.values() if not b.isHidden()]
        if heading.isHidden() or not shown:
            continue
        chosen = next((b.accessibleName() for b in shown if b.isChecked()), "")
        if key == "lang":
            # Each language is named in itself (so a visitor finds theirs); one voice cannot
            # read them all, so only the language in use is said.
            text = _("{setting}. Now: {choice}.").format(setting=heading.text(), choice=chosen)
        else:
            text = _("{setting}. You can choose {choices}. Now: {choice}.").format(
                setting=heading.text(),
                choices=separator.join(b.accessibleName() for b in shown),
                choice=chosen,
            )
        pieces.append((lang, text))
    if not settings.reset_button.isHidden():
        pieces.append((lang, settings.reset_button.accessibleName()))
    return pieces


def howto_pieces(howto, lang: str) -> list[Piece]:  # noqa: ANN001 - HowToScreen
    """The title, the practice it offers, then each button it explains. A row that starts
    with a drawn symbol (▲: …) is read with the button's name instead of the symbol."""
    pieces: list[Piece] = [(lang, howto.title.text())]
    pieces.append((lang, howto.practice_button.text()))
    for name, text in howto.explained():
        said = plain(text)
        if said[:1] in ":：" and name:  # the row named its button by a symbol alone
            said = name + said
        pieces.append((lang, said))
    return pieces


def alert_pieces(alert, lang: str) -> list[Piece]:  # noqa: ANN001 - AlertScreen
    """The whole alert, description included, in the alert's own language."""
    vm = alert.vm
    if vm is None:
        return []
    return [(vm.speech_lang or lang, line) for line in vm.speech_text(full=True).split("\n")]
