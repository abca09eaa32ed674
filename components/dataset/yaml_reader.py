"""Safe YAML reading for the dataset: plain data only, each line kept, hostile input refused.

PyYAML's safe loader still keeps the last of two duplicate keys silently, expands aliases (the
"billion laughs" bomb) and turns 2015-03-22 into a date. This loader composes the node tree and
builds plain Python values itself, so that:

- duplicate keys, aliases, merge keys and any explicit tag other than the plain ones are errors;
- scalars are read as YAML 1.2's core schema reads them, not YAML 1.1's: only true/false are
  booleans (yes, no, on, off stay text), only plain decimals are numbers (0x3, 0o7, 012, 1_000
  and the sexagesimal 33:36 stay text, so the model says what it expected), and dates stay text
  (the dataset validates them itself, with their precision);
- control characters (an escaped NUL, a terminal escape sequence) and the invisible characters
  that reorder text are refused wherever they appear;
- a file may hold at most MAX_NODES values, so a file of many small keys cannot keep a server
  busy for long;
- the line of every value is known, so an error can say FILE:LINE: field.path.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from components.dataset.errors import Problem, format_path

MAX_DEPTH = 40
MAX_NODES = 60_000  # values in one file; the shipped files have at most a few thousand
# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and
# isolates that make text read differently from what it holds ("Trojan source")
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

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


def _core_schema() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """YAML 1.2 core schema resolvers (decimal numbers only), replacing YAML 1.1's."""
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {}

    def add(tag: str, pattern: str, firsts: str) -> None:
        for first in firsts:
            table.setdefault(first, []).append((f"tag:yaml.org,2002:{tag}", re.compile(pattern)))

    add("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF")
    add("null", r"^(?:~|null|Null|NULL|)$", "~nN")
    table.setdefault("", []).append(("tag:yaml.org,2002:null", re.compile(r"^$")))
    add("int", r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789")
    add("float", r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$", "-+.0123456789")
    add("merge", r"^<<$", "<")
    return table


_TOO_MANY = f"more than {MAX_NODES:,} values in one file (a dataset file holds a few thousand)"
_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)


def _count_nodes(text: str) -> int | None:
    """With libyaml, count the values in C first, so an oversized file is refused in a fraction
    of the time the Python composer would take to reach the limit: the line where the count
    passed MAX_NODES, or None (within the limit, no libyaml, or a syntax error that the full
    parse reports with its lines)."""
    if not getattr(yaml, "__with_libyaml__", False):
        return None
    count = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, _NODE_EVENTS):
                count += 1
                if count > MAX_NODES:
                    return event.start_mark.line + 1
    except yaml.YAMLError:
        return None
    return None


def _compose_with_libyaml(text: str) -> tuple[yaml.Node | _Refused | None, _Loader] | None:
    """The node tree the Python composer would build, from libyaml's events (about 20 times
    faster: the scanning is done in C). Aliases, nesting and the count of values are refused
    here as the Python composer refuses them, with the same messages and lines.

    Returns None when libyaml is not there or the text is not plain valid YAML of at most one
    document: the Python parser then reads it and reports what is wrong, with its own words.
    """
    if not getattr(yaml, "__with_libyaml__", False):
        return None
    loader = _Loader("")  # resolves tags (the core schema) and later constructs the scalars
    root: yaml.Node | None = None
    open_nodes: list[yaml.Node] = []  # the collections being filled, innermost last
    keys: list[yaml.Node | None] = []  # for each open mapping, a key waiting for its value
    nodes = documents = 0

    def attach(node: yaml.Node) -> None:
        nonlocal root
        if not open_nodes:
            root = node
        elif isinstance(open_nodes[-1], yaml.SequenceNode):
            open_nodes[-1].value.append(node)
        elif keys[-1] is None:
            keys[-1] = node
        else:
            open_nodes[-1].value.append((keys[-1], node))
            keys[-1] = None

    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.AliasEvent):
                return _Refused(event.start_mark.line + 1, _ALIAS.format(event.anchor)), loader
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    return None  # the Python composer says "expected a single document"
                continue
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                open_nodes.pop().end_mark = event.end_mark
                keys.pop()
                continue
            if not isinstance(event, _NODE_EVENTS):
                continue
            nodes += 1
            line = event.start_mark.line + 1
            if len(open_nodes) + 1 > MAX_DEPTH:
                return _Refused(line, f"nesting deeper than {MAX_DEPTH} levels"), loader
            if nodes > MAX_NODES:
                return _Refused(line, _TOO_MANY), loader
            tag = event.tag
            if isinstance(event, yaml.ScalarEvent):
                if tag is None or tag == "!":
                    tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
                attach(yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark,
                                       style=event.style))  # fmt: skip
                continue
            kind = (
                yaml.SequenceNode
                if isinstance(event, yaml.SequenceStartEvent)
                else (yaml.MappingNode)
            )
            if tag is None or tag == "!":
                tag = loader.resolve(kind, None, event.implicit)
            node = kind(tag, [], event.start_mark, None, flow_style=event.flow_style)
            attach(node)
            open_nodes.append(node)
            keys.append(None)
    except yaml.YAMLError:
        return None
    return root, loader


_ALIAS = (
    "YAML alias *{} is not allowed "
    "(write the value out; anchors and aliases are refused to stop alias bombs)"
)


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2's core schema, no timestamps, and aliases, deep nesting and
    very many values refused."""

    yaml_implicit_resolvers = _core_schema()

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(event.start_mark.line + 1, _ALIAS.format(event.anchor))
        self._depth += 1
        self._nodes += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise _Refused(mark.line + 1, f"nesting deeper than {MAX_DEPTH} levels")
            if self._nodes > MAX_NODES:
                mark = self.peek_event().start_mark
                raise _Refused(mark.line + 1, _TOO_MANY)
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


def parse_bytes(raw: bytes, name: str) -> tuple[LoadedYaml | None, list[Problem]]:
    """One YAML file's bytes (files.py read them, bounded). Returns (loaded, []) or
    (None, problems); never raises for bad input."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                name,
                line,
                "",
                f"byte 0x{raw[exc.start]:02x} is not valid UTF-8 (save the file as UTF-8)",
            )
        ]
    return parse_yaml(text.removeprefix("\ufeff"), name)


def parse_yaml(text: str, name: str) -> tuple[LoadedYaml | None, list[Problem]]:
    """Parse YAML text into plain data with line numbers, or report why it cannot be used."""
    if not text.strip():
        return None, [Problem(name, 1, "", "file is empty (expected a YAML mapping)")]
    fast = _compose_with_libyaml(text)
    if fast is not None:  # libyaml read it; the Python parser only reads what it could not
        root, loader = fast
        if isinstance(root, _Refused):
            return None, [Problem(name, root.line, "", root.message)]
        return _built(root, loader, name)
    too_many = _count_nodes(text)
    if too_many is not None:
        return None, [Problem(name, too_many, "", _TOO_MANY)]
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
        return None, _syntax_problems(exc, text, name)
    except yaml.YAMLError as exc:
        return None, [Problem(name, 1, "", f"YAML error: {exc}")]
    finally:
        loader.dispose()
    return _built(root, loader, name)


def _built(
    root: yaml.Node | None, loader: _Loader, name: str
) -> tuple[LoadedYaml | None, list[Problem]]:
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
            value = self.loader.construct_object(node, deep=True)
        except yaml.YAMLError as exc:  # e.g. an explicit !!int on a non-number
            self.problem(node, path, f"cannot read value: {getattr(exc, 'problem', exc)}")
            return None
        if isinstance(value, str):
            bad = FORBIDDEN.search(value)
            if bad:
                self.problem(
                    node,
                    path,
                    f"character U+{ord(bad.group()):04X} is not allowed in text (control "
                    "characters and direction overrides are refused)",
                )
                return None
        return value

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


_OPENED = {
    "parsing a flow sequence": "the list",
    "parsing a flow mapping": "the mapping",
    "scanning a quoted scalar": "the quoted text",
    "parsing a block mapping": "the block of keys",
    "parsing a block collection": "the list",
    "scanning a simple key": "the key",
    "scanning a double-quoted scalar": "the quoted text",
    "scanning for the next token": "",
    "parsing a flow node": "a list or mapping in brackets",
}
# a bracket or a quote left open: the mistake is where it was opened, not where the parser
# gave up (often many lines further on)
_LEFT_OPEN = {"parsing a flow sequence", "parsing a flow mapping", "scanning a quoted scalar"}
_CLOSER = {"[": "]", "{": "}", '"': '"', "'": "'"}
# inside a quoted text, a line that starts a key or a list item: the text swallowed them
_KEY_LINE = re.compile(r"\n[ \t]*(?:- |[^\s:#'\"][^:\n]*:(?:[ \t]|\n|$))")
_KEY_LIKE = re.compile(r"[^\s:#'\"\[\]{},]+")
_SHOWN = 60  # longest value quoted back in a hint


def _syntax_problems(exc: yaml.MarkedYAMLError, text: str, name: str) -> list[Problem]:
    """Where the parser gave up, with a hint in plain words where the line shows the likely
    mistake. A bracket or quote left open is reported at the line where it was opened too,
    since the mistake is there and the parser may give up many lines further on."""
    lines = text.splitlines()
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    head = f"YAML syntax error: {exc.problem or 'not valid YAML'}"
    context = (exc.context or "").removeprefix("while ")
    opened = exc.context_mark if context in _LEFT_OPEN else None
    if context == "parsing a flow node":  # its mark is the missing value's; find the bracket
        context, opened = _open_flow(text, exc.problem_mark)
    runaway = _runaway_quote(text, exc.problem_mark)
    if runaway is not None:  # the parser blames the block around it; the quote is the cause
        context, opened = "scanning a quoted scalar", runaway
    if opened is not None:
        return _left_open(name, head, _OPENED[context], opened, line, lines)
    hint = _hint(exc, lines)
    tail = f"; {hint}" if hint else ""
    start = exc.context_mark.line + 1 if exc.context_mark else None
    if context == "scanning a simple key" and start is not None and start != line:
        # the key without its ': ' is on the line before the one the parser stopped at
        return [Problem(name, start, "", f"{head} (the parser gave up at line {line}){tail}")]
    what = _OPENED.get(context, context)
    if not what:
        return [Problem(name, line, "", head + tail)]
    where = f" at line {start}" if start is not None and start != line else ""
    return [Problem(name, line, "", f"{head} (in {what}{where}){tail}")]


def _left_open(
    name: str, head: str, what: str, opened: yaml.Mark, line: int, lines: list[str]
) -> list[Problem]:
    """A bracket or quote left open: the line where it was opened, saying how to close it and
    where the parser gave up, and the line where the parser gave up, saying where it opened."""
    start = opened.line + 1
    char = _line_at(lines, opened.line)[opened.column : opened.column + 1]
    if char in _CLOSER:
        what = f"{what} opened with {char}"
    fix = f"close it with {_CLOSER[char]}" if char in _CLOSER else "close it"
    if char == "'":
        fix += " (inside single quotes an apostrophe is written '')"
    if start == line:
        return [Problem(name, line, "", f"{head} ({what} is not closed: {fix})")]
    return [
        Problem(name, start, "", f"YAML syntax error: {what} here is not closed: {fix} "
                f"(the parser gave up at line {line})"),
        Problem(name, line, "", f"{head} ({what} at line {start} is not closed)"),
    ]  # fmt: skip


def _open_flow(text: str, mark: yaml.Mark | None) -> tuple[str, yaml.Mark | None]:
    """The innermost bracket or brace still open where the parser gave up inside a list or
    mapping written in brackets, with its context's name (the parser names only the value it
    expected, e.g. at the end of the file)."""
    stack: list[yaml.Token] = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if mark is None or token.start_mark.index >= mark.index:
                break
            if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
                stack.append(token)
            elif stack and isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)):
                stack.pop()
    except yaml.YAMLError:
        pass
    if not stack:
        return "parsing a flow node", None
    if isinstance(stack[-1], yaml.FlowSequenceStartToken):
        return "parsing a flow sequence", stack[-1].start_mark
    return "parsing a flow mapping", stack[-1].start_mark


def _runaway_quote(text: str, mark: yaml.Mark | None) -> yaml.Mark | None:
    """Where a quoted text opened whose closing quote is missing, though the parser did not
    say so: it took the next quote in the file as its end, swallowing the keys in between, and
    gave up on the line that quote is on. None when the text before the mark has no such
    quote (a quoted text over several lines that holds no `key:` line is taken as meant)."""
    if mark is None:
        return None
    last = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= mark.index:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                last = token
    except yaml.YAMLError:
        pass
    if last is None or not last.start_mark.line < last.end_mark.line == mark.line:
        return None
    if not _KEY_LINE.search(text, last.start_mark.index, last.end_mark.index):
        return None
    return last.start_mark


def _hint(exc: yaml.MarkedYAMLError, lines: list[str]) -> str:
    """What the parser's words probably mean on this line, in plain words ('' when unsure)."""
    mark, problem = exc.problem_mark, exc.problem or ""
    if mark is None:
        return ""
    if "'\\t'" in problem:
        return "indent with spaces: YAML does not allow a tab there"
    if problem == "mapping values are not allowed here":
        return _colon_hint(lines, mark.line, mark.column)
    if problem.startswith("expected <block end>"):
        return _indent_hint(lines, mark.line, mark.column)
    if problem == "could not find expected ':'" and exc.context_mark is not None:
        row = exc.context_mark.line
        shown = _shorten(_line_at(lines, row).strip())
        return (
            f"{shown!r} is neither key: value nor a - item; give the key its ': ', or, if it "
            "continues the value above, indent it further than that value's key"
        )
    if problem.startswith("found unknown escape character"):
        return r"in double quotes a backslash starts an escape: write \\ for one, or quote with '"
    return ""


def _colon_hint(lines: list[str], row: int, column: int) -> str:
    """'mapping values are not allowed here': a ': ' YAML reads as a key where no key may be.
    Either a value holds ': ' (the colon follows a key on its own line, or the value runs on
    from the line above) or a key is indented deeper than its neighbours."""
    text = _line_at(lines, row)
    body, indent = _item_body(text[:column])
    key, sep, _ = body.partition(": ")
    if sep:  # key: value with: more
        value = text[column - len(body) + len(key) + 2 :].strip()
        fix = f": {key}: {_quoted(value)}" if len(value) <= _SHOWN else ""
        return (
            f"the value of {key!r} holds ': ' (a colon and a space), which YAML reads as a new "
            f"key; put the value in quotes{fix}"
        )
    owner = _owner(lines, row, indent)
    if owner is None:
        return ""
    owner_row, owner_column, owner_key = owner
    candidate = body.strip()
    if _KEY_LIKE.fullmatch(candidate):
        return (
            f"the key {candidate!r} is probably indented wrongly: {_spaces(indent)}, deeper "
            f"than {owner_key!r} on line {owner_row + 1}, so YAML reads it as part of that "
            f"value; indent it {_spaces(owner_column)} as {owner_key!r} is, if it belongs beside it"
        )
    return (
        f"this line continues the value of {owner_key!r} (line {owner_row + 1}) and holds ': ' "
        "(a colon and a space), which YAML reads as a key; put that whole value in quotes"
    )


def _indent_hint(lines: list[str], row: int, column: int) -> str:
    """'expected <block end>': a key or item at an indentation no open block has."""
    text = _line_at(lines, row)
    indent = _indentation(text)
    if column != indent:
        return ""  # the parser stopped inside the line
    item = _item_above(lines, row, indent)
    if item is not None and not text.lstrip(" ").startswith("- "):
        item_row, key_column = item
        return (
            f"line {row + 1} is a key at the indentation of the '- ' on line {item_row + 1}; "
            f"indent it {_spaces(key_column)} as that item's first key is, or start a new item "
            "with '- '"
        )
    levels = _levels(lines, row)
    if not levels or indent in levels:
        return ""  # the line lines up with a block: no likely indentation to name
    listed = (
        ", ".join(map(str, levels[:-1])) + (" or " if len(levels) > 1 else "") + str(levels[-1])
    )
    return (
        f"line {row + 1} is probably indented wrongly: {_spaces(indent)}, where the lines above it "
        f"start at {listed}; indent it as far as the keys or items it belongs with"
    )


def _item_above(lines: list[str], row: int, indent: int) -> tuple[int, int] | None:
    """The list item ('- key: ...') that the nearest line above at most as indented starts,
    if it starts at this indentation: (its row, the column of its first key)."""
    for above in range(row - 1, -1, -1):
        text = _line_at(lines, above)
        if _blank(text) or _indentation(text) > indent:
            continue
        body, column = _item_body(text)
        if _indentation(text) == indent and text.lstrip(" ").startswith("- ") and ":" in body:
            return above, column
        return None
    return None


def _levels(lines: list[str], row: int) -> list[int]:
    """The indentations a line at row may have: those of the blocks open above it."""
    levels: list[int] = []
    limit = None
    for text in reversed(lines[:row]):
        if _blank(text):
            continue
        for column in reversed(_starts(text)):
            if limit is None or column < limit:
                levels.append(column)
                limit = column
        if limit == 0:
            break
    return sorted(levels)


def _starts(text: str) -> list[int]:
    """Columns where blocks start on a line: its indentation, and a key after any '- '."""
    column = _indentation(text)
    starts = [column]
    rest = text[column:]
    while rest.startswith("- "):
        stripped = rest[2:].lstrip(" ")
        column += len(rest) - len(stripped)
        rest = stripped
        if ": " in rest or rest.rstrip().endswith(":") or rest.startswith("- "):
            starts.append(column)
    return starts


def _owner(lines: list[str], row: int, indent: int) -> tuple[int, int, str] | None:
    """The nearest line above with a smaller indentation: the key whose value a deeper line
    continues, as (row, column of its key, key)."""
    for above in range(row - 1, -1, -1):
        text = _line_at(lines, above)
        if _blank(text) or _indentation(text) >= indent:
            continue
        body, column = _item_body(text)
        return above, column, body.split(":", 1)[0].strip()
    return None


def _item_body(text: str) -> tuple[str, int]:
    """A line's text after its indentation and any '- ', and the column where that starts."""
    body = text.lstrip(" ")
    while body.startswith("- "):
        body = body[2:].lstrip(" ")
    return body, len(text) - len(body)


def _indentation(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _blank(text: str) -> bool:
    return not text.strip() or text.lstrip().startswith("#")


def _line_at(lines: list[str], row: int) -> str:
    return lines[row] if 0 <= row < len(lines) else ""


def _spaces(count: int) -> str:
    return f"{count} space{'' if count == 1 else 's'}"


def _shorten(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def _quoted(text: str) -> str:
    """A YAML double-quoted string (JSON's quoting is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


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
