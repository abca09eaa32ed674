"""Exported SVGs that draw the same everywhere: LibreOffice, PowerPoint, Inkscape and browsers.

Plotly writes a label of several lines as one <text> whose lines are <tspan>s moved down by
`dy` (which LibreOffice ignores: the lines land on top of each other), and in the shipped font,
which an SVG can only carry as an @font-face rule (which LibreOffice and PowerPoint ignore: a
wider face is drawn where Plotly measured Source Sans 3, and labels run over or are cut). So every
<text> in the shipped font is drawn as outlines of its glyphs instead: one <path> per run of one
style, its glyphs taken from the shipped TTFs with their advances, kerning (GPOS pair kerning)
and ligatures, placed where the browser placed the text (its x, y, dy, text-anchor, transform,
size, weight, style and colours).

The words stay in the file as text that draws nothing (`fill: none`), one <text> per line at
its computed place, in the same group as their outlines: a browser finds and selects them, a
screen reader reads them, and the boxes a browser measures for them are the outlines'
(tests/export/test_overlap.py measures those; LibreOffice drops them). With searchable=False
there is no text at all, and each group names its words in an aria-label. A label with a
character the shipped font lacks, or in another font, stays drawn text, one <text> per line
(never lines as <tspan>s moved by dy), so nothing is dropped; the faces (@font-face,
renderer.carry_fonts) are carried only if some text is left. A <text> this module cannot follow
(per-character positions, a style property it does not draw) is left as it was.

Only the <text> elements are rewritten (the rest of the file is left byte for byte); the fonts,
each glyph's outline and each string's shaping are made once per process: a pack's nine SVGs
take about 0.2 s in a fresh process, 0.05 s after.
"""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from xml.sax.saxutils import escape

from components.figures.theme import FONT_FILES

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# the family names the charts give the shipped font (theme.FONT asks for "Source Sans" first)
SHIPPED_FAMILIES = frozenset({"source sans", "source sans 3", "source sans pro"})

_TEXT = re.compile(r"<text\b[^>]*?(?:/>|>.*?</text>)", re.S)
_LOCK = threading.Lock()  # fontTools reads tables lazily: one thread at a time in the caches

# properties a <text> or <tspan> may carry that this module draws; any other one in a style
# (letter-spacing, text-decoration, text-shadow ...) leaves that <text> as it was
_FONT_PROPS = ("font-family", "font-size", "font-weight", "font-style")
_PAINT_PROPS = ("fill", "fill-opacity")
_KNOWN = frozenset(
    {*_FONT_PROPS, *_PAINT_PROPS, "text-anchor", "white-space", "opacity", "visibility"}
)
_INHERITED = frozenset({*_FONT_PROPS, *_PAINT_PROPS, "text-anchor", "white-space", "visibility"})
# attributes of a <text> that its layout consumes: its group does not repeat them
_LAYOUT_ATTRS = frozenset({"x", "y", "dx", "dy", "style", *_KNOWN})


class _Keep(Exception):
    """This text is kept as it was: a construct the layout here does not follow."""


class _AsText(Exception):
    """This text stays text (one <text> per line): a glyph or a font the shipped font lacks."""


# ---------------------------------------------------------------- fonts


@cache
def _relative_pen_class():  # noqa: ANN202 - fontTools is imported when first needed
    from fontTools.pens.basePen import BasePen

    class RelativePen(BasePen):
        """A glyph's outline as SVG path data in font units, y up: the first point absolute
        (returned apart, so a glyph is placed by changing one moveto), the rest relative."""

        def __init__(self, glyph_set) -> None:  # noqa: ANN001
            super().__init__(glyph_set)
            self.start: tuple[float, float] | None = None
            self.parts: list[str] = []
            self.cur = self.sub = (0.0, 0.0)

        def _rel(self, *points: tuple[float, float]) -> str:
            cx, cy = self.cur
            return " ".join(f"{_n(x - cx)} {_n(y - cy)}" for x, y in points)

        def _moveTo(self, pt) -> None:  # noqa: ANN001, N802
            if self.start is None:
                self.start = pt
            else:
                self.parts.append("m" + self._rel(pt))
            self.cur = self.sub = pt

        def _lineTo(self, pt) -> None:  # noqa: ANN001, N802
            self.parts.append("l" + self._rel(pt))
            self.cur = pt

        def _qCurveToOne(self, pt1, pt2) -> None:  # noqa: ANN001, N802
            self.parts.append("q" + self._rel(pt1, pt2))
            self.cur = pt2

        def _curveToOne(self, pt1, pt2, pt3) -> None:  # noqa: ANN001, N802
            self.parts.append("c" + self._rel(pt1, pt2, pt3))
            self.cur = pt3

        def _closePath(self) -> None:  # noqa: N802
            self.parts.append("z")
            self.cur = self.sub

    return RelativePen


def _n(v: float) -> str:
    """A number for path data and transforms: short, no '-0', three decimals at most."""
    if v == int(v):
        return str(int(v))
    text = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class _PairKerning:
    """GPOS pair kerning (the 'kern' feature of the Latin script) of one font."""

    def __init__(self, gpos) -> None:  # noqa: ANN001
        self.lookups: list[list] = []
        self.memo: dict[tuple[str, str], int] = {}
        if gpos is None:
            return
        table = gpos.table
        records = {r.ScriptTag: r.Script for r in table.ScriptList.ScriptRecord}
        script = records.get("latn") or records.get("DFLT")
        if script is None or script.DefaultLangSys is None:
            return
        features = table.FeatureList.FeatureRecord
        indices = sorted(
            {
                i
                for f in script.DefaultLangSys.FeatureIndex
                if features[f].FeatureTag == "kern"
                for i in features[f].Feature.LookupListIndex
            }
        )
        for index in indices:
            lookup = table.LookupList.Lookup[index]
            subtables = [getattr(s, "ExtSubTable", s) for s in lookup.SubTable]
            subtables = [s for s in subtables if s.LookupType == 2]  # pair adjustment
            self.lookups.append([_PairSubtable(s) for s in subtables])

    def __call__(self, left: str, right: str) -> int:
        key = (left, right)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = sum(self._lookup(sub, left, right) for sub in self.lookups)
        return found

    @staticmethod
    def _lookup(subtables: list[_PairSubtable], left: str, right: str) -> int:
        # within a lookup, the first subtable that applies to the pair gives its value
        for sub in subtables:
            value = sub.value(left, right)
            if value is not None:
                return value
        return 0


class _PairSubtable:
    def __init__(self, table) -> None:  # noqa: ANN001
        self.table = table
        self.format = table.Format
        self.coverage = {g: i for i, g in enumerate(table.Coverage.glyphs)}
        self.pairs: dict[int, dict[str, int]] = {}
        if self.format == 2:
            self.class1 = table.ClassDef1.classDefs if table.ClassDef1 else {}
            self.class2 = table.ClassDef2.classDefs if table.ClassDef2 else {}

    def value(self, left: str, right: str) -> int | None:
        index = self.coverage.get(left)
        if index is None:
            return None
        if self.format == 1:
            pairs = self.pairs.get(index)
            if pairs is None:
                pairs = self.pairs[index] = {
                    r.SecondGlyph: _x_advance(r.Value1)
                    for r in self.table.PairSet[index].PairValueRecord
                }
            return pairs.get(right)
        records = self.table.Class1Record
        c1, c2 = self.class1.get(left, 0), self.class2.get(right, 0)
        if c1 >= len(records) or c2 >= len(records[c1].Class2Record):
            return None
        return _x_advance(records[c1].Class2Record[c2].Value1)


def _x_advance(value) -> int:  # noqa: ANN001
    return int(getattr(value, "XAdvance", 0) or 0) if value is not None else 0


def _ligatures(gsub) -> dict[str, list[tuple[tuple[str, ...], str]]]:  # noqa: ANN001
    """The standard ligatures ('liga', Latin) a browser applies: first glyph -> (rest, ligature)."""
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    if gsub is None:
        return out
    table = gsub.table
    records = {r.ScriptTag: r.Script for r in table.ScriptList.ScriptRecord}
    script = records.get("latn") or records.get("DFLT")
    if script is None or script.DefaultLangSys is None:
        return out
    features = table.FeatureList.FeatureRecord
    for f in script.DefaultLangSys.FeatureIndex:
        if features[f].FeatureTag != "liga":
            continue
        for index in features[f].Feature.LookupListIndex:
            for sub in table.LookupList.Lookup[index].SubTable:
                sub = getattr(sub, "ExtSubTable", sub)
                for first, ligatures in getattr(sub, "ligatures", {}).items():
                    out.setdefault(first, []).extend(
                        (tuple(lig.Component), lig.LigGlyph) for lig in ligatures
                    )
    return out


class Face:
    """One shipped face: its characters, advances, kerning, ligatures and glyph outlines."""

    def __init__(self, weight: str, style: str) -> None:
        from fontTools.ttLib import TTFont

        self.key = (weight, style)
        font = TTFont(FONT_FILES[weight, style].with_suffix(".ttf"), lazy=True)
        self.units = font["head"].unitsPerEm
        self.cmap = font.getBestCmap()
        self.advances = {name: m[0] for name, m in font["hmtx"].metrics.items()}
        self.kern = _PairKerning(font.get("GPOS"))
        self.ligatures = _ligatures(font.get("GSUB"))
        self.glyph_set = font.getGlyphSet()
        self.outlines: dict[str, tuple[tuple[float, float], str] | None] = {}
        self.font = font
        self._pen = _relative_pen_class()

    def outline(self, name: str) -> tuple[tuple[float, float], str] | None:
        """(first point, the rest) of a glyph's path data, or None for an empty glyph."""
        if name not in self.outlines:
            pen = self._pen(self.glyph_set)
            self.glyph_set[name].draw(pen)
            self.outlines[name] = None if pen.start is None else (pen.start, "".join(pen.parts))
        return self.outlines[name]

    def shape(self, text: str) -> tuple[tuple[tuple[str, int], ...], int] | None:
        """The glyphs of `text` with their pen positions, and its advance (font units); None if
        a character has no glyph here."""
        return _shape(self, text)


@lru_cache(maxsize=8192)
def _shape(face: Face, text: str) -> tuple[tuple[tuple[str, int], ...], int] | None:
    names = []
    for char in text:
        name = face.cmap.get(ord(char))
        if name is None:
            return None
        names.append(name)
    glyphs: list[str] = []
    i = 0
    while i < len(names):  # standard ligatures (ff, ft, fft), longest listed first by the font
        for rest, ligature in face.ligatures.get(names[i], ()):
            if tuple(names[i + 1 : i + 1 + len(rest)]) == rest:
                glyphs.append(ligature)
                i += 1 + len(rest)
                break
        else:
            glyphs.append(names[i])
            i += 1
    placed, pen = [], 0
    for k, name in enumerate(glyphs):
        placed.append((name, pen))
        pen += face.advances.get(name, 0)
        if k + 1 < len(glyphs):
            pen += face.kern(name, glyphs[k + 1])
    return tuple(placed), pen


@cache
def face(weight: str, style: str) -> Face:
    return Face(weight, style)


# ---------------------------------------------------------------- layout


@dataclass
class _Run:
    """Characters of one style on one baseline, inside a line."""

    text: str
    style: dict[str, str]
    y: float
    gap: float = 0.0  # a dx before it
    x: float = 0.0  # where the layout put its start (px, after the line's anchoring)


@dataclass
class _Line:
    """A text chunk: what starts at an absolute x or y, anchored as a whole."""

    x: float
    anchor: str
    runs: list[_Run] = field(default_factory=list)


def _declarations(css: str | None) -> dict[str, str]:
    out = {}
    for part in (css or "").split(";"):
        name, sep, value = part.partition(":")
        if sep and name.strip():
            out[name.strip().lower()] = value.strip()
    return out


def _own_style(el: ET.Element) -> dict[str, str]:
    """The properties set on the element itself: presentation attributes, then its style."""
    own = {k: v.strip() for k, v in el.attrib.items() if k in _KNOWN}
    if el.get(XML_SPACE) == "preserve":
        own["white-space"] = "pre"
    own.update(_declarations(el.get("style")))
    return own


def _font_px(value: str, parent: float | None) -> float:
    m = re.fullmatch(r"([-+]?[\d.]+(?:e[-+]?\d+)?)(px|em|%)?", value.strip(), re.I)
    if m is None:
        raise _Keep(f"font-size {value!r}")
    number, unit = float(m.group(1)), (m.group(2) or "px").lower()
    if unit == "px":
        return number
    if parent is None:
        raise _Keep("a relative font-size with nothing to be relative to")
    return number * parent / (100 if unit == "%" else 1)


def _length(value: str, size: float) -> float:
    """One SVG length (px or em); a list of several (per-character positions) is not followed."""
    parts = value.replace(",", " ").split()
    if len(parts) != 1:
        raise _Keep(f"position list {value!r}")
    m = re.fullmatch(r"([-+]?[\d.]+(?:e[-+]?\d+)?)(px|em)?", parts[0], re.I)
    if m is None:
        raise _Keep(f"length {value!r}")
    return float(m.group(1)) * (size if (m.group(2) or "").lower() == "em" else 1)


def _computed(el: ET.Element, parent: dict[str, str] | None) -> dict[str, str]:
    own = _own_style(el)
    unknown = set(_declarations(el.get("style"))) - _KNOWN
    if unknown:
        raise _AsText(f"style {sorted(unknown)}")
    style = {k: v for k, v in (parent or {}).items() if k in _INHERITED}
    style.update(own)
    if "font-size" in own:
        base = float(parent["font-size"]) if parent and "font-size" in parent else None
        style["font-size"] = _n(_font_px(own["font-size"], base))
    if parent is not None and "opacity" in style:  # not inherited: a run's own, drawn on it
        style["run-opacity"] = style.pop("opacity")
    return style


class _Layout:
    def __init__(self) -> None:
        self.lines: list[_Line] = []
        self.y = 0.0
        self.x = 0.0
        self.gap = 0.0

    def walk(self, el: ET.Element, parent: dict[str, str] | None) -> None:
        style = _computed(el, parent)
        if parent is not None and el.get("display") == "none":
            return
        if "font-size" not in style or "font-family" not in style:
            raise _Keep("no font size or family on the text")
        size = float(style["font-size"])
        if any(el.get(a) is not None for a in ("rotate", "textLength")):
            raise _Keep("per-character rotation or a forced length")
        new_line = False
        if el.get("x") is not None:
            self.x, self.gap, new_line = _length(el.get("x"), size), 0.0, True
        if el.get("y") is not None:
            if not new_line and self.lines and self.lines[-1].runs:
                raise _Keep("a new line that goes on from where the last one ended")
            self.y, new_line = _length(el.get("y"), size), True
        if new_line or not self.lines:
            self.lines.append(_Line(self.x, style.get("text-anchor", "start")))
        if el.get("dx") is not None:
            self.gap += _length(el.get("dx"), size)
        if el.get("dy") is not None:
            self.y += _length(el.get("dy"), size)
        self.add(el.text, style)
        for child in el:
            tag = child.tag.rpartition("}")[2]
            if tag in ("tspan", "a"):
                self.walk(child, style)
            elif tag not in ("title", "desc"):
                raise _Keep(f"<{tag}> inside a text")
            self.add(child.tail, style)

    def add(self, text: str | None, style: dict[str, str]) -> None:
        if not text:
            return
        line = self.lines[-1]
        last = line.runs[-1] if line.runs else None
        if _preserves(style):
            text = re.sub(r"[\t\r\n]", " ", text)
        else:  # spaces collapse, and none starts a line (nor ends one: _trim)
            text = re.sub(r"\s+", " ", text)
            if last is None or last.text.endswith(" "):
                text = text.lstrip(" ")
        if not text:
            return
        if last is not None and last.style == style and last.y == self.y and not self.gap:
            last.text += text
        else:
            line.runs.append(_Run(text, style, self.y, self.gap))
        self.gap = 0.0


def _preserves(style: dict[str, str]) -> bool:
    return style.get("white-space", "normal") in ("pre", "pre-wrap", "break-spaces")


def _trim(lines: list[_Line]) -> list[_Line]:
    """The lines that draw something, a trailing space of collapsing text dropped."""
    for line in lines:
        if line.runs and not _preserves(line.runs[-1].style):
            line.runs[-1].text = line.runs[-1].text.rstrip(" ")
        line.runs = [run for run in line.runs if run.text]
    return [line for line in lines if line.runs]


def _face_of(style: dict[str, str]) -> Face:
    families = [f.strip().strip("'\"").lower() for f in style["font-family"].split(",")]
    if not families or families[0] not in SHIPPED_FAMILIES:
        raise _AsText(f"font {style['font-family']!r}")
    weight = style.get("font-weight", "normal").lower()
    bold = weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600)
    italic = style.get("font-style", "normal").lower() in ("italic", "oblique")
    # the shipped faces: regular, bold, italic (a bold italic is drawn bold)
    return face("bold" if bold else "normal", "italic" if italic and not bold else "normal")


def _place(lines: list[_Line]) -> list[list[tuple[_Run, Face, float, tuple]]]:
    """Each line's runs with their face, scale and glyphs, anchored like the browser does."""
    out = []
    for line in lines:
        placed, pen = [], 0.0
        for run in line.runs:
            f = _face_of(run.style)
            shaped = f.shape(run.text)
            if shaped is None:
                raise _AsText("a character the shipped font lacks")
            scale = float(run.style["font-size"]) / f.units
            pen += run.gap
            run.x = pen
            placed.append((run, f, scale, shaped[0]))
            pen += shaped[1] * scale
        shift = {"middle": -pen / 2, "end": -pen}.get(line.anchor, 0.0)
        for run, *_ in placed:
            run.x += line.x + shift
        out.append(placed)
    return out


# ---------------------------------------------------------------- writing


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _css(props: dict[str, str]) -> str:
    """Declarations written as Plotly writes them ("font-family: 'Source Sans', ...; ...")."""
    return "; ".join(f"{k}: {v}" for k, v in props.items())


def _paint(style: dict[str, str], root: dict[str, str]) -> dict[str, str]:
    """A run's paint where it differs from its text's (the group's)."""
    out = {k: style[k] for k in _PAINT_PROPS if k in style and style[k] != root.get(k)}
    if "run-opacity" in style:
        out["opacity"] = style["run-opacity"]
    return out


def _font_css(style: dict[str, str], root: dict[str, str] | None) -> dict[str, str]:
    """The font of a line (root None) or of a run where it differs from its line's."""
    out = {}
    for k in (*_FONT_PROPS, "white-space"):
        if k in style and (root is None or style[k] != root.get(k)):
            out[k] = style[k] + ("px" if k == "font-size" else "")
    return out


def _line_texts(lines: list[_Line], root: dict[str, str], visible: bool) -> str:
    """One <text> per line at its own x and y (no line is a <tspan> moved by dy); runs of
    another style are <tspan>s in it. Invisible (`fill: none`) beside outlines."""
    out = []
    for line in lines:
        if not line.runs:
            continue
        y = line.runs[0].y
        head = _font_css(root, None)
        if not visible:
            head.update({"fill": "none", "stroke": "none"})
        parts = [
            f'<text x="{_n(line.x)}" y="{_n(y)}" text-anchor="{_attr(line.anchor)}" '
            f'style="{_attr(_css(head))}">'
        ]
        for run in line.runs:
            props = _font_css(run.style, root)
            if visible:
                props.update(_paint(run.style, root))
            attrs = ""
            if run.y != y:
                attrs += f' dy="{_n(run.y - y)}"'
                y = run.y
            if run.gap:
                attrs += f' dx="{_n(run.gap)}"'
            words = escape(run.text)
            if props or attrs:
                style = f' style="{_attr(_css(props))}"' if props else ""
                parts.append(f"<tspan{attrs}{style}>{words}</tspan>")
            else:
                parts.append(words)
        out.append("".join(parts) + "</text>")
    return "".join(out)


def _paths(placed: list[list[tuple[_Run, Face, float, tuple]]], root: dict[str, str]) -> str:
    out = []
    for line in placed:
        for run, f, scale, glyphs in line:
            d = []
            for name, at in glyphs:
                outline = f.outline(name)
                if outline is not None:
                    (x0, y0), rest = outline
                    d.append(f"M{_n(x0 + at)} {_n(y0)}{rest}")
            if not d:
                continue
            paint = _paint(run.style, root)
            style = f' style="{_attr(_css(paint))}"' if paint else ""
            out.append(
                f'<path transform="translate({_n(run.x)} {_n(run.y)}) '
                f'scale({scale:.6g} {-scale:.6g})"{style} d="{"".join(d)}"/>'
            )
    return "".join(out)


def _group(el: ET.Element, root: dict[str, str], inner: str, label: str | None) -> str:
    attrs = "".join(
        f' {k}="{_attr(v)}"'
        for k, v in el.attrib.items()
        if k not in _LAYOUT_ATTRS and not k.startswith("{")
    )
    props = {k: root[k] for k in (*_PAINT_PROPS, "visibility") if k in root}
    own = _own_style(el)
    if "opacity" in own:
        props["opacity"] = own["opacity"]
    if props:
        attrs += f' style="{_attr(_css(props))}"'
    if label:
        attrs += f' role="img" aria-label="{_attr(label)}"'
    return f"<g{attrs}>{inner}</g>" if inner else f"<g{attrs}/>"


def _rewrite(fragment: str, searchable: bool) -> str:
    try:
        el = ET.fromstring(f'<svg xmlns="{SVG_NS}" xmlns:xlink="{XLINK_NS}">{fragment}</svg>')[0]
    except ET.ParseError:
        return fragment
    layout = _Layout()
    try:
        try:
            root = _computed(el, None)
            layout.walk(el, None)
        except _AsText:
            raise _Keep("text this module cannot lay out") from None
        lines = _trim(layout.lines)
        if not lines:
            return _group(el, root, "", None)
        try:
            placed = _place(lines)
        except _AsText:  # drawn as text, a line per element
            return _group(el, root, _line_texts(lines, root, visible=True), None)
    except _Keep:
        return fragment
    words = " ".join("".join(r.text for r in line.runs).strip() for line in lines)
    inner = _paths(placed, root)
    if searchable:
        return _group(el, root, inner + _line_texts(lines, root, visible=False), None)
    return _group(el, root, inner, words)


def vector_svg(
    svg: bytes, fonts: Callable[[bytes], bytes] | None = None, searchable: bool = True
) -> bytes:
    """The SVG with its text in the shipped font drawn as outlines (and, with `searchable`, kept
    beside them as invisible text, a line per element); other text as one <text> per line.
    `fonts` (e.g. renderer.carry_fonts) is applied to the result if any text is left in it."""
    text = svg.decode("utf-8")
    with _LOCK:
        out = _TEXT.sub(lambda m: _rewrite(m.group(0), searchable), text)
    data = out.encode("utf-8")
    if fonts is not None and re.search(r"<text\b", out):
        return fonts(data)
    return data
