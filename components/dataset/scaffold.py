"""A new dataset to start coding a case from: valid as it stands, with placeholder entries and a
comment on each field (`tugofwar init DIR --actors A B [--years ...] [--dimensions ...]`, and
the uploader's starter download). No Streamlit."""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from components.dataset.models import FIRST_YEAR, LAST_YEAR, MAX_YEARS
from components.dataset.schema import schemas, write_schemas
from components.dataset.yaml_reader import FORBIDDEN

DEFAULT_YEARS = (2020, 2021)
DEFAULT_DIMENSIONS = ("Diplomatic",)
MAX_DIMENSIONS = 8  # meta.yaml's dimensions (models.Meta)
MAX_NAME = 2000  # characters in a name (models.Text)
# the definitions the starter gives the dimensions it knows; any other says to replace it
_DEFINITIONS = {"diplomatic": "Visits, recognition, statements of support."}


class ScaffoldError(Exception):
    """The starter cannot be written there; the message says why."""


def slug(name: str, fallback: str = "side") -> str:
    """An id from a name: its lowercase letters and digits, joined by single hyphens (the
    fallback for a name with none)."""
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return text[:40].strip("-") or fallback


def starter_years(years: Iterable[int]) -> list[int]:
    """The years a starter scores, in order; ScaffoldError for a year the dataset cannot have
    (validate would refuse the starter), given twice, or too many of them."""
    years = list(years)
    for year in years:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ScaffoldError(f"{year} is not a year a dataset may score "
                                f"(allowed: {FIRST_YEAR} to {LAST_YEAR})")  # fmt: skip
        if years.count(year) > 1:
            raise ScaffoldError(f"{year} is given twice (give each year once)")
    if not 1 <= len(years) <= MAX_YEARS:
        raise ScaffoldError(f"{len(years)} years given (allowed: 1 to {MAX_YEARS})")
    return sorted(years)


def starter_dimensions(names: Iterable[str]) -> list[tuple[str, str]]:
    """(id, name) of each dimension a starter scores, the id made from the name with slug;
    ScaffoldError for a name that makes no id, the reserved id, or the id of another name, and
    for text the dataset refuses."""
    made: dict[str, str] = {}
    for raw in names:
        name = raw.strip()
        ident = slug(name, fallback="")
        if not ident:
            raise ScaffoldError(f"{raw!r} makes no id (an id is made of a name's letters a-z and "
                                "digits; give a name with some)")  # fmt: skip
        if ident == "overall":
            raise ScaffoldError(f"{raw!r} makes the id 'overall', which is reserved for the "
                                "overall value (give another name)")  # fmt: skip
        if ident in made:
            if made[ident] == name:
                raise ScaffoldError(f"{raw!r} is given twice (give each dimension once)")
            raise ScaffoldError(f"{made[ident]!r} and {raw!r} both make the id {ident!r} (give "
                                "names that differ in their letters or digits)")  # fmt: skip
        _check_text(raw, name)
        made[ident] = name
    if not 1 <= len(made) <= MAX_DIMENSIONS:
        raise ScaffoldError(f"{len(made)} dimensions given (allowed: 1 to {MAX_DIMENSIONS})")
    return list(made.items())


def _check_text(raw: str, name: str) -> None:
    """A name the dataset's reader and models accept as text."""
    bad = FORBIDDEN.search(name)
    if bad:
        raise ScaffoldError(f"{raw!r} holds the character U+{ord(bad.group()):04X} (control "
                            "characters and direction overrides are not allowed)")  # fmt: skip
    if len(name) > MAX_NAME:
        raise ScaffoldError(f"a name of {len(name)} characters (allowed: at most {MAX_NAME})")


def _spans(years: Sequence[int]) -> list[str]:
    """The years as a rating's `years` entries: one per run of consecutive years ('2015-2017',
    or '2020' alone), so a starter's ratings cover the scored years and no other."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return [f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs]


def _q(text: str) -> str:
    """A YAML double-quoted string (JSON's quoting is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


THIRD_PARTY = "A third party"

# the scale: the project's default (docs/data-format.md), -2 to 3, as the shipped data has it
_SCALE = """# the scale: what each value means, in every dimension alike (the project's, -2 to 3;
# change the levels to fit your case, and the values coded with them)
scale:
  description: >-
    Strength of a relationship between one side and one third party in one year, as the
    source portrays it. Open hostility is coded below zero and is not the same as having no
    ties (0). A value the source gives no grounds for is left not coded (null), never guessed.
  levels:
    - value: -2
      label: Hostile
      definition: Open hostility. Armed conflict, attacks, or declared enmity between the two.
    - value: -1
      label: Strained
      definition: Ties that are cool or in friction, or one acting against the other short of force.
    - value: 0
      label: No ties
      definition: "The source states there is none. Not silence: silence is not coded."
    - value: 1
      label: Contact
      definition: Visits, meetings, channels or hosting of representatives; no material backing.
    - value: 2
      label: Working relations
      definition: Regular engagement. Agreements, joint projects, or limited backing.
    - value: 3
      label: Close partnership
      definition: Strategic agreements, alliance membership, or substantial support.
"""


def _dimensions_yaml(dims: list[tuple[str, str]]) -> str:
    """meta.yaml's dimensions, one a line."""
    lines = []
    for ident, name in dims:
        definition = _DEFINITIONS.get(ident, "Replace with what this dimension covers.")
        lines.append(f"  - {{id: {ident}, name: {_q(name)}, definition: {_q(definition)}}}")
    return "\n".join(lines)


def _relations_yaml(a: str, first: str, b: str, years: list[int], dims: list[str]) -> str:
    """The third party's relations with both sides: the first side coded in every scored year
    (an example, its quote naming both, as check-evidence wants), the second not coded, every
    dimension null."""
    quote = _q(f"Replace with the source's words, verbatim: a sentence that names {first} "
               f"and {THIRD_PARTY}.")  # fmt: skip
    coded = [f"""          - years: {span}
            value: 1
            confidence: low
            rationale: Replace with why this value.
            quote: {quote}""" for span in _spans(years)]  # fmt: skip
    uncoded = [f"""          - years: {span}
            value: null
            rationale: The source gives no grounds.""" for span in _spans(years)]  # fmt: skip
    nulls = [f"        {ident}: null" for ident in dims]
    explained = [nulls[0] + "   # null: not coded in any year", *nulls[1:]]
    return "\n".join(
        [f"      {a}:", "        overall:", *coded, *explained]
        + [f"      {b}:", "        overall:", *uncoded, *nulls]
    )


def starter_files(
    first: str,
    second: str,
    years: Iterable[int] = DEFAULT_YEARS,
    dimensions: Iterable[str] = DEFAULT_DIMENSIONS,
) -> dict[str, str]:
    """The five files of a starter dataset for two sides, by file name: the years scored and
    the dimensions' names as given (ScaffoldError for ones the dataset cannot have)."""
    first, second = first.strip() or "First side", second.strip() or "Second side"
    a, b = slug(first), slug(second)
    if a == b:
        b = f"{b}-2"
    years = starter_years(years)
    dims = starter_dimensions(dimensions)
    start, end = max(years[0] - 1, FIRST_YEAR), years[-1]
    meta = f"""# yaml-language-server: $schema=schema/meta.schema.json
# Who contends, how ties are scored, and where every value comes from (docs/data-format.md).
version: "0.1.0"
title: {_q(f"{first} and {second}: who leans to whom")}
years: [{", ".join(map(str, years))}]   # the years each relationship is scored for, in order
event_period: {{start: {start}, end: {end}}}   # events and strategy actions must fall inside

# exactly two sides; colours are #RRGGBB (the charts take them from here), markers are plotly's
actors:
  - id: {a}
    name: {_q(first)}
    short_name: {_q(first)}
    color: "#0072B2"
    marker: circle
    aliases: []   # other words the source uses for this side (check-evidence accepts them)
  - id: {b}
    name: {_q(second)}
    short_name: {_q(second)}
    color: "#B35806"
    marker: diamond
    aliases: []

{_SCALE}
# the dimensions scored besides the overall value
dimensions:
{_dimensions_yaml(dims)}

# the rules the coders follow (docs/data-format.md has the project's own)
coding_rules:
  - A value is quoted only when its quote states what it claims; otherwise it is inferred,
    with the reasoning.
  - Where the source gives no grounds, the value is not coded (null); silence is not 0.

# the source every value is coded from; text_file names its plain text in the sources folder
sources:
  - id: source
    title: Replace with the source's title
    author: Replace with its author
    outlet: Replace with where it appeared
    date: "{end + 1}"

event_categories:
  - {{id: diplomacy, name: Diplomacy, definition: "Visits, meetings and statements."}}

findings: []   # key findings for the overview: id, title, text, quote, years, third_parties
"""
    third_parties = f"""# yaml-language-server: $schema=schema/third_parties.schema.json
# Every country, organisation or group the source ties to either side, with each side's
# relationship per year: overall and per dimension. `years` is one year or a span.
third_parties:
  - id: third-party
    name: {THIRD_PARTY}
    kind: organisation   # country (give iso3, e.g. FRA), organisation or group
    region: Replace with its region
    relations:
{_relations_yaml(a, first, b, years, [ident for ident, _ in dims])}
"""
    events = f"""# yaml-language-server: $schema=schema/events.schema.json
# Events the source states (basis: stated) or refers to (basis: context, dated from the record).
events:
  - id: first-event
    date: "{years[0]}-05"
    precision: month   # day, month or year: as precise as the source supports
    title: Replace with a short title
    description: Replace with a sentence.
    actors: [{a}]
    third_parties: [third-party]
    category: diplomacy
    tier: step-one   # a strategy tier id, or null
    basis: stated
    quote: Replace with the source's words, verbatim.
"""
    strategy = f"""# yaml-language-server: $schema=schema/strategy.schema.json
# The first side's strategy: tiers -> goals -> actions with their outcomes, and the second
# side's counter-moves, each against a tier.
title: {_q(f"{first}'s strategy")}
summary:
  quote: Replace with the source's statement of the strategy.
tiers:
  - id: step-one
    number: 1
    title: Replace with the tier's title
    quote: Replace with the source's words for it.
    goals:
      - id: goal-one
        title: Replace with the goal
        quote: Replace with the source's words for it.
        actions:
          - id: action-one
            title: Replace with the action
            date: "{years[0]}-05"
            precision: month
            events: [first-event]
            third_parties: [third-party]
            quote: Replace with the source's words, verbatim.
            outcome:
              status: not-judged   # achieved, partial, stalled, reversed or not-judged
              judged: {end}
              rationale: Replace with why.
              quote: Replace with the source's words, verbatim.
counter_moves:
  - id: answer-one
    tier: step-one
    title: Replace with the counter-move
    date: null
    date_note: Replace with why it has no date (or give date and precision).
    events: []
    third_parties: []
    quote: Replace with the source's words, verbatim.
"""
    scenes = f"""# yaml-language-server: $schema=schema/scenes.schema.json
# Seminar scenes: a view (page and its address's parameters) with a question for the room.
scenes:
  - id: start
    title: Where things stand
    page: overview
    params: {{year: {end}}}
    prompt: Replace with a question for discussion.
"""
    return {
        "meta.yaml": meta,
        "third_parties.yaml": third_parties,
        "events.yaml": events,
        "strategy.yaml": strategy,
        "scenes.yaml": scenes,
    }


def write_starter(
    directory: str | os.PathLike[str],
    first: str,
    second: str,
    years: Iterable[int] = DEFAULT_YEARS,
    dimensions: Iterable[str] = DEFAULT_DIMENSIONS,
) -> list[Path]:
    """Write the starter files and their JSON Schemas into a new (or empty) directory."""
    root = Path(directory)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise ScaffoldError(f"{root} exists and is not an empty directory; give a new one")
    files = starter_files(first, second, years, dimensions)  # refused before anything is made
    root.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
        written.append(root / name)
    return written + write_schemas(root / "schema")


def starter_zip(first: str = "First side", second: str = "Second side") -> bytes:
    """The starter as a ZIP (the uploader's download): the five files and their schemas, in one
    folder, as `tugofwar init` writes them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in starter_files(first, second).items():
            archive.writestr(f"my-case/{name}", text)
        for name, schema in schemas().items():
            archive.writestr(f"my-case/schema/{name}", json.dumps(schema, indent=2) + "\n")
    return buffer.getvalue()
