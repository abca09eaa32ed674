"""Country comparison: both sides' ties per third party, hedging, the regional map, change over
time, and one third party's full profile with its evidence."""

import streamlit as st

from components import cached, sections, ui

ds, page = ui.start_page("comparison")
state = page.state

st.title("Country comparison")
ui.year_and_dimension(ds, state)
ui.charts_with_evidence(ds, page)

st.divider()
st.header("Profile")
names = {tp.id: tp.name for tp in ds.third_parties}
ui.bound(st.selectbox, "Third party", state, "third_party", list(names), format_func=names.get)
ui.chart(cached.trend(page.data, state), page, key="trend")
ui.event_detail(ds)
ui.replayed(sections.profile_section, page.data, state.third_party)

ui.page_tools(ds, page)
