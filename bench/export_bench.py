"""Benchmark: the briefing pack for all pages against a plain kaleido batch export of the same
figures, in the same formats, measured in the same run. Target: pack <= 1.5 x batch.

    .venv/bin/python bench/export_bench.py [--repeat 3]

Prints a Markdown table (paste it into docs/performance.md). Not a test: timings vary by machine,
so only the ratio is compared with the target.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import kaleido  # noqa: E402

from components import export  # noqa: E402
from components.dataset import load_dataset  # noqa: E402
from components.views import source_line  # noqa: E402

PAGES = ["overview", "comparison", "strategy", "timeline"]
BASE = "http://localhost:8501"
TARGET = 1.5


def baseline(jobs: list, out: Path) -> None:
    """Plain kaleido: one browser, every (figure, format) job, written to files."""

    async def run() -> None:
        async with kaleido.Kaleido(n=1, mathjax=False) as k:
            for i, (fig, fmt) in enumerate(jobs):
                opts = dict(
                    format=fmt,
                    width=export.WIDTH,
                    height=export.HEIGHT,
                    scale=export.PNG_SCALE if fmt == "png" else 1,
                )
                await k.write_fig(fig, path=out / f"fig{i}.{fmt}", opts=opts)

    asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ds = load_dataset()
    items = export.items_for(ds, PAGES, {}, BASE)
    source = source_line(ds)
    figures = [export.stamped(item, source) for item in items]
    cover = export.cover(ds.meta.title, "all pages", source, BASE, date.today())

    packs, batches = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            jobs = [(fig, fmt) for fig in figures for fmt in export.FORMATS]
            baseline([*jobs, (cover, "pdf")], Path(tmp))  # the pack renders a cover too
            batches.append(time.perf_counter() - start)
        start = time.perf_counter()
        data = export.briefing(ds, PAGES, {}, BASE)
        packs.append(time.perf_counter() - start)
    pack_s, batch_s = statistics.median(packs), statistics.median(batches)
    ratio = pack_s / batch_s
    print("| charts | images | batch (s) | pack (s) | ratio | target |")
    print("|---|---|---|---|---|---|")
    print(
        f"| {len(items)} | {len(items) * 3 + 1} | {batch_s:.2f} | {pack_s:.2f} | "
        f"{ratio:.2f} | <= {TARGET} {'met' if ratio <= TARGET else 'MISSED'} |"
    )
    print(f"\npack size: {len(data) / 1e6:.1f} MB; runs: batch {batches}, pack {packs}")
    sys.exit(0 if ratio <= TARGET else 1)


if __name__ == "__main__":
    main()
