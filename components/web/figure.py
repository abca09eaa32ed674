"""A chart's figure as this screen gets it: each screen's styled copy of a shared chart (narrow,
projector, dark), made once and sent as a Sent figure (its dict made once); and the figure
alone, for an embed."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from components.figures.styled import Styled
from components.figures.theme import PLOTLY_CONFIG
from components.figures.views import ChartView
from components.web import streamlit_compat
from components.web.presentation import dark, narrow

STYLED = Styled(finish=streamlit_compat.Sent)


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
    """A figure drawn as built (dark screens get its dark copy), no toolbar and no menus: for a
    figure laid out to read on any width, such as the method page's confusion matrices."""
    styles: tuple[str, ...] = ("dark",) if dark() else ()
    st.plotly_chart(
        STYLED.get(fig, styles), theme=None, key=key, width="stretch", alt=alt,
        config={**PLOTLY_CONFIG, "displayModeBar": False},
    )  # fmt: skip
