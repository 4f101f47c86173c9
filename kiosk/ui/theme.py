"""Theme tokens in one place, and the Qt style sheet derived from them.

Every foreground/background pair a screen uses is listed in ``Theme.text_pairs`` so a test can
compute its contrast (WCAG AAA: ≥7:1). Sizes scale with the text-size step.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass
from functools import cache

from kiosk.fonts import css_families
from kiosk.i18n import N_

BASE_TEXT_PX = 32  # body text at normal size (DESIGN: ≥28 px)
TEXT_SCALE = {1: 1.0, 2: 1.5, 3: 2.0}
CHROME_MAX_SCALE = 1.4  # header/navigation text stops growing here so screens keep their room
MIN_TARGET_PX = 72  # ≥16 mm where DPI is unknown (DESIGN)
COMFORT_TARGET_PX = 88  # what we actually draw at normal size: a margin above the minimum
# The header (place name, clock) stops growing here: at 200 % on a 1280×800 screen the
# content gets the room (issue 20). Still far above the 28 px minimum.
HEADER_MAX_PX = 44
# min-height in a style sheet sizes the content box; border 3 + padding 8, twice, come on top:
# the touch target is the whole button, so the content box is the target less these.
BUTTON_BOX_PX = 2 * (3 + 8)
# Every font size the kiosk draws is one of these (issue 17). Each distinct pixel size is its own
# font engine with its own glyph cache (CJK glyphs at 64 px are kilobytes each), so sizes
# derived by multiplying (title = 1.3 × body, readings = ½ × text, …) snap to this ladder
# instead of producing some fifty sizes over the three text steps. The three body sizes
# (32, 48, 64) and their half-size readings are on it; neighbours are ≤ 1/8 apart.
FONT_LADDER = (12, 14, 16, 20, 24, 28, 32, 36, 40, 44, 48, 56, 64, 72, 80, 96)


def font_px(px: float) -> int:
    """The ladder size nearest to ``px`` (the smaller one on a tie)."""
    return min(FONT_LADDER, key=lambda size: (abs(size - px), size))


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    label: str
    background: str
    text: str
    muted: str  # secondary text (dates, notes); still ≥7:1 on background
    surface: str  # tiles and rows
    surface_text: str
    button: str  # navigation buttons
    button_text: str
    pressed: str
    pressed_text: str
    border: str
    focus: str
    alert: str
    alert_text: str
    drill: str
    drill_text: str

    def text_pairs(self) -> dict[str, tuple[str, str]]:
        """(foreground, background) for every kind of text drawn with this theme."""
        return {
            "body": (self.text, self.background),
            "muted": (self.muted, self.background),
            "surface": (self.surface_text, self.surface),
            "button": (self.button_text, self.button),
            "pressed": (self.pressed_text, self.pressed),
            "alert": (self.alert_text, self.alert),
            "drill": (self.drill_text, self.drill),
        }


THEMES: dict[str, Theme] = {
    "light": Theme(
        name="light",
        label=N_("Black on white"),
        background="#FFFFFF",
        text="#000000",
        muted="#333333",
        surface="#EDF1F7",
        surface_text="#000000",
        button="#0B3A82",
        button_text="#FFFFFF",
        pressed="#000000",
        pressed_text="#FFFF00",
        border="#0B3A82",
        focus="#C75000",
        alert="#A80000",
        alert_text="#FFFFFF",
        drill="#5A2D00",
        drill_text="#FFFFFF",
    ),
    "dark": Theme(
        name="dark",
        label=N_("White on black"),
        background="#000000",
        text="#FFFFFF",
        muted="#D9D9D9",
        surface="#1C1C1C",
        surface_text="#FFFFFF",
        button="#FFFFFF",
        button_text="#000000",
        pressed="#FFFF00",
        pressed_text="#000000",
        border="#FFFFFF",
        focus="#FFB000",
        alert="#A80000",
        alert_text="#FFFFFF",
        drill="#FFB000",
        drill_text="#000000",
    ),
    "blue": Theme(
        name="blue",
        label=N_("Yellow on blue"),
        background="#001A4D",
        text="#FFFF00",
        muted="#FFFFB3",
        surface="#00297A",
        surface_text="#FFFF00",
        button="#FFFF00",
        button_text="#001A4D",
        pressed="#FFFFFF",
        pressed_text="#001A4D",
        border="#FFFF00",
        focus="#FFFFFF",
        alert="#A80000",
        alert_text="#FFFFFF",
        drill="#FFFFFF",
        drill_text="#001A4D",
    ),
}


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of #RRGGBB."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


@dataclass(frozen=True, slots=True)
class Metrics:
    """Pixel sizes for one text-size step."""

    body: int  # reading text: scales fully with the text-size step
    small: int
    title: int
    tile: int
    chrome: int  # header, navigation and button labels: grow less so the chrome stays usable
    target: int
    gap: int

    @classmethod
    def for_step(cls, step: int) -> Metrics:
        scale = TEXT_SCALE[step]
        body = font_px(BASE_TEXT_PX * scale)
        chrome = min(body, font_px(BASE_TEXT_PX * CHROME_MAX_SCALE))
        return cls(
            body=body,
            small=font_px(body * 0.85),
            title=font_px(body * 1.3),
            tile=font_px(body * 1.2),
            chrome=chrome,
            target=max(COMFORT_TARGET_PX, round(chrome * 2.1)),
            gap=max(24, round(chrome * 0.75)),
        )


def style_sheet(theme: Theme, metrics: Metrics) -> str:
    t, m = theme, metrics
    place = font_px(m.chrome * 1.2)
    return f"""
    QWidget {{ background: {t.background}; color: {t.text}; font-family: {css_families()};
               font-size: {m.body}px; }}
    QLabel {{ background: transparent; }}
    QLabel[role="title"] {{ font-size: {m.title}px; font-weight: bold; }}
    QLabel[role="muted"] {{ color: {t.muted}; font-size: {m.small}px; }}
    QLabel[role="clock"] {{ font-size: {font_px(min(m.chrome, HEADER_MAX_PX - 8))}px;
                   font-weight: bold; }}
    QLabel[role="place"] {{ font-size: {font_px(min(m.chrome * 1.2, HEADER_MAX_PX))}px;
                   font-weight: bold; }}
    QFrame#header {{ border-bottom: 3px solid {t.border}; }}
    QFrame#navbar {{ border-top: 3px solid {t.border}; }}
    QPushButton {{ background: {t.button}; color: {t.button_text}; border: 3px solid {t.border};
                   border-radius: 12px; padding: 8px 24px; font-weight: bold;
                   font-size: {m.chrome}px;
                   min-height: {m.target - BUTTON_BOX_PX}px; min-width: {m.target}px; }}
    QPushButton:pressed, QPushButton[pressed="true"] {{ background: {t.pressed};
                   color: {t.pressed_text}; }}
    QPushButton:focus {{ border: {_ring(t, t.button, t.button_text)}; padding: {FOCUS_PADDING}; }}
    QPushButton:disabled {{ background: {t.background}; color: {t.muted};
                   border: 3px dashed {t.muted}; }}
    QPushButton[role="tile"], QPushButton[role="row"] {{ background: {t.surface};
                   color: {t.surface_text}; border: 3px solid {t.border}; text-align: left; }}
    QPushButton[role="tile"]:pressed, QPushButton[role="row"]:pressed {{
                   background: {t.pressed}; }}
    QPushButton[role="tile"] QLabel, QPushButton[role="row"] QLabel {{ color: {t.surface_text}; }}
    QPushButton[role="alert"] {{ background: {t.alert}; color: {t.alert_text};
                   border: 4px solid {t.alert_text}; text-align: left; }}
    QPushButton[role="alert"] QLabel {{ color: {t.alert_text}; }}
    QPushButton[role="alert"][drill="true"] {{ background: {t.drill}; color: {t.drill_text};
                   border: 4px dashed {t.drill_text}; }}
    QPushButton[role="alert"][drill="true"] QLabel {{ color: {t.drill_text}; }}
    QLabel[role="tile-label"] {{ font-size: {m.tile}px; font-weight: bold; }}
    QPushButton[role="tile"] QLabel, QPushButton[role="row"] QLabel,
    QPushButton[role="alert"] QLabel {{ font-size: {m.body}px; }}
    QPushButton[role] QLabel[role="tile-label"] {{ font-size: {m.tile}px; }}
    QPushButton[role="alert"] QLabel {{ font-size: {m.chrome}px; }}
    QPushButton[role="alert"] QLabel[role="tile-label"] {{ font-size: {place}px; }}
    QLabel[role="row-date"] {{ font-size: {m.small}px; }}
    QTextBrowser {{ border: none; background: {t.background}; color: {t.text}; }}
    QScrollArea {{ border: none; }}
    QScrollBar:vertical {{ width: 24px; background: {t.background}; }}
    QScrollBar::handle:vertical {{ background: {t.border}; min-height: 60px; border-radius: 8px; }}
    QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0px; }}
    """


# --- the accessibility screens (settings, how-to, idle, attract) and the focus ring -----------

RING_PX = 8
# The base QPushButton has a 3 px border and 8 px × 24 px padding; the focus ring is thicker,
# so its padding shrinks by the same amount and the label never moves or gets clipped.
FOCUS_PADDING = "3px 19px"


RING_CONTRAST = 3.0  # WCAG 2.2 focus appearance: ≥3:1 against what the ring touches


def focus_ring(theme: Theme, fill: str, fill_text: str) -> str:
    """The ring's colour on a control filled with ``fill``: one colour with ≥3:1 against the
    fill (inside the ring) and against the page background (outside it), so all 8 px of the
    ring read as a ring. The theme's focus colour where it does; else the same hue made
    lighter or darker; else the hue (or grey) with the best contrast to both. Where no colour
    can (red on a white page: no luminance is 3:1 from both), the control's text colour, drawn
    as a double ring (``_ring``)."""
    return _ring_colour(theme.focus, fill, theme.background) or fill_text


@cache
def _ring_colour(focus: str, fill: str, background: str) -> str | None:
    def score(colour: str) -> float:
        return min(contrast_ratio(colour, fill), contrast_ratio(colour, background))

    if score(focus) >= RING_CONTRAST:
        return focus
    if not _some_luminance_contrasts(fill, background):
        return None  # no colour at all can: skip the search (~40 ms at every start, issue 17)
    red, green, blue = (int(focus.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, _lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    same_hue = [_hls(hue, step / 100, saturation) for step in range(101)]
    fits = [c for c in same_hue if score(c) >= RING_CONTRAST]
    if fits:  # the theme's hue still says "focus"; the lightness with the widest margin
        return max(fits, key=score)
    others = [_hls(h / 36, step / 100, 1.0) for h in range(36) for step in range(101)]
    others += [_hls(0, step / 100, 0) for step in range(101)]
    best = max(others, key=score)
    return best if score(best) >= RING_CONTRAST else None


def _some_luminance_contrasts(fill: str, background: str) -> bool:
    """Whether any luminance has ≥ RING_CONTRAST against both colours. A colour's contrast
    depends on its luminance only, so when none has, no candidate of the search can either.
    The luminances that do form intervals whose ends are among the points tried here."""
    ends = [0.0, 1.0]
    for colour in (fill, background):
        offset = relative_luminance(colour) + 0.05
        ends += [offset / RING_CONTRAST - 0.05, offset * RING_CONTRAST - 0.05]
    for luminance in (min(1.0, max(0.0, end)) for end in ends):
        ratios = [
            max(luminance + 0.05, relative_luminance(c) + 0.05)
            / min(luminance + 0.05, relative_luminance(c) + 0.05)
            for c in (fill, background)
        ]
        if min(ratios) >= RING_CONTRAST - 1e-9:  # rounding at an interval's end
            return True
    return False


def _hls(hue: float, lightness: float, saturation: float) -> str:
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return "#{:02X}{:02X}{:02X}".format(*(round(c * 255) for c in (red, green, blue)))


def _ring(theme: Theme, fill: str, fill_text: str) -> str:
    """CSS border for focus: solid where one colour contrasts with fill and background; the
    double fallback reads as a frame even where its colour is also the page's background."""
    colour = focus_ring(theme, fill, fill_text)
    style = "solid" if _ring_colour(theme.focus, fill, theme.background) else "double"
    return f"{RING_PX}px {style} {colour}"


def extra_style_sheet(theme: Theme, metrics: Metrics) -> str:
    t, m = theme, metrics
    # ▲ ▼ hold one glyph: they keep the physical minimum (16 mm) instead of growing with the
    # text, so at 200 % on a short screen they still fit one above the other.
    text_target = max(COMFORT_TARGET_PX, round(m.chrome * 2.1))
    arrow = m.target if m.target > text_target else COMFORT_TARGET_PX
    few_tile = font_px(min(m.tile * 1.5, max(m.tile, 56)))  # issue 18: a site with ≤3 tiles
    return f"""
    QPushButton[role="tile"][few="true"] QLabel[role="tile-label"] {{ font-size: {few_tile}px; }}
    QPushButton[role="tile"][few="true"] QLabel[role="row-date"] {{ font-size: {m.body}px; }}
    QLabel[role="heading"] {{ font-size: {font_px(m.body * 1.15)}px; font-weight: bold; }}
    QLabel[role="big"] {{ font-size: {m.title}px; }}
    QLabel[role="praise"] {{ font-size: {m.title}px; font-weight: bold; color: {t.text}; }}
    QLabel[role="preview"] {{ border: 3px solid {t.border}; background: {t.surface};
                   color: {t.surface_text}; }}
    QPushButton[role="choice"] {{ background: {t.surface}; color: {t.surface_text};
                   text-align: left; }}
    QPushButton[role="choice"]:pressed, QPushButton[role="huge"]:pressed {{
                   background: {t.pressed}; color: {t.pressed_text}; }}
    QPushButton[role="choice"]:checked {{ background: {t.button}; color: {t.button_text};
                   border: 6px solid {t.border}; padding: 5px 21px; }}
    QPushButton[role="huge"] {{ font-size: {font_px(m.chrome * 1.5)}px; padding: 24px 64px;
                   min-height: {m.target + 32}px; }}
    QFrame#idle-warning, QFrame#attract {{ background: {t.background}; }}
    QFrame#howto-sample {{ border: 3px dashed {t.muted}; border-radius: 0px; }}
    QLabel#howto-sample-caption {{ font-size: {m.small}px; color: {t.muted}; }}
    QLabel#attract-notice {{ font-size: {m.body}px; border-top: 3px solid {t.border};
                   padding-top: 16px; }}
    QPushButton#alert-banner QLabel[role="tile-label"] {{ font-size: {m.chrome}px; }}
    QPushButton#scroll-up, QPushButton#scroll-down {{ min-height: {arrow}px;
                   max-height: {arrow}px; padding: 0px; font-size: {m.chrome}px; }}
    QWidget#scroll-cover {{ background: {t.background}; }}
    QFrame#navbar QPushButton {{ max-height: {m.target - BUTTON_BOX_PX}px; }}
    QWidget:focus {{ outline: none; }}
    QPushButton:focus {{ border: {_ring(t, t.button, t.button_text)};
                   padding: {FOCUS_PADDING}; }}
    QPushButton[role="huge"]:focus {{ padding: 19px 59px; }}
    QLabel[role="praise-compact"] {{ font-size: {m.body}px; font-weight: bold; color: {t.text}; }}
    QLabel[role="praise-small"] {{ font-size: {m.small}px; font-weight: bold; color: {t.text}; }}
    QLabel[role="instruction-compact"] {{ font-size: {m.body}px; font-weight: bold; }}
    QLabel[role="page-title-compact"] {{ font-size: {m.body}px; font-weight: bold; }}
    QLabel[role="date-compact"] {{ color: {t.muted}; font-size: {m.chrome}px; }}
    QPushButton[role="huge"][compact="true"] {{ padding: 8px 48px;
                   min-height: {m.target + 16 - BUTTON_BOX_PX}px; }}
    QPushButton[role="huge"][compact="true"]:focus {{ padding: 3px 43px; }}
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
