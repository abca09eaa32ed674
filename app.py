"""Tug of War: router and frame. Page config, navigation over app_pages/, the shared sidebar.

The page scripts live in app_pages/, not pages/: with a folder named pages/ beside the entry
point, Streamlit 1.67 opens a page's own URL in the centred layout on a fresh server, ignoring
layout="wide" (checked in headless Chromium).
"""

from pathlib import Path

import streamlit as st

from components import cached

st.set_page_config(
    page_title="Tug of War: Kabul and the Taliban abroad",
    page_icon=str(Path(__file__).parent / "components" / "assets" / "favicon.png"),
    layout="wide",
)

PAGES = [
    st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("app_pages/comparison.py", title="Country comparison", icon=":material/compare:"),
    st.Page("app_pages/strategy.py", title="Three-tier strategy", icon=":material/stacks:"),
    st.Page("app_pages/timeline.py", title="Timeline 2013-2016", icon=":material/timeline:"),
    st.Page("app_pages/method.py", title="Sources and method", icon=":material/menu_book:"),
]
page = st.navigation(PAGES)

loaded = cached.load()
with st.sidebar:
    if loaded.dataset is not None:
        meta = loaded.dataset.meta
        source = meta.sources[0]
        st.caption(
            f"**{meta.title}**  \nFrom *{source.title}* by {source.author}, "
            f"{source.outlet.split(' (')[0]}, {source.date}. Dataset v{meta.version}."
        )
    else:
        st.caption("The dataset did not load; each page lists the problems.")

page.run()
