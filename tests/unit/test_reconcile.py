"""`tugofwar reconcile A B --out C`: the merged dataset where two codings agree, a decisions file
with one item per disagreeing run of years, and, once decided, the decisions applied (with each
entry's adjudication) and the adjudication log; a bad decisions file is refused whole."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from components.analysis import reconcile
from components.cli import main
from components.dataset.load import load_dataset
from tests.conftest import MINI, ROOT, SHIPPED, copy_dataset, replace_in

pytestmark = pytest.mark.unit

SECOND = ROOT / "reliability" / "second-coding"

A_TP = """third_parties:
  - id: china
    name: China
    kind: country
    iso3: CHN
    region: East Asia
    relations:
      kabul:
        overall:
          - years: 2015-2016
            value: 1
            confidence: high
            rationale: Visits.
            quote: then on his first official trip abroad visited China
        diplomatic: null
      taliban:
        overall:
          - years: 2015-2016
            value: 0
            confidence: low
            rationale: Nothing reported.
            inferred: true
            reasoning: Silence in the article.
        diplomatic:
          - years: 2015-2016
            value: 0
            confidence: medium
            rationale: No talks reported.
            inferred: true
            reasoning: The article names no meeting.
"""
B_TP = """third_parties:
  - id: china
    name: China
    kind: country
    iso3: CHN
    region: East Asia
    relations:
      kabul:
        overall:
          - years: 2015-2016
            value: 1
            confidence: medium
            rationale: B's reading of the visits.
            quote: visited China
        diplomatic:
          - years: 2015
            value: 1
            confidence: high
            rationale: A visit is contact.
            quote: on his first official trip abroad visited China
          - years: 2016
            value: null
            rationale: Nothing for 2016.
      taliban:
        overall:
          - years: 2015-2016
            value: -1
            confidence: low
            rationale: Cool.
            inferred: true
            reasoning: B reads coolness.
        diplomatic:
          - years: 2015-2016
            value: 1
            confidence: high
            rationale: Talks.
            quote: China hosted talks
"""
IDS = ["china/kabul/diplomatic/2015", "china/taliban/diplomatic/2015-2016",
       "china/taliban/overall/2015-2016"]  # fmt: skip


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path, Path]:
    a, b = copy_dataset(MINI, tmp_path / "a"), copy_dataset(MINI, tmp_path / "b")
    (a / "third_parties.yaml").write_text(A_TP, encoding="utf-8")
    (b / "third_parties.yaml").write_text(B_TP, encoding="utf-8")
    return a, b, tmp_path / "c"


def run(a: Path, b: Path, c: Path, *extra: str) -> int:
    return main(["reconcile", str(a), str(b), "--out", str(c), *extra])


def decide(path: Path, ident: str, **fields: object) -> None:
    """Fill in one item of a decisions file as an analyst would, by editing its text."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {ident}\n")
    end = text.find("\n  - id: ", start + 1)
    end = len(text) if end < 0 else end
    block = text[start:end]
    for key, value in fields.items():
        block = re.sub(rf"(?m)^    {key}:.*$", f"    {key}: {value}", block)
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")


def entries(c: Path) -> dict[tuple[str, str, int], dict]:
    """(side, dimension, year) -> the merged entry's fields, for the one third party."""
    ds = load_dataset(c)
    out = {}
    for side, dims in ds.third_parties[0].relations.items():
        for dim, ratings in dims.items():
            for r in ratings or []:
                for year in range(r.span[0], r.span[1] + 1):
                    out[(side, dim, year)] = r.model_dump()
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def test_the_first_run_writes_where_they_agree_and_one_item_per_disagreeing_run(pair, capsys):
    a, b, c = pair
    assert run(a, b, c) == 1  # decisions pending
    out = capsys.readouterr().out
    assert "3 cells agreed; 3 disagreements" in out and str(c / "decisions.yaml") in out
    ds = load_dataset(c)  # a valid dataset
    for name in ("meta.yaml", "events.yaml", "strategy.yaml"):
        assert (c / name).read_bytes() == (a / name).read_bytes(), name
    got = entries(c)
    # agreed: A's entry, with A's evidence
    assert (
        got[("kabul", "overall", 2015)]["quote"]
        == "then on his first official trip abroad visited China"
    )
    assert got[("kabul", "overall", 2016)]["rationale"] == "Visits."
    # B codes 2015 only: one decision, pending (not coded); 2016 both leave uncoded
    assert got[("kabul", "diplomatic", 2015)]["value"] is None
    assert "Not decided yet" in got[("kabul", "diplomatic", 2015)]["rationale"]
    assert got[("kabul", "diplomatic", 2016)]["value"] is None
    # the span coded differently is one pending entry over both years
    spans = [r.years for r in ds.third_parties[0].relations["taliban"]["overall"]]
    assert spans == ["2015-2016"]
    runs, agreed = reconcile.disagreements(load_dataset(a), load_dataset(b))
    assert [r.id for r in runs] == IDS and agreed == 3  # kabul overall x2, kabul dipl. 2016
    text = (c / "decisions.yaml").read_text(encoding="utf-8")
    assert text.count("  - id: ") == 3
    assert "value: -1  # Strained" in text and "B reads coolness." in text
    log = (c / "ADJUDICATION.md").read_text(encoding="utf-8")
    assert "- not decided yet: 3" in log


def test_decided_the_second_run_applies_the_decisions_and_writes_the_log(pair, capsys):
    a, b, c = pair
    run(a, b, c)
    file = c / "decisions.yaml"
    decide(file, IDS[0], decision="B")
    decide(file, IDS[1], decision="value", value=-1, reason='"Talks broke off, as the record says"')
    decide(file, IDS[2], decision="A", reason="Silence is no ties", rule="Rule 2")
    assert run(a, b, c) == 0, capsys.readouterr().err
    assert "A kept 1, B taken 1, new value 1, pending 0" in capsys.readouterr().out
    got = entries(c)
    took = got[("kabul", "diplomatic", 2015)]
    assert took["value"] == 1 and took["quote"] == "on his first official trip abroad visited China"
    assert "the second coding's (B's) value was taken" in took["adjudication"]
    assert got[("kabul", "diplomatic", 2016)]["value"] is None
    new = got[("taliban", "diplomatic", 2016)]
    assert new["value"] == -1 and new["reasoning"] == "The article names no meeting."  # A's
    assert "Talks broke off, as the record says" in new["adjudication"]
    kept = got[("taliban", "overall", 2015)]
    assert kept["value"] == 0 and kept["reasoning"] == "Silence in the article."
    assert kept["adjudication"].endswith("was kept. Silence is no ties. (Rule 2.)")
    ds = load_dataset(c)
    assert [r.years for r in ds.third_parties[0].relations["taliban"]["diplomatic"]] == [
        "2015-2016"
    ]
    log = (c / "ADJUDICATION.md").read_text(encoding="utf-8")
    for line in ("- A's value kept: 1", "- B's value taken: 1", "- a new value: 1",
                 "- not decided yet: 0"):  # fmt: skip
        assert line in log
    assert (
        "| `china/taliban/diplomatic/2015-2016` | 0 (No ties) | 1 (Contact) | -1 (Strained) |"
        in log
    )
    assert file.is_file()  # the decided file stays in C


BAD = [
    ("id", "id: china/taliban/overall/2015-2016", "id: china/taliban/overall/2015-2017",
     "'china/taliban/overall/2015-2017' is not a disagreement of A and B"),
    ("decision", None, "C", "'C' is not a decision (allowed: A, B, or value"),
    ("value", None, ("value", 5), "5 is not on the scale (allowed: -1, 0, 1)"),
    ("reason", None, ("value", 1), "a new value needs a reason"),
    ("value-taken", None, ("value", -1), "-1 is B's value: write decision: B"),
    ("value-with-A", None, ("A", 1), "value: 1 goes with decision: value only"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "old", "new", "message"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_decisions_file_is_refused_whole_with_its_line(pair, capsys, case, old, new, message):
    a, b, c = pair
    run(a, b, c)
    file = c / "decisions.yaml"
    decide(file, IDS[0], decision="B")
    if old is not None:
        replace_in(file, old, new)
    elif isinstance(new, tuple):
        decide(file, IDS[2], decision=new[0], value=new[1])
    else:
        decide(file, IDS[2], decision=new)
    before = snapshot(c)
    capsys.readouterr()
    assert run(a, b, c) == 1
    err = capsys.readouterr().err
    assert message in err, err
    assert re.search(rf"{re.escape(str(file))}:\d+: decisions\[\d\]", err), err
    assert snapshot(c) == before  # nothing written
    assert not [p for p in c.parent.iterdir() if p.name.startswith(".c.")]  # no temp folder


def test_a_decisions_file_that_no_longer_matches_a_is_refused(pair, capsys):
    a, b, c = pair
    run(a, b, c)
    replace_in(a / "third_parties.yaml", "            value: 0\n            confidence: low",
               "            value: 1\n            confidence: low")  # fmt: skip
    before = snapshot(c)
    capsys.readouterr()
    assert run(a, b, c) == 1
    err = capsys.readouterr().err
    assert "A gives 1 here now, the file says 0: A changed since" in err, err
    assert snapshot(c) == before


def test_it_will_not_replace_a_folder_it_did_not_write(pair, capsys):
    a, b, _ = pair
    assert run(a, b, a) == 2
    assert "is A's folder" in capsys.readouterr().err
    other = a.parent / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    assert run(a, b, other) == 2
    assert (other / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_decisions_file_elsewhere_is_written_there(pair, capsys):
    a, b, c = pair
    elsewhere = a.parent / "decided.yaml"
    assert run(a, b, c, "--decisions", str(elsewhere)) == 1
    assert elsewhere.is_file() and not (c / "decisions.yaml").exists()
    for ident, choice in zip(IDS, "BAA", strict=True):
        decide(elsewhere, ident, decision=choice)
    assert run(a, b, c, "--decisions", str(elsewhere)) == 0, capsys.readouterr().err


@pytest.mark.skipif(not SECOND.is_dir(), reason="no second coding in this checkout")
def test_the_real_second_coding_gives_agrees_disagreements_grouped_into_runs(tmp_path, capsys):
    from components.analysis import agree

    report = agree.compare(load_dataset(SHIPPED), load_dataset(SECOND))
    runs = 0
    last = None
    for d in report.disagreements:  # cell by cell, in order: a new run where an entry changes
        key = (d.unit[:3], d.a.span, d.a.value, d.b.span, d.b.value)
        if last is None or last[0] != key or last[1] + 1 != d.unit[3]:
            runs += 1
        last = (key, d.unit[3])
    out = tmp_path / "c"
    assert run(SHIPPED, SECOND, out) == (1 if runs else 0)
    text = (out / "decisions.yaml").read_text(encoding="utf-8")
    assert text.count("\n  - id: ") == runs
    shutil.rmtree(out)
