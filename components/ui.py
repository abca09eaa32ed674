"""Small shared Streamlit pieces: the error view and the dataset guard every page starts with."""

from __future__ import annotations

import streamlit as st

from components.cached import load
from components.errors import Problem
from components.models import Dataset


def show_problems(problems: list[Problem], directory: str) -> None:
    """The data cannot be used: say so, and list every problem with its file and line."""
    count = len(problems)
    st.error(
        f"The dataset in `{directory}` has {count} problem{'s' if count != 1 else ''} and "
        f"cannot be shown. Fix {'them' if count != 1 else 'it'} in the YAML and reload this page; "
        "`tugofwar validate` prints the same list."
    )
    st.code("\n".join(str(p) for p in problems), language=None, wrap_lines=True)


def dataset_or_stop() -> Dataset:
    """The validated dataset; when it is broken, show the problems and stop this page."""
    loaded = load()
    if loaded.dataset is None:
        show_problems(loaded.problems, loaded.directory)
        st.stop()
    return loaded.dataset
