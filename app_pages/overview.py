"""Overview: the contest at a glance for one year: who leans where, why, and the key findings,
with how many of them hold when only the surest values count."""

import streamlit as st

from components.web import (
    address,
    cached,
    chart,
    evidence_dialog,
    frame,
    presentation,
    show,
    sidebar,
    text_sections,
)

ds, page = frame.start_page("overview")
state = page.state

show.title(ds.meta.title)
with st.container(horizontal=True, gap="large", vertical_alignment="bottom"):
    address.bound(st.radio, "Year", state, "year", [str(y) for y in ds.meta.years], horizontal=True)
    address.reading_controls(state)
view = cached.overview(page.data, state)
if view.reading:
    show.info(view.reading, icon=":material/rule:")

frame.replayed(text_sections.lean_counts, page.data, state.for_charts(), presentation.wall())

chart.chart(view.lead, page, key="lead_chart")
evidence_dialog.evidence_picker(
    view.lead, page
)  # the keyboard's way to what a click on a bar opens
evidence_dialog.evidence(ds, page)

frame.replayed(text_sections.findings, page.data, state.for_charts())

sidebar.page_tools(ds, page)
