"""Timeline 2013-2016: events on lanes, filtered; select one (on the chart or from the list) to
read its evidence, and step through the filtered events in date order when presenting."""

from datetime import date

import streamlit as st

from components import cached, keys, ui
from components.transforms import date_label, step

ds, page = ui.start_page("timeline")
actors = {a.id: a.short_name for a in ds.meta.actors}
third_parties = {tp.id: tp.name for tp in ds.third_parties}
categories = {c.id: c.name for c in ds.meta.event_categories}
tiers = {t.id: f"Tier {t.number}: {t.title}" for t in ds.strategy.tiers}
period = ds.meta.event_period
first_day, last_day = date(period.start, 1, 1), date(period.end, 12, 31)


def _day(name: str, default: date) -> date:
    try:
        value = date.fromisoformat(st.query_params.get(name, ""))
    except ValueError:
        return default
    return value if first_day <= value <= last_day else default


st.title(f"Timeline {period.start}-{period.end}")
with st.container(border=True):
    filters = [
        ("Actor", keys.ACTORS, actors),
        ("Third party", keys.THIRD_PARTIES, third_parties),
        ("Category", keys.CATEGORIES, categories),
        ("Strategy tier", keys.TIERS, tiers),
    ]
    chosen = []
    for column, (label, key, names) in zip(st.columns(4), filters, strict=True):
        with column:
            chosen.append(
                ui.choices(label, key, list(names), format_func=names.get, placeholder="all")
            )
    chosen_actors, chosen_tps, chosen_cats, chosen_tiers = chosen
    slider_key = "date_range"
    if slider_key not in st.session_state:
        st.session_state[slider_key] = (
            _day(keys.DATE_FROM, first_day),
            _day(keys.DATE_TO, last_day),
        )
    start, end = st.slider("Dates", first_day, last_day, key=slider_key, format="MMM YYYY")
    st.query_params[keys.DATE_FROM], st.query_params[keys.DATE_TO] = str(start), str(end)

filters = (
    tuple(chosen_actors),
    tuple(chosen_tps),
    tuple(chosen_cats),
    tuple(chosen_tiers),
    str(start),
    str(end),
)
_, events = cached.timeline(page.data, *filters, None)
ids = list(events["id"])
current = st.session_state.get(keys.EVENT) or st.query_params.get(keys.EVENT)
if current not in ids:
    current = ids[0] if ids else None
if current is None:
    st.query_params.pop(keys.EVENT, None)
else:
    st.session_state[keys.EVENT] = current
    st.query_params[keys.EVENT] = current


def _go(target: str | None) -> None:
    if target is not None:
        st.session_state[keys.EVENT] = target


def _picked() -> None:
    points = st.session_state[keys.TIMELINE_CHART]["selection"]["points"]
    if points and points[0].get("customdata"):
        _go(points[0]["customdata"][0])


view, _ = cached.timeline(page.data, *filters, current)
ui.chart(
    view,
    page,
    key=keys.TIMELINE_CHART,
    as_of=f"{start:%Y}-{end:%Y}",
    on_select=_picked,
    selection_mode="points",
)

if current is None:
    st.info("No events match these filters. Widen the dates or clear a filter.")
    ui.page_tools(ds, page)
    st.stop()

titles = dict(zip(events["id"], events["title"], strict=True))
position = ids.index(current)
nav = st.columns([2, 6, 2], vertical_alignment="bottom")
nav[0].button(
    "Previous",
    key=keys.PREVIOUS,
    on_click=_go,
    args=(step(ids, current, -1),),
    disabled=position == 0,
    icon=":material/arrow_back:",
    width="stretch",
)
nav[1].selectbox(f"Event {position + 1} of {len(ids)}", ids, key=keys.EVENT, format_func=titles.get)
nav[2].button(
    "Next",
    key=keys.NEXT,
    on_click=_go,
    args=(step(ids, current, 1),),
    disabled=position == len(ids) - 1,
    icon=":material/arrow_forward:",
    width="stretch",
)

event = next(e for e in ds.events if e.id == current)
with st.container(border=True):
    st.subheader(event.title)
    basis = (
        "stated in the article"
        if event.basis == "stated"
        else "dated context the article refers to"
    )
    st.markdown(
        f"**{date_label(event.date, event.precision)}** ({event.precision} precision; {basis}) · "
        f"{categories[event.category]}" + (f" · {tiers[event.tier]}" if event.tier else "")
    )
    st.markdown(ui.escape(event.description) + "\n\n" + ui.quoted(event.quote))
    if event.date_note:
        st.caption(f"Date note: {event.date_note}")
    involved = [actors[a] for a in event.actors] + [third_parties[t] for t in event.third_parties]
    st.caption("Involves: " + ", ".join(involved))

ui.page_tools(ds, page)
