"""The page frame: the dataset guard (its problems, or the dataset and this page's view),
the pages for st.navigation, links between pages, and text set apart (tables, quotes,
text to copy, text written once).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from components.core import routes
from components.core.escape import Markdown, markdown_table, markup, web_address
from components.dataset.errors import Problem
from components.dataset.models import Dataset
from components.figures.views import source_line
from components.web import cached, embed, presentation, show, streamlit_compat
from components.web.address import Page, view_state
from components.web.presentation import keep_presentation

MAX_PROBLEMS_SHOWN = 50


def show_problems(problems: list[Problem], directory: str) -> None:
    """The data cannot be used: say so, and list its problems with file and line (the first
    MAX_PROBLEMS_SHOWN, and how many more; the command line prints them all)."""
    count = len(problems)
    show.error(
        markup(
            "The dataset in {} has {} problem{} and cannot be shown. Fix {} in the YAML and "
            "reload this page; `tugofwar validate` prints the same list.",
            directory,
            count,
            "s" if count != 1 else "",
            "them" if count != 1 else "it",
        )
    )
    st.code(problem_text(problems), language=None, wrap_lines=True)


def problem_text(problems: list[Problem], limit: int = MAX_PROBLEMS_SHOWN) -> str:
    lines = [str(p) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"... and {len(problems) - limit} more problems")
    return "\n".join(lines)


PAGES_KEY = "_tow_pages"


@st.cache_resource(show_spinner=False, max_entries=16)
def _page_prototypes(titles: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    """The pages, named for a dataset (routes.titles): one set per distinct set of names."""
    named = dict(titles)
    return {
        route.id: st.Page(
            route.script,
            title=named[route.id],
            icon=route.icon,
            url_path=route.url_path or None,
            default=not route.url_path,
            visibility="visible" if route.in_menu else "hidden",
        )
        for route in routes.ROUTES
    }


# The tab's icon as a data address, read once: given as a file, Streamlit reads, hashes and
# registers the image again on every run of every page.
FAVICON = "data:image/png;base64," + base64.b64encode(
    (Path(__file__).resolve().parent.parent / "assets" / "favicon.png").read_bytes()
).decode("ascii")


def pages(ds: Dataset | None) -> dict[str, Any]:
    """This run's st.Page objects, by page id, for st.navigation.

    Building an st.Page from a script resolves the script's path on disk, which under a
    seminar's load costs more than the rest of a short page. So they are built once per process
    and each run gets its own copies (st.navigation marks the page it picks as runnable, so
    sessions must not share the objects)."""
    names = routes.titles(ds)
    return streamlit_compat.copied_pages(lambda: _page_prototypes(names))


def remember_pages(pages: dict[str, Any]) -> None:
    """app.py: this run's st.Page objects, so links name a page without resolving its path."""
    st.session_state[PAGES_KEY] = pages


def page_object(page_id: str) -> Any:
    pages = st.session_state.get(PAGES_KEY) or {}
    return pages.get(page_id) or routes.BY_ID[page_id].script


def link(page_id: str, label: str, **kwargs: Any) -> None:
    """A link to another page of the dashboard (kwargs: query_params, icon, ...), its label
    plain text (escaped here). The presentation (projector mode) is kept."""
    params = keep_presentation(dict(kwargs.pop("query_params", {}) or {}))
    show.page_link(page_object(page_id), label, query_params=params or None, **kwargs)


def web_link(url: str, label: str) -> None:
    """A link out of the dashboard, shown only for an http or https address (as the dataset's
    bibliography gives it), its label plain text."""
    address = web_address(url)
    if address is not None:
        show.page_link(address, label, icon=":material/open_in_new:")


def table(frame: pd.DataFrame) -> None:
    """A static table as Markdown (text.markdown_table: every cell as written), its named index
    levels as the first columns. Not st.table: its Arrow code is about 0.8 MB more for every
    visitor's browser to fetch."""
    named = [n for n in frame.index.names if n is not None]
    show.markdown(markdown_table(frame.reset_index() if named else frame))


def start_page(page_id: str) -> tuple[Dataset, Page]:
    """The dataset (or the error view and a stop), and this page's context with its state; for
    an address that asks for one chart alone (an embed), that chart, and a stop."""
    ds, data = dataset_or_stop()
    page = Page(page_id, source_line(ds), data, view_state(page_id, ds))
    key = presentation.embedded()
    if key is not None and routes.BY_ID[page_id].exportable:
        embed.draw(ds, page, key)
        st.stop()
    return ds, page


def dataset_or_stop() -> tuple[Dataset, cached.DataKey]:
    """The validated dataset and its cache key; when it is broken, show the problems and stop."""
    key = cached.run_data_key()
    loaded = cached.load(key)
    if loaded.dataset is None:
        show_problems(loaded.problems, loaded.directory)
        st.stop()
    return loaded.dataset, key


def copyable(label: str, text: str, lines: int = 1) -> None:
    """Text to select and copy (a link, a citation). A text box, not st.code: a code block makes
    every browser that shows it load Streamlit's 1.5 MB syntax highlighter."""
    if lines > 1:
        show.widget(
            st.text_area, label, text, height=34 + 22 * lines, help="Select the text and copy it."
        )
    else:
        show.widget(st.text_input, label, text, help="Select the text and copy it.")


def quote(text: str) -> None:
    """A verbatim quote from the article, set apart (markdown escaped: data is not markup)."""
    show.markdown(quoted(text))


def quoted(text: str) -> Markdown:
    """Markdown for a verbatim quote, to end a markdown block with (one element, not two)."""
    return markup("> {}", text)


def replayed(write: Callable[..., None], *args: object) -> None:
    """cached.written: elements written once and replayed for every session after, with what
    the links keep from the address (projector mode, a chosen layout) as the last argument."""
    cached.written(write, *args, tuple(sorted(keep_presentation({}).items())))
