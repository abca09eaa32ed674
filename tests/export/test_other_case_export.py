"""A new user's case from the first command: `tugofwar init case --actors "Saudi Arabia" "Iran"`
(a two-word side, so an id with a hyphen), then every command on it: validate, both exports
(the pack and the deck), health, diff and agree. Each writes its words and none of the shipped
case's (slides, data, README, the PDF's text, the deck's slides and notes). Every page of the
same starter runs in tests/app/test_other_case.py."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pytest
from pptx import Presentation
from pypdf import PdfReader

from tests.app.test_other_case import CASE_WORDS
from tests.conftest import ROOT

pytestmark = pytest.mark.export


def tugofwar(*args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "components", *args], capture_output=True,
                            text=True, cwd=ROOT, timeout=300)  # fmt: skip
    assert "Traceback" not in result.stderr, (args, result.stderr)
    found = CASE_WORDS.findall(result.stdout + result.stderr)
    assert not found, (args, sorted(set(found)))
    return result


def test_a_new_case_from_init_through_every_command(browser, tmp_path):
    case = tmp_path / "case"
    assert tugofwar("init", str(case), "--actors", "Saudi Arabia", "Iran").returncode == 0
    data = ("--data", str(case))
    assert tugofwar(*data, "validate").returncode == 0
    base = ("--base-url", "http://seminar.example")
    assert tugofwar(*data, "export", "--out", str(tmp_path / "zip"), *base).returncode == 0
    assert tugofwar(*data, "export", "--format", "pptx", "--out", str(tmp_path / "pptx"),
                    *base).returncode == 0  # fmt: skip
    [pack] = (tmp_path / "zip").glob("*.zip")
    with zipfile.ZipFile(pack) as archive:
        texts = {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith((".svg", ".csv", ".txt"))
        }
        pdf = PdfReader(io.BytesIO(archive.read("tugofwar-briefing.pdf")))
        texts["pdf"] = "\n".join(page.extract_text() or "" for page in pdf.pages)
        # every chart the pages show: the comparison's five (its third party's trend among
        # them), the other pages' one each
        assert len([n for n in archive.namelist() if n.endswith(".png")]) == 9
    [deck] = (tmp_path / "pptx").glob("*.pptx")
    prs = Presentation(str(deck))
    texts["pptx"] = "\n".join(
        shape.text_frame.text
        for slide in prs.slides
        for shape in slide.shapes
        if shape.has_text_frame
    ) + "\n".join(slide.notes_slide.notes_text_frame.text for slide in prs.slides)
    for name, text in texts.items():
        assert not CASE_WORDS.findall(text), (name, sorted(set(CASE_WORDS.findall(text))))
    assert "Saudi Arabia" in texts["README.txt"] and "Saudi Arabia" in texts["pptx"]
    assert tugofwar(*data, "health").returncode == 0
    assert tugofwar("diff", str(case), str(case)).stdout.strip().endswith("no changes")
    agree = tugofwar("agree", str(case), str(case))
    assert agree.returncode == 0 and "no disagreements" in agree.stdout


def test_the_pack_of_a_generated_case_carries_its_words_as_written(browser, tmp_path):
    """A generated case (names of markup, tests/generated.py): its pack's charts, data, README
    and PDF say nothing of the shipped case and write its markup as text."""
    from components.core.routes import BY_ID, EXPORTABLE
    from components.dataset.load import load_dataset
    from components.export import pack
    from tests.generated import rich_case, write

    ds = load_dataset(write(rich_case(), tmp_path / "case"))
    states = [BY_ID[page].state.default(ds) for page in EXPORTABLE]
    with zipfile.ZipFile(io.BytesIO(pack.briefing(ds, states, "http://x.example"))) as archive:
        texts = {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                 if name.endswith((".svg", ".csv", ".txt"))}  # fmt: skip
    for name, text in texts.items():
        assert not CASE_WORDS.findall(text), (name, sorted(set(CASE_WORDS.findall(text))))
        if name.endswith(".svg"):  # markup in a name is drawn as its characters, not obeyed
            assert "<script>" not in text and "<img src" not in text, name
