"""Actor network: both sides as poles and every third party placed between them by its two ties
(those with ties to both visibly halfway), for a year and dimension, in the same colours and
by the same lean rule as every other page; a click on a third party opens its evidence."""

import streamlit as st

from components import cached, ui
from components.views import dimension_name, dimension_options

ds, page = ui.start_page("network")
state = page.state

st.title("Actor network")
left, right = st.columns([1, 2])
with left:
    ui.bound(st.radio, "Year", state, "year", [str(y) for y in ds.meta.years], horizontal=True)
with right:
    ui.bound(
        st.selectbox,
        "Dimension",
        state,
        "dimension",
        dimension_options(ds),
        format_func=lambda d: dimension_name(ds, d),
    )
ui.reading_controls(state)
for view in cached.page_charts(page.data, state):
    ui.chart(view, page, key=view.key)
    ui.evidence_picker(view, page)
ui.evidence(ds, page)
ui.page_tools(ds, page)
