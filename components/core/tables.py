"""Tables built from the validated dataset (pandas only, no Streamlit)."""

from __future__ import annotations

import pandas as pd

from components.core.cite import ValueId
from components.core.dates import period
from components.dataset.models import Dataset, Event

RATING_COLUMNS = [
    "third_party",
    "third_party_name",
    "kind",
    "actor",
    "year",
    "dimension",
    "value",
    "label",
    "confidence",
    "inferred",
    "quote",
    "reasoning",
    "rationale",
]


def ratings_frame(ds: Dataset) -> pd.DataFrame:
    """Long form: one row per third party, actor, year and dimension ("overall" included).

    Spans are expanded to single years. Rows not coded keep value NA, so coverage stays visible.
    """
    labels = {lvl.value: lvl.label for lvl in ds.meta.scale.levels}
    keys = ["overall", *(d.id for d in ds.meta.dimensions)]
    rows = []
    for tp in ds.third_parties:
        for actor in ds.meta.actors:
            dims = tp.relations.get(actor.id, {})
            for key in keys:
                ratings = dims.get(key)
                by_year = {}
                for r in ratings or []:
                    start, end = r.span
                    for year in range(start, end + 1):
                        by_year[year] = r
                for year in ds.meta.years:
                    r = by_year.get(year)
                    coded = r is not None and r.value is not None
                    rows.append(
                        {
                            "third_party": tp.id,
                            "third_party_name": tp.name,
                            "kind": tp.kind,
                            "actor": actor.id,
                            "year": year,
                            "dimension": key,
                            "value": r.value if coded else None,
                            "label": labels.get(r.value) if coded else "not coded",
                            "confidence": r.confidence if coded else None,
                            "inferred": r.inferred if coded else None,
                            "quote": r.quote if r else None,
                            "reasoning": r.reasoning if r else None,
                            "rationale": r.rationale if r else "dimension not coded",
                        }
                    )
    frame = pd.DataFrame(rows, columns=RATING_COLUMNS)
    frame["value"] = frame["value"].astype("Int64")
    frame["inferred"] = frame["inferred"].astype("boolean")
    return frame


def coverage(ds: Dataset, ratings: pd.DataFrame | None = None) -> dict[str, int]:
    """Counts that say what is in the dataset, for the summary and the method page."""
    frame = ratings_frame(ds) if ratings is None else ratings
    coded = frame[frame["value"].notna()]
    kinds = pd.Series([tp.kind for tp in ds.third_parties]).value_counts()
    actions = [a for tier in ds.strategy.tiers for goal in tier.goals for a in goal.actions]
    return {
        "third_parties": len(ds.third_parties),
        "countries": int(kinds.get("country", 0)),
        "organisations": int(kinds.get("organisation", 0)),
        "groups": int(kinds.get("group", 0)),
        "cells": len(frame),
        "coded": len(coded),
        "not_coded": len(frame) - len(coded),
        "quoted": int((~coded["inferred"].astype(bool)).sum()),
        "inferred": int(coded["inferred"].astype(bool).sum()),
        "high": int((coded["confidence"] == "high").sum()),
        "medium": int((coded["confidence"] == "medium").sum()),
        "low": int((coded["confidence"] == "low").sum()),
        "events": len(ds.events),
        "events_stated": sum(1 for e in ds.events if e.basis == "stated"),
        "events_context": sum(1 for e in ds.events if e.basis == "context"),
        "tiers": len(ds.strategy.tiers),
        "actions": len(actions),
        "counter_moves": len(ds.strategy.counter_moves),
    }


# ---------------------------------------------------------------- who leads where


HEDGE = "hedge"
ALOOF = "aloof"
UNCODED = "uncoded"  # one side (or both) not coded for the year and dimension: no lean
CONFIDENCE_ORDER = ("low", "medium", "high")


def lean_ids(ds: Dataset) -> list[str]:
    """Every lean a third party can have, in the order pages list them."""
    return [ds.meta.actors[0].id, ds.meta.actors[1].id, HEDGE, ALOOF, UNCODED]


def lean_labels(ds: Dataset) -> dict[str, str]:
    """Lean id -> its name on every page, legend and export."""
    a, b = ds.meta.actors[0], ds.meta.actors[1]
    return {
        a.id: f"Leans to {a.phrase}",
        b.id: f"Leans to {b.phrase}",
        HEDGE: "Ties with both",
        ALOOF: "Stands aloof",
        UNCODED: "One side not coded",
    }


def lean_rules(ds: Dataset) -> list[tuple[str, str]]:
    """The classification rules in words (plain text), with the dataset's actor names: (lean id,
    rule); the lean's name is lean_labels(ds)[lean id]."""
    a, b = ds.meta.actors[0], ds.meta.actors[1]
    return [
        (
            a.id,
            f"{a.phrase}'s value is at least 1 and either {b.phrase}'s is 0 or below, or "
            f"{a.phrase}'s is higher by 2 or more.",
        ),
        (b.id, "the same rule with the sides swapped."),
        (HEDGE, "both values are at least 1 (contact or more) and differ by at most 1."),
        (ALOOF, "neither side has a value of 1 or more (no ties, or hostility)."),
        (
            UNCODED,
            "the source gives no grounds for one side's value, so there is no lean to tell; "
            "such third parties are counted apart, never as 0.",
        ),
    ]


def classify(first: float | None, second: float | None, first_id: str, second_id: str) -> str:
    """The one rule for which way a third party leans (lean_rules in words). A side not coded
    is not a 0: the lean is then UNCODED."""
    if first is None or second is None or pd.isna(first) or pd.isna(second):
        return UNCODED
    if first < 1 and second < 1:
        return ALOOF
    if first >= 1 and second >= 1 and abs(first - second) <= 1:
        return HEDGE
    return first_id if first > second else second_id


def stricter(ratings: pd.DataFrame, *, quoted_only: bool, min_confidence: str) -> pd.DataFrame:
    """The ratings under a stricter reading: values that rest on inference (when quoted_only) or
    whose confidence is below min_confidence become not coded. The default reading (False,
    "low") returns the ratings as they are."""
    if not quoted_only and min_confidence == CONFIDENCE_ORDER[0]:
        return ratings
    rank = {c: i for i, c in enumerate(CONFIDENCE_ORDER)}
    floor = rank[min_confidence]
    coded = ratings["value"].notna()
    below = ratings["confidence"].map(lambda c: rank.get(c, -1) < floor)
    drop = coded & below
    if quoted_only:
        drop |= coded & ratings["inferred"].fillna(False).astype(bool)
    out = ratings.copy()
    out.loc[drop, "value"] = pd.NA
    out.loc[drop, "label"] = "left out by the reading"
    return out


def comparison_frame(
    ds: Dataset, ratings: pd.DataFrame, year: int, dimension: str = "overall"
) -> pd.DataFrame:
    """One row per third party with a coded value for either side in that year and dimension.

    Columns: third_party, name, short (the short name, else the name), kind, iso3, region,
    <first actor id>, <second actor id>, gap (first minus second; NA where a side is not coded),
    lean, value_id (the pair's id in the address: third party, dimension, year), and for each
    actor <id>_label (the scale's label) and <id>_quote (the value's quote, or ""). Sorted by
    gap, the first actor's biggest lead on top, rows with one side not coded last.
    """
    a, b = ds.meta.actors[0].id, ds.meta.actors[1].id
    rows = ratings[(ratings["year"] == year) & (ratings["dimension"] == dimension)]
    wide = rows.pivot_table(
        index="third_party", columns="actor", values="value", aggfunc="first", dropna=False
    )
    wide = wide.reindex(columns=[a, b])
    info = pd.DataFrame(
        [
            {
                "third_party": tp.id,
                "name": tp.name,
                "short": tp.short_name or tp.name,
                "kind": tp.kind,
                "iso3": tp.iso3 or "",
                "region": tp.region,
            }
            for tp in ds.third_parties
        ]
    ).set_index("third_party")
    frame = info.join(wide, how="left")
    frame = frame[frame[a].notna() | frame[b].notna()].copy()
    # the gap is known only where both sides are coded; a side not coded is not a 0 here
    frame["gap"] = (frame[a] - frame[b]).astype("Int64")
    frame["lean"] = [classify(x, y, a, b) for x, y in zip(frame[a], frame[b], strict=True)]
    frame["value_id"] = [str(ValueId(tp, dimension, year)) for tp in frame.index]
    for actor in (a, b):
        side = rows[rows["actor"] == actor].set_index("third_party")
        coded = side["value"].notna()
        frame[f"{actor}_label"] = side["label"].where(coded, "not coded").reindex(frame.index)
        frame[f"{actor}_quote"] = side["quote"].where(coded, "").fillna("").reindex(frame.index)
    order = {tp.id: i for i, tp in enumerate(ds.third_parties)}
    frame["_order"] = [order[i] for i in frame.index]
    frame = frame.sort_values(["gap", "_order"], ascending=[False, True], na_position="last").drop(
        columns="_order"
    )
    return frame.reset_index()


def lean_counts(ds: Dataset, frame: pd.DataFrame) -> dict[str, int]:
    """How many third parties lean each way (every lean id present, zeros included)."""
    counts = frame["lean"].value_counts()
    return {i: int(counts.get(i, 0)) for i in lean_ids(ds)}


def change_frame(ds: Dataset, ratings: pd.DataFrame, dimension: str = "overall") -> pd.DataFrame:
    """Each side's value in the first and last scored year, per third party (NA: not coded)."""
    first, last = min(ds.meta.years), max(ds.meta.years)
    rows = ratings[(ratings["dimension"] == dimension) & ratings["year"].isin([first, last])]
    wide = rows.pivot_table(
        index=["third_party", "actor"],
        columns="year",
        values="value",
        aggfunc="first",
        dropna=False,
    ).reindex(columns=[first, last])
    wide.columns = ["start", "end"]
    wide = wide.reset_index()
    wide = wide[wide["start"].notna() | wide["end"].notna()].copy()
    names = {tp.id: tp.name for tp in ds.third_parties}
    wide.insert(1, "name", wide["third_party"].map(names))
    wide["change"] = wide["end"] - wide["start"]
    wide["first_year"], wide["last_year"] = first, last
    # the address's ids of each side's value in the first and last year (value=...)
    wide["start_id"] = [str(ValueId(t, dimension, first, a)) for t, a in zip(wide["third_party"],
                        wide["actor"], strict=True)]  # fmt: skip
    wide["end_id"] = [str(ValueId(t, dimension, last, a)) for t, a in zip(wide["third_party"],
                      wide["actor"], strict=True)]  # fmt: skip
    return wide.reset_index(drop=True)


# ---------------------------------------------------------------- events


def events_frame(ds: Dataset) -> pd.DataFrame:
    """Events in date order with the period each date covers (a month, a year or a day)."""
    rows = []
    for ev in ds.events:
        start, end = period(ev.date, ev.precision)
        rows.append(
            {
                **ev.model_dump(),
                "start": start,
                "end": end,
                "mid": start + (end - start) / 2,
            }
        )
    # a case with no events yet has the columns all the same (every filter and chart reads them)
    columns = [*Event.model_fields, "start", "end", "mid"]
    frame = pd.DataFrame(rows, columns=columns)
    # dataset order breaks ties: the YAML lists same-month events in the order they happened
    return frame.sort_values(["start", "end"], kind="stable").reset_index(drop=True)


def filter_events(
    frame: pd.DataFrame,
    *,
    actors: list[str] | None = None,
    third_parties: list[str] | None = None,
    categories: list[str] | None = None,
    tiers: list[str] | None = None,
    start: pd.Timestamp | None = None,
    end: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Events matching every given filter; a list filter keeps events sharing any of its ids."""
    keep = pd.Series(True, index=frame.index)
    if actors:
        keep &= frame["actors"].map(lambda xs: bool(set(xs) & set(actors)))
    if third_parties:
        keep &= frame["third_parties"].map(lambda xs: bool(set(xs) & set(third_parties)))
    if categories:
        keep &= frame["category"].isin(categories)
    if tiers:
        keep &= frame["tier"].isin(tiers)
    if start is not None:
        keep &= frame["end"] >= pd.Timestamp(start)
    if end is not None:
        keep &= frame["start"] <= pd.Timestamp(end)
    return frame[keep].reset_index(drop=True)


def step(ids: list[str], current: str | None, offset: int) -> str | None:
    """The id `offset` places from current in ids (clamped); the first id if current is absent."""
    if not ids:
        return None
    if current not in ids:
        return ids[0]
    index = min(max(ids.index(current) + offset, 0), len(ids) - 1)
    return ids[index]


# ---------------------------------------------------------------- strategy


def actions_frame(ds: Dataset) -> pd.DataFrame:
    """One row per strategy action, with its tier, goal and outcome."""
    rows = []
    for tier in ds.strategy.tiers:
        for goal in tier.goals:
            for action in goal.actions:
                rows.append(
                    {
                        "tier": tier.id,
                        "tier_number": tier.number,
                        "tier_title": tier.title,
                        "goal": goal.id,
                        "goal_title": goal.title,
                        "action": action.id,
                        "title": action.title,
                        "date": action.date,
                        "precision": action.precision,
                        "date_note": action.date_note,
                        "events": action.events,
                        "third_parties": action.third_parties,
                        "quote": action.quote,
                        "status": action.outcome.status,
                        "judged": action.outcome.judged,
                        "outcome_rationale": action.outcome.rationale,
                        "outcome_quote": action.outcome.quote,
                    }
                )
    return pd.DataFrame(rows)


def counter_moves_frame(ds: Dataset) -> pd.DataFrame:
    columns = [
        "id",
        "tier",
        "title",
        "date",
        "precision",
        "date_note",
        "events",
        "third_parties",
        "quote",
    ]
    return pd.DataFrame(
        [cm.model_dump(include=set(columns)) for cm in ds.strategy.counter_moves], columns=columns
    )


def tier_progress(ds: Dataset, actions: pd.DataFrame, statuses: list[str]) -> pd.DataFrame:
    """Actions per tier and outcome status (zeros included), tiers in their order."""
    counts = actions.groupby(["tier", "status"]).size().unstack(fill_value=0)
    counts = counts.reindex(index=[t.id for t in ds.strategy.tiers], columns=statuses, fill_value=0)
    counts.insert(0, "tier_title", [ds.tier_label(t) for t in ds.strategy.tiers])
    return counts.reset_index()


# ---------------------------------------------------------------- one third party, and search


def involving(frame: pd.DataFrame, third_party: str) -> pd.DataFrame:
    """Rows of an events, actions or counter-moves frame that name this third party."""
    if frame.empty:
        return frame
    return frame[frame["third_parties"].map(lambda xs: third_party in xs)].reset_index(drop=True)


def search_values(ratings: pd.DataFrame, text: str) -> pd.DataFrame:
    """Coded values whose third party, quote, rationale or reasoning contains text (any case)."""
    coded = ratings[ratings["value"].notna()]
    needle = text.strip().lower()
    if not needle:
        return coded.reset_index(drop=True)
    haystack = (
        coded["third_party_name"].fillna("")
        + " "
        + coded["quote"].fillna("")
        + " "
        + coded["rationale"].fillna("")
        + " "
        + coded["reasoning"].fillna("")
        + " "
        + coded["actor"]
        + " "
        + coded["dimension"]
        + " "
        + coded["inferred"].map({True: "inferred", False: "quoted"}).astype(str)
    ).str.lower()
    return coded[haystack.str.contains(needle, regex=False)].reset_index(drop=True)
