"""What each page shows, as data: figures with their finding-stating titles, captions and the
numbers behind them. Pure functions of the dataset and the page's selections (no Streamlit), so
pages stay thin and cached.py can cache every view whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

import pandas as pd
import plotly.graph_objects as go

from components.analysis.room import distribution
from components.core import routes, url_params
from components.core.cite import ValueId
from components.core.dates import date_label
from components.core.escape import Markdown, markdown_table, unplot
from components.core.scenes import answer_labels, question_truth
from components.core.tables import (
    HEDGE,
    UNCODED,
    actions_frame,
    change_frame,
    comparison_frame,
    counter_moves_frame,
    coverage,
    events_frame,
    filter_events,
    involving,
    lean_counts,
    lean_labels,
    lean_rules,
    ratings_frame,
    search_values,
    stricter,
    tier_progress,
)
from components.core.view_state import (
    CONFIDENCE,
    ComparisonState,
    NetworkState,
    OverviewState,
    Reading,
    StrategyState,
    TimelineState,
    ViewState,
)
from components.dataset.models import (
    Action,
    ChoiceQuestion,
    CodeQuestion,
    CounterMove,
    Dataset,
    Finding,
    status_label,
)
from components.figures import charts
from components.figures.theme import STATUS_ORDER, ActorStyle, actor_styles, category_styles


@dataclass(frozen=True)
class ChartView:
    """A chart ready to show: figure (titled with its finding), caption, its numbers, the period
    it is as of (what exports stamp), and the heading and note the page shows with it."""

    key: str
    figure: go.Figure
    caption: str
    table: pd.DataFrame
    as_of: str
    heading: str | None = None
    note: str | None = None
    # its points carry value ids (the last item of customdata): a click opens the evidence
    evidence: bool = False
    # the values it shows, (value id, words), for the keyboard's way to the same evidence
    values: tuple[tuple[str, str], ...] = ()

    @cached_property
    def table_markdown(self) -> Markdown:
        """The numbers as a Markdown table, written once for every session that shows them
        (a view is shared and read-only: cached.py)."""
        return markdown_table(self.table)

    @cached_property
    def alt(self) -> str:
        """alt_text(self), made once (every run of a page hands it to Streamlit)."""
        return alt_text(self)

    @cached_property
    def height(self) -> int:
        """The figure's height in pixels (what an export of it from the toolbar is given)."""
        return self.figure.layout.height or 700


def source_line(ds: Dataset) -> str:
    src = ds.meta.sources[0]
    return f"Source: {src.author}, \u201c{src.title}\u201d, {src.outlet.split(' (')[0]}, {src.date}"


def caption(ds: Dataset, *, year: int | None = None, dimension: str | None = None) -> str:
    parts = [source_line(ds)]
    if year is not None:
        parts.append(f"as of {year}")
    if dimension is not None:
        parts.append(f"dimension: {dimension_name(ds, dimension).lower()}")
    parts.append(f"dataset v{ds.meta.version}")
    return ". ".join(parts[:1]) + "; " + "; ".join(parts[1:]) + "."


def dimension_name(ds: Dataset, dimension: str) -> str:
    if dimension == "overall":
        return "Overall"
    return next(d.name for d in ds.meta.dimensions if d.id == dimension)


def dimension_options(ds: Dataset) -> list[str]:
    return ["overall", *(d.id for d in ds.meta.dimensions)]


def scale_values(ds: Dataset) -> list[int]:
    return sorted(level.value for level in ds.meta.scale.levels)


def scale_labels(ds: Dataset) -> dict[int, str]:
    """Each level's value and its words, lowest first: what a value chart writes beside its
    numbers, so that it reads alone (charts.level_words)."""
    return {
        level.value: level.label
        for level in sorted(ds.meta.scale.levels, key=lambda lvl: lvl.value)
    }


def map_box(ds: Dataset) -> charts.Box:
    """The box the regional map shows: the dataset's, else one around its countries."""
    if ds.meta.map is not None:
        return charts.Box(*ds.meta.map.lon, *ds.meta.map.lat)
    outlines = charts.load_outlines()
    points = [
        charts._label_point(outlines[tp.iso3])
        for tp in ds.third_parties
        if tp.iso3 and tp.iso3 in outlines
    ]
    if not points:
        return charts.Box(-180, 180, -60, 80)
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return charts.Box(min(lons) - 10, max(lons) + 10, min(lats) - 8, max(lats) + 8)


def _names(frame: pd.DataFrame, limit: int = 3) -> str:
    names = list(frame["name"])
    if not names:
        return "none"
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _table(frame: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """Comparison frame as the reader sees it: names and actor short names as headers."""
    styles = actor_styles(ds)
    out = frame[["name", "kind", styles[0].id, styles[1].id, "gap", "lean"]].copy()
    out["lean"] = out["lean"].map(lean_labels(ds))
    return out.rename(
        columns={
            "name": "Third party",
            "kind": "Kind",
            styles[0].id: styles[0].short,
            styles[1].id: styles[1].short,
            "gap": "Gap",
            "lean": "Lean",
        }
    )


NUMBERS_ON_PAGE = "in the table 'Numbers behind this chart' below it"


def alt_text(view: ChartView, numbers: str | None = NUMBERS_ON_PAGE) -> str:
    """The chart's text alternative: its finding (the title), what it shows (the caption), and
    where its numbers are (`numbers`; None where the reader has no other place to find them:
    a slide), for a screen reader (st.plotly_chart's alt, a slide's or a PDF's figure)."""
    title = unplot(view.figure.layout.title.text or "")
    heading = f"{view.heading}: " if view.heading else ""
    said = f"Chart. {heading}{title}".rstrip(" .:") + "."
    where = f" The numbers it draws are {numbers}." if numbers else ""
    return f"{said} {view.caption.strip()}{where}"


def _signed(value: object) -> str:
    """A value on the scale as the pages write it: '+2', '-1', '0', or 'not coded'."""
    return "not coded" if pd.isna(value) else (f"{int(value):+d}" if int(value) else "0")


def value_choices(frame: pd.DataFrame, ds: Dataset) -> tuple[tuple[str, str], ...]:
    """Each row's value id and how a list of values names it: 'Egypt: Rome -1, Carthage +1'."""
    a, b = ds.meta.actors[0], ds.meta.actors[1]
    return tuple(
        (vid, f"{name}: {a.short_name} {_signed(x)}, {b.short_name} {_signed(y)}")
        for vid, name, x, y in zip(frame["value_id"], frame["name"], frame[a.id], frame[b.id],
                                   strict=True)
    )  # fmt: skip


def read(ds: Dataset, state: Reading) -> pd.DataFrame:
    """The ratings as the state reads them (all values, or the stricter reading it asks for)."""
    return stricter(
        ratings_frame(ds), quoted_only=state.quoted_only, min_confidence=state.confidence
    )


def reading_note(ds: Dataset, state: Reading) -> str | None:
    """What a stricter reading leaves out, in words; None for the default reading."""
    if not state.strict:
        return None
    parts = []
    if state.quoted_only:
        parts.append("values that rest on inference")
    if state.confidence != CONFIDENCE[0]:
        parts.append(f"values of confidence below {state.confidence}")
    ratings = ratings_frame(ds)
    left_out = int(ratings["value"].notna().sum() - read(ds, state)["value"].notna().sum())
    return f"Stricter reading: {' and '.join(parts)} are left out ({left_out} of " + (
        f"{int(ratings['value'].notna().sum())} coded values)."
    )


def lean_sentence(ds: Dataset, counts: dict[str, int], noun: str = "") -> str:
    """'9 third parties lean to A, 2 to the B; 5 have ties with both': the one way
    every title counts leans (with how many have one side not coded, when any)."""
    a, b = ds.meta.actors[0], ds.meta.actors[1]
    noun = f" {noun}" if noun else ""
    text = (
        f"{counts[a.id]}{noun} lean to {a.phrase}, {counts[b.id]} to {b.phrase}; "
        f"{counts[HEDGE]} have ties with both"
    )
    if counts[UNCODED]:
        text += f" ({counts[UNCODED]} with one side not coded)"
    return text


# ---------------------------------------------------------------- overview


@dataclass(frozen=True)
class FindingCheck:
    """Whether a finding's claims about leans hold under the view's reading."""

    finding: Finding
    status: str  # "holds", "flips" or "not tested" (the finding claims no lean)
    details: tuple[str, ...] = ()  # for each claim that does not hold: what the reading shows


@dataclass(frozen=True)
class OverviewView:
    year: int
    counts: dict[str, int]
    rules: list[tuple[str, str]]
    lead: ChartView
    findings: list[Finding]
    members: dict[str, list[str]] = field(default_factory=dict)
    checks: tuple[FindingCheck, ...] = ()
    reading: str | None = None  # what a stricter reading leaves out
    all_values: dict[str, int] | None = None  # the counts with every value, when stricter


def _lower_first(text: str) -> str:
    """'Leans to A' -> 'leans to A': a label inside a sentence (names keep their case)."""
    return text[:1].lower() + text[1:]


def check_findings(
    ds: Dataset, frame: pd.DataFrame, findings: list[Finding]
) -> tuple[FindingCheck, ...]:
    """Each finding's claimed leans against the leans in `frame` (one year's overall values)."""
    leans = dict(zip(frame["third_party"], frame["lean"], strict=True))
    labels = lean_labels(ds)
    names = {tp.id: tp.name for tp in ds.third_parties}
    out = []
    for finding in findings:
        if not finding.leans:
            out.append(FindingCheck(finding, "not tested"))
            continue
        misses = tuple(
            f"{names[tp]}: {_lower_first(labels[leans.get(tp, UNCODED)])}, "
            f"not {_lower_first(labels[want])}"
            for tp, want in finding.leans.items()
            if leans.get(tp, UNCODED) != want
        )
        out.append(FindingCheck(finding, "flips" if misses else "holds", misses))
    return tuple(out)


def overview(ds: Dataset, state: OverviewState) -> OverviewView:
    year = state.year
    frame = comparison_frame(ds, read(ds, state), year, "overall")
    counts = lean_counts(ds, frame)
    styles = actor_styles(ds)
    title = f"{year}: {lean_sentence(ds, counts, 'third parties')}"
    fig = charts.build_lead_bars(frame, styles, title=title, labels=lean_labels(ds))
    findings = [f for f in ds.meta.findings if f.span[0] <= year <= f.span[1]]
    members = {lean: list(frame[frame["lean"] == lean]["name"]) for lean in counts}
    all_values = None
    if state.strict:
        everything = comparison_frame(ds, ratings_frame(ds), year, "overall")
        all_values = lean_counts(ds, everything)
    note = reading_note(ds, state)
    cap = caption(ds, year=year) + (f" {note}" if note else "")
    return OverviewView(
        year=year,
        counts=counts,
        rules=lean_rules(ds),
        lead=ChartView(
            "who-leads-where",
            fig,
            cap,
            _table(frame, ds),
            str(year),
            evidence=True,
            values=value_choices(frame, ds),
        ),  # fmt: skip
        findings=findings,
        members=members,
        checks=check_findings(ds, frame, findings),
        reading=note,
        all_values=all_values,
    )


# ---------------------------------------------------------------- country comparison


def comparison(ds: Dataset, state: ComparisonState) -> list[ChartView]:
    """The four comparison charts for one year and dimension, in the page's order."""
    year, dimension = state.year, state.dimension
    ratings = read(ds, state)
    styles = actor_styles(ds)
    a, b = styles[0], styles[1]
    scale = scale_values(ds)
    frame = comparison_frame(ds, ratings, year, dimension)
    dim = dimension_name(ds, dimension)
    n = len(frame)
    counts = lean_counts(ds, frame)
    table = _table(frame, ds)
    note = reading_note(ds, state)
    cap = caption(ds, year=year, dimension=dimension) + (f" {note}" if note else "")

    words = scale_labels(ds)
    butterfly = charts.build_butterfly(
        frame, styles, scale=scale, scale_labels=words,
        title=f"{dim} ties, {year}: {lean_sentence(ds, counts)}",
    )  # fmt: skip
    hedging = charts.build_hedging(
        frame,
        styles,
        scale=scale,
        scale_labels=words,
        labels=lean_labels(ds),
        title=(
            f"{counts[HEDGE]} of {n} third parties have ties with both sides "
            f"({dim.lower()}, {year})"
        ),
    )
    # the map draws every third party of the frame (on the map, or in its list beside it), so
    # its title counts the same set as every other title
    to_b = frame[frame["lean"] == b.id]
    gap_map = charts.build_gap_map(
        frame,
        styles,
        box=map_box(ds),
        home=ds.meta.map.home if ds.meta.map else None,
        home_name=ds.meta.map.home_name if ds.meta.map else None,
        short_names={tp.id: tp.short_name for tp in ds.third_parties if tp.short_name},
        members={tp.id: tp.map_countries for tp in ds.third_parties if tp.map_countries},
        labels=lean_labels(ds),
        title=(
            f"{year}: {_names(to_b)} lean{'s' if len(to_b) == 1 else ''} to {b.phrase}; "
            f"{counts[a.id]} third parties to {a.phrase}"
        ),
    )
    change = change_frame(ds, ratings, dimension)
    first, last = min(ds.meta.years), max(ds.meta.years)
    change_fig = charts.build_change(change, styles, scale=scale, scale_labels=words,
                                     title=change_title(change, styles, first, last))  # fmt: skip
    names = {s.id: s.short for s in styles}
    shown = ["name", "actor", "start", "end", "change"]
    if first == last:  # one year: its values (start and end are the same column twice)
        shown = ["name", "actor", "end"]
    change_table = change.assign(actor=change["actor"].map(names))[shown].rename(
        columns={
            "name": "Third party",
            "actor": "Side",
            "start": str(first),
            "end": str(last),
            "change": "Change",
        }
    )
    span = year_span(first, last)
    change_cap = caption(ds, dimension=dimension).replace(
        ";", f"; {first} and {last};" if first != last else f"; {first};", 1
    )
    return [
        ChartView("strength-by-side", butterfly, cap, table, str(year),
                  "Each side's strength, third party by third party", evidence=True,
                  values=value_choices(frame, ds)),
        ChartView("hedging", hedging, cap, table, str(year), "Who hedges",
                  "Shape: circle, a country; square, an organisation; triangle, a group. "
                  "Third parties with the same two values are set around that point, a quarter "
                  "of a step away, so each shows: their values are the point's.",
                  evidence=True),
        ChartView("regional-map", gap_map, cap, table, str(year), "The region", evidence=True),
        ChartView("change-over-time", change_fig, change_cap, change_table, span,
                  "Change over time", evidence=True),
    ]  # fmt: skip


def _third_parties(n: int, noun: bool = True) -> str:
    """A count in a finding: 'none', '1 third party', '3 third parties' ('3' without `noun`)."""
    if not n:
        return "none"
    return f"{n} third part{'y' if n == 1 else 'ies'}" if noun else str(n)


def _side_moved(up: int, down: int, same: int, unread: int, *, noun: bool = False) -> str:
    """What one side's ties did from the first year to the last, in words: 'grew with 3 third
    parties, weakened with none', 'did not change, 2 not comparable' (a year not coded), 'not
    comparable' (`noun`: say what is counted, on its first count that is not none)."""
    if up or down:
        moved = f"grew with {_third_parties(up, noun)}, weakened with " + _third_parties(
            down, noun and not up
        )
    else:
        moved = "did not change" if same else ""
    if not unread:
        return moved
    return f"{moved}, {unread} not comparable" if moved else "not comparable"


def change_title(change: pd.DataFrame, styles: list[ActorStyle], first: int, last: int) -> str:
    """The change chart's finding: how each side's ties moved from the first year to the last,
    and how many could not be compared (a year not coded, or both: each third party the chart
    lists that the side has no change for), in words that read for none, one or many."""
    if first == last:
        return f"Only {first} is coded: each side's values, no change over time to show"
    listed = change["name"].nunique()
    said = []
    for k, style in enumerate(styles[:2]):
        part = change[(change["actor"] == style.id) & change["change"].notna()]
        moves = [int((part["change"] > 0).sum()), int((part["change"] < 0).sum()),
                 int((part["change"] == 0).sum()), listed - len(part)]  # fmt: skip
        who = f"{style.Phrase}'s ties" if k == 0 else f"{style.phrase}'s"
        said.append(f"{who} {_side_moved(*moves, noun=k == 0)}")
    return f"{first} to {last}: {'; '.join(said)}"


def year_span(first: int, last: int) -> str:
    """'2014-2016', or '2015' for one year (never '2015-2015')."""
    return f"{first}-{last}" if first != last else f"{first}"


def trend(ds: Dataset, state: ComparisonState) -> ChartView:
    """One third party's value for each side year by year, in the state's dimension and
    reading, with the timeline's events involving it: a shift beside what the source says
    caused it."""
    tp = ds.third_party(state.third_party)
    ratings = read(ds, state)
    rows = ratings[
        (ratings["third_party"] == tp.id) & (ratings["dimension"] == state.dimension)
    ].copy()
    rows["value_id"] = [str(ValueId(tp.id, state.dimension, int(y), a))
                        for a, y in zip(rows["actor"], rows["year"], strict=True)]  # fmt: skip
    rows["quote"] = rows["quote"].where(rows["value"].notna(), "").fillna("")
    events = involving(events_frame(ds), tp.id)
    styles = actor_styles(ds)
    dim = dimension_name(ds, state.dimension)
    first, last = min(ds.meta.years), max(ds.meta.years)

    def said(actor: str) -> str:
        part = rows[rows["actor"] == actor].sort_values("year")
        coded = part[part["value"].notna()]
        if coded.empty:
            return "not coded"
        start, end = int(coded["value"].iloc[0]), int(coded["value"].iloc[-1])
        if len(coded) == 1:  # one year coded: not "throughout"
            return f"{start:+d} in {int(coded['year'].iloc[0])}"
        return f"{start:+d} to {end:+d}" if start != end else f"{start:+d} throughout"

    a, b = styles[0], styles[1]
    title = (
        f"{tp.name}, {dim.lower()}, {year_span(first, last)}: {a.Phrase} {said(a.id)}, {b.phrase} "
        f"{said(b.id)}; {len(events)} event{'s' if len(events) != 1 else ''}"
    )
    fig = charts.build_trend(rows, events, styles, title=title, scale=scale_values(ds),
                             scale_labels=scale_labels(ds))  # fmt: skip
    table = rows.assign(actor=rows["actor"].map({s.id: s.short for s in styles}))[
        ["actor", "year", "value", "label", "quote"]
    ].rename(columns=str.capitalize)
    return ChartView(
        "trend", fig, caption(ds, dimension=state.dimension), table, year_span(first, last),
        f"{tp.name} over time", evidence=True,
    )  # fmt: skip


def network(ds: Dataset, state: NetworkState | ComparisonState) -> ChartView:
    """Both sides as poles and every third party placed between them by its two ties."""
    year, dimension = state.year, state.dimension
    frame = comparison_frame(ds, read(ds, state), year, dimension)
    counts = lean_counts(ds, frame)
    dim = dimension_name(ds, dimension)
    fig = charts.build_network(
        frame, actor_styles(ds), scale=scale_values(ds), scale_labels=scale_labels(ds),
        labels=lean_labels(ds), title=f"{dim} ties, {year}: {lean_sentence(ds, counts)}",
    )  # fmt: skip
    note = reading_note(ds, state)
    cap = caption(ds, year=year, dimension=dimension) + (f" {note}" if note else "")
    return ChartView(
        "network", fig, cap, _table(frame, ds), str(year), None,
        "Line width: how strong a tie is; dotted: strained or hostile.", evidence=True,
        values=value_choices(frame, ds),
    )  # fmt: skip


@dataclass(frozen=True)
class ProfileView:
    name: str
    kind: str
    region: str
    note: str | None
    values: pd.DataFrame
    events: pd.DataFrame
    actions: pd.DataFrame
    counter_moves: pd.DataFrame
    tier_name: str = "Tier"  # what the dataset calls a part of the strategy

    @cached_property
    def values_markdown(self) -> Markdown:
        """The coded values as a Markdown table, written once for every session that shows
        them (the view is shared and read-only: cached.py)."""
        return markdown_table(self.values)

    @cached_property
    def event_links(self) -> tuple[PageLink, ...]:
        """Its events, each a link to the timeline (made once per view, as above)."""
        return tuple(
            PageLink("timeline", f"{e.when}: {e.title}", url_params.EVENT, e.id)
            for e in self.events.itertuples()
        )

    @cached_property
    def action_links(self) -> tuple[PageLink, ...]:
        """Its strategy actions, then the other side's counter-moves, each a link to the tracker."""
        return tuple(
            PageLink(
                "strategy",
                f"{self.tier_name} {a.tier_number}: {a.title} ({status_label(a.status)}, "
                f"judged {a.judged})",
                url_params.ACTION,
                a.action,
                ":material/stacks:",
            )
            for a in self.actions.itertuples()
        ) + tuple(
            PageLink(
                "strategy", f"Counter-move: {m.title}", url_params.ACTION, m.id, ":material/reply:"
            )
            for m in self.counter_moves.itertuples()
        )


class PageLink(NamedTuple):
    """A link to another page of the dashboard at one item: its label is plain text."""

    page: str
    label: str
    param: str
    value: str
    icon: str | None = None


def profile(ds: Dataset, third_party: str) -> ProfileView:
    """Everything the dataset says about one third party, values as coded (spans kept)."""
    tp = ds.third_party(third_party)
    labels = {lvl.value: lvl.label for lvl in ds.meta.scale.levels}
    rows = []
    for actor in ds.meta.actors:
        for key in dimension_options(ds):
            ratings = tp.relations.get(actor.id, {}).get(key)
            if not ratings:
                rows.append(
                    {
                        "Side": actor.short_name,
                        "Dimension": dimension_name(ds, key),
                        "Years": "all",
                        "Value": "not coded",
                        "Confidence": "",
                        "Rationale": "The article gives no grounds.",
                        "Evidence": "",
                    }
                )
                continue
            for r in ratings:
                if r.inferred:
                    evidence = f"Inferred: {r.reasoning}" + (
                        f' Quote: "{r.quote}"' if r.quote else ""
                    )
                else:
                    evidence = f'"{r.quote}"' if r.quote else ""
                rows.append(
                    {
                        "Side": actor.short_name,
                        "Dimension": dimension_name(ds, key),
                        "Years": r.years,
                        "Value": "not coded"
                        if r.value is None
                        else f"{r.value} {labels.get(r.value, '')}",
                        "Confidence": r.confidence or "",
                        "Rationale": r.rationale,
                        "Evidence": evidence,
                    }
                )
    values = pd.DataFrame(rows)
    events = involving(events_frame(ds), third_party)
    if not events.empty:
        events = events.assign(
            when=[
                date_label(d, p) for d, p in zip(events["date"], events["precision"], strict=True)
            ]
        )[["id", "when", "title", "basis", "quote"]]
    actions = involving(actions_frame(ds), third_party)
    if not actions.empty:
        actions = actions[["action", "tier_number", "title", "status", "judged", "quote"]]
    moves = involving(counter_moves_frame(ds), third_party)
    if not moves.empty:
        moves = moves[["id", "tier", "title", "quote"]]
    return ProfileView(tp.name, tp.kind, tp.region, tp.note, values, events, actions, moves,
                       ds.strategy.tier_name or "Tier")  # fmt: skip


# ---------------------------------------------------------------- strategy


@dataclass(frozen=True)
class Card:
    """One strategy action or counter-move as the tracker shows it (outcome: actions only)."""

    title: str
    when: str
    quote: str
    status: str | None = None
    judged: int | None = None
    rationale: str | None = None
    events: tuple[tuple[str, str], ...] = ()  # (event id, event title)
    id: str = ""
    third_parties: tuple[tuple[str, str], ...] = ()  # (third party id, name)


@dataclass(frozen=True)
class TierCards:
    number: int
    title: str
    goals: tuple[tuple[str, tuple[Card, ...]], ...]  # goals with a shown action, in order
    moves: tuple[Card, ...]
    heading: str = ""  # "Tier 1: ...", with the side where both sides have tiers
    side: str = ""  # whose tier it is (an actor's phrase), and who answers it
    answered_by: str = ""


@dataclass(frozen=True)
class StrategyView:
    chart: ChartView
    tiers: tuple[TierCards, ...]


def when(item: Action | CounterMove) -> str:
    """The date label of an action or counter-move, or why it has none."""
    if item.date is not None and item.precision is not None:
        return date_label(item.date, item.precision)
    return f"undated ({item.date_note})"


def strategy(ds: Dataset, state: StrategyState) -> StrategyView:
    """Progress per tier, and each tier's actions (those with a chosen outcome, grouped by goal)
    beside the other side's counter-moves on that tier (a tier is the first actor's, or the one
    it names)."""
    statuses = list(state.shown)
    actions = actions_frame(ds)
    progress = tier_progress(ds, actions, STATUS_ORDER)
    total = len(actions)
    achieved = int((actions["status"] == "achieved").sum())
    blocked = int(actions["status"].isin(["stalled", "reversed"]).sum())
    judged = int(actions["judged"].max()) if total else max(ds.meta.years)
    achieved_tiers = {t.number: t.title for t in ds.strategy.tiers} if achieved else {}
    tiers_done = set(actions[actions["status"] == "achieved"]["tier_number"])
    title = f"{achieved} of {total} actions achieved"
    if len(tiers_done) == 1:
        number = tiers_done.pop()
        title += f", all in {ds.strategy.part(number).lower()} ({achieved_tiers[number]})"
    title += f"; {blocked} stalled or reversed"
    highlight = statuses if set(statuses) != set(STATUS_ORDER) else None
    fig = charts.build_tier_progress(progress, STATUS_ORDER, title=title, highlight=highlight)
    table = progress.rename(columns={"tier_title": ds.strategy.tier_name or "Tier"}).drop(
        columns="tier"
    )
    chart = ChartView("strategy-progress", fig, caption(ds, year=judged), table, str(judged))

    event_titles = {e.id: e.title for e in ds.events}
    tp_names = {tp.id: tp.name for tp in ds.third_parties}
    tiers = []
    for tier in ds.strategy.tiers:
        goals = []
        for goal in tier.goals:
            cards = tuple(
                Card(
                    a.title,
                    when(a),
                    a.outcome.quote,
                    a.outcome.status,
                    a.outcome.judged,
                    a.outcome.rationale,
                    tuple((e, event_titles[e]) for e in a.events),
                    a.id,
                    tuple((t, tp_names[t]) for t in a.third_parties),
                )
                for a in goal.actions
                if a.outcome.status in statuses
            )
            if cards:
                goals.append((goal.title, cards))
        moves = tuple(
            Card(
                m.title,
                when(m),
                m.quote,
                events=tuple((e, event_titles[e]) for e in m.events),
                id=m.id,
                third_parties=tuple((t, tp_names[t]) for t in m.third_parties),
            )
            for m in ds.strategy.counter_moves
            if m.tier == tier.id
        )
        own, other = ds.tier_sides(tier)
        tiers.append(TierCards(tier.number, tier.title, tuple(goals), moves,
                               ds.tier_label(tier), own.phrase, other.phrase))  # fmt: skip
    return StrategyView(chart, tuple(tiers))


# ---------------------------------------------------------------- timeline


def timeline(ds: Dataset, state: TimelineState) -> tuple[ChartView, pd.DataFrame]:
    """The events the state's filters keep, on lanes, with the selected one ringed; and those
    events as a table in date order (the page's list and its Previous / Next)."""
    selected = state.event
    events = filter_events(
        events_frame(ds),
        actors=list(state.actors),
        third_parties=list(state.third_parties),
        categories=list(state.categories),
        tiers=list(state.tiers),
        start=pd.Timestamp(state.start),
        end=pd.Timestamp(state.end),
    )
    lanes = [(f"actor:{a.id}", a.short_name) for a in ds.meta.actors]
    involved = {tp for tps in events["third_parties"] for tp in tps} if len(events) else set()
    lanes += [(f"tp:{tp.id}", tp.name) for tp in ds.third_parties if tp.id in involved]
    if len(events) and any(
        not a and not t for a, t in zip(events["actors"], events["third_parties"], strict=True)
    ):
        lanes.append((f"{charts.UNPLACED}:", "Other events"))  # involving no one in the data
    cat_ids = [c.id for c in ds.meta.event_categories]
    styles = category_styles(cat_ids)
    categories = {
        c.id: (c.name, styles[c.id][0], styles[c.id][1]) for c in ds.meta.event_categories
    }
    if len(events):
        first = date_label(events.iloc[0]["date"], events.iloc[0]["precision"])
        last = date_label(events.iloc[-1]["date"], events.iloc[-1]["precision"])
        title = (
            f"{len(events)} events from {first} to {last}"
            if first != last
            else f"{len(events)} event{'s' if len(events) != 1 else ''} in {first}"
        )
        if len(events) < len(ds.events):
            title += f" (filtered from {len(ds.events)})"
    else:
        title = "No events match these filters"
    period = (state.start.isoformat(), state.end.isoformat())
    fig = charts.build_timeline(
        events, lanes, categories, title=title, selected=selected, period=period
    )
    table = events.assign(
        when=[date_label(d, p) for d, p in zip(events["date"], events["precision"], strict=True)]
        if len(events)
        else []
    )
    table = table[["when", "title", "category", "tier", "basis", "id"]] if len(events) else table
    chart = ChartView(
        "timeline",
        fig,
        caption(ds) + " Bars span the month or year a date stands for.",
        table,
        state.span,
    )
    return chart, events


# ---------------------------------------------------------------- method


def method_summary(ds: Dataset) -> dict[str, object]:
    ratings = ratings_frame(ds)
    cov = coverage(ds, ratings)
    coded = ratings[ratings["value"].notna()]
    evidence = (
        coded.assign(evidence=coded["inferred"].map({True: "inferred", False: "quoted"}))
        .groupby(["evidence", "confidence"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=["high", "medium", "low"], fill_value=0)
    )
    by_dimension = (
        ratings.assign(coded=ratings["value"].notna())
        .groupby("dimension")["coded"]
        .agg(["sum", "count"])
        .reindex(dimension_options(ds))
        .rename(columns={"sum": "coded", "count": "cells"})
    )
    by_dimension.index = [dimension_name(ds, d) for d in by_dimension.index]
    return {
        "coverage": cov,
        "evidence": evidence,
        "by_dimension": by_dimension,
        "ratings": ratings,
        "scale": scale_table(ds),
        "thresholds": scale_thresholds(ds),
        "reliability": reliability_summary(ds),
    }


def _coefficient(value: float | None) -> str:
    # three places: at two, 0.9973 would read as a perfect 1.00
    return "undefined" if value is None else f"{value:.3f}"


def adjudicated_table(ds: Dataset) -> pd.DataFrame:
    """Every value whose disagreement with a second coding was decided, with the decision: one
    row per entry (its years as the dataset gives them)."""
    actors = {a.id: a.short_name for a in ds.meta.actors}
    rows = [
        {
            "Third party": tp.name,
            "Actor": actors.get(side, side),
            "Dimension": dimension_name(ds, dim),
            "Years": str(r.years),
            "Value": "not coded" if r.value is None else str(r.value),
            "Decision": r.adjudication,
        }
        for tp in ds.third_parties
        for side, dims in tp.relations.items()
        for dim, ratings in dims.items()
        for r in ratings or []
        if r.adjudication
    ]
    return pd.DataFrame(
        rows, columns=["Third party", "Actor", "Dimension", "Years", "Value", "Decision"]
    )


def reliability_summary(ds: Dataset) -> dict[str, object] | None:
    """The method page's reliability: its headline figures as text, the alpha per dimension
    before and after the adjudication, and one sentence that says how reliable the coding is
    (None where no second coding is declared)."""
    rel = ds.meta.reliability
    if rel is None:
        return None
    rows = []
    for d in dimension_options(ds):
        if d not in rel.alpha_by_dimension and d not in rel.alpha_by_dimension_before:
            continue
        row = {"Dimension": dimension_name(ds, d)}
        if rel.alpha_by_dimension_before:
            row["Coded independently"] = _coefficient(rel.alpha_by_dimension_before.get(d))
        row["After adjudication" if rel.alpha_by_dimension_before else "Alpha (ordinal)"] = (
            _coefficient(rel.alpha_by_dimension.get(d))
        )
        rows.append(row)
    decided = ", ".join(
        f"{n} {what}"
        for n, what in (
            (rel.kept, "kept"),
            (rel.taken, "taken from the second coding"),
            (rel.third, "given a third value"),
        )
        if n
    )
    if rel.alpha_before is not None:
        sentence = (
            f"Coded independently, a second coder agreed with this coding at Krippendorff's "
            f"ordinal alpha {_coefficient(rel.alpha_before)}; after each of the "
            f"{rel.disagreements} disagreements was adjudicated, the two agree at "
            f"{_coefficient(rel.alpha)} over the {rel.pairable} cells both code "
            f"({rel.one_only} cells are coded by one only)."
        )
    else:
        sentence = (
            f"A second, independent coding agrees with this one at Krippendorff's ordinal alpha "
            f"{_coefficient(rel.alpha)} over the {rel.pairable} cells both code "
            f"({rel.one_only} cells are coded by one only)."
        )
    return {
        "alpha": _coefficient(rel.alpha),
        "alpha_before": None if rel.alpha_before is None else _coefficient(rel.alpha_before),
        "by_dimension": pd.DataFrame(rows),
        "decided": f"{rel.disagreements} disagreements" + (f": {decided}" if decided else ""),
        "sentence": sentence,
        "adjudicated": adjudicated_table(ds),
        "confusion": confusion_figures(ds),
        "confusion_note": (
            "Each cell counts the year-cells of a dimension by this coding's value (down the "
            "side) and the second coding's (along the bottom), as each coder first coded them. "
            "The diagonal is agreement; a cell beside it, two values one level apart; not coded, "
            "a cell the other coder gave a value. Made by tugofwar agree --confusion."
        ),
    }


def confusion_figures(ds: Dataset) -> list[tuple[str, go.Figure, str]]:
    """The method page's heat maps: per dimension the reliability declares, its name, the
    confusion matrix before the adjudication as a figure titled with what it shows, and the
    same in words (the figure's text alternative)."""
    rel = ds.meta.reliability
    if rel is None:
        return []
    levels = sorted(ds.meta.scale.levels, key=lambda lvl: lvl.value)
    ticks = [_signed(lvl.value) for lvl in levels] + ["not coded"]
    names = [f"{_signed(lvl.value)} {lvl.label}" for lvl in levels] + ["not coded"]
    out = []
    for d in dimension_options(ds):
        counts = rel.confusion_before.get(d)
        if counts is None:
            continue
        k = len(levels)
        both = sum(n for row in counts[:k] for n in row[:k])
        alike = sum(counts[i][i] for i in range(k))
        one = sum(counts[k][:k]) + sum(row[k] for row in counts[:k])
        title = f"{alike} of {both} cells both code alike" + (f"; {one} one only" if one else "")
        alt = (f"{dimension_name(ds, d)}: confusion matrix before adjudication, this coding's "
               f"values in rows, the second coding's in columns. {title}.")  # fmt: skip
        figure = charts.build_confusion(
            counts, ticks, names=names, title=title, rows_title="This coding",
            columns_title="Second coding",
        )  # fmt: skip
        out.append((dimension_name(ds, d), figure, alt))
    return out


VALUE_COLUMNS = [
    "third_party_name",
    "actor",
    "year",
    "dimension",
    "value",
    "label",
    "confidence",
    "evidence",
    "quote",
    "reasoning",
    "rationale",
]


def values_table(ds: Dataset, ratings: pd.DataFrame, query: str) -> pd.DataFrame:
    """Every coded value matching the search, as the method page lists it (names, not ids)."""
    found = search_values(ratings, query)
    actor_names = {a.id: a.short_name for a in ds.meta.actors}
    dimensions = {d: dimension_name(ds, d) for d in dimension_options(ds)}
    table = found.assign(
        actor=found["actor"].map(actor_names),
        dimension=found["dimension"].map(dimensions),
        evidence=found["inferred"].map({True: "inferred", False: "quote"}),
    )[VALUE_COLUMNS]
    return table.rename(columns=lambda c: c.replace("third_party_name", "third party").capitalize())


def scale_table(ds: Dataset) -> pd.DataFrame:
    """The scale's levels: value, label and definition (thresholds and examples, which run long,
    are `scale_thresholds`)."""
    rows = [
        {"Value": lvl.value, "Label": lvl.label, "Definition": lvl.definition}
        for lvl in ds.meta.scale.levels
    ]
    return pd.DataFrame(rows).set_index("Value")


def scale_thresholds(ds: Dataset) -> list[tuple[str, str | None, list[str]]]:
    """Each level that says what a value needs to reach it: "+2 Working relations", its
    threshold and the source's examples ([] where the dataset gives none)."""
    return [
        (f"{_signed(lvl.value)} {lvl.label}", lvl.threshold, list(lvl.examples))
        for lvl in ds.meta.scale.levels
        if lvl.threshold or lvl.examples
    ]


# ---------------------------------------------------------------- a page's charts


# What each page with charts draws for its state, in the page's order: what the page shows, what
# a briefing pack exports and what a screenshot shows. Keyed by the state class its route row
# names (core/routes.py; a test checks that every route with charts has a builder here).
PAGE_CHARTS: dict[type[ViewState], Callable[[Any, Dataset], list[ChartView]]] = {
    OverviewState: lambda state, ds: [overview(ds, state).lead],
    ComparisonState: lambda state, ds: comparison(ds, state),
    NetworkState: lambda state, ds: [network(ds, state)],
    StrategyState: lambda state, ds: [strategy(ds, state).chart],
    TimelineState: lambda state, ds: [timeline(ds, state)[0]],
}


def page_charts(state: ViewState, ds: Dataset) -> list[ChartView]:
    """Every chart a page shows for a state (PAGE_CHARTS); pages without charts give none."""
    build = PAGE_CHARTS.get(type(state))
    return [] if build is None else build(state, ds)


def view_charts(state: ViewState, ds: Dataset) -> list[ChartView]:
    """Every chart of a view that can be shown alone (a seminar's wall), by its key in the
    route's `charts`: the page's charts, and the comparison's profile trend."""
    charts_ = page_charts(state, ds)
    if isinstance(state, ComparisonState):
        charts_.append(trend(ds, state))
    return charts_


def view_chart(state: ViewState, ds: Dataset, key: str) -> ChartView:
    """One chart of a view, by key (scenes.yaml's `chart`, checked when the scenes load)."""
    for chart in view_charts(state, ds):
        if chart.key == key:
            return chart
    raise KeyError(f"{state.PAGE} has no chart {key!r}")


def reachable_views(ds: Dataset) -> Iterator[tuple[str, ChartView]]:
    """Every distinct chart a user can reach by the pages' year, dimension and third-party
    choices and the timeline's one-item filters, each once (a chart that does not depend on a
    choice, such as the change over time on the year, is not repeated), named by its page and
    parameters: what a check that no label sits over another walks."""
    years = [str(y) for y in ds.meta.years]
    dims = dimension_options(ds)
    states: list[ViewState] = []
    for route in routes.ROUTES:
        if not route.exportable:
            continue
        cls = route.state
        if cls in (ComparisonState, NetworkState):
            states += [cls.from_params(ds, {"year": y, "dim": d}) for y in years for d in dims]
        elif cls is OverviewState:
            states += [cls.from_params(ds, {"year": y}) for y in years]
        elif cls is TimelineState:
            states.append(cls.default(ds))
            states += [cls.from_params(ds, {"actors": a.id}) for a in ds.meta.actors]
            states += [cls.from_params(ds, {"cat": c.id}) for c in ds.meta.event_categories]
            states += [cls.from_params(ds, {"tier": t.id}) for t in ds.strategy.tiers]
        else:
            states.append(cls.default(ds))
    found = [(state, view) for state in states for view in page_charts(state, ds)]
    # one third party's trend depends on the third party and the dimension only
    for d in dims:
        for tp in ds.third_parties:
            state = ComparisonState.from_params(ds, {"dim": d, "tp": tp.id})
            found.append((state, trend(ds, state)))
    seen: set[tuple[str, str]] = set()
    for state, view in found:
        mark = (view.key, view.figure.to_json())
        if mark in seen:
            continue
        seen.add(mark)
        params = "&".join(f"{k}={v}" for k, v in state.to_params().items() if v)
        yield f"{state.PAGE}/{view.key}?{params}", view


def answers_figure(
    ds: Dataset, question: ChoiceQuestion | CodeQuestion, given: list[int], *, marked: bool = True
) -> go.Figure:
    """The room's answers to a scene's question, one bar per answer (zero counts included), the
    dataset's own answer to a value question marked when `marked` (the wall's reveal, and an
    export given the room's answers)."""
    labels = answer_labels(ds, question)
    truth = question_truth(ds, question)
    mark = marked and truth in labels
    bars = distribution(given, labels)
    return charts.build_answers(
        [b.label for b in bars], [b.count for b in bars], title="",
        marked=list(labels).index(truth) if mark else None,
        mark_name=f"The dataset: {labels[truth]}" if mark else "",
    )  # fmt: skip
