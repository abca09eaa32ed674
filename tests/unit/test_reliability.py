"""The second coding (reliability/second-coding): it is a valid dataset of the same source, the
method page's reliability figures are what `tugofwar agree` computes on it, and every
disagreement it had with the shipped coding is decided in docs/audit.md and applied to data/."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter

import pytest

from components.analysis import agree
from components.dataset.load import load_dataset
from tests.conftest import ROOT, SHIPPED

pytestmark = pytest.mark.unit

SECOND = ROOT / "reliability" / "second-coding"
AUDIT = ROOT / "docs" / "audit.md"
# | `russia/taliban/overall/2016` | 1 | 2 | taken | rule ... |
ROW = re.compile(
    r"^\| `(?P<cell>[^`]+)` \| (?P<shipped>[^|]+?) \| (?P<second>[^|]+?) \| "
    r"(?P<decision>kept|taken|third: [^|]+?) \| (?P<rule>[^|]+?) \|$"
)


def _value(text: str) -> int | None:
    text = text.strip()
    return None if text == "not coded" else int(text)


def decisions() -> dict[agree.Cell, dict]:
    rows = {}
    for line in AUDIT.read_text(encoding="utf-8").splitlines():
        m = ROW.match(line)
        if not m:
            continue
        tp, side, dim, year = m["cell"].split("/")
        cell = (tp, side, dim, int(year))
        assert cell not in rows, f"{m['cell']} is decided twice"
        decision = m["decision"]
        rows[cell] = {
            "shipped": _value(m["shipped"]),
            "second": _value(m["second"]),
            "decision": decision.split(":")[0],
            "third": _value(decision.split(":")[1]) if decision.startswith("third") else None,
            "rule": m["rule"].strip(),
        }
    return rows


@pytest.fixture(scope="module")
def codings():
    shipped, second = load_dataset(SHIPPED), load_dataset(SECOND)
    return shipped, second, agree.compare(shipped, second)


def test_the_second_coding_is_a_valid_dataset_whose_quotes_are_verbatim():
    for command in ("validate", "check-quotes", "check-evidence"):
        result = subprocess.run(
            [sys.executable, "-m", "components", "--data", str(SECOND), command],
            capture_output=True, text=True, cwd=ROOT, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, (command, result.stdout, result.stderr)


def test_the_method_pages_figures_are_what_agree_computes(codings):
    shipped, _, report = codings
    rel = shipped.meta.reliability
    groups = {g.group: g for g in report.groups}
    assert rel.alpha == groups["all"].alpha_ordinal
    assert rel.pairable == groups["all"].both
    assert rel.one_only == groups["all"].one_only
    for dim in ["overall", *(d.id for d in shipped.meta.dimensions)]:
        assert rel.alpha_by_dimension[dim] == groups[f"dimension {dim}"].alpha_ordinal, dim
    # and the command line says the same
    result = subprocess.run(
        [sys.executable, "-m", "components", "agree", str(SHIPPED), str(SECOND), "--format",
         "json"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    overall = next(g for g in json.loads(result.stdout)["agreement"] if g["group"] == "all")
    assert overall["alpha_ordinal"] == rel.alpha


def test_every_disagreement_is_decided_once_and_the_decision_is_applied(codings):
    shipped, second, report = codings
    rel = shipped.meta.reliability
    rows = decisions()
    assert len(rows) == rel.disagreements
    assert (
        Counter(r["decision"] for r in rows.values())
        == Counter({"kept": rel.kept, "taken": rel.taken, "third": rel.third}) - Counter()
    )  # (zero counts dropped)
    now, theirs = agree.cells(shipped), agree.cells(second)
    for cell, row in rows.items():
        current = now[cell].value if cell in now else None
        assert (theirs[cell].value if cell in theirs else None) == row["second"], cell
        assert row["shipped"] != row["second"], cell
        expected = {"kept": row["shipped"], "taken": row["second"], "third": row["third"]}
        assert current == expected[row["decision"]], (cell, row)
        assert row["rule"], cell
        # the evidence dialog says so: the rating that covers the cell carries the decision
        rating = next(
            r
            for tp in shipped.third_parties
            if tp.id == cell[0]
            for r in (tp.relations[cell[1]].get(cell[2]) or [])
            if r.span[0] <= cell[3] <= r.span[1]
        )
        assert rating.adjudication, cell
    # what still differs is exactly what was decided otherwise than by taking the second value
    remaining = {d.cell for d in report.disagreements}
    assert remaining == {c for c, r in rows.items() if r["decision"] != "taken"}


def test_every_date_from_outside_the_article_names_the_record_it_was_checked_against():
    ds = load_dataset(SHIPPED)
    outside = [e for e in ds.events if e.basis == "context" or "record" in (e.date_note or "")]
    assert len(outside) >= 15
    assert [e.id for e in outside if not e.date_source] == []


def test_the_figures_before_adjudication_are_agree_on_the_coding_the_audit_table_restores(codings):
    """The audit table's 'shipped' column puts back the coding as it was when the second coding
    was compared with it; `agree` on that gives the method page's 'before' figures."""
    shipped, second, _ = codings
    rel = shipped.meta.reliability
    before = dict(agree.cells(shipped))
    for cell, row in decisions().items():
        before[cell] = agree.Coded(row["shipped"], None, None, None)
    dims = ["overall", *(d.id for d in shipped.meta.dimensions)]
    report = agree.compare_cells(
        before, agree.cells(second), sorted(lvl.value for lvl in shipped.meta.scale.levels),
        dims, [a.id for a in shipped.meta.actors],
    )  # fmt: skip
    groups = {g.group: g for g in report.groups}
    assert rel.alpha_before == groups["all"].alpha_ordinal
    for dim in dims:
        assert rel.alpha_by_dimension_before[dim] == groups[f"dimension {dim}"].alpha_ordinal, dim
    assert len(report.disagreements) == rel.disagreements
    # the method page's heat maps: the same comparison's confusion matrices, every dimension
    assert rel.confusion_before == report.confusion


def test_the_second_coders_inputs_are_kept_and_held_no_value():
    import hashlib

    import yaml

    inputs = ROOT / "reliability" / "inputs"
    sums = dict(
        reversed(line.split()) for line in (inputs / "INPUTS.sha256").read_text().splitlines()
    )
    for name, kept in [("dataset/meta.yaml", "meta.yaml"),
                       ("dataset/third_parties.yaml", "third_parties.yaml"),
                       ("INSTRUCTIONS.md", "INSTRUCTIONS.md")]:  # fmt: skip
        assert hashlib.sha256((inputs / kept).read_bytes()).hexdigest() == sums[name], kept
    meta = yaml.safe_load((inputs / "meta.yaml").read_text(encoding="utf-8"))
    assert "findings" not in meta and "reliability" not in meta
    blank = yaml.safe_load((inputs / "third_parties.yaml").read_text(encoding="utf-8"))
    for tp in blank["third_parties"]:
        for side in tp["relations"].values():
            assert set(side.values()) == {None}, tp["id"]


def test_the_readme_says_how_reliable_the_coding_is_with_the_method_pages_number():
    rel = load_dataset(SHIPPED).meta.reliability
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    low, high = (
        min(rel.alpha_by_dimension_before.values()),
        max(rel.alpha_by_dimension_before.values()),
    )
    assert f"alpha **{rel.alpha_before:.3f}** ({low:.3f} to {high:.3f} per dimension)" in readme
    assert f"each of the {rel.disagreements} cells" in readme
