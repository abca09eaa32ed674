"""Changes written back into a dataset's YAML: validated first, each file replaced atomically,
the previous one kept as a backup, and every line that the change does not touch kept as it was.

The API is one call: `apply_changes(folder, [Change(file, path, value), ...])`. A change sets
the plain value (dicts, lists, text, numbers, true/false, null) at a path of one file, e.g.
`Change("third_parties.yaml", ("third_parties", 0, "name"), "North Union")`, or a whole
document at the path `()`. The new texts are validated as `tugofwar validate` validates a data
directory, with the files not changed, before anything is written; a file the changes leave
equal is not written at all.

How a file keeps its YAML: ruamel.yaml's round-trip mode reads it (comments, key order, quoting
and flow style kept on the nodes), the new value is merged into the node tree (a mapping keeps
its keys in place and only the keys whose values differ are set; a list of mappings with ids is
matched by id, any other list by position), and the tree is written again. ruamel's writing of
an unchanged tree is close to the file but not always equal (it writes `null` as nothing, and
joins a plain scalar folded over lines), so the new text is not written as ruamel gives it: the
lines it changes, compared with its own writing of the unchanged tree, are spliced into the
original text, and every other line is the file's own.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from components.dataset.errors import DatasetError, Problem
from components.dataset.files import DataFiles, read_directory
from components.dataset.load import load_files
from components.dataset.models import Dataset

BACKUP_SUFFIX = ".bak"  # third_parties.yaml -> third_parties.yaml.20261208-015347.bak

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Change:
    """Set the plain value at `path` of `file` (a dataset file name); `()` is the document."""

    file: str
    path: PathKey
    value: Any


@dataclass(frozen=True)
class Applied:
    """What apply_changes did: the files written, and the backup of each previous file."""

    written: tuple[Path, ...]
    backups: tuple[Path, ...]


def apply_changes(
    folder: str | os.PathLike[str],
    changes: Sequence[Change],
    *,
    check: Callable[[Dataset, DataFiles], Iterable[Problem]] | None = None,
    dry_run: bool = False,
) -> Applied:
    """Apply the changes to the dataset in `folder`: validated (DatasetError with every problem,
    nothing written), then each changed file written to a temporary file in the folder and
    renamed over the old one, its previous bytes kept as NAME.<UTC time>.bak beside it.

    `check` adds problems of its own over the valid result (the scenes, which a layer above
    knows); `dry_run` validates and writes nothing.
    """
    root = Path(folder)
    current = read_directory(root)
    if current.problems:
        raise DatasetError(current.problems)
    texts = new_texts(current.files, changes)
    changed = {name: data for name, data in texts.items() if data != current.files.get(name)}
    result = DataFiles(current.origin, {**current.files, **changed}, folder=current.folder)
    dataset = load_files(result)  # raises DatasetError: the problems of the would-be files
    extra = list(check(dataset, result)) if check is not None else []
    if extra:
        raise DatasetError(extra)
    if dry_run or not changed:
        return Applied((), ())
    return _replace(root, changed, current.files)


def new_texts(files: dict[str, bytes], changes: Sequence[Change]) -> dict[str, bytes]:
    """The files' bytes with the changes applied (only the files the changes name)."""
    by_file: dict[str, list[Change]] = {}
    for change in changes:
        if change.file not in files:
            raise DatasetError([Problem(change.file, 1, "", "no such file in the dataset")])
        by_file.setdefault(change.file, []).append(change)
    out: dict[str, bytes] = {}
    for name, group in by_file.items():
        text = files[name].decode("utf-8")
        out[name] = edit_text(text, [(c.path, c.value) for c in group], name).encode("utf-8")
    return out


# ---------------------------------------------------------------- one text, edited


def edit_text(text: str, edits: Sequence[tuple[PathKey, Any]], name: str = "file") -> str:
    """The YAML text with each (path, value) set, every line the edits do not touch unchanged."""
    bom = text.startswith("\ufeff")
    text = text.removeprefix("\ufeff")
    yaml = _yaml(text)
    before = _dump(yaml, yaml.load(text))
    doc = yaml.load(text)
    for path, value in edits:
        doc = _set(doc, path, value, name)
    after = _dump(yaml, doc)
    if after == before:
        return ("\ufeff" if bom else "") + text
    return ("\ufeff" if bom else "") + splice(text, before, after)


def _yaml(text: str) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 20  # never fold a long line that the file has on one line
    offset = _sequence_offset(text)
    yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    yaml.representer.add_representer(type(None), _null)
    return yaml


def _null(representer: Any, _data: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


_KEY_LINE = re.compile(r"^( *)[^\s#-][^:]*:\s*(?:#.*)?$")
_DASH_LINE = re.compile(r"^( *)- ")


def _sequence_offset(text: str) -> int:
    """How far the file indents a block list under its key: 2 for `key:\\n  - x`, 0 for
    `key:\\n- x` (PyYAML's way)."""
    previous: re.Match[str] | None = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        dash = _DASH_LINE.match(line)
        if dash and previous is not None:
            return max(0, len(dash.group(1)) - len(previous.group(1)))
        previous = _KEY_LINE.match(line)
    return 2


def _dump(yaml: Any, doc: Any) -> str:
    buffer = io.StringIO()
    yaml.dump(doc, buffer)
    return buffer.getvalue()


def _set(doc: Any, path: PathKey, value: Any, name: str) -> Any:
    if not path:
        return merge(doc, value)
    node = doc
    for part in path[:-1]:
        node = _step(node, part, path, name)
    last = path[-1]
    if isinstance(node, dict) and isinstance(last, str):
        node[last] = merge(node[last], value) if last in node else _fresh(value, node)
    elif isinstance(node, list) and isinstance(last, int) and 0 <= last <= len(node):
        if last == len(node):
            node.append(_fresh(value, node))
        else:
            node[last] = merge(node[last], value)
    else:
        raise DatasetError([Problem(name, 1, _shown(path), "no such place in the file")])
    return doc


def _step(node: Any, part: str | int, path: PathKey, name: str) -> Any:
    try:
        return node[part]
    except (KeyError, IndexError, TypeError):
        raise DatasetError([Problem(name, 1, _shown(path), "no such place in the file")]) from None


def _shown(path: PathKey) -> str:
    from components.dataset.errors import format_path

    return format_path(path)


def merge(node: Any, new: Any) -> Any:
    """`new` (plain data) merged into the round-trip node: what is equal stays the same object
    (with its comments and style); a mapping keeps its key order, a list of mappings with ids
    is matched by id, any other list by position."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap) and isinstance(new, dict):
        for key in [k for k in node if k not in new]:
            del node[key]
        for index, (key, value) in enumerate(new.items()):
            if key in node:
                merged = merge(node[key], value)
                if merged is not node[key]:
                    node[key] = merged
                continue
            # a new key goes after the keys that come before it in `new`, not at the end
            earlier = [k for k in list(new)[:index] if k in node]
            position = list(node).index(earlier[-1]) + 1 if earlier else 0
            node.insert(position, key, _fresh(value, node))
        return node
    if isinstance(node, CommentedSeq) and isinstance(new, list):
        if _by_id(node) and _by_id(new):
            return _merge_by_id(node, new)
        while len(node) > len(new):
            del node[len(node) - 1]
        for i, value in enumerate(new):
            if i < len(node):
                merged = merge(node[i], value)
                if merged is not node[i]:
                    node[i] = merged
            else:
                node.append(_fresh(value, node))
        return node
    return node if same(node, new) else _fresh(new, None)


def _by_id(items: Sequence[Any]) -> bool:
    ids = [item.get("id") if isinstance(item, dict) else None for item in items]
    return bool(ids) and None not in ids and len(set(ids)) == len(ids)


def _merge_by_id(node: Any, new: list[Any]) -> Any:
    old = {item["id"]: item for item in node}
    kept = [item["id"] for item in new if item["id"] in old]
    if kept == [item["id"] for item in node if item["id"] in {n["id"] for n in new}]:
        # the same order: delete, merge and insert in place (comments stay on their items)
        wanted = {item["id"] for item in new}
        for i in range(len(node) - 1, -1, -1):
            if node[i]["id"] not in wanted:
                del node[i]
        for i, value in enumerate(new):
            if value["id"] in old:
                merge(node[i], value)
            else:
                node.insert(i, _fresh(value, node))
        return node
    items = [merge(old[v["id"]], v) if v["id"] in old else _fresh(v, node) for v in new]
    while len(node):
        del node[len(node) - 1]
    node.extend(items)
    return node


def same(old: Any, new: Any) -> bool:
    """Equal as the dataset reads them: 2015 and "2015" are the same year, but True is not 1."""
    if isinstance(old, bool) or isinstance(new, bool):
        return isinstance(old, bool) and isinstance(new, bool) and old == new
    if {type(old), type(new)} <= {int, str} and type(old) is not type(new):
        return str(old) == str(new)
    if isinstance(old, dict) and isinstance(new, dict):
        return old.keys() == new.keys() and all(same(old[k], new[k]) for k in old)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(same(a, b) for a, b in zip(old, new, strict=True))
    return bool(old == new)


def _fresh(value: Any, sibling_of: Any) -> Any:
    """Plain data as round-trip nodes: a mapping or list in flow style where its neighbours
    are (a list written `[a, b]`, entries written `- {years: ..., value: ...}`)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    flow = False
    if isinstance(sibling_of, CommentedSeq) and len(sibling_of):
        first = sibling_of[0]
        flow = isinstance(first, CommentedMap | CommentedSeq) and first.fa.flow_style()
    if isinstance(value, dict):
        out = CommentedMap((k, _fresh(v, None)) for k, v in value.items())
        if flow:
            out.fa.set_flow_style()
        return out
    if isinstance(value, list):
        seq = CommentedSeq(_fresh(v, None) for v in value)
        if flow or (value and all(isinstance(v, str | int) for v in value)) or not value:
            seq.fa.set_flow_style()  # a list of ids or words: [a, b], as the files write them
        return seq
    return value


# ---------------------------------------------------------------- the splice


def splice(original: str, before: str, after: str) -> str:
    """`original` with the lines that changed from `before` to `after`: where `before` (the
    writer's copy of the original) differs from the original, the original's lines are kept
    unless a change touches them."""
    if before == original:
        return after
    o, u, m = (s.splitlines(keepends=True) for s in (original, before, after))
    aligned: dict[int, int] = {}  # a line of `before` -> the same line of `original`
    for tag, i1, i2, j1, _ in difflib.SequenceMatcher(None, u, o, autojunk=False).get_opcodes():
        if tag == "equal":
            aligned.update({i1 + k: j1 + k for k in range(i2 - i1)})
    regions: list[list[int]] = []  # [lo, hi, m_lo, m_hi] over `before` and `after`
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, u, m, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        lo, hi = i1, i2
        while lo > 0 and lo - 1 not in aligned:
            lo -= 1
        while hi < len(u) and hi not in aligned:
            hi += 1
        m_lo, m_hi = j1 - (i1 - lo), j2 + (hi - i2)
        if regions and lo <= regions[-1][1]:
            regions[-1][1], regions[-1][3] = hi, m_hi
        else:
            regions.append([lo, hi, m_lo, m_hi])
    out: list[str] = []
    at = 0  # the next line of `original` to copy
    for lo, hi, m_lo, m_hi in regions:
        start = aligned[lo - 1] + 1 if lo > 0 else 0
        end = aligned[hi] if hi < len(u) else len(o)
        out += o[at:start]
        out += m[m_lo:m_hi]
        at = end
    out += o[at:]
    return "".join(out)


# ---------------------------------------------------------------- atomic writes, with backups


def _replace(root: Path, changed: dict[str, bytes], previous: dict[str, bytes]) -> Applied:
    """Every new file written to a temporary file first; then, file by file, the previous bytes
    kept as a backup and the new file renamed over the old (a rename is atomic: a reader sees
    the old file or the new, never half of one)."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    temporary: dict[str, Path] = {}
    try:
        for name, data in changed.items():
            temporary[name] = _write_temporary(root, name, data)
            # the new file takes the old one's permissions (mkstemp's are the owner's only)
            with contextlib.suppress(OSError):
                os.chmod(temporary[name], stat.S_IMODE((root / name).stat().st_mode))
        if read_directory(root).files != previous:  # changed by someone else meanwhile
            raise DatasetError(
                [
                    Problem(
                        root.name or str(root),
                        1,
                        "",
                        "the dataset's files "
                        "changed while the changes were made; nothing written, "
                        "try again",
                    )
                ]
            )
        written, backups = [], []
        for name, path in temporary.items():
            backup = _backup_path(root, name, stamp)
            _write_temporary(root, name, previous[name], final=backup)
            os.replace(path, root / name)
            written.append(root / name)
            backups.append(backup)
        return Applied(tuple(written), tuple(backups))
    finally:
        for path in temporary.values():
            path.unlink(missing_ok=True)


def _write_temporary(root: Path, name: str, data: bytes, final: Path | None = None) -> Path:
    fd, raw = tempfile.mkstemp(dir=root, prefix=f".{name}.", suffix=".tmp")
    path = Path(raw)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if final is not None:
            os.replace(path, final)
            return final
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _backup_path(root: Path, name: str, stamp: str) -> Path:
    path = root / f"{name}.{stamp}{BACKUP_SUFFIX}"
    count = 1
    while path.exists():
        count += 1
        path = root / f"{name}.{stamp}-{count}{BACKUP_SUFFIX}"
    return path
