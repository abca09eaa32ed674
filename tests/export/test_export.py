"""Exports as a briefing writer gets them: valid files, drawn, in the app's colours, one browser."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from datetime import date

import pytest
from PIL import Image
from pypdf import PdfReader

from components.core import cite, routes
from components.core.routes import BY_ID, EXPORTABLE
from components.core.tables import ratings_frame
from components.core.view_state import ComparisonState, OverviewState, TimelineState
from components.dataset import errors
from components.dataset.load import load_dataset
from components.export import chart_data, findings, pack, renderer, stamp
from components.figures import views
from components.figures.theme import actor_styles
from tests.conftest import ROOT, SHIPPED
from tests.export.pdf_tags import tagged

pytestmark = pytest.mark.export

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def ds():
    return load_dataset(SHIPPED)


@pytest.fixture(scope="module")
def briefing(ds, browser, made_once):
    """The briefing pack of all exportable pages, built once a run: (zip bytes, its items)."""
    states = [BY_ID[page].state.default(ds) for page in EXPORTABLE]
    items = pack.items_for(ds, states, "http://seminar.example:8501")
    data = made_once("export-pack", lambda: pack.briefing(
        ds, states, "http://seminar.example:8501", when=date(2026, 11, 24)))  # fmt: skip
    return zipfile.ZipFile(io.BytesIO(data)), items


def test_pack_has_png_svg_csv_per_chart_and_one_pdf(briefing):
    archive, items = briefing
    names = set(archive.namelist())
    # every chart each page shows: 1 overview + 5 comparison + 1 network + 1 strategy + 1 timeline
    assert [(i.page, i.view.key) for i in items] == [
        (page, key) for page in EXPORTABLE for key in BY_ID[page].charts
    ]
    for item in items:
        assert {f"{item.stem}.png", f"{item.stem}.svg", f"{item.stem}.csv"} <= names
    assert {"tugofwar-briefing.pdf", "metadata.csv", "evidence.txt", "README.txt"} <= names
    assert "tugofwar-overview-who-leads-where-2016.png" in names  # page, chart, year
    # the dimension where the chart depends on it, the third party where it shows one
    assert "tugofwar-comparison-strength-by-side-2016-overall.png" in names
    assert "tugofwar-comparison-trend-2014-2016-overall-usa.png" in names


def test_pngs_are_16_by_9_and_not_blank(briefing):
    archive, items = briefing
    for item in items:
        data = archive.read(f"{item.stem}.png")
        assert data.startswith(PNG)
        image = Image.open(io.BytesIO(data)).convert("RGB")
        assert image.size == (1920, 1080)
        colours = image.getcolors(maxcolors=1 << 20)
        assert colours is None or len(colours) > 20, f"{item.stem} looks blank"


def test_svgs_parse(briefing):
    archive, items = briefing
    for item in items:
        root = ET.fromstring(archive.read(f"{item.stem}.svg"))
        assert root.tag.endswith("svg")


def findings_pages(ds) -> int:
    return len(stamp.findings_chunks(findings.lines(findings.findings(ds, 2016))))


def test_pdf_has_a_cover_the_findings_and_one_page_per_chart(briefing, ds):
    archive, items = briefing
    data = archive.read("tugofwar-briefing.pdf")
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    front = 1 + findings_pages(ds)
    assert len(reader.pages) == front + len(items)
    text = reader.pages[1].extract_text()
    first = ds.meta.findings[0]
    assert "Key findings, 2016" in text and first.title in text
    assert "quoted values of" in text  # each finding with its evidence count
    # the language is set, and each chart page's address line opens the view
    assert reader.trailer["/Root"]["/Lang"] == "en"
    for page, item in zip(reader.pages[front:], items, strict=True):
        [link] = [a.get_object() for a in page["/Annots"]]
        assert link["/A"]["/URI"] == item.permalink


def test_pdf_has_a_bookmark_per_chart_and_says_what_it_is(briefing, ds):
    archive, items = briefing
    reader = PdfReader(io.BytesIO(archive.read("tugofwar-briefing.pdf")))
    marks = [(m.title, reader.get_destination_page_number(m)) for m in reader.outline]
    front = 1 + findings_pages(ds)
    assert marks[0] == ("Cover", 0)
    assert marks[1] == ("Key findings, 2016", 1)
    charts = [m for m in marks if m[1] >= front]
    assert [page for _, page in charts] == list(range(front, front + len(items)))
    assert charts[0][0].startswith("Overview: ") and "<" not in "".join(t for t, _ in marks)
    assert any(t.startswith("Country comparison: 2016: ") for t, _ in marks)
    meta = reader.metadata
    assert meta.title.startswith("Tug of War") and "Overview" in meta.title
    assert "Khalil" in meta.subject and "Timeline" in meta.keywords
    # the chart's finding is text a reader can select and search, not only pixels
    assert "lean to Kabul" in reader.pages[front].extract_text()


def test_csv_holds_the_values_behind_each_chart_and_stands_alone(briefing, ds):
    archive, items = briefing
    for item in items:
        raw = archive.read(f"{item.stem}.csv")
        assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark, for Excel
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        assert rows, item.stem
        assert all(k == k.lower() and " " not in k for k in rows[0]), list(rows[0])
        if item.view.evidence:  # a chart of values: one row per side's value it draws
            assert list(rows[0]) == list(chart_data.VALUE_COLUMNS)
            labels = {str(lvl.value): lvl.label for lvl in ds.meta.scale.levels}
            for row in rows:
                want = labels[row["value"]] if row["value"] else "not coded"
                assert row["scale_label"] == want
                assert cite.parse(ds, row["value_id"]) is not None
    trend = next(i for i in items if i.view.key == "trend")
    rows = list(csv.DictReader(io.StringIO(archive.read(f"{trend.stem}.csv").decode("utf-8-sig"))))
    assert {r["third_party_id"] for r in rows} == {trend.state.third_party}
    meta = dict(csv.reader(io.StringIO(archive.read("metadata.csv").decode("utf-8-sig"))))
    assert meta["dataset_version"] == ds.meta.version and "Khalil" in meta["source"]
    assert meta["scale -2"].startswith("Hostile")
    evidence = archive.read("evidence.txt").decode()
    assert all(item.stem in evidence for item in items)
    r = ratings_frame(ds)
    quote = r[(r["third_party"] == "usa") & (r["actor"] == "kabul")]["quote"].iloc[0].strip()
    assert f"\u201c{quote}\u201d" in evidence


def count_near(image: Image.Image, hex_color: str, tolerance: int = 12) -> int:
    target = tuple(int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return sum(
        n
        for n, rgb in image.getcolors(maxcolors=1 << 22)
        if all(abs(a - b) <= tolerance for a, b in zip(rgb, target, strict=True))
    )


def test_png_colours_are_the_datasets_actor_colours(briefing, ds):
    archive, _ = briefing
    image = Image.open(
        io.BytesIO(archive.read("tugofwar-overview-who-leads-where-2016.png"))
    ).convert("RGB")
    kabul, taliban = actor_styles(ds)[:2]
    assert count_near(image, kabul.color) > 20_000  # solid bars
    # one hatched bar in 2016 (Russia): colour between the stripes
    assert count_near(image, taliban.color) > 2_000


def test_stamp_carries_title_source_as_of_and_permalink(ds):
    item = pack.items_for(ds, [OverviewState.default(ds).replace(year=2015)], "http://h:1")[0]
    fig = stamp.stamped(item, views.source_line(ds))
    text = " ".join(a.text for a in fig.layout.annotations)
    assert fig.layout.title.text.startswith("2015:")
    assert "Khalil" in text and "The Diplomat" in text and "as of 2015" in text
    assert "http://h:1/?year=2015" in text
    assert (fig.layout.width, fig.layout.height) == (renderer.WIDTH, renderer.HEIGHT)
    assert renderer.WIDTH * 9 == renderer.HEIGHT * 16


def test_a_filtered_timeline_is_stamped_with_its_own_period(ds):
    """The pack and the page draw from the same state: a timeline filtered to 2015-2016 says so
    (it was stamped with the whole event period)."""
    state = TimelineState.from_params(ds, {"from": "2015-01-01", "to": "2016-12-31"})
    item = pack.items_for(ds, [state], "http://h:1", extra={"mode": "projector"})[0]
    assert item.as_of == "2015-2016" and item.stem.endswith("-2015-2016")
    text = " ".join(a.text for a in stamp.stamped(item, "src").layout.annotations)
    assert "as of 2015-2016" in text
    assert "from=2015-01-01" in item.permalink and "mode=projector" in item.permalink
    assert (
        item.view.figure.layout.title.text == views.timeline(ds, state)[0].figure.layout.title.text
    )


def test_one_browser_renders_a_whole_pack(ds, browser, monkeypatch):
    own = renderer.Renderer()
    monkeypatch.setattr(renderer, "RENDERER", own)
    try:
        items = pack.items_for(ds, [ComparisonState.default(ds)], "http://h:1")
        pack.pack(ds, items, title="t", subtitle="s", source="src", permalink="http://h:1")
        assert own.starts == 1  # 5 charts x 3 formats + cover, one browser
        pack.chart_image(items[0], "src", "png")
        assert own.starts == 1  # and the next click finds it warm
    finally:
        own.close()


def test_the_render_page_loads_nothing_from_the_network(tmp_path):
    html = renderer._page_html(tmp_path).read_text()
    assert "mathjax" not in html.lower()
    assert "http://" not in html and "https://" not in html
    assert "file://" in html  # plotly.js and the font come from disk


def test_no_browser_gives_a_clear_message(ds, monkeypatch):
    monkeypatch.setattr(renderer, "find_browser", lambda: None)
    cold = renderer.Renderer()  # cold: it looks for a browser
    monkeypatch.setattr(renderer, "RENDERER", cold)
    item = pack.items_for(ds, [OverviewState.default(ds)], "http://h:1")[0]
    try:
        with pytest.raises(errors.ExportError, match="apt-get install chromium"):
            pack.chart_image(item, "src", "png")
    finally:
        cold.close()


def test_cli_export_writes_the_pack(tmp_path, browser):
    result = subprocess.run(
        [sys.executable, "-m", "components", "export", "--out", str(tmp_path),
         "--page", "strategy", "--year", "2015"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    path = tmp_path / "tugofwar-briefing-strategy-2015.zip"
    assert result.stdout.strip() == str(path)
    names = zipfile.ZipFile(path).namelist()
    assert "tugofwar-briefing.pdf" in names and any(n.endswith(".svg") for n in names)
    # no public address given: the links open only here, and the command says so
    assert "warning: The exports' links point at http://localhost:8501" in result.stderr


def test_cli_export_takes_a_view_from_its_address(tmp_path, browser):
    link = "http://h:1/timeline?tps=china&from=2015-01-01&to=2016-12-31"
    result = subprocess.run(
        [sys.executable, "-m", "components", "export", "--out", str(tmp_path),
         "--page", "timeline", "--params", link],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    archive = zipfile.ZipFile(tmp_path / "tugofwar-briefing-timeline.zip")
    assert "tugofwar-timeline-timeline-2015-2016.png" in archive.namelist()
    readme = archive.read("README.txt").decode()
    assert "tps=china" in readme and "(filtered from" in readme
    # the address names no event: none is ringed as "Selected" (a screen's place, not data)
    svg = archive.read("tugofwar-timeline-timeline-2015-2016.svg").decode()
    assert "Selected" not in svg and "event=" not in readme


def test_cli_export_rejects_an_unknown_parameter_or_value(tmp_path):
    for args, message in (
        (["--params", "colour=red"], "no page has a parameter colour"),
        (["--page", "timeline", "--params", "tps=atlantis"], "not a valid tps"),
    ):
        result = subprocess.run(
            [sys.executable, "-m", "components", "export", "--out", str(tmp_path), *args],
            capture_output=True, text=True, cwd=ROOT, timeout=120,
        )  # fmt: skip
        assert result.returncode == 2 and message in result.stderr, result.stderr


def test_cli_export_rejects_an_unknown_year(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "components", "export", "--out", str(tmp_path), "--year", "1999"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2 and "not a valid year" in result.stderr
    assert not list(tmp_path.iterdir())


def test_cli_screenshot_saves_a_drawn_page(tmp_path, browser):
    result = subprocess.run(
        [sys.executable, "-m", "components", "screenshot", "--out", str(tmp_path),
         "--page", "overview"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    shot = tmp_path / "tugofwar-overview.png"
    image = Image.open(shot).convert("RGB")
    assert image.width == 1920 and image.height >= 1080
    assert count_near(image, "#0072B2") > 10_000  # the chart has drawn


def test_permalinks_reproduce_views():
    assert routes.permalink("http://h:1/", "comparison", {"year": "2015", "tp": "iran"}) == (
        "http://h:1/comparison?year=2015&tp=iran"
    )
    assert routes.site_root("http://h:1/app/timeline/") == "http://h:1/app"


def test_a_chart_and_a_pack_on_every_canvas(ds, browser):
    """A 4:3 slide and a square card as PNG, an A4 page as PDF (210 x 297 mm), and a pack on
    A4 whose every PDF page is A4."""
    item = pack.items_for(ds, [ComparisonState.default(ds)], "https://x.org/tow")[0]
    for size in ("4x3", "square"):
        png = pack.chart_image(item, views.source_line(ds), "png", size)
        width, height = stamp.SIZES[size]
        assert Image.open(io.BytesIO(png)).size == (width * 1.5, height * 1.5)
    pdf = PdfReader(io.BytesIO(pack.chart_image(item, views.source_line(ds), "pdf", "a4")))
    box = pdf.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    found = tagged(pdf)  # tagged as the pack's, with the chart's title, alt text and address
    assert pdf.metadata.title == views.unplot(stamp.stamped(item, "", "a4").layout.title.text)
    assert [alt for _, alt in found.figures] == [views.alt_text(item.view, None)]
    assert found.links == [(0, item.permalink)] and found.language == "en"
    state = BY_ID["strategy"].state.default(ds)
    data = pack.briefing(ds, [state], "https://x.org/tow", size="a4")
    reader = PdfReader(io.BytesIO(zipfile.ZipFile(io.BytesIO(data)).read("tugofwar-briefing.pdf")))
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
            for p in reader.pages} == {(round(794 * 0.75), round(1123 * 0.75))}  # fmt: skip


def test_pdf_is_tagged_a_section_per_page_with_its_text_alternative_and_its_link(briefing, ds):
    """The browser tags each page it prints; the merged briefing keeps those trees as one, so a
    screen reader reads it in order and an accessibility checker finds its figures described."""
    archive, items = briefing
    reader = PdfReader(io.BytesIO(archive.read("tugofwar-briefing.pdf")))
    found = tagged(reader)
    front = 1 + findings_pages(ds)
    assert found.language == "en"
    assert found.sections == [m.title for m in reader.outline]  # one section per bookmark
    assert len(found.sections) == len(reader.pages) == front + len(items)
    figures = dict(found.figures)
    assert sorted(figures) == list(range(len(reader.pages)))  # every page's figure...
    assert all(alt.strip() for alt in figures.values())  # ...described
    assert figures[0].startswith(ds.meta.title) and ds.meta.findings[0].title in figures[1]
    for n, item in enumerate(items, start=front):
        assert figures[n].startswith("Chart. ") and f"{item.stem}.csv" in figures[n]
        assert "<" not in figures[n]
    assert found.links == [(n, item.permalink) for n, item in enumerate(items, start=front)]
