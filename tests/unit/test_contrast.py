"""Non-text contrast (WCAG 2.2, 1.4.11): every mark a reader needs stands out from the white
page at 3:1, by its fill or by its outline; light palette colours keep their fill (the
colour-blind-safe palette) and get a darker outline of the same hue."""

from __future__ import annotations

import json

import pytest

from components.dataset.load import load_dataset
from components.figures import dark, theme
from components.figures.dark import dark_figure
from components.figures.narrow import narrow_figure
from components.figures.theme import (
    CATEGORY_PALETTE,
    MARK_CONTRAST,
    STATUS_COLORS,
    actor_styles,
    contrast,
    edge,
    projector_figure,
)
from tests.charts import CASES, all_charts
from tests.conftest import SHIPPED

pytestmark = pytest.mark.unit

WHITE = "#ffffff"


def test_contrast_is_wcags_ratio():
    assert contrast("#000000", WHITE) == pytest.approx(21.0)
    assert contrast(WHITE, WHITE) == pytest.approx(1.0)
    assert contrast("#E69F00", WHITE) == pytest.approx(2.25, abs=0.01)  # the figure
    assert contrast("#767676", WHITE) == pytest.approx(4.54, abs=0.01)  # the known AA grey


@pytest.mark.parametrize(
    "color", sorted({*CATEGORY_PALETTE, *STATUS_COLORS.values(), "#E69F00", "#0072B2"})
)
def test_every_palette_colour_has_an_edge_that_shows_on_white(color):
    outline = edge(color)
    assert contrast(outline, WHITE) >= MARK_CONTRAST
    if contrast(color, WHITE) >= MARK_CONTRAST:
        assert outline == color  # a colour that already shows is left alone
    else:  # darkened just enough: the same hue, not black
        assert contrast(outline, WHITE) < MARK_CONTRAST + 0.2


def _colors(value, n: int) -> list:  # noqa: ANN001
    if isinstance(value, list | tuple):
        return list(value)
    return [value] * n


def _marks_that_do_not_show(fig, page: str = WHITE) -> list[str]:  # noqa: ANN001
    bad = []
    for trace in fig.data:
        if trace.type not in ("bar", "scatter"):
            continue
        if trace.type == "scatter" and "markers" not in (trace.mode or "markers"):
            continue  # lines and filled areas: not a mark
        marker = trace.marker
        points = len(trace.x) if trace.x is not None else 1
        fills = _colors(marker.color, points)
        lines = _colors(marker.line.color if marker.line else None, points)
        width = marker.line.width if marker.line and marker.line.width is not None else 0
        symbols = _colors(getattr(marker, "symbol", None), points)
        for fill, line, symbol in zip(fills, lines, symbols, strict=False):
            if not isinstance(fill, str) or not fill.startswith("#"):
                continue  # a transparent hit area (rgba) or a default
            if contrast(fill, page) >= MARK_CONTRAST:
                continue
            open_symbol = isinstance(symbol, str) and symbol.endswith("-open")
            shown = (
                not open_symbol
                and isinstance(line, str)
                and line.startswith("#")
                and width >= 1
                and contrast(line, page) >= MARK_CONTRAST
            )
            if not shown:
                bad.append(f"{trace.name!r}: {fill} (outline {line}, width {width})")
    return bad


@pytest.mark.parametrize("data", CASES)
def test_every_mark_of_every_chart_shows_on_white(data):
    charts = all_charts(data)
    found = {c.key: bad for c in charts if (bad := _marks_that_do_not_show(c.figure))}
    assert found == {}


@pytest.mark.parametrize("layout", ["wide", "narrow", "projector"])
@pytest.mark.parametrize("data", CASES)
def test_every_mark_shows_on_the_dark_page_and_every_text_reads(data, layout):
    """The dark theme (dark.py): every mark 3:1 against the dark page, every text colour of
    the figure (fonts, coloured spans) 4.5:1, in each layout a screen may use."""
    shape = {"wide": lambda f: f, "narrow": narrow_figure, "projector": projector_figure}[layout]
    for chart in all_charts(data):
        fig = dark_figure(shape(chart.figure))
        assert _marks_that_do_not_show(fig, dark.BACKGROUND) == [], chart.key
        assert fig.layout.paper_bgcolor == dark.BACKGROUND
        assert _unreadable_text(fig.to_plotly_json()) == [], chart.key
        # a count inside a bar reads against the bar (the strategy chart's were #444 on dark)
        for trace in fig.data:
            if trace.type == "bar" and isinstance(trace.marker.color, str):
                ink = trace.insidetextfont.color
                assert contrast(ink, trace.marker.color) >= dark.TEXT_CONTRAST, (chart.key, ink)
        # the light theme's neutrals are gone (a hatch's white lines stay)
        text = json.dumps(json.loads(fig.to_json())["layout"]).lower()
        for light in (theme.INK, theme.GRID, theme.LAND, "#dbe7f3"):
            assert light.lower() not in text, (chart.key, light)


def _unreadable_text(node, key: str = "", parent: str = "") -> list[str]:  # noqa: ANN001
    out = []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _unreadable_text(v, k, key)
    elif isinstance(node, list):
        for v in node:
            out += _unreadable_text(v, key, parent)
    elif isinstance(node, str):
        colors = []
        # (a bar's inside text stands on the bar, not the page: checked against its fill)
        on_page = parent in dark.FONT_KEYS and parent != "insidetextfont"
        if key == "color" and on_page and node.startswith("#"):
            colors.append(node)
        colors += dark.SPAN_COLOR.findall(node)
        out += [c for c in colors if contrast(c, dark.BACKGROUND) < dark.TEXT_CONTRAST]
    return out


def test_the_dark_check_sees_a_dark_mark_and_dark_text():
    import plotly.graph_objects as go

    fig = go.Figure(layout_template="none")
    fig.add_scatter(x=[1], y=[1], mode="markers+text", text=["x"],
                               marker=dict(color="#000000", line=dict(color="#000000", width=1)),
                               textfont=dict(color="#0072B2"))  # fmt: skip
    assert _marks_that_do_not_show(fig, dark.BACKGROUND) != []
    assert _unreadable_text(fig.to_plotly_json()) == ["#0072B2"]
    fixed = dark_figure(fig)
    assert _marks_that_do_not_show(fixed, dark.BACKGROUND) == []
    assert _unreadable_text(fixed.to_plotly_json()) == []


@pytest.mark.parametrize("data", CASES)
def test_dark_figures_leave_the_shared_figure_and_the_data_alone(data):
    for chart in all_charts(data):
        before = chart.figure.to_json()
        fig = dark_figure(chart.figure)
        assert chart.figure.to_json() == before
        drawn, shared = json.loads(fig.to_json())["data"], json.loads(before)["data"]
        keys = ("x", "y", "name", "text", "customdata", "hovertemplate")
        for a, b in zip(drawn, shared, strict=True):
            assert [a.get(k) for k in keys] == [b.get(k) for k in keys], chart.key


def test_dark_figures_change_colours_not_words():
    import plotly.graph_objects as go

    fig = go.Figure(layout_template="none")
    fig.add_bar(x=[1], y=["#ffffff"], name="#000000", text=["color: #1f2430"],
                marker=dict(color="#ffffff"))  # fmt: skip
    fig.add_annotation(text="<span style='color:#0072B2'>+3</span> and #ffffff", x=1, y=0)
    out = dark_figure(fig)
    bar = out.data[0]
    assert (list(bar.y), bar.name, list(bar.text)) == (["#ffffff"], "#000000", ["color: #1f2430"])
    assert bar.marker.color == dark.BACKGROUND  # a colour property: swapped
    note = out.layout.annotations[0].text
    assert note.endswith("and #ffffff") and "#0072B2" not in note  # the span lightened only


def test_edges_lighten_on_a_dark_page():
    for color in ("#000000", "#0072B2", "#555555"):
        outline = edge(color, dark.BACKGROUND)
        assert contrast(outline, dark.BACKGROUND) >= MARK_CONTRAST
        assert theme.luminance(outline) >= theme.luminance(color)


def test_the_check_sees_a_light_mark_without_an_outline():
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=[1], y=["a"], name="light", marker=dict(color="#F0E442")))
    assert _marks_that_do_not_show(fig) == ["'light': #F0E442 (outline None, width 0)"]
    fig.update_traces(marker_line=dict(color=edge("#F0E442"), width=1))
    assert _marks_that_do_not_show(fig) == []


def test_actor_colours_from_the_dataset_get_edges_too():
    for style in actor_styles(load_dataset(SHIPPED)):
        assert contrast(edge(style.color), WHITE) >= MARK_CONTRAST
