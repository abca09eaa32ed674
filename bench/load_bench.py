"""Load benchmark: N concurrent sessions over Streamlit's own websocket protocol, on every page,
against the dashboard and, in the same run, against a baseline app that sends the same figures
ready-made (bench/baseline_app.py), so the project's own cost shows as a ratio. A second baseline
replays every element the dashboard's page sent (recorded from it first), so the share of the
project's own work (loading, computing, building elements) shows apart from what a page shows.

Each session connects to /_stcore/stream (subprotocol "streamlit"), sends a BackMsg
rerun_script naming the page, and reads ForwardMsgs until script_finished; the time from sending
to script_finished is its latency. Before a page is measured it is run once, then for a crowd of
the measured size (at most WARM_CROWD), unmeasured. Sessions stay open until the batch is done, so
the server's memory growth per open session can be read from /proc. Server CPU is read from /proc
as well.

    .venv/bin/python bench/load_bench.py [--sessions 1 10 50] [--topology one two]

"two" runs two Streamlit processes behind nginx with sticky sessions (deploy/nginx.conf.template)
and needs nginx. Prints Markdown tables for docs/performance.md. Only loopback is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from components.core.routes import BY_ID, ROUTES  # noqa: E402
from components.dataset.load import load_dataset  # noqa: E402
from components.export.serve import free_port, nginx_in_front, running_app  # noqa: E402
from components.figures.views import page_charts  # noqa: E402

TIMEOUT = 120
TICKS = os.sysconf("SC_CLK_TCK")
PAGES = [(r.id, r.url_path) for r in ROUTES]


# ---------------------------------------------------------------- one session


async def session(
    url: str, page_name: str, cookie: str, deltas: list[bytes] | None = None
) -> tuple[float | None, str | None, object]:
    """Open a session, run one page; (latency s, error or None, the open websocket). The element
    messages the run sends are appended to `deltas` when given."""
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    try:
        ws = await websockets.connect(
            ws_url,
            subprotocols=["streamlit"],
            origin=url,
            additional_headers={"Cookie": f"tow_affinity={cookie}"},
            max_size=None,
            open_timeout=TIMEOUT,
        )
    except Exception as exc:  # a refused or failed connection is a measured error
        return None, f"connect: {exc!r}", None
    message = BackMsg()
    message.rerun_script.page_name = page_name
    message.rerun_script.query_string = ""
    start = time.perf_counter()
    await ws.send(message.SerializeToString())
    error = None
    try:
        while True:
            data = await asyncio.wait_for(ws.recv(), TIMEOUT)
            forward = ForwardMsg.FromString(data)
            kind = forward.WhichOneof("type")
            if kind == "delta" and deltas is not None:
                deltas.append(data)
            if kind == "delta" and forward.delta.new_element.WhichOneof("type") == "exception":
                error = "exception: " + forward.delta.new_element.exception.message
            if kind == "script_finished":
                if forward.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    error = error or f"script finished with status {forward.script_finished}"
                break
    except Exception as exc:
        return None, f"read: {exc!r}", ws
    return time.perf_counter() - start, error, ws


async def record(url: str, page_name: str) -> list[str]:
    """The element messages (deltas) one run of the page sends, base64-encoded, in order."""
    deltas: list[bytes] = []
    _, error, ws = await session(url, page_name, uuid.uuid4().hex, deltas)
    if ws is not None:
        await ws.close()
    if error:
        raise SystemExit(f"recording page {page_name or 'overview'!r} for the replay: {error}")
    return [base64.b64encode(data).decode() for data in deltas]


# ---------------------------------------------------------------- server readings


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


async def batch(url: str, page_name: str, n: int, pids: list[int]) -> dict:
    rss_before = rss_mb(pids)
    cpu_before = cpu_seconds(pids)
    results = await asyncio.gather(*(session(url, page_name, uuid.uuid4().hex) for _ in range(n)))
    cpu = cpu_seconds(pids) - cpu_before
    rss_open = rss_mb(pids)
    for _, _, ws in results:
        if ws is not None:
            await ws.close()
    latencies = sorted(r[0] for r in results if r[0] is not None and r[1] is None)
    errors = [r[1] for r in results if r[1] is not None]
    return {
        "n": n,
        "p50": statistics.median(latencies) if latencies else None,
        "p95": latencies[max(0, int(round(0.95 * len(latencies))) - 1)] if latencies else None,
        "max": latencies[-1] if latencies else None,
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "cpu_s": cpu,
        "rss_per_session_mb": (rss_open - rss_before) / n,
        "rss_mb": rss_open,
    }


# ---------------------------------------------------------------- servers


KINDS = ("app", "baseline", "replay")
WARM_CROWD = 50  # the largest unmeasured crowd each page gets first


@contextmanager
def target(kind: str, topology: str, files: Path):
    """(url, server pids) for the dashboard or a baseline, one process or two behind nginx."""
    script = ROOT / ("app.py" if kind == "app" else "bench/baseline_app.py")
    env = {
        "TOW_BASELINE_MODE": "replay" if kind == "replay" else "figures",
        "TOW_BASELINE_FIGS": str(files / "figures.json"),
        "TOW_BASELINE_REPLAY": str(files / "replay.json"),
    }
    count = 1 if topology == "one" else 2
    with ExitStack() as stack:
        servers = [
            stack.enter_context(running_app(free_port(), script=script, env=env))
            for _ in range(count)
        ]
        pids = [s.pid for s in servers]
        if topology == "one":
            yield servers[0].url, pids
        else:
            yield stack.enter_context(nginx_in_front([s.url for s in servers])), pids


def write_baselines(files: Path) -> dict[str, int]:
    """The figures of each page's default view, and the messages the dashboard sends for it.
    Returns the number of element messages per page."""
    ds = load_dataset()
    figures = {
        page: [
            json.loads(view.figure.to_json())
            for view in page_charts(BY_ID[page].state.default(ds), ds)
        ]
        for page, _ in PAGES
    }
    (files / "figures.json").write_text(json.dumps(figures))
    with running_app(free_port()) as server:
        asyncio.run(record(server.url, ""))  # the first run fills the caches
        replay = {page: asyncio.run(record(server.url, name)) for page, name in PAGES}
    (files / "replay.json").write_text(json.dumps(replay))
    return {page: len(messages) for page, messages in replay.items()}


# ---------------------------------------------------------------- the run


async def measure(url: str, pids: list[int], sizes: list[int]) -> dict:
    # Warm up, unmeasured: the first run of a page fills the caches, and the first crowd a fresh
    # process serves is slower than the ones after it (a seminar meets a server that has served
    # one before), so each page gets a first crowd of its own.
    warm = min(max(sizes), WARM_CROWD)
    for _, page_name in PAGES:
        await batch(url, page_name, 1, pids)
        await batch(url, page_name, warm, pids)
    out = {}
    for n in sizes:
        for page_id, page_name in PAGES:
            out[(page_id, n)] = await batch(url, page_name, n, pids)
    return out


def fmt(x: float | None, digits: int = 3) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--topology", nargs="+", default=["one", "two"], choices=["one", "two"])
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--pages", nargs="+", help="only these pages (default: all)")
    args = parser.parse_args()
    if args.pages:
        PAGES[:] = [(p, u) for p, u in PAGES if p in args.pages]
    raw = {}
    with tempfile.TemporaryDirectory() as tmp:
        counts = write_baselines(Path(tmp))
        for topology in args.topology:
            for kind in KINDS:
                with target(kind, topology, Path(tmp)) as (url, pids):
                    raw[(topology, kind)] = asyncio.run(measure(url, pids, args.sessions))
    worst = {}  # (topology, N): the worst page's p95 ratio to the replay baseline
    comparison = {}  # (topology, N): the comparison page's p95
    total_errors = 0
    for topology in args.topology:
        title = "one process" if topology == "one" else "two processes behind nginx"
        print(f"\n### {title}\n")
        print(
            "| page | N | p50 (s) | p95 (s) | max (s) | figures baseline p95 (s) | p95 ratio |"
            " replay baseline p95 (s) | ratio to replay | errors | server CPU (s) |"
            " memory per open session (MB) |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for n in args.sessions:
            for page_id, _ in PAGES:
                app = raw[(topology, "app")][(page_id, n)]
                base = raw[(topology, "baseline")][(page_id, n)]
                replay = raw[(topology, "replay")][(page_id, n)]
                ratio = app["p95"] / base["p95"] if app["p95"] and base["p95"] else None
                to_replay = app["p95"] / replay["p95"] if app["p95"] and replay["p95"] else None
                if to_replay is not None:
                    here = worst.get((topology, n), (0.0, ""))
                    worst[(topology, n)] = max(here, (to_replay, page_id))
                if page_id == "comparison":
                    comparison[(topology, n)] = app["p95"]
                total_errors += app["errors"]
                print(
                    f"| {page_id} | {n} | {fmt(app['p50'])} | {fmt(app['p95'])} | "
                    f"{fmt(app['max'])} | {fmt(base['p95'])} | {fmt(ratio, 2)} | "
                    f"{fmt(replay['p95'])} | {fmt(to_replay, 2)} | "
                    f"{app['errors']} | {fmt(app['cpu_s'], 1)} | "
                    f"{fmt(app['rss_per_session_mb'], 2)} |"
                )
                if app["first_error"]:
                    print(f"<!-- first error: {app['first_error']} -->")
    print(
        "\nElement messages per run of each page's default view: "
        + ", ".join(f"{page} {count}" for page, count in counts.items())
        + "."
    )
    # the lecture-hall targets: at 50 sessions on one process every page's p95 within 2.0x of
    # the replay baseline; at 200, no errors and the comparison page's p95 at most 4 s
    print()
    for (topology, n), (ratio, page_id) in sorted(worst.items()):
        print(
            f"- {topology} process{'es' if topology == 'two' else ''}, N = {n}: worst p95 ratio "
            f"to replay {ratio:.2f} ({page_id}; target at N = 50 on one process: <= 2.0)"
            + (f"; comparison p95 {comparison[(topology, n)]:.2f} s (target at N = 200: <= 4 s)"
               if comparison.get((topology, n)) else "")
        )  # fmt: skip
    print(f"- errors: {total_errors} (target 0)")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    f"{k[0]}/{k[1]}": {f"{p}/{m}": v for (p, m), v in r.items()}
                    for k, r in raw.items()
                },
                indent=1,
            )
        )


if __name__ == "__main__":
    main()
