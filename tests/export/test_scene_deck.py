"""The scene walk as a deck, the fallback for a room whose network fails: a slide per scene
(its title, prompt, the chart its wall shows, the presenter's notes in the speaker notes), a
slide per question, and the room's answers on it when the console's CSV is given; a CSV that
is not the room's answers is refused at its line."""

from __future__ import annotations

import csv
import io

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from components.cli import main
from components.core.scenes import answer_labels, load_scenes, question_prompt
from components.dataset.errors import ExportError
from components.dataset.load import load_dataset
from components.export.scene_deck import points, read_answers
from tests.conftest import SHIPPED
from tests.export.pdf_tags import tagged

pytestmark = pytest.mark.export
DS = load_dataset(SHIPPED)
SCENES = load_scenes(DS)
ASKED = [s for s in SCENES if s.question is not None]
HEADER = "question,scene,answer,value,time\n"


def answers_csv() -> str:
    """Three answers to every question, as the console writes them."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["question", "scene", "answer", "value", "time"])
    for scene in ASKED:
        labels = answer_labels(DS, scene.question)
        for value in list(labels)[:3]:
            writer.writerow([question_prompt(DS, scene.question), scene.id, labels[value], value,
                             "2026-12-07T20:00:00+00:00"])  # fmt: skip
    return out.getvalue()


def texts(slide) -> str:  # noqa: ANN001
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def test_the_walk_has_every_scene_and_question_and_the_rooms_answers(tmp_path, browser):
    given = tmp_path / "answers.csv"
    given.write_text("\ufeff" + answers_csv(), encoding="utf-8")  # as Excel saves it
    assert main(["export", "--scenes", "--format", "pptx", "--out", str(tmp_path),
                 "--answers", str(given)]) == 0  # fmt: skip
    deck = Presentation(io.BytesIO((tmp_path / "tugofwar-scenes.pptx").read_bytes()))
    slides = list(deck.slides)
    assert len(slides) == 1 + len(SCENES) + len(ASKED)
    walk = iter(slides[1:])
    for number, scene in enumerate(SCENES, start=1):
        slide = next(walk)
        assert slide.shapes.title.text == f"{number}. {scene.title}"
        assert scene.prompt in texts(slide)
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1 and pictures[0]._element.nvPicPr.cNvPr.get("descr")
        notes = slide.notes_slide.notes_text_frame.text
        assert scene.prompt in notes and (scene.notes or "") in notes
        if scene.question is None:
            continue
        slide = next(walk)
        assert slide.shapes.title.text == f"{number}. {question_prompt(DS, scene.question)}"
        assert "The room's 3 answers" in texts(slide)
        [picture] = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        alt = picture._element.nvPicPr.cNvPr.get("descr")
        assert alt.startswith("The room's answers: ") and alt.count(": 1") == 3


def test_without_answers_a_question_slide_lists_the_answers_to_choose_from(tmp_path, browser):
    assert main(["export", "--scenes", "--format", "pptx", "--out", str(tmp_path)]) == 0
    deck = Presentation(io.BytesIO((tmp_path / "tugofwar-scenes.pptx").read_bytes()))
    questions = [s for s in deck.slides if "Answers: " in texts(s)]
    assert len(questions) == len(ASKED)
    assert not [s for s in questions for p in s.shapes if p.shape_type == MSO_SHAPE_TYPE.PICTURE]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("scene,answer\nx,y\n", "answers.csv: no column value"),
        (HEADER + "q,contest-2014,a,1,t\n", "answers.csv:2: scene 'contest-2014' asks no question"),
        (HEADER + "q,{code},a,9,t\n", "answers.csv:2: value '9' is not an answer of {code} "
         "(allowed: 3, 2, 1, 0, -1, -2)"),
        (HEADER + "q,{code},a,=1+1,t\n", "answers.csv:2: value '=1+1' is not an answer"),
        (HEADER + "q,{choice},a,1,t\nq,{choice},a,7,t\n", "answers.csv:3: value '7' is not an "
         "answer of {choice} (allowed: 0, 1, 2)"),
    ],
    ids=["no value column", "a scene with no question", "off the scale", "a formula",
         "an option out of range"],
)  # fmt: skip
def test_a_csv_that_is_not_the_rooms_answers_is_refused_at_its_line(text, message):
    code = next(s.id for s in ASKED if s.question.kind == "code")
    choice = next(
        s.id for s in ASKED if s.question.kind == "choice" and len(s.question.options) == 3
    )
    with pytest.raises(ExportError) as refused:
        read_answers(DS, SCENES, text.format(code=code, choice=choice), "answers.csv")
    assert str(refused.value).startswith(message.format(code=code, choice=choice))


def test_the_prompt_is_set_in_the_largest_type_that_fits_its_box():
    assert points("short", 1180, 92, (16, 14, 12)) == 16
    assert points("word " * 90, 1180, 92, (16, 14, 12)) < 16  # 450 characters
    assert points("word " * 2000, 1180, 92, (16, 14, 12)) == 12  # the smallest, at least


def test_the_walk_as_one_pdf_has_a_page_and_a_bookmark_per_scene_and_question(tmp_path, browser):
    from pypdf import PdfReader

    given = tmp_path / "answers.csv"
    given.write_text(answers_csv(), encoding="utf-8")
    assert main(["export", "--scenes", "--format", "pdf", "--out", str(tmp_path),
                 "--answers", str(given)]) == 0  # fmt: skip
    reader = PdfReader(tmp_path / "tugofwar-scenes.pdf")
    assert len(reader.pages) == 1 + len(SCENES) + len(ASKED)
    marks = [m.title for m in reader.outline]
    assert marks[1] == f"1. {SCENES[0].title}" and len(marks) == len(reader.pages)
    text = " ".join(page.extract_text() for page in reader.pages)
    assert all(scene.title in text for scene in SCENES)
    assert text.count("The room's 3 answers") == len(ASKED)
    found = tagged(reader)  # tagged: a section per page, each figure described
    assert found.sections == marks and len(found.figures) == len(reader.pages)
    assert all(alt.strip() for _, alt in found.figures)
    assert SCENES[0].title in found.figures[1][1]


def test_no_text_over_text_on_any_page_of_the_walk(chromium):
    from components.export.renderer import HEIGHT, WIDTH
    from components.export.scene_deck import question_page, scene_page
    from tests.export.textboxes import drawn_boxes, plotting_page, problems

    page = chromium.new_context(viewport={"width": WIDTH, "height": HEIGHT}).new_page()
    plotting_page(page)
    found = {}
    for number, scene in enumerate(SCENES, start=1):
        figures = [scene_page(DS, scene, number, "https://seminar.example.org/tow")]
        if scene.question is not None:
            labels = list(answer_labels(DS, scene.question))
            for given in (None, labels[:3] * 7):
                figures.append(question_page(DS, scene, number, given, "https://x.example"))
        for k, figure in enumerate(figures):
            if trouble := problems(drawn_boxes(page, figure, WIDTH, HEIGHT), WIDTH, HEIGHT):
                found[f"{scene.id}/{k}"] = trouble
    page.context.close()
    assert found == {}
