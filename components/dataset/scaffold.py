"""A new dataset to start coding a case from: valid as it stands, with placeholder entries and a
comment on each field (`tugofwar init DIR --actors A B`, and the uploader's starter download).
No Streamlit."""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from pathlib import Path

from components.dataset.schema import schemas, write_schemas


class ScaffoldError(Exception):
    """The starter cannot be written there; the message says why."""


def slug(name: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return text[:40].strip("-") or "side"


def _q(text: str) -> str:
    """A YAML double-quoted string (JSON's quoting is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def starter_files(first: str, second: str) -> dict[str, str]:
    """The five files of a starter dataset for two sides, by file name."""
    first, second = first.strip() or "First side", second.strip() or "Second side"
    a, b = slug(first), slug(second)
    if a == b:
        b = f"{b}-2"
    meta = f"""# yaml-language-server: $schema=schema/meta.schema.json
# Who contends, how ties are scored, and where every value comes from (docs/data-format.md).
version: "0.1.0"
title: {_q(f"{first} and {second}: who leans to whom")}
years: [2020, 2021]   # the years each relationship is scored for, in order
event_period: {{start: 2019, end: 2021}}   # events and strategy actions must fall inside

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

# the scale: what each value means, in every dimension alike
scale:
  description: >-
    Strength of a relationship between one side and one third party in one year, as the
    source portrays it.
  levels:
    - value: -1
      label: Strained
      definition: Ties exist but are cool, or one acts against the other.
    - value: 0
      label: No ties
      definition: "The source states there is none. Not silence: silence is not coded."
    - value: 1
      label: Contact
      definition: Visits, meetings, channels; no material backing.
    - value: 2
      label: Working relations
      definition: Agreements, joint projects, limited backing.

# the dimensions scored besides the overall value
dimensions:
  - {{id: diplomatic, name: Diplomatic, definition: "Visits, recognition, statements of support."}}

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
    date: "2022"

event_categories:
  - {{id: diplomacy, name: Diplomacy, definition: "Visits, meetings and statements."}}

findings: []   # key findings for the overview: id, title, text, quote, years, third_parties
"""
    relation = """        overall:
          - years: 2020-2021
            value: 1
            confidence: low
            rationale: Replace with why this value.
            quote: Replace with the source's words, verbatim.
        diplomatic: null   # null: not coded in any year"""
    third_parties = f"""# yaml-language-server: $schema=schema/third_parties.schema.json
# Every country, organisation or group the source ties to either side, with each side's
# relationship per year: overall and per dimension. `years` is one year or a span.
third_parties:
  - id: third-party
    name: A third party
    kind: organisation   # country (give iso3, e.g. FRA), organisation or group
    region: Replace with its region
    relations:
      {a}:
{relation}
      {b}:
        overall:
          - years: 2020-2021
            value: null
            rationale: The source gives no grounds.
        diplomatic: null
"""
    events = f"""# yaml-language-server: $schema=schema/events.schema.json
# Events the source states (basis: stated) or refers to (basis: context, dated from the record).
events:
  - id: first-event
    date: "2020-05"
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
            date: "2020-05"
            precision: month
            events: [first-event]
            third_parties: [third-party]
            quote: Replace with the source's words, verbatim.
            outcome:
              status: not-judged   # achieved, partial, stalled, reversed or not-judged
              judged: 2021
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
    scenes = """# yaml-language-server: $schema=schema/scenes.schema.json
# Seminar scenes: a view (page and its address's parameters) with a question for the room.
scenes:
  - id: start
    title: Where things stand
    page: overview
    params: {year: 2021}
    prompt: Replace with a question for discussion.
"""
    return {
        "meta.yaml": meta,
        "third_parties.yaml": third_parties,
        "events.yaml": events,
        "strategy.yaml": strategy,
        "scenes.yaml": scenes,
    }


def write_starter(directory: str | os.PathLike[str], first: str, second: str) -> list[Path]:
    """Write the starter files and their JSON Schemas into a new (or empty) directory."""
    root = Path(directory)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise ScaffoldError(f"{root} exists and is not an empty directory; give a new one")
    root.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in starter_files(first, second).items():
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
