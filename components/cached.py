"""Streamlit caching: the dataset is loaded and validated once per change of its files, and every
page view (figures and tables) is built once per dataset and selection.

Everything here is cached with st.cache_resource: one object shared by every session, never
copied. A seminar opens the same views fifty times at once; st.cache_data would unpickle a fresh
copy of the dataset and of each view for every session on every run, and rebuild each figure's
plotly objects. Shared means read-only: pages and ui.py never change what these return (the
projector styling works on a copy)."""

from __future__ import annotations

import io
import json
import logging
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from components import views
from components.dataset import data_dir, load_dataset
from components.errors import DatasetError, Problem
from components.models import FILE_MODELS, Dataset
from components.scenes import FILENAME as SCENES_FILE
from components.scenes import load_scenes
from components.state import (
    ComparisonState,
    MethodState,
    OverviewState,
    ScenesState,
    StrategyState,
    TimelineState,
    ViewState,
)
from components.transforms import ratings_frame

LOGGER = logging.getLogger(__name__)
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
    """Identifies the dataset on disk now: its directory and its files' sizes and times.

    Read once per script run: app.py keeps it in the session state for the page it runs."""
    directory = data_dir()
    return str(directory), _fingerprint(directory)


RUN_KEY = "_tow_data_key"


def run_data_key() -> DataKey:
    """The data key app.py read at the start of this run (or a fresh one outside app.py)."""
    key = st.session_state.get(RUN_KEY)
    return key if key is not None else data_key()


@st.cache_resource(show_spinner=False, max_entries=8)
def _load(directory: str, fingerprint: Fingerprint) -> Loaded:
    del fingerprint  # part of the cache key only
    try:
        return Loaded(load_dataset(directory), [], directory)
    except DatasetError as exc:
        return Loaded(None, exc.problems, directory)


def load(key: DataKey | None = None) -> Loaded:
    return _load(*(key or run_data_key()))


def _dataset(key: DataKey) -> Dataset:
    dataset = _load(*key).dataset
    if dataset is None:  # pages call dataset_or_stop() first; this is a programming error
        raise RuntimeError("view requested for a dataset that did not load")
    return dataset


@st.cache_resource(show_spinner=False, max_entries=32)
def overview(key: DataKey, state: OverviewState) -> views.OverviewView:
    return views.overview(_dataset(key), state)


@st.cache_resource(show_spinner=False, max_entries=64)
def _page_charts(key: DataKey, state: ViewState) -> list[views.ChartView]:
    return views.page_charts(state, _dataset(key))


def page_charts(key: DataKey, state: ViewState) -> list[views.ChartView]:
    """The page's charts for a state, built once for every session that asks for the same
    view (fields the charts do not depend on, such as the comparison's profile, are left out
    of the cache key)."""
    return _page_charts(key, state.for_charts())


@st.cache_resource(show_spinner=False, max_entries=64)
def profile(key: DataKey, third_party: str) -> views.ProfileView:
    return views.profile(_dataset(key), third_party)


@st.cache_resource(show_spinner=False, max_entries=32)
def strategy(key: DataKey, state: StrategyState) -> views.StrategyView:
    return views.strategy(_dataset(key), state)


@st.cache_resource(show_spinner=False, max_entries=128)
def timeline(key: DataKey, state: TimelineState) -> tuple[views.ChartView, pd.DataFrame]:
    return views.timeline(_dataset(key), state)


@st.cache_resource(show_spinner=False, max_entries=8)
def method(key: DataKey) -> dict[str, object]:
    return views.method_summary(_dataset(key))


@st.cache_resource(show_spinner=False, max_entries=64)
def values_table(key: DataKey, query: str) -> pd.DataFrame:
    """The method page's table of coded values matching a search (the last 64 searches kept)."""
    return views.values_table(_dataset(key), method(key)["ratings"], query)


@st.cache_resource(show_spinner=False, max_entries=8)
def scenes(key: DataKey) -> tuple[list, list[Problem]]:
    """The seminar scenes, or the problems in scenes.yaml (the dashboard runs without them)."""
    try:
        return load_scenes(_dataset(key), key[0]), []
    except DatasetError as exc:
        return [], exc.problems


@st.cache_resource(show_spinner=False, max_entries=8)
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


# ---------------------------------------------------------------- warming the seminar's views


def page_views(key: DataKey, state: ViewState) -> None:
    """Build (or find cached) every view a page draws for a state: what its script asks for."""
    if isinstance(state, OverviewState):
        overview(key, state)
    elif isinstance(state, ComparisonState):
        page_charts(key, state)
        profile(key, state.third_party)
    elif isinstance(state, StrategyState):
        strategy(key, state)
    elif isinstance(state, TimelineState):
        timeline(key, state)
    elif isinstance(state, MethodState):
        values_table(key, state.query)
    elif isinstance(state, ScenesState):
        scenes(key)


_WARMED: set[DataKey] = set()
_WARM_LOCK = threading.Lock()


def warm(key: DataKey) -> None:
    """Once per version of the data, build in a background thread the views every seminar
    scene opens and every page's default view. A cold comparison view takes about half a
    second to build; built ahead, the presenter's Next and every follower's move find it
    ready instead of waiting for it (tests/e2e/test_seminar.py times them)."""
    with _WARM_LOCK:
        if key in _WARMED:
            return
        _WARMED.add(key)
    threading.Thread(target=_warm, args=(key,), name="tugofwar-warm", daemon=True).start()


def _warm(key: DataKey) -> None:
    from components.routes import ROUTES
    from components.scenes import scene_state

    try:
        ds = _dataset(key)
        states = [route.state.default(ds) for route in ROUTES]
        states += [scene_state(ds, scene) for scene in scenes(key)[0]]
        for state in states:
            page_views(key, state)
    except Exception:  # a view that fails to build fails again, visibly, on its page
        LOGGER.exception("warming the views failed")
