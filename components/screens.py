"""A chart as each kind of screen draws it, made once per shared figure and screen.

The views are shared by every session (cached.py); a phone's layout (narrow.py), a wall's
(theme.projector_figure) and the dark theme (dark.py) are copies made from them, and making one
takes 25-130 ms a chart. Made on every run, fifty phones opening the comparison page would cost
the server half a minute; here each styled copy is made once and shared, read-only like the
view it comes from (Streamlit only reads a figure it is given).

Every figure handed to Streamlit, styled or not, goes as a `Sent` copy: st.plotly_chart calls
the figure's to_dict() on every run, a deep copy with every array turned to base64 (1-5 ms a
chart, the largest single cost of a chart page's run); a Sent figure makes that dict once.
"""

from __future__ import annotations

import copy
import json
import threading
from collections import OrderedDict
from collections.abc import Callable

import plotly.graph_objects as go
import plotly.io as pio

from components.dark import dark_figure
from components.narrow import narrow_figure
from components.theme import projector_figure

STYLES: dict[str, Callable[[go.Figure], go.Figure]] = {
    "narrow": narrow_figure,
    "projector": projector_figure,
    "dark": dark_figure,
}


class Sent(go.Figure):
    """A read-only copy of a figure whose dict (what st.plotly_chart serialises) is made once.

    Streamlit only reads the dict it gets (plotly.io.to_json pops each trace's "uid", which is
    removed here first, so that is a no-op and sessions can share the dict); nothing else is
    handed a Sent figure. Never change one: its dict would no longer match.

    The dict is the figure's own JSON read back: plain JSON values only (dates as the strings
    plotly writes, arrays as lists or plotly's typed arrays), so each run's to_json is a plain
    encoding, not plotly's encoder converting dates and arrays again (half of its time)."""

    def __init__(self, figure: go.Figure) -> None:
        # from a plain dict: go.Figure(figure) would reorder the shared view's own JSON
        super().__init__(figure.to_dict())
        # to_json drops the traces' uids (from this copy of the dict)
        self._sent = json.loads(pio.to_json(super().to_dict(), validate=False))

    def to_dict(self) -> dict:
        return self._sent

    def __reduce__(self) -> tuple:
        # a copy or a pickle is a plain figure from a copy of the dict: plotly's own __reduce__
        # would write into the shared dict
        return go.Figure, (copy.deepcopy(self._sent),)


class Styled:
    """Styled copies of shared figures, the most recently used first, at most `size` of them.
    Each entry holds its source figure, so an id is never mistaken for another figure's."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._held: OrderedDict[tuple[int, tuple[str, ...]], tuple[go.Figure, Sent]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, figure: go.Figure, styles: tuple[str, ...]) -> Sent:
        """The figure with these styles applied in order (none: an unstyled copy), as a Sent
        figure: what st.plotly_chart is given."""
        key = (id(figure), styles)
        with self._lock:
            held = self._held.get(key)
            if held is not None and held[0] is figure:
                self._held.move_to_end(key)
                return held[1]
        styled = figure
        for style in styles:
            styled = STYLES[style](styled)
        styled = Sent(styled)
        with self._lock:
            self._held[key] = (figure, styled)
            self._held.move_to_end(key)
            while len(self._held) > self.size:
                self._held.popitem(last=False)
        return styled

    def __len__(self) -> int:
        return len(self._held)


STYLED = Styled()
