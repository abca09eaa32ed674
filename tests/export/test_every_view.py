"""No text over text, and none outside its frame, on any view a user can reach: every year and
dimension of every chart, every third party's trend, the timeline's one-item filters
(views.reachable_views), for the shipped case and a case of another shape, each drawn three
ways: as the exported slide (1280 x 720), in projector mode, and in a phone's narrow layout.
Drawn by plotly.js in one browser page (a tenth of a second a chart); the slide's own SVG, as
kaleido writes it, is checked for the default views in test_overlap.py."""

from __future__ import annotations

import functools

import pytest

from components.dataset.load import load_dataset
from components.export import renderer, stamp
from components.figures.narrow import NARROWEST, narrow_figure
from components.figures.theme import PROJECTOR_MIN_WIDTH, projector_figure
from components.figures.views import reachable_views, source_line
from tests.conftest import FIXTURES, SHIPPED
from tests.export.textboxes import drawn_boxes, plotting_page, problems

pytestmark = pytest.mark.export

BASE = "https://seminar.example.org/tow"  # an address as long as a hosted demo's
PHONE_CHART = NARROWEST + 38  # a 390-pixel phone's chart
PROJECTOR_CHART = (PROJECTOR_MIN_WIDTH + 200, 640)  # a 1280 x 720 projector's chart


def drawn(ds, name: str, view, layout: str):  # noqa: ANN001, ANN201
    """(figure, (width, height)) of a view drawn one way: as the slide, in projector mode, on
    a phone."""
    if layout == "slide":
        page = name.split("/", 1)[0]
        link = f"{BASE}/{page}?{name.split('?', 1)[1]}"
        figure = stamp.stamped(stamp.Item(page, view, link), source_line(ds))
        return figure, (renderer.WIDTH, renderer.HEIGHT)
    if layout == "projector":
        return projector_figure(view.figure), PROJECTOR_CHART
    narrow = narrow_figure(view.figure)
    return narrow, (PHONE_CHART, int(narrow.layout.height))


@functools.cache
def case_views(case: str):  # noqa: ANN201
    ds = load_dataset(SHIPPED if case == "shipped" else FIXTURES / "rivals")
    return ds, list(reachable_views(ds))


@pytest.fixture(scope="module")
def page(chromium):
    context = chromium.new_context(viewport={"width": renderer.WIDTH, "height": renderer.HEIGHT})
    drawing = context.new_page()
    plotting_page(drawing)
    yield drawing
    context.close()


@pytest.mark.parametrize("layout", ["slide", "projector", "narrow"])
@pytest.mark.parametrize("case", ["shipped", "rivals"])
def test_no_view_has_text_over_text_or_outside_its_frame(case, layout, page, record_property):
    ds, reachable = case_views(case)
    found: dict[str, list[str]] = {}
    for name, view in reachable:
        figure, (width, height) = drawn(ds, name, view, layout)
        texts = drawn_boxes(page, figure, width, height)
        assert texts, f"{name}: no text drawn"
        if trouble := problems(texts, width, height):
            found[name] = trouble
    record_property("summary", f"{case}, {layout}: {len(reachable)} views checked for text "
                    "over text")  # fmt: skip
    assert len(reachable) >= (100 if case == "shipped" else 20)
    assert found == {}


def test_the_check_sees_a_name_over_another(page):
    """The in-page drawing finds what the exported SVG's check finds: two names forced onto one
    place overlap."""
    import plotly.graph_objects as go

    fig = go.Figure(go.Scatter(x=[1, 1.01], y=[1, 1], mode="markers+text",
                               text=["Turkmenistan", "Tajikistan"],
                               textposition="top center"))  # fmt: skip
    fig.update_layout(xaxis_range=[0, 2], yaxis_range=[0, 2])
    assert any("overlap" in p for p in problems(drawn_boxes(page, fig, 600, 400), 600, 400))
