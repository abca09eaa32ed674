"""The presenter's pointer: one third party emphasised on a chart, the others dimmed, on the
wall and on every follower's screen (web/room.py). A chart's points carry their value ids
(`russia.taliban.overall.2016`, the third party first); a chart without them (the strategy's
bars, the timeline) has nothing to point at and is left as it is."""

from __future__ import annotations

import plotly.graph_objects as go

DIMMED = 0.2  # the opacity of every point but the one pointed at


def _point_ids(trace) -> list[str | None]:  # noqa: ANN001 - a Plotly trace
    out: list[str | None] = []
    for data in getattr(trace, "customdata", None) or ():
        last = data[-1] if isinstance(data, list | tuple) and len(data) else data
        out.append(last if isinstance(last, str) and last and ":" not in last else None)
    return out


def third_parties_in(figure: go.Figure) -> list[str]:
    """The third parties a chart's points name, in the order they are drawn."""
    found: dict[str, None] = {}
    for trace in figure.data:
        for point in _point_ids(trace):
            if point and "." in point:
                found[point.split(".", 1)[0]] = None
    return list(found)


def pointed(figure: go.Figure, third_party: str) -> go.Figure:
    """A copy with every point of the third party as it was and every other point dimmed
    (a trace with no value ids, a key or a label, is left as it is)."""
    out = go.Figure(figure)
    for trace in out.data:
        ids = _point_ids(trace)
        if not any(ids):
            continue
        opacity = [1.0 if p and p.split(".", 1)[0] == third_party else DIMMED for p in ids]
        trace.update(marker_opacity=opacity)
    return out
