"""Transforms and views behind the pages: lean rules, filters, stepping, finding titles."""

from __future__ import annotations

import pandas as pd
import pytest

from components.core import routes
from components.core.tables import (
    ALOOF,
    HEDGE,
    UNCODED,
    classify,
    comparison_frame,
    events_frame,
    filter_events,
    ratings_frame,
    search_values,
    step,
)
from components.core.view_state import ComparisonState, OverviewState, StrategyState, TimelineState
from components.dataset.load import load_dataset
from components.export import stamp
from components.figures import views
from tests.conftest import SHIPPED

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def ds():
    return load_dataset(SHIPPED)


@pytest.mark.parametrize(
    ("a", "b", "lean"),
    [
        (3, -2, "k"),
        (1, 0, "k"),
        (3, 1, "k"),  # both have ties, but Kabul's are 2 stronger
        (2, 1, HEDGE),
        (1, 1, HEDGE),
        (-1, 2, "t"),
        (None, 2, UNCODED),  # a side not coded is never a 0: no lean to tell
        (3, None, UNCODED),
        (0, 0, ALOOF),
        (-2, -2, ALOOF),
        (None, None, UNCODED),
    ],
)
def test_classify_follows_the_stated_rules(a, b, lean):
    assert classify(a, b, "k", "t") == lean


def test_comparison_frame_sorts_by_gap_and_drops_uncoded(ds):
    frame = comparison_frame(ds, ratings_frame(ds), 2016, "economic")
    known = frame["gap"].dropna()
    assert list(known) == sorted(known, reverse=True)
    # a gap needs both sides coded; rows with one side not coded come last
    assert frame["gap"].isna().tolist() == sorted(frame["gap"].isna().tolist())
    both = frame[["kabul", "taliban"]].notna().all(axis=1)
    assert (frame["gap"].notna() == both).all()
    assert frame[["kabul", "taliban"]].notna().any(axis=1).all()
    assert "United States" in set(frame["name"]) and "Qatar" not in set(frame["name"])


def test_a_side_not_coded_is_no_gap_and_no_lean(ds):
    frame = comparison_frame(ds, ratings_frame(ds), 2016, "overall").set_index("third_party")
    # Qatar hosts the Taliban's office, and the article says nothing of Kabul and Qatar: that is
    # not a Taliban lead (which would count Kabul's silence as 0), but "one side not coded"
    assert pd.isna(frame.loc["qatar", "gap"]) and frame.loc["qatar", "lean"] == UNCODED
    assert pd.isna(frame.loc["hezb-e-islami", "gap"])
    assert frame.loc["hezb-e-islami", "lean"] == UNCODED


def test_filter_events_by_each_filter(ds):
    events = events_frame(ds)
    assert list(events["start"]) == sorted(events["start"])
    china = filter_events(events, third_parties=["china"])
    assert all("china" in tps for tps in china["third_parties"])
    tier3 = filter_events(events, tiers=["tier-3"])
    assert set(tier3["id"]) == {"hezb-e-islami-deal", "oic-jeddah-postponed"}
    window = filter_events(events, start=pd.Timestamp("2016-06-01"), end=pd.Timestamp("2016-08-31"))
    # a year-precision event overlaps any window inside its year
    assert {"white-house-better-partner", "warsaw-conference"} <= set(window["id"])
    assert "moscow-trilateral" not in set(window["id"])
    both = filter_events(events, actors=["taliban"], categories=["violence"])
    assert set(both["category"]) == {"violence"}


def test_step_is_clamped_and_recovers_from_unknown_ids():
    ids = ["a", "b", "c"]
    assert step(ids, "b", 1) == "c" and step(ids, "c", 1) == "c"
    assert step(ids, "a", -1) == "a" and step(ids, "zzz", 1) == "a"
    assert step([], "a", 1) is None


def test_search_values_matches_quotes_and_names(ds):
    ratings = ratings_frame(ds)
    found = search_values(ratings, "TAPI")
    assert len(found) > 0 and found["value"].notna().all()
    assert search_values(ratings, "no such words here").empty
    assert len(search_values(ratings, "")) == int(ratings["value"].notna().sum())


def test_overview_title_states_the_counts(ds):
    view = views.overview(ds, OverviewState.default(ds))
    counts = view.counts
    assert view.lead.figure.layout.title.text == (
        f"2016: {counts['kabul']} third parties lean to Kabul, {counts['taliban']} to the "
        f"Taliban; {counts[HEDGE]} have ties with both ({counts[UNCODED]} with one side not coded)"
    )
    assert sum(counts.values()) == len(view.lead.table)
    assert view.findings
    assert "as of 2016" in view.lead.caption and "Khalil" in view.lead.caption


@pytest.mark.parametrize("year", [2014, 2015, 2016])
def test_each_year_shows_the_findings_that_hold_for_it(ds, year):
    shown = views.overview(ds, OverviewState.default(ds).replace(year=year)).findings
    assert 3 <= len(shown) <= 8
    assert [f.id for f in shown] == [
        f.id for f in ds.meta.findings if f.span[0] <= year <= f.span[1]
    ]


def test_comparison_views_have_titles_captions_and_tables(ds):
    charts = views.comparison(
        ds, ComparisonState.default(ds).replace(year=2015, dimension="diplomatic")
    )
    assert [c.key for c in charts] == [
        "strength-by-side",
        "hedging",
        "regional-map",
        "change-over-time",
    ]
    for chart in charts:
        assert chart.figure.layout.title.text and chart.heading
        assert "Source:" in chart.caption and not chart.table.empty
    assert charts[0].figure.layout.title.text.startswith("Diplomatic ties, 2015")
    assert [c.as_of for c in charts] == ["2015", "2015", "2015", "2014-2016"]


def test_profile_keeps_spans_and_marks_uncoded_dimensions(ds):
    profile = views.profile(ds, "qatar")
    values = profile.values
    kabul = values[values["Side"] == "Kabul"]
    assert set(kabul["Value"]) == {"not coded"}
    taliban_overall = values[(values["Side"] == "Taliban") & (values["Dimension"] == "Overall")]
    assert list(taliban_overall["Years"]) == ["2014-2016"]
    assert "political office in Qatar" in taliban_overall["Evidence"].iloc[0]
    assert list(profile.events["id"]) == ["doha-office-opens"]


def test_strategy_filter_and_title(ds):
    view = views.strategy(ds, StrategyState(("stalled",)))
    cards = [card for tier in view.tiers for _, goal_cards in tier.goals for card in goal_cards]
    stalled = [
        a for t in ds.strategy.tiers for g in t.goals for a in g.actions
        if a.outcome.status == "stalled"
    ]  # fmt: skip
    assert cards and [c.title for c in cards] == [a.title for a in stalled]
    assert {c.status for c in cards} == {"stalled"}
    actions = [a for t in ds.strategy.tiers for g in t.goals for a in g.actions]
    achieved = sum(a.outcome.status == "achieved" for a in actions)
    assert view.chart.figure.layout.title.text.startswith(
        f"{achieved} of {len(actions)} actions achieved"
    )
    assert [t.number for t in view.tiers] == [t.number for t in ds.strategy.tiers]
    assert sum(len(t.moves) for t in view.tiers) == len(ds.strategy.counter_moves)


def test_strategy_cards_group_by_goal_and_keep_evidence(ds):
    view = views.strategy(ds, StrategyState(()))
    for tier, model in zip(view.tiers, ds.strategy.tiers, strict=True):
        assert [g for g, _ in tier.goals] == [g.title for g in model.goals]
        for (_, cards), goal in zip(tier.goals, model.goals, strict=True):
            for card, action in zip(cards, goal.actions, strict=True):
                assert card.quote == action.outcome.quote
                assert [e for e, _ in card.events] == action.events
        moves = [m for m in ds.strategy.counter_moves if m.tier == model.id]
        assert [c.quote for c in tier.moves] == [m.quote for m in moves]
    # a goal with no action of the chosen outcome is left out, not shown empty
    none = views.strategy(ds, StrategyState(("reversed",)))
    assert all(
        all(c.status == "reversed" for _, cards in t.goals for c in cards) for t in none.tiers
    )
    assert any(not t.goals for t in none.tiers)


def test_when_says_why_an_item_has_no_date(ds):
    action = ds.strategy.tiers[0].goals[0].actions[0]
    undated = action.model_copy(update={"date": None, "precision": None, "date_note": "not given"})
    assert views.when(undated) == "undated (not given)"
    dated = action.model_copy(update={"date": "2015-04", "precision": "month"})
    assert views.when(dated) == "April 2015"


def test_values_table_names_sides_and_dimensions(ds):
    ratings = ratings_frame(ds)
    table = views.values_table(ds, ratings, "TAPI")
    assert len(table) == len(search_values(ratings, "TAPI")) > 0
    assert list(table.columns)[:3] == ["Third party", "Actor", "Year"]
    assert set(table["Actor"]) <= {a.short_name for a in ds.meta.actors}
    assert set(table["Evidence"]) <= {"quote", "inferred"}
    assert "economic" not in set(table["Dimension"])  # names, not ids


def test_timeline_title_and_lanes_follow_filters(ds):
    state = TimelineState.from_params(ds, {"tps": "india"})
    chart, events = views.timeline(ds, state)
    assert chart.figure.layout.title.text.endswith(f"(filtered from {len(ds.events)})")
    assert list(chart.figure.layout.yaxis.ticktext)[:2] == ["Kabul", "Taliban"]
    assert "India" in chart.figure.layout.yaxis.ticktext
    assert all("india" in tps for tps in events["third_parties"])


def test_styling_a_copy_leaves_the_shared_figure_as_it_was(ds):
    """Views are shared by every session; projector styling and export stamping copy them."""

    from components.figures.theme import projector_figure

    for view in views.comparison(ds, ComparisonState.default(ds)):
        before = view.figure.to_json()
        projector_figure(view.figure)
        stamp.stamped(stamp.Item("comparison", view, "http://x/"), "Source")
        assert view.figure.to_json() == before, view.key


def test_every_default_chart_has_a_text_alternative_with_its_finding():
    from components.core.routes import ROUTES
    from components.figures.views import alt_text

    ds = load_dataset(SHIPPED)
    seen = 0
    for route in ROUTES:
        for view in views.page_charts(route.state.default(ds), ds):
            alt = alt_text(view)
            title = view.figure.layout.title.text
            assert alt.startswith("Chart.") and "<" not in alt and "&amp;" not in alt, alt
            assert view.caption.strip() in alt and "Numbers behind this chart" in alt
            # the finding is said as text: the title's words, without Plotly's tags
            assert title.split("<br>")[0].replace("<b>", "").replace("</b>", "")[:20] in alt
            seen += 1
    assert seen >= 8


def test_unplot_reads_a_label_as_written():
    from components.core.escape import plot, unplot

    assert unplot("<b>China</b><br>+1") == "China +1"
    assert unplot(plot("<b>Hostile</b> & co")) == "<b>Hostile</b> & co"


def test_every_page_with_charts_has_a_chart_builder_and_every_builder_a_page():
    """The route table says which pages draw charts; views.PAGE_CHARTS says how, by the state
    class the route row names: neither may name a page the other does not."""
    assert {r.state for r in routes.ROUTES if r.exportable} == set(views.PAGE_CHARTS)
    ds = load_dataset(SHIPPED)
    for route in routes.ROUTES:
        charts = views.page_charts(route.state.default(ds), ds)
        assert bool(charts) == route.exportable, route.id


def test_the_charts_a_route_names_are_the_charts_its_view_builds_in_that_order():
    """A scene's `chart` is checked against the route's `charts` when the scenes load; the wall
    builds it from views.view_charts: the two lists must be one (and the first the default)."""
    ds = load_dataset(SHIPPED)
    for route in routes.ROUTES:
        keys = tuple(chart.key for chart in views.view_charts(route.state.default(ds), ds))
        assert keys == route.charts, route.id
        for key in route.charts:
            assert views.view_chart(route.state.default(ds), ds, key).key == key
    with pytest.raises(KeyError, match="no chart 'pie'"):
        views.view_chart(routes.BY_ID["overview"].state.default(ds), ds, "pie")
