"""Benchmark: what a briefing writer waits for, and what exports cost the server.

    .venv/bin/python bench/export_bench.py [--repeat 3] [--clicks 5]

In one run, with the same stamped figures:
- a chart's slide PNG from a click, cold (the process's export browser not started: it starts)
  and warm (it is running); target: warm within 1 s;
- the briefing pack of every exportable page against a plain kaleido batch of the same images
  (one browser, started for the batch; the pack's browser is started for it too, so both pay
  the start); target: pack within 1.5x the batch;
- four packs requested at once: peak memory of this process and its browsers, and how many
  browsers ran, against four packs at once as before this change (each request starting a
  kaleido browser of its own).

Prints Markdown tables (paste them into docs/performance.md). Not a test: timings vary by
machine, so only ratios are compared with targets.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import kaleido  # noqa: E402

from components.core.routes import BY_ID, EXPORTABLE  # noqa: E402
from components.dataset.load import load_dataset  # noqa: E402
from components.export import pack, renderer, stamp
from components.figures.views import source_line  # noqa: E402

BASE = "http://localhost:8501"
CLICK_TARGET, PACK_TARGET = 1.0, 1.5


def tree_rss_mb(pid: int) -> tuple[float, int]:
    """Resident memory of a process and all its descendants (MB), and how many of those are a
    browser's main process (a chromium without --type=)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry))
            except OSError:
                continue
    total, browsers, todo = 0, 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            status = Path(f"/proc/{p}/status").read_text()
            cmdline = Path(f"/proc/{p}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        rss = next((line for line in status.splitlines() if line.startswith("VmRSS:")), None)
        if rss:
            total += int(rss.split()[1])
        if "chrom" in cmdline.split("\0")[0] and "--type=" not in cmdline:
            browsers += 1
    return total / 1024, browsers


def peak_while(work) -> tuple[float, float, int]:  # noqa: ANN001
    """Run work(); sample this process tree's memory meanwhile: (seconds, peak MB, browsers)."""
    peak, most, done = [0.0], [0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            mb, browsers = tree_rss_mb(os.getpid())
            peak[0], most[0] = max(peak[0], mb), max(most[0], browsers)
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    start = time.perf_counter()
    try:
        work()
    finally:
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
    return seconds, peak[0], most[0]


def baseline(jobs: list, out: Path) -> None:
    """Plain kaleido: one browser, every (figure, format) job, written to files."""

    async def run() -> None:
        async with kaleido.Kaleido(n=1, mathjax=False, path=renderer.find_browser()) as k:
            for i, (fig, fmt) in enumerate(jobs):
                opts = dict(
                    format=fmt,
                    width=renderer.WIDTH,
                    height=renderer.HEIGHT,
                    scale=renderer.PNG_SCALE if fmt == "png" else 1,
                )
                await k.write_fig(fig, path=out / f"fig{i}.{fmt}", opts=opts)

    asyncio.run(run())


def own_browser_pack(items, source: str) -> None:  # noqa: ANN001
    """A pack as before this change: a kaleido browser started for the request alone."""
    own = renderer.Renderer()
    try:
        jobs = [(stamp.stamped(i, source), fmt) for i in items for fmt in pack.FORMATS]
        own.render(jobs)
    finally:
        own.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--clicks", type=int, default=5)
    args = parser.parse_args()
    ds = load_dataset()
    states = [BY_ID[page].state.default(ds) for page in EXPORTABLE]
    items = pack.items_for(ds, states, BASE)
    source = source_line(ds)
    shared = renderer.RENDERER

    # a click: cold (the browser starts), then warm
    cold, warm = [], []
    for _ in range(args.repeat):
        shared.close()
        start = time.perf_counter()
        pack.chart_image(items[0], source, "png")
        cold.append(time.perf_counter() - start)
    for k in range(args.clicks * len(items[:4])):
        start = time.perf_counter()
        pack.chart_image(items[k % 4], source, "png")
        warm.append(time.perf_counter() - start)
    cold_s, warm_s = statistics.median(cold), statistics.median(warm)
    print("| click (slide PNG) | median (s) | runs | target |")
    print("|---|---|---|---|")
    print(f"| cold: the browser starts | {cold_s:.2f} | {len(cold)} | |")
    print(
        f"| warm | {warm_s:.2f} | {len(warm)} | <= {CLICK_TARGET:.0f} s "
        f"{'met' if warm_s <= CLICK_TARGET else 'MISSED'} |"
    )

    # the pack against a plain batch, both starting their browser
    figures = [stamp.stamped(item, source) for item in items]
    cover = stamp.cover(ds.meta.title, "all pages", source, BASE, date.today())
    packs, batches, packs_warm = [], [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            jobs = [(fig, fmt) for fig in figures for fmt in pack.FORMATS]
            baseline([*jobs, (cover, "pdf")], Path(tmp))  # the pack renders a cover too
            batches.append(time.perf_counter() - start)
        shared.close()
        start = time.perf_counter()
        data = pack.briefing(ds, states, BASE)
        packs.append(time.perf_counter() - start)
        start = time.perf_counter()
        pack.briefing(ds, states, BASE)
        packs_warm.append(time.perf_counter() - start)
    pack_s, batch_s = statistics.median(packs), statistics.median(batches)
    ratio = pack_s / batch_s
    print("\n| charts | images | batch (s) | pack (s) | ratio | pack, warm (s) | target |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {len(items)} | {len(items) * 3 + 1} | {batch_s:.2f} | {pack_s:.2f} | {ratio:.2f} | "
        f"{statistics.median(packs_warm):.2f} | <= {PACK_TARGET} "
        f"{'met' if ratio <= PACK_TARGET else 'MISSED'} |"
    )
    print(f"\npack size: {len(data) / 1e6:.1f} MB")

    # four packs at once: one shared browser, against one browser each (as before)
    def four(target) -> None:  # noqa: ANN001
        threads = [threading.Thread(target=target) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    shared.close()
    idle_mb, _ = tree_rss_mb(os.getpid())
    shared = peak_while(lambda: four(lambda: pack.briefing(ds, states, BASE)))
    shared.close()
    separate = peak_while(lambda: four(lambda: own_browser_pack(items, source)))
    print("\n| four packs at once | seconds | peak memory (MB) | browsers | ")
    print("|---|---|---|---|")
    print(f"| one export browser, queued (now) | {shared[0]:.1f} | {shared[1]:.0f} | {shared[2]} |")
    print(
        f"| a browser per request (before) | {separate[0]:.1f} | {separate[1]:.0f} | "
        f"{separate[2]} |"
    )
    print(f"\nthis process before the packs: {idle_mb:.0f} MB")


if __name__ == "__main__":
    main()
