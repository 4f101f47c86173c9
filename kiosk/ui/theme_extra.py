"""Style sheet for the accessibility screens (settings, how-to, idle, attract), from the same
theme tokens as kiosk.ui.theme; appended to the window's sheet."""

from __future__ import annotations

from kiosk.ui.theme import Metrics, Theme


def extra_style_sheet(theme: Theme, metrics: Metrics) -> str:
    t, m = theme, metrics
    return f"""
    QLabel[role="heading"] {{ font-size: {round(m.body * 1.15)}px; font-weight: bold; }}
    QLabel[role="big"] {{ font-size: {m.title}px; }}
    QLabel[role="praise"] {{ font-size: {m.title}px; font-weight: bold; color: {t.text}; }}
    QLabel[role="preview"] {{ border: 3px solid {t.border}; background: {t.surface};
                   color: {t.surface_text}; }}
    QPushButton[role="choice"] {{ background: {t.surface}; color: {t.surface_text};
                   text-align: left; }}
    QPushButton[role="choice"]:checked {{ background: {t.button}; color: {t.button_text};
                   border: 6px solid {t.border}; }}
    QPushButton[role="choice"]:focus, QPushButton[role="huge"]:focus {{
                   border: 8px solid {t.focus}; }}
    QPushButton[role="huge"] {{ font-size: {round(m.chrome * 1.5)}px; padding: 24px 64px;
                   min-height: {m.target * 2}px; }}
    QFrame#idle-warning, QFrame#attract {{ background: {t.background}; }}
    QLabel#attract-notice {{ font-size: {m.body}px; border-top: 3px solid {t.border};
                   padding-top: 16px; }}
    QPushButton#alert-banner QLabel[role="tile-label"] {{ font-size: {m.chrome}px; }}
    QWidget:focus {{ outline: none; }}
    QPushButton:focus {{ border: 8px solid {t.focus}; }}
    """
