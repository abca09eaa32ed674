"""Country comparison: both sides' ties per third party, hedging, the regional map, change over
time, and one third party's full profile with its evidence."""

import streamlit as st

from components import cached, keys, ui
from components.views import dimension_name, dimension_options

ds, page = ui.start_page("comparison")
years = [str(y) for y in ds.meta.years]
dimensions = dimension_options(ds)

st.title("Country comparison")
left, right = st.columns([1, 2])
with left:
    year = int(ui.choice(st.radio, "Year", keys.YEAR, years, years[-1], horizontal=True))
with right:
    dimension = ui.choice(
        st.selectbox,
        "Dimension",
        keys.DIMENSION,
        dimensions,
        "overall",
        format_func=lambda d: dimension_name(ds, d),
    )
charts = cached.comparison(page.data, year, dimension)
span = f"{years[0]}-{years[-1]}"

st.subheader("Each side's strength, third party by third party")
ui.chart(charts["butterfly"], page, key="butterfly_chart", as_of=str(year))
st.subheader("Who hedges")
ui.chart(charts["hedging"], page, key="hedging_chart", as_of=str(year))
st.caption("Shape: circle, a country; square, an organisation; triangle, a group.")
st.subheader("The region")
ui.chart(charts["map"], page, key="map_chart", as_of=str(year))
st.subheader("Change over time")
ui.chart(charts["change"], page, key="change_chart", as_of=span)

st.divider()
st.header("Profile")
tp_ids = [tp.id for tp in ds.third_parties]
names = {tp.id: tp.name for tp in ds.third_parties}
third_party = ui.choice(
    st.selectbox, "Third party", keys.THIRD_PARTY, tp_ids, tp_ids[0], format_func=names.get
)
profile = cached.profile(page.data, third_party)
st.markdown(
    f"**{ui.escape(profile.name)}**: {profile.kind}, {ui.escape(profile.region)}."
    + (f" {ui.escape(profile.note)}" if profile.note else "")
)
st.table(profile.values.set_index(["Side", "Dimension", "Years"]))
events_col, actions_col = st.columns(2)
with events_col:
    st.markdown(f"**Events involving {ui.escape(profile.name)}** ({len(profile.events)})")
    for event in profile.events.itertuples():
        ui.link("timeline", f"{event.when}: {event.title}", query_params={keys.EVENT: event.id})
with actions_col:
    st.markdown(
        f"**Strategy actions and counter-moves** ({len(profile.actions)} and "
        f"{len(profile.counter_moves)})"
    )
    for action in profile.actions.itertuples():
        st.markdown(
            f"- Tier {action.tier_number}: {ui.escape(action.title)} "
            f"(*{action.status}*, judged {action.judged})"
        )
    for move in profile.counter_moves.itertuples():
        st.markdown(f"- Counter-move ({move.tier}): {ui.escape(move.title)}")

ui.page_tools(ds, page)
