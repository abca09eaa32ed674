"""The briefing as an editable deck (PowerPoint, .pptx): a cover, the key findings, then one
slide per chart with its finding as the slide's title (editable text), the chart (a native,
editable PowerPoint chart for the bar charts, native.py; else an image with alt text), the
source line and the view's address as text, the finding and its strongest quotes in the speaker
notes, and every quote in an appendix."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go

from components.dataset.models import Dataset
from components.export import chart_data, findings, native, renderer, stamp
from components.figures.views import alt_text

EMU_PER_PX = 9525  # a 1280x720 slide: 13.33 x 7.5 inches at 96 px to the inch
SLIDE_W, SLIDE_H = 1280, 720
CHART_TOP, CHART_H = 96, 540  # px: the title above it, the source and address below it
APPENDIX_CHARS = 2400  # characters of quotes on one appendix slide, at 11 pt


def _px(value: float) -> int:
    return int(value * EMU_PER_PX)


def bare(figure: go.Figure) -> go.Figure:
    """The chart without its title (the slide's title says it), sized for the slide's picture."""
    fig = go.Figure(figure.to_dict())
    margin = fig.layout.margin
    fig.update_layout(
        title_text="",
        width=SLIDE_W,
        height=CHART_H,
        margin=dict(l=margin.l, r=margin.r, t=50, b=40),
    )
    return fig


def _size(shape, points: int) -> None:  # noqa: ANN001 - a python-pptx shape
    from pptx.util import Pt

    for paragraph in shape.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(points)


def titles(items: Sequence[stamp.Item]) -> list[str]:
    """Each chart slide's title: its finding, told apart by the chart's heading (or page) where
    two charts of a deck state the same (the comparison's and the network's ties)."""
    found = [chart_data.finding(item.view) for item in items]
    out = []
    for text, item in zip(found, items, strict=True):
        same = [other for other, t in zip(items, found, strict=True) if t == text]
        if len(same) > 1:
            pages = {other.page for other in same}
            name = (item.page_title or item.page) if len(pages) > 1 else item.view.heading
            text = f"{text} ({name or item.view.key})"
        out.append(text)
    return out


def _title_points(text: str) -> int:
    """A slide title's size: 24 pt, smaller for a long finding so it keeps to two lines."""
    return 24 if len(text) <= 110 else 20


def _titled_slide(prs, title: str, points: int):  # noqa: ANN001, ANN202
    """A title-only slide, its title (editable text) across the top in `points`."""
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    heading = slide.shapes.title
    heading.left, heading.top = _px(40), _px(16)
    heading.width, heading.height = _px(SLIDE_W - 80), _px(CHART_TOP - 24)
    heading.text = title
    _size(heading, points)
    return slide


def _text_slide(prs, title: str, paragraphs: Sequence[tuple[str, int, bool]]):  # noqa: ANN001, ANN202
    """A title-only slide with a text box of (text, points, bold) paragraphs."""
    from pptx.util import Pt

    slide = _titled_slide(prs, title, 28)
    box = slide.shapes.add_textbox(_px(60), _px(CHART_TOP), _px(SLIDE_W - 120),
                                   _px(SLIDE_H - CHART_TOP - 40))  # fmt: skip
    frame = box.text_frame
    frame.word_wrap = True
    for k, (text, points, bold) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(points)
        run.font.bold = bold
        paragraph.space_after = Pt(4 if bold else 10)
    return slide


def _chunks(lines: Sequence[str], limit: int) -> list[list[str]]:
    """The lines in runs of at most `limit` characters (a longer line alone)."""
    out: list[list[str]] = [[]]
    size = 0
    for line in lines:
        if out[-1] and size + len(line) > limit:
            out.append([])
            size = 0
        out[-1].append(line)
        size += len(line)
    return [chunk for chunk in out if chunk]


def deck(
    ds: Dataset,
    items: Sequence[stamp.Item],
    *,
    title: str,
    subtitle: str,
    source: str,
    permalink: str,
    key_findings: Sequence[findings.FindingLine] = (),
    findings_heading: str = "Key findings",
    when: date | None = None,
) -> bytes:
    """The .pptx: a cover, the key findings, one slide per chart, and the evidence appendix;
    every chart picture from the export browser."""
    from pptx import Presentation
    from pptx.util import Pt

    when = when or date.today()
    specs = [native.spec(ds, item.view) for item in items]  # None: the chart is a picture
    pictures = iter(
        renderer.render(
            [(bare(i.view.figure), "png") for i, s in zip(items, specs, strict=True) if s is None]
        )  # fmt: skip
    )
    headings = titles(items)
    prs = Presentation()
    prs.slide_width, prs.slide_height = _px(SLIDE_W), _px(SLIDE_H)
    prs.core_properties.title = f"{title}: {subtitle}"
    prs.core_properties.author = title
    prs.core_properties.subject = f"{source.rstrip('.')}. Exported {when:%Y-%m-%d} from {permalink}"
    prs.core_properties.language = "en"

    cover = prs.slides.add_slide(prs.slide_layouts[0])  # title slide: title and subtitle
    heading, sub = cover.shapes.title, cover.placeholders[1]
    heading.left, heading.top, heading.width, heading.height = (
        _px(80),
        _px(150),
        _px(1120),
        _px(150),
    )
    sub.left, sub.top, sub.width, sub.height = _px(80), _px(330), _px(1120), _px(300)
    heading.text = title
    _size(heading, 40)
    lines = [(subtitle, 24), (f"Exported {when:%-d %B %Y}", 16), (source, 16), (permalink, 14)]
    sub.text_frame.text = lines[0][0]
    for text, _ in lines[1:]:
        sub.text_frame.add_paragraph().text = text
    for paragraph, (_, size) in zip(sub.text_frame.paragraphs, lines, strict=True):
        for run in paragraph.runs:
            run.font.size = Pt(size)

    # the findings, as many to a slide as the PDF's pages hold
    by_text = {(f.title, f.text): f for f in key_findings}
    chunks = stamp.findings_chunks(findings.lines(key_findings)) or [
        [("No key findings", stamp.NO_FINDINGS, "")]
    ]
    for n, chunk in enumerate(chunks, 1):
        paragraphs = []
        for name, verdict, text in chunk:
            paragraphs += [(name, 20, True), (verdict, 13, False)]
            paragraphs += [(text, 16, False)] if text else []
        more = f" ({n} of {len(chunks)})" if len(chunks) > 1 else ""
        slide = _text_slide(prs, findings_heading + more, paragraphs)
        slide.notes_slide.notes_text_frame.text = "\n".join(
            f"{name}: \u201c{by_text[name, text].quote.strip()}\u201d"
            for name, _, text in chunk
            if (name, text) in by_text
        )[: chart_data.NOTES_LIMIT]

    for item, heading_text, made in zip(items, headings, specs, strict=True):
        slide = _titled_slide(prs, heading_text, _title_points(heading_text))
        box = (_px(0), _px(CHART_TOP), _px(SLIDE_W), _px(CHART_H))
        if made is not None:
            shape = native.add(slide, made, box)
            shape._element.nvGraphicFramePr.cNvPr.set("descr", alt_text(item.view, None))
        else:
            picture = slide.shapes.add_picture(io.BytesIO(next(pictures)), *box)
            picture._element.nvPicPr.cNvPr.set("descr", alt_text(item.view, None))  # the alt text
        box = slide.shapes.add_textbox(
            _px(40),
            _px(CHART_TOP + CHART_H + 8),
            _px(SLIDE_W - 80),
            _px(SLIDE_H - CHART_TOP - CHART_H - 16),
        )
        frame = box.text_frame
        frame.word_wrap = True
        frame.text = f"{source} \u00b7 as of {item.as_of}"
        frame.paragraphs[0].runs[0].font.size = Pt(12)
        link = frame.add_paragraph().add_run()
        link.text = f"View online: {item.permalink}"
        link.font.size = Pt(11)
        link.hyperlink.address = item.permalink
        slide.notes_slide.notes_text_frame.text = chart_data.short_notes(
            ds, item.view, item.permalink
        )

    # the appendix: for each chart, the quotes that fit a slide, and every quote in its notes
    first = 2 + len(chunks)  # the first chart's slide number
    for number, (item, heading_text) in enumerate(zip(items, headings, strict=True)):
        lines = chart_data.full_evidence(ds, item.view)
        shown = _chunks(lines, APPENDIX_CHARS)[0] if lines else ["No quoted values."]
        more = len(lines) - len(shown) if lines else 0
        slide = _text_slide(
            prs,
            f"Evidence for slide {first + number}",
            [(heading_text, 14, True), *((line, 11, False) for line in shown)]
            + ([(f"and {more} more in this slide's notes", 11, True)] if more > 0 else []),
        )
        slide.notes_slide.notes_text_frame.text = "\n".join(
            [heading_text, f"View online: {item.permalink}", "", *(f"- {x}" for x in lines)]
        )
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
