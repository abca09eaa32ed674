"""Text boxes of an exported SVG as a browser draws it, and the overlaps among them."""

from __future__ import annotations

from dataclasses import dataclass

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


def problems(found: list[Box], width: float, height: float, slack: float = 1.0) -> list[str]:
    """Overlaps between different labels, and text running outside the slide."""
    out = []
    for b in found:
        if (
            b.left < -slack
            or b.top < -slack
            or b.right > width + slack
            or b.bottom > height + slack
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
