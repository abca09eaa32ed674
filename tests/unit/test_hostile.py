"""Hostile input through the loader and the command line: every class of bad dataset is refused
with a message naming the file (or, for markup and formulas, loaded as plain text), nothing
outside the dataset is read, no command ends in a traceback, and every CSV is safe to open."""

from __future__ import annotations

import csv
import html
import io
import subprocess
import sys
import time
import tracemalloc
import zipfile

import pytest

from components.core import escape
from components.dataset import files
from components.dataset.errors import DatasetError
from components.dataset.load import load_dataset, load_files
from components.dataset.yaml_reader import MAX_NODES, parse_yaml
from tests import hostile
from tests.conftest import ROOT, SHIPPED

pytestmark = pytest.mark.unit

REFUSED = {
    "link-to-secret": ("scenes.yaml", "symbolic link"),
    "link-to-outside": ("meta.yaml", "symbolic link"),
    "hard-link": ("events.yaml", "hard link"),
    "fifo": ("events.yaml", "FIFO"),
    "device": ("strategy.yaml", "device"),
    "huge-count": ("events.yaml", f"more than {MAX_NODES:,} values"),
    "ancient-period": ("meta.yaml", "1600 is outside 1900-2100"),
}


def cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "components", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
    )


def make(kind: str, tmp_path):  # noqa: ANN001, ANN201
    made = hostile.MAKERS[kind](tmp_path / "data")
    if made is None:
        pytest.skip(f"{kind}: this user may not make device files (mknod needs root)")
    return made


@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_refused_with_the_file_named_and_nothing_else_read(kind, tmp_path):
    data = make(kind, tmp_path)
    started = time.monotonic()  # a bound of 20 s: far from what any load makes of a refusal
    with pytest.raises(DatasetError) as info:
        load_dataset(data)
    assert time.monotonic() - started < 20, "a hostile file must not keep the loader busy"
    file, words = REFUSED[kind]
    assert any(p.file == file and words in p.message for p in info.value.problems), [
        str(p) for p in info.value.problems
    ]
    result = cli("validate", str(data))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{file}:" in result.stderr and words in result.stderr


def test_a_secret_behind_a_link_never_reaches_a_download(tmp_path):
    """The Method page's ZIP contained the server's environment (scenes.yaml -> environ)."""
    data = copy = hostile.copy_shipped(tmp_path / "data")
    (copy / "scenes.yaml").unlink()
    (copy / "scenes.yaml").symlink_to("/proc/self/environ")
    source = files.read_directory(data)
    assert "scenes.yaml" not in source.files
    assert any("symbolic link" in p.message for p in source.problems)


def test_markup_loads_as_plain_text_and_formulas_too(tmp_path):
    ds = load_dataset(make("markup", tmp_path / "a"))
    assert hostile.MARKUP in ds.meta.title
    ds = load_dataset(make("formulas", tmp_path / "b"))
    assert any(tp.name == hostile.FORMULA for tp in ds.third_parties)


def test_odd_yaml_is_read_as_yaml_1_2_and_control_characters_are_refused(tmp_path):
    with pytest.raises(DatasetError) as info:
        load_dataset(make("odd-yaml", tmp_path))
    shown = "\n".join(str(p) for p in info.value.problems)
    assert "event_period.start: expected a whole number, found a string '0x7dd'" in shown
    assert "expected true or false, found a string 'yes'" in shown
    assert "character U+001B is not allowed" in shown
    data, problems = parse_yaml("v: 33:36\nn: 012\nu: 1_000\nb: off\nf: 1.5e3\nz: -2\n", "t")
    assert problems == [] and data.data == {
        "v": "33:36",
        "n": "012",
        "u": "1_000",
        "b": "off",
        "f": 1500.0,
        "z": -2,
    }
    for escaped in ("\\0", "\\u202E", "\\x07"):
        assert parse_yaml(f'a: "x{escaped}y"\n', "t")[0] is None


def test_a_syntax_error_names_where_the_bracket_was_opened():
    text = "a: 1\nb: [1, 2,\n  3\nc: 4\n"
    _, problems = parse_yaml(text, "x.yaml")
    lines = sorted(p.line for p in problems)
    assert lines == [2, 4], [str(p) for p in problems]
    assert any("the list opened with [ at line 2" in p.message for p in problems)


def test_an_unknown_id_suggests_the_likely_one(shipped_copy):
    from tests.conftest import replace_in

    replace_in(shipped_copy / "events.yaml", "third_parties: [turkey]", "third_parties: [turky]")
    with pytest.raises(DatasetError) as info:
        load_dataset(shipped_copy)
    assert any("did you mean 'turkey'?" in p.message for p in info.value.problems)


def test_a_bad_year_shows_the_bad_value_not_a_template(shipped_copy):
    from tests.conftest import replace_in

    replace_in(shipped_copy / "third_parties.yaml", "years: 2014-2016", "years: 20142016")
    with pytest.raises(DatasetError) as info:
        load_dataset(shipped_copy)
    message = next(p.message for p in info.value.problems if "is not a year" in p.message)
    assert message.startswith("'20142016' is not a year") and "!r" not in message


def test_huge_counts_stay_small_in_memory(tmp_path):
    data = make("huge-count", tmp_path)
    tracemalloc.start()
    with pytest.raises(DatasetError):
        load_dataset(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 150 * 1024 * 1024


# ---------------------------------------------------------------- uploads


def test_a_zip_of_the_shipped_data_loads_as_the_shipped_data():
    source = files.read_upload([("mine.zip", hostile.zip_of(hostile.shipped_files()))])
    assert source.problems == ()
    assert load_files(source).model_dump() == load_dataset(SHIPPED).model_dump()
    loose = files.read_upload(
        [(name.split("/")[-1], data) for name, data in hostile.shipped_files().items()]
    )
    assert loose.problems == () and loose.digest == source.digest


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("parent-path", "path outside the ZIP"),
        ("absolute-path", "path outside the ZIP"),
        ("link-member", "symbolic link"),
        ("too-many-members", "entries, more than"),
        ("bomb", "over the limit"),
        ("deep-folders", "more than one folder deep"),
        ("not-a-zip", "not a readable ZIP"),
    ],
)
def test_hostile_zips_are_refused_before_anything_is_unpacked(kind, words):
    source = files.read_upload([(f"{kind}.zip", hostile.hostile_zips()[kind])])
    assert source.files == {} or source.problems
    assert any(words in p.message for p in source.problems), [str(p) for p in source.problems]
    with pytest.raises(DatasetError):
        load_files(source)


def test_an_upload_over_the_limit_is_refused_unread():
    big = b"x" * (files.MAX_UPLOAD_BYTES + 1)
    source = files.read_upload([("big.zip", big)])
    assert source.files == {} and "over the upload limit" in source.problems[0].message
    stray = files.read_upload([("notes.pdf", b"hello"), ("meta.yaml", b"x: 1")])
    assert any("not a dataset file" in p.message for p in stray.problems)
    # a plain text comes along as a source text (used only if meta.yaml names it), bounded
    texts = files.read_upload([("a.txt", b"one"), ("b.txt", b"two"), ("c.txt", b"three")])
    assert texts.texts == {"a.txt": b"one", "b.txt": b"two"}
    assert any("not a dataset file" in p.message for p in texts.problems)  # c.txt, one too many


def test_the_download_zips_the_bytes_that_were_validated(shipped_copy):
    ds = load_dataset(shipped_copy)
    (shipped_copy / "meta.yaml").write_text("changed after loading", encoding="utf-8")
    with zipfile.ZipFile(io.BytesIO(files.to_zip(ds.files))) as archive:
        meta = archive.read("tugofwar-data/meta.yaml")
    assert meta == (SHIPPED / "meta.yaml").read_bytes()


# ---------------------------------------------------------------- text and CSV


@pytest.mark.parametrize("cell", ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_a_formula_cell_is_neutralised(cell):
    assert escape.csv_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-2", "+1.5", "2016", "Russia", "", "1e3"])
def test_plain_text_and_numbers_are_left_as_they_are(cell):
    assert escape.csv_cell(cell) == cell


def test_every_csv_the_command_line_writes_is_safe(tmp_path):
    data = make("formulas", tmp_path)
    dumped = cli("dump", "--format", "csv", "--data", str(data)).stdout
    cells = [c for row in csv.reader(io.StringIO(dumped)) for c in row]
    assert f"'{hostile.FORMULA}" in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    diffed = cli("diff", str(SHIPPED), str(data), "--format", "csv").stdout
    cells = [c for row in csv.reader(io.StringIO(diffed)) for c in row]
    assert f"'{hostile.FORMULA}" in cells and not any(c.startswith(("=", "@")) for c in cells)


def test_markdown_and_plotly_escapes_make_markup_text():
    assert escape.md("![x](http://e/x.png)") == (
        "&#33;&#91;x&#93;&#40;http&#58;&#47;&#47;e&#47;x&#46;png&#41;"
    )
    assert escape.md(":red[a] $b$ `c` www.x.org") == (
        "&#58;red&#91;a&#93; &#36;b&#36; &#96;c&#96; www&#46;x&#46;org"
    )
    assert html.unescape(escape.md(hostile.MARKUP)) == hostile.MARKUP
    assert (
        escape.plot("<a href='x'>y</a> & <br>") == "&lt;a href='x'&gt;y&lt;/a&gt; &amp; &lt;br&gt;"
    )
    assert escape.web_address("javascript:alert(1)") is None
    assert escape.web_address("file:///etc/passwd") is None
    assert escape.web_address("https://e.org/x)![i](http://b/i.png)") == (
        "https://e.org/x%29!%5Bi%5D%28http://b/i.png%29"
    )


# ---------------------------------------------------------------- commands that write or read


def test_commands_given_a_file_for_a_folder_or_an_endless_source_say_so(tmp_path):
    target = tmp_path / "a-file"
    target.write_text("x")
    for args in (["schema", "--out", str(target)], ["export", "--out", str(target)]):
        result = cli(*args)
        assert result.returncode == 2 and "is a file; give a directory" in result.stderr
        assert "Traceback" not in result.stderr
    result = cli("check-quotes", "--source", "/dev/zero", timeout=20)
    assert result.returncode == 2 and "not a regular file" in result.stderr


def test_an_unreadable_data_directory_is_a_problem_list_not_a_traceback(tmp_path):
    result = cli("validate", str(tmp_path / "nowhere"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "data directory not found" in result.stderr
    a_file = tmp_path / "file"
    a_file.write_text("x")
    result = cli("validate", str(a_file))
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_the_upload_endpoint_keeps_a_few_files_per_session_and_refuses_past_the_total():
    """Streamlit keeps every file PUT into a session until it ends; the guard keeps each
    session's newest few and refuses what would take all uploads past the cap."""
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.uploaded_file_manager import UploadedFileRec

    from components.web import upload_limit

    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    assert upload_limit.guard(manager) and upload_limit.guard(manager)  # once, then a no-op
    chunk = b"x" * 1024 * 1024
    for i in range(20):
        manager.add_file("attacker", UploadedFileRec(f"f{i}", "a.zip", "application/zip", chunk))
    kept = manager.get_files("attacker", [f"f{i}" for i in range(20)])
    assert [f.file_id for f in kept] == [f"f{i}" for i in range(15, 20)]
    assert manager._total_bytes == upload_limit.MAX_FILES_PER_SESSION * len(chunk)
    big = b"x" * (upload_limit.MAX_TOTAL_BYTES - manager._total_bytes + 1)
    with pytest.raises(upload_limit.UploadRefused):
        manager.add_file("other", UploadedFileRec("g", "b.zip", "application/zip", big))
    assert manager.get_files("other", ["g"]) == []


def test_a_same_size_edit_with_the_old_time_put_back_is_seen(shipped_copy):
    """tar, cp -p and rsync -t put the modification time back: the cache key still changes."""
    import os

    path = shipped_copy / "meta.yaml"
    before = files.fingerprint(shipped_copy)
    info = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('version: "2.1.0"', 'version: "2.1.1"'), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    after = files.fingerprint(shipped_copy)
    assert path.stat().st_size == info.st_size and path.stat().st_mtime_ns == info.st_mtime_ns
    assert after != before


# the same reading with and without libyaml: the C scanner is the fast path, the Python one
# reads whatever the C one refused, so both must agree on data, lines and every problem
AWKWARD_YAML = [
    "a: 1\nb: [1, 2,\n  3\nc: 4\n",
    "a: &x 1\nb: *x\n",
    "a: 1\na: 2\n",
    "<<: {a: 1}\n",
    "a: !!python/object:os.system x\n",
    "a: !!binary aGk=\n",
    "a: !custom x\n",
    "a: ! 12\n",
    "? [1, 2]\n: x\n",
    "---\na: 1\n---\nb: 2\n",
    "# only a comment\n",
    "a:\n  - b: 1\n    c: [x, {d: 2015-03-22}]\n  - 'quoted: text'\n",
    'a: "x\\u202Ey"\n',
    "a: x\x07y\n",
    "a: 0x1f\nb: 1e3\nc: .5\nd: ~\ne: True\nf: NO\ng: ''\n",
    "- " * 45 + "x\n",
    "a: " + "[" * 45 + "]" * 45 + "\n",
    "a: 'unterminated\n",
    "a: |\n  block\n  text\nb: >\n  folded\n",
    "a: [1, 2\n",
    "\t a: 1\n",
]


@pytest.mark.parametrize("text", AWKWARD_YAML, ids=range(len(AWKWARD_YAML)))
def test_libyaml_and_python_parsers_read_alike(text, monkeypatch):
    import yaml

    if not getattr(yaml, "__with_libyaml__", False):
        pytest.skip("PyYAML was built without libyaml here")
    fast_data, fast_problems = parse_yaml(text, "t.yaml")
    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    slow_data, slow_problems = parse_yaml(text, "t.yaml")
    assert fast_problems == slow_problems
    assert (fast_data is None) == (slow_data is None)
    if fast_data is not None:
        assert (fast_data.data, fast_data.lines) == (slow_data.data, slow_data.lines)


def test_the_shipped_files_read_alike_with_either_parser(monkeypatch):
    import yaml

    if not getattr(yaml, "__with_libyaml__", False):
        pytest.skip("PyYAML was built without libyaml here")
    from components.dataset.yaml_reader import _compose_with_libyaml

    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(SHIPPED.glob("*.yaml"))}
    assert all(_compose_with_libyaml(content) is not None for content in files.values())
    fast = {name: parse_yaml(content, name) for name, content in files.items()}
    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    for name, content in files.items():
        data, problems = parse_yaml(content, name)
        assert problems == fast[name][1] == []
        assert (data.data, data.lines) == (fast[name][0].data, fast[name][0].lines)


def test_a_markdown_table_shows_every_cell_as_written():
    import pandas as pd

    from components.core.escape import markdown_table

    frame = pd.DataFrame(
        {"Name": ["a|b", "<img src=x>", "two\nlines"], "Value": [1.0, float("nan"), -2.0]}
    )
    text = markdown_table(frame)
    lines = text.splitlines()
    assert len(lines) == 5  # header, rule, three rows: the newline did not end a row
    assert lines[0] == "| Name | Value |" and lines[1] == "|---|---|"
    assert "|" not in lines[2].strip("| ").replace(" | ", "")  # the cell's pipe is an entity
    assert "<img" not in text and "&#60;img src&#61;x&#62;" in text
    assert lines[3].endswith("|  |")  # NaN is an empty cell
    assert lines[2].endswith("| 1 |") and lines[4].endswith("| &#45;2 |")
