"""The analyst's bench: a starter dataset (init), data health, dataset diff (folders and ZIPs)
and coder agreement, on the command line and against the statistics' published examples."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

from components.analysis import agree, health
from components.dataset.load import load_dataset
from components.dataset.scaffold import starter_files, write_starter
from tests.conftest import FIXTURES, ROOT, SHIPPED, copy_dataset, replace_in
from tests.hostile import shipped_files, zip_of

pytestmark = pytest.mark.unit


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "components", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


# ---------------------------------------------------------------- init


def test_init_writes_a_valid_commented_dataset_that_diffs_as_unchanged(tmp_path):
    target = tmp_path / "rivals"
    result = cli("init", str(target), "--actors", "Rome", "Carthage")
    assert result.returncode == 0, result.stderr
    assert (target / "schema" / "meta.schema.json").is_file()
    meta = (target / "meta.yaml").read_text()
    assert meta.startswith("# yaml-language-server: $schema=schema/meta.schema.json")
    assert "# exactly two sides" in meta and 'name: "Carthage"' in meta
    ds = load_dataset(target)
    assert [a.id for a in ds.meta.actors] == ["rome", "carthage"]
    assert cli("validate", str(target)).returncode == 0
    copy = copy_dataset(target, tmp_path / "copy")
    assert cli("diff", str(target), str(copy)).stdout.strip() == "no changes"
    packed = tmp_path / "rivals.zip"
    packed.write_bytes(zip_of({f"rivals/{n}": t.encode() for n, t in
                               starter_files("Rome", "Carthage").items()}))  # fmt: skip
    assert cli("diff", str(target), str(packed)).stdout.strip() == "no changes"


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "x.txt").write_text("mine")
    result = cli("init", str(tmp_path), "--actors", "A", "B")
    assert result.returncode == 2 and "not an empty directory" in result.stderr
    assert (tmp_path / "x.txt").read_text() == "mine"


def test_the_starter_tolerates_odd_names(tmp_path):
    write_starter(tmp_path / "x", 'Les Bleus: "quoted" & <odd>', 'Les Bleus: "quoted" & <odd>')
    ds = load_dataset(tmp_path / "x")
    assert ds.meta.actors[0].id != ds.meta.actors[1].id


# ---------------------------------------------------------------- health


def test_health_lists_inferred_low_thin_and_reused_evidence():
    report = health.health(load_dataset(SHIPPED))
    found = report.by_check()
    assert report.inferred == sum(
        (r.span[1] - r.span[0] + 1)
        for tp in load_dataset(SHIPPED).third_parties
        for dims in tp.relations.values()
        for ratings in dims.values()
        for r in ratings or []
        if r.value is not None and r.inferred
    )
    assert {"inferred", "low", "reused", "carried"} <= set(found)
    # the "to date ... contacts" passage carries Russia's, Iran's and China's Taliban values
    assert any("These arguments have been magnetic" in f.entry for f in found["reused"])


def test_health_measures_how_much_of_the_source_the_quotes_cover():
    text = "First paragraph, which nobody quotes at all, not a word.\n\n" + (
        "Second paragraph says that Washington and the European Union continued to financially, "
        "militarily, and diplomatically support the NUG."
    )
    report = health.health(load_dataset(SHIPPED), text)
    assert (report.paragraphs, report.covered) == (2, 1)
    assert report.uncovered == ["First paragraph, which nobody quotes at all, not a word."]


def test_health_command_prints_the_report():
    result = cli("health", "--format", "json")
    data = json.loads(result.stdout)
    assert result.returncode == 0 and data["coded"] > 100 and data["findings"]


# ---------------------------------------------------------------- agreement


KRIPPENDORFF_2011 = [  # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", p. 3
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


@pytest.mark.parametrize(
    ("level", "published"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_alpha_gives_the_published_values(level, published):
    assert round(agree.alpha(KRIPPENDORFF_2011, level), 3) == published


def test_kappa_gives_the_textbook_value_and_the_weighted_definition():
    # 50 items: both yes 20, only A yes 5, only B yes 10, both no 15 -> kappa 0.4
    a = [1] * 25 + [0] * 25
    b = [1] * 20 + [0] * 5 + [1] * 10 + [0] * 15
    assert agree.kappa(a, b, [0, 1], None) == 0.4
    # weighted kappa from its definition: 1 - sum(w * observed) / sum(w * expected)
    a = [0, 0, 1, 1, 2, 2, 2, 1, 0, 2]
    b = [0, 1, 1, 2, 2, 2, 1, 1, 0, 0]
    labels = [0, 1, 2]
    n = len(a)
    for name, weight in (("linear", lambda i, j: abs(i - j)),
                         ("quadratic", lambda i, j: (i - j) ** 2)):  # fmt: skip
        observed = sum(weight(x, y) for x, y in zip(a, b, strict=True)) / n
        expected = sum(
            weight(i, j) * (a.count(i) / n) * (b.count(j) / n) for i in labels for j in labels
        )
        assert math.isclose(agree.kappa(a, b, labels, name), 1 - observed / expected, abs_tol=1e-4)


def test_agree_on_the_shipped_data_against_itself_is_perfect():
    report = agree.compare(load_dataset(SHIPPED), load_dataset(SHIPPED))
    for group in report.groups:
        assert (group.percent, group.kappa_linear, group.kappa_quadratic, group.alpha_ordinal) == (
            1.0,
            1.0,
            1.0,
            1.0,
        ), group
    assert report.disagreements == []


def test_agree_on_a_perturbed_copy_gives_the_libraries_numbers(tmp_path):
    import krippendorff
    import numpy as np
    from sklearn.metrics import cohen_kappa_score

    copy = copy_dataset(SHIPPED, tmp_path / "b")
    replace_in(copy / "third_parties.yaml",
               "            value: -2\n            confidence: high\n            rationale: The "
               "Taliban wage war", "            value: -1\n            confidence: high\n"
               "            rationale: The Taliban wage war")  # fmt: skip
    a, b = load_dataset(SHIPPED), load_dataset(copy)
    report = agree.compare(a, b)
    overall = report.groups[0]
    ca, cb = agree.cells(a), agree.cells(b)
    keys = sorted(k for k in ca if ca[k].value is not None)
    xs, ys = [ca[k].value for k in keys], [cb[k].value for k in keys]
    labels = sorted(level.value for level in a.meta.scale.levels)
    assert overall.kappa_linear == round(
        cohen_kappa_score(xs, ys, labels=labels, weights="linear"), 4
    )
    assert overall.kappa_quadratic == round(
        cohen_kappa_score(xs, ys, labels=labels, weights="quadratic"), 4
    )
    assert overall.alpha_ordinal == round(
        krippendorff.alpha(np.array([xs, ys], dtype=float), level_of_measurement="ordinal",
                           value_domain=labels), 4)  # fmt: skip
    assert overall.percent == round(sum(x == y for x, y in zip(xs, ys, strict=True)) / len(xs), 4)
    assert [(d.cell, d.a.value, d.b.value) for d in report.disagreements] == [
        (("usa", "taliban", "overall", year), -2, -1) for year in (2014, 2015, 2016)
    ]
    result = cli("agree", str(SHIPPED), str(copy))
    assert result.returncode == 0 and "3 disagreements" in result.stdout
    assert "U.S. \u201coccupation\u201d" in result.stdout  # both coders' evidence shown


def test_a_cell_left_out_by_one_coding_and_marked_not_coded_by_the_other_is_no_disagreement(
    tmp_path,
):
    # the United States' economic tie with the Taliban: null (no entry) in the shipped data;
    # the copy gives it an entry whose value is null. Neither codes it: no "one only", no row.
    copy = copy_dataset(SHIPPED, tmp_path / "b")
    replace_in(copy / "third_parties.yaml", "        economic: null\n\n  - id: pakistan",
               "        economic:\n          - years: 2014-2016\n            value: null\n"
               "            rationale: Not coded.\n\n  - id: pakistan")  # fmt: skip
    report = agree.compare(load_dataset(SHIPPED), load_dataset(copy))
    assert report.groups[0].one_only == 0
    assert report.disagreements == []


def test_agree_and_diff_take_zips(tmp_path):
    packed = tmp_path / "shipped.zip"
    packed.write_bytes(zip_of(shipped_files()))
    assert cli("diff", str(SHIPPED), str(packed)).stdout.strip() == "no changes"
    result = cli("agree", str(packed), str(SHIPPED), "--format", "json")
    assert json.loads(result.stdout)["disagreements"] == []


def test_the_other_case_has_its_own_scale_and_dimensions():
    other = load_dataset(FIXTURES / "other")
    report = agree.compare(other, other)
    assert {g.group for g in report.groups} == {
        "all", "dimension overall", "dimension content", "dimension shelves",
        "side red", "side blue",
    }  # fmt: skip
