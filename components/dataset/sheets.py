"""The dataset as a workbook and back: `workbook(ds)` writes one sheet per kind (values, third
parties, events, actions, and the scale for reference); `read_sheets(path, ds)` reads a workbook
or a CSV of the values sheet into the changes (yaml_write.Change) that make the dataset's YAML
say what the sheets say. No formulas are written, and a workbook is read as hostile: its size,
its members, its sheets, its rows and every cell are checked before anything is used, and each
problem names the file, the sheet, the row and the column.
"""

from __future__ import annotations

import csv
import io
import json
import re
import typing
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from components.dataset.cells import csv_uncell, formula_like
from components.dataset.errors import DatasetError, Problem
from components.dataset.models import (
    MAX_EVENTS,
    MAX_ITEMS,
    MAX_THIRD_PARTIES,
    Action,
    CounterMove,
    Dataset,
    Event,
    Rating,
    ThirdParty,
    unwrap,
)
from components.dataset.yaml_reader import FORBIDDEN, parse_bytes
from components.dataset.yaml_write import Change

VALUES, THIRD_PARTIES, EVENTS, ACTIONS, SCALE = (
    "values",
    "third parties",
    "events",
    "actions",
    "scale",
)
KINDS = (VALUES, THIRD_PARTIES, EVENTS, ACTIONS)  # the sheets read back, in the order written
MAX_SHEET_BYTES = 20 * 1024 * 1024  # a workbook or CSV file
MAX_SHEET_UNPACKED = 100 * 1024 * 1024  # a workbook's members, unpacked
MAX_SHEET_MEMBERS = 500
MAX_TEXT = 2000  # one text cell (the models' Text)
MAX_LIST_CELL = 20_000  # a cell holding a list
ACTION, COUNTER_MOVE = "action", "counter-move"


# ---------------------------------------------------------------- the columns


@dataclass(frozen=True)
class Column:
    name: str  # the header
    path: tuple[str, ...]  # where in an item (("outcome", "status"))
    kind: str  # "int", "bool", "list", "text", "choice"
    choices: tuple[str, ...] = ()
    optional: bool = True  # may be empty (null, or the field's default)

    @property
    def width(self) -> int:
        if self.kind == "text" and self.name in _LONG:
            return 60
        return {"int": 10, "bool": 10, "list": 28}.get(self.kind, 22)


_LONG = {
    "quote",
    "rationale",
    "reasoning",
    "adjudication",
    "description",
    "note",
    "date_note",
    "date_source",
    "outcome.rationale",
    "outcome.quote",
    "title",
    "name",
}


def _columns(model: type[BaseModel], skip: set[str], prefix: tuple[str, ...] = ()) -> list[Column]:
    out: list[Column] = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        annotation, optional = unwrap(info.annotation)
        path = (*prefix, name)
        optional = optional or not info.is_required()
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            out += _columns(annotation, set(), path)
            continue
        if typing.get_origin(annotation) is typing.Literal:
            kind, choices = "choice", tuple(str(a) for a in typing.get_args(annotation))
        elif typing.get_origin(annotation) is list:
            kind, choices = "list", ()
        elif annotation is bool:
            kind, choices = "bool", ()
        elif annotation is int:
            kind, choices = "int", ()
        else:
            kind, choices = "text", ()
        out.append(Column(".".join(path), path, kind, choices, optional))
    return out


def _key(name: str) -> Column:
    return Column(name, (name,), "text", optional=False)


VALUE_COLUMNS = [
    _key("third_party"),
    _key("side"),
    _key("dimension"),
    Column("first_year", ("first_year",), "int", optional=False),
    Column("last_year", ("last_year",), "int"),
    Column("value", ("value",), "int"),
    Column("label", ("label",), "text"),
    *_columns(Rating, {"years", "value"}),
]
TP_COLUMNS = _columns(ThirdParty, {"relations"})
EVENT_COLUMNS = _columns(Event, set())
_MOVE_ONLY = [c for c in _columns(CounterMove, set()) if c.name not in {"tier"}]
ACTION_COLUMNS = [
    Column("kind", ("kind",), "choice", (ACTION, COUNTER_MOVE), optional=False),
    _key("tier"),
    Column("goal", ("goal",), "text"),
    *_MOVE_ONLY,
    *[c for c in _columns(Action, set()) if c.name.startswith("outcome.")],
]
COLUMNS = {
    VALUES: VALUE_COLUMNS,
    THIRD_PARTIES: TP_COLUMNS,
    EVENTS: EVENT_COLUMNS,
    ACTIONS: ACTION_COLUMNS,
}


# ---------------------------------------------------------------- rows from a dataset


def _rows(ds: Dataset) -> dict[str, list[dict[str, Any]]]:
    labels = {lvl.value: lvl.label for lvl in ds.meta.scale.levels}
    values = []
    for tp in ds.third_parties:
        for side, dims in tp.relations.items():
            for dim, ratings in dims.items():
                for r in ratings or []:
                    first, last = r.span
                    row = {
                        "third_party": tp.id,
                        "side": side,
                        "dimension": dim,
                        "first_year": first,
                        "last_year": last,
                        "value": r.value,
                        "label": labels.get(r.value) if r.value is not None else None,
                    }
                    row.update(_flat(r.model_dump(exclude={"years", "value"})))
                    values.append(row)
    tps = [_flat(tp.model_dump(exclude={"relations"})) for tp in ds.third_parties]
    events = [_flat(ev.model_dump()) for ev in ds.events]
    actions = []
    for tier in ds.strategy.tiers:
        for goal in tier.goals:
            for action in goal.actions:
                actions.append(
                    {"kind": ACTION, "tier": tier.id, "goal": goal.id, **_flat(action.model_dump())}
                )
    for move in ds.strategy.counter_moves:
        actions.append({"kind": COUNTER_MOVE, **_flat(move.model_dump())})
    return {VALUES: values, THIRD_PARTIES: tps, EVENTS: events, ACTIONS: actions}


def _flat(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict) and key == "outcome":
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def list_cell(items: list[str]) -> str:
    """A list in one cell: 'a; b; c', or JSON where an item holds a ';' (read back exactly)."""
    if any(";" in item or item.strip() != item for item in items) or (
        items and items[0].startswith("[")
    ):
        return json.dumps(items, ensure_ascii=False)
    return "; ".join(items)


def workbook(ds: Dataset) -> bytes:
    """The dataset as an .xlsx workbook: a sheet per kind, the header frozen, long text wrapped,
    the scale's labels as a dropdown on the values' label column. Every cell is a value: text
    that would start a formula is written as text (a string cell, marked as quoted text)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    book.remove(book.active)
    rows = _rows(ds)
    for kind in KINDS:
        sheet = book.create_sheet(kind)
        columns = COLUMNS[kind]
        sheet.append([c.name for c in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows[kind]:
            sheet.append([_cell_value(row.get(c.name), c) for c in columns])
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = column.width
            wrap = column.width >= 60
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                if isinstance(cell.value, str) and formula_like(cell.value):
                    cell.data_type = "s"  # openpyxl takes "=..." for a formula otherwise
                    cell.quotePrefix = True  # and a spreadsheet keeps it text when edited
                if wrap:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
        if kind == VALUES:
            label_col = get_column_letter([c.name for c in columns].index("label") + 1)
            n = len(ds.meta.scale.levels)
            rule = DataValidation(
                type="list",
                formula1=f"'{SCALE}'!$B$2:$B${n + 1}",
                allow_blank=True,
                showErrorMessage=True,
                error="Choose one of the scale's labels (empty: not coded)",
            )
            rule.add(f"{label_col}2:{label_col}{max(len(rows[kind]) + 200, 1000)}")
            sheet.add_data_validation(rule)
    scale = book.create_sheet(SCALE)
    scale.append(["value", "label", "definition"])
    for cell in scale[1]:
        cell.font = Font(bold=True)
    for level in ds.meta.scale.levels:
        scale.append([level.value, level.label, level.definition])
    for row in scale.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and formula_like(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True
    scale.column_dimensions["B"].width = 22
    scale.column_dimensions["C"].width = 80
    scale.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell_value(value: Any, column: Column) -> Any:
    if value is None:
        return None
    if column.kind == "list":
        return list_cell([str(v) for v in value])
    return value


# ---------------------------------------------------------------- reading a file


@dataclass
class _Reader:
    """Problems met reading one file, each located at FILE:ROW: SHEET!CELL (column)."""

    name: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, sheet: str, row: int, column: str | None, message: str, col: int = 0) -> None:
        if column is None:
            where = sheet
        else:
            where = f"{sheet}!{_letter(col)}{row} ({column})" if col else f"{sheet} ({column})"
        self.problems.append(Problem(self.name, row, where, message))

    def fail(self) -> None:
        if self.problems:
            raise DatasetError(self.problems)


def _letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_tables(path: Path, bounds: dict[str, int]) -> dict[str, list[tuple[int, dict]]]:
    """The rows of each sheet in the file (a workbook, or a CSV of the values sheet), as
    (row number, {column: cell}), every cell checked; DatasetError for anything refused."""
    reader = _Reader(path.name)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DatasetError(
            [Problem(path.name, 1, "", f"cannot read the file ({exc.strerror})")]
        ) from None
    if not path.is_file():
        raise DatasetError([Problem(path.name, 1, "", "is not a regular file")])
    if size > MAX_SHEET_BYTES:
        raise DatasetError(
            [
                Problem(
                    path.name,
                    1,
                    "",
                    f"is {size:,} bytes, over the limit of {MAX_SHEET_BYTES:,} bytes for a sheet",
                )
            ]
        )
    if path.suffix.lower() == ".csv":
        tables = {VALUES: _csv_rows(path, reader, bounds[VALUES])}
    elif path.suffix.lower() == ".xlsx":
        tables = _xlsx_rows(path, reader, bounds)
    else:
        raise DatasetError(
            [
                Problem(
                    path.name,
                    1,
                    "",
                    "is neither .xlsx (a workbook that "
                    "tugofwar dump --format xlsx wrote) nor .csv (its values "
                    "sheet)",
                )
            ]
        )
    reader.fail()
    return tables


def _csv_rows(path: Path, reader: _Reader, bound: int) -> list[tuple[int, dict]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DatasetError(
            [Problem(path.name, 1, "", f"is not UTF-8 text ({exc.reason})")]
        ) from None
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(rows, None)
    except csv.Error as exc:
        raise DatasetError(
            [Problem(path.name, 1, "", f"is not a readable CSV file ({exc})")]
        ) from None
    if header is None:
        raise DatasetError(
            [Problem(path.name, 1, "", "is empty (expected the values sheet's header row)")]
        )
    columns = _header(reader, VALUES, header)
    out: list[tuple[int, dict]] = []
    try:
        for number, cells in enumerate(rows, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(out) >= bound:
                reader.add(
                    VALUES,
                    number,
                    None,
                    f"more than {bound:,} rows, the most this dataset's bounds allow; refused",
                )
                break
            row = {}
            for index, raw in enumerate(cells, start=1):
                column = columns.get(index)
                if column is None:
                    if raw.strip():
                        reader.add(
                            VALUES,
                            number,
                            "?",
                            f"a value {raw[:40]!r} in a column without a header",
                            index,
                        )
                    continue
                if formula_like(raw):
                    reader.add(
                        VALUES,
                        number,
                        column.name,
                        f"{_short(raw)} would run as a "
                        "formula; write text starting with it as '" + raw[:1],
                        index,
                    )
                    continue
                row[column.name] = _cell(
                    reader, VALUES, number, index, column, csv_uncell(raw) if raw != "" else None
                )
            out.append((number, row))
    except csv.Error as exc:
        reader.add(VALUES, rows.line_num, None, f"is not readable CSV ({exc})")
    return out


def _header(reader: _Reader, sheet: str, cells: list[Any]) -> dict[int, Column]:
    known = {c.name: c for c in COLUMNS[sheet]}
    found: dict[int, Column] = {}
    for index, cell in enumerate(cells, start=1):
        if cell is None or str(cell).strip() == "":
            continue
        name = str(cell).strip()
        if name not in known:
            reader.add(
                sheet,
                1,
                name[:40],
                f"unknown column {name[:40]!r} (allowed: {', '.join(known)})",
                index,
            )
        elif known[name] in found.values():
            reader.add(sheet, 1, name, "this column is given twice", index)
        else:
            found[index] = known[name]
    missing = [c.name for c in COLUMNS[sheet] if not c.optional and c not in found.values()]
    for name in missing:
        reader.add(sheet, 1, name, "this column is missing from the header row")
    return found


def _xlsx_rows(path: Path, reader: _Reader, bounds: dict[str, int]) -> dict[str, list]:
    if not zipfile.is_zipfile(path):
        raise DatasetError(
            [Problem(path.name, 1, "", "is not an .xlsx workbook (not a ZIP archive)")]
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_SHEET_MEMBERS:
                raise DatasetError(
                    [
                        Problem(
                            path.name,
                            1,
                            "",
                            f"has {len(members):,} parts, more "
                            f"than the {MAX_SHEET_MEMBERS} allowed",
                        )
                    ]
                )
            unpacked = sum(m.file_size for m in members)
            if unpacked > MAX_SHEET_UNPACKED:
                raise DatasetError(
                    [
                        Problem(
                            path.name,
                            1,
                            "",
                            f"unpacks to {unpacked:,} bytes, "
                            f"over the limit of {MAX_SHEET_UNPACKED:,}; "
                            "refused",
                        )
                    ]
                )
            names = {m.filename for m in members}
            if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
                raise DatasetError(
                    [
                        Problem(
                            path.name,
                            1,
                            "",
                            "is a ZIP but not an .xlsx workbook (no xl/workbook.xml)",
                        )
                    ]
                )
            merged = _merged_cells(archive)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise DatasetError(
            [Problem(path.name, 1, "", f"is not a readable workbook ({exc})")]
        ) from None
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise DatasetError(
            [
                Problem(
                    path.name,
                    1,
                    "",
                    f"is not a readable workbook ({type(exc).__name__}: {str(exc)[:120]})",
                )
            ]
        ) from None
    tables: dict[str, list] = {}
    try:
        known = (*KINDS, SCALE)
        for title in book.sheetnames:
            if title not in known:
                reader.add(
                    _label(title),
                    1,
                    None,
                    f"unknown sheet {_label(title)!r} (allowed: {', '.join(known)})",
                )
        for member, refs in merged.items():
            sheet = _sheet_of(book, member)
            reader.add(
                sheet,
                1,
                None,
                f"has merged cells ({', '.join(refs[:5])}); unmerge them "
                "(each cell holds its own value)",
            )
        reader.fail()
        for title in book.sheetnames:
            if title in KINDS:
                tables[title] = _sheet_rows(book[title], title, reader, bounds[title])
    finally:
        book.close()
    return tables


_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z0-9:]{1,30})\"")


def _merged_cells(archive: zipfile.ZipFile) -> dict[str, list[str]]:
    """The merged ranges of each worksheet, found in its XML (openpyxl's read-only mode does
    not report them), read in chunks."""
    found: dict[str, list[str]] = {}
    for info in archive.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        tail = b""
        with archive.open(info) as member:
            while chunk := member.read(1 << 20):
                data = tail + chunk
                for match in _MERGE.finditer(data):
                    found.setdefault(info.filename, []).append(match.group(1).decode())
                tail = data[-200:] if not data.endswith(b">") else b""
    return {k: list(dict.fromkeys(v)) for k, v in found.items()}


def _sheet_of(book: Any, member: str) -> str:
    """The sheet's title for its part name (xl/worksheets/sheet2.xml), as well as it is known."""
    for sheet in book.worksheets:
        if getattr(sheet, "_worksheet_path", None) == member.split("/", 1)[-1] or (
            getattr(sheet, "_worksheet_path", "").endswith(member.rsplit("/", 1)[-1])
        ):
            return sheet.title
    return member


def _label(text: str) -> str:
    clean = "".join(ch if ch.isprintable() else "?" for ch in text)
    return clean if len(clean) <= 40 else clean[:37] + "..."


def _sheet_rows(sheet: Any, title: str, reader: _Reader, bound: int) -> list[tuple[int, dict]]:
    declared = sheet.max_row  # from the sheet's <dimension>, before reading a row
    if declared is not None and declared > bound + 1 + 1000:
        reader.add(
            title,
            declared,
            None,
            f"has {declared - 1:,} rows, more than the {bound:,} "
            "this dataset's bounds allow; refused",
        )
        return []
    rows = sheet.iter_rows()
    header_cells = next(rows, None)
    if header_cells is None:
        reader.add(title, 1, None, "is empty (expected a header row)")
        return []
    columns = _header(reader, title, [c.value for c in header_cells])
    out: list[tuple[int, dict]] = []
    for cells in rows:
        number = next((c.row for c in cells if getattr(c, "row", None)), 0)
        values = [(c.column, c) for c in cells if getattr(c, "value", None) is not None]
        if not values:
            continue
        if len(out) >= bound:
            reader.add(
                title,
                number,
                None,
                f"more than {bound:,} rows, the most this dataset's bounds allow; refused",
            )
            break
        row: dict[str, Any] = {}
        for index, cell in values:
            column = columns.get(index)
            if cell.data_type == "f":
                reader.add(
                    title,
                    number,
                    column.name if column else "?",
                    f"holds a formula ({_short(str(cell.value))}); write its value instead",
                    index,
                )
                continue
            if column is None:
                reader.add(
                    title,
                    number,
                    "?",
                    f"a value {_short(str(cell.value))} in a column without a header",
                    index,
                )
                continue
            value = cell.value
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            row[column.name] = _cell(reader, title, number, index, column, value)
        out.append((number, row))
    return out


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _cell(reader: _Reader, sheet: str, row: int, col: int, column: Column, value: Any) -> Any:
    """A cell's value as the field takes it (None: empty), or None with a problem noted."""
    if value is None:
        return None
    if isinstance(value, str):
        limit = MAX_LIST_CELL if column.kind == "list" else MAX_TEXT
        if len(value) > limit:
            reader.add(
                sheet,
                row,
                column.name,
                f"{len(value):,} characters, more than the {limit:,} a cell may hold here",
                col,
            )
            return None
        if FORBIDDEN.search(value):
            reader.add(
                sheet,
                row,
                column.name,
                f"{_short(value)} holds a control or "
                "text-reordering character, which the dataset refuses",
                col,
            )
            return None
        value = value.strip()
        if value == "":
            return None
    if column.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            try:
                value = int(str(value).strip())
            except ValueError:
                reader.add(
                    sheet,
                    row,
                    column.name,
                    f"expected a whole number, found {_short(str(value))}",
                    col,
                )
                return None
        return value
    if column.kind == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "false"):
            return text == "true"
        reader.add(
            sheet, row, column.name, f"expected true or false, found {_short(str(value))}", col
        )
        return None
    if not isinstance(value, str):
        value = str(value)  # a number in a text column (an id typed as 2016, a date)
    if column.kind == "list":
        if value.startswith("["):
            try:
                items = json.loads(value)
            except ValueError:
                items = None
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                reader.add(
                    sheet, row, column.name, f"{_short(value)} is not a list (write a; b; c)", col
                )
                return None
            return items
        return [part.strip() for part in value.split(";") if part.strip()]
    if column.kind == "choice" and value not in column.choices:
        reader.add(
            sheet,
            row,
            column.name,
            f"{_short(value)} is not allowed (allowed: {', '.join(column.choices)})",
            col,
        )
        return None
    return value


# ---------------------------------------------------------------- the sheets as changes


def bounds(ds: Dataset) -> dict[str, int]:
    """The most rows each sheet may have for this dataset (models.py's MAX_*)."""
    keys = 1 + len(ds.meta.dimensions)
    return {
        VALUES: MAX_THIRD_PARTIES * len(ds.meta.actors) * keys * len(ds.meta.years),
        THIRD_PARTIES: MAX_THIRD_PARTIES,
        EVENTS: MAX_EVENTS,
        ACTIONS: MAX_ITEMS * MAX_ITEMS,
    }


Origins = dict[tuple[str, str], tuple[str, int]]  # (YAML file, path) -> (sheet, row)


def read_sheets(path: str | Path, ds: Dataset, origins: Origins | None = None) -> list[Change]:
    """The changes that make `ds`'s YAML say what the file's sheets say (a sheet absent from
    the workbook leaves its kind as it is); DatasetError, located in the file, if a row cannot
    be read or names what the dataset does not have. `origins`, if given, gets the sheet and
    row each new entry comes from, by its place in the YAML (located_problems uses it)."""
    path = Path(path)
    tables = read_tables(path, bounds(ds))
    reader = _Reader(path.name)
    origins = origins if origins is not None else {}
    files = ds.files
    plain = {
        name: parse_bytes(files[name], name)[0].data
        for name in ("third_parties.yaml", "events.yaml", "strategy.yaml")
    }
    changes: list[Change] = []
    tps = list(plain["third_parties.yaml"]["third_parties"])
    if THIRD_PARTIES in tables:
        tps = _third_parties(tables[THIRD_PARTIES], tps, reader)
    if VALUES in tables:
        _values(tables[VALUES], tps, ds, reader, origins)
    if THIRD_PARTIES in tables or VALUES in tables:
        changes.append(Change("third_parties.yaml", ("third_parties",), tps))
    if EVENTS in tables:
        old = {e.get("id"): e for e in plain["events.yaml"]["events"]}
        events = [
            _item(row, EVENT_COLUMNS, Event, old.get(row.get("id"))) for _, row in tables[EVENTS]
        ]
        for k, (number, _) in enumerate(tables[EVENTS]):
            origins[("events.yaml", f"events[{k}]")] = (EVENTS, number)
        changes.append(Change("events.yaml", ("events",), events))
    if ACTIONS in tables:
        changes += _actions(tables[ACTIONS], plain["strategy.yaml"], reader, origins)
    reader.fail()
    return changes


def _item(row: dict, columns: list[Column], model: type[BaseModel], old: dict | None) -> dict:
    """A row as a YAML item: in the old item's key order, a field left at its default not
    written unless the old item wrote it."""
    new: dict[str, Any] = {}
    for column in columns:
        if column.path[0] not in model.model_fields:
            continue
        target = new
        for part in column.path[:-1]:
            target = target.setdefault(part, {})
        target[column.path[-1]] = row.get(column.name)
    return _minimal(new, old or {}, model)


def _minimal(new: dict, old: dict, model: type[BaseModel]) -> dict:
    out: dict[str, Any] = {}
    order = [k for k in old if k in new] + [k for k in new if k not in old]
    for key in order:
        value = new[key]
        info = model.model_fields.get(key)
        sub, _ = unwrap(info.annotation) if info else (None, False)
        if isinstance(value, dict) and isinstance(sub, type) and issubclass(sub, BaseModel):
            value = _minimal(value, old.get(key) if isinstance(old.get(key), dict) else {}, sub)
        if key not in old and info is not None and not info.is_required():
            default = info.get_default(call_default_factory=True)
            if value == default or (value is None and default in ([], False)):
                continue
        if value is None and info is not None and typing.get_origin(sub) is list:
            value = []  # an empty list cell: the list is empty
        if value is None and info is not None and unwrap(info.annotation)[0] is bool:
            value = False
        out[key] = value
    return out


def _third_parties(rows: list[tuple[int, dict]], old_tps: list[dict], reader: _Reader) -> list:
    old = {tp.get("id"): tp for tp in old_tps}
    out = []
    for _, row in rows:
        before = old.get(row.get("id"))
        item = _item(row, TP_COLUMNS, ThirdParty, before)
        item["relations"] = before.get("relations", {}) if before else {}
        out.append(item)
    return out


def _values(
    rows: list[tuple[int, dict]], tps: list[dict], ds: Dataset, reader: _Reader,
    origins: Origins,
) -> None:  # fmt: skip
    """Every third party's relations, rebuilt from the values sheet's rows (in place)."""
    sides = [a.id for a in ds.meta.actors]
    keys = ["overall", *(d.id for d in ds.meta.dimensions)]
    years = ds.meta.years
    scale = {lvl.value: lvl.label for lvl in ds.meta.scale.levels}
    by_label = {label: value for value, label in scale.items()}
    by_id = {tp.get("id"): tp for tp in tps}
    groups: dict[tuple[str, str, str], list[dict]] = {}
    for number, row in rows:
        tp_id, side, dim = row.get("third_party"), row.get("side"), row.get("dimension")
        ok = True
        for name, given, allowed in (
            ("third_party", tp_id, list(by_id)),
            ("side", side, sides),
            ("dimension", dim, keys),
        ):
            col = _col(VALUES, name)
            if given is None:
                reader.add(VALUES, number, name, "empty (every row needs one)", col)
                ok = False
            elif given not in allowed:
                shown = ", ".join(map(str, allowed[:12])) + (", ..." if len(allowed) > 12 else "")
                reader.add(
                    VALUES,
                    number,
                    name,
                    f"unknown {name.replace('_', ' ')} {_short(str(given))} (allowed: {shown})",
                    col,
                )
                ok = False
        first, last = row.get("first_year"), row.get("last_year")
        if first is None:
            reader.add(
                VALUES,
                number,
                "first_year",
                "empty (every row needs its first year)",
                _col(VALUES, "first_year"),
            )
            ok = False
        last = first if last is None else last
        allowed_years = ", ".join(map(str, years))
        for name, year in (("first_year", first), ("last_year", last)):
            if year is not None and year not in years:
                reader.add(
                    VALUES,
                    number,
                    name,
                    f"year {year} is not scored in this dataset (allowed: {allowed_years})",
                    _col(VALUES, name),
                )
                ok = False
        if ok and last < first:
            reader.add(
                VALUES,
                number,
                "last_year",
                f"{last} is before the first year {first}",
                _col(VALUES, "last_year"),
            )
            ok = False
        if not ok:
            continue
        group = groups.setdefault((tp_id, side, dim), [])
        old_list = (by_id[tp_id].get("relations", {}).get(side) or {}).get(dim) or []
        old = old_list[len(group)] if len(group) < len(old_list) else None
        value = _value(row, old, scale, by_label, number, reader)
        entry = {"years": first if first == last else f"{first}-{last}", "value": value}
        for column in VALUE_COLUMNS[7:]:
            entry[column.name] = row.get(column.name)
        if old is not None and isinstance(old.get("years"), str) and first == last:
            entry["years"] = str(first)
        place = f"third_parties[{list(by_id).index(tp_id)}].relations.{side}.{dim}"
        origins.setdefault(("third_parties.yaml", place), (VALUES, number))  # the list's first
        origins[("third_parties.yaml", f"{place}[{len(group)}]")] = (VALUES, number)
        group.append(_minimal(entry, old or {}, Rating))
    for tp in tps:
        relations = tp.get("relations") or {}
        new: dict[str, Any] = {}
        for side in [
            *(s for s in relations if s in sides),
            *(s for s in sides if s not in relations),
        ]:
            old_dims = relations.get(side) or {}
            order = [*(k for k in old_dims if k in keys), *(k for k in keys if k not in old_dims)]
            new[side] = {key: groups.get((tp["id"], side, key)) for key in order}
        tp["relations"] = new


def _col(sheet: str, name: str) -> int:
    return [c.name for c in COLUMNS[sheet]].index(name) + 1


def _value(
    row: dict, old: dict | None, scale: dict, by_label: dict, number: int, reader: _Reader
) -> int | None:
    """The value of a row from its value and label cells: they must agree, unless one of them
    is as the sheet was written (the other one was edited, and wins)."""
    value, label = row.get("value"), row.get("label")
    allowed = ", ".join(f"{v} ({lbl})" for v, lbl in scale.items())
    if value is not None and value not in scale:
        reader.add(
            VALUES,
            number,
            "value",
            f"{value} is not on the scale (allowed: {allowed}; or empty: not coded)",
            _col(VALUES, "value"),
        )
        return None
    if label is not None and label not in by_label:
        reader.add(
            VALUES,
            number,
            "label",
            f"{_short(label)} is not a label of the scale "
            f"(allowed: {', '.join(by_label)}; or empty: not coded)",
            _col(VALUES, "label"),
        )
        return None
    from_label = by_label.get(label) if label is not None else None
    if value == from_label:
        return value
    was = old.get("value") if old else object()
    if value == was:
        return from_label  # the label was changed
    if from_label == was:
        return value  # the value was changed
    reader.add(
        VALUES,
        number,
        "value",
        f"value {value} and label {label!r} disagree (the "
        f"label stands for {from_label}); change one to match the other",
        _col(VALUES, "value"),
    )
    return value


def _actions(
    rows: list[tuple[int, dict]], strategy: dict, reader: _Reader, origins: Origins
) -> list[Change]:
    tiers = strategy.get("tiers") or []
    goals = {
        (t.get("id"), g.get("id")): (i, j)
        for i, t in enumerate(tiers)
        for j, g in enumerate(t.get("goals") or [])
    }
    old_actions = {
        a.get("id"): a for t in tiers for g in t.get("goals") or [] for a in g.get("actions") or []
    }
    old_moves = {m.get("id"): m for m in strategy.get("counter_moves") or []}
    per_goal: dict[tuple[int, int], list[dict]] = {place: [] for place in goals.values()}
    moves: list[dict] = []
    for number, row in rows:
        if row.get("kind") == COUNTER_MOVE:
            item = _item(row, ACTION_COLUMNS, CounterMove, old_moves.get(row.get("id")))
            origins[("strategy.yaml", f"counter_moves[{len(moves)}]")] = (ACTIONS, number)
            moves.append(item)
            continue
        place = goals.get((row.get("tier"), row.get("goal")))
        if place is None:
            known = ", ".join(f"{t}/{g}" for t, g in goals)
            reader.add(
                ACTIONS,
                number,
                "goal",
                f"no goal {row.get('goal')!r} in tier "
                f"{row.get('tier')!r} (allowed, tier/goal: {known})",
                _col(ACTIONS, "goal"),
            )
            continue
        where = f"tiers[{place[0]}].goals[{place[1]}].actions[{len(per_goal[place])}]"
        origins[("strategy.yaml", where)] = (ACTIONS, number)
        per_goal[place].append(_item(row, ACTION_COLUMNS, Action, old_actions.get(row.get("id"))))
    changes = [
        Change("strategy.yaml", ("tiers", i, "goals", j, "actions"), items)
        for (i, j), items in per_goal.items()
    ]
    changes.append(Change("strategy.yaml", ("counter_moves",), moves))
    return changes


def located_problems(problems: list[Problem], origins: Origins, name: str) -> list[Problem]:
    """The would-be files' problems, each where it comes from in the workbook when a row of it
    made the entry (FILE:ROW: SHEET row N: message, then where it lands in the YAML), else as
    the YAML's."""
    out = []
    for problem in problems:
        path, found = problem.path, None
        while path and found is None:
            found = origins.get((problem.file, path))
            path = path[: max(path.rfind("."), path.rfind("["), 0)]
        if found is None:
            out.append(problem)
            continue
        sheet, row = found
        out.append(Problem(name, row, f"{sheet} row {row}",
                           f"{problem.message} (in {problem.file} at {problem.path})"))  # fmt: skip
    return out
