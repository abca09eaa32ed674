"""One text value of a YAML file replaced in place, the rest of the file byte for byte as it
was (comments, order, quoting, line breaks), checked by parsing the result before it is
written, and written so that a failure halfway leaves the previous file (a temporary file
beside it, then a rename) with a backup of the previous file beside it (FILE.bak).

`check-quotes --fix` uses it to put the source's own words in place of a near-miss quote.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from components.dataset.errors import format_path
from components.dataset.yaml_reader import parse_yaml

Path_ = tuple[str | int, ...]


class EditError(ValueError):
    """The value could not be replaced safely; the file is unchanged."""


@dataclass(frozen=True)
class Edit:
    line: int  # the line of the value's key (as the loader reports it), from 1
    path: Path_  # where the value sits in the file's data
    old: str
    new: str


def _at(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


def _scalar(text: str) -> str:
    """`text` as a YAML scalar on one line: plain where YAML reads it back as the same text,
    else double-quoted (JSON's escapes, which YAML reads)."""
    plain = (
        text == text.strip()
        and text
        and "\n" not in text
        and not re.search(r"(^[-?:,\[\]{}#&*!|>'\"%@`])|(: )|( #)|(:$)", text)
    )
    if plain:
        parsed, problems = parse_yaml(f"k: {text}\n", "check")
        if not problems and parsed is not None and parsed.data == {"k": text}:
            return text
    return json.dumps(text, ensure_ascii=False)


def replace_value(text: str, edit: Edit, name: str) -> str:
    """The file's text with the value at `edit.path` (whose key is on `edit.line`) replaced by
    `edit.new` on one line; every other line as it was. Refused (EditError) unless the result
    parses to the same data with that one value changed."""
    before, problems = parse_yaml(text, name)
    if before is None or problems:
        raise EditError(f"{name}: does not parse, fix it first")
    where = f"{name}:{edit.line} {format_path(edit.path)}"
    try:
        if _at(before.data, edit.path) != edit.old:
            raise EditError(f"{where}: the value is no longer {edit.old!r}")
    except (KeyError, IndexError, TypeError):
        raise EditError(f"{where}: no such value") from None
    lines = text.splitlines(keepends=True)
    key = str(edit.path[-1])
    index = edit.line - 1
    found = index < len(lines) and re.match(
        rf"^(\s*(?:-\s+)?)({re.escape(key)}\s*:)(.*?)(\r?\n)?$", lines[index]
    )
    if not found:
        raise EditError(f"{where}: the key {key!r} is not on that line")
    indent = len(found.group(1))
    end = index + 1  # the value's continuation lines: more indented than its key
    while end < len(lines):
        line = lines[end]
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        end += 1
    while end > index + 1 and not lines[end - 1].strip():
        end -= 1  # blank lines after the value belong to what follows
    newline = found.group(4) or ""
    lines[index:end] = [f"{found.group(1)}{found.group(2)} {_scalar(edit.new)}{newline}"]
    out = "".join(lines)
    after, problems = parse_yaml(out, name)
    expected = before.data
    _set(expected, edit.path, edit.new)
    if after is None or problems or after.data != expected:
        raise EditError(f"{where}: the value could not be replaced without changing others")
    return out


def _set(data: Any, path: Path_, value: str) -> None:
    _at(data, path[:-1])[path[-1]] = value


def apply_edits(path: Path, edits: list[Edit]) -> Path:
    """Every edit made to the file (all or none), written atomically with a backup of the
    previous file beside it; the backup's path."""
    text = path.read_text(encoding="utf-8")
    for edit in sorted(edits, key=lambda e: e.line, reverse=True):  # later lines first
        text = replace_value(text, edit, path.name)
    backup = path.with_name(path.name + ".bak")
    shutil.copy2(path, backup)
    write_atomically(path, text)
    return backup


def write_atomically(path: Path, text: str) -> None:
    """The text in place of the file: written beside it, then renamed over it, so a reader
    sees the old file or the new one, never half of one."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
