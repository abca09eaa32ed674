"""Tug of War: router and frame. Page config, navigation over app_pages/, the shared sidebar
(dataset and source, projector mode, the seminar scene being presented).

The page scripts live in app_pages/, not pages/: with a folder named pages/ beside the entry
point, Streamlit 1.67 opens a page's own URL in the centred layout on a fresh server, ignoring
layout="wide" (checked in headless Chromium).
"""

from pathlib import Path

import streamlit as st

from components import cached, presenter, ui

st.set_page_config(
    page_title="Tug of War: Kabul and the Taliban abroad",
    page_icon=str(Path(__file__).parent / "components" / "assets" / "favicon.png"),
    layout="wide",
)

pages = ui.pages()
page = st.navigation(list(pages.values()))
ui.remember_pages(pages)

# The dataset's files are looked at once per run; the page reads the same key (cached.py).
key = cached.data_key()
st.session_state[cached.RUN_KEY] = key
loaded = cached.load(key)
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
    ui.projector_switch()
    if loaded.dataset is not None:
        presenter.panel(loaded.dataset, key, pages)

page.run()
