"""Country comparison: both sides' ties per third party, hedging, the regional map, change over
time, and one third party's full profile with its evidence."""

import streamlit as st

from components.web import (
    address,
    cached,
    chart,
    evidence_dialog,
    frame,
    show,
    sidebar,
    text_sections,
)

ds, page = frame.start_page("comparison")
state = page.state

show.title("Country comparison")
address.year_and_dimension(ds, state)
chart.charts_with_evidence(ds, page)

st.divider()
show.header("Profile")
names = {tp.id: tp.name for tp in ds.third_parties}
address.bound(st.selectbox, "Third party", state, "third_party", list(names), format_func=names.get)
chart.chart(cached.trend(page.data, state), page, key="trend")
evidence_dialog.event_detail(ds)
frame.replayed(text_sections.profile_section, page.data, state.third_party)

sidebar.page_tools(ds, page)
