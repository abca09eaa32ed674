"""Where the floor is: the load benchmark (and, with --measure first-view, the first-view one) run
on copies of this checkout in which parts of every page are replaced by nothing, side by side with
the checkout as it is. It answers "how near the replay baseline could a page come if it did not
have X": if a page stripped of its menus and shared controls is still far from a target, the
target is not within reach by leaving things out. A page's own controls (the comparison's third
party, the timeline's filters and steps) are kept: they are written in the page, not a helper.

    .venv/bin/python bench/floor_bench.py [--pages overview comparison] [--sessions 50]
                                          [--topology one] [--rounds 2]
                                          [--measure load first-view]

Each variant is a copy of the working tree (without .git and .venv) whose named module-level
functions return None at once: nothing of theirs is drawn or registered. The copies are made and
removed here; the checkout itself is not touched. Prints a Markdown table for
docs/performance.md. Only loopback is contacted.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# what each variant leaves out, by file and module-level function; the shared controls are the
# year, dimension and reading controls and the sidebar's dataset box and projector switch
WITHOUT_MENUS = {
    "components/web/chart.py": ("chart_menus",),
    "components/web/evidence_dialog.py": ("evidence_picker",),
    "components/web/sidebar.py": ("page_tools",),
}
WITHOUT_SHARED_CONTROLS = {
    **WITHOUT_MENUS,
    "components/web/address.py": ("year_and_dimension", "reading_controls"),
    "components/web/sidebar.py": ("page_tools", "dataset_control", "projector_switch"),
    "components/web/seminar.py": ("banner",),
}
VARIANTS: dict[str, dict[str, tuple[str, ...]]] = {
    "as it is": {},
    "without each chart's menus and list, and the sidebar's link and packs": WITHOUT_MENUS,
    "also without the shared controls and the presenter frame": WITHOUT_SHARED_CONTROLS,
}
IGNORED = shutil.ignore_patterns(".git", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache")


def stub(source: str, name: str) -> str:
    """The module's source with the top-level function `name` returning None at once (its own
    body kept below under another name, so line numbers barely move and nothing else breaks)."""
    pattern = re.compile(rf"^def {re.escape(name)}\(", re.MULTILINE)
    if len(pattern.findall(source)) != 1:
        raise SystemExit(f"floor_bench: no single top-level function {name!r} to leave out")
    return pattern.sub(
        f"def {name}(*_args, **_kwargs):\n    return None\n\n\ndef _kept_{name}(", source
    )


def copy_with(copy: Path, left_out: dict[str, tuple[str, ...]]) -> Path:
    """A copy of the checkout at `copy` with these functions left out; its .venv is the
    checkout's."""
    shutil.copytree(ROOT, copy, ignore=IGNORED, symlinks=True)
    if (ROOT / ".venv").exists():
        (copy / ".venv").symlink_to(ROOT / ".venv")
    for relative, names in left_out.items():
        path = copy / relative
        source = path.read_text()
        for name in names:
            source = stub(source, name)
        path.write_text(source)
    return copy


def load(copy: Path, args: argparse.Namespace, out: Path) -> dict:
    command = [
        sys.executable, str(copy / "bench" / "load_bench.py"),
        "--sessions", *map(str, args.sessions), "--topology", *args.topology,
        "--pages", *args.pages, "--json", str(out),
    ]  # fmt: skip
    subprocess.run(command, cwd=copy, check=True, stdout=subprocess.DEVNULL)
    return json.loads(out.read_text())


def first_view(copy: Path, args: argparse.Namespace) -> str:
    command = [
        sys.executable, str(copy / "bench" / "first_view_bench.py"), "--runs", str(args.runs),
        "--pages", *args.pages,
    ]  # fmt: skip
    done = subprocess.run(command, cwd=copy, check=True, capture_output=True, text=True)
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="+", default=["overview", "comparison"])
    parser.add_argument("--sessions", type=int, nargs="+", default=[50])
    parser.add_argument("--topology", nargs="+", default=["one"], choices=["one", "two"])
    parser.add_argument("--rounds", type=int, default=2, help="runs of each variant, alternated")
    parser.add_argument(
        "--measure", nargs="+", default=["load"], choices=["load", "first-view"],
        help="the load benchmark, the first-view benchmark, or both",
    )  # fmt: skip
    parser.add_argument("--runs", type=int, default=5, help="first-view visits per page")
    args = parser.parse_args()

    rows: dict[tuple, list[tuple[float, float, float, int]]] = {}
    views: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        copies = {}
        for i, (variant, left_out) in enumerate(VARIANTS.items()):
            copies[variant] = copy_with(Path(tmp) / str(i), left_out)
        for round_ in range(args.rounds if "load" in args.measure else 0):
            for i, (variant, copy) in enumerate(copies.items()):  # alternated: drift hits all
                raw = load(copy, args, Path(tmp) / f"{i}.json")
                for topology in args.topology:
                    app, replay = raw[f"{topology}/app"], raw[f"{topology}/replay"]
                    for cell, got in app.items():
                        page, n = cell.split("/")
                        base = replay[cell]
                        ratio = got["p95"] / base["p95"] if got["p95"] and base["p95"] else None
                        rows.setdefault((page, int(n), topology, variant), []).append(
                            (got["p95"], ratio, got["cpu_s"] / got["n"], got["errors"])
                        )
            print(f"round {round_ + 1} of {args.rounds} done", file=sys.stderr)
        if "first-view" in args.measure:
            for variant, copy in copies.items():
                views[variant] = first_view(copy, args)

    if rows:
        print(
            "| page | N | topology | what the page draws | p95 (s) | ratio to replay | "
            "median ratio | server CPU a session (ms) | errors |\n" + "|---" * 9 + "|"
        )
    for (page, n, topology, variant), got in sorted(rows.items(), key=_order):
        p95 = ", ".join(f"{g[0]:.3f}" for g in got)
        ratio = ", ".join("-" if g[1] is None else f"{g[1]:.2f}" for g in got)
        cpu = ", ".join(f"{g[2] * 1000:.0f}" for g in got)
        ratios = [g[1] for g in got if g[1] is not None]
        middle = f"{statistics.median(ratios):.2f}" if ratios else "-"
        print(
            f"| {page} | {n} | {topology} | {variant} | {p95} | {ratio} | {middle} | {cpu} | "
            f"{sum(g[3] for g in got)} |"
        )
    for variant, output in views.items():
        print(f"\n#### First view, {variant}\n")
        print(output.strip())


def _order(item: tuple) -> tuple:
    (page, n, topology, variant), _ = item
    return (page, n, topology, list(VARIANTS).index(variant))


if __name__ == "__main__":
    main()
