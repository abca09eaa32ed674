"""The narrow layout (narrow.py) of every chart: a plot that keeps most of a phone's width, names
above their rows, keys above the plot, titles wrapped, the same data; and which browsers get it."""

from __future__ import annotations

import json
import re

import pytest

from components.figures import labels, narrow
from components.figures.narrow import narrow_agent, narrow_figure
from tests.charts import CASES, all_charts

pytestmark = pytest.mark.unit

PHONE_CHART = 358  # a 390-pixel phone's chart (Streamlit's padding on each side)
TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module", params=CASES, ids=["shipped", "other"])
def charts(request):
    return all_charts(request.param)


def test_every_chart_keeps_most_of_a_phones_width_for_its_plot(charts):
    for chart in charts:
        fig = narrow_figure(chart.figure)
        margin = fig.layout.margin
        assert (PHONE_CHART - margin.l - margin.r) / PHONE_CHART >= 0.6, chart.key
        wide = chart.figure.layout.margin
        if wide.l and wide.l > 100:  # it had a margin of names: they are above the rows now
            assert margin.l < 60, chart.key


def test_titles_and_axis_titles_are_wrapped_to_the_narrowest_chart(charts):
    for chart in charts:
        fig = narrow_figure(chart.figure)
        lines = TAG.sub("", fig.layout.title.text.replace("<br>", "\n")).split("\n")
        assert max(len(line) for line in lines) <= narrow.TITLE_CHARS, chart.key
        assert " ".join(lines) == TAG.sub("", chart.figure.layout.title.text), chart.key
        for axis in fig.select_xaxes():
            for line in (axis.title.text or "").split("<br>"):
                assert len(line) <= narrow.AXIS_CHARS, (chart.key, line)


def test_names_stand_above_their_rows(charts):
    with_rows = [c for c in charts if (c.figure.layout.meta or {}).get(narrow.ROWS)]
    # every chart whose rows are named: bars, the change panels, the strategy, the lanes
    assert [c.key for c in with_rows] == [
        "who-leads-where", "strength-by-side", "change-over-time", "strategy-progress", "timeline",
    ]  # fmt: skip
    for chart in with_rows:
        fig = narrow_figure(chart.figure)
        wide = chart.figure.layout.yaxis
        if wide.categoryarray is not None:
            expected = [(c, c) for c in wide.categoryarray]
        elif wide.ticktext is not None:
            expected = list(zip(wide.tickvals, wide.ticktext, strict=True))
        else:  # categories as the bars give them
            expected = [(y, y) for y in dict.fromkeys(y for t in chart.figure.data for y in t.y)]
        assert expected, chart.key
        assert fig.layout.yaxis.showticklabels is False
        # each name on its own row, at the row's place on the axis
        placed = {
            TAG.sub("", (n.text or "").replace("<br>", " ")): n.y
            for n in fig.layout.annotations
            if n.yref == "y" and n.xref == "paper"
        }
        for value, name in expected:
            assert placed.get(TAG.sub("", str(name))) == value, (chart.key, name)
        plot = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
        assert plot >= narrow.ROW_PX * len(expected), chart.key


def test_every_key_stands_above_the_plot_under_the_title(charts):
    for chart in charts:
        fig = narrow_figure(chart.figure)
        plot_top = 1 - fig.layout.margin.t / fig.layout.height
        offsets = []
        for name in narrow._legends(fig):
            legend = fig.layout[name]
            offsets.append((1 - legend.y) * fig.layout.height)
            assert legend.orientation == "h" and legend.yref == "container", chart.key
            assert legend.y > plot_top, chart.key  # above the plot
            assert legend.y < fig.layout.title.y, chart.key  # under the title
        assert offsets == sorted(set(offsets)), chart.key  # one under the other


def test_the_data_is_the_wide_figures_and_the_shared_figure_is_untouched(charts):
    for chart in charts:
        before = chart.figure.to_json()
        fig = narrow_figure(chart.figure)
        assert chart.figure.to_json() == before
        drawn, shared = json.loads(fig.to_json())["data"], json.loads(before)["data"]
        # the narrow layout may add one entry to the key: how many names it left off for room
        drawn = [t for t in drawn if not t.get("name", "").endswith(labels.HIDDEN_TAIL)]
        assert len(drawn) == len(shared)
        for a, b in zip(drawn, shared, strict=True):
            assert [a.get(k) for k in ("x", "y", "customdata")] == [
                b.get(k) for k in ("x", "y", "customdata")
            ], chart.key


def test_a_strip_of_labels_too_long_for_a_phone_keeps_its_marks_only():
    import plotly.graph_objects as go

    crowded = go.Scatter(
        x=list(range(8)), y=[0] * 8, mode="markers+text", text=["Talks in Doha"] * 8
    )
    few = go.Scatter(x=[0, 5], y=[0, 0], mode="markers+text", text=["A", "B"])
    spread = go.Scatter(x=list(range(8)), y=list(range(8)), mode="markers+text", text=["Doha"] * 8)
    fig = narrow_figure(go.Figure([crowded, few, spread]))
    assert [t.mode for t in fig.data] == ["markers", "markers+text", "markers+text"]


@pytest.mark.parametrize(
    "agent, expected",
    [
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
         "like Gecko) Version/17.0 Mobile/15E148 Safari/604.1", True),
        ("Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/120.0 Mobile Safari/537.36", True),
        ("Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/120.0 Safari/537.36", True),  # an Android tablet: no "Mobile"
        ("Mozilla/5.0 (iPad; CPU OS 16_0 like Mac OS X) AppleWebKit/605.1.15", True),
        ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/120.0 Safari/537.36", False),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
         "Gecko) Version/17.0 Safari/605.1.15", False),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0", False),
        ("", False),
    ],
)  # fmt: skip
def test_phones_and_tablets_get_the_narrow_layout(agent, expected):
    assert narrow_agent(agent) is expected
