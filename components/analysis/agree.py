"""Coder agreement: two codings of the same source compared unit by unit (a unit is a year of a
span, or one coding decision: `units`): percent agreement, Cohen's weighted kappa (linear and
quadratic, scikit-learn) and Krippendorff's alpha (ordinal, the `krippendorff` package), with
bootstrap intervals, how often one coder coded what the other did not, a confusion matrix per
dimension, overall, per dimension and per side, and every disagreement with both coders'
evidence. No Streamlit.

The statistics come from maintained libraries, installed with the optional extra
`pip install 'tugofwar[agree]'`; this module lines the codings up, and for the bootstrap's
resamples computes the same coefficients from confusion matrices with numpy (the tests hold them
equal to the libraries').
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

from components.dataset.models import Dataset, Rating

Cell = tuple[str, str, str, int]  # third party, side, dimension, year
UnitKey = tuple[str, str, str, int, int]  # third party, side, dimension, first and last year
UnitKind = Literal["cell", "entry"]
UNITS: tuple[UnitKind, ...] = ("cell", "entry")

# Fewer pairable units than this in a group and its figures carry a warning: one disagreement
# moves the percent agreement by more than three points, and a percentile bootstrap's interval
# falls short of its stated coverage on so few units (a conventional floor, not a power
# calculation: a scale with rare levels needs more).
MIN_PAIRABLE = 30
BOOTSTRAP = 1000  # resamples for the 95% intervals (the command line's default)
SEED = 0
NOT_CODED = "not coded"  # the confusion matrices' last row and column


class AgreementUnavailable(Exception):
    """The statistics' libraries are not installed; the message says how to get them."""


def _libraries() -> tuple[Any, Any, Any]:
    try:
        import krippendorff
        import numpy as np
        from sklearn.metrics import cohen_kappa_score
    except ImportError as exc:
        raise AgreementUnavailable(
            "coder agreement needs scikit-learn and krippendorff: "
            "pip install 'tugofwar[agree]' (make test installs them)"
        ) from exc
    return krippendorff, np, cohen_kappa_score


@dataclass(frozen=True)
class Coded:
    value: int | None
    quote: str | None
    reasoning: str | None
    confidence: str | None
    span: tuple[int, int] | None = None  # the years of the entry that gives the value


def entries(ds: Dataset) -> dict[Cell, Rating]:
    """Every year-cell the dataset gives an entry for, with the entry (spans expanded)."""
    out: dict[Cell, Rating] = {}
    for tp in ds.third_parties:
        for side, dims in tp.relations.items():
            for dim, ratings in dims.items():
                for r in ratings or []:
                    start, end = r.span
                    for year in range(start, end + 1):
                        out[(tp.id, side, dim, year)] = r
    return out


def cells(ds: Dataset) -> dict[Cell, Coded]:
    """Every year-cell a dataset gives an entry for (spans expanded; null values kept as None)."""
    return {
        cell: Coded(r.value, r.quote, r.reasoning, r.confidence, r.span)
        for cell, r in entries(ds).items()
    }


@dataclass(frozen=True)
class Unit:
    """What is compared once: a cell, or the years over which neither coder's entry changes."""

    key: UnitKey
    a: Coded | None  # None: no entry
    b: Coded | None

    @property
    def years(self) -> str:
        first, last = self.key[3:]
        return str(first) if first == last else f"{first}-{last}"


def _entry(c: Coded | None) -> tuple[object, ...] | None:
    return None if c is None else (c.span, c.value)


def units(ca: dict[Cell, Coded], cb: dict[Cell, Coded], unit: UnitKind = "cell") -> list[Unit]:
    """The units two codings are compared on. `cell`: each year of each (third party, side,
    dimension) that either coding gives an entry for. `entry`: for each (third party, side,
    dimension), a run of consecutive such years over which A's entry stays the same entry and B's
    too (an entry is one value given to a year or a span; no entry counts as one): a span both
    coders coded the same way is one unit, and a span of A that B split in two is two."""
    out: list[Unit] = []
    for k in sorted(set(ca) | set(cb)):
        a, b = ca.get(k), cb.get(k)
        last = out[-1] if out else None
        if (
            unit == "entry"
            and last is not None
            and last.key[:3] == k[:3]
            and last.key[4] + 1 == k[3]
            and (_entry(last.a), _entry(last.b)) == (_entry(a), _entry(b))
        ):
            out[-1] = Unit((*k[:3], last.key[3], k[3]), last.a, last.b)
        else:
            out.append(Unit((*k, k[3]), a, b))
    return out


@dataclass(frozen=True)
class Agreement:
    """One group's figures: how many units both coders coded, how many one only (and which),
    the statistics (None where a statistic is undefined, e.g. kappa when every value is equal)
    with their bootstrap 95% intervals, and a warning below MIN_PAIRABLE pairable units."""

    group: str
    both: int
    one_only: int
    a_only: int = 0
    b_only: int = 0
    one_only_share: float | None = None  # one_only of the units either coder coded
    percent: float | None = None
    kappa_linear: float | None = None
    kappa_linear_low: float | None = None
    kappa_linear_high: float | None = None
    kappa_quadratic: float | None = None
    kappa_quadratic_low: float | None = None
    kappa_quadratic_high: float | None = None
    alpha_ordinal: float | None = None
    alpha_ordinal_low: float | None = None
    alpha_ordinal_high: float | None = None
    bootstrap: int = 0  # resamples drawn
    bootstrap_skipped: int = 0  # of them, those where a coefficient was undefined
    warning: str | None = None


@dataclass(frozen=True)
class Disagreement:
    unit: UnitKey
    a: Coded
    b: Coded

    @property
    def cell(self) -> Cell:
        """The unit's third party, side, dimension and first year."""
        return self.unit[:4]  # type: ignore[return-value]

    @property
    def years(self) -> str:
        first, last = self.unit[3:]
        return str(first) if first == last else f"{first}-{last}"


@dataclass
class Report:
    groups: list[Agreement] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    unit: UnitKind = "cell"
    scale: list[int] = field(default_factory=list)
    # dimension id -> counts: rows coder A's values (the scale's, then not coded), columns B's
    confusion: dict[str, list[list[int]]] = field(default_factory=dict)
    bootstrap: int = 0
    seed: int = SEED


def _number(value: float) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 4)


def kappa(a: list[int], b: list[int], labels: list[int], weights: str | None) -> float | None:
    """Cohen's kappa of two coders' paired values (weights None, "linear" or "quadratic")."""
    _, _, cohen_kappa_score = _libraries()
    if not a or (len(set(a) | set(b)) < 2):
        return None  # one category only: chance agreement is total, kappa is undefined
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return _number(cohen_kappa_score(a, b, labels=labels, weights=weights))


def alpha(matrix: list[list[float | None]], level: str, domain: list[int] | None = None):  # noqa: ANN201
    """Krippendorff's alpha of a coders x units matrix (None: not coded)."""
    try:  # krippendorff is installed with the dashboard (the room's alpha): no scikit-learn
        import krippendorff
        import numpy as np
    except ImportError:
        _libraries()  # says how to install them
        raise
    data = np.array([[np.nan if v is None else v for v in row] for row in matrix], dtype=float)
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    if pairable.sum() == 0 or len(np.unique(data[:, pairable][~np.isnan(data[:, pairable])])) < 2:
        return None
    kwargs = {"value_domain": domain} if domain is not None and level != "nominal" else {}
    return _number(krippendorff.alpha(reliability_data=data, level_of_measurement=level, **kwargs))


def kappa_of_confusion(confusion: Any, weights: str) -> Any:
    """Weighted kappa of confusion matrices (..., k, k) of paired values, as scikit-learn
    computes it (weights on the labels' positions); NaN where undefined."""
    import numpy as np

    c = np.asarray(confusion, dtype=float)
    k = c.shape[-1]
    step = np.abs(np.subtract.outer(np.arange(k), np.arange(k))).astype(float)
    w = step if weights == "linear" else step**2
    n = c.sum(axis=(-2, -1))
    expected = c.sum(axis=-1)[..., :, None] * c.sum(axis=-2)[..., None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = expected / n[..., None, None]
        return 1 - (w * c).sum(axis=(-2, -1)) / (w * expected).sum(axis=(-2, -1))


def alpha_of_confusion(confusion: Any) -> Any:
    """Krippendorff's ordinal alpha of two coders' paired values given as confusion matrices
    (..., k, k) over a scale's k ordered levels; NaN where undefined."""
    import numpy as np

    c = np.asarray(confusion, dtype=float)
    o = c + np.swapaxes(c, -1, -2)  # coincidences: each unit's two values, both ways
    n_c = o.sum(axis=-1)
    n = n_c.sum(axis=-1)
    # ordinal distance: (sum of n_g from c to k, less half of n_c and n_k), squared
    cum = np.cumsum(n_c, axis=-1)
    lo = np.minimum.outer(np.arange(c.shape[-1]), np.arange(c.shape[-1]))
    hi = np.maximum.outer(np.arange(c.shape[-1]), np.arange(c.shape[-1]))
    before = np.concatenate([np.zeros(n_c.shape[:-1] + (1,)), cum], axis=-1)
    between = np.take(cum, hi, axis=-1) - np.take(before, lo, axis=-1)
    delta = (between - (n_c[..., :, None] + n_c[..., None, :]) / 2) ** 2
    observed = (o * delta).sum(axis=(-2, -1))
    expected = (n_c[..., :, None] * n_c[..., None, :] * delta).sum(axis=(-2, -1))
    with np.errstate(divide="ignore", invalid="ignore"):
        return 1 - (n - 1) * observed / expected


def bootstrap_intervals(
    xs: list[int], ys: list[int], scale: list[int], resamples: int, seed: int = SEED
) -> tuple[dict[str, tuple[float | None, float | None]], int]:
    """95% percentile intervals of the two kappas and alpha: the pairs resampled with replacement
    `resamples` times (numpy's default generator, seeded); a resample in which any of the three
    is undefined is skipped for all three, and counted."""
    import numpy as np

    names = ("kappa_linear", "kappa_quadratic", "alpha_ordinal")
    if not xs or resamples <= 0:
        return {name: (None, None) for name in names}, 0
    k, n = len(scale), len(xs)
    index = {v: i for i, v in enumerate(scale)}
    codes = np.array([index[x] * k + index[y] for x, y in zip(xs, ys, strict=True)])
    draws = np.random.default_rng(seed).integers(0, n, size=(resamples, n))
    flat = codes[draws] + (np.arange(resamples) * k * k)[:, None]
    confusion = np.bincount(flat.ravel(), minlength=resamples * k * k).reshape(resamples, k, k)
    stats = np.stack([kappa_of_confusion(confusion, "linear"),
                      kappa_of_confusion(confusion, "quadratic"),
                      alpha_of_confusion(confusion)])  # fmt: skip
    defined = ~np.isnan(stats).any(axis=0)
    if not defined.any():
        return {name: (None, None) for name in names}, resamples
    out = {
        name: tuple(_number(v) for v in np.percentile(stats[i, defined], [2.5, 97.5]))
        for i, name in enumerate(names)
    }
    return out, int((~defined).sum())  # type: ignore[return-value]


def _coded(c: Coded | None) -> bool:
    """Whether a coding gives the unit a value (an entry with a null value, or none, does not)."""
    return c is not None and c.value is not None


def confusion(chosen: list[Unit], scale: list[int]) -> list[list[int]]:
    """Counts of units by A's value (rows) and B's (columns), over the scale's levels and then
    not coded; a unit neither codes is not counted (the corner stays 0)."""
    index = {v: i for i, v in enumerate(scale)}
    out = [[0] * (len(scale) + 1) for _ in range(len(scale) + 1)]
    for u in chosen:
        if _coded(u.a) or _coded(u.b):
            row = index[u.a.value] if _coded(u.a) else len(scale)  # type: ignore[union-attr]
            col = index[u.b.value] if _coded(u.b) else len(scale)  # type: ignore[union-attr]
            out[row][col] += 1
    return out


def compare(
    a: Dataset, b: Dataset, *, unit: UnitKind = "cell", bootstrap: int = 0, seed: int = SEED
) -> Report:
    """Both codings, unit by unit: the figures overall, per dimension and per side."""
    return compare_cells(
        cells(a),
        cells(b),
        sorted(level.value for level in a.meta.scale.levels),
        ["overall", *(d.id for d in a.meta.dimensions)],
        [x.id for x in a.meta.actors],
        unit=unit,
        bootstrap=bootstrap,
        seed=seed,
    )


def _group(name: str, chosen: list[Unit], scale: list[int], bootstrap: int, seed: int) -> Agreement:
    pairs = [(u.a.value, u.b.value) for u in chosen if _coded(u.a) and _coded(u.b)]  # type: ignore[union-attr]
    a_only = sum(1 for u in chosen if _coded(u.a) and not _coded(u.b))
    b_only = sum(1 for u in chosen if _coded(u.b) and not _coded(u.a))
    either = len(pairs) + a_only + b_only
    xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
    coded = [u for u in chosen if _coded(u.a) or _coded(u.b)]
    matrix = [[c.value if c is not None else None for c in (u.a for u in coded)],
              [c.value if c is not None else None for c in (u.b for u in coded)]]  # fmt: skip
    intervals, skipped = bootstrap_intervals(xs, ys, scale, bootstrap, seed)
    warning = (
        f"{len(pairs)} pairable units, fewer than {MIN_PAIRABLE}: its coefficients are unstable"
        if len(pairs) < MIN_PAIRABLE
        else None
    )
    return Agreement(
        name,
        len(pairs),
        a_only + b_only,
        a_only,
        b_only,
        _number((a_only + b_only) / either) if either else None,
        _number(sum(x == y for x, y in pairs) / len(pairs)) if pairs else None,
        kappa(xs, ys, scale, "linear"),
        *intervals["kappa_linear"],
        kappa(xs, ys, scale, "quadratic"),
        *intervals["kappa_quadratic"],
        alpha(matrix, "ordinal", scale),
        *intervals["alpha_ordinal"],
        bootstrap=bootstrap if pairs else 0,
        bootstrap_skipped=skipped,
        warning=warning,
    )


def compare_cells(
    ca: dict[Cell, Coded], cb: dict[Cell, Coded], scale: list[int], dims: list[str],
    sides: list[str], *, unit: UnitKind = "cell", bootstrap: int = 0, seed: int = SEED,
) -> Report:  # fmt: skip
    """`compare` on two codings' cells (e.g. a coding as it was before an adjudication)."""
    _libraries()
    every = units(ca, cb, unit)
    groups = [("all", lambda u: True)]
    groups += [(f"dimension {d}", lambda u, d=d: u.key[2] == d) for d in dims]
    groups += [(f"side {s}", lambda u, s=s: u.key[1] == s) for s in sides]
    report = Report(unit=unit, scale=list(scale), bootstrap=bootstrap, seed=seed)
    for name, keep in groups:
        chosen = [u for u in every if keep(u)]
        report.groups.append(_group(name, chosen, scale, bootstrap, seed))
    for d in dims:
        report.confusion[d] = confusion([u for u in every if u.key[2] == d], scale)
    none = Coded(None, None, None, None)
    for u in every:
        va = u.a.value if u.a is not None else None
        vb = u.b.value if u.b is not None else None
        if va != vb:
            report.disagreements.append(Disagreement(u.key, u.a or none, u.b or none))
    return report


def as_rows(report: Report) -> list[dict[str, Any]]:
    return [{"unit": report.unit, **vars(g)} for g in report.groups]


def level_names(scale: list[int]) -> list[str]:
    """The confusion matrices' row and column names: the scale's values, then not coded."""
    return [str(v) for v in scale] + [NOT_CODED]


def confusion_rows(report: Report) -> list[dict[str, Any]]:
    """The confusion matrices as rows: dimension, coder A's value, then a count per B value."""
    names = level_names(report.scale)
    return [
        {"unit": report.unit, "dimension": dim, "a": names[i],
         **{f"b {name}": count for name, count in zip(names, row, strict=True)}}
        for dim, matrix in report.confusion.items()
        for i, row in enumerate(matrix)
    ]  # fmt: skip


def disagreement_rows(report: Report) -> list[dict[str, Any]]:
    return [
        {
            "third_party": d.unit[0],
            "side": d.unit[1],
            "dimension": d.unit[2],
            "year": d.unit[3],
            "years": d.years,
            "a_value": d.a.value,
            "b_value": d.b.value,
            "a_evidence": d.a.quote or d.a.reasoning,
            "b_evidence": d.b.quote or d.b.reasoning,
        }
        for d in report.disagreements
    ]
