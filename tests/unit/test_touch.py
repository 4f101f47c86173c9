from __future__ import annotations

from kiosk.ui.a11y.touch import mm_to_px, touch_metrics
from kiosk.ui.theme import Metrics


def test_physical_sizes_from_dpi() -> None:
    assert mm_to_px(16, None) == 72  # unknown DPI: the DESIGN minimum
    assert mm_to_px(8, None) == 36
    assert mm_to_px(16, 160.0) == 101  # a dense 15" panel needs bigger buttons
    assert mm_to_px(16, 5000.0) == 72  # nonsense DPI is treated as unknown


def test_touch_metrics_never_shrink_targets() -> None:
    for step in (1, 2, 3):
        base = Metrics.for_step(step)
        dense = touch_metrics(base, 200.0)
        assert dense.target >= max(base.target, 126)
        assert dense.gap >= 63
        assert touch_metrics(base, None).gap >= 36
