"""`tugofwar agree` as a methods section cites it: the unit (a year-cell or a coding decision),
bootstrap intervals, the warning under the minimum of pairable units, codability and the
confusion matrices, each figure held to scikit-learn and the `krippendorff` package computed here
independently."""

from __future__ import annotations

import json

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score, confusion_matrix

from components import cli
from components.analysis import agree
from components.dataset.errors import DatasetError
from components.dataset.load import load_dataset
from tests.conftest import ROOT, SHIPPED, copy_dataset, replace_in

pytestmark = pytest.mark.unit

SCALE = [-2, -1, 0, 1, 2, 3]
NONE = 99  # "not coded", for scikit-learn's confusion matrix


def coding(*entries: tuple[str, str, int, int, int | None]) -> dict[agree.Cell, agree.Coded]:
    """Cells from entries (third party, dimension, first year, last year, value), side "s"."""
    out = {}
    for tp, dim, first, last, value in entries:
        for year in range(first, last + 1):
            out[(tp, "s", dim, year)] = agree.Coded(value, None, f"{tp} {first}", None,
                                                    (first, last))  # fmt: skip
    return out


def compare(ca, cb, **kwargs) -> agree.Report:  # noqa: ANN001, ANN003
    return agree.compare_cells(ca, cb, SCALE, ["d"], ["s"], **kwargs)


def test_a_span_both_code_with_one_disagreement_is_one_entry_unit_and_three_cells():
    a = coding(("x", "d", 2014, 2016, 1))
    b = coding(("x", "d", 2014, 2016, 2))
    by_cell, by_entry = compare(a, b), compare(a, b, unit="entry")
    assert (by_cell.groups[0].both, len(by_cell.disagreements)) == (3, 3)
    assert (by_entry.groups[0].both, len(by_entry.disagreements)) == (1, 1)
    [d] = by_entry.disagreements
    assert (d.unit, d.years, d.cell) == (("x", "s", "d", 2014, 2016), "2014-2016",
                                         ("x", "s", "d", 2014))  # fmt: skip
    assert agree.disagreement_rows(by_entry)[0]["years"] == "2014-2016"


def test_an_entry_unit_ends_where_either_coders_entry_changes_or_the_years_break():
    # A codes 2014-2016 as one span; B splits it (2014, then 2015-2016, same value); a second
    # third party is coded 2014 and 2016 by both, with a year between that neither codes
    a = coding(("x", "d", 2014, 2016, 1), ("y", "d", 2014, 2014, 0), ("y", "d", 2016, 2016, 0))
    b = coding(("x", "d", 2014, 2014, 1), ("x", "d", 2015, 2016, 1), ("y", "d", 2014, 2014, 0),
               ("y", "d", 2016, 2016, 0))  # fmt: skip
    keys = [u.key for u in agree.units(a, b, "entry")]
    assert keys == [("x", "s", "d", 2014, 2014), ("x", "s", "d", 2015, 2016),
                    ("y", "s", "d", 2014, 2014), ("y", "s", "d", 2016, 2016)]  # fmt: skip
    assert len(agree.units(a, b, "cell")) == 5


def test_codability_counts_what_one_coder_coded_and_the_other_did_not():
    a = coding(("x", "d", 2014, 2014, 1), ("y", "d", 2014, 2014, 2), ("z", "d", 2014, 2014, None),
               ("w", "d", 2014, 2014, 0))  # fmt: skip
    b = coding(("x", "d", 2014, 2014, 1), ("z", "d", 2014, 2014, 3), ("v", "d", 2014, 2014, None),
               ("w", "d", 2014, 2014, 0))  # fmt: skip
    g = compare(a, b).groups[0]
    # y: A only; z: B only (A's entry is null); v: neither (not a unit either coded)
    assert (g.both, g.a_only, g.b_only, g.one_only) == (2, 1, 1, 2)
    assert g.one_only_share == 0.5


def random_pair(rng: np.random.Generator, n: int) -> tuple[dict, dict]:
    a, b = {}, {}
    for i in range(n):
        x = int(rng.choice(SCALE))
        y = x if rng.random() < 0.6 else int(rng.choice(SCALE))
        a[(f"t{i}", "s", "d", 2014)] = agree.Coded(None if rng.random() < 0.1 else x, *[None] * 3)
        b[(f"t{i}", "s", "d", 2014)] = agree.Coded(None if rng.random() < 0.1 else y, *[None] * 3)
    return a, b


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_figure_is_the_libraries_and_the_confusion_matrix_is_scikit_learns(seed):
    a, b = random_pair(np.random.default_rng(seed), 60)
    report = compare(a, b)
    g = report.groups[0]
    keys = sorted(a)
    xs_all = [a[k].value if a[k].value is not None else NONE for k in keys]
    ys_all = [b[k].value if b[k].value is not None else NONE for k in keys]
    expected = confusion_matrix(xs_all, ys_all, labels=[*SCALE, NONE])
    expected[-1][-1] = 0  # coded by neither: not a unit
    assert report.confusion["d"] == expected.tolist()
    paired = [(x, y) for x, y in zip(xs_all, ys_all, strict=True) if NONE not in (x, y)]
    xs, ys = [p[0] for p in paired], [p[1] for p in paired]
    assert g.both == len(paired)
    assert g.percent == round(np.mean([x == y for x, y in paired]), 4)
    for weights, got in (("linear", g.kappa_linear), ("quadratic", g.kappa_quadratic)):
        assert got == round(cohen_kappa_score(xs, ys, labels=SCALE, weights=weights), 4)
    data = np.array([[np.nan if v == NONE else v for v in row] for row in (xs_all, ys_all)])
    assert g.alpha_ordinal == round(krippendorff.alpha(reliability_data=data,
                                                       level_of_measurement="ordinal",
                                                       value_domain=SCALE), 4)  # fmt: skip


def test_the_bootstraps_coefficients_from_confusion_matrices_are_the_libraries():
    rng = np.random.default_rng(7)
    for _ in range(40):
        n = int(rng.integers(2, 30))
        xs = rng.choice(SCALE, n)
        ys = np.where(rng.random(n) < 0.5, xs, rng.choice(SCALE, n))
        if len(set(xs) | set(ys)) < 2:
            continue
        c = confusion_matrix(xs, ys, labels=SCALE)
        for weights in ("linear", "quadratic"):
            assert np.isclose(agree.kappa_of_confusion(c, weights),
                              cohen_kappa_score(xs, ys, labels=SCALE, weights=weights))  # fmt: skip
        assert np.isclose(agree.alpha_of_confusion(c), krippendorff.alpha(
            reliability_data=np.array([xs, ys], dtype=float), level_of_measurement="ordinal",
            value_domain=SCALE))  # fmt: skip
    assert np.isnan(agree.kappa_of_confusion(confusion_matrix([1, 1], [1, 1], labels=SCALE),
                                             "linear"))  # fmt: skip
    assert np.isnan(agree.alpha_of_confusion(confusion_matrix([1, 1], [1, 1], labels=SCALE)))


def test_the_bootstrap_is_reproducible_contains_the_estimate_and_is_the_libraries_percentiles():
    a, b = random_pair(np.random.default_rng(4), 50)
    first = compare(a, b, bootstrap=40, seed=3).groups[0]
    assert first == compare(a, b, bootstrap=40, seed=3).groups[0]
    assert first != compare(a, b, bootstrap=40, seed=4).groups[0]
    assert first.bootstrap == 40 and first.bootstrap_skipped == 0
    for name in ("kappa_linear", "kappa_quadratic", "alpha_ordinal"):
        low, point, high = (getattr(first, f"{name}_low"), getattr(first, name),
                            getattr(first, f"{name}_high"))  # fmt: skip
        assert low <= point <= high, name
    # the same resamples, drawn here, scored by the libraries
    keys = sorted(k for k in a if a[k].value is not None and b[k].value is not None)
    xs = np.array([a[k].value for k in keys])
    ys = np.array([b[k].value for k in keys])
    draws = np.random.default_rng(3).integers(0, len(keys), size=(40, len(keys)))
    kappas = [cohen_kappa_score(xs[d], ys[d], labels=SCALE, weights="linear") for d in draws]
    alphas = [krippendorff.alpha(reliability_data=np.array([xs[d], ys[d]], dtype=float),
                                 level_of_measurement="ordinal", value_domain=SCALE)
              for d in draws]  # fmt: skip
    assert (first.kappa_linear_low, first.kappa_linear_high) == tuple(
        round(v, 4) for v in np.percentile(kappas, [2.5, 97.5])
    )
    assert (first.alpha_ordinal_low, first.alpha_ordinal_high) == tuple(
        round(v, 4) for v in np.percentile(alphas, [2.5, 97.5])
    )


def test_a_resample_where_a_coefficient_is_undefined_is_skipped_and_counted():
    # two units, each coded alike: a resample that draws one of them twice has a single value
    a = coding(("x", "d", 2014, 2014, 1), ("y", "d", 2014, 2014, 2))
    g = compare(a, a, bootstrap=50, seed=0).groups[0]
    draws = np.random.default_rng(0).integers(0, 2, size=(50, 2))
    assert g.bootstrap_skipped == sum(d[0] == d[1] for d in draws) > 0
    assert g.alpha_ordinal_low == g.alpha_ordinal_high == 1.0


def test_a_group_under_the_minimum_of_pairable_units_carries_a_warning():
    few = coding(*[(f"t{i}", "d", 2014, 2014, i % 3) for i in range(agree.MIN_PAIRABLE - 1)])
    enough = coding(*[(f"t{i}", "d", 2014, 2014, i % 3) for i in range(agree.MIN_PAIRABLE)])
    warning = compare(few, few).groups[0].warning
    assert warning and f"fewer than {agree.MIN_PAIRABLE}" in warning
    assert compare(enough, enough).groups[0].warning is None
    # and a span of entries counted once warns where its cells would not
    long = coding(*[(f"t{i}", "d", 2014, 2016, 1 + i % 2) for i in range(agree.MIN_PAIRABLE // 2)])
    assert compare(long, long).groups[0].warning is None
    assert compare(long, long, unit="entry").groups[0].warning


def test_the_command_line_gives_intervals_warnings_and_the_confusion_matrices(tmp_path, capsys):
    out = tmp_path / "confusion.csv"
    code = cli.main(["agree", str(SHIPPED), str(ROOT / "reliability" / "second-coding"),
                     "--unit", "entry", "--bootstrap", "30", "--seed", "1", "--format", "json",
                     "--confusion", str(out)])  # fmt: skip
    result = capsys.readouterr()
    assert code == 0, result.err
    data = json.loads(result.out)
    assert (data["unit"], data["bootstrap"], data["seed"]) == ("entry", 30, 1)
    groups = {g["group"]: g for g in data["agreement"]}
    small = [name for name, g in groups.items() if g["both"] < agree.MIN_PAIRABLE]
    assert small and all(groups[name]["warning"] for name in small)
    assert all(f"{name}: " in result.err for name in small)
    every = groups["all"]
    assert every["alpha_ordinal_low"] <= every["alpha_ordinal"] <= every["alpha_ordinal_high"]
    assert data["confusion"]["overall"]["levels"][-1] == "not coded"
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "unit,dimension,a,b -2,b -1,b 0,b 1,b 2,b 3,b not coded"
    assert len(lines) == 1 + 7 * len(data["confusion"])
    assert cli.main(["agree", str(SHIPPED), str(SHIPPED), "--bootstrap", "-1"]) == 2
    assert "--bootstrap" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("      - [6, 0, 0, 0, 0, 0, 2]\n", "      - [6, 0, 0, 0, 0, 2]\n", "7 rows of 6/7 counts"),
        ("      - [6, 0, 0, 0, 0, 0, 2]\n", "      - [6, 0, 0, 0, 0, -1, 2]\n", "greater than"),
        ("      - [0, 0, 0, 2, 0, 2, 0]\n", "      - [0, 0, 0, 2, 0, 2, 1]\n", "not counted"),
        ("    economic:\n      - [0,", "    trade:\n      - [0,", "trade"),
    ],
)
def test_a_confusion_matrix_that_does_not_fit_the_scale_is_refused(tmp_path, old, new, message):
    copy = copy_dataset(SHIPPED, tmp_path / "data")
    replace_in(copy / "meta.yaml", old, new)
    with pytest.raises(DatasetError) as exc:
        load_dataset(copy)
    assert message in str(exc.value), str(exc.value)
    assert "confusion_before" in str(exc.value)
