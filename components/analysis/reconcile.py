"""Two codings of the same source made one: a merged dataset where they agree, a decisions file
listing every disagreement with both codings' evidence, and, once the file is decided, the
merged dataset with the decisions applied and an adjudication log. No Streamlit, no printing.

The codings are lined up year by year (spans expanded), as `agree` lines them up: a cell is a
third party, a side, a dimension and a year, and the two agree there when they give the same
value or both leave it uncoded (no entry, or value null). A disagreement is decided once per
run: the consecutive years of one third party, side and dimension over which neither coding's
entry changes (a span coded differently is one decision, not one per year).

The merged dataset is coding A's files, with third_parties.yaml rewritten: A's third parties,
A's entries where the codings agree, and in a disagreement's years the decided entry (the chosen
coding's, or a new value keeping A's evidence, with `adjudication` saying what was decided and
why), or, while undecided, value null with a rationale naming the decision it waits for.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from components.analysis.agree import entries
from components.dataset.errors import DatasetError, Problem
from components.dataset.load import load_dataset
from components.dataset.models import Dataset, Rating
from components.dataset.yaml_reader import parse_bytes

DECISIONS = "decisions.yaml"  # the decisions file's default name, in the merged folder
LOG = "ADJUDICATION.md"  # the adjudication log, in the merged folder
CHOICES = ("A", "B", "value")
ITEM_FIELDS = (
    "id",
    "third_party",
    "side",
    "dimension",
    "years",
    "a",
    "b",
    "decision",
    "value",
    "reason",
    "rule",
)
MAX_REASON = 1200  # characters: the adjudication field holds the reason and a sentence around it
EVIDENCE = ("value", "confidence", "rationale", "quote", "inferred", "reasoning")


class ReconcileRefused(Exception):
    """The two codings cannot be reconciled as given (other sides, scale or years), or the
    output folder is not one this command may replace; the message says why."""


class DecisionsError(DatasetError):
    """The decisions file cannot be applied: every problem, located (FILE:LINE: path: message)."""

    def report(self) -> str:
        count = len(self.problems)
        head = (
            f"{count} problem{'s' if count != 1 else ''} in the decisions file (nothing written):"
        )
        return "\n".join([head, *(str(p) for p in self.problems)])


@dataclass(frozen=True)
class Run:
    """A disagreement to decide once: consecutive years of one third party, side and dimension
    over which A's entry and B's entry stay the same (None: that coding has no entry)."""

    third_party: str
    side: str
    dimension: str
    first: int
    last: int
    a: Rating | None
    b: Rating | None

    @property
    def years(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"

    @property
    def id(self) -> str:
        return f"{self.third_party}/{self.side}/{self.dimension}/{self.years}"

    @property
    def a_value(self) -> int | None:
        return _value(self.a)

    @property
    def b_value(self) -> int | None:
        return _value(self.b)


@dataclass(frozen=True)
class Decision:
    run: Run
    choice: str | None  # A, B, value; None: not decided yet
    value: int | None = None  # the new value (choice "value")
    reason: str | None = None
    rule: str | None = None

    @property
    def final(self) -> int | None:
        return {"A": self.run.a_value, "B": self.run.b_value}.get(self.choice or "", self.value)


@dataclass(frozen=True)
class Outcome:
    """What a run wrote: the folder, the decisions file (written now, or read), and counts."""

    out: Path
    decisions_file: Path
    wrote_decisions: bool
    agreed: int  # cells both codings give the same value (or both leave uncoded)
    decisions: list[Decision]
    ignored: list[str]  # B's third parties that A lacks (not reconciled)

    @property
    def pending(self) -> int:
        return sum(d.choice is None for d in self.decisions)

    def count(self, choice: str) -> int:
        return sum(d.choice == choice for d in self.decisions)


def _value(r: Rating | None) -> int | None:
    return None if r is None else r.value


def frame_problems(a: Dataset, b: Dataset) -> list[str]:
    """Why two codings cannot be lined up ([] when they can): they must score the same sides,
    dimensions, years and scale."""
    out = []
    checks = (
        ("sides", [x.id for x in a.meta.actors], [x.id for x in b.meta.actors]),
        ("dimensions", [d.id for d in a.meta.dimensions], [d.id for d in b.meta.dimensions]),
        ("years", a.meta.years, b.meta.years),
        (
            "scale",
            sorted(v.value for v in a.meta.scale.levels),
            sorted(v.value for v in b.meta.scale.levels),
        ),
    )
    for what, x, y in checks:
        if x != y:
            out.append(f"A and B score other {what} (A: {_list(x)}; B: {_list(y)})")
    return out


def _list(items: Iterable[object]) -> str:
    return ", ".join(map(str, items))


def disagreements(a: Dataset, b: Dataset) -> tuple[list[Run], int]:
    """The runs the two codings disagree over, in cell order, and how many cells they agree on
    (A's third parties only: the merged dataset is A's)."""
    ea, eb = entries(a), entries(b)
    ids = {tp.id for tp in a.third_parties}
    runs: list[Run] = []
    agreed = 0
    for cell in sorted(k for k in set(ea) | set(eb) if k[0] in ids):
        ra, rb = ea.get(cell), eb.get(cell)
        if _value(ra) == _value(rb):
            agreed += 1
            continue
        last = runs[-1] if runs else None
        if (
            last is not None
            and (last.third_party, last.side, last.dimension) == cell[:3]
            and last.last + 1 == cell[3]
            and last.a is ra
            and last.b is rb
        ):
            runs[-1] = Run(*cell[:3], last.first, cell[3], ra, rb)
        else:
            runs.append(Run(*cell[:3], cell[3], cell[3], ra, rb))
    return runs, agreed


# ---------------------------------------------------------------- the decisions file


def _scalar(value: Any) -> str:
    """A value as one line of YAML (strings double-quoted: JSON's strings are YAML's)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def _labels(ds: Dataset) -> dict[int, str]:
    return {level.value: level.label for level in ds.meta.scale.levels}


def _coding_lines(key: str, r: Rating | None, labels: dict[int, str]) -> list[str]:
    if r is None:
        return [f"    {key}:", "      value:  # no entry: not coded"]
    lines = [f"    {key}:"]
    if r.value is None:
        lines.append("      value:  # not coded")
    else:
        lines.append(f"      value: {r.value}  # {labels.get(r.value, '')}")
    for name in ("years", "confidence", "quote", "inferred", "reasoning", "rationale"):
        field = getattr(r, name)
        if field not in (None, False):
            lines.append(f"      {'entry_years' if name == 'years' else name}: {_scalar(field)}")
    return lines


def decisions_text(
    a: Dataset, b: Dataset, runs: list[Run], names: tuple[str, str],
    decided: Mapping[str, Decision] | None = None,
) -> str:  # fmt: skip
    """The decisions file: one item per disagreement, undecided (a first run) or with the
    decisions `decided` gives by run id (the reconcile page's)."""
    decided = decided or {}
    labels = _labels(a)
    scale = ", ".join(f"{v} {labels[v]}" for v in sorted(labels))
    head = [
        f"# Disagreements between A ({names[0]}) and B ({names[1]}), one item per run of years",
        "# over which neither coding's entry changes. Decide each one:",
        "#   decision: A       keep A's value (and its evidence)",
        "#   decision: B       take B's value (and its evidence)",
        "#   decision: value   a new value, with value: N on the scale and reason: (required)",
        f"# The scale: {scale}.",
        "# reason: why (shown in the adjudication field and the log; optional with A or B);",
        "# rule: the coding rule it rests on (optional). Leave the other fields as they are: they",
        "# are checked against A and B when the decisions are applied. Then run the same",
        "# `tugofwar reconcile` again: it applies the decisions and writes the log.",
        f"a: {_scalar(names[0])}",
        f"b: {_scalar(names[1])}",
    ]
    if not runs:
        return "\n".join([*head, "decisions: []", ""])
    lines = [*head, "decisions:"]
    for run in runs:
        lines += [
            f"  - id: {run.id}",
            f"    third_party: {run.third_party}",
            f"    side: {run.side}",
            f"    dimension: {run.dimension}",
            f"    years: {_scalar(run.years)}",
            *_coding_lines("a", run.a, labels),
            *_coding_lines("b", run.b, labels),
        ]
        made = decided.get(run.id)
        if made is None or made.choice is None:
            lines += [
                "    decision:  # A, B or value",
                "    value:  # with decision: value, a value on the scale",
                "    reason:",
                "    rule:",
            ]
            continue
        lines += [
            f"    decision: {made.choice}  # A, B or value",
            f"    value: {_scalar(made.value if made.choice == 'value' else None)}".rstrip(),
            f"    reason: {_scalar(made.reason)}".rstrip(),
            f"    rule: {_scalar(made.rule)}".rstrip(),
        ]
    return "\n".join([*lines, ""])


def read_decisions(raw: bytes, name: str, a: Dataset, runs: list[Run]) -> list[Decision]:
    """The decisions a file gives for `runs`, in their order; DatasetError with every problem
    (FILE:LINE: path: message) when an item is unknown, missing, malformed or no longer matches
    A and B."""
    doc, problems = parse_bytes(raw, name)
    if doc is None:
        raise DecisionsError(problems)
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("decisions"), list):
        raise DecisionsError(
            [
                Problem(
                    name,
                    doc.line_of(()),
                    "decisions",
                    "expected a mapping with a list `decisions:`, as the first "
                    "run of reconcile writes it",
                )
            ]
        )
    scale = sorted(_labels(a))
    allowed = ", ".join(map(str, scale))
    by_id = {run.id: run for run in runs}
    found: dict[str, Decision] = {}
    bad: list[Problem] = []

    def add(path: tuple[str | int, ...], message: str) -> None:
        bad.append(Problem(name, doc.line_of(path), _path(path), message))

    for i, item in enumerate(data["decisions"]):
        at: tuple[str | int, ...] = ("decisions", i)
        if not isinstance(item, dict):
            add(at, f"expected an item with id and decision, found {item!r}")
            continue
        for key in item:
            if key not in ITEM_FIELDS:
                add((*at, key), f"unknown field {key!r} (allowed: {', '.join(ITEM_FIELDS)})")
        ident = item.get("id")
        run = by_id.get(ident) if isinstance(ident, str) else None
        if run is None:
            close = difflib.get_close_matches(str(ident), list(by_id), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            add(
                (*at, "id"),
                f"{ident!r} is not a disagreement of A and B as they are now "
                f"(the file may be for other codings, or A or B changed since it "
                f"was written){hint}",
            )
            continue
        if ident in found:
            add((*at, "id"), f"{ident!r} is decided twice")
            continue
        before = len(bad)
        for key, now in (("a", run.a_value), ("b", run.b_value)):
            given = item.get(key)
            was = given.get("value") if isinstance(given, dict) else None
            if was != now:
                add(
                    (*at, key, "value"),
                    f"{key.upper()} gives {_shown(now)} here now, the file says {_shown(was)}: "
                    f"{key.upper()} changed since the file was written (move the file away "
                    "and run reconcile again for a fresh one)",
                )
        choice, value = item.get("decision"), item.get("value")
        reason, rule = item.get("reason"), item.get("rule")
        for key, text in (("reason", reason), ("rule", rule)):
            if text is not None and not isinstance(text, str):
                add((*at, key), f"expected text, found {text!r}")
            elif isinstance(text, str) and len(text) > MAX_REASON:
                add((*at, key), f"{len(text)} characters; at most {MAX_REASON}")
        if choice is not None and choice not in CHOICES:
            add(
                (*at, "decision"),
                f"{choice!r} is not a decision (allowed: A, B, or value with value: N and reason:)",
            )
        elif choice == "value":
            if not isinstance(value, int) or isinstance(value, bool) or value not in scale:
                add((*at, "value"), f"{value!r} is not on the scale (allowed: {allowed})")
            elif value in (run.a_value, run.b_value):
                who = "A" if value == run.a_value else "B"
                add((*at, "value"), f"{value} is {who}'s value: write decision: {who}")
            if not (isinstance(reason, str) and reason.strip()):
                add((*at, "reason"), "a new value needs a reason: (why neither coder's value)")
        elif value is not None:
            add(
                (*at, "value"),
                f"value: {value!r} goes with decision: value only (decision is "
                f"{choice or 'empty'}); remove it or write decision: value",
            )
        if len(bad) == before:
            found[ident] = Decision(
                run, choice, value if choice == "value" else None, _text(reason), _text(rule)
            )
        else:
            found[ident] = Decision(run, None)
    missing = [run.id for run in runs if run.id not in found]
    if missing:
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        bad.append(
            Problem(
                name,
                doc.line_of(("decisions",)),
                "decisions",
                f"no item for {', '.join(missing[:5])}{more}: A and B disagree "
                "there now (A or B changed since the file was written; move the "
                "file away and run reconcile again for a fresh one)",
            )
        )
    if bad:
        raise DecisionsError(bad)
    return [found[run.id] for run in runs]


def _path(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _shown(value: object) -> str:
    return "not coded" if value is None else str(value)


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


# ---------------------------------------------------------------- the merged dataset


def _fields(r: Rating) -> dict[str, Any]:
    """An entry's fields but its years (a null value takes only its rationale)."""
    if r.value is None:
        out: dict[str, Any] = {"value": None, "rationale": r.rationale}
    else:
        out = {k: getattr(r, k) for k in EVIDENCE if getattr(r, k) not in (None, False)}
        out = {"value": r.value, **out}
    if r.adjudication:
        out["adjudication"] = r.adjudication
    return out


def adjudication(d: Decision) -> str:
    """The sentence the decided entry's `adjudication` field holds."""
    run = d.run
    what = {
        "A": "the first coding's (A's) value was kept",
        "B": "the second coding's (B's) value was taken",
        "value": f"neither was taken: {d.value}",
    }[d.choice or ""]
    text = (
        f"For {run.years}, a second coding (B) gave {_shown(run.b_value)} where the first "
        f"(A) had {_shown(run.a_value)}; {what}."
    )
    if d.reason:
        text += f" {d.reason.rstrip('.')}."
    if d.rule:
        text += f" ({d.rule.rstrip('.')}.)"
    return text


def _decided(d: Decision, decisions_name: str) -> dict[str, Any]:
    run = d.run
    if d.choice is None:
        return {
            "value": None,
            "rationale": f"Not decided yet: the two codings disagree "
            f"(item {run.id} of {decisions_name}).",
        }
    if d.choice in ("A", "B"):
        r = run.a if d.choice == "A" else run.b
        if r is None or r.value is None:
            out = {
                "value": None,
                "rationale": r.rationale
                if r
                else f"Not coded in the {'first' if d.choice == 'A' else 'second'} coding.",
            }
        else:
            out = _fields(r)
    else:
        base = run.a if run.a_value is not None else run.b
        out = {**_fields(base), "value": d.value} if base is not None else {}  # type: ignore[arg-type]
    out.pop("adjudication", None)
    out["adjudication"] = adjudication(d)
    return out


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


def merged_third_parties(a: Dataset, decisions: list[Decision], decisions_name: str) -> str:
    """A's third_parties.yaml with the decisions applied (pending ones not coded), as text."""
    ea = entries(a)
    by_cell = {
        (d.run.third_party, d.run.side, d.run.dimension, year): d
        for d in decisions
        for year in range(d.run.first, d.run.last + 1)
    }
    years = a.meta.years
    keys = ["overall", *(d.id for d in a.meta.dimensions)]
    out = []
    for tp in a.third_parties:
        data = tp.model_dump(
            mode="json", exclude_none=True, exclude_defaults=True, exclude={"relations"}
        )
        relations: dict[str, dict[str, Any]] = {}
        for side, dims in tp.relations.items():
            relations[side] = {}
            for dim in [k for k in keys if k in dims]:
                per_year: list[dict[str, Any] | None] = []
                for year in years:
                    cell = (tp.id, side, dim, year)
                    if cell in by_cell:
                        per_year.append(_decided(by_cell[cell], decisions_name))
                    else:
                        r = ea.get(cell)
                        per_year.append(None if r is None else _fields(r))
                relations[side][dim] = _spans(years, per_year, dims[dim] is None)
        data["relations"] = relations
        out.append(data)
    header = (
        "# Written by `tugofwar reconcile` from two codings: the first coding's (A's) entries\n"
        "# where the two agree, the decided ones where they did not (see `adjudication`, and\n"
        f"# {LOG}). Edit the decisions file and run reconcile again rather than this file.\n"
    )
    body = yaml.safe_dump(
        {"third_parties": out},
        sort_keys=False,
        allow_unicode=True,
        width=10**6,
        default_flow_style=False,
    )
    return header + body


def _spans(
    years: list[int], per_year: list[dict[str, Any] | None], was_null: bool
) -> list[dict[str, Any]] | None:
    """Consecutive years with the same entry made one span; a dimension A left null stays null
    unless a decision codes it (its other years then not coded)."""
    if was_null and all(p is None for p in per_year):
        return None
    filled = [
        p if p is not None else {"value": None, "rationale": "Not coded by either coding."}
        for p in per_year
    ]
    out: list[dict[str, Any]] = []
    first = years[0]
    for i, year in enumerate(years):
        last_of_run = i + 1 == len(years) or years[i + 1] != year + 1 or filled[i + 1] != filled[i]
        if last_of_run:
            out.append({"years": _span(first, year), **filled[i]})
            if i + 1 < len(years):
                first = years[i + 1]
    return out


# ---------------------------------------------------------------- the log


def _cell(text: object) -> str:
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def log_text(
    a: Dataset,
    outcome_counts: dict[str, int],
    decisions: list[Decision],
    names: tuple[str, str],
    agreed: int,
) -> str:
    """The adjudication log (Markdown): the counts, then a row per decision."""
    labels = _labels(a)

    def shown(v: int | None) -> str:
        return "not coded" if v is None else f"{v} ({labels.get(v, '')})"

    rules = {"A": "A kept", "B": "B taken", "value": "new value", None: "pending"}
    lines = [
        "# Adjudication log",
        "",
        f"Two codings of the same source reconciled by `tugofwar reconcile`: A ({_cell(names[0])})"
        f" and B ({_cell(names[1])}). They agree on {agreed} cells (a third party, a side, a "
        f"dimension and a year); they disagree over {len(decisions)} runs of years, each decided "
        "once.",
        "",
        f"- A's value kept: {outcome_counts['A']}",
        f"- B's value taken: {outcome_counts['B']}",
        f"- a new value: {outcome_counts['value']}",
        f"- not decided yet: {outcome_counts['pending']}",
        "",
        "| Cells (third party/side/dimension/years) | A | B | Decided | How (rule) | Reason |",
        "|---|---|---|---|---|---|",
    ]
    for d in decisions:
        decided = "" if d.choice is None else shown(d.final)
        lines.append(
            f"| `{d.run.id}` | {_cell(shown(d.run.a_value))} | {_cell(shown(d.run.b_value))} | "
            f"{_cell(decided)} | {_cell(rules[d.choice] + (f'; {d.rule}' if d.rule else ''))} | "
            f"{_cell(d.reason or '')} |"
        )
    return "\n".join([*lines, ""])


# ---------------------------------------------------------------- the whole run


def _replaceable(out: Path, a: Dataset, b: Dataset) -> None:
    for ds, who in ((a, "A"), (b, "B")):
        folder = getattr(ds, "_folder", "")
        if folder and out.resolve() == Path(folder).resolve():
            raise ReconcileRefused(f"--out {out} is {who}'s folder; give a new one")
    if out.exists() and not out.is_dir():
        raise ReconcileRefused(f"--out {out} is a file; give a directory")
    if out.is_dir() and any(out.iterdir()) and not (out / LOG).is_file():
        raise ReconcileRefused(
            f"--out {out} has files and no {LOG}: it was not written by reconcile, and "
            "reconcile replaces its folder; give a new or empty one"
        )


def reconcile(
    a: Dataset,
    b: Dataset,
    out: Path,
    decisions_file: Path | None = None,
    names: tuple[str, str] = ("A", "B"),
) -> Outcome:
    """Write the merged dataset to `out` (replacing it whole, by rename, once it validates)
    and the decisions file if it does not exist yet; apply it if it does."""
    reasons = frame_problems(a, b)
    if reasons:
        raise ReconcileRefused("; ".join(reasons))
    _replaceable(out, a, b)
    decisions_file = decisions_file or out / DECISIONS
    runs, agreed = disagreements(a, b)
    ignored = sorted({tp.id for tp in b.third_parties} - {tp.id for tp in a.third_parties})
    fresh = not decisions_file.exists()
    if fresh:
        decisions_raw = decisions_text(a, b, runs, names).encode("utf-8")
        decisions = [Decision(run, None) for run in runs]
    else:
        decisions_raw = decisions_file.read_bytes()
        decisions = read_decisions(decisions_raw, str(decisions_file), a, runs)
    counts = {c: sum(d.choice == c for d in decisions) for c in CHOICES}
    counts["pending"] = sum(d.choice is None for d in decisions)
    files = dict(a.files)
    files["third_parties.yaml"] = merged_third_parties(a, decisions, decisions_file.name).encode(
        "utf-8"
    )
    extra = {LOG: log_text(a, counts, decisions, names, agreed).encode("utf-8")}
    inside = _inside(decisions_file, out)
    if inside is not None:
        extra[inside] = decisions_raw
    _write_folder(out, files, extra)
    if fresh and inside is None:
        _write_file(decisions_file, decisions_raw)
    return Outcome(out, decisions_file, fresh, agreed, decisions, ignored)


def _inside(path: Path, folder: Path) -> str | None:
    try:
        rel = path.resolve().relative_to(folder.resolve())
    except ValueError:
        return None
    return rel.as_posix()


def _write_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _write_folder(out: Path, files: dict[str, bytes], extra: dict[str, bytes]) -> None:
    """Write a dataset folder beside `out`, load it (DatasetError if it is not valid: nothing
    is replaced), then put it in `out`'s place."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for name, data in {**files, **extra}.items():
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp / name).write_bytes(data)
        load_dataset(tmp)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            os.replace(out, old / out.name)
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
