"""The editable deck: a cover, the key findings, a slide per chart (the finding as an editable
title, the chart with alt text: a native chart for the bar charts, else a picture; the source
and address as text; the finding and its strongest quotes in the notes), the evidence appendix."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from datetime import date

import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from components.core import cite
from components.core.escape import unplot
from components.core.routes import BY_ID, EXPORTABLE
from components.dataset.load import load_dataset
from components.dataset.models import status_label
from components.export import chart_data, deck, findings, native, pack, stamp
from components.figures.theme import STATUS_COLORS, actor_styles
from components.figures.views import alt_text, source_line
from tests.conftest import ROOT, SHIPPED

pytestmark = pytest.mark.export

BASE = "https://seminar.example.org/tow"


@pytest.fixture(scope="module")
def ds():
    return load_dataset(SHIPPED)


@pytest.fixture(scope="module")
def made(ds, browser, made_once):
    states = [BY_ID[page].state.default(ds) for page in EXPORTABLE]
    items = pack.items_for(ds, states, BASE)
    data = made_once("deck", lambda: pack.briefing(ds, states, BASE, when=date(2026, 11, 30),
                                                   fmt="pptx"))  # fmt: skip
    return data, items


def parts(data: bytes, ds, items):
    """The deck's slides: (cover, findings slides, chart slides, appendix slides)."""
    slides = list(Presentation(io.BytesIO(data)).slides)
    front = 1 + len(stamp.findings_chunks(findings.lines(findings.findings(ds, 2016))))
    charts = slides[front : front + len(items)]
    return slides[0], slides[1:front], charts, slides[front + len(items) :]


def test_a_cover_the_findings_a_slide_per_chart_and_the_appendix(made, ds):
    data, items = made
    prs = Presentation(io.BytesIO(data))
    cover, found, charts, appendix = parts(data, ds, items)
    assert len(items) == 9 and len(charts) == 9 and len(appendix) == len(items)
    assert (prs.slide_width, prs.slide_height) == (deck._px(1280), deck._px(720))
    assert cover.shapes.title.text == ds.meta.title
    assert "30 November 2026" in cover.placeholders[1].text
    assert prs.core_properties.title.startswith(ds.meta.title)
    # the first content slide states the findings, each with its evidence count
    assert found[0].shapes.title.text.startswith("Key findings, 2016")
    text = " ".join(s.text_frame.text for slide in found for s in slide.shapes if s.has_text_frame)
    for finding in ds.meta.findings:
        assert finding.title in text
    assert text.count("Evidence: the article's words") == len(ds.meta.findings)
    # every slide's title is its own
    titles = [s.shapes.title.text for s in list(prs.slides)[1:]]
    assert len(set(titles)) == len(titles), titles
    assert not any("with 0" in t for t in titles)


def test_each_slide_has_its_finding_chart_alt_text_source_and_address(made, ds):
    data, items = made
    _, _, charts, _ = parts(data, ds, items)
    titles = deck.titles(items)
    for slide, item, title in zip(charts, items, titles, strict=True):
        assert unplot(item.view.figure.layout.title.text) in slide.shapes.title.text == title
        [chart] = [s for s in slide.shapes if s.shape_type in (MSO_SHAPE_TYPE.PICTURE,
                                                               MSO_SHAPE_TYPE.CHART)]  # fmt: skip
        assert chart._element.xpath(".//p:cNvPr")[0].get("descr") == alt_text(item.view, None)
        if item.view.key in native.BUILDERS:
            assert chart.has_chart, item.view.key  # editable in PowerPoint
        else:
            assert chart.image.content_type == "image/png"
        text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        assert source_line(ds) in text and item.permalink in text and item.as_of in text
        links = [
            r.hyperlink.address
            for s in slide.shapes
            if s.has_text_frame
            for p in s.text_frame.paragraphs
            for r in p.runs
            if r.hyperlink.address
        ]
        assert links == [item.permalink]


def native_numbers(ds, slide, item) -> tuple[dict, dict]:
    """The native chart's numbers on the slide, and the same read from the chart's CSV frame:
    {(category, series): value}."""
    [frame] = [s for s in slide.shapes if s.has_chart]
    plot = frame.chart.plots[0]
    got = {(str(c), s.name): v for s in plot.series
           for c, v in zip(plot.categories, s.values, strict=True)}  # fmt: skip
    table = chart_data.chart_frame(ds, item.view)
    if item.view.key == "strategy-progress":
        statuses = [s for s in STATUS_COLORS if chart_data.snake(s) in table]
        first = table.columns[0]  # the tiers, by the dataset's name for them
        return got, {(row[first], status_label(s)): float(row[chart_data.snake(s)])
                     for _, row in table.iterrows() for s in statuses}  # fmt: skip
    pivot = table.pivot(index="third_party", columns="side", values="value")
    a, b = (s.short for s in actor_styles(ds)[:2])
    if item.view.key == "strength-by-side":
        return got, {(tp, side): None if pd.isna(v) else float(v)
                     for tp, row in pivot.iterrows() for side, v in row.items()}  # fmt: skip
    # the gap, first side minus second
    return got, {(tp, f"{a} minus {b}"): None if pd.isna(row[a]) or pd.isna(row[b])
                 else float(row[a] - row[b]) for tp, row in pivot.iterrows()}  # fmt: skip


def test_native_charts_hold_the_csvs_numbers(made, ds):
    data, items = made
    _, _, charts, _ = parts(data, ds, items)
    seen = 0
    for slide, item in zip(charts, items, strict=True):
        if item.view.key in native.BUILDERS:
            got, want = native_numbers(ds, slide, item)
            assert got == want, item.view.key
            seen += 1
    assert seen == 3


def test_speaker_notes_are_short_and_the_appendix_holds_every_quote(made, ds):
    data, items = made
    _, _, charts, appendix = parts(data, ds, items)
    for slide, item in zip(charts, items, strict=True):
        notes = slide.notes_slide.notes_text_frame.text
        assert len(notes) <= chart_data.NOTES_LIMIT, (item.view.key, len(notes))
        assert notes.startswith(unplot(item.view.figure.layout.title.text))
        assert item.permalink in notes and "the pack" not in notes and "below" not in notes
    overview = charts[0].notes_slide.notes_text_frame.text
    assert overview.count("\n- ") == chart_data.NOTES_QUOTES
    everything = "\n".join(s.notes_slide.notes_text_frame.text for s in appendix)
    first = cite.evidence(ds, cite.parse(ds, items[0].view.values[0][0]))
    quoted = [s.rating.quote.strip() for s in first.sides if s.rating and s.rating.quote]
    assert quoted and all(f"\u201c{q}\u201d" in everything for q in quoted)
    inferred = next(
        side.rating
        for vid, _ in items[0].view.values
        for side in cite.evidence(ds, cite.parse(ds, vid)).sides
        if side.rating and side.rating.inferred and side.rating.quote
    )
    line = next(x for x in everything.splitlines() if inferred.quote.strip() in x)
    assert "(inferred" in line  # the quote is the ground of an inference, and says so
    timeline = appendix[-1].notes_slide.notes_text_frame.text
    event = next(e for e in ds.events if e.quote)
    assert f"\u201c{event.quote.strip()}\u201d" in timeline


def test_the_deck_opens_in_libreoffice_without_repair(made, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-impress)")
    path = tmp_path / "deck.pptx"
    path.write_bytes(made[0])
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    from pypdf import PdfReader

    assert len(PdfReader(tmp_path / "deck.pdf").pages) == len(Presentation(path).slides)


def test_cli_exports_the_deck(tmp_path, browser):
    done = subprocess.run(
        [sys.executable, "-m", "components", "export", "--out", str(tmp_path),
         "--page", "strategy", "--format", "pptx", "--base-url", BASE],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    path = tmp_path / "tugofwar-briefing-strategy.pptx"
    assert done.stdout.strip() == str(path)
    slides = list(Presentation(path).slides)
    [chart] = [s for s in slides if s.shapes.title.text.startswith("7 of 16")]
    assert f"{BASE}/strategy" in chart.notes_slide.notes_text_frame.text
