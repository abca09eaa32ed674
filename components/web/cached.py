"""Streamlit caching: the dataset is loaded and validated once per change of its files, and every
page view (figures and tables) is built once per dataset and selection.

Everything here is cached with st.cache_resource: one object shared by every session, never
copied. A seminar opens the same views fifty times at once; st.cache_data would unpickle a fresh
copy of the dataset and of each view for every session on every run, and rebuild each figure's
plotly objects. Shared means read-only: pages and the web modules never change what these
return (the projector styling works on a copy).
"""

from __future__ import annotations

import hashlib
import json
import logging
import marshal
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from components.analysis.diff import Change, diff, same_case
from components.analysis.health import health as report
from components.analysis.quotes import source_path, source_text
from components.analysis.source_article import annotate
from components.core.cite import evidence as build
from components.core.cite import parse
from components.core.escape import csv_bytes
from components.core.routes import STATES
from components.core.scenes import load_scenes
from components.core.tables import ratings_frame
from components.core.view_state import (
    ComparisonState,
    OverviewState,
    StrategyState,
    TimelineState,
    ViewState,
)
from components.dataset.errors import DatasetError, Problem
from components.dataset.files import DataFiles, fingerprint, to_zip
from components.dataset.load import DEFAULT_DATA_DIR, data_dir, load_dataset, load_files
from components.dataset.models import Dataset
from components.figures import views
from components.web.uploads import SESSION_UPLOAD, UPLOAD, UPLOADS

LOGGER = logging.getLogger(__name__)
Fingerprint = tuple[tuple[str, int, int, int, int], ...]
DataKey = tuple[str, Fingerprint]


@dataclass(frozen=True)
class Loaded:
    """The dataset, or the problems that stop it loading (exactly one of the two is set), and
    what to call where it came from (a folder's name or an upload's, never a server path)."""

    dataset: Dataset | None
    problems: list[Problem] = field(default_factory=list)
    directory: str = ""


def data_key() -> DataKey:
    """Identifies the dataset this session sees now: its uploaded one (by content), or the data
    directory with its files' times, sizes and inodes (files.fingerprint).

    Read once per script run: app.py keeps it in the session state for the page it runs."""
    upload = st.session_state.get(SESSION_UPLOAD)
    if isinstance(upload, DataFiles):
        return UPLOAD + UPLOADS.put(upload), ()
    directory = data_dir()
    return str(directory), fingerprint(directory)


RUN_KEY = "_tow_data_key"


def run_data_key() -> DataKey:
    """The data key app.py read at the start of this run (or a fresh one outside app.py)."""
    key = st.session_state.get(RUN_KEY)
    return key if key is not None else data_key()


# Streamlit hashes a cached function's arguments item by item on every call (0.3 ms for a data
# key, 0.2 ms for a view state, seven calls a run); the arguments here are tuples of plain values
# and frozen dataclasses of plain values, whose reprs tell them apart, read in one piece.
BY_REPR = {tuple: repr, **{cls: repr for cls in STATES}}


@st.cache_resource(show_spinner=False, hash_funcs=BY_REPR, max_entries=16)
def _load(origin: str, fingerprint: Fingerprint) -> Loaded:
    del fingerprint  # part of the cache key only
    if origin.startswith(UPLOAD):
        source = UPLOADS.get(origin.removeprefix(UPLOAD))
        if source is None:
            gone = Problem(
                "upload", 1, "", "the uploaded dataset is no longer held; upload it again"
            )
            return Loaded(None, [gone], "your upload")
        return check_upload(source)
    name = Path(origin).name or origin
    try:
        return Loaded(load_dataset(origin), [], name)
    except DatasetError as exc:
        return Loaded(None, exc.problems, name)


def is_upload(key: DataKey) -> bool:
    return key[0].startswith(UPLOAD)


def check_upload(source: DataFiles) -> Loaded:
    """An uploaded dataset, validated as the command line validates a directory."""
    try:
        return Loaded(load_files(source), [], source.origin)
    except DatasetError as exc:
        return Loaded(None, exc.problems, source.origin)


def load(key: DataKey | None = None) -> Loaded:
    return _load(*(key or run_data_key()))


def dataset(key: DataKey) -> Dataset:
    dataset = _load(*key).dataset
    if dataset is None:  # pages call dataset_or_stop() first; this is a programming error
        raise RuntimeError("view requested for a dataset that did not load")
    return dataset


_WRITERS: dict[str, Callable[..., None]] = {}  # by name: module, function and code digest
_WRITER_NAMES: dict[Callable[..., None], str] = {}


def written(write: Callable[..., None], *args: object) -> None:
    """Call `write(*args)` once for every session that calls it with the same arguments; after
    the first, Streamlit replays the elements it wrote (its cached-function replay) instead of
    building them again: a page's long runs of text and links cost each visitor what sending
    them costs. `write` must be a function of its arguments alone (pass what it reads from the
    address, such as the presentation, as an argument), defined at the top of a components
    module, and must write no widgets (Streamlit would not replay them)."""
    name = _WRITER_NAMES.get(write)
    if name is None:
        qualname = getattr(write, "__qualname__", "")
        module = getattr(write, "__module__", None) or ""
        code = getattr(write, "__code__", None)
        if not qualname or "." in qualname or code is None or not module.startswith("components."):
            raise ValueError(f"{write!r}: only a components module's function replays")
        # its code is part of the name: an edited writer is not served its old elements
        digest = hashlib.blake2b(marshal.dumps(code), digest_size=8).hexdigest()
        name = _WRITER_NAMES[write] = f"{module}.{qualname}:{digest}"
        _WRITERS[name] = write
    _written(name, args)


@st.cache_resource(show_spinner=False, hash_funcs=BY_REPR, max_entries=1024)
def _written(name: str, args: tuple) -> None:
    # each entry holds the element messages one call wrote (the strategy's tiers the most)
    _WRITERS[name](*args)


@st.cache_resource(show_spinner=False, hash_funcs=BY_REPR, max_entries=32)
def _overview(key: DataKey, state: OverviewState) -> views.OverviewView:
    return views.overview(dataset(key), state)


def overview(key: DataKey, state: OverviewState) -> views.OverviewView:
    """The overview for a state (the evidence open over it left out of the cache key)."""
    return _overview(key, state.for_charts())


@st.cache_resource(show_spinner=False, hash_funcs=BY_REPR, max_entries=64)
def _page_charts(key: DataKey, state: ViewState) -> list[views.ChartView]:
    return views.page_charts(state, dataset(key))


def page_charts(key: DataKey, state: ViewState) -> list[views.ChartView]:
    """The page's charts for a state, built once for every session that asks for the same
    view (fields the charts do not depend on, such as the comparison's profile, are left out
    of the cache key)."""
    return _page_charts(key, state.for_charts())


@st.cache_resource(show_spinner=False, hash_funcs=BY_REPR, max_entries=64)
def _view_chart(key: DataKey, state: ViewState, chart: str) -> views.ChartView:
    return views.view_chart(state, dataset(key), chart)


def view_chart(key: DataKey, state: ViewState, chart: str) -> views.ChartView:
    """One chart of a view by its key (a scene's wall), built once for every screen (the whole
    state is the key: a comparison's profile trend depends on its third party)."""
    return _view_chart(key, state, chart)


@st.cache_resource(show_spinner=False, hash_funcs=BY_REPR, max_entries=64)
def profile(key: DataKey, third_party: str) -> views.ProfileView:
    return views.profile(dataset(key), third_party)


@st.cache_resource(show_spinner=False, hash_funcs=BY_REPR, max_entries=32)
def _strategy(key: DataKey, state: StrategyState) -> views.StrategyView:
    return views.strategy(dataset(key), state)


def strategy(key: DataKey, state: StrategyState) -> views.StrategyView:
    return _strategy(key, state.for_charts())


@st.cache_resource(show_spinner=False, hash_funcs=BY_REPR, max_entries=128)
def timeline(key: DataKey, state: TimelineState) -> tuple[views.ChartView, pd.DataFrame]:
    return views.timeline(dataset(key), state)


@st.cache_resource(show_spinner=False, hash_funcs=BY_REPR, max_entries=64)
def _trend(key: DataKey, state: ComparisonState) -> views.ChartView:
    return views.trend(dataset(key), state)


def trend(key: DataKey, state: ComparisonState) -> views.ChartView:
    """The profile's third party over the years (the year shown and the evidence open left out
    of the cache key: the trend covers every year)."""
    return _trend(key, state.replace(year=0, value=None))


@st.cache_resource(show_spinner=False, hash_funcs=BY_REPR, max_entries=256)
def evidence(key: DataKey, value: str):  # noqa: ANN201 - a cite.Evidence
    ds = dataset(key)
    parsed = parse(ds, value)
    return None if parsed is None else build(ds, parsed)


@st.cache_resource(show_spinner=False, hash_funcs=BY_REPR, max_entries=8)
def method(key: DataKey) -> dict[str, object]:
    return views.method_summary(dataset(key))


@st.cache_resource(show_spinner=False, hash_funcs=BY_REPR, max_entries=64)
def values_table(key: DataKey, query: str) -> pd.DataFrame:
    """The method page's table of coded values matching a search (the last 64 searches kept)."""
    return views.values_table(dataset(key), method(key)["ratings"], query)


@st.cache_resource(show_spinner=False, hash_funcs=BY_REPR, max_entries=8)
def scenes(key: DataKey) -> tuple[list, list[Problem]]:
    """The seminar scenes, or the problems in scenes.yaml (the dashboard runs without them)."""
    try:
        return load_scenes(dataset(key)), []
    except DatasetError as exc:
        return [], exc.problems


@st.cache_resource(show_spinner=False, hash_funcs=BY_REPR, max_entries=8)
def downloads(key: DataKey) -> dict[str, bytes]:
    """The dataset as a ZIP of its YAML files (the bytes that were read and validated, never
    the paths again), as long-form CSV, and as one JSON document."""
    ds = dataset(key)
    return {
        "yaml": to_zip(ds.files),
        "csv": csv_bytes(ratings_frame(ds)),
        "json": json.dumps(ds.model_dump(mode="json"), ensure_ascii=False, indent=2).encode(),
    }


def source_key(key: DataKey) -> tuple:
    """Where the dataset's source text is and which version of it (its path, size and time of
    change), part of the key of what is built from it: a sources folder set differently, or a
    text edited, gets its own entries, not another's."""
    path = source_path(dataset(key))
    if path is None:
        return ()
    try:
        stat = path.stat()
    except OSError:
        return (str(path),)
    return (str(path), stat.st_size, stat.st_mtime_ns)


def health(key: DataKey):  # noqa: ANN201 - a health.Health
    return _health(key, source_key(key))


@st.cache_resource(show_spinner=False, hash_funcs=BY_REPR, max_entries=8)
def _health(key: DataKey, source: tuple):  # noqa: ANN201 - a health.Health
    del source  # part of the cache key only
    ds = dataset(key)
    return report(ds, source_text(ds))


@st.cache_resource(show_spinner=False, hash_funcs=BY_REPR, max_entries=8)
def changes_from_shipped(key: DataKey) -> pd.DataFrame | str | None:
    """What the loaded dataset changes from the shipped one: None when it is the shipped one
    (or the shipped one does not load), the word "other" when it codes another case (no
    comparison to make), else the changes."""
    if not is_upload(key) and Path(key[0]).resolve() == DEFAULT_DATA_DIR.resolve():
        return None
    try:
        shipped = load_dataset(DEFAULT_DATA_DIR)
    except DatasetError:
        return None
    if not same_case(shipped, dataset(key)):
        return OTHER_CASE
    rows = [c.as_row() for c in diff(shipped, dataset(key))]
    return pd.DataFrame(rows, columns=list(Change.__dataclass_fields__))


OTHER_CASE = "other"


def article(key: DataKey):  # noqa: ANN201 - list[article.Paragraph] | None
    """The source's paragraphs with their codings, or None where its text is not at hand."""
    return _article(key, source_key(key))


@st.cache_resource(show_spinner=False, hash_funcs=BY_REPR, max_entries=8)
def _article(key: DataKey, source: tuple):  # noqa: ANN201 - list[article.Paragraph] | None
    del source  # part of the cache key only
    ds = dataset(key)
    text = source_text(ds)
    return None if text is None else annotate(ds, text)
