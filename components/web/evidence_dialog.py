"""Evidence at a click: a chart's point opens its value's evidence record (core/cite.py) in a
dialog over the page, or an event's detail; the list under a chart is the keyboard's way
to the same.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.core import url_params
from components.core.cite import article_link, citation
from components.core.dates import date_label
from components.core.escape import Markdown, markup
from components.dataset.models import Dataset
from components.figures.views import ChartView
from components.web import cached, show
from components.web.address import Page, base_url, permalink, set_params
from components.web.frame import copyable, link, quoted


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
            set_params({url_params.VALUE: value})
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
    show.markdown(markup("**{}** \u00b7 {}", event.title, date_label(event.date, event.precision)))
    show.markdown(markup("{}\n\n{}", event.description, quoted(event.quote)))
    link("timeline", "Open on the timeline", query_params={url_params.EVENT: event.id},
         icon=":material/timeline:")  # fmt: skip


def _close_evidence() -> None:
    set_params({url_params.VALUE: None})


def _picked_from_list() -> None:
    set_params({url_params.VALUE: st.session_state.get(EVIDENCE_PICKER) or None})


EVIDENCE_PICKER = "evidence_picker"


def evidence_picker(view: ChartView, page: Page) -> None:
    """The keyboard's way to what a click on the chart opens: the values it shows, in a list."""
    if not view.values:
        return
    names = dict(view.values)
    current = getattr(page.state, "value", None)
    st.session_state[EVIDENCE_PICKER] = current if current in names else None
    show.widget(
        st.selectbox,
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
    show.markdown(
        markup("**{}** \u00b7 {} \u00b7 {}", ev.third_party_name, ev.dimension_name, ev.id.year)
    )
    for side in ev.sides:
        r = side.rating
        signed = markup("{:+d}", side.value) if side.value else "0"
        value = "not coded" if side.value is None else signed
        label = side.label.lower() if side.value is not None else ""
        head = markup("**{}: {}** {}", side.side_name, value, label)
        with st.container(border=True):
            if r is None or r.value is None:
                show.markdown(head)
                show.caption(r.rationale if r is not None else "No entry for this year.")
                if r is not None and r.adjudication:
                    show.caption(markup("Adjudicated: {}", r.adjudication))
                continue
            basis = "inferred" if r.inferred else "quoted"
            show.markdown(head + markup(" \u00b7 {}, {} confidence", basis, r.confidence or ""))
            show.markdown(r.rationale)
            if r.inferred and r.reasoning:
                show.markdown(markup("*Inference:* {}", r.reasoning))
            if r.adjudication:
                show.markdown(markup("*Adjudicated:* {}", r.adjudication))
            if r.quote:
                show.markdown(quoted(r.quote))
                online = article_link(ds, r.quote)
                if online:
                    show.link_button("Open in the article", online, icon=":material/open_in_new:")
    if ev.events:
        show.markdown(Markdown("**Events**"))
        for event_id, when, title in ev.events:
            link("timeline", f"{when}: {title}", query_params={url_params.EVENT: event_id},
                 icon=":material/event:")  # fmt: skip
    if ev.actions:
        show.markdown(Markdown("**Strategy actions and counter-moves**"))
        for action_id, title in ev.actions:
            link("strategy", title, query_params={url_params.ACTION: action_id},
                 icon=":material/stacks:")  # fmt: skip
    copyable("Cite this value", citation(ds, ev, permalink(page, base)), lines=5)
