"""Seminar scenes: the shipped walk through the article's argument, one link per scene."""

import streamlit as st

from components.core import routes
from components.core.escape import Markdown, markup
from components.core.scenes import scene_params
from components.web import address, frame, seminar, show, wall

ds, page = frame.start_page("scenes")

show.title("Seminar scenes")
show.markdown(
    Markdown(
        "Each scene opens a view of the dashboard with a question for discussion. While a scene "
        "is open, a bar above the page shows its prompt and steps to the previous or next scene "
        "(also with the arrow keys, or a presentation clicker's Page Up and Page Down). Each "
        "scene has its own link, to share or to put on a slide, and shows on the **wall** as a "
        "slide of its own (its title, prompt and chart, stepped by the keys). To present to a "
        "room whose screens follow yours, open the presenter's console (see **For seminars** in "
        "the README)."
    )
)
scenes = seminar.scenes_or_stop(page.data)

base = address.base_url()
for number, scene in enumerate(scenes, start=1):
    route_title = routes.title(scene.page, ds)
    with st.container(border=True):
        show.markdown(
            markup("**{}. {}** · {}\n\n*{}*", number, scene.title, route_title, scene.prompt)
        )
        opens, shows = st.columns(2)
        with opens:
            frame.link(
                scene.page,
                "Open this scene",
                icon=":material/play_arrow:",
                query_params=seminar.scene_link_params(ds, scene),
            )
        with shows:
            frame.link("wall", "Show it on the wall", icon=":material/tv:",
                       query_params=wall.wall_params(scene))  # fmt: skip
        frame.copyable(
            "Link to this scene", routes.permalink(base, scene.page, scene_params(ds, scene))
        )
