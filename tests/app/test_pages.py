"""Every page as Streamlit runs it (AppTest): it draws, its widgets change what is shown, the URL
reproduces a view, bad URL values fall back quietly, and a broken dataset shows its errors."""

from __future__ import annotations

import html
import json

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from components.core import url_params
from components.core.escape import md
from components.core.routes import ROUTES
from components.dataset.load import load_dataset
from components.export import renderer
from tests.conftest import FIXTURES, ROOT, SHIPPED, replace_in
from tests.opened import open_everything

pytestmark = pytest.mark.app
DS = load_dataset(SHIPPED)
ACTIONS = [a for t in DS.strategy.tiers for g in t.goals for a in g.actions]

PAGE = {route.id: route.script for route in ROUTES}  # a page's script, by its id
EVERY_PAGE = list(PAGE.values())


def open_page(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    if page != EVERY_PAGE[0]:  # AppTest starts on the default page
        at.switch_page(page)
        for name, value in params.items():
            at.query_params[name] = value
        at.run()
    return at


def chart_titles(at: AppTest) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def markdown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.mark.parametrize("page", EVERY_PAGE)
def test_every_page_runs(page):
    at = open_page(page)
    assert not at.exception, at.exception
    assert not at.error
    assert at.title, "every page has a title"


@pytest.mark.parametrize("page", EVERY_PAGE)
def test_every_page_shows_the_errors_of_a_broken_dataset(page, monkeypatch, shipped_copy):
    replace_in(shipped_copy / "events.yaml", "    precision: day\n", "    precision: hourly\n")
    monkeypatch.setenv("TUGOFWAR_DATA", str(shipped_copy))
    at = open_page(page)
    assert not at.exception
    assert "cannot be shown" in at.error[0].value, [e.value for e in at.error]
    assert "events.yaml:" in at.code[0].value and "events[0].precision" in at.code[0].value
    assert not at.get("plotly_chart")


# ---------------------------------------------------------------- overview


def test_overview_year_changes_counts_and_chart():
    at = open_page(PAGE["overview"])
    assert chart_titles(at)[0].startswith("2016:")
    before = {m.label: m.value for m in at.metric}
    at.radio(key=url_params.YEAR).set_value("2014").run()
    assert chart_titles(at)[0].startswith("2014:")
    after = {m.label: m.value for m in at.metric}
    assert before != after
    assert at.query_params[url_params.YEAR] == "2014"


def test_overview_year_from_the_url_and_bad_values_fall_back():
    assert chart_titles(open_page(PAGE["overview"], year="2015"))[0].startswith("2015:")
    at = open_page(PAGE["overview"], year="1999")
    assert not at.exception and chart_titles(at)[0].startswith("2016:")


def test_overview_findings_come_with_their_quotes():
    at = open_page(PAGE["overview"], year="2016")
    text = markdown_text(at)
    assert "Russia turns toward the Taliban" in text
    assert "the Russians and the Taliban are becoming closer to each other than ever" in text


# ---------------------------------------------------------------- comparison


def test_comparison_dimension_and_year_change_the_charts():
    at = open_page(PAGE["comparison"])
    titles = chart_titles(at)
    # the page's four charts, then the profile's third party over the years
    assert len(titles) == 5 and titles[0].startswith("Overall ties, 2016")
    assert titles[4].startswith("United States, overall, 2014-2016")
    at.selectbox(key=url_params.DIMENSION).set_value("security").run()
    assert chart_titles(at)[0].startswith("Security and military ties, 2016")
    at.radio(key=url_params.YEAR).set_value("2014").run()
    assert chart_titles(at)[0].startswith("Security and military ties, 2014")
    assert at.query_params[url_params.DIMENSION] == "security"


def test_comparison_view_from_the_url():
    at = open_page(PAGE["comparison"], year="2015", dim="economic", tp="turkmenistan")
    assert chart_titles(at)[0].startswith("Economic ties, 2015")
    assert "**Turkmenistan**" in markdown_text(at)
    [table] = [m.value for m in at.markdown if m.value.startswith("| Side | Dimension | Years |")]
    assert "Evidence" in table.splitlines()[0] and "TAPI" in table


def test_comparison_profile_follows_the_selected_third_party():
    at = open_page(PAGE["comparison"])
    at.selectbox(key=url_params.THIRD_PARTY).set_value("russia").run()
    assert "**Russia**" in markdown_text(at)
    assert at.query_params[url_params.THIRD_PARTY] == "russia"


def test_comparison_unknown_values_fall_back_to_defaults():
    at = open_page(PAGE["comparison"], dim="astrology", tp="atlantis", year="abc")
    assert not at.exception
    assert chart_titles(at)[0].startswith("Overall ties, 2016")
    assert "**United States**" in markdown_text(at)


# ---------------------------------------------------------------- strategy


def test_strategy_status_filter_limits_the_actions():
    at = open_page(PAGE["strategy"])
    every = markdown_text(at).count("Outcome: **")
    assert every == len(ACTIONS)
    at.multiselect(key=url_params.STATUS).set_value(["partial"]).run()
    shown = markdown_text(at)
    partial = sum(a.outcome.status == "partial" for a in ACTIONS)
    assert shown.count("Outcome: **") == partial < every
    assert shown.count("Outcome: **Partial**") == partial
    assert at.query_params[url_params.STATUS] == "partial"


def test_strategy_filter_from_the_url():
    at = open_page(PAGE["strategy"], status="stalled,bogus")
    assert markdown_text(at).count("Outcome: **Stalled**") == 2
    assert "Outcome: **Achieved**" not in markdown_text(at)


# ---------------------------------------------------------------- timeline


def test_timeline_filter_changes_the_chart():
    at = open_page(PAGE["timeline"])
    assert chart_titles(at)[0].startswith(f"{len(DS.events)} events")
    at.multiselect(key=url_params.THIRD_PARTIES).set_value(["china"]).run()
    china = sum("china" in e.third_parties for e in DS.events)
    assert chart_titles(at)[0] == (
        f"{china} events from October 2014 to December 2016 (filtered from {len(DS.events)})"
    )


def test_timeline_event_from_the_url_and_stepping():
    at = open_page(PAGE["timeline"], event="tapi-signed")
    assert at.subheader[0].value == md("TAPI pipeline signed in Turkmenistan")
    at.button(key=url_params.NEXT).click().run()
    assert at.subheader[0].value == md("Taliban envoy present at the TAPI signing")
    assert at.query_params[url_params.EVENT] == "stanikzai-at-tapi"
    at.button(key=url_params.PREVIOUS).click().run()
    assert at.subheader[0].value == md("TAPI pipeline signed in Turkmenistan")


def test_timeline_steps_only_through_filtered_events():
    at = open_page(PAGE["timeline"], tps="china")
    assert at.subheader[0].value == md("Ghani's first official trip abroad, to China")
    at.button(key=url_params.NEXT).click().run()
    assert at.subheader[0].value == md("China pledges $70 million in security assistance")


def test_timeline_shows_evidence_and_precision():
    at = open_page(PAGE["timeline"], event="brussels-conference")
    text = markdown_text(at)
    assert "(year precision; stated in the article)" in text
    assert "Brussels and Warsaw conferences" in text
    # the article's year is kept, and the note says what the public record has
    assert any("2015" in c.value and md("4-5 October 2016") in c.value for c in at.caption)


def test_timeline_unknown_event_falls_back_to_the_first():
    at = open_page(PAGE["timeline"], event="no-such-event", cat="nonsense")
    assert not at.exception
    assert at.subheader[0].value == md("Taliban political office opens in Doha")


def test_timeline_filters_that_match_nothing_say_so():
    at = open_page(PAGE["timeline"], tps="qatar", cat="violence")
    assert not at.exception
    assert "No events match" in at.info[0].value


# ---------------------------------------------------------------- method


def test_method_search_filters_the_evidence_table():
    at = open_page(PAGE["method"])
    total = len(at.dataframe[-1].value)
    at.text_input(key=url_params.SEARCH).set_value("Turkmen").run()
    found = at.dataframe[-1].value
    assert 0 < len(found) < total
    assert all("turkmen" in " ".join(str(v) for v in row).lower() for row in found.itertuples())


def test_method_shows_the_scales_thresholds_and_the_second_codings_reliability(monkeypatch):
    ds = load_dataset(SHIPPED)
    rel = ds.meta.reliability
    at = open_page(PAGE["method"])
    assert not at.exception
    assert [h.value for h in at.subheader].count("Reliability") == 1
    metrics = {html.unescape(m.label): html.unescape(m.value) for m in at.metric}  # as read
    assert metrics["Alpha, independent"] == f"{rel.alpha_before:.3f}"
    assert metrics["Alpha, adjudicated"] == f"{rel.alpha:.3f}"
    assert metrics["Cells both code"] == str(rel.pairable)
    assert metrics["Disagreements"] == str(rel.disagreements)
    [table] = [d.value for d in at.dataframe if "Coded independently" in d.value.columns]
    assert list(table["Dimension"]) == [
        "Overall",
        "Diplomatic",
        "Security and military",
        "Economic",
    ]
    assert list(table["Coded independently"]) == [
        f"{rel.alpha_by_dimension_before[d]:.3f}"
        for d in ("overall", "diplomatic", "security", "economic")
    ]
    # a heat map per dimension of the confusion matrices, in tabs named by the dimensions
    assert [t.label for t in at.tabs] == list(table["Dimension"])
    assert len(at.get("plotly_chart")) == len(rel.confusion_before) == 4
    [decided] = [e for e in at.expander if e.label.startswith("The adjudicated values")]
    assert f"{rel.kept} kept, {rel.taken} taken from the second coding" in html.unescape(
        decided.label
    )
    rows = decided.dataframe[0].value
    assert len(rows) >= 10 and rows["Decision"].str.contains("second, independent coding").all()
    [levels] = [e for e in at.expander if "What each level needs" in e.label]
    text = html.unescape(" ".join(m.value for m in levels.markdown))
    assert "**+2 Working relations**" in text and "taken into confidence" in text
    # a dataset without a second coding or thresholds shows neither
    monkeypatch.setenv("TUGOFWAR_DATA", str(FIXTURES / "other"))
    other = open_page(PAGE["method"])
    assert "Reliability" not in [h.value for h in other.subheader]
    assert not [e for e in other.expander if "What each level needs" in e.label]


def test_method_offers_the_three_downloads():
    at = open_page(PAGE["method"])
    labels = [b.label for b in at.get("download_button")]
    assert any("YAML" in x for x in labels) and any("CSV" in x for x in labels)
    assert any("JSON" in x for x in labels)


@pytest.mark.parametrize("page", [PAGE["overview"], PAGE["method"]])
def test_downloads_are_handed_over_on_click_not_sent_with_every_run(page):
    """A file given to st.download_button as bytes is stored for the session on every run; as a
    callable it is only called when clicked (the browser tests click them)."""
    buttons = open_everything(open_page(page)).get("download_button")
    assert len(buttons) >= 3
    for button in buttons:
        assert button.proto.deferred_file_id and not button.proto.url, button.proto.label


def test_a_charts_numbers_and_exports_are_written_when_opened_not_on_every_run():
    """A lecture hall's crowd: each chart's table and export buttons are written only for the
    visitor who opens them, not in every other run."""
    at = open_page(PAGE["comparison"])
    charts = len(at.get("plotly_chart"))
    assert charts >= 4
    closed = at.get("download_button")
    chart_exports = ("Slide (16:9 PNG)", "Vector (SVG)", "Data (CSV)")
    assert [b.label for b in closed if b.label in chart_exports] == []
    assert not any(m.value.startswith("| Third party") for m in at.markdown)
    at = open_everything(at)
    labels = [b.label for b in at.get("download_button")]
    assert labels.count("Data (CSV)") == charts
    tables = [m.value for m in at.markdown if m.value.startswith("| ")]
    assert sum(t.startswith("| Third party | Kind | Kabul") for t in tables) >= 2
    # the view is the same with its menus open: same charts, same titles
    assert len(at.get("plotly_chart")) == charts


# ---------------------------------------------------------------- on every page


@pytest.mark.parametrize(
    "route", [r for r in ROUTES if r.in_menu and r.id != "scenes"], ids=lambda r: r.id
)
def test_every_page_offers_a_link_to_its_view(route):
    """Every page of the menu but the list of scenes (each scene has its own link) shows a view
    to link; the seminar's own screens (the wall, the console, the join screen) are not views."""
    at = open_page(route.script, year="2015")
    links = [t.value for t in at.sidebar.text_input if t.label == "Link to this view"]
    assert links and links[0].startswith("http://localhost:8501/")
    if url_params.YEAR in route.state.params():
        assert "year=2015" in links[0]


def test_a_configured_public_address_is_the_one_links_show(monkeypatch):
    """Behind a proxy the request may show an inner address; the configured one wins."""
    monkeypatch.setenv("TUGOFWAR_PUBLIC_URL", "https://seminar.example.org/tow")
    at = open_page(PAGE["comparison"], year="2015")
    [link] = [t.value for t in at.sidebar.text_input if t.label == "Link to this view"]
    assert link.startswith("https://seminar.example.org/tow/comparison?") and "year=2015" in link


def test_projector_mode_from_the_url_enlarges_charts():
    plain = json.loads(open_page(PAGE["overview"]).get("plotly_chart")[0].proto.spec)["layout"]
    at = open_page(PAGE["overview"], mode="projector")
    assert at.toggle(key="projector").value is True
    big = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]
    # larger type, and no fixed height: the chart fills a frame as tall as the screen
    assert big["font"]["size"] > 14 and "height" not in big and plain["height"] > 0
    assert big["autosize"] is True
    # the five lean counts in two rows of three, so their labels are not cut short
    assert sorted(m.label for m in at.metric) == sorted(
        m.label for m in open_page(PAGE["overview"]).metric
    )
    assert len(at.metric) == 5 and len(at.columns) == 6
    at.toggle(key="projector").set_value(False).run()
    assert "mode" not in at.query_params


@pytest.mark.parametrize("page", [PAGE["overview"], PAGE["comparison"]])
def test_projector_styling_does_not_leak_into_other_sessions(page):
    """Views are shared by every session (cached.py); the projector styles a copy."""
    before = [c.proto.spec for c in open_page(page).get("plotly_chart")]
    open_page(page, mode="projector")
    after = [c.proto.spec for c in open_page(page).get("plotly_chart")]
    assert after == before


def test_drawing_every_page_leaves_the_shared_views_as_built(monkeypatch):
    """cached.py hands every session the same view objects; drawing a page must not change
    them (Streamlit reads the tables and figures, the projector and exports work on copies)."""
    from components.core.view_state import (
        ComparisonState,
        MethodState,
        OverviewState,
        StrategyState,
        TimelineState,
    )
    from components.dataset.load import load_dataset
    from components.figures import views
    from components.web import cached

    for page in EVERY_PAGE:
        open_page(page, mode="projector")
        open_page(page)
    ds = load_dataset()
    key = cached.data_key()
    states = {
        "overview": OverviewState.default(ds),
        "comparison": ComparisonState.default(ds),
        "strategy": StrategyState.default(ds),
        "timeline": TimelineState.default(ds),
    }

    with monkeypatch.context() as patched:  # what the pages drew, not a fresh build
        for name in (
            "overview",
            "comparison",
            "profile",
            "strategy",
            "timeline",
            "method_summary",
            "values_table",
        ):
            patched.setattr(views, name, lambda *a, **k: pytest.fail("not the pages' object"))
        shared = {
            "overview": cached.overview(key, states["overview"]),
            "comparison": cached.page_charts(key, states["comparison"]),
            "profile": cached.profile(key, ds.third_parties[0].id),
            "strategy": cached.strategy(key, states["strategy"]),
            "timeline": cached.timeline(key, states["timeline"]),
            "method": cached.method(key),
            "values": cached.values_table(key, MethodState.default(ds).query),
        }

    def same(shared: views.ChartView, fresh: views.ChartView) -> None:
        assert shared.figure.to_json() == fresh.figure.to_json()
        assert shared.table.equals(fresh.table) and shared.caption == fresh.caption

    overview = views.overview(ds, states["overview"])
    same(shared["overview"].lead, overview.lead)
    assert shared["overview"].members == overview.members
    assert shared["overview"].counts == overview.counts
    assert shared["overview"].findings == overview.findings
    fresh = views.comparison(ds, states["comparison"])
    assert len(shared["comparison"]) == len(fresh)
    for mine, theirs in zip(shared["comparison"], fresh, strict=True):
        same(mine, theirs)
    profile = views.profile(ds, ds.third_parties[0].id)
    for part in ("values", "events", "actions", "counter_moves"):
        assert getattr(shared["profile"], part).equals(getattr(profile, part)), part
    strategy = views.strategy(ds, states["strategy"])
    same(shared["strategy"].chart, strategy.chart)
    assert shared["strategy"].tiers == strategy.tiers
    chart, events = views.timeline(ds, states["timeline"])
    assert shared["timeline"][1].equals(events)
    same(shared["timeline"][0], chart)
    summary = views.method_summary(ds)
    assert shared["method"]["coverage"] == summary["coverage"]
    for part in ("ratings", "evidence", "by_dimension", "scale"):
        assert shared["method"][part].equals(summary[part]), part
    assert shared["values"].equals(views.values_table(ds, summary["ratings"], ""))


def test_the_sidebar_offers_the_deck_beside_the_pack(browser, monkeypatch):
    at = open_page(PAGE["overview"])
    labels = [b.label for b in at.sidebar.get("download_button")]
    assert labels[-2:] == ["Briefing pack (ZIP)", "Slide deck (PPTX)"]
    # with no public address, the links the exports stamp open only here: said beside them
    said = " ".join(html.unescape(c.value) for c in at.sidebar.caption)
    assert "opens only on this machine" in said and "TUGOFWAR_PUBLIC_URL" in said
    monkeypatch.setenv("TUGOFWAR_PUBLIC_URL", "https://seminar.example.org/tow")
    at = open_page(PAGE["overview"])
    assert "only on this machine" not in " ".join(c.value for c in at.sidebar.caption)


@pytest.mark.parametrize(
    ("waiting", "said"),
    [
        (0, None),
        (2, "2 exports under way: yours will wait its turn."),
        (6, "a click now will fail"),
    ],
)
def test_exports_under_way_are_announced_beside_the_buttons(browser, monkeypatch, waiting, said):

    monkeypatch.setattr(renderer.RENDERER, "_waiting", waiting)
    at = open_everything(open_page(PAGE["strategy"]))  # the strategy page: one chart, its menu open
    captions = [html.unescape(c.value) for c in [*at.sidebar.caption, *at.main.caption]]
    found = [c for c in captions if "export" in c.lower() and ("way" in c or "busy" in c)]
    if said is None:
        assert found == []
    else:
        assert len(found) == 2 and all(said in c for c in found)  # the sidebar and the chart's menu


def _links(at: AppTest) -> list[tuple[str, str, str]]:
    return [(x.proto.label, x.proto.page, x.proto.query_string) for x in at.get("page_link")]


def _tree(node) -> list[tuple[int, bytes]]:  # noqa: ANN001
    """Every block and element under a node, depth first: its depth and its message, so two
    pages compare equal only if the same elements sit in the same places."""
    out: list[tuple[int, bytes]] = []

    def walk(n, depth: int) -> None:  # noqa: ANN001
        proto = getattr(n, "proto", None)
        out.append((depth, proto.SerializeToString() if proto is not None else b""))
        for child in getattr(n, "children", {}).values():
            walk(child, depth + 1)

    walk(node, 0)
    return out


@pytest.mark.parametrize(
    ("page", "inside", "params", "other"),
    [
        # the tiers' cards; another filter shows fewer
        (PAGE["strategy"], "text_sections.strategy_card", {}, {"status": "achieved"}),
        # a third party's profile; another third party's
        (PAGE["comparison"], "cached.profile", {"tp": "china"}, {"tp": "russia"}),
        # the lean counts and the key findings; another year's
        (PAGE["overview"], "text_sections.lean_labels", {}, {"year": "2015"}),
        (PAGE["overview"], "text_sections.quoted", {}, {"year": "2015"}),
        # an event's detail; another event's
        (PAGE["timeline"], "text_sections.date_label", {"event": "kabul-bombings-after-bsa"},
         {"event": "bsa-signed"}),
    ],
)  # fmt: skip
def test_text_and_links_written_once_are_every_sessions_and_keep_each_screens_mode(
    monkeypatch, page, inside, params, other
):
    """A page's text and links written once (cached.written) are replayed for every session
    after the first: the same elements in the same places, without writing them again; another
    view gets its own, and so does a screen in projector mode, whose links keep the mode."""
    from components.web import cached, text_sections

    cached._written.clear()
    calls = []
    module, name = inside.split(".")
    module = {"text_sections": text_sections, "cached": cached}[module]
    original = getattr(module, name)

    def counted(*args, **kwargs):  # what the writer calls as it writes
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    first = open_page(page, **params)
    written = len(calls)
    assert written > 0 and not first.exception
    second = open_page(page, **params)
    assert len(calls) == written  # replayed, not written again
    assert _tree(second.main) == _tree(first.main)
    assert not any("mode=projector" in q for _, _, q in _links(first))

    elsewhere = open_page(page, **other)
    assert len(calls) > written and _tree(elsewhere.main) != _tree(first.main)
    written = len(calls)

    wall = open_page(page, mode="projector", **params)
    assert len(calls) > written  # written for the projector's links
    assert all("mode=projector" in q for _, _, q in _links(wall))
    assert [x[:2] for x in _links(wall)] == [x[:2] for x in _links(first)]


def test_a_wall_gets_its_own_lean_counts_in_two_rows():
    """The overview's counts are written once per screen kind: a wall's are in two rows."""
    from components.web import cached

    cached._written.clear()
    assert len(open_page(PAGE["overview"]).columns) == 5
    assert len(open_page(PAGE["overview"], mode="projector").columns) == 6
    assert len(open_page(PAGE["overview"]).columns) == 5


def test_only_a_components_modules_own_function_is_written_once():
    """cached.written keys its cache on a writer's name: a lambda, a nested function or one
    from elsewhere could share a name with another and be replayed in its place."""
    from components.web import cached

    def nested() -> None:
        st.markdown("x")

    for writer in (nested, lambda: None, json.dumps):
        with pytest.raises(ValueError, match="only a components module"):
            cached.written(writer)


def test_the_warm_up_builds_what_every_page_asks_for(monkeypatch):
    """The warm-up walks the route table: every page's default view is built ahead, through the
    caches its script uses, so a page's first visitor builds nothing."""
    from components.figures import views
    from components.web import cached, warmup

    ds = load_dataset(SHIPPED)
    key = cached.data_key()
    for fn in (cached._page_charts, cached.profile, cached._trend, cached._overview):
        fn.clear()  # nothing built before
    for fn in (cached._strategy, cached.timeline, cached.values_table, cached.method):
        fn.clear()
    for route in ROUTES:
        warmup.page_views(key, route.state.default(ds))

    def built_again(*args, **kwargs):
        raise AssertionError("built again: the warm-up did not build it")

    names = ("page_charts", "profile", "trend", "overview", "strategy", "timeline")
    names += ("values_table", "method_summary")
    for name in names:
        monkeypatch.setattr(views, name, built_again)
    for route in ROUTES:  # what each page's script asks for, again: all found in the caches
        warmup.page_views(key, route.state.default(ds))


def test_a_mistyped_link_shows_the_nearest_view_with_a_notice():
    at = open_page(PAGE["comparison"], tp="rusia", year="2019")
    assert not at.exception
    said = html.unescape(" ".join(w.value for w in at.warning))
    assert "No third party 'rusia': did you mean Russia? Showing Russia." in said
    assert "2019 is not a year in this dataset: showing 2016." in said
    assert at.query_params["tp"] == "russia" and at.query_params["year"] == "2016"
    assert "**Russia**" in markdown_text(at)
    at.run()  # the address is the view's own now: the notice is not repeated
    assert not at.warning


def test_a_mistyped_scene_is_said_and_left_out_of_the_address():
    at = open_page(PAGE["comparison"], scene="russia-turn", tp="russia")
    said = html.unescape(" ".join(w.value for w in at.warning))
    assert "No scene 'russia-turn' in this dataset" in said and "russia-turns" in said
    assert "scene" not in at.query_params


def test_markup_in_a_mistyped_link_is_shown_as_text():
    at = open_page(PAGE["comparison"], tp="![x](http://e.org/x.png) :red[a]")
    raw = " ".join(w.value for w in at.warning)  # what Streamlit renders as Markdown
    assert "No third party" in raw and "![x](" not in raw and ":red[" not in raw
    assert "![x](http://e.org/x.png) :red[a]" in html.unescape(raw)  # shown, as text
