"""A chart's figure as this screen gets it: each screen's styled copy of a shared chart (narrow,
projector, dark), made once and sent as a Sent figure (its dict made once); and the figure
alone, for an embed."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from components.figures.styled import Styled
from components.figures.theme import PLOTLY_CONFIG
from components.figures.views import ChartView
from components.web import streamlit_compat
from components.web.presentation import dark, narrow, projector

STYLED = Styled(finish=streamlit_compat.Sent)
PROJECTOR_FRAME = "pj_"  # key prefix of the frame a chart fills in projector mode


def figure_only(view: ChartView, *, key: str) -> None:
    """The chart alone, styled for this screen, with no toolbar and no menus (an embed)."""
    styles: tuple[str, ...] = ("narrow",) if narrow() else ()
    if dark():
        styles += ("dark",)
    st.plotly_chart(
        STYLED.get(view.figure, styles), theme=None, key=key, width="stretch", alt=view.alt,
        config={**PLOTLY_CONFIG, "displayModeBar": False},
    )  # fmt: skip


def plain(fig: go.Figure, *, key: str, alt: str) -> None:
    """A figure with no toolbar and no menus, laid out to read on any width (the method page's
    confusion matrices): as built on a laptop or a phone, filling the screen's height in
    projector mode as every chart does there, and its dark copy on a dark screen."""
    styles: tuple[str, ...] = ()
    kwargs: dict = {}
    frame: Any = nullcontext()
    if projector() and not narrow():
        styles = ("projector",)
        frame = st.container(key=f"{PROJECTOR_FRAME}{key}")
        kwargs["height"] = "stretch"
    if dark():
        styles += ("dark",)
    with frame:
        st.plotly_chart(
            STYLED.get(fig, styles), theme=None, key=key, width="stretch", alt=alt,
            config={**PLOTLY_CONFIG, "displayModeBar": False}, **kwargs,
        )  # fmt: skip
