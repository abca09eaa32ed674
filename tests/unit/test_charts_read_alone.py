"""Every chart reads alone: a briefing writer pastes one chart onto a slide with no page around it,
so the chart itself says the scale's words, what a mark for a value not coded is (never a blank
that passes for 0), what the map's numbers are, what the network's lines mean, and the map keeps
"stands aloof" apart from the land outside the data. Walked over every reachable view of the
shipped case and of the rivals fixture (a case with other sides and other words)."""

from __future__ import annotations

import functools
import re

import pandas as pd
import pytest

from components.core.escape import unplot
from components.dataset.load import load_dataset
from components.figures import charts, views
from components.figures.dark import SWAP, dark_figure
from components.figures.narrow import narrow_figure
from components.figures.theme import ALOOF_COLOR, LAND, ActorStyle, projector_figure
from tests.conftest import FIXTURES, SHIPPED

pytestmark = pytest.mark.unit

CASES = {"shipped": SHIPPED, "rivals": FIXTURES / "rivals"}
# the charts that draw values on the scale (the map and the lead chart draw gaps)
VALUE_CHARTS = {"strength-by-side", "hedging", "change-over-time", "trend", "network"}


@functools.cache
def case(name: str):  # noqa: ANN201
    ds = load_dataset(CASES[name])
    return ds, list(views.reachable_views(ds))


def charts_of(name: str, *keys: str) -> list:
    """(view name, view) of every reachable view of the case whose chart is one of `keys`."""
    return [(n, v) for n, v in case(name)[1] if v.key in keys]


def visible_text(fig) -> str:  # noqa: ANN001 - a plotly figure
    """Every word a reader sees on the figure, as one plain string: tick labels, axis titles,
    annotations, keys' titles and entries, text on marks."""
    layout, parts = fig.layout, []
    for axis in [*fig.select_xaxes(), *fig.select_yaxes()]:
        if axis.visible is False:
            continue
        if axis.showticklabels is not False and axis.ticktext is not None:
            parts += [str(t) for t in axis.ticktext]
        parts.append(axis.title.text or "")
    parts += [n.text or "" for n in layout.annotations if n.visible is not False]
    if layout.showlegend is not False:
        shown = [t for t in fig.data if t.showlegend is not False and t.name]
        parts += [t.name for t in shown]
        for legend in {t.legend or "legend" for t in shown}:
            parts.append(layout[legend].title.text or "")
    for trace in fig.data:
        if trace.type in ("bar", "scatter") and trace.text is not None:
            parts += [str(t) for t in ([trace.text] if isinstance(trace.text, str) else trace.text)]
    return unplot(" \n ".join(parts))


def words(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- the scale's words


@pytest.mark.parametrize("name", CASES)
def test_every_value_chart_says_every_level_of_the_scale_in_words(name):
    ds, _ = case(name)
    labels = [words(level.label) for level in ds.meta.scale.levels]
    walked = charts_of(name, *VALUE_CHARTS)
    assert {v.key for _, v in walked} == VALUE_CHARTS
    for view_name, view in walked:
        text = visible_text(view.figure)
        missing = [label for label in labels if label not in text]
        assert missing == [], (view_name, missing)


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("layout", ["narrow", "projector", "dark"])
def test_the_words_stay_on_a_phone_a_projector_and_the_dark_page(name, layout):
    ds, _ = case(name)
    shape = {"narrow": narrow_figure, "projector": projector_figure, "dark": dark_figure}[layout]
    labels = [words(level.label) for level in ds.meta.scale.levels]
    first = {}
    for view_name, view in charts_of(name, *VALUE_CHARTS):
        first.setdefault(view.key, (view_name, view))
    for view_name, view in first.values():
        text = visible_text(shape(view.figure))
        assert [label for label in labels if label not in text] == [], (layout, view_name)


def test_a_key_wrapped_for_a_phone_breaks_between_levels_not_inside_them():
    styles = views.actor_styles(case("shipped")[0])
    frame = _frame([("India", 3, None), ("China", 2, 2)])
    labels = {-2: "Hostile", 0: "No ties", 2: "Working relations", 3: "Close partnership"}
    fig = charts.build_butterfly(frame, styles, title="T", scale=sorted(labels),
                                 scale_labels=labels)  # fmt: skip
    wide = fig.layout.legend.title.text
    assert "<br>" not in wide and wide.startswith("Scale: \u22122 Hostile \u00b7 0 No ties")
    phone = narrow_figure(fig).layout.legend.title.text.split("<br>")
    assert len(phone) > 1
    for line in phone:
        # every line ends with a whole level (and the separator where the key runs on)
        assert re.search(r"(Hostile|No ties|Working relations|Close partnership|Not coded)"
                         r"( \u00b7)?$", line), line  # fmt: skip


def test_the_words_come_from_the_dataset_and_are_escaped():
    styles = [ActorStyle("a", "A", "A", "#0072B2", "circle", ""),
              ActorStyle("b", "B", "B", "#E69F00", "diamond", "/")]  # fmt: skip
    labels = {0: "<b>None</b>", 1: "Some & more"}
    frame = _frame([("X", 1, 0)], sides=("a", "b"))
    hedging = charts.build_hedging(frame, styles, title="T", scale=[0, 1], labels=LEANS,
                                   scale_labels=labels)  # fmt: skip
    butterfly = charts.build_butterfly(frame, styles, title="T", scale=[0, 1], scale_labels=labels)
    # on the hedging chart the words are the y axis's ticks, on the butterfly its key's title
    for text in ("<br>".join(hedging.layout.yaxis.ticktext), butterfly.layout.legend.title.text):
        assert "<b>None</b>" not in text and "&lt;b&gt;None&lt;/b&gt;" in text  # escaped
        assert "0 <b>None</b>" in unplot(text) and "1 Some & more" in unplot(text)
    # without words (a chart built from values only), numbers, and no key of words
    bare = charts.build_butterfly(frame, styles, title="T", scale=[0, 1])
    assert not bare.layout.legend.title.text


# ---------------------------------------------------------------- not coded: a mark of its own


def _not_coded_rows(view, styles: list[ActorStyle]) -> list[tuple[str, str]]:
    """(third party, side id) of every value the view's table shows as not coded."""
    table = view.table
    return [(row["Third party"], style.id) for _, row in table.iterrows() for style in styles[:2]
            if pd.isna(row[style.short])]  # fmt: skip


def _coded(view, styles, side_short: str) -> tuple[list, list]:  # noqa: ANN001
    """(third parties, that side's values) from the chart's table."""
    table = view.table
    return list(table["Third party"]), list(table[side_short])


@pytest.mark.parametrize("name", CASES)
def test_the_butterfly_writes_n_c_where_a_value_is_not_coded_and_0_where_it_is_0(name):
    ds, _ = case(name)
    styles = views.actor_styles(ds)
    checked = 0
    for view_name, view in charts_of(name, "strength-by-side"):
        fig = view.figure
        # the mark is the label of a bar of no length, at the axis, in each side's panel
        marks = {(unplot(y), bars.xaxis) for bars in fig.data
                 for y, text in zip(bars.y, bars.text, strict=True)
                 if unplot(text or "") == charts.NOT_CODED_MARK}  # fmt: skip
        expected = {(tp, "x" if side == styles[0].id else "x2")
                    for tp, side in _not_coded_rows(view, styles)}  # fmt: skip
        assert marks == expected, view_name
        checked += len(marks)
        for bars in fig.data:  # a 0 keeps its bar's '0'; a value not coded has no length
            coded = dict(zip(*_coded(view, styles, bars.name), strict=True))
            for y, x, text in zip(bars.y, bars.x, bars.text, strict=True):
                if unplot(text or "") == charts.NOT_CODED_MARK:
                    assert x == 0 and pd.isna(coded[y]), (view_name, y)
                else:
                    assert (text == "0") == (x == 0) and x == coded[y], (view_name, y)
        if marks:
            assert "n/c Not coded" in visible_text(fig), view_name
    assert checked  # each case has values not coded


@pytest.mark.parametrize("name", CASES)
def test_hedging_and_network_put_a_side_not_coded_on_an_open_mark_of_its_own(name):
    ds, _ = case(name)
    styles = views.actor_styles(ds)
    uncoded = views.lean_labels(ds)["uncoded"]
    for view_name, view in charts_of(name, "hedging", "network"):
        names = {tp for tp, _ in _not_coded_rows(view, styles)}
        trace = next((t for t in view.figure.data if t.name == uncoded), None)
        if not names:
            assert trace is None, view_name
            continue
        drawn = {unplot(c[3] if view.key == "hedging" else c[2]) for c in trace.customdata}
        assert drawn == names, view_name
        assert all(s.endswith("-open") for s in trace.marker.symbol), view_name


@pytest.mark.parametrize("name", CASES)
def test_every_trend_year_not_coded_is_a_grey_open_mark_on_its_own_row(name):
    ds, _ = case(name)
    checked = 0
    for view_name, view in charts_of(name, "trend"):
        table = view.table
        missing = {f"{row['Actor']} {int(row['Year'])}" for _, row in table.iterrows()
                   if pd.isna(row["Value"])}  # fmt: skip
        trace = next((t for t in view.figure.data if t.name == "Not coded"), None)
        drawn = set() if trace is None else {
            unplot(c[0]).split(":")[0] for c in trace.customdata}  # fmt: skip
        assert drawn == missing, view_name
        if trace is not None:
            axis = view.figure.layout.yaxis
            row = dict(zip(axis.ticktext, axis.tickvals, strict=True))["not coded"]
            assert set(trace.y) == {row} and row < min(views.scale_values(ds)), view_name
            checked += 1
    assert checked


@pytest.mark.parametrize("name", CASES)
def test_every_change_that_cannot_be_read_is_marked_and_counted_in_the_title(name):
    ds, _ = case(name)
    styles = views.actor_styles(ds)
    first, last = min(ds.meta.years), max(ds.meta.years)
    for view_name, view in charts_of(name, "change-over-time"):
        fig, table = view.figure, view.table
        crosses = [t for t in fig.data if (t.name or "").startswith("Not comparable")]
        marked = {(unplot(y), t.xaxis) for t in crosses for y in t.y}
        listed = set(table["Third party"])
        clauses = fig.layout.title.text.split(": ", 1)[1].split("; ")
        for style, axis, clause in zip(styles, ("x", "x2"), clauses, strict=False):
            part = table[table["Side"] == style.short]
            held = part[part[str(first)].isna() | part[str(last)].isna()]
            expected = {(tp, axis) for tp in held["Third party"]}
            expected |= {(tp, axis) for tp in listed - set(part["Third party"])}
            assert {m for m in marked if m[1] == axis} == expected, (view_name, style.id)
            # the title counts them, in words, in the side's own clause
            n = len(expected)
            if not n:
                assert "not comparable" not in clause, view_name
            elif n == len(listed):
                assert clause.endswith("'s not comparable"), view_name
            else:
                assert clause.endswith(f", {n} not comparable"), view_name
        if crosses:
            assert fig.layout.xaxis.ticktext[0] == charts.NOT_CODED_MARK
            assert "n/c Not coded" in visible_text(fig)


# ---------------------------------------------------------------- the change's title


def _change(rows: list[tuple[str, str, float | None, float | None]]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=["name", "actor", "start", "end"])
    out["third_party"] = out["name"].str.lower()
    out["change"] = out["end"] - out["start"]
    out["first_year"], out["last_year"] = 2014, 2016
    return out


SIDES = [
    ActorStyle("k", "Kabul", "Kabul", "#0072B2", "circle", "", "Kabul"),
    ActorStyle("t", "Taliban", "Taliban", "#E69F00", "diamond", "/", "the Taliban"),
]


@pytest.mark.parametrize(
    ("rows", "said"),
    [
        ([("A", "k", 1, 2), ("B", "k", 1, 3), ("C", "k", 2, 1), ("A", "t", 0, 0), ("B", "t", 1, 1),
          ("C", "t", 1, 1)],
         "2014 to 2016: Kabul's ties grew with 2 third parties, weakened with 1; the Taliban's "
         "did not change"),
        ([("A", "k", 1, 2), ("A", "t", 2, 1)],
         "2014 to 2016: Kabul's ties grew with 1 third party, weakened with none; the Taliban's "
         "grew with none, weakened with 1"),
        ([("A", "k", 2, 1), ("B", "k", None, 1), ("A", "t", 1, 1)],
         "2014 to 2016: Kabul's ties grew with none, weakened with 1 third party, 1 not "
         "comparable; the Taliban's did not change, 1 not comparable"),
        ([("A", "k", None, 2), ("A", "t", 1, None)],
         "2014 to 2016: Kabul's ties not comparable; the Taliban's not comparable"),
    ],
)  # fmt: skip
def test_the_change_title_states_the_finding_in_words_for_none_one_and_many(rows, said):
    title = views.change_title(_change(rows), SIDES, 2014, 2016)
    assert title == said
    assert not re.search(r"\bwith 0\b|gained", title)


def test_the_change_title_of_one_year_says_there_is_no_change_to_show():
    title = views.change_title(_change([("A", "k", 1, 1)]), SIDES, 2016, 2016)
    assert title.startswith("Only 2016 is coded")


def test_a_change_with_a_year_not_coded_is_a_cross_not_a_marker_that_passes_for_no_change():
    fig = charts.build_change(_change([("A", "k", None, 2), ("B", "k", 1, 1), ("B", "t", 0, 0)]),
                              SIDES, title="T", scale=[-2, -1, 0, 1, 2, 3],
                              scale_labels={-2: "Hostile", 3: "Close"})  # fmt: skip
    crosses = [t for t in fig.data if t.legendgroup == "unread"]
    # A: Kabul's 2014 is not coded, and the Taliban have no value in either year; B unchanged
    assert [(list(t.y), t.xaxis) for t in crosses] == [(["A"], "x"), (["A"], "x2")]
    assert {x for t in crosses for x in t.x} == {-3}  # the 'n/c' column left of the scale
    assert [t.showlegend for t in crosses] == [True, False]  # one entry in the key
    assert crosses[0].name == "Not comparable: a year not coded"
    assert [t.customdata[0][0] for t in crosses] == [
        "Kabul: 2014 not coded",
        "Taliban: 2014 and 2016 not coded",
    ]
    assert all(t.marker.symbol == "x" for t in crosses)
    assert list(fig.layout.xaxis.ticktext)[:2] == ["n/c", "\u22122"]
    assert fig.layout.legend.title.text.endswith("3 Close \u00b7 n/c Not coded")


# ---------------------------------------------------------------- the map's numbers


@pytest.mark.parametrize("name", CASES)
def test_the_maps_key_says_its_numbers_are_the_first_side_minus_the_second(name):
    ds, _ = case(name)
    a, b = views.actor_styles(ds)[:2]
    gap = f"Numbers: {a.Phrase}'s value minus {b.phrase}'s"
    for view_name, view in charts_of(name, "regional-map"):
        key = unplot(view.figure.layout.legend.title.text or "")
        assert key.startswith(gap), view_name
        labelled = any("n/c" in (n.text or "") for n in view.figure.layout.annotations
                       if n.xref in (None, "x"))  # fmt: skip
        assert ("n/c: one side not coded" in key) == labelled, view_name
        for shape in (narrow_figure, projector_figure):  # and on a phone and a projector
            assert unplot(shape(view.figure).layout.legend.title.text).startswith(gap)


# ---------------------------------------------------------------- the network's lines


@pytest.mark.parametrize("name", CASES)
def test_the_network_has_a_key_to_its_lines_widths_and_dots(name):
    ds, _ = case(name)
    levels = sorted(ds.meta.scale.levels, key=lambda lvl: -lvl.value)
    for view_name, view in charts_of(name, "network"):
        fig = view.figure
        key = [t for t in fig.data if t.legend == "legend3"]
        assert "Line" in fig.layout.legend3.title.text and fig.layout.legend3.visible is not False
        assert [unplot(t.name).split(":")[0] for t in key] == [
            f"{charts.tick(lvl.value)} {words(lvl.label)}" for lvl in levels
        ], view_name
        for trace, level in zip(key, levels, strict=True):
            assert trace.mode == "lines"
            assert trace.line.dash == ("dot" if level.value < 0 else "solid")
            assert trace.line.width == (0 if level.value == 0 else 1 + 1.6 * abs(level.value))
        # the key draws each line as the chart does: every drawn tie has a key entry like it
        drawn = {(t.line.width, t.line.dash) for t in fig.data
                 if t.mode == "lines" and t.legend != "legend3"}  # fmt: skip
        assert drawn <= {(t.line.width, t.line.dash) for t in key}, view_name
        # on a phone the key runs across above the plot, its title above its entries
        phone = narrow_figure(fig).layout.legend3
        assert phone.orientation == "h" and phone.title.side == "top"


# ---------------------------------------------------------------- aloof and outside the data


def _luminance(color: str) -> float:
    """WCAG 2.2 relative luminance, computed here rather than trusted to theme.py."""
    channels = [int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_a_country_that_stands_aloof_differs_3_to_1_from_the_land_outside_the_data():
    assert _contrast(ALOOF_COLOR, LAND) >= 3
    # and in the dark theme, where both are swapped
    assert _contrast(SWAP[ALOOF_COLOR.lower()], SWAP[LAND.lower()]) >= 3
    # and aloof stays apart from ties with both, on the map and on every other chart
    assert _contrast(ALOOF_COLOR, charts.map_fill("hedge", 0, SIDES)) >= 3
    assert _contrast(ALOOF_COLOR, charts.NEUTRAL) >= 1.5


def test_the_map_draws_aloof_and_outside_in_those_colours():
    ds, _ = case("shipped")
    styles = views.actor_styles(ds)
    frame = _frame([("Iran", 0, -1), ("China", 2, 2)], iso3=("IRN", "CHN"),
                   sides=(styles[0].id, styles[1].id))  # fmt: skip
    fig = charts.build_gap_map(frame, styles, title="T", box=views.map_box(ds),
                               labels=views.lean_labels(ds))  # fmt: skip
    fills = {t.name: t.fillcolor for t in fig.data if t.fill == "toself"}
    land = next(t.fillcolor for t in fig.data if t.fill == "toself" and t.name is None)
    assert land == LAND and fills["Iran"] == ALOOF_COLOR
    assert _contrast(fills["Iran"], land) >= 3


# ---------------------------------------------------------------- helpers


LEANS = {"a": "Leans to A", "b": "Leans to B", "hedge": "Ties with both",
         "aloof": "Stands aloof", "uncoded": "One side not coded"}  # fmt: skip


def _frame(
    rows: list[tuple[str, float | None, float | None]],
    *,
    sides: tuple[str, str] = ("kabul", "taliban"),
    iso3: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """A comparison frame (tables.comparison_frame's columns) of (name, first, second) rows."""
    from components.core.tables import classify

    a, b = sides
    out = pd.DataFrame(rows, columns=["name", a, b])
    out[a], out[b] = out[a].astype("Int64"), out[b].astype("Int64")
    out["gap"] = out[a] - out[b]
    out["lean"] = [classify(x, y, a, b) for x, y in zip(out[a], out[b], strict=True)]
    out["third_party"] = out["name"].str.lower()
    out["short"] = out["name"]
    out["kind"] = "country"
    out["iso3"] = list(iso3) if iso3 else ""
    out["region"] = "x"
    return out
