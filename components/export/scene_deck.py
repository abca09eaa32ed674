"""The seminar's scene walk as an editable deck (.pptx), the fallback for a room whose network
fails: a cover, then per scene a slide with its title, its prompt and the chart its wall shows,
the presenter's notes in the speaker notes; a scene's question gets a slide of its own, with
the room's answers when the console's CSV of them is given (`tugofwar export --scenes
--answers FILE`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go

from components.analysis.room import within_one
from components.core import routes
from components.core.escape import plot, unplot
from components.core.scenes import (
    answer_labels,
    question_passage,
    question_prompt,
    question_truth,
    scene_chart,
    scene_params,
    scene_state,
)
from components.dataset.errors import ExportError
from components.dataset.models import Dataset, Scene
from components.export import renderer
from components.export.deck import SLIDE_H, SLIDE_W, _px, _size, bare
from components.export.pdf_merge import merge_pdfs
from components.export.renderer import HEIGHT, WIDTH
from components.export.stamp import STAMP_MARGIN, Item, cover, page_text, stamped
from components.figures.theme import INK, TEMPLATE_NAME, wrap_words
from components.figures.views import alt_text, answers_figure, source_line, view_chart

PROMPT_TOP, PROMPT_H = 88, 100  # px: the prompt under the title
CHART_TOP = PROMPT_TOP + PROMPT_H  # the chart under the prompt, to the footer
CHART_H = SLIDE_H - CHART_TOP - 56
MAX_ANSWER_ROWS = 200_000  # rows of an answers CSV read (a seminar has far fewer)


def read_answers(
    ds: Dataset, scenes: Sequence[Scene], text: str, name: str
) -> dict[str, list[int]]:
    """The console's CSV of the room's answers (question, scene, answer, value, time), as each
    scene's answer values; ExportError naming the file, line and column of a row that is not an
    answer of the dataset's scenes."""
    asked = {s.id: s for s in scenes if s.question is not None}
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = {"scene", "value"} - set(reader.fieldnames or [])
    if missing:
        raise ExportError(f"{name}: no column {', '.join(sorted(missing))} (the console's CSV "
                          "of answers has question, scene, answer, value and time)")  # fmt: skip
    found: dict[str, list[int]] = {}
    for line, row in enumerate(reader, start=2):
        if line > MAX_ANSWER_ROWS:
            raise ExportError(f"{name}: more than {MAX_ANSWER_ROWS} answers")
        scene = asked.get((row.get("scene") or "").strip())
        if scene is None:
            known = ", ".join(asked) or "none"
            raise ExportError(f"{name}:{line}: scene {row.get('scene')!r} asks no question "
                              f"(the scenes that do: {known})")  # fmt: skip
        labels = answer_labels(ds, scene.question)
        try:
            value = int(str(row.get("value")).strip())
        except ValueError:
            value = None
        if value not in labels:
            raise ExportError(f"{name}:{line}: value {row.get('value')!r} is not an answer of "
                              f"{scene.id} (allowed: {', '.join(map(str, labels))})")  # fmt: skip
        found.setdefault(scene.id, []).append(value)
    return found


def scene_walk(
    ds: Dataset,
    scenes: Sequence[Scene],
    *,
    fmt: str,
    base_url: str,
    answered: dict[str, list[int]] | None = None,
    when: date | None = None,
) -> bytes:
    """The scene walk as a .pptx deck or one PDF (`fmt`), with the room's answers if given."""
    write = scene_deck if fmt == "pptx" else scene_pdf
    return write(ds, scenes, base_url, answered or {}, when or date.today())


def scene_deck(
    ds: Dataset, scenes: Sequence[Scene], base_url: str, answered: dict[str, list[int]], when: date
) -> bytes:
    """The .pptx of the scene walk (every chart image from the export browser)."""
    from pptx import Presentation
    from pptx.util import Pt

    source = source_line(ds)
    views = [view_chart(scene_state(ds, s), ds, scene_chart(s)) for s in scenes]
    jobs = [(_sized(bare(v.figure)), "png") for v in views]
    rooms = {}
    for scene in scenes:
        if scene.question is not None and scene.id in answered:
            rooms[scene.id] = len(jobs)
            jobs.append((_sized(answers_figure(ds, scene.question, answered[scene.id])), "png"))
    images = renderer.render(jobs)

    prs = Presentation()
    prs.slide_width, prs.slide_height = _px(SLIDE_W), _px(SLIDE_H)
    prs.core_properties.title = f"{ds.meta.title}: the seminar's scenes"
    prs.core_properties.subject = f"{source}. Exported {when:%Y-%m-%d} from {base_url}"
    cover = prs.slides.add_slide(prs.slide_layouts[0])
    cover.shapes.title.text = ds.meta.title
    cover.placeholders[
        1
    ].text = f"The seminar's {len(scenes)} scenes \u00b7 exported {when:%-d %B %Y}\n{source}"

    def slide(title: str, text: str, notes: str):  # noqa: ANN202 - a python-pptx slide
        page = prs.slides.add_slide(prs.slide_layouts[5])  # title only
        heading = page.shapes.title
        heading.left, heading.top = _px(40), _px(12)
        heading.width, heading.height = _px(SLIDE_W - 80), _px(PROMPT_TOP - 16)
        heading.text = title
        _size(heading, points(title, SLIDE_W - 80, PROMPT_TOP - 16, (28, 24, 20, 18)))
        box = page.shapes.add_textbox(_px(40), _px(PROMPT_TOP), _px(SLIDE_W - 80), _px(PROMPT_H))
        box.text_frame.word_wrap = True
        box.text_frame.text = text
        _size(box, points(text, SLIDE_W - 100, PROMPT_H - 8, (16, 14, 12, 11, 10)))
        page.notes_slide.notes_text_frame.text = notes
        return page

    def picture(page, png: bytes, alt: str) -> None:  # noqa: ANN001
        shape = page.shapes.add_picture(io.BytesIO(png), _px(0), _px(CHART_TOP),
                                        width=_px(SLIDE_W), height=_px(CHART_H))  # fmt: skip
        shape._element.nvPicPr.cNvPr.set("descr", alt)

    def footer(page, link: str) -> None:  # noqa: ANN001
        box = page.shapes.add_textbox(_px(40), _px(SLIDE_H - 52), _px(SLIDE_W - 80), _px(44))
        box.text_frame.word_wrap = True
        box.text_frame.text = source
        box.text_frame.paragraphs[0].runs[0].font.size = Pt(11)
        run = box.text_frame.add_paragraph().add_run()
        run.text, run.hyperlink.address = link, link
        run.font.size = Pt(10)

    for number, (scene, view, png) in enumerate(zip(scenes, views, images, strict=False), 1):
        link = routes.permalink(base_url, scene.page, scene_params(ds, scene))
        page = slide(f"{number}. {scene.title}", scene.prompt,
                     "\n\n".join(p for p in (scene.prompt, scene.notes or "") if p))  # fmt: skip
        picture(page, png, alt_text(view, None))
        footer(page, link)
        question = scene.question
        if question is None:
            continue
        labels = answer_labels(ds, question)
        passage = question_passage(ds, question)
        given = answered.get(scene.id)
        lines = [f"\u201c{passage}\u201d" if passage else ""]
        if given is None:
            lines.append("Answers: " + " \u00b7 ".join(labels.values()))
        else:
            truth = question_truth(ds, question)
            near = within_one(given, truth) if truth is not None else None
            lines.append(f"The room's {len(given)} answers"
                         + (f": {near:.0%} within one point of the dataset's {labels[truth]}"
                            if near is not None else ""))  # fmt: skip
        text = "\n".join(line for line in lines if line)
        page = slide(f"{number}. {question_prompt(ds, question)}", text,
                     f"The room's question on the scene {scene.title}.")  # fmt: skip
        if scene.id in rooms:
            counts = ", ".join(f"{labels[v]}: {given.count(v)}" for v in labels)
            picture(page, images[rooms[scene.id]], f"The room's answers: {counts}")
        footer(page, link)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def points(text: str, width: int, height: int, sizes: Sequence[int]) -> int:
    """The largest of these type sizes (points) at which the text fits the box (pixels): about
    half an em a character, lines 1.2 em apart; the smallest when none does."""
    for size in sizes:
        em = size * 96 / 72
        per_line = max(int(width / (0.52 * em)), 1)
        lines = sum(max(-(-len(part) // per_line), 1) for part in text.split("\n"))
        if lines * 1.2 * em <= height:
            return size
    return sizes[-1]


def _sized(figure):  # noqa: ANN001, ANN202 - a Plotly figure
    """The chart at the picture's size on the slide."""
    figure.update_layout(width=SLIDE_W, height=CHART_H)
    return figure


# ---------------------------------------------------------------- the same walk as one PDF

HEAD_TITLE_PX, HEAD_LINE_PX, HEAD_GAP_PX = 34, 20, 12  # the page's heading block
KEY_ROOM_PX = 56  # above the plot: a key set above it (most charts') sits under the heading
PROMPT_CHARS = 150  # a prompt line on a 1280-pixel page at 14 px


def scene_page(ds: Dataset, scene: Scene, number: int, base_url: str) -> go.Figure:
    """A scene as a 16:9 PDF page: its number and title, its prompt and the chart's finding
    above the chart the wall shows, the source line and the scene's address below it."""
    view = view_chart(scene_state(ds, scene), ds, scene_chart(scene))
    link = routes.permalink(base_url, scene.page, scene_params(ds, scene))
    fig = stamped(Item(scene.page, view, link), source_line(ds))
    finding = unplot(view.figure.layout.title.text or "")
    _heading(fig, f"{number}. {scene.title}", [*wrap_words(scene.prompt, PROMPT_CHARS)],
             finding)  # fmt: skip
    return fig


def question_page(
    ds: Dataset, scene: Scene, number: int, given: list[int] | None, base_url: str
) -> go.Figure:
    """A scene's question as a page: the question, its passage, and the room's answers (a chart)
    or, with none given, the answers to choose from."""
    question = scene.question
    labels = answer_labels(ds, question)
    truth = question_truth(ds, question)
    fig = answers_figure(ds, question, given or [], marked=bool(given))
    link = routes.permalink(base_url, scene.page, scene_params(ds, scene))
    fig.update_layout(width=WIDTH, height=HEIGHT, template=TEMPLATE_NAME,
                      margin=dict(b=STAMP_MARGIN))  # fmt: skip
    for text, shift, size in ((source_line(ds), 52, 13), (f"View online: {link}", 30, 12)):
        fig.add_annotation(text=plot(text), xref="paper", yref="paper", x=0, y=0,
                           xanchor="left", yanchor="top", yshift=shift - STAMP_MARGIN,
                           showarrow=False, font=dict(size=size), align="left")  # fmt: skip
    passage = question_passage(ds, question)
    lines = wrap_words(f"\u201c{passage}\u201d", PROMPT_CHARS) if passage else []
    if given:
        near = within_one(given, truth) if truth is not None else None
        summary = f"The room's {len(given)} answers" + (
            f": {near:.0%} within one point of the dataset's {labels[truth]}" if near is not None
            else "")  # fmt: skip
    else:
        summary = "The answers to choose from (no answers given)"
    _heading(fig, f"{number}. {question_prompt(ds, question)}", lines, summary)
    return fig


def _heading(fig: go.Figure, title: str, lines: list[str], last: str) -> None:
    """The page's heading above the plot: a title, lines of text, and a last line in bold; the
    top margin made room for it (and for a key above the plot)."""
    fig.update_layout(title_text="")
    rows = [(title, 22, HEAD_TITLE_PX), *((line, 14, HEAD_LINE_PX) for line in lines),
            (f"<b>{plot(last)}</b>" if last else "", 15, HEAD_LINE_PX + 4)]  # fmt: skip
    height = sum(px for _, _, px in rows) + HEAD_GAP_PX
    fig.update_layout(margin_t=height + KEY_ROOM_PX)
    y = height + KEY_ROOM_PX
    for text, size, px in rows:
        y -= px
        if text:
            shown = text if text.startswith("<b>") else plot(text)
            fig.add_annotation(text=shown, xref="paper", yref="paper", x=0, y=1, xanchor="left",
                               yanchor="bottom", yshift=y, showarrow=False, align="left",
                               font=dict(size=size, color=INK))  # fmt: skip
    if fig.layout.legend.orientation == "h" and (fig.layout.legend.y or 0) > 1:
        fig.update_layout(legend_y=1, legend_yanchor="bottom")  # a key above: just above


def scene_pdf(
    ds: Dataset, scenes: Sequence[Scene], base_url: str, answered: dict[str, list[int]], when: date
) -> bytes:
    """The scene walk as one PDF: a cover, a page per scene and per question, with bookmarks."""
    pages = [cover(ds.meta.title, f"The seminar's {len(scenes)} scenes", source_line(ds),
                   base_url, when)]  # fmt: skip
    marks = ["Cover"]
    for number, scene in enumerate(scenes, start=1):
        pages.append(scene_page(ds, scene, number, base_url))
        marks.append(f"{number}. {scene.title}")
        if scene.question is not None:
            pages.append(question_page(ds, scene, number, answered.get(scene.id), base_url))
            marks.append(f"{number}. {question_prompt(ds, scene.question)}")
    rendered = renderer.render([(page, "pdf") for page in pages])
    about = {"title": f"{ds.meta.title}: the seminar's scenes", "subject": source_line(ds)}
    return merge_pdfs(rendered, marks, about, alts=[page_text(page) for page in pages])
