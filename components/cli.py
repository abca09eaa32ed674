"""Command line: `tugofwar` / `python -m components`, over every layer below it.

- the data: validate, dump (JSON, CSV or a workbook), from-sheet (a workbook back into the YAML),
  schema, check-quotes, check-evidence, init (a starter);
- the analyst: health, diff (two versions), agree and reconcile (two coders);
- the briefing: export (a pack or a deck), screenshot (every page as drawn);
- the seminar: presenter (the presenter's link and the room's follow link).

Exit codes: 0 success, 1 the data (or a quote) is wrong, 2 bad usage. Errors go to stderr as
FILE:LINE: field.path: message; no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from components.analysis.quotes import SOURCES_ENV, iter_quotes, source_path
from components.core.routes import (
    BRIEFING_FORMATS,
    EXPORTABLE,
    LOCAL_URL,
    PUBLIC_URL_ENV,
    ROUTES,
    public_url,
)
from components.core.scenes import FILENAME as SCENES_FILE
from components.core.scenes import load_scenes, scenes_file_problems
from components.dataset.errors import DatasetError, ExportError, Problem
from components.dataset.load import DATA_ENV, data_dir, load_dataset, load_path
from components.dataset.models import Dataset
from components.dataset.scaffold import DEFAULT_DIMENSIONS, DEFAULT_YEARS
from components.dataset.schema import write_schemas

EXPORT_PAGES = list(EXPORTABLE)


def build_parser() -> argparse.ArgumentParser:
    data_help = f"data directory (default: ${DATA_ENV}, else the shipped data/)"
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", metavar="DIR", default=argparse.SUPPRESS, help=data_help)

    parser = argparse.ArgumentParser(
        prog="tugofwar",
        description="Check and export the Tug of War dataset.",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "validate", parents=[common], help="check the dataset; exit 1 with every problem if invalid"
    )
    p.add_argument("dir", nargs="?", metavar="DIR", help="data directory to check")

    p = sub.add_parser(
        "dump",
        parents=[common],
        help="write the validated dataset to stdout (json, csv) or to a workbook (xlsx, --out)",
    )
    p.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
    p.add_argument("--out", metavar="FILE", help="with --format xlsx: the workbook to write")

    p = sub.add_parser(
        "from-sheet",
        parents=[common],
        help="write a workbook's (or a values CSV's) sheets back into a dataset's YAML, "
        "validated first",
    )
    p.add_argument("sheet", metavar="FILE", help="an .xlsx from dump --format xlsx, or a .csv "
                   "of its values sheet")  # fmt: skip
    p.add_argument("--into", metavar="DIR", required=True, help="the data directory to update")
    p.add_argument("--dry-run", action="store_true", help="check and report; write nothing")

    p = sub.add_parser("schema", parents=[common], help="write JSON Schema files for the YAML")
    p.add_argument("--out", metavar="DIR", help="where to write (default: DATA/schema)")

    p = sub.add_parser(
        "export",
        parents=[common],
        help="write a briefing pack (ZIP of PNG, SVG, CSV and a PDF) or an editable deck (PPTX)",
    )
    p.add_argument("--out", metavar="DIR", required=True, help="directory to write the file to")
    p.add_argument(
        "--format",
        choices=(*BRIEFING_FORMATS, "pdf"),
        default="zip",
        help="zip: the briefing pack (default); pptx: a deck, the key findings then one slide "
        "per chart, the finding as its title and the strongest quotes in the notes; with "
        "--scenes, pptx or pdf",
    )
    p.add_argument(
        "--size",
        choices=("16x9", "4x3", "a4", "square"),
        default="16x9",
        help="the pack's canvas: a 16:9 slide (default), a 4:3 slide, an A4 page upright, a "
        "square card",
    )
    p.add_argument(
        "--page",
        action="append",
        choices=EXPORT_PAGES,
        metavar="PAGE",
        help=f"page to export, repeatable (default: all of {', '.join(EXPORT_PAGES)})",
    )
    p.add_argument("--year", help="year of the view (default: the last scored year)")
    p.add_argument("--dimension", help="dimension for the comparison (default: overall)")
    p.add_argument(
        "--params",
        metavar="QUERY",
        default="",
        help="the view as in its address, e.g. 'tps=china&from=2015-01-01' or a whole permalink;"
        " each page keeps the parameters it knows",
    )
    p.add_argument(
        "--base-url",
        default=public_url() or LOCAL_URL,
        help=f"address of the dashboard, for permalinks (default: ${PUBLIC_URL_ENV}, else "
        f"{LOCAL_URL})",
    )
    p.add_argument(
        "--scenes",
        action="store_true",
        help="the seminar's scene walk instead (with --format pptx): a slide per scene with its "
        "title, prompt, chart and notes, and a slide per question",
    )
    p.add_argument(
        "--answers",
        metavar="FILE",
        help="with --scenes: the room's answers (the console's CSV), on each question's slide",
    )

    p = sub.add_parser(
        "screenshot", parents=[common], help="start the app and save a PNG of every page"
    )
    p.add_argument("--out", metavar="DIR", required=True, help="directory for the PNGs")
    p.add_argument(
        "--page",
        action="append",
        choices=[r.id for r in ROUTES],
        metavar="PAGE",
        help="page to capture, repeatable (default: all)",
    )
    p.add_argument(
        "--params",
        metavar="QUERY",
        default="",
        help="the view as in its address (or a whole permalink); each page keeps what it knows",
    )
    p.add_argument(
        "--size", default="1920x1080", help="viewport WIDTHxHEIGHT (default: %(default)s)"
    )
    p.add_argument(
        "--base-url",
        default=public_url() or LOCAL_URL,
        help="the address the app's links show in the pictures (default: "
        f"${PUBLIC_URL_ENV}, else {LOCAL_URL}), not the temporary port it is served on",
    )
    p.add_argument(
        "--projector",
        action="store_true",
        help="projector mode: the top of each page and each chart, as a wall shows them",
    )

    p = sub.add_parser(
        "diff", parents=[common], help="what changed between two versions of a dataset"
    )
    p.add_argument("old", metavar="OLD", help="the earlier data directory (or a ZIP of it)")
    p.add_argument("new", metavar="NEW", help="the later data directory (or a ZIP of it)")
    p.add_argument("--format", choices=["text", "json", "csv"], default="text")

    p = sub.add_parser(
        "health", parents=[common], help="where the coding rests on thin evidence (a report)"
    )
    p.add_argument(
        "--source",
        metavar="FILE",
        default=None,
        help="the source's text, for coverage (default: the file the dataset names)",
    )
    p.add_argument(
        "--baseline",
        metavar="DIR",
        default=None,
        help="an earlier version of the same case: what this one changes from it (a dataset of "
        "another case is refused: there is nothing to compare)",
    )
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = sub.add_parser(
        "init", help="write a new, valid dataset with placeholders to start coding a case from"
    )
    p.add_argument("dir", metavar="DIR", help="the directory to make (must be new or empty)")
    p.add_argument(
        "--actors",
        nargs=2,
        metavar=("FIRST", "SECOND"),
        required=True,
        help="the two contending sides' names, e.g. --actors 'Rome' 'Carthage'",
    )
    p.add_argument(
        "--years",
        nargs="+",
        type=int,
        metavar="YEAR",
        default=list(DEFAULT_YEARS),
        help="the years each relationship is scored for, e.g. --years 2015 2016 (default: "
        f"{' '.join(map(str, DEFAULT_YEARS))})",
    )
    p.add_argument(
        "--dimensions",
        nargs="+",
        metavar="NAME",
        default=list(DEFAULT_DIMENSIONS),
        help="the dimensions scored besides the overall value, by name, e.g. --dimensions "
        "Security 'Trade and aid' (ids are made from the names; default: "
        f"{' '.join(DEFAULT_DIMENSIONS)})",
    )

    p = sub.add_parser(
        "agree",
        parents=[common],
        help="how far two codings of the same source agree (needs the 'agree' extra)",
    )
    p.add_argument("a", metavar="A", help="one coder's data directory (or a ZIP of it)")
    p.add_argument("b", metavar="B", help="the other coder's data directory (or a ZIP of it)")
    p.add_argument("--format", choices=["text", "json", "csv"], default="text",
                   help="text (tables), json (everything) or csv (one row per group)")  # fmt: skip
    from components.analysis import agree as agreement  # light: the statistics load on use

    p.add_argument(
        "--unit",
        choices=list(agreement.UNITS),
        default="cell",
        help="what is compared once: cell, a year of a span (default); entry, one coding "
        "decision (for a third party, side and dimension, the consecutive years over which "
        "neither coder's entry changes)",
    )
    p.add_argument(
        "--bootstrap",
        type=int,
        metavar="N",
        default=agreement.BOOTSTRAP,
        help="resamples of the pairable units for 95%% percentile intervals of the kappas and "
        f"alpha (default {agreement.BOOTSTRAP}; 0: none)",
    )
    p.add_argument("--seed", type=int, default=agreement.SEED,
                   help=f"the bootstrap's seed (default {agreement.SEED}): the same seed, the "
                   "same intervals")  # fmt: skip
    p.add_argument(
        "--confusion",
        metavar="FILE",
        default=None,
        help="also write the confusion matrices (per dimension: rows A's values, columns B's, "
        "then not coded) to FILE as CSV",
    )

    p = sub.add_parser(
        "reconcile",
        parents=[common],
        help="merge two codings: where they agree, and a decisions file for every "
        "disagreement; run again once it is decided to apply it and write the adjudication log "
        "(exit 1 while a decision is pending)",
    )
    p.add_argument("a", metavar="A", help="the first coding's data directory (or a ZIP of it): "
                   "the merged dataset is its files")  # fmt: skip
    p.add_argument("b", metavar="B", help="the second coding's data directory (or a ZIP)")
    p.add_argument("--out", metavar="C", required=True,
                   help="the merged dataset's folder (replaced whole on each run; a folder "
                   "with files must be one reconcile wrote)")  # fmt: skip
    p.add_argument("--decisions", metavar="FILE", default=None,
                   help="the decisions file: written when missing, applied when present "
                   "(default: C/decisions.yaml)")  # fmt: skip

    sub.add_parser(
        "check-evidence",
        parents=[common],
        help="every quoted value's quote must name its third party and its side",
    )

    p = sub.add_parser(
        "presenter",
        parents=[common],
        help="print the presenter's console link (with its token), the join screen's and the "
        "link students follow",
    )
    p.add_argument(
        "--base-url",
        default=public_url() or LOCAL_URL,
        help=f"address of the dashboard (default: ${PUBLIC_URL_ENV}, else {LOCAL_URL})",
    )

    p = sub.add_parser(
        "check-quotes", parents=[common], help="every evidence quote must be in the source text"
    )
    p.add_argument(
        "--source",
        metavar="FILE",
        default=None,
        help="the source as plain text (default: the file the dataset names, text_file, in "
        f"${SOURCES_ENV}, else ../shared/sources)",
    )
    p.add_argument(
        "--fix",
        action="store_true",
        help="offer to replace each near-miss quote with the passage of the source it is "
        "closest to, asking for each (the file is rewritten in place, its previous version "
        "kept as FILE.<time>.bak; nothing else in it changes)",
    )
    p.add_argument(
        "--yes", action="store_true", help="with --fix: replace every near miss without asking"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except DatasetError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except ExportError as exc:
        print(f"tugofwar: {exc}", file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"tugofwar: {exc}", file=sys.stderr)
        return 2
    except BrokenArguments as exc:
        print(exc, file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader went away (| head): not an error
        return 0
    except OSError as exc:  # a file the command writes or reads: say which and why
        where = f" {exc.filename}" if exc.filename else ""
        print(f"tugofwar:{where}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _run(args: argparse.Namespace) -> int:
    directory = data_dir(getattr(args, "dir", None) or getattr(args, "data", None))
    if args.command == "validate":
        return _validate(directory)
    if args.command == "export":
        return _export(args, directory)
    if args.command == "screenshot":
        from components.export.screenshot import screenshot

        try:
            width, height = (int(x) for x in args.size.lower().split("x"))
        except ValueError:
            print(f"tugofwar: --size {args.size!r} is not WIDTHxHEIGHT (e.g. 1280x720)",
                  file=sys.stderr)  # fmt: skip
            return 2
        shots = screenshot(
            Path(args.out),
            args.page,
            data=str(directory),
            size=(width, height),
            params=_query(args.params),
            projector=args.projector,
            base_url=args.base_url,
        )
        for path in shots:
            print(path)
        return 0
    if args.command == "dump":
        ds = load_dataset(directory)
        if args.format == "xlsx" or args.out:
            return _dump_xlsx(ds, args)
        if args.format == "json":
            json.dump(ds.model_dump(mode="json"), sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            from components.core.escape import csv_text
            from components.core.tables import ratings_frame

            sys.stdout.write(csv_text(ratings_frame(ds)))
        return 0
    if args.command == "schema":
        out = Path(args.out) if args.out else directory / "schema"
        for path in write_schemas(out_dir(out)):
            print(path)
        return 0
    if args.command == "check-quotes":
        source = Path(args.source) if args.source else None
        return _check_quotes(directory, source, fix=args.fix, yes=args.yes)
    if args.command == "presenter":
        return _presenter(args.base_url)
    if args.command == "check-evidence":
        return _check_evidence(directory)
    if args.command == "diff":
        return _diff(Path(args.old), Path(args.new), args.format)
    if args.command == "health":
        return _health(directory, Path(args.source) if args.source else None, args.format,
                       Path(args.baseline) if args.baseline else None)  # fmt: skip
    if args.command == "init":
        return _init(Path(args.dir), args.actors, args.years, args.dimensions)
    if args.command == "agree":
        return _agree(Path(args.a), Path(args.b), args)
    if args.command == "reconcile":
        return _reconcile(Path(args.a), Path(args.b), Path(args.out), args.decisions)
    if args.command == "from-sheet":
        return _from_sheet(Path(args.sheet), Path(args.into), args.dry_run)
    raise AssertionError(args.command)  # argparse rejects unknown commands first


class UsageError(Exception):
    """The command was given something it cannot use; the message says what (exit 2)."""


class BrokenArguments(Exception):
    """A command that takes two datasets was given one (or two) that is not valid: the message
    says which, with its path, and lists its problems as validate does (exit 1, as validate)."""


def _validate(directory: Path) -> int:
    """Check the dataset and its scenes. When the other files have problems, scenes.yaml's own
    (its YAML, fields, pages, parameter names) are reported with them, so one pass shows all;
    a scene's parameter values need a valid dataset and are checked once there is one."""
    try:
        ds = load_dataset(directory)
    except DatasetError as exc:
        raise DatasetError([*exc.problems, *_scenes_alone(directory)]) from None
    scenes = load_scenes(ds)
    n_values = ds.coded_count()
    print(
        f"{directory}: valid. {len(ds.third_parties)} third parties, {n_values} coded values, "
        f"{len(ds.events)} events, {len(ds.strategy.tiers)} tiers, {len(scenes)} scenes."
    )
    return 0


def _scenes_alone(directory: Path) -> list[Problem]:
    """scenes.yaml's problems found without the rest of the dataset ([] when there is none, or
    when reading it was refused: the dataset's problems say so)."""
    from components.dataset.files import read_directory

    raw = read_directory(directory).files.get(SCENES_FILE)
    return [] if raw is None else scenes_file_problems(raw)


def _load_both(first: Path, second: Path, names: tuple[str, str]) -> tuple[Dataset, Dataset]:
    """The two datasets a command compares; BrokenArguments naming each one that is not valid
    (both are read, so one run reports both)."""
    loaded: list[Dataset] = []
    reports: list[str] = []
    for position, name, path in zip(("first", "second"), names, (first, second), strict=True):
        try:
            loaded.append(load_path(path))
        except DatasetError as exc:
            reports.append(_broken_report(position, name, path, exc.problems))
    if reports:
        raise BrokenArguments("\n\n".join(reports))
    return loaded[0], loaded[1]


def _broken_report(position: str, name: str, path: Path, problems: list[Problem]) -> str:
    """'the second dataset (NEW, path) is not valid: 1 problem:' and its problems, one a line."""
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    head = f"the {position} dataset ({name}, {path}) is not valid: {count}:"
    return "\n".join([head, *(str(p) for p in problems)])


def out_dir(out: Path) -> Path:
    """--out: a directory, made if missing; a file or an unwritable place is a usage error."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file; give a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot make the directory {out}: {exc.strerror or exc}") from None
    return out


def read_source(path: Path) -> str:
    """The source's text (files.read_source_file: a regular UTF-8 file of bounded size)."""
    from components.dataset.files import read_source_file

    try:
        return read_source_file(path)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _query(text: str) -> dict[str, list[str]]:
    """A view's parameters from a query string or a whole permalink."""
    from urllib.parse import parse_qsl, urlsplit

    from components.core.view_state import as_mapping

    query = urlsplit(text).query if "?" in text else text
    return as_mapping(parse_qsl(query.lstrip("?")))


def _export(args: argparse.Namespace, directory: Path) -> int:
    from components.core.routes import BY_ID
    from components.export.pack import briefing

    ds = load_dataset(directory)
    if args.scenes or args.answers:
        return _export_scenes(args, ds)
    if args.format == "pdf":
        raise UsageError("--format pdf goes with --scenes; a view's briefing is a zip (with its "
                         "PDF inside) or a pptx deck")  # fmt: skip
    pages = args.page or EXPORT_PAGES
    given = _query(args.params)
    for name, value in (("year", args.year), ("dim", args.dimension)):
        if value:
            given[name] = [value]
    # every parameter must mean something to some page and be valid there; each page then
    # keeps the ones it knows (a year says nothing to the strategy page)
    known = {p for route in ROUTES for p in route.params}
    unknown = sorted(set(given) - known - {"mode", "scene"})
    if unknown:
        print(f"tugofwar: no page has a parameter {', '.join(unknown)} "
              f"(allowed: {', '.join(sorted(known))})", file=sys.stderr)  # fmt: skip
        return 2
    for route in ROUTES:
        wrong = [m for messages in route.state.problems(ds, given).values() for m in messages]
        if wrong:
            print(f"tugofwar: {wrong[0]}", file=sys.stderr)
            return 2
    states = [BY_ID[page].state.from_params(ds, given) for page in pages]
    # the timeline's ringed event is where a reader's screen is, not data: ringed in an export
    # only when the address names it
    states = [s.replace(event=None) if hasattr(s, "event") and "event" not in given else s
              for s in states]  # fmt: skip
    extra = {k: v[-1] for k, v in given.items() if k == "mode"}
    if args.size != "16x9" and args.format != "zip":
        raise UsageError("--size goes with the pack (--format zip): a deck's slides are 16:9")
    out = out_dir(Path(args.out))
    stem = "-".join(pages) if args.page else "all-pages"
    tail = ("-" + args.year if args.year else "") + ("-" + args.size if args.size != "16x9" else "")
    path = out / f"tugofwar-briefing-{stem}{tail}.{args.format}"
    path.write_bytes(
        briefing(ds, states, args.base_url, extra=extra, fmt=args.format, size=args.size)
    )
    _warn_if_local(args.base_url)
    print(path)
    return 0


def _warn_if_local(base_url: str) -> None:
    """On stderr, when the exports stamp an address that opens only on this machine."""
    from components.core.routes import local_address_warning

    if warning := local_address_warning(base_url):
        print(f"tugofwar: warning: {warning}", file=sys.stderr)


def _export_scenes(args: argparse.Namespace, ds: Dataset) -> int:
    """The scene walk as a deck, with the room's answers when given."""
    from components.core.scenes import load_scenes
    from components.export.scene_deck import read_answers, scene_walk

    if not args.scenes:
        raise UsageError("--answers goes with --scenes (the scene walk's deck)")
    if args.format not in ("pptx", "pdf"):
        raise UsageError("--scenes writes a deck: give --format pptx or --format pdf")
    scenes = load_scenes(ds)
    if not scenes:
        raise UsageError("this dataset has no scenes.yaml: there is no scene walk to export")
    answered = None
    if args.answers:
        path = Path(args.answers)
        answered = read_answers(ds, scenes, read_source(path), path.name)
    out = out_dir(Path(args.out)) / f"tugofwar-scenes.{args.format}"
    walk = scene_walk(ds, scenes, fmt=args.format, base_url=args.base_url, answered=answered)
    _warn_if_local(args.base_url)
    out.write_bytes(walk)
    print(out)
    return 0


def _check_evidence(directory: Path) -> int:
    from components.analysis.evidence_check import check_evidence

    ds = load_dataset(directory)
    misses = list(check_evidence(ds))
    for problem in misses:
        print(problem, file=sys.stderr)
    quoted = sum(
        1
        for tp in ds.third_parties
        for dims in tp.relations.values()
        for ratings in dims.values()
        for r in ratings or []
        if r.value is not None and not r.inferred
    )
    if misses:
        print(f"{len(misses)} of {quoted} quoted values do not name what they claim",
              file=sys.stderr)  # fmt: skip
        return 1
    print(f"all {quoted} quoted values name their third party and their side")
    return 0


def _diff(old: Path, new: Path, fmt: str) -> int:
    """Every change from OLD to NEW; exit 0 either way (a diff is not a failure)."""
    import pandas as pd

    from components.analysis.diff import Change, diff
    from components.core.escape import csv_text

    changes = diff(*_load_both(old, new, ("OLD", "NEW")))
    if fmt == "json":
        json.dump([c.as_row() for c in changes], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif fmt == "csv":
        rows = pd.DataFrame(
            [c.as_row() for c in changes], columns=list(Change.__dataclass_fields__)
        )
        sys.stdout.write(csv_text(rows))
    else:
        for change in changes:
            print(change)
        print(f"{len(changes)} change{'s' if len(changes) != 1 else ''}" if changes
              else "no changes")  # fmt: skip
    return 0


def _health(directory: Path, source: Path | None, fmt: str, baseline: Path | None = None) -> int:
    from components.analysis.diff import diff, same_case
    from components.analysis.health import CHECKS, health
    from components.analysis.quotes import source_text

    ds = load_dataset(directory)
    text = read_source(source) if source else source_text(ds)
    report = health(ds, text)
    changes = None
    if baseline is not None:
        earlier, _ = _load_both(baseline, directory, ("BASELINE", "DATA"))
        if not same_case(earlier, ds):
            raise UsageError(
                f"--baseline {baseline} codes another case (other sides or another source): "
                "give an earlier version of this one"
            )
        changes = diff(earlier, ds)
    if fmt == "json":
        json.dump(
            {
                "coded": report.coded,
                "inferred": report.inferred,
                "low_confidence": report.low,
                "paragraphs": report.paragraphs,
                "paragraphs_covered": report.covered,
                "findings": [vars(f) for f in report.findings],
                **({"changes": [c.as_row() for c in changes]} if changes is not None else {}),
            },
            sys.stdout, ensure_ascii=False, indent=2,
        )  # fmt: skip
        sys.stdout.write("\n")
        return 0
    print(f"{report.coded} coded values: {report.inferred} inferred, {report.low} of low "
          "confidence")  # fmt: skip
    if report.paragraphs is not None:
        print(f"source: {report.covered} of {report.paragraphs} paragraphs carry a quote")
    else:
        print("source: not at hand (give --source FILE for coverage)")
    for check, found in report.by_check().items():
        print(f"\n{CHECKS[check]} ({len(found)}):")
        for f in found:
            print(f"- {f.entry}: {f.detail}" if f.detail else f"- {f.entry}")
    if changes is not None:
        print(f"\nChanges from {baseline} ({len(changes)}):")
        for change in changes:
            print(f"- {change}")
    return 0


def _init(directory: Path, actors: list[str], years: list[int], dimensions: list[str]) -> int:
    from components.dataset.scaffold import (
        ScaffoldError,
        starter_dimensions,
        starter_years,
        write_starter,
    )

    for option, check, given in (("--years", starter_years, years),
                                 ("--dimensions", starter_dimensions, dimensions)):  # fmt: skip
        try:
            check(given)
        except ScaffoldError as exc:
            raise UsageError(f"init {option}: {exc}") from None
    try:
        written = write_starter(directory, *actors, years, dimensions)
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    for path in written:
        print(path)
    print(f"a valid starting point: tugofwar validate {directory}; then TUGOFWAR_DATA={directory} "
          "make run")  # fmt: skip
    return 0


def _dump_xlsx(ds: Dataset, args: argparse.Namespace) -> int:
    from components.dataset.sheets import workbook

    if args.format != "xlsx" or not args.out:
        raise UsageError("--out FILE goes with --format xlsx (json and csv go to stdout)")
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx" or out.is_dir():
        raise UsageError(f"--out {out}: give a file name ending in .xlsx")
    out.write_bytes(workbook(ds))
    print(out)
    return 0


def _from_sheet(sheet: Path, into: Path, dry_run: bool) -> int:
    """The sheets written into INTO's YAML: refused with every problem, nothing written, unless
    the result validates as `validate` checks it (the scenes included)."""
    from components.dataset.sheets import located_problems, read_sheets
    from components.dataset.yaml_write import apply_changes

    ds = load_dataset(into)

    def scenes(new: Dataset, _files: object) -> list[Problem]:
        try:
            load_scenes(new)
        except DatasetError as exc:
            return exc.problems
        return []

    origins: dict = {}
    try:
        changes = read_sheets(sheet, ds, origins)
    except DatasetError as exc:  # located in the sheet: FILE:ROW: SHEET!CELL (column)
        count = f"{len(exc.problems)} problem{'s' if len(exc.problems) != 1 else ''}"
        raise BrokenArguments("\n".join([f"{count} in {sheet.name}; nothing written:",
                                          *(str(p) for p in exc.problems)])) from None  # fmt: skip
    try:
        applied = apply_changes(into, changes, check=scenes, dry_run=dry_run)
    except DatasetError as exc:  # the would-be files' problems, at the rows that made them
        count = f"{len(exc.problems)} problem{'s' if len(exc.problems) != 1 else ''}"
        located = located_problems(exc.problems, origins, sheet.name)
        raise BrokenArguments("\n".join([f"{sheet.name} would make the dataset in {into} "
                                          f"invalid; nothing written. {count}:",
                                          *(str(p) for p in located)])) from None  # fmt: skip
    for path, backup in zip(applied.written, applied.backups, strict=True):
        print(f"{path} (the previous file kept as {backup.name})")
    if dry_run:
        print(f"{into}: the sheets give a valid dataset (--dry-run: nothing written)")
    elif not applied.written:
        print(f"{into}: the sheets say what the YAML says; nothing written")
    return 0


def _agree(a: Path, b: Path, args: argparse.Namespace) -> int:
    """Agreement between two codings; exit 0 (a low agreement is a finding, not a failure)."""
    import pandas as pd

    from components.analysis import agree
    from components.core.escape import csv_text

    if args.bootstrap < 0:
        raise UsageError(f"agree --bootstrap: {args.bootstrap} is negative (0 turns it off)")
    try:
        report = agree.compare(*_load_both(a, b, ("A", "B")), unit=args.unit,
                               bootstrap=args.bootstrap, seed=args.seed)  # fmt: skip
    except agree.AgreementUnavailable as exc:
        raise UsageError(str(exc)) from None
    groups, disagreements = agree.as_rows(report), agree.disagreement_rows(report)
    names = agree.level_names(report.scale)
    for g in report.groups:
        if g.warning:
            print(f"tugofwar agree: {g.group}: {g.warning}", file=sys.stderr)
    if args.confusion:
        Path(args.confusion).write_text(csv_text(pd.DataFrame(agree.confusion_rows(report))),
                                        encoding="utf-8")  # fmt: skip
    if args.format == "json":
        json.dump({"unit": report.unit, "bootstrap": report.bootstrap, "seed": report.seed,
                   "min_pairable": agree.MIN_PAIRABLE, "agreement": groups,
                   "confusion": {dim: {"levels": names, "counts": matrix}
                                 for dim, matrix in report.confusion.items()},
                   "disagreements": disagreements}, sys.stdout,
                  ensure_ascii=False, indent=2)  # fmt: skip
        sys.stdout.write("\n")
        return 0
    if args.format == "csv":
        sys.stdout.write(csv_text(pd.DataFrame(groups)))
        return 0

    def show(value: float | None, low: float | None = None, high: float | None = None) -> str:
        if value is None:
            return "n/a"
        return f"{value:.3f}" + ("" if low is None else f" [{low:.3f}, {high:.3f}]")

    what = {"cell": "cell (a year of a span)", "entry": "entry (one coding decision)"}
    print(f"unit: {what[report.unit]}; "
          + (f"95% intervals: percentile bootstrap, {report.bootstrap} resamples of each "
             f"group's pairable units, seed {report.seed}" if report.bootstrap else
             "no intervals (--bootstrap 0)"))  # fmt: skip
    wide = 22 if report.bootstrap else 9
    print(f"{'':22} {'both':>5} {'one':>5} {'one%':>6} {'agree':>6}  {'kappa-lin':<{wide}} "
          f"{'kappa-quad':<{wide}} {'alpha-ord':<{wide}}".rstrip())  # fmt: skip
    for g in report.groups:
        notes = [f"! {g.warning}"] if g.warning else []
        if g.bootstrap_skipped:
            notes.append(f"({g.bootstrap_skipped} of {g.bootstrap} resamples skipped: a "
                         "coefficient undefined)")  # fmt: skip
        share = "n/a" if g.one_only_share is None else f"{g.one_only_share:.1%}"
        print((f"{g.group:22} {g.both:5d} {g.one_only:5d} {share:>6} {show(g.percent):>6}  "
              f"{show(g.kappa_linear, g.kappa_linear_low, g.kappa_linear_high):<{wide}} "
              f"{show(g.kappa_quadratic, g.kappa_quadratic_low, g.kappa_quadratic_high):<{wide}} "
              f"{show(g.alpha_ordinal, g.alpha_ordinal_low, g.alpha_ordinal_high):<{wide}}"
              + "".join(f"  {n}" for n in notes)).rstrip())  # fmt: skip
    heads, corner = [*names[:-1], "n/c"], "A \\ B"
    for dim, matrix in report.confusion.items():
        print(f"\nconfusion, dimension {dim} (units; rows: A's values, columns: B's; n/c: "
              "not coded)")  # fmt: skip
        print(f"{corner:>10} " + " ".join(f"{h:>4}" for h in heads))
        for name, row in zip(names, matrix, strict=True):
            print(f"{name:>10} " + " ".join(f"{n:>4}" for n in row))
    print(f"\n{len(disagreements)} disagreements" if disagreements else "\nno disagreements")
    for d in disagreements:
        print(f"- {d['third_party']} / {d['side']} / {d['dimension']} / {d['years']}: "
              f"A {d['a_value']} ({d['a_evidence']!r}) vs B {d['b_value']} "
              f"({d['b_evidence']!r})")  # fmt: skip
    return 0


def _reconcile(a: Path, b: Path, out: Path, decisions: str | None) -> int:
    """Write the merged dataset and the decisions file (first run), or apply the decided file;
    exit 1 while a decision is pending, 0 once every one is decided."""
    from components.analysis import reconcile

    first, second = _load_both(a, b, ("A", "B"))
    try:
        done = reconcile.reconcile(first, second, out, Path(decisions) if decisions else None,
                                   names=(str(a), str(b)))  # fmt: skip
    except reconcile.ReconcileRefused as exc:
        raise UsageError(f"reconcile: {exc}") from None
    runs = len(done.decisions)
    print(f"{done.agreed} cells agreed; {runs} disagreement{'s' if runs != 1 else ''} "
          f"(runs of years) to decide.")  # fmt: skip
    if done.ignored:
        print(f"not reconciled: B's third parties that A lacks: {', '.join(done.ignored)}")
    if done.wrote_decisions and runs:
        print(f"decide each one in {done.decisions_file} (A, B, or value with a reason), then "
              "run the same command again.")  # fmt: skip
    elif runs:
        counts = f"A kept {done.count('A')}, B taken {done.count('B')}"
        print(f"applied {done.decisions_file}: {counts}, new value {done.count('value')}, "
              f"pending {done.pending}.")  # fmt: skip
    print(f"{out}: valid merged dataset; log: {out / reconcile.LOG}")
    return 1 if done.pending else 0


def _presenter(base: str) -> int:
    from components.core import shared_state

    try:
        shared = shared_state.store()
        token = shared_state.presenter_token(shared)
    except shared_state.StateError as exc:
        print(f"tugofwar: {exc}", file=sys.stderr)
        return 1
    base = base.rstrip("/")
    print(f"Presenter's console (keep it to yourself): {base}/console?present={token}")
    print(f"Join screen, for the wall:                 {base}/join?mode=projector")
    print(f"Students follow at:                        {base}/?follow=1")
    print(f"Shared state: {shared.url}")
    print("Open the console on your laptop; its 'Open the wall' link is for the projector.")
    return 0


def _check_quotes(
    directory: Path, source: Path | None, fix: bool = False, yes: bool = False
) -> int:
    """Every quote against the source; each miss with the passage it is closest to; with `fix`,
    those passages put in place of the quotes (asked for each, unless `yes`)."""
    from components.analysis.nearest import quote_problems

    ds = load_dataset(directory)
    source = source or source_path(ds)
    if source is None:
        raise UsageError(
            "the dataset names no source text (meta.sources[0].text_file); give --source"
        )
    text = read_source(source)
    misses = quote_problems(ds, text)
    for problem in misses:
        print(problem, file=sys.stderr)
    total = sum(1 for _ in iter_quotes(ds))
    if misses and fix:
        return _fix_quotes(directory, ds, text, source, yes)
    if misses:
        print(f"{len(misses)} of {total} quotes not found in {source}", file=sys.stderr)
        print("check-quotes --fix offers the closest passages in their place", file=sys.stderr)
        return 1
    print(f"all {total} quotes found verbatim in {source}")
    return 0


def _fix_quotes(directory: Path, ds: Dataset, text: str, source: Path, yes: bool) -> int:
    """The near misses replaced by their closest passages (all or none, validated first, each
    file's other lines kept: dataset/yaml_write.py), then the quotes checked again."""
    from components.analysis.nearest import closest_passage
    from components.analysis.quotes import misses
    from components.dataset.yaml_write import Change, apply_changes

    ask = not yes and sys.stdin.isatty()
    chosen: list[Change] = []
    for quote in misses(ds, text):
        passage = closest_passage(quote.text, text)
        if passage is None:
            continue
        print(f"\n{quote.file}:{quote.line}: {quote.path} ({passage.where()})")
        print(f"  - {quote.text}\n  + {passage.text}")
        if ask and input("  Replace? [y/N] ").strip().lower() not in ("y", "yes"):
            continue
        if not ask and not yes:
            continue
        chosen.append(Change(quote.file, quote.keys, passage.text))
    if not chosen:
        if not yes and not ask:
            print("\nnothing changed: give --yes to replace them without being asked",
                  file=sys.stderr)  # fmt: skip
        return 1
    try:
        applied = apply_changes(directory, chosen)
    except (DatasetError, OSError) as exc:
        print(f"tugofwar: nothing replaced: {exc}", file=sys.stderr)
        return 1
    for path, backup in zip(applied.written, applied.backups, strict=True):
        print(f"{path}: quotes replaced (the previous file: {backup})")
    return _check_quotes(directory, source)


if __name__ == "__main__":
    raise SystemExit(main())
