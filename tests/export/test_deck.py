"""The editable deck: a cover and a slide per chart, the finding as an editable title, the chart
with alt text, the source and address as text, the evidence in the speaker notes."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from datetime import date

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from components.core.escape import unplot
from components.core.routes import BY_ID, EXPORTABLE
from components.dataset.load import load_dataset
from components.export import deck, pack
from components.figures.views import alt_text, source_line
from tests.conftest import ROOT, SHIPPED

pytestmark = pytest.mark.export

BASE = "https://seminar.example.org/tow"


@pytest.fixture(scope="module")
def ds():
    return load_dataset(SHIPPED)


@pytest.fixture(scope="module")
def made(ds, browser):
    states = [BY_ID[page].state.default(ds) for page in EXPORTABLE]
    items = pack.items_for(ds, states, BASE)
    data = pack.briefing(ds, states, BASE, when=date(2026, 11, 30), fmt="pptx")
    return data, items


def test_a_cover_and_one_slide_per_chart(made, ds):
    data, items = made
    prs = Presentation(io.BytesIO(data))
    slides = list(prs.slides)
    assert len(slides) == 1 + len(items) == 9
    assert (prs.slide_width, prs.slide_height) == (deck._px(1280), deck._px(720))
    assert slides[0].shapes.title.text == ds.meta.title
    assert "30 November 2026" in slides[0].placeholders[1].text
    assert prs.core_properties.title.startswith(ds.meta.title)


def test_each_slide_has_its_finding_chart_alt_text_source_and_address(made, ds):
    data, items = made
    for slide, item in zip(list(Presentation(io.BytesIO(data)).slides)[1:], items, strict=True):
        assert slide.shapes.title.text == unplot(item.view.figure.layout.title.text)
        [picture] = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert picture._element.nvPicPr.cNvPr.get("descr") == alt_text(item.view)
        assert picture.image.content_type == "image/png"
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


def test_speaker_notes_quote_the_evidence_behind_each_value(made, ds):
    data, items = made
    slides = list(Presentation(io.BytesIO(data)).slides)[1:]
    overview = slides[0].notes_slide.notes_text_frame.text
    assert items[0].permalink in overview and "Evidence (" in overview
    first = deck.cite.evidence(ds, deck.cite.parse(ds, items[0].view.values[0][0]))
    quoted = [s.rating.quote.strip() for s in first.sides if s.rating and s.rating.quote]
    assert quoted and all(f"\u201c{q}\u201d" in overview for q in quoted)
    inferred = next(
        (ev, side.rating)
        for vid, _ in items[0].view.values
        for ev in [deck.cite.evidence(ds, deck.cite.parse(ds, vid))]
        for side in ev.sides
        if side.rating and side.rating.inferred and side.rating.quote
    )
    line = next(x for x in overview.splitlines() if inferred[1].quote.strip() in x)
    assert "(inferred" in line  # the quote is the ground of an inference, and says so
    timeline = slides[-1].notes_slide.notes_text_frame.text
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

    assert len(PdfReader(tmp_path / "deck.pdf").pages) == 9


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
    assert len(slides) == 2
    assert f"{BASE}/strategy" in slides[1].notes_slide.notes_text_frame.text
