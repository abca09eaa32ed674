"""Small shared Streamlit pieces: the dataset guard, selections that live in the URL, and the
chart frame (figure, caption, numbers one click away)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from components import cached
from components.errors import Problem
from components.models import Dataset
from components.theme import PLOTLY_CONFIG
from components.views import ChartView


def show_problems(problems: list[Problem], directory: str) -> None:
    """The data cannot be used: say so, and list every problem with its file and line."""
    count = len(problems)
    st.error(
        f"The dataset in `{directory}` has {count} problem{'s' if count != 1 else ''} and "
        f"cannot be shown. Fix {'them' if count != 1 else 'it'} in the YAML and reload this page; "
        "`tugofwar validate` prints the same list."
    )
    st.code("\n".join(str(p) for p in problems), language=None, wrap_lines=True)


def dataset_or_stop() -> tuple[Dataset, cached.DataKey]:
    """The validated dataset and its cache key; when it is broken, show the problems and stop."""
    key = cached.data_key()
    loaded = cached.load(key)
    if loaded.dataset is None:
        show_problems(loaded.problems, loaded.directory)
        st.stop()
    return loaded.dataset, key


# ---------------------------------------------------------------- selections in the URL


def _initial(name: str, options: Sequence[str], default: str) -> str:
    raw = st.query_params.get(name)
    return raw if raw in options else default


def _initial_list(name: str, options: Sequence[str]) -> list[str]:
    raw = st.query_params.get(name) or ""
    return [x for x in raw.split(",") if x in options]


def choice(
    widget: Callable[..., Any],
    label: str,
    key: str,
    options: Sequence[str],
    default: str,
    **kwargs: Any,
) -> str:
    """A single-choice widget (radio, selectbox) bound to the URL query parameter `key`.

    It starts from this session's last value for `key` (so a year chosen on one page carries
    to the next), else from the URL, else `default`; unknown values fall back to `default`.
    """
    options = list(options)
    current = st.session_state.get(key)
    if current not in options:
        current = _initial(key, options, default)
    value = widget(label, options, index=options.index(current), key=key, **kwargs)
    value = value if value in options else default
    st.query_params[key] = value
    return value


def choices(label: str, key: str, options: Sequence[str], **kwargs: Any) -> list[str]:
    """A multiselect bound to the comma-separated URL query parameter `key`."""
    options = list(options)
    current = st.session_state.get(key)
    if isinstance(current, list) and all(x in options for x in current):
        initial = current
    else:
        initial = _initial_list(key, options)
    values = st.multiselect(label, options, default=initial, key=key, **kwargs)
    if values:
        st.query_params[key] = ",".join(values)
    else:
        st.query_params.pop(key, None)
    return values


def text(label: str, key: str, **kwargs: Any) -> str:
    if key not in st.session_state:
        kwargs["value"] = st.query_params.get(key, "")[:200]
    value = st.text_input(label, key=key, **kwargs)
    if value:
        st.query_params[key] = value
    else:
        st.query_params.pop(key, None)
    return value


# ---------------------------------------------------------------- charts


def chart(view: ChartView, *, key: str, **kwargs: Any) -> Any:
    """The figure with Streamlit's theme off (so colours are the dataset's, as in exports),
    its caption, and the numbers behind it in an expander."""
    event = st.plotly_chart(
        view.figure, theme=None, config=PLOTLY_CONFIG, key=key, width="stretch", **kwargs
    )
    st.caption(view.caption)
    with st.expander("Numbers behind this chart"):
        st.dataframe(view.table, hide_index=True, width="stretch")
    return event


def quote(text: str) -> None:
    """A verbatim quote from the article, set apart (markdown escaped: data is not markup)."""
    st.markdown("> " + escape(text))


def escape(text: str) -> str:
    """Escape markdown so text from the dataset shows as written."""
    for char in "\\`*_{}[]<>()#+-!|$~":
        text = text.replace(char, "\\" + char)
    return text
