"""Overview: the contest at a glance for one year: who leans where, why, and the key findings,
with how many of them hold when only the surest values count."""

import streamlit as st

from components import cached, sections, ui
from components.text import md

ds, page = ui.start_page("overview")
state = page.state

st.title(md(ds.meta.title))
with st.container(horizontal=True, gap="large", vertical_alignment="bottom"):
    ui.bound(st.radio, "Year", state, "year", [str(y) for y in ds.meta.years], horizontal=True)
    ui.reading_controls(state)
view = cached.overview(page.data, state)
if view.reading:
    st.info(md(view.reading), icon=":material/rule:")

ui.replayed(sections.lean_counts, page.data, state.for_charts(), ui.wall())

ui.chart(view.lead, page, key="lead_chart")
ui.evidence_picker(view.lead, page)  # the keyboard's way to what a click on a bar opens
ui.evidence(ds, page)

ui.replayed(sections.findings, page.data, state.for_charts())

ui.page_tools(ds, page)
