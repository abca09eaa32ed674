"""Streamlit caching around the dataset: loaded and validated once per change of the files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from components.dataset import data_dir, load_dataset
from components.errors import DatasetError, Problem
from components.models import FILE_MODELS, Dataset


@dataclass(frozen=True)
class Loaded:
    """The dataset, or the problems that stop it loading (exactly one of the two is set)."""

    dataset: Dataset | None
    problems: list[Problem] = field(default_factory=list)
    directory: str = ""


def _fingerprint(directory: Path) -> tuple[tuple[str, int, int], ...]:
    """Size and mtime of each data file, so an analyst's edit invalidates the cache."""
    out = []
    for filename, _ in FILE_MODELS.values():
        try:
            stat = (directory / filename).stat()
            out.append((filename, stat.st_mtime_ns, stat.st_size))
        except OSError:
            out.append((filename, -1, -1))
    return tuple(out)


@st.cache_data(show_spinner=False, max_entries=8)
def _load(directory: str, fingerprint: tuple[tuple[str, int, int], ...]) -> Loaded:
    del fingerprint  # part of the cache key only
    try:
        return Loaded(load_dataset(directory), [], directory)
    except DatasetError as exc:
        return Loaded(None, exc.problems, directory)


def load() -> Loaded:
    directory = data_dir()
    return _load(str(directory), _fingerprint(directory))
