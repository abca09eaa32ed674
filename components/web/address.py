"""A page's view state bound to the address.

A page's state lives in the address: every run reads it from there (core/view_state.py
validates it and fills the defaults), each widget is set to the state's value before it is
drawn, and a widget's change writes the new value back to the address. So what a widget shows
is what the charts show, whichever way the view was reached (a link, a scene, the presenter,
Back). Also the addresses (permalinks) that reproduce a view.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from components.core import routes, url_params
from components.core.escape import Markdown
from components.core.view_state import Raw, ViewState
from components.dataset.models import Dataset
from components.figures.views import dimension_name, dimension_options
from components.web import cached, show

DEFAULT_BASE = routes.LOCAL_URL  # when the run has no address (the CLI says the same)


@dataclass(frozen=True)
class Page:
    """What a page's shared pieces need to know: which page, the dataset's source line, the
    data's cache key, and the view state it shows."""

    id: str
    source: str
    data: cached.DataKey
    state: ViewState


def address() -> dict[str, Raw]:
    """The address's parameters, repeated ones as lists."""
    out: dict[str, Raw] = {}
    for name in st.query_params:
        values = st.query_params.get_all(name)
        out[name] = values[0] if len(values) == 1 else values
    return out


def view_state(page_id: str, ds: Dataset) -> ViewState:
    """The page's state as the address gives it; the address is then written in the state's own
    form (unknown values dropped, defaults written out), so a copied link says what is shown.
    What the address asked for and the page cannot show as asked is said, with what it shows
    instead (a mistyped link opens the nearest valid view, never silently another one)."""
    asked = address()
    cls = routes.BY_ID[page_id].state
    state = cls.from_params(ds, asked)
    notices = cls.notices(ds, asked)
    if notices:
        # the address is anyone's text: escaped like dataset text
        show.warning(Markdown("  \n").join(notices), icon=":material/link_off:")
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
    return show.widget(
        widget, *args, key=spec.param, on_change=_to_address, args=(spec.param, spec.kind), **kwargs
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
    return show.widget(
        widget,
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


def moved_notice(page_title: str) -> None:
    """The proxy sent an address a folder too deep (/comparison/russia) to its page or the
    overview (?moved=1): say so, once, and leave the address clean."""
    if st.query_params.get(url_params.MOVED) is None:
        return
    del st.query_params[url_params.MOVED]
    show.warning(
        "That address is not a page of the dashboard (it goes a folder too deep): showing "
        f"{page_title} instead.",
        icon=":material/link_off:",
    )
