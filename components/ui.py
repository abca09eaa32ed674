"""Small shared Streamlit pieces: the dataset guard, selections that live in the URL, and the
chart frame (figure, caption, numbers one click away)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from components import cached, export, keys, routes
from components.errors import Problem
from components.models import Dataset
from components.theme import PLOTLY_CONFIG, projector_figure
from components.views import ChartView, source_line

DEFAULT_BASE = "http://localhost:8501"
PROJECTOR_KEY = "projector"
# Bigger type and stronger contrast for a wall; Streamlit sizes everything in rem.
PROJECTOR_CSS = """<style>
html { font-size: 21px; }
[data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"] { color: #000; }
[data-testid="stCaptionContainer"] { opacity: 0.9; }
blockquote { border-left-width: 0.3rem !important; color: #111 !important; }
</style>"""


def show_problems(problems: list[Problem], directory: str) -> None:
    """The data cannot be used: say so, and list every problem with its file and line."""
    count = len(problems)
    st.error(
        f"The dataset in `{directory}` has {count} problem{'s' if count != 1 else ''} and "
        f"cannot be shown. Fix {'them' if count != 1 else 'it'} in the YAML and reload this page; "
        "`tugofwar validate` prints the same list."
    )
    st.code("\n".join(str(p) for p in problems), language=None, wrap_lines=True)


@dataclass(frozen=True)
class Page:
    """What a page's shared pieces need to know: which page, and the dataset's source line."""

    id: str
    source: str
    data: cached.DataKey


PAGES_KEY = "_tow_pages"


@st.cache_resource(show_spinner=False)
def _page_prototypes() -> dict[str, Any]:
    return {
        route.id: st.Page(
            route.script,
            title=route.title,
            icon=route.icon,
            url_path=route.url_path or None,
            default=not route.url_path,
        )
        for route in routes.ROUTES
    }


def pages() -> dict[str, Any]:
    """This run's st.Page objects, by page id, for st.navigation.

    Building an st.Page from a script resolves the script's path on disk, which under a
    seminar's load costs more than the rest of a short page. So they are built once per process
    and each run gets its own copies (st.navigation marks the page it picks as runnable, so
    sessions must not share the objects)."""
    return {page_id: copy.copy(page) for page_id, page in _page_prototypes().items()}


def remember_pages(pages: dict[str, Any]) -> None:
    """app.py: this run's st.Page objects, so links name a page without resolving its path."""
    st.session_state[PAGES_KEY] = pages


def link(page_id: str, label: str, **kwargs: Any) -> None:
    """A link to another page of the dashboard (kwargs: query_params, icon, ...)."""
    pages = st.session_state.get(PAGES_KEY) or {}
    st.page_link(pages.get(page_id) or routes.BY_ID[page_id].script, label=label, **kwargs)


def start_page(page_id: str) -> tuple[Dataset, Page]:
    """The dataset (or the error view and a stop) and this page's context."""
    ds, data = dataset_or_stop()
    return ds, Page(page_id, source_line(ds), data)


def dataset_or_stop() -> tuple[Dataset, cached.DataKey]:
    """The validated dataset and its cache key; when it is broken, show the problems and stop."""
    key = cached.run_data_key()
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


def projector() -> bool:
    return bool(st.session_state.get(PROJECTOR_KEY))


def base_url() -> str:
    """The dashboard's root address as the user's browser sees it (no page path)."""
    try:
        url = st.context.url
    except (AttributeError, RuntimeError):
        url = None
    if not url:
        return DEFAULT_BASE
    return routes.site_root(url)


def current_params(page: str) -> dict[str, str]:
    """The parameters in the address that shape this page's view (scene and mode included)."""
    names = routes.BY_ID[page].params + routes.COMMON_PARAMS
    return {name: st.query_params[name] for name in names if st.query_params.get(name)}


def permalink(page: str) -> str:
    return routes.permalink(base_url(), page, current_params(page))


def chart(view: ChartView, page: Page, *, key: str, as_of: str, **kwargs: Any) -> Any:
    """The figure with Streamlit's theme off (so colours are the dataset's, as in exports), its
    caption, its numbers one click away, and its exports (16:9 PNG, SVG, CSV)."""
    item = export.Item(page.id, view, permalink(page.id), as_of)
    config = {
        **PLOTLY_CONFIG,
        "toImageButtonOptions": {
            "format": "png",
            "filename": item.stem,
            "width": 1600,
            "height": view.figure.layout.height or 700,
            "scale": 2,
        },
    }
    # The view is shared by every session (cached.py): the projector styling works on a copy,
    # made from a plain dict (go.Figure(figure) reorders the original's JSON, which would change
    # the chart's identity for every other session).
    figure = projector_figure(go.Figure(view.figure.to_dict())) if projector() else view.figure
    event = st.plotly_chart(figure, theme=None, config=config, key=key, width="stretch", **kwargs)
    st.caption(view.caption)
    row = st.container(horizontal=True, vertical_alignment="top", wrap=False)
    with row.expander("Numbers behind this chart", width="stretch"):
        st.dataframe(view.table, hide_index=True, width="stretch")
    with row.popover("Export", icon=":material/download:", width=160):
        downloads = [("Data (CSV)", lambda: view.table.to_csv(index=False), "csv", "text/csv")]
        if export.find_browser() is None:
            st.caption(export.INSTALL_HINT)
        else:
            downloads[:0] = [
                (label, partial(export.chart_image, item, page.source, fmt), fmt, mime)
                for label, fmt, mime in (
                    ("Slide (16:9 PNG)", "png", "image/png"),
                    ("Vector (SVG)", "svg", "image/svg+xml"),
                )
            ]
        for label, data, suffix, mime in downloads:
            st.download_button(
                label,
                data,
                f"{item.stem}.{suffix}",
                mime=mime,
                key=f"{key}_{suffix}",
                on_click="ignore",
            )
    return event


def page_tools(ds: Dataset, page: Page) -> None:
    """Sidebar: the link to this view, and the briefing pack of its charts."""
    with st.sidebar:
        st.markdown("**Link to this view**")
        st.code(permalink(page.id), language=None, wrap_lines=True)
        if page.id not in routes.EXPORTABLE:
            return
        params = routes.clean_params(ds, page.id, current_params(page.id))
        if export.find_browser() is None:
            st.caption("Briefing pack: " + export.INSTALL_HINT)
            return

        def build() -> bytes:
            return export.briefing(ds, [page.id], params, base_url())

        st.download_button(
            "Briefing pack (ZIP)",
            build,
            f"tugofwar-{page.id}-briefing.zip",
            mime="application/zip",
            icon=":material/folder_zip:",
            key="briefing_pack",
            on_click="ignore",
            help="Every chart of this view as PNG and SVG, its data as CSV, and one PDF.",
        )


def quote(text: str) -> None:
    """A verbatim quote from the article, set apart (markdown escaped: data is not markup)."""
    st.markdown(quoted(text))


def quoted(text: str) -> str:
    """Markdown for a verbatim quote, to end a markdown block with (one element, not two)."""
    return "> " + escape(text)


def escape(text: str) -> str:
    """Escape markdown so text from the dataset shows as written."""
    for char in "\\`*_{}[]<>()#+-!|$~":
        text = text.replace(char, "\\" + char)
    return text


def projector_switch() -> None:
    """Sidebar toggle for the projector theme, kept in the address as mode=projector."""
    if PROJECTOR_KEY not in st.session_state:
        st.session_state[PROJECTOR_KEY] = st.query_params.get(keys.MODE) == "projector"
    on = st.toggle(
        "Projector mode",
        key=PROJECTOR_KEY,
        help="Large type and charts for a wall. Also from the address: add ?mode=projector.",
    )
    if on:
        st.query_params[keys.MODE] = "projector"
        st.html(PROJECTOR_CSS)
    else:
        st.query_params.pop(keys.MODE, None)
