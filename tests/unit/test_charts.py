"""Chart builders on small frames: traces, values, ordering, colours and the second visual cue."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import pytest

from components.core.view_state import ComparisonState
from components.dataset.load import load_dataset
from components.dataset.models import status_label
from components.figures import charts, labels
from components.figures.theme import (
    PROJECTOR_LEGEND_ROW,
    PROJECTOR_TITLE_CHARS,
    PROJECTOR_TITLE_LINE,
    STATUS_COLORS,
    STATUS_ORDER,
    ActorStyle,
    projector_figure,
    wrap_words,
)

pytestmark = pytest.mark.unit

A = ActorStyle("kabul", "Kabul government", "Kabul", "#0072B2", "circle", "")
B = ActorStyle("taliban", "The Taliban", "Taliban", "#E69F00", "diamond", "/")
STYLES = [A, B]
SCALE = [-2, -1, 0, 1, 2, 3]


def frame(rows: list[tuple[str, str, str, float | None, float | None, str]]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=["name", "kind", "iso3", "kabul", "taliban", "lean"])
    out["kabul"] = out["kabul"].astype("Int64")
    out["taliban"] = out["taliban"].astype("Int64")
    out["gap"] = out["kabul"] - out["taliban"]
    out["third_party"] = out["name"].str.lower()
    out["region"] = "x"
    return out.sort_values("gap", ascending=False, na_position="last").reset_index(drop=True)


SMALL = frame(
    [
        ("India", "country", "IND", 3, 0, "kabul"),
        ("China", "country", "CHN", 2, 2, "hedge"),
        ("NATO", "organisation", "", 3, -2, "kabul"),
        ("Russia", "country", "RUS", -1, 2, "taliban"),
        ("Qatar", "country", "QAT", None, 2, "uncoded"),
    ]
)
LABELS = {
    "kabul": "Leans to Kabul",
    "taliban": "Leans to the Taliban",
    "hedge": "Ties with both",
    "aloof": "Stands aloof",
    "uncoded": "One side not coded",
}


def test_lead_bars_are_coloured_by_lean_with_actor_colours_and_hatching():
    fig = charts.build_lead_bars(SMALL, STYLES, title="T", labels=LABELS)
    lead_a, lead_b, both, unknown = fig.data
    assert [t.name for t in fig.data] == [LABELS[k] for k in ("kabul", "taliban", "hedge")] + [
        LABELS["uncoded"]
    ]
    assert lead_a.marker.color == A.color and lead_b.marker.color == B.color
    assert both.marker.color == charts.NEUTRAL
    assert lead_a.marker.pattern.shape == "" and lead_b.marker.pattern.shape == "/"
    assert list(lead_a.y) == ["India", "NATO"]  # drawn bottom-up: NATO, the biggest lead, on top
    assert dict(zip(lead_b.y, lead_b.x, strict=True)) == {"Russia": -3}
    assert list(both.y) == ["China"] and list(both.base) == [-0.06]  # level: a sliver
    # Kabul not coded for Qatar: no bar and no lean, the values written out instead
    assert list(unknown.y) == ["Qatar"] and unknown.text == ("Kabul: not coded, Taliban: +2",)
    assert list(fig.layout.yaxis.categoryarray)[-1] == "NATO"
    assert fig.layout.title.text == "T"


def test_a_hedger_with_a_gap_keeps_the_neutral_colour():
    """The lean rule, not the sign of the gap, colours a bar: ties with both at 2 and 1."""
    mixed = frame([("Turkey", "country", "TUR", 2, 1, "hedge"), ("UN", "organisation", "", 1, -1,
                                                                     "kabul")])  # fmt: skip
    fig = charts.build_lead_bars(mixed, STYLES, title="T", labels=LABELS)
    colours = {y: t.marker.color for t in fig.data for y in t.y}
    assert colours == {"Turkey": charts.NEUTRAL, "UN": A.color}


def test_butterfly_has_one_panel_per_actor_and_reversed_left_axis():
    fig = charts.build_butterfly(SMALL, STYLES, title="T", scale=SCALE)
    left, right = fig.data
    assert left.xaxis == "x" and right.xaxis == "x2"
    assert left.marker.color == A.color and right.marker.color == B.color
    assert fig.layout.xaxis.range[0] > fig.layout.xaxis.range[1]  # grows leftward
    assert dict(zip(right.y, right.x, strict=True))["Russia"] == 2
    # not coded: a bar of no length, labelled 'n/c' (a 0 is labelled '0')
    qatar = list(left.y).index("Qatar")
    assert left.x[qatar] == 0 and left.text[qatar] == f"<i>{charts.NOT_CODED_MARK}</i>"


def test_hedging_colours_by_lean_and_spreads_shared_positions():
    crowd = frame(
        [
            ("Turkey", "country", "TUR", 2, 1, "hedge"),
            ("Germany", "country", "DEU", 2, 1, "hedge"),
            ("UN", "organisation", "", 2, -1, "kabul"),
        ]
    )
    fig = charts.build_hedging(crowd, STYLES, title="T", scale=SCALE, labels=LABELS)
    by_name = {t.name: t for t in fig.data}
    hedges = by_name["Ties with both"]
    assert hedges.marker.color == charts.NEUTRAL
    assert by_name["Leans to Kabul"].marker.color == A.color
    points = set(zip(hedges.x, hedges.y, strict=True))
    assert len(points) == 2  # the two at (2, 1) no longer overlap
    assert by_name["Leans to Kabul"].marker.symbol == ("square",)


def test_hedging_puts_a_side_not_coded_in_its_own_band_never_at_zero():
    fig = charts.build_hedging(SMALL, STYLES, title="T", scale=SCALE, labels=LABELS)
    uncoded = next(t for t in fig.data if t.name == "One side not coded")
    assert list(uncoded.text) == ["Qatar"] and uncoded.marker.symbol == ("circle-open",)
    band = fig.layout.xaxis.tickvals[0]
    assert fig.layout.xaxis.ticktext[0] == "not coded" and band < min(SCALE)
    assert list(uncoded.x) == [band] and list(uncoded.y) == [2]
    taliban = next(t for t in fig.data if t.name == "Leans to the Taliban")
    assert list(taliban.text) == ["Russia"] and 0 not in list(uncoded.x)


REGION = charts.Box(22, 142, 4, 60)


def test_gap_map_draws_shipped_outlines_without_a_geo_layer():
    fig = charts.build_gap_map(SMALL, STYLES, title="T", box=REGION, home="AFG", home_name="Home",
                               labels=LABELS)  # fmt: skip
    assert "geo" not in fig.layout.to_plotly_json() or fig.layout.geo.to_plotly_json() == {}
    assert all(t.type == "scatter" for t in fig.data)
    names = {"India", "Russia", "China", "Qatar"}
    filled = {t.name: t.fillcolor for t in fig.data if t.name in names}
    assert filled["Qatar"] == charts.NOT_CODED  # one side not coded: no lean to colour
    assert filled["India"] == charts.map_fill("kabul", 3, STYLES)
    assert filled["Russia"] == charts.map_fill("taliban", -3, STYLES)
    assert filled["China"] == charts.map_fill("hedge", 0, STYLES)
    side = [a.text for a in fig.layout.annotations if a.text.startswith("<b>Not on the map")]
    assert side and "NATO" in side[0]  # organisations are listed beside the map
    assert any(a.text == "<b>Home</b>" for a in fig.layout.annotations)
    key = [t.name for t in fig.data if t.showlegend is not False and t.name in LABELS.values()]
    assert key == ["Leans to Kabul", "Leans to the Taliban", "Ties with both", "One side not coded"]


def test_map_draws_a_group_on_the_countries_it_stands_for():
    group = frame([("Central Asia", "group", "", 1, 1, "hedge")])
    group["third_party"] = "central-asia"
    fig = charts.build_gap_map(group, STYLES, title="T", box=REGION, labels=LABELS,
                               members={"central-asia": ["KAZ", "UZB"]})  # fmt: skip
    drawn = next(t for t in fig.data if t.name == "Central Asia")
    assert drawn.fillcolor == charts.map_fill("hedge", 0, STYLES)
    kaz = charts.load_outlines()["KAZ"]
    assert round(kaz[0][0][0], 1) in drawn.x  # Kazakhstan's outline is in the group's shape
    assert not any(a.text.startswith("<b>Not on the map") and "Central Asia" in a.text
                   for a in fig.layout.annotations)  # fmt: skip


def test_gap_map_shows_its_whole_region_at_any_size_and_draws_nothing_far_beyond_it():
    fig = charts.build_gap_map(SMALL, STYLES, title="T", box=REGION, labels=LABELS)
    # the axes shrink to keep the map's shape (constrain="domain"): the range stays the box
    assert list(fig.layout.xaxis.range) == [22, 142] and fig.layout.xaxis.constrain == "domain"
    assert list(fig.layout.yaxis.range) == [4, 60] and fig.layout.yaxis.constrain == "domain"
    xs = [x for t in fig.data for x in (t.x or []) if x is not None]
    ys = [y for t in fig.data for y in (t.y or []) if y is not None]
    assert min(xs) >= 20 and max(xs) <= 144 and min(ys) >= 2 and max(ys) <= 62
    full = sum(len(r) for rings in charts.load_outlines().values() for r in rings)
    assert len(xs) < full / 2  # the world's outlines are cut to the region


def test_clip_ring_keeps_what_is_inside_a_box():
    square = [[0, 0], [10, 0], [10, 10], [0, 10]]
    assert charts.clip_ring(square, charts.Box(-5, 20, -5, 20)) == square
    half = charts.clip_ring(square, charts.Box(5, 20, -5, 20))
    assert sorted(map(tuple, half)) == [(5, 0), (5, 10), (10, 0), (10, 10)]
    assert charts.clip_ring(square, charts.Box(20, 30, 20, 30)) == []


def test_simplify_ring_drops_only_what_lies_within_the_tolerance():
    # a square with points along its edges and one bump of 0.5 on the top edge
    ring = [[0, 0], [5, 0], [10, 0], [10, 5], [10, 10], [6, 10], [5, 10.5], [4, 10], [0, 10]]
    kept = charts.simplify_ring(ring, 0.2)
    assert kept == [[0, 0], [10, 0], [10, 10], [6, 10], [5, 10.5], [4, 10], [0, 10]]
    assert charts.simplify_ring(ring, 1.0) == [[0, 0], [10, 0], [10, 10], [0, 10]]
    # every dropped point lies within the tolerance of the line kept
    for point in ring:
        assert min(charts._line_dist(point, kept[k - 1], kept[k]) for k in range(len(kept))) <= 0.2


def test_simplified_outlines_stay_within_a_pixel_of_the_shipped_ones():
    box = REGION.margin(2.0)
    tolerance = charts.MAP_TOLERANCE
    for rings in charts.load_outlines().values():
        for ring in rings:
            full = charts.clip_ring(ring, box)
            [kept] = charts.clip_rings([ring], box) or [[]]
            if not kept:  # a speck: gone only if it is smaller than a few pixels
                xs, ys = [p[0] for p in full] or [0], [p[1] for p in full] or [0]
                assert max(xs) - min(xs) < 1 and max(ys) - min(ys) < 1
                continue
            for point in full:
                off = min(charts._line_dist(point, kept[k - 1], kept[k]) for k in range(len(kept)))
                assert off <= tolerance + 0.08  # rounding to a tenth moves a point by <= 0.071


def test_the_shipped_map_message_stays_small():
    """The map is the biggest message a student's phone receives; every view of it stays
    within 40 KB (it was 132 KB with the world's outlines uncut)."""
    from components.figures import views

    ds = load_dataset()
    for year in ds.meta.years:
        for dim in ["overall", *(d.id for d in ds.meta.dimensions)]:
            state = ComparisonState.default(ds).replace(year=year, dimension=dim)
            [view] = [v for v in views.page_charts(state, ds) if v.key == "regional-map"]
            assert len(view.figure.to_json()) <= 40_000, (year, dim)


def test_map_labels_are_moved_apart_when_they_would_overlap():
    anchors = [("a", 50, 25, "Alpha<br>+1"), ("b", 50.5, 25.2, "Beta<br>0"), ("c", 120, 50, "C")]
    offsets = charts.place_labels(anchors, REGION)
    assert offsets["a"] == (0, 0) and offsets["c"] == (0, 0)
    assert offsets["b"] != (0, 0)  # it would sit on Alpha: moved, with a leader line


def test_the_shipped_map_labels_do_not_collide():
    """Every label of the shipped map for every year and dimension, as placed, is clear of the
    others (boxes estimated the way the placement estimates them)."""
    from components.core.view_state import ComparisonState
    from components.dataset.load import load_dataset
    from components.figures import views

    ds = load_dataset()
    for year in ds.meta.years:
        for dimension in views.dimension_options(ds):
            fig = views.comparison(
                ds, ComparisonState.default(ds).replace(year=year, dimension=dimension)
            )[2].figure
            box = views.map_box(ds)
            px = labels.MAP_NOMINAL_WIDTH / (box.lon1 - box.lon0)
            rects = []
            for a in fig.layout.annotations:
                if a.xref == "paper":
                    continue
                lines = [re.sub(r"<[^>]+>", "", x) for x in a.text.split("<br>")]
                w = max(map(len, lines)) * labels.LABEL_CHAR_PX + 6
                h = len(lines) * labels.LABEL_LINE_PX + 4
                cx = (a.x - box.lon0) * px + (a.ax if a.showarrow else 0)
                cy = (box.lat1 - a.y) * px * 1.25 + (a.ay if a.showarrow else 0)
                rects.append((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, a.text))
            for i, r in enumerate(rects):
                for q in rects[i + 1 :]:
                    clash = r[0] < q[2] and q[0] < r[2] and r[1] < q[3] and q[1] < r[3]
                    assert not clash, (year, dimension, r[4], q[4])


def test_map_fills_deepen_with_the_gap_for_a_side_it_leans_to():
    weak, strong = charts.map_fill("kabul", 1, STYLES), charts.map_fill("kabul", 5, STYLES)
    assert strong == A.color.lower() and weak != strong
    assert charts.map_fill("taliban", -5, STYLES) == B.color.lower()
    assert charts.map_fill("aloof", 0, STYLES) == charts.ALOOF_COLOR


def test_change_draws_an_arrow_for_each_change():
    change = pd.DataFrame(
        {
            "third_party": ["russia", "russia", "usa", "usa"],
            "name": ["Russia", "Russia", "USA", "USA"],
            "actor": ["kabul", "taliban", "kabul", "taliban"],
            "start": [1, 1, 3, -2],
            "end": [-1, 2, 3, -2],
        }
    )
    change["change"] = change["end"] - change["start"]
    change["first_year"], change["last_year"] = 2014, 2016
    fig = charts.build_change(change, STYLES, title="T", scale=SCALE)
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert len(arrows) == 2
    assert {(a.ax, a.x, a.arrowcolor) for a in arrows} == {(1, -1, A.color), (1, 2, B.color)}
    assert list(fig.layout.yaxis.categoryarray) == ["USA", "Russia"]  # biggest change on top


def test_tier_progress_stacks_statuses_in_their_colours():
    progress = pd.DataFrame(
        {
            "tier": ["t1", "t2"],
            "tier_title": ["Tier 1", "Tier 2"],
            "achieved": [2, 0],
            "partial": [0, 1],
            "stalled": [0, 0],
            "reversed": [0, 1],
            "not-judged": [1, 0],
        }
    )
    fig = charts.build_tier_progress(progress, STATUS_ORDER, title="T")
    assert [t.name for t in fig.data] == [status_label(s) for s in STATUS_ORDER]
    assert [t.marker.color for t in fig.data] == [STATUS_COLORS[s] for s in STATUS_ORDER]
    assert fig.layout.barmode == "stack"
    assert list(fig.data[0].x) == [0, 2]  # rows reversed so tier 1 is on top
    assert {t.marker.opacity for t in fig.data} == {1.0}
    faded = charts.build_tier_progress(progress, STATUS_ORDER, title="T", highlight=["partial"])
    assert [t.marker.opacity for t in faded.data] == [0.25, 1.0, 0.25, 0.25, 0.25]
    # a faded bar's count in ink (white on its pale fill was unreadable on the wall), the
    # dark theme's in the page's light text
    from components.figures import dark
    from components.figures.theme import INK, contrast

    assert [t.insidetextfont.color for t in faded.data] == [INK, None, INK, INK, INK]
    for trace in dark.dark_figure(faded).data:
        under = dark.BACKGROUND if trace.marker.opacity < 0.5 else trace.marker.color
        assert contrast(trace.insidetextfont.color, under) >= 4.5, trace.name


def test_timeline_places_events_in_every_lane_and_marks_the_selected():
    events = pd.DataFrame(
        {
            "id": ["a", "b"],
            "date": ["2014-10", "2016"],
            "precision": ["month", "year"],
            "title": ["A", "B"],
            "actors": [["kabul"], ["taliban"]],
            "third_parties": [["china"], []],
            "category": ["diplomacy", "violence"],
            "start": pd.to_datetime(["2014-10-01", "2016-01-01"]),
            "end": pd.to_datetime(["2014-10-31", "2016-12-31"]),
        }
    )
    events["mid"] = events["start"] + (events["end"] - events["start"]) / 2
    lanes = [("actor:kabul", "Kabul"), ("actor:taliban", "Taliban"), ("tp:china", "China")]
    cats = {
        "diplomacy": ("Diplomacy", "#111111", "circle"),
        "violence": ("Violence", "#222222", "x"),
    }
    fig = charts.build_timeline(events, lanes, cats, title="T", selected="a")
    by_name = {t.name: t for t in fig.data if t.name}
    assert list(by_name["Diplomacy"].y) == [0, -2]  # Kabul lane and China lane
    assert list(by_name["Violence"].y) == [-1]
    assert by_name["Diplomacy"].marker.color == "#111111"
    assert [c[0] for c in by_name["Selected"].customdata] == ["a", "a"]
    assert list(fig.layout.yaxis.ticktext) == ["Kabul", "Taliban", "China"]


def test_wrap_words_keeps_every_word_and_the_breaks_given():
    text = "2016: Kabul leads with 8 third parties, the Taliban with 4; 8 hedge between them"
    lines = wrap_words(text, 20)
    assert all(len(line) <= 20 for line in lines) and len(lines) > 2
    assert " ".join(lines) == text
    assert wrap_words("one<br>two three", 40) == ["one", "two three"]
    assert wrap_words("a supercalifragilistic word", 5) == ["a", "supercalifragilistic", "word"]


def test_projector_wraps_long_titles_and_makes_room_for_them():
    short = go.Figure(layout=dict(title_text="Short title", height=400))
    long_title = (
        "2016: Kabul leads with 8 third parties, the Taliban with 4; 8 hedge between them, and "
        "the rest stand aloof"
    )
    long = go.Figure(layout=dict(title_text=long_title, height=400))
    long.add_bar(x=[1], y=["a"], name="Kabul leads")  # a legend above the plot
    one, two = projector_figure(short), projector_figure(long)
    assert one.layout.title.text == "Short title"
    lines = two.layout.title.text.split("<br>")
    assert len(lines) == 2 and all(len(x) <= PROJECTOR_TITLE_CHARS for x in lines)
    assert " ".join(lines) == long_title
    assert two.layout.title.pad.t > 0  # plotly would cut the first line off otherwise
    # no fixed height: the figure fills the frame the page sizes to the screen
    assert one.layout.height is None and two.layout.height is None and two.layout.autosize
    # the top margin holds the title's lines and, under them, the legend's row
    assert two.layout.margin.t >= PROJECTOR_TITLE_LINE * 2 + PROJECTOR_LEGEND_ROW
    assert PROJECTOR_TITLE_LINE <= one.layout.margin.t < two.layout.margin.t
    assert two.layout.legend.yanchor == "bottom" and two.layout.legend.y == 1.0
    assert long.layout.title.text == long_title  # the shared figure is left as it was


def test_projector_legend_rows_follow_the_entries():
    few = go.Figure()
    few.add_bar(x=[1], y=["a"], name="Kabul leads")
    many = go.Figure()
    for i in range(12):
        many.add_scatter(x=[1], y=[1], name=f"A rather long legend entry {i}")
    assert projector_figure(many).layout.margin.t > projector_figure(few).layout.margin.t


def test_projector_labels_shrink_with_the_number_of_rows():
    def rows(n):
        fig = go.Figure(go.Bar(x=list(range(n)), y=[f"r{i}" for i in range(n)], orientation="h"))
        fig.update_yaxes(categoryarray=[f"r{i}" for i in range(n)], categoryorder="array")
        return projector_figure(fig).layout.yaxis.tickfont.size

    assert rows(3) == 18 and rows(24) < rows(12) <= 18 and rows(60) >= 13


def test_a_wall_lists_the_rows_that_hold_only_text_when_the_rows_are_too_close():
    """On a wall the lead chart's "one side not coded" rows (a label each, no bar) leave the
    axis for a list under the chart once the rows are closer than a line of 16-pixel text;
    every folded name and value is in the list, and the bars' rows keep the axis."""
    from components.figures.theme import wall_figure

    def lead(coded: int, uncoded: int) -> go.Figure:
        bars = [f"bar {i}" for i in range(coded)]
        texts = [f"text {i}" for i in range(uncoded)]
        fig = go.Figure(go.Bar(x=[1] * coded, y=bars, orientation="h", name="Leans"))
        values = [f"Kabul: +{i % 3}, Taliban: not coded" for i in range(uncoded)]
        fig.add_scatter(x=[0.15] * uncoded, y=texts, mode="text", name="One side not coded",
                        text=values)  # fmt: skip
        fig.update_yaxes(categoryorder="array", categoryarray=texts[::-1] + bars[::-1])
        return fig

    sparse = wall_figure(lead(8, 6))  # 14 rows: room for every line
    assert len(sparse.layout.yaxis.categoryarray) == 14 and len(sparse.data) == 2
    dense = wall_figure(lead(11, 10))  # 21 rows: the 10 text rows are listed instead
    assert list(dense.layout.yaxis.categoryarray) == [f"bar {i}" for i in range(11)][::-1]
    assert [t.type for t in dense.data] == ["bar"]
    listed = dense.layout.annotations[-1].text.replace("<br>", " ")
    assert listed.startswith("One side not coded: ")
    assert all(f"text {i}" in listed for i in range(10))
    assert "text 0, text 3, text 6, text 9 (Kabul: +0, Taliban: not coded)" in listed
    assert dense.layout.margin.b > 100 and dense.layout.annotations[-1].font.size >= 16
    # a projector's page is clicked: its rows stay
    assert len(projector_figure(lead(11, 10)).layout.yaxis.categoryarray) == 21


def test_every_chart_builds_for_actors_whose_ids_are_not_identifiers(tmp_path):
    """An actor's id is a column name in several tables; "saudi-arabia" is not an identifier
    (itertuples renamed it, and the network chart failed to find it)."""
    from components.dataset.scaffold import write_starter
    from tests.charts import all_charts

    write_starter(tmp_path / "case", "Saudi Arabia", "Iran")
    charts = all_charts(tmp_path / "case")
    network = next(c for c in charts if c.key == "network")
    lines = [t for t in network.figure.data if t.mode == "lines"]
    assert lines, "the network draws the starter's ties to both sides"


def test_event_labels_close_together_share_one_label_and_say_how_many_more():
    """The profile's event labels printed over each other where events fell in the same months
    (Russia's 2016): close events are one label, the first's, with "+N"."""
    from components.figures.charts import event_labels

    ts = pd.Timestamp
    axis = [ts("2014-01-01"), ts("2017-01-01")]
    titles = ["Alpha beta gamma delta", "Second event here", "Third one", "Far away event"]
    mids = [ts("2016-03-01"), ts("2016-01-15"), ts("2016-06-01"), ts("2014-06-01")]
    assert event_labels(titles, mids, axis) == ["", "Second event here +2", "", "Far away event"]
    # far enough apart, every event has its own label
    apart = [ts("2014-03-01"), ts("2015-03-01"), ts("2016-03-01"), ts("2016-12-01")]
    labels = event_labels(titles, apart, axis)
    assert all(labels) and labels[0] == "Alpha beta gamma\u2026"
    assert event_labels([], [], axis) == []
