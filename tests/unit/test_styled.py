"""Styled copies of shared figures (screens.py): made once per figure and screen, shared after,
never confused with another figure's."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from components.screens import Styled
from tests.charts import all_charts
from tests.conftest import SHIPPED

pytestmark = pytest.mark.unit


def test_a_styled_copy_is_made_once_and_shared():
    chart = all_charts(SHIPPED)[0]
    styled = Styled()
    phone = styled.get(chart.figure, ("narrow",))
    assert phone is not chart.figure
    assert styled.get(chart.figure, ("narrow",)) is phone  # the second session: the same copy
    dark_phone = styled.get(chart.figure, ("narrow", "dark"))
    assert dark_phone is not phone and dark_phone.layout.paper_bgcolor == "#0e1117"
    assert styled.get(chart.figure, ()) is chart.figure  # a desktop in light: the view itself
    assert phone.layout.height != chart.figure.layout.height  # it is the narrow layout


def test_the_copies_are_bounded_and_a_new_figure_never_gets_an_old_ones_copy():
    styled = Styled(size=2)
    figures = [go.Figure(go.Bar(x=[i], y=["a"]), layout_title_text=f"t{i}") for i in range(3)]
    for fig in figures:
        styled.get(fig, ("dark",))
    assert len(styled) == 2
    # a figure made where a dropped one lived may take its id: the entry knows its figure
    fresh = go.Figure(go.Bar(x=[9], y=["b"]), layout_title_text="fresh")
    gone = go.Figure(layout_title_text="gone")
    styled._held[(id(fresh), ("dark",))] = (gone, go.Figure(layout_title_text="gone, dark"))
    assert styled.get(fresh, ("dark",)).layout.title.text == "fresh"
