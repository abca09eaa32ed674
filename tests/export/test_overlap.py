"""No exported slide has text over text or text outside the slide: every chart of every page's
default view, as the SVG kaleido writes, drawn in the browser, on every canvas an export offers
(a 16:9 slide, a 4:3 slide, an A4 page upright, a square card); every other view, and
projector mode and phones, are drawn by plotly.js itself in test_every_view.py."""

from __future__ import annotations

import pytest

from components.core.routes import BY_ID, EXPORTABLE
from components.dataset.load import load_dataset
from components.export import pack, renderer, stamp
from components.figures.views import source_line
from tests.conftest import SHIPPED
from tests.export.textboxes import Box, boxes, problems

pytestmark = pytest.mark.export

BASE = "https://seminar.example.org/tow"  # an address as long as a hosted demo's


@pytest.fixture(scope="module")
def slides(browser, made_once):
    """(name, size, svg) of every chart's slide on every canvas, rendered once a run."""

    def make() -> list[tuple[str, tuple[int, int], str]]:
        ds = load_dataset(SHIPPED)
        states = [BY_ID[page].state.default(ds) for page in EXPORTABLE]
        # with the longest address a slide carries: a projector's (mode=projector)
        items = pack.items_for(ds, states, BASE, {"mode": "projector"})
        jobs = [(item, size) for size in stamp.SIZES for item in items]
        svgs = renderer.render(
            [(stamp.stamped(i, source_line(ds), size), "svg") for i, size in jobs]
        )
        return [(i.stem, size, svg.decode()) for (i, size), svg in zip(jobs, svgs, strict=True)]

    return made_once("overlap-slides", make)


@pytest.fixture(scope="module")
def page(chromium):
    context = chromium.new_context(viewport={"width": renderer.WIDTH, "height": renderer.HEIGHT})
    yield context.new_page()
    context.close()


def test_every_slide_has_no_overlapping_or_cut_text(slides, page):
    assert len(slides) == 9 * len(stamp.SIZES)  # every chart of the five pages, on each canvas
    found = {}
    for name, size, svg in slides:
        texts = boxes(page, svg)
        assert len(texts) > 5, f"{name}: no text found"
        assert any(t.words.startswith("Source:") for t in texts), name
        if trouble := problems(texts, *stamp.SIZES[size]):
            found[f"{name} ({size})"] = trouble
    assert found == {}


def test_the_check_finds_overlaps_and_text_off_the_slide():
    a = Box("first", 10, 10, 110, 30)
    assert problems([a, Box("second", 60, 20, 160, 40)], 1280, 720) == [
        "overlap: 'first' and 'second' (50 x 10 px)"
    ]
    assert problems([a, Box("next", 110, 10, 200, 30)], 1280, 720) == []  # touching is fine
    assert problems([Box("long", 1200, 10, 1300, 30)], 1280, 720)[0].startswith("outside")


def test_the_check_sees_a_stamp_moved_onto_the_axis(browser, page):
    ds = load_dataset(SHIPPED)
    item = pack.items_for(ds, [BY_ID["overview"].state.default(ds)], BASE)[0]
    fig = stamp.stamped(item, source_line(ds))
    fig.layout.annotations[-2].yshift = -5  # the source line, onto the axis's tick labels
    svg = renderer.render([(fig, "svg")])[0].decode()
    assert any("overlap" in p and "Source:" in p for p in problems(boxes(page, svg), 1280, 720))
