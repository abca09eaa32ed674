"""The key findings a briefing opens with: the overview's findings for a year, each with whether
the year's values bear it out and how much evidence stands behind it, as plain lines a slide or a
PDF page shows as they are."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from components.core.tables import ratings_frame
from components.core.view_state import OverviewState, ViewState
from components.dataset.models import Dataset
from components.figures.views import overview

VERDICTS = {  # as the overview says it
    "holds": "holds in these values",
    "flips": "does not hold in these values",
    "not tested": "not tested by the values",
}


@dataclass(frozen=True)
class FindingLine:
    title: str
    text: str
    quote: str
    status: str  # "holds", "flips" or "not tested" (views.FindingCheck)
    values: int  # the quoted values of its third parties in the year, every dimension
    third_parties: int

    @property
    def evidence(self) -> str:
        """'Evidence: the article's words and 9 quoted values of 3 third parties, 2016.'"""
        if not self.values:
            return "Evidence: the article's words."
        return (
            f"Evidence: the article's words and {self.values} quoted "
            f"value{'s' if self.values != 1 else ''} of {self.third_parties} third "
            f"part{'ies' if self.third_parties != 1 else 'y'}."
        )


def briefing_year(ds: Dataset, states: Sequence[ViewState]) -> int:
    """The year a briefing's findings are for: the first view's year, else the last coded."""
    for state in states:
        if isinstance(getattr(state, "year", None), int):
            return state.year
    return max(ds.meta.years)


def findings(ds: Dataset, year: int) -> list[FindingLine]:
    """The overview's key findings for the year, each checked against the year's values and
    counted: how many quoted values of its third parties the dataset holds for that year."""
    state = OverviewState.from_params(ds, {"year": [str(year)]})
    ratings = ratings_frame(ds)
    quoted = ratings[(ratings["year"] == year) & ratings["value"].notna()
                     & ratings["quote"].fillna("").astype(bool)]  # fmt: skip
    out = []
    for check in overview(ds, state).checks:
        f = check.finding
        mine = quoted[quoted["third_party"].isin(f.third_parties)]
        out.append(
            FindingLine(
                title=f.title,
                text=f.text,
                quote=f.quote,
                status=check.status,
                values=len(mine),
                third_parties=mine["third_party"].nunique(),
            )
        )
    return out


def verdict_line(f: FindingLine) -> str:
    """'Holds in these values. Evidence: ...': the line under a finding's title."""
    return f"{VERDICTS[f.status].capitalize()}. {f.evidence}"


def lines(key_findings: Sequence[FindingLine]) -> list[tuple[str, str, str]]:
    """(title, verdict and evidence, text) for each finding: what a findings page shows."""
    return [(f.title, verdict_line(f), f.text) for f in key_findings]
