"""The join screen: scene 0 of a seminar, on the wall while the room comes in. The address to
follow as a large QR code (made here, offline) and in short, and how many screens have joined,
counted live over every process. A phone that joins lands on what the presenter shows.
"""

from __future__ import annotations

import streamlit as st

from components.core import shared_state, url_params
from components.core.escape import markup
from components.dataset.models import Dataset
from components.figures.qr import qr_svg
from components.web import address, cached, frame, presentation, show
from components.web.address import Page
from components.web.seminar import STEPPED, WALL, shared

COUNT_EVERY = 2.0  # seconds between looks at how many have joined (this one screen only)
JOIN_CSS = """<style>
header[data-testid="stHeader"] { display: none; }
[data-testid="stMainBlockContainer"] { padding: 1.2rem 2.2rem 0.4rem 2.2rem !important;
  max-width: none !important; }
.st-key-join_address p { font-size: 2.1rem; font-weight: 700; overflow-wrap: anywhere;
  line-height: 1.25; }
.st-key-join_count p { font-size: 1.5rem; }
.st-key-join_qr img { width: 100% !important; height: auto; max-height: calc(100vh - 3rem);
  object-fit: contain; object-position: right center; }
$hidden { display: none !important; }
</style>"""
KEYS = {"join_next": "right", "join_page_down": "pagedown", "join_space": "space"}


def follow_address() -> str:
    """What a student opens to follow the presenter."""
    return f"{address.base_url()}/?{url_params.FOLLOW}=1"


def draw(ds: Dataset, page: Page) -> None:
    if st.query_params.get(url_params.FOLLOW):
        # a screen that has joined is not asked to join again
        show.title(ds.meta.title, anchor=False)
        show.success("You have joined. This screen shows each scene as the presenter opens it.",
                     icon=":material/check_circle:")  # fmt: skip
        return
    link = follow_address()
    hidden = ", ".join(f".st-key-{key}" for key in KEYS)
    st.html(JOIN_CSS.replace("$hidden", hidden))
    words, code = st.columns([1, 1], vertical_alignment="center", gap="large")
    with words:
        show.title(ds.meta.title, anchor=False)
        show.markdown("Follow the seminar on your phone or laptop: scan the code, or open")
        with st.container(key="join_address"):
            show.markdown(link.split("://", 1)[-1])
        with st.container(key="join_count"):
            _count()
    with code, st.container(key="join_qr"):
        # on a dark page too the code is black on white, with its quiet zone: what a phone's
        # camera reads best from the back of a room
        st.image(qr_svg(link), width="stretch", alt=f"QR code of the address {link}")
    _keys(page)


@st.fragment(run_every=COUNT_EVERY)
def _count() -> None:
    store = shared()
    if store is None:
        show.markdown("Following is off: the shared state cannot be reached.")
        return
    try:
        joined = shared_state.followers(store)
    except shared_state.StateError:
        show.markdown("Counting the screens that joined: the shared state did not answer.")
        return
    show.markdown(
        markup("**{}** {} joined", joined, "screen has" if joined == 1 else "screens have")
    )


def _keys(page: Page) -> None:
    """The keys that start the presentation: the first scene on the wall."""

    scenes, problems = cached.scenes(page.data)
    if problems or not scenes:
        return
    for key, shortcut in KEYS.items():
        if show.button(shortcut, key=key, shortcut=shortcut):
            st.session_state[STEPPED] = True
            params = presentation.keep_presentation({url_params.SCENE: scenes[0].id})
            st.switch_page(frame.page_object(WALL), query_params=params)
