"""Every Streamlit element that renders Markdown, in one place, taking text or Markdown: a
`Markdown` (core/escape.py: written in the code, its values escaped) is rendered as it is, any
other text is escaped first, so it is shown as written. Dataset text therefore cannot reach
markup by any path, and a new heading cannot forget to escape: pages and the other web modules
call these, never Streamlit's text elements or labelled widgets directly
(tests/unit/test_markdown_by_construction.py reads every call).

`where` is the container to draw in (a column, the sidebar, a placeholder); Streamlit's own
module by default. Bodies, tooltips (`help`), a metric's value and delta, and the options of
the widgets that render theirs as Markdown (radio, pills, segmented control) are escaped with
md(); labels with escape.label(), which leaves plain prose as written because Streamlit also
makes a label the widget's accessible name; selectbox and multiselect show options as plain
text and are left as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from components.core.escape import label as _label
from components.core.escape import md

# Widgets whose options Streamlit renders as Markdown (their docstrings say so, 1.67).
_MARKDOWN_OPTIONS = frozenset({"radio", "pills", "segmented_control"})


def _help(kwargs: dict[str, Any]) -> dict[str, Any]:
    if kwargs.get("help") is not None:
        kwargs["help"] = md(kwargs["help"])
    return kwargs


def _text(value: Any) -> Any:
    """A metric's value or delta: a number as it is, text escaped."""
    return value if value is None or isinstance(value, (int, float)) else md(value)


def markdown(body: object, where: Any = st, **kwargs: Any) -> Any:
    return where.markdown(md(body), **_help(kwargs))


def caption(body: object, where: Any = st, **kwargs: Any) -> Any:
    return where.caption(md(body), **_help(kwargs))


def title(body: object, where: Any = st, **kwargs: Any) -> Any:
    return where.title(md(body), **_help(kwargs))


def header(body: object, where: Any = st, **kwargs: Any) -> Any:
    return where.header(md(body), **_help(kwargs))


def subheader(body: object, where: Any = st, **kwargs: Any) -> Any:
    return where.subheader(md(body), **_help(kwargs))


def info(body: object, where: Any = st, **kwargs: Any) -> Any:
    return where.info(md(body), **kwargs)


def warning(body: object, where: Any = st, **kwargs: Any) -> Any:
    return where.warning(md(body), **kwargs)


def error(body: object, where: Any = st, **kwargs: Any) -> Any:
    return where.error(md(body), **kwargs)


def success(body: object, where: Any = st, **kwargs: Any) -> Any:
    return where.success(md(body), **kwargs)


def toast(body: object, **kwargs: Any) -> Any:
    return st.toast(md(body), **kwargs)


def metric(label: object, value: Any, delta: Any = None, where: Any = st, **kwargs: Any) -> Any:
    return where.metric(_label(label), _text(value), _text(delta), **_help(kwargs))


def expander(label: object, where: Any = st, **kwargs: Any) -> Any:
    return where.expander(_label(label), **kwargs)


def popover(label: object, where: Any = st, **kwargs: Any) -> Any:
    return where.popover(_label(label), **_help(kwargs))


def tabs(labels: Sequence[object], where: Any = st, **kwargs: Any) -> Any:
    return where.tabs([_label(label) for label in labels], **kwargs)


def button(label: object, where: Any = st, **kwargs: Any) -> Any:
    return where.button(_label(label), **_help(kwargs))


def download_button(label: object, data: Any, where: Any = st, **kwargs: Any) -> Any:
    return where.download_button(_label(label), data, **_help(kwargs))


def link_button(label: object, url: str, where: Any = st, **kwargs: Any) -> Any:
    return where.link_button(_label(label), url, **_help(kwargs))


def page_link(page: Any, label: object, where: Any = st, **kwargs: Any) -> Any:
    return where.page_link(page, label=_label(label), **_help(kwargs))


def widget(make: Callable[..., Any], label: object, *args: Any, **kwargs: Any) -> Any:
    """Any other labelled widget (`st.selectbox`, `st.radio`, `column.text_input`...), passed
    in: its label and tooltip escaped, and its options' names too where it renders them as
    Markdown."""
    if getattr(make, "__name__", "") in _MARKDOWN_OPTIONS:
        named = kwargs.get("format_func") or str
        kwargs["format_func"] = lambda option: _label(named(option))
    return make(_label(label), *args, **_help(kwargs))
