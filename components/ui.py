"""Small shared Streamlit pieces: the dataset guard, a page's view state bound to the address,
and the chart frame (figure, caption, numbers one click away, exports).

A page's state lives in the address: every run reads it from there (state.py validates it and
fills the defaults), each widget is set to the state's value before it is drawn, and a widget's
change writes the new value back to the address. So what a widget shows is what the charts show,
whichever way the view was reached (a link, a scene, the presenter, Back).
"""

from __future__ import annotations

import base64
import copy
from collections.abc import Callable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from string import Template
from typing import Any

import pandas as pd
import streamlit as st

from components import cached, export, files, keys, routes, scaffold, uploadguard
from components.errors import Problem
from components.models import Dataset
from components.narrow import narrow_agent
from components.screens import STYLED
from components.state import Raw, ViewState
from components.text import csv_text, markdown_table, md, web_address
from components.theme import PLOTLY_CONFIG
from components.views import ChartView, dimension_name, dimension_options, source_line

DEFAULT_BASE = routes.LOCAL_URL  # when the run has no address (the CLI says the same)
PROJECTOR_FRAME = "pj_"  # key prefix of the frame a chart fills in projector mode
# Bigger type and stronger contrast for a wall; Streamlit sizes everything in rem. The main area
# starts near the top (Streamlit leaves 6rem for its header). Each chart's frame is as tall as
# the screen less room for its heading, so one chart fills the screen and none needs scrolling
# (flex-basis, not only height: the frame is an item of a flex column).
PROJECTOR_CSS = """<style>
html { font-size: 20px; }
div[class*="st-key-pj_"] { height: calc(100vh - 6.5rem) !important;
  flex: 0 0 calc(100vh - 6.5rem) !important; }
[data-testid="stMainBlockContainer"] { padding-top: 2.6rem; padding-bottom: 2rem; }
[data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"] { color: $text; }
[data-testid="stCaptionContainer"] { opacity: 0.9; }
blockquote { border-left-width: 0.3rem !important; color: $quote !important; }
h1 { font-size: 1.9rem !important; padding: 0.2rem 0 0.4rem 0 !important; }
h2 { font-size: 1.5rem !important; }
h3 { font-size: 1.3rem !important; }
</style>"""


MAX_PROBLEMS_SHOWN = 50


def show_problems(problems: list[Problem], directory: str) -> None:
    """The data cannot be used: say so, and list its problems with file and line (the first
    MAX_PROBLEMS_SHOWN, and how many more; the command line prints them all)."""
    count = len(problems)
    st.error(
        f"The dataset in {md(directory)} has {count} problem{'s' if count != 1 else ''} and "
        f"cannot be shown. Fix {'them' if count != 1 else 'it'} in the YAML and reload this page; "
        "`tugofwar validate` prints the same list."
    )
    st.code(problem_text(problems), language=None, wrap_lines=True)


def problem_text(problems: list[Problem], limit: int = MAX_PROBLEMS_SHOWN) -> str:
    lines = [str(p) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"... and {len(problems) - limit} more problems")
    return "\n".join(lines)


@dataclass(frozen=True)
class Page:
    """What a page's shared pieces need to know: which page, the dataset's source line, the
    data's cache key, and the view state it shows."""

    id: str
    source: str
    data: cached.DataKey
    state: ViewState


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


# The tab's icon as a data address, read once: given as a file, Streamlit reads, hashes and
# registers the image again on every run of every page.
FAVICON = "data:image/png;base64," + base64.b64encode(
    (Path(__file__).resolve().parent / "assets" / "favicon.png").read_bytes()
).decode("ascii")


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


def page_object(page_id: str) -> Any:
    pages = st.session_state.get(PAGES_KEY) or {}
    return pages.get(page_id) or routes.BY_ID[page_id].script


def link(page_id: str, label: str, **kwargs: Any) -> None:
    """A link to another page of the dashboard (kwargs: query_params, icon, ...), its label
    plain text (escaped here). The presentation (projector mode) is kept."""
    params = keep_presentation(dict(kwargs.pop("query_params", {}) or {}))
    st.page_link(page_object(page_id), label=md(label), query_params=params or None, **kwargs)


def web_link(url: str, label: str) -> None:
    """A link out of the dashboard, shown only for an http or https address (as the dataset's
    bibliography gives it), its label plain text."""
    address = web_address(url)
    if address is not None:
        st.page_link(address, label=md(label), icon=":material/open_in_new:")


def table(frame: pd.DataFrame) -> None:
    """A static table as Markdown (text.markdown_table: every cell as written), its named index
    levels as the first columns. Not st.table: its Arrow code is about 0.8 MB more for every
    visitor's browser to fetch."""
    named = [n for n in frame.index.names if n is not None]
    st.markdown(markdown_table(frame.reset_index() if named else frame))


def start_page(page_id: str) -> tuple[Dataset, Page]:
    """The dataset (or the error view and a stop), and this page's context with its state."""
    ds, data = dataset_or_stop()
    return ds, Page(page_id, source_line(ds), data, view_state(page_id, ds))


def dataset_or_stop() -> tuple[Dataset, cached.DataKey]:
    """The validated dataset and its cache key; when it is broken, show the problems and stop."""
    key = cached.run_data_key()
    loaded = cached.load(key)
    if loaded.dataset is None:
        show_problems(loaded.problems, loaded.directory)
        st.stop()
    return loaded.dataset, key


# ---------------------------------------------------------------- the view state and the address


def address() -> dict[str, Raw]:
    """The address's parameters, repeated ones as lists."""
    out: dict[str, Raw] = {}
    for name in st.query_params:
        values = st.query_params.get_all(name)
        out[name] = values[0] if len(values) == 1 else values
    return out


def view_state(page_id: str, ds: Dataset) -> ViewState:
    """The page's state as the address gives it; the address is then written in the state's own
    form (unknown values dropped, defaults written out), so a copied link says what is shown."""
    state = routes.BY_ID[page_id].state.from_params(ds, address())
    wanted = state.to_params()
    for name in state.params():
        if name in wanted:
            if st.query_params.get(name) != wanted[name] or len(st.query_params.get_all(name)) != 1:
                st.query_params[name] = wanted[name]
        elif name in st.query_params:
            del st.query_params[name]
    return state


def _to_address(param: str, kind: str) -> None:
    """A widget changed: its value goes to the address, which the run then reads."""
    value = st.session_state.get(param)
    if kind == "many":
        text = ",".join(str(v) for v in value or [])
    else:
        text = "" if value is None else str(value)
    if text:
        st.query_params[param] = text
    elif param in st.query_params:
        del st.query_params[param]


def bound(
    widget: Callable[..., Any],
    label: str,
    state: ViewState,
    name: str,
    options: Sequence[str] | None = None,
    **kwargs: Any,
) -> Any:
    """A widget (radio, selectbox, multiselect, text_input) showing the state's field `name`,
    keyed by the field's URL parameter; changing it changes the address."""
    spec = type(state).spec(name)
    value = getattr(state, name)
    if spec.kind == "many":
        st.session_state[spec.param] = [str(v) for v in value]
    else:
        st.session_state[spec.param] = "" if value is None else spec.write(value) or ""
    args = (label,) if options is None else (label, list(options))
    return widget(
        *args, key=spec.param, on_change=_to_address, args=(spec.param, spec.kind), **kwargs
    )


def bound_range(
    widget: Callable[..., Any],
    label: str,
    state: ViewState,
    names: tuple[str, str],
    key: str,
    bounds: tuple[Any, Any],
    **kwargs: Any,
) -> Any:
    """A range widget (a two-handled slider) showing two fields of the state at once."""
    specs = [type(state).spec(name) for name in names]
    st.session_state[key] = tuple(getattr(state, name) for name in names)
    return widget(
        label,
        *bounds,
        key=key,
        on_change=_range_to_address,
        args=(key, tuple(spec.param for spec in specs), tuple(specs)),
        **kwargs,
    )


def _range_to_address(key: str, params: tuple[str, str], specs: tuple) -> None:
    values = st.session_state.get(key) or ()
    set_params({p: spec.write(v) for p, spec, v in zip(params, specs, values, strict=True)})


EVIDENCE_NAMES = {"all": "All values", "quoted": "Quoted only"}
CONFIDENCE_NAMES = {"low": "Any confidence", "medium": "Medium or high", "high": "High only"}


def reading_controls(state: ViewState) -> None:
    """How sure must a value be to count: the evidence and confidence of a state's reading."""
    with st.container(horizontal=True, gap="medium", key="reading"):
        bound(
            st.segmented_control,
            "Evidence",
            state,
            "evidence",
            list(EVIDENCE_NAMES),
            format_func=EVIDENCE_NAMES.get,
            help="Leave out values that rest on inference.",
        )
        bound(st.segmented_control, "Confidence", state, "confidence", list(CONFIDENCE_NAMES),
              format_func=CONFIDENCE_NAMES.get,
              help="Leave out values coded with less confidence.")  # fmt: skip


def set_params(changes: Mapping[str, str | None]) -> None:
    """Callback helper: write (or, for None, remove) address parameters."""
    for name, value in changes.items():
        if value:
            st.query_params[name] = value
        elif name in st.query_params:
            del st.query_params[name]


# ---------------------------------------------------------------- your own dataset

UPLOAD_PROBLEMS = "_tow_upload_problems"  # what was wrong with the last upload, if anything
UPLOAD_ROUND = "_tow_upload_round"  # bumped to give the uploader a fresh, empty key


def _uploader_key() -> str:
    return f"{keys.UPLOAD}_{st.session_state.get(UPLOAD_ROUND, 0)}"


def _uploaded() -> None:
    """The uploader changed: read what it holds (bounded by server.maxUploadSize), check it as
    the command line checks a directory, and use it for this session if it is valid."""
    chosen = st.session_state.get(_uploader_key()) or []
    if not chosen:
        return
    source = files.read_upload([(f.name, f.getvalue()) for f in chosen])
    # a fresh, empty uploader next run: the next choice replaces this one instead of adding to
    # it, and the server lets go of the uploaded bytes (the session keeps the checked files)
    st.session_state[UPLOAD_ROUND] = st.session_state.get(UPLOAD_ROUND, 0) + 1
    loaded = cached.check_upload(source)
    if loaded.dataset is None:
        st.session_state[UPLOAD_PROBLEMS] = (source.origin, loaded.problems)
        return
    st.session_state.pop(UPLOAD_PROBLEMS, None)
    st.session_state[cached.SESSION_UPLOAD] = source


def _back_to_shipped() -> None:
    st.session_state.pop(cached.SESSION_UPLOAD, None)
    st.session_state.pop(UPLOAD_PROBLEMS, None)
    st.session_state[UPLOAD_ROUND] = st.session_state.get(UPLOAD_ROUND, 0) + 1


def dataset_control() -> None:
    """Sidebar: load your own dataset for this session only, or go back to the shipped one."""
    uploadguard.install()
    mine = st.session_state.get(cached.SESSION_UPLOAD)
    failed = st.session_state.get(UPLOAD_PROBLEMS)
    # its contents are written when opened: every page's every run sent them to every visitor
    box = st.expander(
        "Your own dataset",
        icon=":material/upload_file:",
        expanded=bool(failed),
        key=keys.DATASET_BOX,
        on_change="rerun",
    )
    if not (box.open or failed):
        return
    with box:
        st.caption(
            f"For this session only: {md(files.LIMITS)}. It is checked as `tugofwar validate` "
            "checks a folder, kept in memory while your session lasts, and no one else sees it."
        )
        st.file_uploader(
            "Dataset (ZIP or YAML files)",
            type=["zip", "yaml", "yml"],
            accept_multiple_files=True,
            key=_uploader_key(),
            on_change=_uploaded,
        )
        if failed:
            name, problems = failed
            st.error(
                f"{md(name)} was not loaded: {len(problems)} "
                f"problem{'s' if len(problems) != 1 else ''}. This session still shows "
                + ("your previous upload." if mine else "the shipped dataset.")
            )
            st.code(problem_text(problems), language=None, wrap_lines=True)
        if mine is not None:
            st.success(f"Showing your upload: {md(mine.origin)}.", icon=":material/check:")
        st.download_button(
            "Starter dataset (ZIP)",
            scaffold.starter_zip,
            "tugofwar-starter.zip",
            mime="application/zip",
            icon=":material/note_add:",
            key="starter_dataset",
            on_click="ignore",
            help="A valid dataset with placeholders and a comment on each field, to start "
            "coding your own case (the same as `tugofwar init`).",
        )
        if mine is not None or failed:
            st.button(
                "Back to the shipped dataset",
                key=keys.SHIPPED,
                on_click=_back_to_shipped,
                icon=":material/undo:",
            )


# ---------------------------------------------------------------- presentation


def projector() -> bool:
    return st.query_params.get(keys.MODE) == "projector"


LAYOUTS = ("narrow", "wide")


def narrow() -> bool:
    """Charts laid out for a narrow screen (narrow.py): ?layout=narrow or wide decides, else
    projector mode (a wall, asked for by name: a tablet can drive a projector), else the
    browser's user agent (a phone or a tablet)."""
    asked = asked_layout()
    if asked is not None:
        return asked == "narrow"
    if projector():
        return False
    # the request that opened the session says it: the first run already knows (no second
    # run, nothing measured in the browser); read once a session (the headers cost a
    # millisecond a chart)
    known = st.session_state.get(AGENT_NARROW)
    if isinstance(known, bool):
        return known
    try:
        agent = st.context.headers.get("User-Agent") or ""
    except (AttributeError, RuntimeError, KeyError):
        agent = ""
    st.session_state[AGENT_NARROW] = found = narrow_agent(agent)
    return found


AGENT_NARROW = "_tow_agent_narrow"  # the session's user agent is a phone's or a tablet's


def dark() -> bool:
    """The browser shows the dark theme (the device's setting: config.toml has both)."""
    try:
        return st.context.theme.type == "dark"
    except (AttributeError, RuntimeError):
        return False


def asked_layout() -> str | None:
    """The layout the address asks for (?layout=narrow or wide), if any."""
    asked = st.query_params.get(keys.LAYOUT)
    return asked if asked in LAYOUTS else None


def with_mode(params: dict[str, str]) -> dict[str, str]:
    """The parameters in the current presentation (projector mode), as a shared link has them."""
    if projector():
        params.setdefault(keys.MODE, "projector")
    return params


def keep_presentation(params: dict[str, str]) -> dict[str, str]:
    """A move to another page or view keeps how this screen shows pages: projector mode and a
    layout the address asks for (a personal setting: never written into a shared link)."""
    asked = asked_layout()
    if asked is not None:
        params.setdefault(keys.LAYOUT, asked)
    return with_mode(params)


def wall() -> bool:
    """Projector mode, unless the address also asks for the narrow layout (then the charts and
    type are a phone's, and the mode stays in its links)."""
    return projector() and not narrow()


def _projector_changed() -> None:
    set_params({keys.MODE: "projector" if st.session_state.get(keys.PROJECTOR) else None})


def projector_switch() -> None:
    """Sidebar toggle for the projector theme, kept in the address as mode=projector."""
    st.session_state[keys.PROJECTOR] = projector()
    st.toggle(
        "Projector mode",
        key=keys.PROJECTOR,
        on_change=_projector_changed,
        help="Large type and charts that fit a wall. Also from the address: add ?mode=projector.",
    )


# Streamlit draws captions and quotes in the text colour at 60% opacity: 3.9:1 on white, where
# WCAG 2.2 AA asks 4.5:1 of text. A grey of their tone, opaque, reads at 6.7:1.
# A table wider than a phone scrolls within itself; the page never scrolls sideways.
TABLE_CSS = """[data-testid="stMarkdownContainer"] table { display: block; max-width: 100%;
  overflow-x: auto; }
"""
READABLE_CSS = """<style>
[data-testid="stCaptionContainer"], blockquote { color: $caption !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p, blockquote,
blockquote p { opacity: 1 !important; }
[data-testid="stCaptionContainer"] p, blockquote p { color: inherit !important; }
</style>"""


# The styles' text colours in each theme: captions and quotes opaque (6.7:1 on white, 8:1 on
# Streamlit's dark background), a wall's text at full contrast.
CSS_COLORS = {
    "light": {"caption": "#55585f", "text": "#000", "quote": "#111"},
    "dark": {"caption": "#a9aeb8", "text": "#fff", "quote": "#eee"},
}


def projector_style() -> None:
    """The page's own styles: text contrast and tables that fit always, the projector's type
    on a wall."""
    css = Template(PROJECTOR_CSS if wall() else READABLE_CSS).substitute(
        CSS_COLORS["dark" if dark() else "light"]
    )
    st.html(css.replace("<style>", "<style>" + TABLE_CSS))


# ---------------------------------------------------------------- addresses of views


def base_url() -> str:
    """The dashboard's root address as the user's browser sees it (no page path). Read it
    during a script run: a download's callback has no request to read it from. A configured
    public address ($TUGOFWAR_PUBLIC_URL) wins: behind a proxy the request may not show it."""
    configured = routes.public_url()
    if configured:
        return configured
    try:
        url = st.context.url
    except (AttributeError, RuntimeError):
        url = None
    if not url:
        return DEFAULT_BASE
    return routes.site_root(url)


def presentation_params() -> dict[str, str]:
    """The address's parameters that are about the presentation (mode, scene), not the view."""
    return {n: st.query_params[n] for n in routes.COMMON_PARAMS if st.query_params.get(n)}


def view_params(page: Page) -> dict[str, str]:
    """The parameters that reproduce what is on screen: the state's and the presentation's."""
    return {**page.state.to_params(), **presentation_params()}


def permalink(page: Page, base: str | None = None) -> str:
    return routes.permalink(base or base_url(), page.id, view_params(page))


# ---------------------------------------------------------------- charts


def year_and_dimension(ds: Dataset, state: ViewState) -> None:
    """The year and dimension a page shows (its state's "year" and "dimension"), and the
    reading (which evidence and confidence count)."""
    left, right = st.columns([1, 2])
    with left:
        bound(st.radio, "Year", state, "year", [str(y) for y in ds.meta.years], horizontal=True)
    with right:
        bound(
            st.selectbox,
            "Dimension",
            state,
            "dimension",
            dimension_options(ds),
            format_func=lambda d: dimension_name(ds, d),
        )
    reading_controls(state)


def charts_with_evidence(ds: Dataset, page: Page) -> None:
    """The page's charts, each with the list that opens what a click on it opens (the keyboard's
    way to a value's evidence), and the evidence of the value in the address."""
    for view in cached.page_charts(page.data, page.state):
        chart(view, page, key=view.key)
        evidence_picker(view, page)
    evidence(ds, page)


def chart(view: ChartView, page: Page, *, key: str, base: str | None = None, **kwargs: Any) -> Any:
    """The chart's heading, the figure with Streamlit's theme off (so colours are the dataset's,
    as in exports), its caption and note, its numbers one click away, and its exports (16:9 PNG,
    SVG, CSV)."""
    if view.heading:
        st.subheader(view.heading)
    if view.evidence and "on_select" not in kwargs:
        # a click (or a tap) on a bar, point or country opens that value's evidence
        kwargs.update(on_select=partial(_picked_value, key), selection_mode="points")
    config = {
        **PLOTLY_CONFIG,
        "toImageButtonOptions": {
            "format": "png",
            "filename": export.stem(page.id, view),
            "width": 1600,
            "height": view.height,
            "scale": 2,
        },
    }
    # The view is shared by every session (cached.py): each screen's styling works on a copy
    # (made from a plain dict: go.Figure(figure) reorders the original's JSON, which would
    # change the chart's identity for every other session).
    styles: tuple[str, ...] = ()
    frame: Any = nullcontext()
    if narrow():
        # a phone or a tablet: names above rows, keys above the plot, no toolbar over the title
        # (the exports are in the menu under the chart)
        styles = ("narrow",)
        config["displayModeBar"] = False
    elif projector():
        # on a wall the chart fills the screen's height (PROJECTOR_CSS sizes this frame)
        styles = ("projector",)
        frame = st.container(key=f"{PROJECTOR_FRAME}{key}")
        kwargs["height"] = "stretch"
    if dark():
        styles += ("dark",)
    figure = STYLED.get(view.figure, styles)  # made once for every session on such a screen
    with frame:
        event = st.plotly_chart(
            figure, theme=None, config=config, key=key, width="stretch", alt=view.alt,
            **kwargs,
        )  # fmt: skip
    st.caption(md(view.caption + (f" {view.note}" if view.note else "")))
    chart_menus(view, page, key, base)
    return event


def chart_menus(view: ChartView, page: Page, key: str, base: str | None = None) -> None:
    """Under a chart: its numbers and its Export menu, each written when opened (a run of its
    own, for that visitor), not sent with every run of every page to every visitor: the table
    and the three buttons (two without a browser) fewer per chart in a lecture hall's crowd.
    Not a fragment: opening would be a little quicker, but registering one per chart costs
    every run more than it saves."""
    row = st.container(horizontal=True, vertical_alignment="top", wrap=False)
    numbers = row.expander(
        "Numbers behind this chart", width="stretch", key=f"{key}{NUMBERS}", on_change="rerun"
    )
    if numbers.open:
        numbers.markdown(view.table_markdown)
    menu = row.popover(
        "Export", icon=":material/download:", width=160, key=f"{key}{EXPORTS}", on_change="rerun"
    )
    if menu.open:
        export_menu(menu, view, page, export.Item(page.id, view, permalink(page, base)), key)


NUMBERS = "_numbers"  # a chart's "Numbers behind this chart", by the chart's key
EXPORTS = "_exports"  # a chart's Export menu, by the chart's key


def export_menu(menu: Any, view: ChartView, page: Page, item: export.Item, key: str) -> None:
    """An open Export menu: the chart as a 16:9 PNG and as SVG (when a browser is at hand to
    draw them), and its numbers as CSV; each made when clicked, not when the menu opens."""
    with menu:
        downloads = [("Data (CSV)", partial(csv_text, view.table), "csv", "text/csv")]
        if export.find_browser() is None:
            st.caption(export.INSTALL_HINT)
        else:
            if note := export.busy_note():
                st.caption(note)
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


# ---------------------------------------------------------------- evidence at a click


def _picked_value(key: str) -> None:
    """A chart's point was clicked: its value id (the last item of its customdata) goes to the
    address, and the run opens its evidence."""
    points = (st.session_state.get(key) or {}).get("selection", {}).get("points") or []
    for point in points:
        data = point.get("customdata")
        value = data[-1] if isinstance(data, list) and data else data
        if isinstance(value, str) and value.startswith(EVENT_PREFIX):
            st.session_state[EVENT_SHOWN] = value.removeprefix(EVENT_PREFIX)
            return
        if isinstance(value, str) and value:
            set_params({keys.VALUE: value})
            return


EVENT_PREFIX = "event:"  # a chart point that stands for an event, not a value
EVENT_SHOWN = "_tow_event_shown"


def event_detail(ds: Dataset) -> None:
    """An event a chart's marker was clicked for (the trend's events): its detail, and a link to
    it on the timeline. Shown once: not kept in the address."""
    event_id = st.session_state.pop(EVENT_SHOWN, None)
    event = next((e for e in ds.events if e.id == event_id), None)
    if event is not None:
        _event_dialog(event)


@st.dialog("Event", width="large")
def _event_dialog(event: Any) -> None:
    from components.transforms import date_label

    st.markdown(f"**{md(event.title)}** \u00b7 {md(date_label(event.date, event.precision))}")
    st.markdown(md(event.description) + "\n\n" + quoted(event.quote))
    link("timeline", "Open on the timeline", query_params={keys.EVENT: event.id},
         icon=":material/timeline:")  # fmt: skip


def _close_evidence() -> None:
    set_params({keys.VALUE: None})


def _picked_from_list() -> None:
    set_params({keys.VALUE: st.session_state.get(EVIDENCE_PICKER) or None})


EVIDENCE_PICKER = "evidence_picker"


def evidence_picker(view: ChartView, page: Page) -> None:
    """The keyboard's way to what a click on the chart opens: the values it shows, in a list."""
    if not view.values:
        return
    names = dict(view.values)
    current = getattr(page.state, "value", None)
    st.session_state[EVIDENCE_PICKER] = current if current in names else None
    st.selectbox(
        "Read the evidence for a value (or click the chart)",
        list(names),
        format_func=names.get,
        index=None,
        placeholder="Choose a third party",
        key=EVIDENCE_PICKER,
        on_change=_picked_from_list,
    )


def evidence(ds: Dataset, page: Page, base: str | None = None) -> None:
    """The evidence of the value the address names (value=...), over the page."""
    value = getattr(page.state, "value", None)
    if not value:
        return
    found = cached.evidence(page.data, value)
    if found is not None:
        _evidence_dialog(ds, page, found, base or base_url())


@st.dialog("Evidence", width="large", on_dismiss=_close_evidence)
def _evidence_dialog(ds: Dataset, page: Page, ev: Any, base: str) -> None:
    from components.cite import article_link, citation

    st.markdown(f"**{md(ev.third_party_name)}** \u00b7 {md(ev.dimension_name)} \u00b7 {ev.id.year}")
    for side in ev.sides:
        r = side.rating
        value = "not coded" if side.value is None else f"{side.value:+d}" if side.value else "0"
        label = md(side.label.lower()) if side.value is not None else ""
        head = f"**{md(side.side_name)}: {value}** {label}"
        with st.container(border=True):
            if r is None or r.value is None:
                st.markdown(head)
                st.caption(md(r.rationale if r is not None else "No entry for this year."))
                continue
            basis = "inferred" if r.inferred else "quoted"
            st.markdown(f"{head} \u00b7 {basis}, {md(r.confidence or '')} confidence")
            st.markdown(md(r.rationale))
            if r.inferred and r.reasoning:
                st.markdown(f"*Inference:* {md(r.reasoning)}")
            if r.quote:
                st.markdown(quoted(r.quote))
                online = article_link(ds, r.quote)
                if online:
                    st.link_button("Open in the article", online, icon=":material/open_in_new:")
    if ev.events:
        st.markdown("**Events**")
        for event_id, when, title in ev.events:
            link("timeline", f"{when}: {title}", query_params={keys.EVENT: event_id},
                 icon=":material/event:")  # fmt: skip
    if ev.actions:
        st.markdown("**Strategy actions and counter-moves**")
        for action_id, title in ev.actions:
            link("strategy", title, query_params={keys.ACTION: action_id},
                 icon=":material/stacks:")  # fmt: skip
    copyable("Cite this value", citation(ds, ev, permalink(page, base)), lines=5)


def copyable(label: str, text: str, lines: int = 1) -> None:
    """Text to select and copy (a link, a citation). A text box, not st.code: a code block makes
    every browser that shows it load Streamlit's 1.5 MB syntax highlighter."""
    if lines > 1:
        st.text_area(label, text, height=34 + 22 * lines, help="Select the text and copy it.")
    else:
        st.text_input(label, text, help="Select the text and copy it.")


def page_tools(ds: Dataset, page: Page) -> None:
    """Sidebar: the link to this view, and the briefing pack of its charts."""
    base = base_url()  # now, in the run: the pack is built in a callback, with no request
    with st.sidebar:
        copyable("Link to this view", permalink(page, base))
        if cached.is_upload(page.data):
            st.caption(
                "This view shows the dataset you uploaded, which only your session can see: "
                "others who open the link see the shipped dataset."
            )
        if not routes.BY_ID[page.id].exportable:
            return
        if export.find_browser() is None:
            st.caption("Briefing pack: " + export.INSTALL_HINT)
            return
        state, extra = page.state, presentation_params()
        if note := export.busy_note():
            st.caption(note)

        def build() -> bytes:
            return export.briefing(ds, [state], base, extra=extra)

        def build_deck() -> bytes:
            return export.briefing(ds, [state], base, extra=extra, fmt="pptx")

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
        st.download_button(
            "Slide deck (PPTX)",
            build_deck,
            f"tugofwar-{page.id}-deck.pptx",
            mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
            icon=":material/slideshow:",
            key="briefing_deck",
            on_click="ignore",
            help="One editable slide per chart: the finding as its title, the evidence quotes in "
            "the speaker notes.",
        )


def quote(text: str) -> None:
    """A verbatim quote from the article, set apart (markdown escaped: data is not markup)."""
    st.markdown(quoted(text))


def quoted(text: str) -> str:
    """Markdown for a verbatim quote, to end a markdown block with (one element, not two)."""
    return "> " + escape(text)


escape = md  # the one Markdown escaping (text.py), under the name the pages use


# ---------------------------------------------------------------- text and links written once


def replayed(write: Callable[..., None], *args: object) -> None:
    """cached.written: elements written once and replayed for every session after, with what
    the links keep from the address (projector mode, a chosen layout) as the last argument."""
    cached.written(write, *args, tuple(sorted(keep_presentation({}).items())))
