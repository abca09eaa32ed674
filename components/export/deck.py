"""The briefing as an editable deck (PowerPoint, .pptx): a cover, then one slide per chart with
its finding as the slide's title (editable text), the chart as an image with alt text, the
source line and the view's address as text, and the evidence behind it in the speaker notes."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go

from components.core import cite
from components.core.escape import unplot
from components.dataset.models import Dataset
from components.export import renderer, stamp
from components.figures.views import alt_text

EMU_PER_PX = 9525  # a 1280x720 slide: 13.33 x 7.5 inches at 96 px to the inch
SLIDE_W, SLIDE_H = 1280, 720
CHART_TOP, CHART_H = 96, 540  # px: the title above it, the source and address below it
MAX_NOTES_VALUES = 60  # values quoted in one slide's notes (a chart shows at most a few dozen)


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


def value_ids(figure: go.Figure) -> list[str]:
    """The value ids the chart's points carry (the last item of each point's customdata)."""
    out: dict[str, None] = {}
    for trace in figure.data:
        for data in getattr(trace, "customdata", None) or ():
            last = data[-1] if isinstance(data, list | tuple) and len(data) else data
            if isinstance(last, str) and last:
                out[last] = None
    return list(out)


def _sides(ev: cite.Evidence) -> str:
    return "; ".join(
        f"{s.side_name} {'not coded' if s.value is None else (f'{s.value:+d}' if s.value else '0')}"
        for s in ev.sides
    )


def notes(ds: Dataset, item: stamp.Item) -> str:
    """The speaker's notes for a chart: the finding, what it shows, the view's address, and the
    quote behind each value it draws (or each event it marks)."""
    view = item.view
    lines = [
        unplot(view.figure.layout.title.text or ""),
        view.caption,
        f"View online: {item.permalink}",
        "",
    ]
    quoted = []
    for text in value_ids(view.figure):
        value = cite.parse(ds, text)
        if value is None:
            continue
        ev = cite.evidence(ds, value)
        for side in ev.sides:
            r = side.rating
            if r is not None and r.quote:
                # an inferred value's quote is the ground of the inference, not its statement
                basis = (
                    f" (inferred: {r.reasoning.strip()})"
                    if r.inferred and r.reasoning
                    else (" (inferred)" if r.inferred else "")
                )
                quoted.append(
                    f"{ev.third_party_name}, {side.side_name} ({_sides(ev)}): "
                    f"\u201c{r.quote.strip()}\u201d{basis}"
                )
    if "id" in view.table and "title" in view.table:  # a chart of events
        events = {e.id: e for e in ds.events}
        for event_id in view.table["id"]:
            if (e := events.get(event_id)) is not None and e.quote:
                quoted.append(f"{e.title}: \u201c{e.quote.strip()}\u201d")
    if quoted:
        shown = list(dict.fromkeys(quoted))
        lines.append(f"Evidence ({len(shown)} quotes from the source):")
        lines += [f"- {q}" for q in shown[:MAX_NOTES_VALUES]]
        if len(shown) > MAX_NOTES_VALUES:
            lines.append(f"(and {len(shown) - MAX_NOTES_VALUES} more: see the view online)")
    else:
        lines.append("The numbers behind the chart are in the briefing pack's CSV.")
    return "\n".join(lines)


def deck(
    ds: Dataset,
    items: Sequence[stamp.Item],
    *,
    title: str,
    subtitle: str,
    source: str,
    permalink: str,
    when: date | None = None,
) -> bytes:
    """The .pptx: a cover and one slide per chart; every chart image from the export browser."""
    from pptx import Presentation
    from pptx.util import Pt

    when = when or date.today()
    images = renderer.render([(bare(item.view.figure), "png") for item in items])
    prs = Presentation()
    prs.slide_width, prs.slide_height = _px(SLIDE_W), _px(SLIDE_H)
    prs.core_properties.title = f"{title}: {subtitle}"
    prs.core_properties.author = title
    prs.core_properties.subject = f"{source.rstrip('.')}. Exported {when:%Y-%m-%d} from {permalink}"

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

    for item, png in zip(items, images, strict=True):
        slide = prs.slides.add_slide(prs.slide_layouts[5])  # title only
        heading = slide.shapes.title
        heading.left, heading.top = _px(40), _px(16)
        heading.width, heading.height = _px(SLIDE_W - 80), _px(CHART_TOP - 24)
        heading.text = unplot(item.view.figure.layout.title.text or item.view.key)
        _size(heading, 24)
        picture = slide.shapes.add_picture(
            io.BytesIO(png), _px(0), _px(CHART_TOP), width=_px(SLIDE_W), height=_px(CHART_H)
        )
        picture._element.nvPicPr.cNvPr.set("descr", alt_text(item.view))  # the alt text
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
        slide.notes_slide.notes_text_frame.text = notes(ds, item)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
