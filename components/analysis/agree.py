"""Coder agreement: two codings of the same source compared value by value (each side, third
party, dimension and year): percent agreement, Cohen's weighted kappa (linear and quadratic,
scikit-learn) and Krippendorff's alpha (ordinal, the `krippendorff` package), overall, per
dimension and per side, and every disagreement with both coders' evidence. No Streamlit.

The statistics come from maintained libraries, installed with the optional extra
`pip install 'tugofwar[agree]'`; this module only lines the codings up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from components.dataset.models import Dataset

Cell = tuple[str, str, str, int]  # third party, side, dimension, year


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


def cells(ds: Dataset) -> dict[Cell, Coded]:
    """Every year-cell a dataset gives an entry for (spans expanded; null values kept as None)."""
    out: dict[Cell, Coded] = {}
    for tp in ds.third_parties:
        for side, dims in tp.relations.items():
            for dim, ratings in dims.items():
                for r in ratings or []:
                    start, end = r.span
                    for year in range(start, end + 1):
                        out[(tp.id, side, dim, year)] = Coded(
                            r.value, r.quote, r.reasoning, r.confidence
                        )
    return out


@dataclass(frozen=True)
class Agreement:
    """One group's figures: how many cells both coders coded, how many one only, and the
    statistics (None where a statistic is undefined, e.g. kappa when every value is equal)."""

    group: str
    both: int
    one_only: int
    percent: float | None
    kappa_linear: float | None
    kappa_quadratic: float | None
    alpha_ordinal: float | None


@dataclass(frozen=True)
class Disagreement:
    cell: Cell
    a: Coded
    b: Coded


@dataclass
class Report:
    groups: list[Agreement] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)


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


def _coded(coding: dict[Cell, Coded], cell: Cell) -> bool:
    """Whether a coding gives the cell a value (an entry with a null value, or none, does not)."""
    return cell in coding and coding[cell].value is not None


def compare(a: Dataset, b: Dataset) -> Report:
    """Both codings, cell by cell: the figures overall, per dimension and per side."""
    return compare_cells(
        cells(a),
        cells(b),
        sorted(level.value for level in a.meta.scale.levels),
        ["overall", *(d.id for d in a.meta.dimensions)],
        [x.id for x in a.meta.actors],
    )


def compare_cells(
    ca: dict[Cell, Coded], cb: dict[Cell, Coded], scale: list[int], dims: list[str],
    sides: list[str],
) -> Report:  # fmt: skip
    """`compare` on two codings' cells (e.g. a coding as it was before an adjudication)."""
    _libraries()
    keys = sorted(set(ca) | set(cb))
    groups = [("all", lambda c: True)]
    groups += [(f"dimension {d}", lambda c, d=d: c[2] == d) for d in dims]
    groups += [(f"side {s}", lambda c, s=s: c[1] == s) for s in sides]
    report = Report()
    for name, keep in groups:
        chosen = [k for k in keys if keep(k)]
        pairs = [(ca[k].value, cb[k].value) for k in chosen if _coded(ca, k) and _coded(cb, k)]
        one_only = sum(1 for k in chosen if _coded(ca, k) != _coded(cb, k))
        xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
        coded = [k for k in chosen if _coded(ca, k) or _coded(cb, k)]
        matrix = [
            [c[k].value if k in c else None for k in coded]
            for c in (ca, cb)
        ]  # fmt: skip
        report.groups.append(
            Agreement(
                name,
                len(pairs),
                one_only,
                _number(sum(x == y for x, y in pairs) / len(pairs)) if pairs else None,
                kappa(xs, ys, scale, "linear"),
                kappa(xs, ys, scale, "quadratic"),
                alpha(matrix, "ordinal", scale),
            )
        )
    for k in keys:
        va = ca[k].value if k in ca else None
        vb = cb[k].value if k in cb else None
        if va != vb:
            report.disagreements.append(
                Disagreement(k, ca.get(k, Coded(None, None, None, None)),
                             cb.get(k, Coded(None, None, None, None)))
            )  # fmt: skip
    return report


def as_rows(report: Report) -> list[dict[str, Any]]:
    return [vars(g) for g in report.groups]


def disagreement_rows(report: Report) -> list[dict[str, Any]]:
    return [
        {
            "third_party": d.cell[0],
            "side": d.cell[1],
            "dimension": d.cell[2],
            "year": d.cell[3],
            "a_value": d.a.value,
            "b_value": d.b.value,
            "a_evidence": d.a.quote or d.a.reasoning,
            "b_evidence": d.b.quote or d.b.reasoning,
        }
        for d in report.disagreements
    ]
