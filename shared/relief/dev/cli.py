"""The `relief` command line."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from .. import __version__
from ..documents.courts import NO_COUNTY
from ..intake.errors import UnreadableFileError
from ..law.decisions import RULE_SET_VERSION, Decision
from ..pipeline.keys import bundle_name
from ..settings import SettingsError, load_settings


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def _fail(message: str) -> int:
    print(f"relief: error: {message}", file=sys.stderr)
    return 1


def cmd_evaluate(args: argparse.Namespace) -> int:
    from ..evaluation.file import evaluate_file

    try:
        settings = load_settings(args.office_settings)
    except SettingsError as error:
        return _fail(str(error))
    if not Path(args.input).is_file():
        return _fail(f"{args.input}: no such file")
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    started = time.perf_counter()
    try:
        with open(partial, "w", encoding="utf-8", newline="") as stream:
            summary = evaluate_file(args.input, stream, settings, args.as_of)
    except UnreadableFileError as error:
        partial.unlink(missing_ok=True)
        return _fail(f"{args.input}: {error}")
    partial.replace(output)  # a refused or interrupted run never leaves a half-written results file
    seconds = time.perf_counter() - started

    delimiter = {",": "comma", "\t": "tab", "|": "pipe"}[summary.delimiter]
    print(f"relief evaluate: {summary.rows:,} rows from {args.input} "
          f"({summary.encoding}{', gzip' if summary.gzipped else ''}, {delimiter}-delimited) "
          f"as of {args.as_of.isoformat()}, rules {RULE_SET_VERSION}", file=sys.stderr)
    for decision in Decision:
        print(f"  {decision.value:<13}{summary.tally.decisions[decision.value]:>10,}", file=sys.stderr)
    if summary.unreadable_rows:
        print(f"  ({summary.unreadable_rows:,} unreadable rows are in review, reason unreadable_row)",
              file=sys.stderr)
    if summary.blank_lines:
        print(f"  ({summary.blank_lines:,} blank lines skipped)", file=sys.stderr)
    rate = summary.rows / seconds if seconds else 0
    print(f"results: {output}  ({seconds:.1f} s, {rate:,.0f} rows/s)", file=sys.stderr)
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from .generate import generate

    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    opener = _gzip_text if output.suffix == ".gz" else _plain_text
    with opener(output, args.encoding) as stream:
        stats = generate(args.rows, args.seed, stream)
    print(f"relief generate: {stats.rows:,} rows ({stats.people:,} people, {stats.arrests:,} arrests, "
          f"{stats.malformed:,} malformed) -> {output}", file=sys.stderr)
    return 0


def _plain_text(path: Path, encoding: str):
    return open(path, "w", encoding=encoding, errors="replace", newline="")


def _gzip_text(path: Path, encoding: str):
    import gzip

    return gzip.open(path, "wt", encoding=encoding, errors="replace", newline="")


def cmd_settings(args: argparse.Namespace) -> int:
    from .settings_template import default_settings_toml

    sys.stdout.write(default_settings_toml())
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from .local_run import run_file

    source = Path(args.input)
    if not source.is_file():
        return _fail(f"{args.input}: no such file")
    try:
        settings = load_settings(args.office_settings)  # refuse bad settings here, before any job starts
    except SettingsError as error:
        return _fail(str(error))
    out = Path(args.out)
    started = time.perf_counter()
    report = run_file(source, args.office, out, Path(args.office_settings) if args.office_settings else None,
                      show_progress=not args.no_progress, quiet=not args.verbose)
    seconds = time.perf_counter() - started
    if report.job is None:
        return _fail(f"job {report.job_id} never started: see the intake dead-letter queue")
    print(report.job.describe(), file=sys.stderr)
    for path in report.outputs:
        print(f"  saved {path}", file=sys.stderr)
    bundles = [path for path in report.outputs if path.suffix == ".zip"]
    if bundles:
        print(f"  {len(bundles)} signed filing bundle(s), one per county; check one offline with "
              f"`relief verify {bundles[0]} --documents`", file=sys.stderr)
    for path in bundles:
        if path.name == bundle_name(NO_COUNTY):
            print(f"  {path.name}: rows whose record names no Illinois county; it holds no court paper: "
                  f"settle them in its review.csv", file=sys.stderr)
    print(_draft_note(settings.missing_for_filing(), args.office_settings), file=sys.stderr)
    waiting = {name: n for name, n in report.dead_letters.items() if n}
    if waiting:
        print(f"  dead-letter queues: {waiting}", file=sys.stderr)
    print(f"relief run: {report.job.status.value} in {seconds:.1f} s; "
          f"`relief status {report.job_id} --out {out}` shows it again", file=sys.stderr)
    return 0 if report.job.status.value == "COMPLETE" else 1


def _draft_note(missing: tuple[str, ...], settings_file: str | None) -> str:
    """Why the court papers say DRAFT — NOT FOR FILING, and what to do; or that they can be filed."""
    if not missing:
        return "  the motions and orders can be filed: the office settings give the signature block and address"
    why = (f"the office settings {settings_file} leave out" if settings_file
           else "no office settings were given (--office-settings), which leaves out")
    return (f"  DRAFT \u2014 NOT FOR FILING is printed on every page of the motions and orders, because {why} "
            + "; ".join(missing) + ". `relief settings > office.toml` prints a file to fill in; then run again "
            "with --office-settings office.toml")


def cmd_status(args: argparse.Namespace) -> int:
    from .local_run import load_job

    try:
        job = load_job(args.job_id, Path(args.out))
    except FileNotFoundError as error:
        return _fail(str(error))
    print(job.describe())
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from ..documents.verify import verify_bundle

    if not Path(args.bundle).is_file():
        return _fail(f"{args.bundle}: no such file")
    key = None
    if args.public_key:
        try:
            key = Path(args.public_key).read_bytes()
        except OSError as error:
            return _fail(f"{args.bundle}: {args.public_key}: {error.strerror or error}")
    result = verify_bundle(args.bundle, key)
    if not result.ok:
        return _fail(f"{args.bundle}: {result.message}")
    print(f"relief verify: {args.bundle}: OK, {result.message}")
    if args.documents:
        try:
            from ..documents.verify_documents import verify_documents
        except ImportError:
            return _fail("relief verify --documents reads PDFs with pypdf: install it with pip install 'relief[local]'")
        documents = verify_documents(args.bundle)
        if not documents.ok:
            return _fail(f"{args.bundle}: {documents.message}")
        print(f"relief verify: {args.bundle}: documents OK, {documents.message}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="relief",
        description="Decide Illinois cannabis charges for relief under 20 ILCS 2630/5.2(i).",
    )
    parser.add_argument("--version", action="version", version=f"relief {__version__} (rules {RULE_SET_VERSION})")
    commands = parser.add_subparsers(dest="command", required=True)

    evaluate = commands.add_parser("evaluate", help="decide every charge of an ISP file, offline")
    evaluate.add_argument("input", help="ISP file: CSV, tab- or pipe-delimited, optionally .gz")
    evaluate.add_argument("--output", "-o", required=True, help="results CSV to write")
    evaluate.add_argument("--as-of", type=_iso_date, default=date.today(),
                          help="date for ages and years since conviction (default: today)")
    evaluate.add_argument("--office-settings", help="office settings TOML (see `relief settings`)")
    evaluate.set_defaults(func=cmd_evaluate)

    generate = commands.add_parser("generate", help="write a synthetic ISP file for trials and benchmarks")
    generate.add_argument("--rows", type=int, required=True)
    generate.add_argument("--seed", type=int, default=1)
    generate.add_argument("--output", "-o", required=True, help="file to write (.gz compresses)")
    generate.add_argument("--encoding", default="utf-8", help="utf-8 (default), utf-8-sig or cp1252")
    generate.set_defaults(func=cmd_generate)

    run = commands.add_parser("run", help="run the whole pipeline on this machine (moto, no AWS account)")
    run.add_argument("input", help="ISP file to upload to the intake bucket")
    run.add_argument("--office", default="local", help="office the file is uploaded for (default: local)")
    run.add_argument("--out", default="out", help="folder for the job's outputs and record (default: out)")
    run.add_argument("--office-settings", help="office settings TOML, stored as the office's config")
    run.add_argument("--no-progress", action="store_true", help="no progress bar")
    run.add_argument("--verbose", action="store_true", help="the handlers' structured logs and metrics too")
    run.set_defaults(func=cmd_run)

    status = commands.add_parser("status", help="show a job that `relief run` ran")
    status.add_argument("job_id")
    status.add_argument("--out", default="out", help="folder `relief run` wrote to (default: out)")
    status.set_defaults(func=cmd_status)

    verify = commands.add_parser("verify", help="check a signed filing bundle offline: files, manifest, signature")
    verify.add_argument("bundle", help="bundle zip to check")
    verify.add_argument("--public-key", help="PEM public key the signature must verify with "
                                             "(default: the bundle's own signing-key.pem)")
    verify.add_argument("--documents", action="store_true",
                        help="also read every PDF back and compare it, field by field, with the bundle's results.csv")
    verify.set_defaults(func=cmd_verify)

    settings = commands.add_parser("settings", help="print the default office settings file")
    settings.set_defaults(func=cmd_settings)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
