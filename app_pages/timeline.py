"""Timeline: events on lanes, filtered; select one (on the chart or from the list) to read its
evidence, and step through the filtered events in date order when presenting."""

import streamlit as st

from components.core import url_params
from components.core.tables import step
from components.core.view_state import period as days
from components.figures.views import year_span
from components.web import address, cached, chart, frame, show, sidebar, text_sections

ds, page = frame.start_page("timeline")
state = page.state
actors = {a.id: a.short_name for a in ds.meta.actors}
third_parties = {tp.id: tp.name for tp in ds.third_parties}
categories = {c.id: c.name for c in ds.meta.event_categories}
tiers = {t.id: ds.tier_label(t) for t in ds.strategy.tiers}
period = ds.meta.event_period


def _go(event_id: str | None) -> None:
    address.set_params({url_params.EVENT: event_id})


def _picked() -> None:
    points = st.session_state[url_params.TIMELINE_CHART]["selection"]["points"]
    if points and points[0].get("customdata"):
        _go(points[0]["customdata"][0])


show.title(f"Timeline {year_span(period.start, period.end)}")
with st.container(border=True):
    filters = [
        ("Actor", "actors", actors),
        ("Third party", "third_parties", third_parties),
        ("Category", "categories", categories),
        # the dataset names its parts ("Track"): plain text, escaped by show like every label
        (f"Strategy {(ds.strategy.tier_name or 'tier').lower()}", "tiers", tiers),
    ]
    for column, (label, name, names) in zip(st.columns(4), filters, strict=True):
        with column:
            address.bound(st.multiselect, label, state, name, list(names), format_func=names.get,
                     placeholder="all")  # fmt: skip
    address.bound_range(
        st.slider,
        "Dates",
        state,
        ("start", "end"),
        url_params.DATE_RANGE,
        days(ds),
        format="MMM YYYY",
    )

view, events = cached.timeline(page.data, state)
chart.chart(view, page, key=url_params.TIMELINE_CHART, on_select=_picked, selection_mode="points")

if state.event is None:
    show.info("No events match these filters. Widen the dates or clear a filter.")
    sidebar.page_tools(ds, page)
    st.stop()

ids = list(events["id"])
titles = dict(zip(events["id"], events["title"], strict=True))
position = ids.index(state.event)
nav = st.columns([2, 6, 2], vertical_alignment="bottom")
show.button(
    "Previous event",
    where=nav[0],
    key=url_params.PREVIOUS,
    on_click=_go,
    args=(step(ids, state.event, -1),),
    disabled=position == 0,
    icon=":material/arrow_back:",
    width="stretch",
)
with nav[1]:
    address.bound(st.selectbox, f"Event {position + 1} of {len(ids)}", state, "event", ids,
             format_func=titles.get)  # fmt: skip
show.button(
    "Next event",
    where=nav[2],
    key=url_params.NEXT,
    on_click=_go,
    args=(step(ids, state.event, 1),),
    disabled=position == len(ids) - 1,
    icon=":material/arrow_forward:",
    width="stretch",
)

frame.replayed(text_sections.timeline_event, page.data, state.event)

sidebar.page_tools(ds, page)
