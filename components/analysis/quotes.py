"""Check that every evidence quote in the dataset stands verbatim in the source article.

Comparison folds whitespace and typographic quote marks and dashes, and nothing else: a quote
with a word changed, added or dropped is a miss.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from components.dataset.errors import Problem, format_path
from components.dataset.models import FILE_MODELS, Dataset, ScenesFile
from components.dataset.yaml_reader import parse_bytes

PACKAGE_ROOT = Path(__file__).resolve().parents[2]
SOURCES_ENV = "TUGOFWAR_SOURCES"
# The sources sit beside the repository in the shared folder (see README, "The source"); the
# dataset names its text's file (meta.sources[].text_file), never a path.
DEFAULT_SOURCES = PACKAGE_ROOT.parent / "shared" / "sources"


def sources_dir() -> Path:
    return Path(os.environ.get(SOURCES_ENV) or DEFAULT_SOURCES).expanduser()


def source_text(ds: Dataset) -> str | None:
    """The dataset's source text, if it names one and it is at hand: carried by the upload, or
    a file beside the dataset's or in the sources folder (read as a bounded regular file); None
    otherwise (the hosted demo has no copy of the article)."""
    name = ds.meta.sources[0].text_file
    carried = ds._texts.get(name) if name else None
    if carried is not None:
        try:
            return carried.decode("utf-8")
        except UnicodeDecodeError:
            return None
    path = source_path(ds)
    if path is None:
        return None
    from components.dataset.files import read_source_file

    try:
        return read_source_file(path)
    except ValueError:
        return None


def source_path(ds: Dataset) -> Path | None:
    """Where the dataset's first source's text is, if it names a file: beside the dataset's
    files when it is there (a case keeps its own article), else in the sources folder; never
    elsewhere (the name has no folders in it; validate checks that)."""
    name = ds.meta.sources[0].text_file
    if not name:
        return None
    beside = Path(ds._folder) / name if ds._folder else None  # never for an upload
    if beside is not None and beside.is_file():
        return beside
    return sources_dir() / name


_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Fold quote marks, dashes and runs of whitespace so only the words are compared."""
    return _SPACE.sub(" ", text.translate(_FOLD)).strip()


@dataclass(frozen=True)
class Quote:
    file: str
    line: int
    path: str
    text: str
    keys: tuple[str | int, ...] = ()  # the path as keys, to change the value in its file


def iter_quotes(ds: Dataset) -> Iterator[Quote]:
    """Every `quote` field in the dataset, with the file, line and path where it is written."""
    sections: list[tuple[str, Any, tuple[str | int, ...]]] = [
        ("meta", ds.meta.model_dump(), ()),
        ("third_parties", [tp.model_dump() for tp in ds.third_parties], ("third_parties",)),
        ("events", [ev.model_dump() for ev in ds.events], ("events",)),
        ("strategy", ds.strategy.model_dump(), ()),
    ]
    for key, data, prefix in sections:
        file = FILE_MODELS[key][0]
        for path, text in _walk(data, prefix):
            yield Quote(file, ds.locate(file, path), format_path(path), text, path)
    yield from _scene_passages(ds)


def _scene_passages(ds: Dataset) -> Iterator[Quote]:
    """The passages scenes.yaml's questions rest on (a valid file's; a broken one says so
    elsewhere)."""
    raw = ds.files.get("scenes.yaml")
    if raw is None:
        return
    doc, _ = parse_bytes(raw, "scenes.yaml")
    try:
        scenes = ScenesFile.model_validate(doc.data).scenes if doc is not None else []
    except ValidationError:
        return
    for i, scene in enumerate(scenes):
        passage = getattr(scene.question, "passage", None)
        if passage:
            path = ("scenes", i, "question", "passage")
            yield Quote("scenes.yaml", doc.line_of(path), format_path(path), passage, path)


def _walk(node: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "quote" and isinstance(value, str):
                yield (*path, key), value
            else:
                yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, (*path, i))


def misses(ds: Dataset, source_text: str) -> list[Quote]:
    """Every quote that is not found verbatim (after folding) in the source."""
    haystack = normalise(source_text)
    return [q for q in iter_quotes(ds) if normalise(q.text) not in haystack]


def check_quotes(ds: Dataset, source_text: str) -> list[Problem]:
    """A problem for every quote that is not found verbatim (after folding) in the source
    (nearest.quote_problems adds the passage each was closest to)."""
    return [
        Problem(q.file, q.line, q.path, f"quote not found verbatim in the source: {q.text!r}")
        for q in misses(ds, source_text)
    ]
