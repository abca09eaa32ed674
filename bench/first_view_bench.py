"""First-view benchmark: how long a fresh browser takes to draw every chart of each page, and how
many bytes it moves, against two baselines in the same run: an app that sends the same figures
and nothing else (bench/baseline_app.py, figures mode), and a minimal one-chart app
(bench/minimal_app.py). Headless Chromium, a fresh context per visit, warm servers, the median of
--runs visits per page.

    .venv/bin/python bench/first_view_bench.py [--runs 5] [--pages overview comparison ...]
                                                [--nginx]

--nginx puts each app behind the shipped nginx configuration (deploy/nginx.conf.template), which
compresses static files, and reports the bytes a first visit moves there too. Only loopback is
contacted. Prints Markdown tables for docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from components.core.routes import BY_ID, EXPORTABLE  # noqa: E402
from components.dataset.load import load_dataset  # noqa: E402
from components.export.renderer import find_browser  # noqa: E402
from components.export.screenshot import CHROMIUM_ARGS  # noqa: E402
from components.export.serve import free_port, nginx_in_front, running_app  # noqa: E402
from components.figures.views import page_charts  # noqa: E402

# The waits are written out here (not imported) so that the same script can time an earlier
# checkout of the dashboard: what "drawn" means must not change between the two.
PAGE_SHOWN = '[data-testid="stMain"] h1, [data-testid="stMain"] [data-testid="stAlert"]'
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
CHARTS_DRAWN = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  if (main && main.querySelector('[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]'))
    return false;
  const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]');
  return charts.length > 0 && Array.from(charts).every(c => c.querySelector('.main-svg'));
}"""

BYTES = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  return (nav ? nav.transferSize : 0) + res.reduce((n, r) => n + r.transferSize, 0);
}"""


def write_figures(path: Path, pages: list[str]) -> None:
    ds = load_dataset()
    figures = {}
    for page in pages:
        views = page_charts(BY_ID[page].state.default(ds), ds)
        figures[page] = [json.loads(v.figure.to_json()) for v in views]
    path.write_text(json.dumps(figures))


def visit(browser, url: str) -> tuple[float, int]:  # noqa: ANN001
    """Seconds from navigation to every chart drawn, and bytes transferred, in a fresh context."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    # the websocket's messages (the page's elements, figures included) are bytes on the wire too
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    frames: list[int] = []
    cdp.on(
        "Network.webSocketFrameReceived",
        lambda e: frames.append(_payload_bytes(e["response"])),
    )
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(PAGE_SHOWN + ", .js-plotly-plot", timeout=60_000)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_function(CHARTS_DRAWN, timeout=60_000)
    elapsed = time.perf_counter() - started
    page.wait_for_timeout(300)
    moved = page.evaluate(BYTES) + sum(frames)
    context.close()
    return elapsed, moved


def _payload_bytes(frame: dict) -> int:
    data = frame.get("payloadData", "")
    return len(data) * 3 // 4 if frame.get("opcode") == 2 else len(data.encode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", nargs="*", default=[p for p in EXPORTABLE if p != "network"])
    parser.add_argument("--nginx", action="store_true")
    args = parser.parse_args()
    paths = {page: BY_ID[page].url_path for page in args.pages}
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack, sync_playwright() as pw:
        figures = Path(tmp) / "figures.json"
        write_figures(figures, args.pages)
        env = {"TOW_BASELINE_MODE": "figures", "TOW_BASELINE_FIGS": str(figures)}
        apps = {
            "dashboard": ROOT / "app.py",
            "same figures": ROOT / "bench" / "baseline_app.py",
            "minimal": ROOT / "bench" / "minimal_app.py",
        }
        urls = {}
        for name, script in apps.items():
            server = stack.enter_context(running_app(free_port(), script=script, env=env))
            urls[name] = (
                stack.enter_context(nginx_in_front([server.url])) if args.nginx else (server.url)
            )
        browser = pw.chromium.launch(executable_path=find_browser(), args=CHROMIUM_ARGS)
        results: dict[tuple[str, str], tuple[float, int]] = {}
        for page, path in paths.items():
            for name, url in urls.items():
                address = f"{url}/" if name == "minimal" else f"{url}/{path}"
                visit(browser, address)  # warm the server's caches for this view
                runs = [visit(browser, address) for _ in range(args.runs)]
                results[(page, name)] = (
                    statistics.median(r[0] for r in runs),
                    int(statistics.median(r[1] for r in runs)),
                )
        browser.close()
    where = "behind nginx" if args.nginx else "direct, loopback"
    print(f"\nFirst view ({where}): median of {args.runs} fresh visits, until every chart is "
          "drawn\n")  # fmt: skip
    print("| page | dashboard s | same figures s | minimal s | / same figures | / minimal | "
          "dashboard KB | minimal KB | bytes / minimal |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for page in paths:
        d, f, m = (results[(page, n)] for n in ("dashboard", "same figures", "minimal"))
        print(f"| {page} | {d[0]:.2f} | {f[0]:.2f} | {m[0]:.2f} | {d[0] / f[0]:.2f} | "
              f"{d[0] / m[0]:.2f} | {d[1] / 1024:.0f} | {m[1] / 1024:.0f} | "
              f"{d[1] / m[1]:.2f} |")  # fmt: skip


if __name__ == "__main__":
    main()
