"""Streamlit caching: the dataset is loaded and validated once per change of its files, and every
page view (figures and tables) is built once per dataset and selection."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import streamlit as st

from components import views
from components.dataset import data_dir, load_dataset
from components.errors import DatasetError, Problem
from components.models import FILE_MODELS, Dataset
from components.scenes import FILENAME as SCENES_FILE
from components.scenes import load_scenes
from components.transforms import ratings_frame

Fingerprint = tuple[tuple[str, int, int], ...]
DataKey = tuple[str, Fingerprint]


@dataclass(frozen=True)
class Loaded:
    """The dataset, or the problems that stop it loading (exactly one of the two is set)."""

    dataset: Dataset | None
    problems: list[Problem] = field(default_factory=list)
    directory: str = ""


def _fingerprint(directory: Path) -> Fingerprint:
    """Size and mtime of each data file, so an analyst's edit invalidates the cache."""
    out = []
    for filename in [*(f for f, _ in FILE_MODELS.values()), SCENES_FILE]:
        try:
            stat = (directory / filename).stat()
            out.append((filename, stat.st_mtime_ns, stat.st_size))
        except OSError:
            out.append((filename, -1, -1))
    return tuple(out)


def data_key() -> DataKey:
    """Identifies the dataset on disk now: its directory and its files' sizes and times."""
    directory = data_dir()
    return str(directory), _fingerprint(directory)


@st.cache_data(show_spinner=False, max_entries=8)
def _load(directory: str, fingerprint: Fingerprint) -> Loaded:
    del fingerprint  # part of the cache key only
    try:
        return Loaded(load_dataset(directory), [], directory)
    except DatasetError as exc:
        return Loaded(None, exc.problems, directory)


def load(key: DataKey | None = None) -> Loaded:
    return _load(*(key or data_key()))


def _dataset(key: DataKey) -> Dataset:
    dataset = _load(*key).dataset
    if dataset is None:  # pages call dataset_or_stop() first; this is a programming error
        raise RuntimeError("view requested for a dataset that did not load")
    return dataset


def _light(view: views.ChartView) -> views.ChartView:
    """The view with its figure as a plain dict: a cache hit then unpickles plain data instead
    of re-validating every plotly object (st.plotly_chart validates it once anyway)."""
    return replace(view, figure=view.figure.to_plotly_json())


@st.cache_data(show_spinner=False, max_entries=32)
def overview(key: DataKey, year: int) -> views.OverviewView:
    view = views.overview(_dataset(key), year)
    return replace(view, lead=_light(view.lead))


@st.cache_data(show_spinner=False, max_entries=64)
def comparison(key: DataKey, year: int, dimension: str) -> dict[str, views.ChartView]:
    return {k: _light(v) for k, v in views.comparison(_dataset(key), year, dimension).items()}


@st.cache_data(show_spinner=False, max_entries=64)
def profile(key: DataKey, third_party: str) -> views.ProfileView:
    return views.profile(_dataset(key), third_party)


@st.cache_data(show_spinner=False, max_entries=32)
def strategy(key: DataKey, statuses: tuple[str, ...]):  # noqa: ANN201 - see views.strategy
    chart, actions, moves = views.strategy(_dataset(key), list(statuses))
    return _light(chart), actions, moves


@st.cache_data(show_spinner=False, max_entries=128)
def timeline(
    key: DataKey,
    actors: tuple[str, ...],
    third_parties: tuple[str, ...],
    categories: tuple[str, ...],
    tiers: tuple[str, ...],
    start: str | None,
    end: str | None,
    selected: str | None,
):  # noqa: ANN201 - see views.timeline
    filters = views.TimelineFilters(actors, third_parties, categories, tiers, start, end)
    chart, events = views.timeline(_dataset(key), filters, selected)
    return _light(chart), events


@st.cache_data(show_spinner=False, max_entries=8)
def method(key: DataKey) -> dict[str, object]:
    return views.method_summary(_dataset(key))


@st.cache_data(show_spinner=False, max_entries=8)
def scenes(key: DataKey) -> tuple[list, list[Problem]]:
    """The seminar scenes, or the problems in scenes.yaml (the dashboard runs without them)."""
    try:
        return load_scenes(_dataset(key), key[0]), []
    except DatasetError as exc:
        return [], exc.problems


@st.cache_data(show_spinner=False, max_entries=8)
def downloads(key: DataKey) -> dict[str, bytes]:
    """The dataset as a ZIP of its YAML files, as long-form CSV, and as one JSON document."""
    ds = _dataset(key)
    directory = Path(key[0])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for filename in [*(f for f, _ in FILE_MODELS.values()), SCENES_FILE]:
            if (directory / filename).is_file():
                archive.write(directory / filename, f"tugofwar-data/{filename}")
    return {
        "yaml": buffer.getvalue(),
        "csv": ratings_frame(ds).to_csv(index=False).encode("utf-8"),
        "json": json.dumps(ds.model_dump(mode="json"), ensure_ascii=False, indent=2).encode(),
    }
