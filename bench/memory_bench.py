"""Memory of one dashboard process over many sessions: rounds of N concurrent sessions on every
page (each session closed after its batch), the server's resident memory read from /proc after
each round. Flat means sessions leave nothing behind; rising means they do.

    .venv/bin/python bench/memory_bench.py [--rounds 8] [--sessions 50]

Streamlit settings come from .streamlit/config.toml and STREAMLIT_* variables, e.g. compare
with STREAMLIT_RUNNER_POST_SCRIPT_GC=true (Streamlit's default). Only loopback is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_bench import PAGES, batch, rss_mb  # noqa: E402

from components.export.serve import free_port, running_app  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--sessions", type=int, default=50)
    args = parser.parse_args()
    with running_app(free_port()) as server:
        start = rss_mb([server.pid])
        readings, errors = [], 0
        for _ in range(args.rounds):
            for _, page_name in PAGES:
                errors += asyncio.run(batch(server.url, page_name, args.sessions, [server.pid]))[
                    "errors"
                ]
            readings.append(rss_mb([server.pid]))
    per_round = args.sessions * len(PAGES)
    print(f"Resident memory after start: {start:.0f} MB")
    print(
        f"After each round of {per_round} sessions (MB): " + ", ".join(f"{r:.0f}" for r in readings)
    )
    print(f"Sessions: {per_round * args.rounds}, errors: {errors}")


if __name__ == "__main__":
    main()
