"""Tug of War: router and frame. Page config, navigation over pages/, and nothing else."""

import streamlit as st

st.set_page_config(
    page_title="Tug of War: Kabul and the Taliban abroad",
    page_icon=":material/compare_arrows:",
    layout="wide",
)

pages = [
    st.Page("pages/summary.py", title="Summary", icon=":material/dataset:", default=True),
]
st.navigation(pages).run()
