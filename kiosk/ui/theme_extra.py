"""Style sheet for the accessibility screens (settings, how-to, idle, attract), from the same
theme tokens as kiosk.ui.theme; appended to the window's sheet."""

from __future__ import annotations

from kiosk.ui.theme import COMFORT_TARGET_PX, Metrics, Theme, contrast_ratio

RING_PX = 8
# The base QPushButton has a 3 px border and 8 px × 24 px padding; the focus ring is thicker,
# so its padding shrinks by the same amount and the label never moves or gets clipped.
FOCUS_PADDING = "3px 19px"


def focus_ring(theme: Theme, fill: str, fill_text: str) -> str:
    """The focus colour, unless it would vanish against the control's own fill (a white ring
    on a white banner): then the control's text colour, which contrasts ≥7:1 with it."""
    return theme.focus if contrast_ratio(theme.focus, fill) >= 3.0 else fill_text


def _ring(theme: Theme, fill: str, fill_text: str) -> str:
    """CSS border for focus. A fallback ring is doubled so it reads as a frame even where
    its colour is also the page's background."""
    colour = focus_ring(theme, fill, fill_text)
    style = "solid" if colour == theme.focus else "double"
    return f"{RING_PX}px {style} {colour}"


def extra_style_sheet(theme: Theme, metrics: Metrics) -> str:
    t, m = theme, metrics
    # ▲ ▼ hold one glyph: they keep the physical minimum (16 mm) instead of growing with the
    # text, so at 200 % on a short screen they still fit one above the other.
    text_target = max(COMFORT_TARGET_PX, round(m.chrome * 2.1))
    arrow = m.target if m.target > text_target else COMFORT_TARGET_PX
    few_tile = min(round(m.tile * 1.5), max(m.tile, 56))  # issue 18: a site with ≤3 tiles
    return f"""
    QPushButton[role="tile"][few="true"] QLabel[role="tile-label"] {{ font-size: {few_tile}px; }}
    QPushButton[role="tile"][few="true"] QLabel[role="row-date"] {{ font-size: {m.body}px; }}
    QLabel[role="heading"] {{ font-size: {round(m.body * 1.15)}px; font-weight: bold; }}
    QLabel[role="big"] {{ font-size: {m.title}px; }}
    QLabel[role="praise"] {{ font-size: {m.title}px; font-weight: bold; color: {t.text}; }}
    QLabel[role="preview"] {{ border: 3px solid {t.border}; background: {t.surface};
                   color: {t.surface_text}; }}
    QPushButton[role="choice"] {{ background: {t.surface}; color: {t.surface_text};
                   text-align: left; }}
    QPushButton[role="choice"]:pressed, QPushButton[role="huge"]:pressed {{
                   background: {t.pressed}; color: {t.pressed_text}; }}
    QPushButton[role="choice"]:checked {{ background: {t.button}; color: {t.button_text};
                   border: 6px solid {t.border}; }}
    QPushButton[role="huge"] {{ font-size: {round(m.chrome * 1.5)}px; padding: 24px 64px;
                   min-height: {m.target + 32}px; }}
    QFrame#idle-warning, QFrame#attract {{ background: {t.background}; }}
    QLabel#attract-notice {{ font-size: {m.body}px; border-top: 3px solid {t.border};
                   padding-top: 16px; }}
    QPushButton#alert-banner QLabel[role="tile-label"] {{ font-size: {m.chrome}px; }}
    QPushButton#scroll-up, QPushButton#scroll-down {{ min-height: {arrow}px;
                   max-height: {arrow}px; padding: 0px; font-size: {m.chrome}px; }}
    QWidget:focus {{ outline: none; }}
    QPushButton:focus {{ border: {_ring(t, t.button, t.button_text)};
                   padding: {FOCUS_PADDING}; }}
    QPushButton[role="huge"]:focus {{ padding: 19px 59px; }}
    QPushButton[role="tile"]:focus, QPushButton[role="row"]:focus,
    QPushButton[role="choice"]:focus {{
                   border: {_ring(t, t.surface, t.surface_text)}; }}
    QPushButton[role="choice"]:checked:focus {{
                   border: {_ring(t, t.button, t.button_text)}; }}
    QPushButton[role="alert"]:focus {{
                   border: {_ring(t, t.alert, t.alert_text)}; }}
    QPushButton[role="alert"][drill="true"]:focus {{
                   border: {_ring(t, t.drill, t.drill_text)}; }}
    """
