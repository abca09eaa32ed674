"""Evidence at a click: value ids in the address, everything the dataset says for one value, a
citation, a link into the source at the quote, and every chart's points carrying their ids and
a tooltip with the scale's label and the quote's first words."""

from __future__ import annotations

import pandas as pd
import pytest

from components.core import cite
from components.core.view_state import ComparisonState, OverviewState, StrategyState
from components.dataset.load import load_dataset
from components.figures import views
from tests.conftest import SHIPPED

pytestmark = pytest.mark.unit

DS = load_dataset(SHIPPED)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("russia.taliban.overall.2016", cite.ValueId("russia", "overall", 2016, "taliban")),
        ("russia.economic.2014", cite.ValueId("russia", "economic", 2014)),
        ("russia.taliban.overall.2031", None),
        ("atlantis.overall.2016", None),
        ("russia.rome.overall.2016", None),
        ("russia.overall", None),
        ("", None),
        ("russia.taliban.overall.2016.extra", None),
    ],
)
def test_value_ids_are_read_only_when_the_dataset_has_them(text, expected):
    assert cite.parse(DS, text) == expected
    if expected:
        assert str(expected) == text


def test_the_evidence_of_a_value_is_what_the_dataset_says():
    ev = cite.evidence(DS, cite.parse(DS, "russia.taliban.overall.2016"))
    [side] = ev.sides
    assert (side.value, side.label) == (1, "Contact")
    assert "Russian officials" in side.rating.quote and not side.rating.inferred
    assert ("moscow-trilateral", "December 2016", "Russia-China-Pakistan trilateral in Moscow") in (
        ev.events
    )
    both = cite.evidence(DS, cite.parse(DS, "qatar.overall.2016"))
    assert [(s.side, s.value, s.label) for s in both.sides] == [
        ("kabul", None, "not coded"),
        ("taliban", 1, "Contact"),
    ]


def test_a_citation_carries_version_value_quote_source_and_address():
    ev = cite.evidence(DS, cite.parse(DS, "russia.taliban.overall.2016"))
    text = cite.citation(DS, ev, "http://demo/?value=russia.taliban.overall.2016")
    assert text.startswith(f"{DS.meta.title}, dataset v{DS.meta.version}: Russia, overall, 2016:")
    assert 'Taliban +1 Contact, quoting "Taliban representatives' in text
    assert 'officials." Source: Ahmad Bilal Khalil' in text
    assert text.endswith("http://demo/?value=russia.taliban.overall.2016")


def test_the_article_link_lands_on_the_quote():
    quote = "Beijing, like Turkmenistan, has also a neutral policy toward Afghanistan but with more"
    link = cite.article_link(DS, quote)
    assert link.startswith(DS.meta.sources[0].address.split("#")[0] + "#:~:text=")
    start, end = link.split("#:~:text=")[1].split(",")
    assert start == "Beijing%2C%20like%20Turkmenistan%2C%20has%20also"
    assert end == "toward%20Afghanistan%20but%20with%20more"
    assert cite.article_link(DS, "Sino-Afghan ties") == (
        DS.meta.sources[0].address + "#:~:text=Sino%2DAfghan%20ties"
    )
    assert cite.article_link(DS, None) is None


def test_every_chart_point_carries_its_value_id_and_a_quoting_tooltip():
    state = ComparisonState(2016, "overall", "usa", "all", "low")
    butterfly, hedging, gap_map, change = views.comparison(DS, state)
    for fig, want in ((butterfly.figure, 4), (hedging.figure, 3)):
        points = [t for t in fig.data if t.legend != "legend2"]  # the shape key draws none
        assert points and all(t.customdata is not None for t in points)
        for trace in points:
            for data in trace.customdata:
                parsed = cite.parse(DS, data[-1])
                assert parsed is not None and parsed.year == 2016, data
                assert len(str(parsed).split(".")) == want, data
    usa = next(
        data
        for trace in hedging.figure.data
        for data in trace.customdata or ()
        if data[-1] == "usa.overall.2016"
    )
    assert "Kabul: +3 close partnership" in usa[0] and "\u201cThe National Unity" in usa[0]
    clickable = [t for t in gap_map.figure.data if t.customdata is not None]
    ids = {d[-1] for t in clickable for d in t.customdata}
    assert "russia.overall.2016" in ids and "china.overall.2016" in ids
    ends = {d[0] for t in change.figure.data if t.customdata is not None for d in t.customdata}
    assert "russia.kabul.overall.2016" in ends and "russia.kabul.overall.2014" in ends
    lead = views.overview(DS, OverviewState.default(DS)).lead
    assert {d[-1] for t in lead.figure.data for d in t.customdata} == {v for v, _ in lead.values}


def test_the_open_value_and_the_linked_action_leave_the_charts_cached_as_they_are():
    assert OverviewState(2016, "all", "low", "russia.overall.2016").for_charts() == (
        OverviewState(2016, "all", "low", None)
    )
    state = StrategyState.from_params(DS, {"action": "sign-bsa"})
    assert state.action == "sign-bsa" and state.for_charts().action is None
    assert StrategyState.from_params(DS, {"action": "nope"}).action is None
    assert OverviewState.from_params(DS, {"value": "nope.overall.2016"}).value is None


# ---------------------------------------------------------------- trend, network, the source


def test_the_trend_marks_the_third_partys_events_and_each_years_value():
    from components.figures.charts import network_positions  # noqa: F401

    view = views.trend(DS, ComparisonState(2016, "overall", "russia", "all", "low"))
    lines = [t for t in view.figure.data if t.mode == "lines+markers"]
    assert [list(t.y) for t in lines] == [[1.0, 1.0, -1.0], [1.0, 1.0, 1.0]]
    assert [t.customdata[-1][-1] for t in lines] == [
        "russia.kabul.overall.2016",
        "russia.taliban.overall.2016",
    ]
    [events] = [t for t in view.figure.data if t.name == "Events"]
    ids = [c[-1] for c in events.customdata]
    assert ids == [f"event:{e.id}" for e in DS.events if "russia" in e.third_parties] or sorted(
        ids
    ) == sorted(f"event:{e.id}" for e in DS.events if "russia" in e.third_parties)
    assert all(len(label.split()) <= 4 for label in events.text)
    assert view.figure.layout.title.text.startswith("Russia, overall, 2014-2016:")
    # a label near the plot's right end runs leftwards, so it is not cut at the edge
    lo, hi = (pd.Timestamp(x) for x in view.figure.layout.xaxis.range)
    for x, side in zip(events.x, events.textposition, strict=True):
        share = (pd.Timestamp(x) - lo) / (hi - lo)
        assert side == (
            "top left" if share > 0.85 else "top right" if share < 0.15 else "top center"
        )
    assert "top left" in events.textposition  # the Moscow meeting of late December 2016


def test_the_network_places_third_parties_between_the_poles_by_their_ties():
    from components.core.tables import comparison_frame, ratings_frame
    from components.figures.charts import network_positions

    frame = comparison_frame(DS, ratings_frame(DS), 2016, "overall")
    placed = network_positions(frame, "kabul", "taliban", views.scale_values(DS)).set_index(
        "third_party"
    )
    assert placed.at["usa", "x"] < placed.at["china", "x"] < placed.at["russia", "x"]
    assert abs(placed.at["turkmenistan", "x"]) < 0.2  # equal ties: halfway
    assert placed.at["qatar", "row"] == "uncoded" and placed.at["qatar", "x"] > 0
    assert (
        placed.loc[placed["row"] == "uncoded", "y"].max()
        < placed["y"][placed["row"] == "coded"].min()
    )
    # no two names on one row within reach of each other
    coded = placed[placed["row"] == "coded"].sort_values("x")
    for y, row in coded.groupby("y"):
        xs = sorted(row["x"])
        assert all(b - a > 0.29 for a, b in zip(xs, xs[1:], strict=False)), y
    view = views.network(DS, ComparisonState(2016, "overall", "usa", "all", "low"))
    edges = [t for t in view.figure.data if t.mode == "lines"]
    widths = sorted({t.line.width for t in edges})
    assert widths[0] < widths[-1] and any(t.line.dash == "dot" for t in edges)


def test_the_source_is_shown_with_every_quote_located_and_its_coverage():
    from components.analysis.source_article import annotate, coverage
    from tests.conftest import FIXTURES

    other = load_dataset(FIXTURES / "other")
    text = (FIXTURES / "sources" / "the-disc-wars.txt").read_text(encoding="utf-8")
    paragraphs = annotate(other, text)
    coded, counted = coverage(paragraphs)
    assert (coded, counted) == (5, 7)
    silent = [p.text[:20] for p in paragraphs if p.counted and not p.codings]
    assert silent == ["A fictional review, ", "Nobody here quotes t"]
    market = next(p for p in paragraphs if p.text.startswith("MegaMart stocked"))
    marked = [market.text[a:b] for a, b in market.spans]
    assert "MegaMart stocked the Red disc" in marked
    assert "when the largest retailer cleared its shelves" in marked
    kinds = {c.kind for c in market.codings}
    assert {"value", "event", "finding"} <= kinds
