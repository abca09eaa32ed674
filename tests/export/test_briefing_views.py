"""A briefing of views off the defaults (another year, dimension, third party, filters), on the
shipped case and on a second case: the pack and the deck hold exactly the charts each page
shows for its state, named for the view; the CSVs hold that view's values; the deck opens with
the findings, its bar charts are native charts holding the CSVs' numbers, and its notes are
short. (The default views: test_export.py and test_deck.py; text over text in every view:
test_every_view.py; the scale's words and the not-coded marks on every chart:
tests/unit/test_charts_read_alone.py.)"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import pytest
from pptx import Presentation
from pypdf import PdfReader

from components.core.routes import BY_ID, EXPORTABLE
from components.dataset.load import load_dataset
from components.export import chart_data, deck, findings, native, pack, stamp
from components.figures.views import view_charts
from tests.conftest import FIXTURES, SHIPPED
from tests.export.test_deck import native_numbers

pytestmark = pytest.mark.export

BASE = "https://briefing.example.org/tow"


def off_default(ds) -> dict[str, dict[str, list[str]]]:
    """For each exportable page, a view a user reaches by a choice: not the first year, not the
    overall dimension, not the first third party, one outcome, one category."""
    years = [str(y) for y in ds.meta.years]
    dim = ds.meta.dimensions[-1].id
    tp = ds.third_parties[-1].id
    return {
        "overview": {"year": [years[0]]},
        "comparison": {"year": [years[0]], "dim": [dim], "tp": [tp]},
        "network": {"year": [years[-1]], "dim": [dim]},
        "strategy": {"status": ["achieved"]},
        "timeline": {"cat": [ds.meta.event_categories[-1].id]},
    }


@pytest.fixture(scope="module", params=["shipped", "rivals"])
def made(request, browser, made_once):
    ds = load_dataset(SHIPPED if request.param == "shipped" else FIXTURES / "rivals")
    asked = off_default(ds)
    states = [BY_ID[page].state.from_params(ds, asked[page]) for page in EXPORTABLE]
    items = pack.items_for(ds, states, BASE)
    when = date(2026, 12, 7)
    zipped, pptx = made_once(f"briefing-views-{request.param}", lambda: (
        pack.briefing(ds, states, BASE, when=when),
        pack.briefing(ds, states, BASE, when=when, fmt="pptx"),
    ))  # fmt: skip
    return ds, states, items, zipfile.ZipFile(io.BytesIO(zipped)), pptx


def test_the_files_are_the_charts_each_page_shows_named_for_the_view(made):
    ds, states, items, archive, _ = made
    want = [(s.PAGE, v.key) for s in states for v in view_charts(s, ds)]
    assert [(i.page, i.view.key) for i in items] == want
    assert len({i.stem for i in items}) == len(items)
    names = set(archive.namelist())
    for item in items:
        assert {f"{item.stem}.{ext}" for ext in ("png", "svg", "csv")} <= names
        state = item.state
        assert item.stem.startswith(f"tugofwar-{item.page}-{item.view.key}-{item.view.as_of}")
        if getattr(state, "year", None) and item.view.as_of == str(state.year):
            assert f"-{state.year}" in item.stem
        if getattr(state, "dimension", None):
            assert state.dimension in item.stem
        if item.view.key == "trend":
            assert item.stem.endswith(state.third_party)
    # nothing more than the charts and the pack's four files
    assert len(names) == 3 * len(items) + 4


def test_each_csv_holds_the_values_of_its_view(made):
    ds, _, items, archive, _ = made
    for item in items:
        text = archive.read(f"{item.stem}.csv").decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        if not item.view.evidence:
            continue
        state = item.state
        assert {r["dimension"] for r in rows} == {getattr(state, "dimension", "overall")}
        if item.view.key == "trend":
            assert {r["third_party_id"] for r in rows} == {state.third_party}
        elif item.view.as_of == str(getattr(state, "year", "")):
            assert {r["year"] for r in rows} == {str(state.year)}, item.stem
            # every third party the chart shows, on the map or listed beside it
            assert {r["third_party"] for r in rows} == set(item.view.table["Third party"])
        # every side's value the chart draws, coded or not
        sides = {r["side_id"] for r in rows}
        assert sides == {a.id for a in ds.meta.actors}, item.stem


def test_the_pdf_opens_with_the_findings_of_the_views_year(made):
    ds, states, items, archive, _ = made
    reader = PdfReader(io.BytesIO(archive.read("tugofwar-briefing.pdf")))
    year = findings.briefing_year(ds, states)
    assert year == ds.meta.years[0]
    text = reader.pages[1].extract_text()
    assert f"Key findings, {year}" in text
    stated = findings.findings(ds, year)
    if stated:
        assert stated[0].title in text
    else:
        assert "states no key findings" in text
    pages = len(stamp.findings_chunks(findings.lines(stated))) or 1
    assert len(reader.pages) == 1 + pages + len(items)


def test_the_deck_opens_with_findings_holds_native_bar_charts_and_short_notes(made):
    ds, states, items, _, pptx = made
    slides = list(Presentation(io.BytesIO(pptx)).slides)
    year = findings.briefing_year(ds, states)
    assert slides[1].shapes.title.text.startswith(f"Key findings, {year}")
    front = 1 + (len(stamp.findings_chunks(findings.lines(findings.findings(ds, year)))) or 1)
    charts = slides[front : front + len(items)]
    titles = [s.shapes.title.text for s in slides[1:]]
    assert len(set(titles)) == len(titles), titles
    assert [s.shapes.title.text for s in charts] == deck.titles(items)
    bars = 0
    for slide, item in zip(charts, items, strict=True):
        notes = slide.notes_slide.notes_text_frame.text
        assert len(notes) <= chart_data.NOTES_LIMIT
        if item.view.key in native.BUILDERS:
            got, want = native_numbers(ds, slide, item)
            assert got == want, item.stem
            bars += 1
    assert bars == 3
