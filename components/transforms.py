"""Tables built from the validated dataset (pandas only, no Streamlit)."""

from __future__ import annotations

import pandas as pd

from components.models import Dataset

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


def overall_table(ds: Dataset, ratings: pd.DataFrame | None = None) -> pd.DataFrame:
    """Third parties by row; a column per actor and year with the overall value (NA: not coded)."""
    frame = ratings_frame(ds) if ratings is None else ratings
    overall = frame[frame["dimension"] == "overall"]
    names = {a.id: a.short_name for a in ds.meta.actors}
    table = overall.pivot_table(
        index="third_party",
        columns=["actor", "year"],
        values="value",
        aggfunc="first",
        dropna=False,
    )
    order = [(a.id, y) for a in ds.meta.actors for y in ds.meta.years]
    table = table.reindex(columns=order).reindex([tp.id for tp in ds.third_parties])
    table.columns = [f"{names[a]} {y}" for a, y in table.columns]
    table.insert(0, "Third party", [tp.name for tp in ds.third_parties])
    table.insert(1, "Kind", [tp.kind for tp in ds.third_parties])
    return table.reset_index(drop=True)
