"""Actor network: both sides as poles and every third party placed between them by its two ties
(those with ties to both visibly halfway), for a year and dimension, in the same colours and
by the same lean rule as every other page; a click on a third party opens its evidence."""

import streamlit as st

from components import ui

ds, page = ui.start_page("network")
state = page.state

st.title("Actor network")
ui.year_and_dimension(ds, state)
ui.charts_with_evidence(ds, page)
ui.page_tools(ds, page)
