"""The command line's start-up: `tugofwar validate` against the floor of importing its parsers.

Each command is run as a fresh process REPEAT times; the medians are compared in the same run.
The floor is `python -c "import yaml, pydantic"`: what any validator built on them pays before
reading a byte.

    .venv/bin/python bench/cli_bench.py --repeat 7
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

COMMANDS = {
    "floor: import yaml, pydantic": [sys.executable, "-c", "import yaml, pydantic"],
    "tugofwar validate": [sys.executable, "-m", "components", "validate"],
    "tugofwar check-evidence": [sys.executable, "-m", "components", "check-evidence"],
    "tugofwar dump --format csv": [sys.executable, "-m", "components", "dump", "--format", "csv"],
}


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    for cmd in COMMANDS.values():  # warm the file cache once
        timed(cmd)
    medians = {}
    for _ in range(args.repeat):  # interleaved, so a busy moment costs every command alike
        for name, cmd in COMMANDS.items():
            medians.setdefault(name, []).append(timed(cmd))
    floor = statistics.median(medians["floor: import yaml, pydantic"])
    print("| command | median (s) | ratio to floor |")
    print("|---|---|---|")
    for name, times in medians.items():
        m = statistics.median(times)
        print(f"| {name} | {m:.3f} | {m / floor:.1f} |")


if __name__ == "__main__":
    main()
