"""A QR code as SVG, made here (segno: no service, no network), for the join screen."""

from __future__ import annotations

import io

import segno


def qr_svg(text: str, *, dark: str = "#000000", light: str = "#ffffff") -> str:
    """The text as a QR code: an SVG of 10 pixels a module that scales to any box, quiet
    zone included, medium error correction (a projector's glare, a phone at the back)."""
    code = segno.make(text, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", scale=1, border=4, dark=dark, light=light, xmldecl=False,
              omitsize=True, svgclass="tow-qr", lineclass=None)  # fmt: skip
    svg = out.getvalue().decode("ascii")
    # a size of its own as well as its viewBox: an <img> of it then scales to any box
    side = code.symbol_size(scale=10, border=4)[0]
    return svg.replace("<svg ", f'<svg width="{side}" height="{side}" ', 1)


def qr_modules(text: str) -> tuple[tuple[bool, ...], ...]:
    """The code's modules, row by row (True: dark), quiet zone left out: what a test reads the
    SVG against."""
    return tuple(tuple(bool(m) for m in row) for row in segno.make(text, error="m").matrix)
