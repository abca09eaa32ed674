"""The briefing pack of a second, unrelated dataset (tests/fixtures/other) carries its own
words and none of the shipped case's: slides, data, README and the PDF's text."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pytest
from pypdf import PdfReader

from tests.app.test_other_case import CASE_WORDS, OTHER
from tests.conftest import ROOT

pytestmark = pytest.mark.export


def test_the_pack_of_another_case_says_nothing_of_this_one(browser, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "components", "--data", str(OTHER), "export", "--out",
         str(tmp_path), "--base-url", "http://seminar.example"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    [pack] = tmp_path.glob("*.zip")
    with zipfile.ZipFile(pack) as archive:
        texts = {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith((".svg", ".csv", ".txt"))
        }
        pdf = PdfReader(io.BytesIO(archive.read("tugofwar-briefing.pdf")))
        texts["pdf"] = "\n".join(page.extract_text() or "" for page in pdf.pages)
    for name, text in texts.items():
        assert not CASE_WORDS.findall(text), (name, sorted(set(CASE_WORDS.findall(text))))
    assert "Red camp" in texts["README.txt"] or "Red camp" in texts["pdf"]
