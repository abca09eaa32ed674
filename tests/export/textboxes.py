"""Text boxes of an exported SVG as a browser draws it, and the overlaps among them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

# Every visible <text> of the SVG: its words and its box in the slide's pixels. Plotly keeps
# empty and hidden text elements around (hover layers, unused titles); those are skipped.
_BOXES = """() => {
    const out = [];
    for (const el of document.querySelectorAll('svg text')) {
        const words = el.textContent.trim();
        if (!words) continue;
        let node = el, hidden = false;
        while (node && node.nodeType === 1) {
            const cs = getComputedStyle(node);
            if (cs.display === 'none' || cs.visibility === 'hidden' || +cs.opacity === 0) {
                hidden = true; break;
            }
            node = node.parentNode;
        }
        if (hidden) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        out.push({words, left: r.left, top: r.top, right: r.right, bottom: r.bottom});
    }
    return out;
}"""


@dataclass(frozen=True)
class Box:
    words: str
    left: float
    top: float
    right: float
    bottom: float


def boxes(page, svg: str) -> list[Box]:  # noqa: ANN001 - a Playwright page
    page.set_content(f"<body style='margin:0'>{svg}</body>")
    page.evaluate("document.fonts.ready")
    return [Box(**b) for b in page.evaluate(_BOXES)]


# A line's box runs from its font's ascent to its descent, above its tallest glyph and below
# its lowest: a title whose box pokes out of the top by a few pixels still shows whole (a
# 26-pixel title's box, 3 px; checked in the drawn PNG), as does an axis title set flush with
# the bottom, so the top and bottom edges allow that much.
LINE_LEADING = 4.0


def problems(found: list[Box], width: float, height: float, slack: float = 1.0) -> list[str]:
    """Overlaps between different labels, and text running outside the slide."""
    out = []
    for b in found:
        if (
            b.left < -slack
            or b.top < -max(slack, LINE_LEADING)
            or b.right > width + slack
            or b.bottom > height + max(slack, LINE_LEADING)
        ):
            out.append(f"outside the slide: {b.words!r} at ({b.left:.0f}, {b.top:.0f})-"
                       f"({b.right:.0f}, {b.bottom:.0f})")  # fmt: skip
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            w = min(a.right, b.right) - max(a.left, b.left)
            h = min(a.bottom, b.bottom) - max(a.top, b.top)
            # glyph boxes include line spacing: a pixel or two of touching is not an overlap
            if w > slack and h > 2 * slack:
                out.append(f"overlap: {a.words!r} and {b.words!r} ({w:.0f} x {h:.0f} px)")
    return out


def plotting_page(page) -> None:  # noqa: ANN001 - a Playwright page
    """Make `page` draw figures itself: the shipped plotly.js and fonts, no network. Drawing a
    figure here and measuring it takes about a tenth of a second, a third of a kaleido SVG."""
    import plotly

    from components.figures.theme import FONT_FILES, font_rule

    script = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    fonts = "".join(font_rule(w, s) for w, s in FONT_FILES)
    page.set_content(f"<html><head><style>{fonts} body{{margin:0}}</style></head>"
                     "<body><div id='chart'></div></body></html>")  # fmt: skip
    page.add_script_tag(content=script.read_text(encoding="utf-8"))
    page.evaluate("document.fonts.ready")


def drawn_boxes(page, figure, width: int, height: int) -> list[Box]:  # noqa: ANN001
    """The text boxes of a figure drawn at width x height on a plotting_page."""
    spec = json.loads(figure.to_json())
    layout = {**spec.get("layout", {}), "width": width, "height": height}
    page.evaluate(
        "async ([data, layout]) => { await Plotly.newPlot('chart', data, layout,"
        " {staticPlot: true}); await document.fonts.ready; }",
        [spec.get("data", []), layout],
    )
    return [Box(**b) for b in page.evaluate(_BOXES)]
