"""Tug of War: router and frame. Page config, navigation over app_pages/, the shared sidebar
(dataset and source, projector mode), and above every page the presenter's frame (follow mode,
the seminar scene being presented).

The page scripts live in app_pages/, not pages/: with a folder named pages/ beside the entry
point, Streamlit 1.67 opens a page's own URL in the centred layout on a fresh server, ignoring
layout="wide" (checked in headless Chromium).
"""

import streamlit as st

from components.core import routes
from components.core.escape import markup
from components.web import address, cached, frame, presentation, seminar, show, sidebar, warmup

st.set_page_config(
    page_title="Tug of War",
    page_icon=frame.FAVICON,
    layout="wide",
    # a wall shows the page, not the menu: the presenter's controls are in the main area
    initial_sidebar_state="collapsed" if presentation.wall() or presentation.embedded() else "auto",
)

# The dataset's files are looked at once per run; the page reads the same key (cached.py).
key = cached.data_key()
st.session_state[cached.RUN_KEY] = key
loaded = cached.load(key)

pages = frame.pages(loaded.dataset)  # a page may be named by the dataset (routes.title)
page = st.navigation(list(pages.values()))
frame.remember_pages(pages)
page_id = next((pid for pid, p in pages.items() if p is page), None) or routes.page_of_path(
    page.url_path
)
if loaded.dataset is not None:
    warmup.warm(key)  # the scenes' views, built ahead in the background (once per data)
presentation.projector_style()
if page_id is not None:
    address.moved_notice(routes.title(page_id, loaded.dataset))
# the presenter's frame first: a follower's new scene is the first thing each run sends
if loaded.dataset is not None and page_id is not None:
    seminar.banner(loaded.dataset, key, page_id)
if page_id in seminar.SLIDES or presentation.embedded():
    # a slide: no controls in the sidebar either (the keys step the scenes); an embed: the chart
    page.run()
    presentation.follow_theme()
    st.stop()
with st.sidebar:
    if loaded.dataset is not None:
        meta = loaded.dataset.meta
        source = meta.sources[0]
        show.caption(
            markup(
                "**{}**  \nFrom *{}* by {}, {}, {}. Dataset v{}.",
                meta.title,
                source.title,
                source.author,
                source.outlet.split(" (")[0],
                source.date,
                meta.version,
            )
        )
    else:
        show.caption("The dataset did not load; each page lists the problems.")
    sidebar.dataset_control()
    sidebar.projector_switch()

page.run()
presentation.follow_theme()
