"""A machine check of evidence: a value marked as quoted must have a quote that names its third
party and its side, by name or by an alias the dataset declares; otherwise it is inferred.

This is the coding rule "a value is quoted only when its quote states what the value claims about
that third party and that side", as far as a machine can check it: a quote that names neither
cannot state it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from components.analysis.quotes import normalise
from components.dataset.errors import Problem, format_path
from components.dataset.models import Actor, Dataset, ThirdParty


def names_of(item: ThirdParty | Actor) -> list[str]:
    """The words that name a third party or a side: its name, short name and aliases."""
    found = [item.name, *(item.aliases or [])]
    short = getattr(item, "short_name", None)
    if short:
        found.append(short)
    return sorted({n for n in found if n}, key=len, reverse=True)


def _pattern(names: Iterable[str]) -> re.Pattern[str]:
    words = [re.escape(normalise(n)) for n in names]
    return re.compile(r"(?<![\w])(" + "|".join(words) + r")(?![\w])", re.IGNORECASE)


def mentions(text: str, names: Iterable[str]) -> bool:
    names = list(names)
    return bool(names) and _pattern(names).search(normalise(text)) is not None


def check_evidence(ds: Dataset) -> Iterator[Problem]:
    """A problem for every quoted value whose quote names neither its third party nor its side
    (either one missing is reported)."""
    file = "third_parties.yaml"
    actors = {a.id: a for a in ds.meta.actors}
    for i, tp in enumerate(ds.third_parties):
        tp_names = names_of(tp)
        for actor_id, dims in tp.relations.items():
            actor = actors.get(actor_id)
            if actor is None:
                continue
            side_names = names_of(actor)
            for key, ratings in dims.items():
                for j, r in enumerate(ratings or []):
                    if r.value is None or r.inferred or not r.quote:
                        continue
                    missing = []
                    if not mentions(r.quote, tp_names):
                        missing.append(f"{tp.name} ({', '.join(tp_names)})")
                    if not mentions(r.quote, side_names):
                        missing.append(f"{actor.short_name} ({', '.join(side_names)})")
                    if not missing:
                        continue
                    path = ("third_parties", i, "relations", actor_id, key, j, "quote")
                    yield Problem(
                        file,
                        ds.locate(file, path),
                        format_path(path),
                        f"the quote does not name {' nor '.join(missing)}, so it cannot state "
                        f"this value for {r.years}: quote a sentence that does, or set "
                        "inferred: true with the reasoning (an alias can be declared under "
                        "aliases)",
                    )
