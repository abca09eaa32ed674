"""A case of another shape (tests/fixtures/rivals: two-word sides, two years, two tracks,
groups on the territory of states in the data, events of the context, its own source text):
the names, lanes, marks and sentences the pages and exports make of it."""

from __future__ import annotations

import io
import shutil
import zipfile

import pandas as pd
import pytest
import yaml

from components.analysis.diff import same_case
from components.analysis.quotes import source_path, source_text, sources_dir
from components.core import routes
from components.core.escape import closed
from components.core.tables import HEDGE, classify
from components.core.view_state import ComparisonState, StrategyState, TimelineState
from components.dataset import files
from components.dataset.errors import DatasetError
from components.dataset.load import load_dataset, load_files
from components.export.pack import items_for
from components.figures import charts, views
from tests.conftest import FIXTURES, SHIPPED

pytestmark = pytest.mark.unit

RIVALS = FIXTURES / "rivals"


@pytest.fixture(scope="module")
def rivals():
    return load_dataset(RIVALS)


@pytest.fixture(scope="module")
def shipped():
    return load_dataset(SHIPPED)


def test_the_strategy_page_is_named_by_the_dataset(rivals, shipped):
    assert routes.title("strategy", rivals) == "Two-track plan"
    assert routes.title("strategy", shipped) == "Three-tier strategy"
    assert routes.title("strategy") == "Strategy"  # no dataset, or none named
    assert dict(routes.titles(rivals))["strategy"] == "Two-track plan"
    items = items_for(rivals, [StrategyState.default(rivals)], "http://x")
    assert {item.page_title for item in items} == {"Two-track plan"}
    # its parts are called what the dataset calls them, in the tracker's table and title
    assert rivals.strategy.part(2) == "Track 2" and shipped.strategy.part(2) == "Tier 2"
    view = views.strategy(rivals, StrategyState.default(rivals))
    assert "Track" in view.chart.table.columns and "Tier" not in view.chart.table.columns


def test_an_event_of_the_context_has_a_lane_and_no_side(rivals):
    coup = next(e for e in rivals.events if e.id == "coup-abroad")
    assert coup.actors == [] and coup.third_parties == []
    chart, events = views.timeline(rivals, TimelineState.default(rivals))
    lanes = list(chart.figure.layout.yaxis.ticktext)
    assert lanes[-1] == "Other events"
    drawn = {c[0] for trace in chart.figure.data if trace.customdata is not None
             for c in trace.customdata}  # fmt: skip
    assert {"coup-abroad", "port-fire"} <= drawn  # the fire on its third party's lane
    by_side = TimelineState.from_params(rivals, {"actors": "sand-kingdom"})
    chart, events = views.timeline(rivals, by_side)
    assert "coup-abroad" not in set(events["id"])
    assert "Other events" not in list(chart.figure.layout.yaxis.ticktext or [])


def test_the_health_report_compares_only_versions_of_one_case(rivals, shipped, shipped_copy):
    assert not same_case(shipped, rivals)
    text = (shipped_copy / "meta.yaml").read_text(encoding="utf-8")
    (shipped_copy / "meta.yaml").write_text(text.replace('version: "', 'version: "9'))
    assert same_case(shipped, load_dataset(shipped_copy))


def test_a_case_keeps_its_own_source_beside_its_files(rivals, tmp_path):
    assert source_path(rivals) == RIVALS / "the-gulf-contest.txt"
    assert "the Cedar Militia was armed by the Salt Republic" in source_text(rivals)
    # uploaded as a ZIP, the text comes with it; a text the dataset does not name is not used
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in RIVALS.iterdir():
            archive.write(path, f"case/{path.name}")
        archive.writestr("case/notes.txt", "not the source")
    upload = load_files(files.read_zip(buffer.getvalue(), "case.zip"))
    assert "the Hill Movement took" in source_text(upload)
    # an upload without it is looked up in the sources folder only, never beside anything on
    # the server (its name is only a label)
    bare = files.read_zip(buffer.getvalue(), str(tmp_path / "case.zip"))
    without = load_files(files.DataFiles(bare.origin, bare.files, bare.problems))
    assert source_path(without) == sources_dir() / "the-gulf-contest.txt"


def one_year(tmp_path, year: int = 2016):
    """The rivals' case cut to one year."""
    target = tmp_path / "one-year"
    shutil.copytree(RIVALS, target)
    meta = yaml.safe_load((target / "meta.yaml").read_text(encoding="utf-8"))
    meta["years"] = [year]
    meta["event_period"] = {"start": year, "end": year}
    (target / "meta.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    tps = yaml.safe_load((target / "third_parties.yaml").read_text(encoding="utf-8"))
    for tp in tps["third_parties"]:
        for dims in tp["relations"].values():
            for dim, ratings in dims.items():
                if ratings:
                    kept = []
                    for r in ratings:
                        first, _, last = str(r["years"]).partition("-")
                        if int(first) <= year <= int(last or first):
                            kept.append({**r, "years": year})
                    dims[dim] = kept or None
    (target / "third_parties.yaml").write_text(yaml.safe_dump(tps), encoding="utf-8")
    events = yaml.safe_load((target / "events.yaml").read_text(encoding="utf-8"))
    events["events"] = [e for e in events["events"] if str(e["date"]).startswith(str(year))]
    (target / "events.yaml").write_text(yaml.safe_dump(events), encoding="utf-8")
    strategy = yaml.safe_load((target / "strategy.yaml").read_text(encoding="utf-8"))
    for tier in strategy["tiers"]:
        for goal in tier["goals"]:
            for action in goal["actions"]:
                action["date"], action["precision"] = str(year), "year"
    for move in strategy["counter_moves"]:
        move["date"], move["precision"] = str(year), "year"
    (target / "strategy.yaml").write_text(yaml.safe_dump(strategy), encoding="utf-8")
    return load_dataset(target)


def test_one_year_makes_no_range_from_a_year_to_itself(tmp_path):
    ds = one_year(tmp_path)
    state = ComparisonState.from_params(ds, {"tp": "hill-movement"})
    charts_ = {view.key: view for view in views.comparison(ds, state)}
    change = charts_["change-over-time"]
    title = change.figure.layout.title.text
    assert "2016 to 2016" not in title and "gained with" not in title and "Only 2016" in title
    names = {t.name for t in change.figure.data if t.showlegend is not False and t.name}
    assert names == {"2016"}  # one marker per value, not an open one under a filled one
    assert list(change.table.columns) == ["Third party", "Side", "2016"]
    assert change.as_of == "2016"
    trend = views.trend(ds, state)
    assert "2016-2016" not in trend.figure.layout.title.text and trend.as_of == "2016"
    assert "throughout" not in trend.figure.layout.title.text
    chart, events = views.timeline(ds, TimelineState.default(ds))
    assert chart.figure.layout.title.text == "2 events from 2016 to March 2016"
    single = TimelineState.from_params(ds, {"actors": "sand-kingdom"})
    assert views.timeline(ds, single)[0].figure.layout.title.text.startswith("1 event in March")


@pytest.mark.parametrize(
    ("title", "sentence"),
    [("Studios split", "Studios split."), ("The shelves decide.", "The shelves decide."),
     ("Who won?", "Who won?"), ('He said "go."', 'He said "go."'), ("A. ", "A.")],
)  # fmt: skip
def test_a_title_run_into_a_sentence_gets_one_full_stop(title, sentence):
    assert closed(title) == sentence


def _inside(path: str, x: float, y: float) -> bool:
    """Point in the polygon of an SVG path of straight lines (ray casting)."""
    points = [tuple(map(float, p.split(","))) for p in path.strip("MZ ").split(" L ")]
    inside = False
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def test_the_shaded_area_of_ties_with_both_holds_exactly_the_points_that_have_them(rivals):
    scale = views.scale_values(rivals)
    styles = views.actor_styles(rivals)
    a, b = rivals.meta.actors[0].id, rivals.meta.actors[1].id
    pairs = [(x, y) for x in scale for y in scale]
    frame = pd.DataFrame(
        {"third_party": [f"p{i}" for i in range(len(pairs))],
         "name": [f"P{i}" for i in range(len(pairs))], a: [p[0] for p in pairs],
         b: [p[1] for p in pairs], "kind": "country",
         "lean": [classify(x, y, a, b) for x, y in pairs], "gap": [x - y for x, y in pairs]}
    )  # fmt: skip
    fig = charts.build_hedging(frame, styles, title="t", scale=scale,
                               labels=views.lean_labels(rivals))  # fmt: skip
    [band] = [s for s in fig.layout.shapes if s.type == "path"]
    for (x, y), lean in zip(pairs, frame["lean"], strict=True):
        assert _inside(band.path, x, y) == (lean == HEDGE), (x, y, lean)


def test_a_group_on_a_state_in_the_data_is_a_mark_on_it_not_a_rival_fill(rivals):
    state = ComparisonState.from_params(rivals, {"year": "2016"})
    gap_map = next(v for v in views.comparison(rivals, state) if v.key == "regional-map")
    fig = gap_map.figure
    fills = {t.name: t.fillcolor for t in fig.data if t.fill == "toself"}
    marks = {t.name: t for t in fig.data
             if t.mode == "markers" and t.marker.symbol == "triangle-up"}  # fmt: skip
    # Lebanon (+2 to the Sand Kingdom) keeps its own fill; the militia armed by the other side
    # is a triangle on it in the other side's colour, and the key says what a triangle is
    assert "Lebanon" in fills and "Cedar Militia" not in fills
    assert {"Cedar Militia", "Hill Movement", "A group, on its host state"} <= set(marks)
    sand, salt = views.actor_styles(rivals)[:2]
    assert fills["Lebanon"] == charts.map_fill(sand.id, 2, views.actor_styles(rivals))
    assert marks["Cedar Militia"].marker.color == charts.map_fill(
        salt.id, -4, views.actor_styles(rivals)
    )


def test_each_side_may_have_a_strategy_answered_by_the_other(rivals, shipped, tmp_path):
    view = views.strategy(rivals, StrategyState.default(rivals))
    salt = next(t for t in view.tiers if t.number == 3)
    assert (salt.side, salt.answered_by) == ("the Salt Republic", "the Sand Kingdom")
    assert salt.heading == "Track 3 (the Salt Republic): Arm the movements"
    assert [m.id for m in salt.moves] == ["blockade-answer"]
    first = next(t for t in view.tiers if t.number == 1)
    assert (first.side, first.heading) == ("the Sand Kingdom", "Track 1 (the Sand Kingdom): "
                                           "Win the neighbours")  # fmt: skip
    assert "Track 3 (the Salt Republic): Arm the movements" in list(view.chart.table["Track"])
    # a strategy of one side names no side
    tier = shipped.strategy.tiers[0]
    assert shipped.tier_label(tier) == f"Tier 1: {tier.title}"
    # an unknown side is a located problem
    copy = tmp_path / "case"
    shutil.copytree(RIVALS, copy)
    text = (copy / "strategy.yaml").read_text(encoding="utf-8")
    (copy / "strategy.yaml").write_text(text.replace("actor: salt-republic", "actor: salt"))
    with pytest.raises(DatasetError) as raised:
        load_dataset(copy)
    assert "strategy.yaml" in str(raised.value) and "unknown actor 'salt'" in str(raised.value)


def test_health_compares_with_an_earlier_version_of_the_same_case_only(shipped_copy, capsys):
    from components import cli

    path = shipped_copy / "third_parties.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("rationale: Ties cooled after the Taliban rejected",
                                 "rationale: Ties froze after the Taliban rejected"))  # fmt: skip
    assert cli.main(["--data", str(shipped_copy), "health", "--baseline", str(SHIPPED)]) == 0
    out = capsys.readouterr().out
    assert f"Changes from {SHIPPED} (3):" in out and "Ties froze" in out
    assert cli.main(["--data", str(RIVALS), "health", "--baseline", str(SHIPPED)]) == 2
    assert "codes another case" in capsys.readouterr().err


def test_a_case_with_no_events_yet_draws_every_chart(tmp_path):
    """Found by the generated cases: the trend of a case with no events raised KeyError."""
    target = tmp_path / "no-events"
    shutil.copytree(RIVALS, target)
    (target / "events.yaml").write_text("events: []\n", encoding="utf-8")
    strategy = yaml.safe_load((target / "strategy.yaml").read_text(encoding="utf-8"))
    for item in [a for t in strategy["tiers"] for g in t["goals"] for a in g["actions"]] + \
            strategy["counter_moves"]:  # fmt: skip
        item["events"] = []
    (target / "strategy.yaml").write_text(yaml.safe_dump(strategy), encoding="utf-8")
    ds = load_dataset(target)
    state = ComparisonState.from_params(ds, {"tp": "hill-movement"})
    assert views.trend(ds, state).figure.layout.title.text.endswith("; 0 events")
    chart, events = views.timeline(ds, TimelineState.default(ds))
    assert events.empty and chart.figure.layout.title.text == "No events match these filters"
