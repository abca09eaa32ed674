"""What a phone's (or a wall's, or the dark theme's) charts cost the server per page run: each
chart styled on every run, against the styled copy made once and shared
(components/figures/styled.py).
Ratios in one run; median of --runs.

    .venv/bin/python bench/styled_bench.py --runs 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from components.core.routes import BY_ID, EXPORTABLE  # noqa: E402
from components.dataset.load import load_dataset  # noqa: E402
from components.figures import views  # noqa: E402
from components.figures.styled import STYLES, Styled  # noqa: E402
from components.web.streamlit_compat import Sent  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ds = load_dataset(None)
    print("| page | screen | styled every run (ms) | made once, shared (ms) | ratio |")
    print("|---|---|---|---|---|")
    for page in EXPORTABLE:
        charts = views.page_charts(BY_ID[page].state.default(ds), ds)
        for styles in (("narrow",), ("projector",), ("narrow", "dark")):
            every, shared = [], []
            cache = Styled(finish=Sent)
            for _ in range(args.runs):
                start = time.perf_counter()
                for chart in charts:
                    fig = chart.figure
                    for style in styles:
                        fig = STYLES[style](fig)
                every.append(time.perf_counter() - start)
                start = time.perf_counter()
                for chart in charts:
                    cache.get(chart.figure, styles)
                shared.append(time.perf_counter() - start)
            a, b = statistics.median(every) * 1000, statistics.median(shared) * 1000
            print(f"| {page} | {'+'.join(styles)} | {a:.1f} | {b:.3f} | {a / max(b, 1e-6):.0f} |")


if __name__ == "__main__":
    main()
