"""Names placed around their marks (figures/labels.py): none over another or over a mark, a
name with no free place left off and counted in the key, map labels kept on the map."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from components.figures import labels

pytestmark = pytest.mark.unit


def boxes(points, positions, font_px=11):  # noqa: ANN001, ANN201
    return [labels._name_box(x, y, p, len(n) * font_px * labels.CHAR_EM,
                             font_px * labels.LINE_EM, 12)
            for (x, y, n), p in zip(points, positions, strict=True) if p]  # fmt: skip


def test_names_of_marks_close_together_take_different_places():
    points = [(100, 100, "Turkmenistan"), (104, 100, "Tajikistan"), (100, 104, "Uzbekistan")]
    placed = labels.place(points, 400, 300, font_px=11)
    assert all(placed) and len(set(placed)) == 3
    found = boxes(points, placed)
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            assert not labels._overlaps(a, b)
        for x, y, _ in points:  # and none covers a mark
            assert not labels._overlaps(a, (x - 6, y - 6, x + 6, y + 6))


def test_a_name_with_no_free_place_is_left_off_and_counted_in_the_key():
    # ten long names on one spot of a small plot: some cannot be placed
    fig = go.Figure(go.Scatter(x=[1.0] * 10, y=[1.0] * 10, mode="markers+text",
                               text=[f"Organisation {i}" for i in range(10)]))  # fmt: skip
    fig.update_layout(xaxis_range=[0, 2], yaxis_range=[0, 2])
    labels.place_names(fig, 300, 200, font_px=11)
    shown = [t for t in fig.data[0].text if t]
    assert 0 < len(shown) < 10
    [key] = [t for t in fig.data if (t.name or "").endswith(labels.HIDDEN_TAIL)]
    assert key.name.startswith(f"{10 - len(shown)} names left off")
    # placed again (wider), the count is replaced, not added to
    fig.data[0].text = [f"Organisation {i}" for i in range(10)]
    labels.place_names(fig, 300, 200, font_px=11)
    assert len([t for t in fig.data if (t.name or "").endswith(labels.HIDDEN_TAIL)]) == 1


def test_a_map_label_moved_off_its_place_stays_on_the_map():
    class Box:
        lon0, lon1, lat0, lat1 = 0.0, 10.0, 0.0, 10.0

    # two labels on one spot at the map's top edge: the second may not move above the map
    anchors = [("a", 5.0, 9.8, "Lebanon<br>+2"), ("b", 5.0, 9.8, "Cedar Militia<br>-4")]
    offsets = labels.place_labels(anchors, Box(), width=300, char_px=7, line_px=15)
    px = 300 / 10
    dx, dy = offsets["b"]
    assert (dx, dy) != (0, 0)
    assert (10 - 9.8) * px * 1.25 + dy - 17 >= 0  # its box's top is on the map
    assert labels.place_labels(anchors * 40, Box(), width=60, hide=True)["b"] is None
