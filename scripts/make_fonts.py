"""How components/assets/fonts was made (run once by hand; not part of `make`): static
Regular, Bold and Italic instances of the variable Source Sans 3 that Streamlit ships for its
own text, as TTF (the export browser draws with them as system fonts, through fontconfig,
which Chromium cannot feed WOFF2) and WOFF2 (carried inside exported SVGs and the export page).

    python -m pip install fonttools brotli
    python scripts/make_fonts.py

Source Sans 3 is under the SIL Open Font License 1.1 (components/assets/fonts/OFL.txt).
"""

from __future__ import annotations

from pathlib import Path

import streamlit
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

MEDIA = Path(streamlit.__file__).parent / "static" / "static" / "media"
OUT = Path(__file__).resolve().parent.parent / "components" / "assets" / "fonts"
FACES = {"Regular": ("Upright", 400), "Bold": ("Upright", 700), "Italic": ("Italic", 400)}


def main() -> None:
    for name, (face, weight) in FACES.items():
        font = TTFont(next(MEDIA.glob(f"SourceSansVF-{face}*.woff2")))
        font.flavor = None
        static = instancer.instantiateVariableFont(font, {"wght": weight}, updateFontNames=True)
        static.save(OUT / f"SourceSans3-{name}.ttf")
        static.flavor = "woff2"
        static.save(OUT / f"SourceSans3-{name}.woff2")


if __name__ == "__main__":
    main()
