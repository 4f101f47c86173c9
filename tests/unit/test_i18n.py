from __future__ import annotations

from datetime import UTC, date, datetime

from babel.messages.extract import extract_from_dir

from kiosk.i18n import LOCALE_DIR, catalog, gettext
from kiosk.i18n.dates import format_clock, format_day, wareki_year
from kiosk.ui.theme import THEMES, contrast_ratio


def test_every_ui_string_has_a_japanese_translation() -> None:
    keywords = {"_": None, "gettext": None, "N_": None}
    found = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(LOCALE_DIR.parent), keywords=keywords
        )
        if isinstance(message, str)
    }
    assert len(found) > 20
    missing = sorted(found - set(catalog("ja")))
    assert not missing, missing


def test_gettext_falls_back_to_english() -> None:
    assert gettext("Home", "ja") == "ホーム"
    assert gettext("Home", "en") == "Home"
    assert gettext("no such message", "ja") == "no such message"


def test_wareki_dates() -> None:
    assert wareki_year(date(2026, 11, 25)) == "令和8年"
    assert wareki_year(date(2019, 5, 1)) == "令和元年"
    assert wareki_year(date(2019, 4, 30)) == "平成31年"
    assert format_day(date(2026, 11, 24), "ja") == "令和8年11月24日（火）"
    assert format_day(date(2026, 11, 24), "ja", wareki=False) == "2026年11月24日（火）"
    assert format_day(date(2026, 11, 24), "en") == "Tuesday, November 24, 2026"
    # 18:30 UTC is already the next morning in Japan.
    late = datetime(2026, 11, 24, 18, 30, tzinfo=UTC)
    assert format_day(late, "ja") == "令和8年11月25日（水）"
    assert format_clock(late, "ja") == "午前3時30分"


def test_every_theme_pair_meets_aaa_contrast() -> None:
    for theme in THEMES.values():
        for role, (fg, bg) in theme.text_pairs().items():
            assert contrast_ratio(fg, bg) >= 7.0, (theme.name, role, fg, bg)
        # the focus ring must stand out from the background (non-text: ≥3:1)
        assert contrast_ratio(theme.focus, theme.background) >= 3.0, theme.name


def test_contrast_formula_known_values() -> None:
    assert round(contrast_ratio("#000000", "#FFFFFF"), 1) == 21.0
    assert round(contrast_ratio("#777777", "#FFFFFF"), 2) == 4.48


def test_focus_ring_is_visible_on_every_control_fill() -> None:
    from kiosk.ui.theme import focus_ring

    for theme in THEMES.values():
        fills = {
            "button": (theme.button, theme.button_text),
            "surface": (theme.surface, theme.surface_text),
            "alert": (theme.alert, theme.alert_text),
            "drill": (theme.drill, theme.drill_text),
        }
        for role, (fill, text) in fills.items():
            assert contrast_ratio(focus_ring(theme, fill, text), fill) >= 3.0, (theme.name, role)


def test_drill_marker_is_never_doubled() -> None:
    from kiosk.viewmodels.alerts import already_marked

    assert already_marked("[DRILL] Landslide warning", "Drill")
    assert already_marked("【訓練】土砂災害警戒情報", "演习")
    assert not already_marked("Landslide warning", "Drill")
