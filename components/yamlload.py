"""Safe YAML reading for the dataset: plain data only, each line kept, hostile input refused.

PyYAML's safe loader still keeps the last of two duplicate keys silently, expands aliases (the
"billion laughs" bomb) and turns 2015-03-22 into a date. This loader composes the node tree and
builds plain Python values itself, so that:

- duplicate keys, aliases, merge keys and any explicit tag other than the plain ones are errors;
- dates stay strings (the dataset validates them itself, with their precision);
- the line of every value is known, so an error can say FILE:LINE: field.path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from components.errors import Problem, format_path

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_PLAIN_SCALARS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_MAP = "tag:yaml.org,2002:map"
_TAG_NOT_ALLOWED = (
    "tag {} is not allowed (plain YAML only: text, numbers, true/false, null, lists, mappings)"
)
_SEQ = "tag:yaml.org,2002:seq"

Path_ = tuple[str | int, ...]


class _Refused(Exception):
    """Raised inside composition to stop at once on hostile input."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _Loader(yaml.SafeLoader):
    """SafeLoader that never resolves timestamps and refuses aliases and deep nesting."""

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(
                event.start_mark.line + 1,
                f"YAML alias *{event.anchor} is not allowed "
                "(write the value out; anchors and aliases are refused to stop alias bombs)",
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise _Refused(mark.line + 1, f"nesting deeper than {MAX_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


@dataclass
class LoadedYaml:
    """A file's plain data, and the line (1-based) of every path in it."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int:
        """Line of the deepest known prefix of path (a missing field points at its parent)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1


def read_yaml(path: Path, label: str | None = None) -> tuple[LoadedYaml | None, list[Problem]]:
    """Read one YAML file. Returns (loaded, []) or (None, problems); never raises for bad input."""
    name = label or path.name

    def fail(line: int, message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(name, line, "", message)]

    try:
        size = path.stat().st_size
    except OSError as exc:
        return fail(1, f"cannot read the file ({exc.strerror or exc})")
    if size > MAX_FILE_BYTES:
        return fail(
            1, f"file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,} bytes for a data file"
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return fail(1, f"cannot read the file ({exc.strerror or exc})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return fail(
            line,
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8 (save the file as UTF-8)",
        )
    return parse_yaml(text.removeprefix("\ufeff"), name)


def parse_yaml(text: str, name: str) -> tuple[LoadedYaml | None, list[Problem]]:
    """Parse YAML text into plain data with line numbers, or report why it cannot be used."""
    if not text.strip():
        return None, [Problem(name, 1, "", "file is empty (expected a YAML mapping)")]
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        return None, [_reader_problem(exc, text, name)]
    try:
        root = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        return None, [_reader_problem(exc, text, name)]
    except _Refused as exc:
        return None, [Problem(name, exc.line, "", exc.message)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        context = exc.context or ""
        if context and exc.context_mark and exc.context_mark.line + 1 != line:
            context += f" (started at line {exc.context_mark.line + 1})"
        what = ", ".join(str(x) for x in (context, exc.problem) if x)
        return None, [Problem(name, line, "", f"YAML syntax error: {what}")]
    except yaml.YAMLError as exc:
        return None, [Problem(name, 1, "", f"YAML error: {exc}")]
    finally:
        loader.dispose()
    if root is None:
        return None, [Problem(name, 1, "", "file is empty (expected a YAML mapping)")]
    builder = _Builder(loader, name)
    data = builder.build(root, ())
    if builder.problems:
        return None, builder.problems
    return LoadedYaml(data, builder.lines), []


class _Builder:
    """Turns a composed node tree into dicts, lists and plain scalars, noting lines and problems."""

    def __init__(self, loader: _Loader, name: str):
        self.loader = loader
        self.name = name
        self.lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []

    def problem(self, node: yaml.Node, path: Path_, message: str) -> None:
        self.problems.append(
            Problem(self.name, node.start_mark.line + 1, format_path(path), message)
        )

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self.problem(node, path, _TAG_NOT_ALLOWED.format(_short(node.tag)))
                return None
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _scalar(self, node: yaml.Node, path: Path_) -> Any:
        if node.tag not in _PLAIN_SCALARS:
            self.problem(node, path, _TAG_NOT_ALLOWED.format(_short(node.tag)))
            return None
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.YAMLError as exc:  # e.g. an explicit !!int on a non-number
            self.problem(node, path, f"cannot read value: {getattr(exc, 'problem', exc)}")
            return None

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[Any, Any] | None:
        if node.tag != _MAP:
            self.problem(node, path, _TAG_NOT_ALLOWED.format(_short(node.tag)))
            return None
        out: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, path, "a key must be a plain scalar, not a list or mapping")
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problem(key_node, path, "merge keys (<<) are not allowed (write keys out)")
                continue
            key = self._scalar(key_node, path)
            key_line = key_node.start_mark.line + 1
            if key in first_line:
                self.problem(
                    key_node,
                    (*path, key),
                    f"duplicate key {key!r} (first given at line {first_line[key]}; "
                    "each key once per mapping)",
                )
                continue
            first_line[key] = key_line
            child = (*path, key)
            self.lines[child] = key_line
            out[key] = self.build(value_node, child)
        return out


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _reader_problem(exc: yaml.reader.ReaderError, text: str, name: str) -> Problem:
    line = text[: exc.position].count("\n") + 1
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return Problem(
        name,
        line,
        "",
        f"character U+{ord(char):04X} is not allowed in YAML (remove control characters)",
    )
