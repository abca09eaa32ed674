"""The join screen's QR code: the modules its SVG draws are the code of the text given."""

from __future__ import annotations

import re

import pytest

from components.figures.qr import qr_modules, qr_svg

pytestmark = pytest.mark.unit


def modules_of(svg: str) -> tuple[tuple[bool, ...], ...]:
    """Read back the dark modules from segno's SVG path (moves and horizontal runs, one unit
    a module), quiet zone left out."""
    path = re.search(r'<path[^>]*stroke="#000(?:000)?"[^>]*d="([^"]+)"', svg).group(1)
    border = 4
    x = y = 0.0
    dark: set[tuple[int, int]] = set()
    for op, a, b in re.findall(r"([MmHhVv])\s*(-?[\d.]+)(?:[ ,](-?[\d.]+))?", path):
        n = float(a)
        if op == "M":
            x, y = n, float(b)
        elif op == "m":
            x, y = x + n, y + float(b)
        elif op == "h":
            for col in range(int(round(x)), int(round(x + n))):
                dark.add((int(y), col))
            x += n
        else:
            raise AssertionError(f"unexpected path operation {op}")
    size = max(c for _, c in dark) - border + 1 if dark else 0
    size = max(size, max(r for r, _ in dark) - border + 1)
    return tuple(tuple((r + border, c + border) in dark for c in range(size)) for r in range(size))


def test_the_svg_draws_the_code_of_the_text_and_no_other():
    text = "https://seminar.example.org/tow/?follow=1"
    assert modules_of(qr_svg(text)) == qr_modules(text)
    assert modules_of(qr_svg(text)) != qr_modules(text + "x")
    # a code of version 2 or more: three finder patterns in the corners
    grid = qr_modules(text)
    for r, c in ((0, 0), (0, len(grid) - 7), (len(grid) - 7, 0)):
        assert all(grid[r][c + k] and grid[r + 6][c + k] for k in range(7))
