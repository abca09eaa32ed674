"""Property: any edit of the shipped YAML yields a valid dataset or DatasetError, nothing else."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.dataset.errors import DatasetError
from components.dataset.load import load_dataset
from components.dataset.models import FILE_MODELS, Dataset
from tests.conftest import SHIPPED

pytestmark = pytest.mark.unit

FILES = [filename for filename, _ in FILE_MODELS.values()]
TEXTS = {name: (SHIPPED / name).read_text(encoding="utf-8") for name in FILES}
TOKENS = [
    "",
    "null",
    "~",
    "[",
    "]",
    "{",
    "}",
    "&a x",
    "*a",
    "!!python/object:os.system",
    "!!binary AA==",
    "- ",
    ": ",
    '"',
    "'",
    "5",
    "-3",
    "9999999999999999999999",
    "1e9",
    "2017-01-01",
    "true",
    "<<: {}",
    "\t",
    "é",
    "\x00",
    "id: usa",
    "years: 2013-2019",
    "value: 7",
    "tier: tier-7",
    "---",
]


@st.composite
def edited(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(st.sampled_from(FILES))
    lines = TEXTS[name].splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(
            st.sampled_from(["delete", "duplicate", "replace_value", "insert", "swap", "dedent"])
        )
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "replace_value":
            head = lines[i].split(":", 1)[0]
            lines[i] = f"{head}: {draw(st.sampled_from(TOKENS))}\n"
        elif op == "insert":
            token = draw(st.sampled_from(TOKENS) | st.text(max_size=12))
            lines.insert(i, " " * draw(st.integers(0, 12)) + token + "\n")
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines[i] = lines[i][2:]
        if not lines:
            lines = [""]
    return name, "".join(lines)


@pytest.fixture(scope="module")
def workdir():
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(SHIPPED, data)
        yield data


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(edit=edited())
def test_random_edits_give_a_dataset_or_the_error_type(workdir, edit):
    name, text = edit
    target = workdir / name
    target.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        result = load_dataset(workdir)
    except DatasetError as exc:
        assert exc.problems, "DatasetError must carry at least one problem"
        for problem in exc.problems:
            assert problem.file in FILES and problem.line >= 1
    else:
        assert isinstance(result, Dataset)
    finally:
        target.write_text(TEXTS[name], encoding="utf-8")
