"""The spreadsheet round trip: `dump --format xlsx`, then `from-sheet` back into the YAML.

An unchanged round trip writes nothing (the files stay byte-identical and `diff` finds no
change), on the shipped case and on cases of other shapes; an edited cell changes only its
entry's lines; every kind of bad input is refused with a message naming the file, the sheet,
the row and the column, and nothing is written.
"""

from __future__ import annotations

import difflib
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from components import cli
from components.dataset.load import load_dataset
from components.dataset.sheets import COLUMNS, VALUES
from components.dataset.yaml_write import Change, apply_changes, edit_text
from tests.conftest import FIXTURES, SHIPPED, copy_dataset

pytestmark = pytest.mark.unit

NAMES = ("meta.yaml", "third_parties.yaml", "events.yaml", "strategy.yaml", "scenes.yaml")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def shipped_book(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("book") / "case.xlsx"
    assert cli.main(["dump", "--format", "xlsx", "--out", str(path), "--data", str(SHIPPED)]) == 0
    return path


def edited(book: Path, dest: Path, edit) -> Path:  # noqa: ANN001
    workbook = load_workbook(book)
    edit(workbook)
    workbook.save(dest)
    return dest


def column(name: str) -> int:
    return [c.name for c in COLUMNS[VALUES]].index(name) + 1


# ---------------------------------------------------------------- round trips


def test_unchanged_round_trip_of_the_shipped_case_writes_nothing(
    shipped_book, shipped_copy, capsys
):
    before = snapshot(shipped_copy)
    code, out, err = run(capsys, "from-sheet", str(shipped_book), "--into", str(shipped_copy))
    assert code == 0, err
    assert "nothing written" in out
    assert snapshot(shipped_copy) == before  # byte-identical, and no backup made
    code, out, err = run(capsys, "diff", str(SHIPPED), str(shipped_copy))
    assert code == 0 and out.strip() == "no changes", err


def test_the_workbook_is_values_only_with_a_dropdown_and_a_frozen_header(shipped_book):
    book = load_workbook(shipped_book)
    assert book.sheetnames == ["values", "third parties", "events", "actions", "scale"]
    ds = load_dataset(SHIPPED)
    values = book["values"]
    assert values.freeze_panes == "A2"
    assert [c.value for c in values[1]] == [c.name for c in COLUMNS[VALUES]]
    rules = values.data_validations.dataValidation
    assert len(rules) == 1 and rules[0].type == "list"
    assert [c.value for c in book["scale"]["B"][1:]] == [lvl.label for lvl in ds.meta.scale.levels]
    quote = values.cell(2, column("quote"))
    assert quote.alignment.wrap_text
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row)
    assert values.max_row - 1 == sum(
        len(r or []) for tp in ds.third_parties for d in tp.relations.values() for r in d.values()
    )


@pytest.mark.parametrize("case", ["rivals", "other"])
def test_round_trip_of_cases_of_other_shapes(case, tmp_path, capsys):
    folder = copy_dataset(FIXTURES / case, tmp_path / "data")
    before = snapshot(folder)
    book = tmp_path / "case.xlsx"
    assert (
        run(capsys, "dump", "--format", "xlsx", "--out", str(book), "--data", str(folder))[0] == 0
    )
    code, _, err = run(capsys, "from-sheet", str(book), "--into", str(folder))
    assert code == 0, err
    assert snapshot(folder) == before


def test_round_trip_of_a_generated_case_with_markup_and_formulas(tmp_path, capsys):
    from tests.generated import rich_case, write

    folder = write(rich_case(), tmp_path / "data")
    before = snapshot(folder)
    book = tmp_path / "case.xlsx"
    assert (
        run(capsys, "dump", "--format", "xlsx", "--out", str(book), "--data", str(folder))[0] == 0
    )
    texts = [
        c
        for s in load_workbook(book).worksheets
        for r in s.iter_rows()
        for c in r
        if isinstance(c.value, str) and c.value.startswith("=")
    ]
    assert texts and all(c.data_type == "s" for c in texts)  # written as text, never run
    code, _, err = run(capsys, "from-sheet", str(book), "--into", str(folder))
    assert code == 0, err
    assert snapshot(folder) == before


def test_an_edited_value_changes_only_its_entry(shipped_book, shipped_copy, tmp_path, capsys):
    ds = load_dataset(SHIPPED)
    first = ds.third_parties[0]
    side = next(iter(first.relations))
    old = first.relations[side]["overall"][0].value
    new = next(lvl for lvl in ds.meta.scale.levels if lvl.value != old)

    def edit(book):  # noqa: ANN001
        book["values"].cell(2, column("label")).value = new.label  # the dropdown's column

    path = edited(shipped_book, tmp_path / "edit.xlsx", edit)
    before = (shipped_copy / "third_parties.yaml").read_text(encoding="utf-8")
    code, out, err = run(capsys, "from-sheet", str(path), "--into", str(shipped_copy))
    assert code == 0, err
    after = (shipped_copy / "third_parties.yaml").read_text(encoding="utf-8")
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert changed == [f"-            value: {old}", f"+            value: {new.value}"]
    assert load_dataset(shipped_copy).third_parties[0].relations[side]["overall"][0].value == (
        new.value
    )
    backups = list(shipped_copy.glob("third_parties.yaml.*.bak"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == before
    assert not list(shipped_copy.glob(".*.tmp"))
    code, out, _ = run(capsys, "diff", str(SHIPPED), str(shipped_copy))
    assert f"value: {old} -> {new.value}" in out and "no changes" not in out


def test_a_changed_item_keeps_the_comments_and_the_lines_around_it():
    text = "# top\nitems:\n  - id: a  # first\n    name: A\n    # note\n    tags: [x, y]\n"
    out = edit_text(
        text,
        [
            (("items", 0), {"id": "a", "name": "B", "kind": "k", "tags": ["x"]}),
            (("items", 1), {"id": "b", "name": "C", "tags": []}),
        ],
    )
    assert out == (
        "# top\nitems:\n  - id: a  # first\n    name: B\n    # note\n    kind: k\n"
        "    tags: [x]\n  - id: b\n    name: C\n    tags: []\n"
    )


def test_apply_changes_refuses_an_invalid_result_and_writes_nothing(mini_copy):
    before = snapshot(mini_copy)
    with pytest.raises(Exception, match="third_parties.yaml"):
        apply_changes(
            mini_copy, [Change("third_parties.yaml", ("third_parties", 0, "kind"), "planet")]
        )
    assert snapshot(mini_copy) == before


def test_a_values_csv_round_trips(shipped_copy, tmp_path, capsys):
    import csv

    rows = [[c.name for c in COLUMNS[VALUES]]]
    path = tmp_path / "values.csv"
    tmp = tmp_path / "case.xlsx"
    run(capsys, "dump", "--format", "xlsx", "--out", str(tmp), "--data", str(shipped_copy))
    sheet = load_workbook(tmp)["values"]
    rows += [
        ["" if v is None else str(v).lower() if isinstance(v, bool) else v for v in row]
        for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    before = snapshot(shipped_copy)
    code, _, err = run(capsys, "from-sheet", str(path), "--into", str(shipped_copy))
    assert code == 0, err
    assert snapshot(shipped_copy) == before


# ---------------------------------------------------------------- refused


def _set(name: str, value, row: int = 2):  # noqa: ANN001, ANN202
    def edit(book):  # noqa: ANN001
        book["values"].cell(row, column(name)).value = value

    return edit


def _formula(book):  # noqa: ANN001
    book["values"].cell(2, column("value")).value = "=1+1"


def _merged(book):  # noqa: ANN001
    book["values"].merge_cells("H2:H3")


def _extra_sheet(book):  # noqa: ANN001
    book.create_sheet("notes")


REFUSED = {
    "formula": (_formula, "values!F2 (value): holds a formula"),
    "merged": (_merged, "has merged cells (H2:H3)"),
    "extra sheet": (_extra_sheet, "unknown sheet 'notes'"),
    "unknown third party": (
        _set("third_party", "atlantis"),
        "values!A2 (third_party): unknown third party 'atlantis'",
    ),
    "unknown side": (_set("side", "rome"), "values!B2 (side): unknown side 'rome'"),
    "unknown dimension": (_set("dimension", "naval"), "values!C2 (dimension): unknown dimension"),
    "year outside": (_set("first_year", 1999), "values!D2 (first_year): year 1999 is not scored"),
    "off the scale": (_set("value", 9), "values!F2 (value): 9 is not on the scale (allowed: "),
    "label off the scale": (
        _set("label", "Married"),
        "values!G2 (label): 'Married' is not a label of the scale",
    ),
    "control character": (
        _set("quote", "a\u202e red"),
        "values!J2 (quote): 'a\\u202e red' holds a control or text-reordering character",
    ),
    "huge string": (_set("rationale", "x" * 30_000), "values!I2 (rationale): 30,000 characters"),
    "bad confidence": (
        _set("confidence", "certain"),
        "values!H2 (confidence): 'certain' is not allowed (allowed: high, medium, low)",
    ),
    # a problem of the whole dataset, at the row that made it (and where the YAML would say it)
    "invalid result": (
        _set("quote", None),
        "bad.xlsx:2: values row 2: a coded value needs evidence: a verbatim quote, or inferred: "
        "true with reasoning (in third_parties.yaml at third_parties[0].relations.kabul.overall[0]"
        ".quote)",
    ),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_bad_cells_are_refused_with_their_place_and_nothing_written(
    case, shipped_book, shipped_copy, tmp_path, capsys
):
    edit, message = REFUSED[case]
    path = edited(shipped_book, tmp_path / "bad.xlsx", edit)
    before = snapshot(shipped_copy)
    code, out, err = run(capsys, "from-sheet", str(path), "--into", str(shipped_copy))
    assert code == 1 and out == ""
    assert "bad.xlsx" in err, err
    assert message in err, err
    assert snapshot(shipped_copy) == before


def test_not_a_workbook_and_a_bomb_are_refused(shipped_copy, tmp_path, capsys):
    before = snapshot(shipped_copy)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("third_party,side\n", encoding="utf-8")
    code, _, err = run(capsys, "from-sheet", str(fake), "--into", str(shipped_copy))
    assert code == 1 and "fake.xlsx:1: (document): is not an .xlsx workbook" in err
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            zeros = b"\0" * (1 << 20)
            for _ in range(101):
                member.write(zeros)
    assert bomb.stat().st_size < 1_000_000
    code, _, err = run(capsys, "from-sheet", str(bomb), "--into", str(shipped_copy))
    assert code == 1 and "bytes, over the limit of 104,857,600; refused" in err
    assert snapshot(shipped_copy) == before


def test_a_sheet_of_too_many_rows_is_refused_without_reading_it(shipped_copy, tmp_path, capsys):
    from openpyxl import Workbook as Book

    book = Book(write_only=True)
    sheet = book.create_sheet("values")
    sheet.append([c.name for c in COLUMNS[VALUES]])
    for _ in range(100_000):
        sheet.append(["usa"])
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "long.xlsx"
    path.write_bytes(buffer.getvalue())
    before = snapshot(shipped_copy)
    code, _, err = run(capsys, "from-sheet", str(path), "--into", str(shipped_copy))
    assert code == 1 and "long.xlsx:7202: values: more than 7,200 rows" in err, err
    assert snapshot(shipped_copy) == before


def test_csv_refuses_a_formula_and_reads_back_the_apostrophe(shipped_copy, tmp_path, capsys):
    header = ",".join(c.name for c in COLUMNS[VALUES])
    path = tmp_path / "values.csv"
    path.write_text(header + "\nusa,kabul,overall,2014,2016,=2+1\n", encoding="utf-8")
    before = snapshot(shipped_copy)
    code, _, err = run(capsys, "from-sheet", str(path), "--into", str(shipped_copy))
    assert code == 1 and "values.csv:2: values!F2 (value): '=2+1' would run as a formula" in err
    assert snapshot(shipped_copy) == before


def test_dump_xlsx_needs_out(capsys):
    code, _, err = run(capsys, "dump", "--format", "xlsx")
    assert code == 2 and "--out FILE goes with --format xlsx" in err


def test_a_failed_rename_leaves_the_previous_file_whole(mini_copy, monkeypatch):
    import os

    from components.dataset import yaml_write

    before = snapshot(mini_copy)

    def broken(src, dst):  # noqa: ANN001
        if Path(dst).name == "third_parties.yaml":
            raise OSError(28, "No space left on device")
        return os.rename(src, dst)

    monkeypatch.setattr(yaml_write.os, "replace", broken)
    change = Change("third_parties.yaml", ("third_parties", 0, "name"), "Another Name")
    with pytest.raises(OSError):
        apply_changes(mini_copy, [change])
    after = snapshot(mini_copy)
    assert after["third_parties.yaml"] == before["third_parties.yaml"]
    assert not [n for n in after if n.endswith(".tmp")]
