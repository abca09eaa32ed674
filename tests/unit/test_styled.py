"""Styled copies of shared figures (figures/styled.py): made once per figure and screen, shared
after, never confused with another figure's."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from components.figures.styled import Styled
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
    plain = styled.get(chart.figure, ())  # a desktop in light: the view as it is, made once
    assert plain is not chart.figure and styled.get(chart.figure, ()) is plain
    assert json.loads(plain.to_json()) == json.loads(chart.figure.to_json())
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


def test_what_streamlit_is_given_is_serialised_once_and_says_what_the_view_says():
    """st.plotly_chart calls to_dict() on every run: a Sent figure makes its dict once, equal
    to the view's (less trace uids, which plotly.io.to_json drops anyway), and leaves the shared
    view's own JSON as it was (the chart's identity for every session)."""
    import plotly.io as pio

    from components.figures.styled import STYLES
    from components.web.streamlit_compat import Sent

    figures = [chart.figure for chart in all_charts(SHIPPED)]
    # and each screen's copy (a phone's, a wall's, the dark theme's), as Styled makes them
    figures += [STYLES[style](figure) for style in STYLES for figure in list(figures)]
    for figure in figures:
        before = pio.to_json(figure, validate=False)
        sent = Sent(figure)
        assert pio.to_json(figure, validate=False) == before
        assert sent.to_dict() is sent.to_dict()
        assert json.loads(pio.to_json(sent.to_dict(), validate=False)) == json.loads(before)
        # Streamlit's own path, twice: the same spec each time (the chart keeps its identity)
        from plotly.tools import return_figure_from_figure_or_data

        specs = {
            pio.to_json(return_figure_from_figure_or_data(sent, True), validate=False)
            for _ in range(2)
        }
        assert len(specs) == 1
        # the same spec, byte for byte, as the figure itself gives (so the chart's element id is
        # kept), and the dict holds JSON values only: no dates or arrays to convert on each run
        (spec,) = specs
        assert spec == pio.to_json(go.Figure(figure.to_dict()), validate=False)
        assert _json_only(sent.to_dict())
    with_uid = go.Figure(go.Bar(x=[1], y=["a"], uid="u1"))
    assert "uid" not in Sent(with_uid).to_dict()["data"][0]


def _json_only(value: object) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _json_only(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_json_only(v) for v in value)
    return value is None or type(value) in (str, int, float, bool)


def test_a_copy_of_a_sent_figure_leaves_the_shared_dict_alone():
    """plotly's own __reduce__ writes into the dict it pickles: for a Sent figure that dict is
    every session's chart."""
    import copy
    import pickle

    from components.web.streamlit_compat import Sent

    chart = all_charts(SHIPPED)[2]
    sent = Sent(chart.figure)
    before = json.dumps(sent.to_dict(), sort_keys=True, default=str)
    copied = copy.deepcopy(sent)
    pickled = pickle.loads(pickle.dumps(sent))
    assert json.dumps(sent.to_dict(), sort_keys=True, default=str) == before
    for other in (copied, pickled):
        assert other.to_dict() is not sent.to_dict()
        assert json.loads(other.to_json()) == json.loads(sent.to_json())
