"""The presenter's pointer: one third party or one event emphasised on a chart, the rest dimmed,
on the wall and on every follower's screen (web/room.py). A chart's points carry what they stand
for in their customdata: a value id (`rome.alliance.overall.2016`, the third party first) as
the last item, an event as `event:<id>` (the trend's marks) or its id first (the timeline's). A
chart without either (the strategy's bars) has nothing to point at and is left as it is."""

from __future__ import annotations

import plotly.graph_objects as go

DIMMED = 0.2  # the opacity of every point but those pointed at
EVENT = "event:"  # a pointer at an event: "event:<id>"


def _targets(data: object) -> set[str]:
    """What one point stands for: its third party, and its event."""
    if not isinstance(data, list | tuple) or not data:
        data = [data]
    found = set()
    last, first = data[-1], data[0]
    if isinstance(last, str) and last.startswith(EVENT):
        found.add(last)
    elif isinstance(last, str) and "." in last and ":" not in last:
        found.add(last.split(".", 1)[0])
    if len(data) > 1 and isinstance(first, str) and first and " " not in first:
        found.add(EVENT + first)  # the timeline's points: the event's id first
    return found


def _points(trace) -> list[set[str]]:  # noqa: ANN001 - a Plotly trace
    return [_targets(d) for d in getattr(trace, "customdata", None) or ()]


def targets_in(figure: go.Figure) -> list[str]:
    """The third parties and events (`event:<id>`) a chart's points stand for, in drawing order."""
    found: dict[str, None] = {}
    for trace in figure.data:
        for point in _points(trace):
            found.update(dict.fromkeys(sorted(point)))
    return list(found)


def third_parties_in(figure: go.Figure) -> list[str]:
    return [t for t in targets_in(figure) if not t.startswith(EVENT)]


def pointed(figure: go.Figure, target: str) -> go.Figure:
    """A copy with every point of the target (a third party's id, or `event:<id>`) as it was and
    every other point dimmed (a trace that stands for nothing, a key or a label, is left)."""
    out = go.Figure(figure)
    for trace in out.data:
        points = _points(trace)
        if not any(points):
            continue
        trace.update(marker_opacity=[1.0 if target in p else DIMMED for p in points])
    return out
