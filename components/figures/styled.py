"""A chart as each kind of screen draws it, made once per shared figure and screen.

The views are shared by every session (cached.py); a phone's layout (narrow.py), a wall's
(theme.projector_figure) and the dark theme (dark.py) are copies made from them, and making one
takes 25-130 ms a chart. Made on every run, fifty phones opening the comparison page would cost
the server half a minute; here each styled copy is made once and shared, read-only like the
view it comes from (Streamlit only reads a figure it is given).

Each copy is finished by the function the cache is given: the web layer gives its `Sent`
figure (web/streamlit_compat.py), whose dict, what st.plotly_chart serialises, is made once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import plotly.graph_objects as go

from components.figures.dark import dark_figure
from components.figures.narrow import narrow_figure
from components.figures.theme import projector_figure, wall_figure

STYLES: dict[str, Callable[[go.Figure], go.Figure]] = {
    "narrow": narrow_figure,
    "projector": projector_figure,
    "wall": wall_figure,
    "dark": dark_figure,
}


def copied(figure: go.Figure) -> go.Figure:
    """A copy made from a plain dict: go.Figure(figure) would reorder the shared view's JSON."""
    return go.Figure(figure.to_dict())


class Styled:
    """Styled copies of shared figures, the most recently used first, at most `size` of them.
    Each entry holds its source figure, so an id is never mistaken for another figure's."""

    def __init__(self, size: int = 256, finish: Callable[[go.Figure], go.Figure] = copied) -> None:
        self.size = size
        self.finish = finish
        self._held: OrderedDict[tuple[int, tuple[str, ...]], tuple[go.Figure, go.Figure]] = (
            OrderedDict()
        )
        self._lock = threading.Lock()

    def get(self, figure: go.Figure, styles: tuple[str, ...]) -> go.Figure:
        """The figure with these styles applied in order (none: an unstyled copy), finished
        (for Streamlit: a Sent figure, what st.plotly_chart is given)."""
        key = (id(figure), styles)
        with self._lock:
            held = self._held.get(key)
            if held is not None and held[0] is figure:
                self._held.move_to_end(key)
                return held[1]
        styled = figure
        for style in styles:
            styled = STYLES[style](styled)
        styled = self.finish(styled)
        with self._lock:
            self._held[key] = (figure, styled)
            self._held.move_to_end(key)
            while len(self._held) > self.size:
                self._held.popitem(last=False)
        return styled

    def __len__(self) -> int:
        return len(self._held)
