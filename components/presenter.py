"""Seminar presenting: the sidebar panel for the scene in the address, with previous / next."""

from __future__ import annotations

import streamlit as st

from components import cached, keys, routes
from components.models import Dataset
from components.scenes import Scene, scene_params


def open_scene(scene: Scene, pages: dict) -> None:
    """Go to a scene's view. Its parameters replace this session's selections for that page."""
    for name in routes.BY_ID[scene.page].params:
        st.session_state.pop(name, None)
    st.session_state["_scene"] = scene.id
    st.switch_page(pages[scene.page], query_params=scene_params(scene))


def panel(ds: Dataset, data: cached.DataKey, pages: dict) -> None:
    """Scene title, prompt, and previous / next, when the address names a scene."""
    scenes, problems = cached.scenes(data)
    if problems:
        st.warning(
            "scenes.yaml has problems, so presenting is off:\n\n"
            + "\n".join(f"- `{p}`" for p in problems[:5])
        )
        return
    wanted = st.query_params.get(keys.SCENE)
    ids = [s.id for s in scenes]
    if wanted not in ids:
        return
    index = ids.index(wanted)
    scene = scenes[index]
    if st.session_state.get("_scene") != scene.id:
        # arrived by a link: the scene's parameters win over earlier selections
        for name in routes.BY_ID[scene.page].params:
            st.session_state.pop(name, None)
        st.session_state["_scene"] = scene.id
    with st.container(border=True):
        st.markdown(f"**Scene {index + 1} of {len(scenes)}: {scene.title}**")
        st.markdown(f"*{scene.prompt}*")
        back, forward = st.columns(2)
        if back.button(
            "Previous",
            icon=":material/arrow_back:",
            disabled=index == 0,
            key="scene_previous",
            width="stretch",
        ):
            open_scene(scenes[index - 1], pages)
        if forward.button(
            "Next",
            icon=":material/arrow_forward:",
            disabled=index == len(scenes) - 1,
            key="scene_next",
            width="stretch",
        ):
            open_scene(scenes[index + 1], pages)
