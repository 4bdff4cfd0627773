"""The `relief` command line.

Every bad argument and every refused file is answered with one line on stderr and a non-zero exit,
never a traceback (`--debug` shows one). A command that writes a file checks where before it starts
the work, never writes over its input, a folder or anything that is not a regular file (a device, a
pipe, a socket), and writes through a temporary file beside the output, renamed into place only
when complete: an error or an interruption leaves nothing behind.
"""

from __future__ import annotations

import argparse
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import NoReturn, TextIO

from .. import __version__
from ..documents.courts import NO_COUNTY
from ..documents.job_index import is_job_index, read_job_index
from ..intake.errors import UnreadableFileError
from ..intake.profiles import Profile, ProfileError, load_profile
from ..law.cannabis_act import RELIEF_CUTOFF
from ..law.decisions import RULE_SET_VERSION, Decision
from ..pipeline.keys import JOB_INDEX, bundle_name
from ..settings import OFFICE_NAME_RULE, OfficeSettings, SettingsError, is_office_name, load_settings

EARLIEST_DATE = date(1900, 1, 1)  # no date argument is earlier
PROFILE_HELP = "the file's layout: a built-in profile (isp, cook-clerk, cook-sao) or a profile file NAME.toml"
MAX_GENERATED_ROWS = 100_000_000
MAX_WORKERS = 64  # worker processes of `relief run`: more than a machine has cores only adds contention


class CommandError(Exception):
    """A bad argument or a refused file: its message is the one line the user sees."""


# --- arguments -------------------------------------------------------------------------------------

class _Parser(argparse.ArgumentParser):
    """argparse, but a bad argument is one line, not the usage and a line."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _date_argument(earliest: date, why_earliest: str) -> Callable[[str], date]:
    def parse(text: str) -> date:
        try:
            value = date.fromisoformat(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None
        if value < max(earliest, EARLIEST_DATE):
            raise argparse.ArgumentTypeError(f"{value.isoformat()} is before {earliest.isoformat()}{why_earliest}")
        if value > date.today():
            raise argparse.ArgumentTypeError(f"{value.isoformat()} is in the future")
        return value

    return parse


AS_OF = _date_argument(RELIEF_CUTOFF, ", when relief under 20 ILCS 2630/5.2(i) began")


def _whole_number(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value:,} is not between {low:,} and {high:,}")
        return value

    return parse


def _office(text: str) -> str:
    if not is_office_name(text):
        raise argparse.ArgumentTypeError(f"an office name is {OFFICE_NAME_RULE}")
    return text


# --- files -----------------------------------------------------------------------------------------

def _input_file(path_text: str) -> Path:
    """An existing regular file that can be read (read twice by `evaluate`: a pipe cannot be)."""
    path = Path(path_text)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise CommandError(f"{path_text}: no such file") from None
    except OSError as error:
        raise CommandError(f"{path_text}: {error.strerror or error}") from None
    if stat.S_ISDIR(mode):
        raise CommandError(f"{path_text}: is a folder, not a file")
    if not stat.S_ISREG(mode):
        raise CommandError(f"{path_text}: is not a regular file (a device, pipe or socket cannot be read twice)")
    if not os.access(path, os.R_OK):
        raise CommandError(f"{path_text}: cannot be read (permission denied)")
    return path


def _output_file(path_text: str, inputs: Sequence[Path] = ()) -> Path:
    """Where a command may write: not an input, not a folder, not anything that exists and is not a
    regular file, in a folder that exists (or can be made) and can be written. Checked before the work."""
    path = Path(path_text)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    except NotADirectoryError:
        raise CommandError(f"{path_text}: {path.parent} is not a folder") from None
    except OSError as error:
        raise CommandError(f"{path_text}: {error.strerror or error}") from None
    if mode is not None:
        if stat.S_ISDIR(mode):
            raise CommandError(f"{path_text}: is a folder; give a file name to write the results to")
        if not stat.S_ISREG(mode):
            raise CommandError(f"{path_text}: exists and is not a regular file (a device, pipe or socket): "
                               f"relief writes only files")
        for source in inputs:
            if os.path.samefile(path, source):
                raise CommandError(f"{path_text}: is the input file; write the results elsewhere")
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise CommandError(f"{path_text}: {folder} is not a folder") from None
    except OSError as error:
        raise CommandError(f"{path_text}: cannot make the folder {folder} ({error.strerror or error})") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CommandError(f"{path_text}: the folder {folder} cannot be written to")
    return path


@contextmanager
def _written_whole(path: Path, opener: Callable[[int], TextIO]) -> Iterator[TextIO]:
    """A stream to a temporary file beside `path`, renamed to `path` only when the block completes;
    on any error or interruption the temporary file is removed. (It is made readable by its owner
    only, like the results it holds.)"""
    descriptor, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        with opener(descriptor) as stream:
            yield stream
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def _text_opener(encoding: str = "utf-8", errors: str = "strict") -> Callable[[int], TextIO]:
    return lambda descriptor: open(descriptor, "w", encoding=encoding, errors=errors, newline="")


def _gzip_text_opener(encoding: str, errors: str) -> Callable[[int], TextIO]:
    import gzip

    def opener(descriptor: int) -> TextIO:
        return gzip.open(open(descriptor, "wb"), "wt", encoding=encoding, errors=errors, newline="")

    return opener


def _settings(path: str | None, profile: str | None = None) -> OfficeSettings:
    try:
        return load_settings(path, profile)
    except SettingsError as error:
        raise CommandError(str(error)) from None


def _profile(choice: str) -> Profile:
    try:
        return load_profile(choice)
    except ProfileError as error:
        raise CommandError(str(error)) from None


# --- commands --------------------------------------------------------------------------------------

def cmd_evaluate(args: argparse.Namespace) -> int:
    from ..evaluation.file import evaluate_file

    settings = _settings(args.office_settings, args.profile)
    source = _input_file(args.input)
    output = _output_file(args.output, [source])
    started = time.perf_counter()
    try:
        with _written_whole(output, _text_opener()) as stream:
            summary = evaluate_file(source, stream, settings, args.as_of)
    except UnreadableFileError as error:
        raise CommandError(f"{args.input}: {error}") from None
    seconds = time.perf_counter() - started

    delimiter = {",": "comma", "\t": "tab", "|": "pipe"}[summary.delimiter]
    layout = "" if summary.profile == "isp" else f", profile {summary.profile}"
    charges = f" ({summary.charges:,} charges)" if summary.charges != summary.rows else ""
    print(f"relief evaluate: {summary.rows:,} rows{charges} from {args.input} "
          f"({summary.encoding}{', gzip' if summary.gzipped else ''}, {delimiter}-delimited{layout}) "
          f"as of {args.as_of.isoformat()}, rules {RULE_SET_VERSION}", file=sys.stderr)
    if not summary.rows:
        print("  0 rows: the file has a header and no data rows", file=sys.stderr)
    if summary.charges != summary.rows:
        print("  (a charge of several rows is decided once; its result lists them in source_rows)", file=sys.stderr)
    for decision in Decision:
        print(f"  {decision.value:<13}{summary.tally.decisions[decision.value]:>10,}", file=sys.stderr)
    if summary.unreadable_rows:
        print(f"  ({summary.unreadable_rows:,} unreadable rows are in review, reason unreadable_row)",
              file=sys.stderr)
    if summary.blank_lines:
        print(f"  ({summary.blank_lines:,} blank lines skipped)", file=sys.stderr)
    for name, count in summary.unlisted.items():
        print(f"  ({count:,} row(s) hold a value in {name} that the profile's table does not list: read as unknown, "
              f"never guessed; `relief inspect {args.input} --profile {summary.profile}` lists them)", file=sys.stderr)
    if summary.collisions:
        print(f"  (column(s) {', '.join(summary.collisions)} bear a contract name but the profile or header map "
              f"reads that field from another column: passed over)", file=sys.stderr)
    rate = summary.rows / seconds if seconds else 0
    print(f"results: {output}  ({seconds:.1f} s, {rate:,.0f} rows/s)", file=sys.stderr)
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from .generate import generate

    output = _output_file(args.output)
    opener = (_gzip_text_opener if output.suffix == ".gz" else _text_opener)(args.encoding, "replace")
    with _written_whole(output, opener) as stream:
        stats = generate(args.rows, args.seed, stream)
    print(f"relief generate: {stats.rows:,} rows ({stats.people:,} people, {stats.arrests:,} arrests) -> {output}",
          file=sys.stderr)
    if stats.malformed:
        print(f"  {stats.malformed:,} malformed on purpose: {stats.unreadable:,} unreadable rows (wrong field "
              f"count or an empty required field: `relief evaluate` and `relief run` count these, each decided "
              f"review / unreadable_row) and {stats.malformed - stats.unreadable:,} with a date that cannot be "
              f"read (decided, the date noted in the explanation)", file=sys.stderr)
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    from .settings_template import default_settings_toml

    sys.stdout.write(default_settings_toml())
    return 0


def cmd_inspect(args: argparse.Namespace) -> int:
    from ..intake.profiles.inspect import inspect_file, render, starting_profile

    source = _input_file(args.input)
    profile = _profile(args.profile) if args.profile else None
    output = _output_file(args.write_profile, [source]) if args.write_profile else None
    try:
        report = inspect_file(source, profile, args.sample)
    except UnreadableFileError as error:
        raise CommandError(f"{args.input}: {error}") from None
    sys.stdout.write(render(report, args.input))
    if output is not None:
        name = "".join(c if c.isalnum() or c in "-_" else "-" for c in output.stem.lower()).strip("-_") or "office"
        with _written_whole(output, _text_opener()) as stream:
            stream.write(starting_profile(report, name[:60]))
        print(f"relief inspect: a starting profile -> {output}; finish its TODOs, then "
              f"`relief inspect {args.input} --profile {output}`", file=sys.stderr)
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from .local_run import run_file
    from .workers import default_workers, run_file_on_workers

    source = _input_file(args.input)
    settings = _settings(args.office_settings, args.profile)  # refuse bad settings here, before any job starts
    if args.profile and args.office_settings and _names_a_profile(Path(args.office_settings)):
        raise CommandError(f"{args.office_settings} names a profile already: give it there or with --profile, "
                           f"not both")
    reviews = _input_file(args.reviews) if args.reviews else None
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CommandError(f"{args.out}: exists and is not a folder; --out names the folder for the outputs")
    started = time.perf_counter()
    settings_file = Path(args.office_settings) if args.office_settings else None
    # The answers are sent by this process's driver: a run with --reviews delivers in this process.
    workers = 1 if reviews is not None else args.workers or default_workers()
    if workers == 1:
        report = run_file(source, args.office, out, settings_file, show_progress=not args.no_progress,
                          quiet=not args.verbose, as_of=args.as_of, profile=args.profile, reviews=reviews)
    else:
        report = run_file_on_workers(source, args.office, out, workers, settings_file,
                                     show_progress=not args.no_progress, quiet=not args.verbose, as_of=args.as_of,
                                     profile=args.profile)
    seconds = time.perf_counter() - started
    if report.job is None:
        raise CommandError(f"job {report.job_id} never started (run with --verbose to see why)")
    answers = report.answers
    if answers is not None and not answers.applied:
        sys.stderr.write(answers.report)
        raise CommandError(f"{args.reviews}: refused, {answers.problems:,} problem(s) listed above; nothing was "
                           f"written to {out}")
    print(report.job.describe(report.local_paths), file=sys.stderr)
    # Version 1 of each county's bundle (the later versions the answers made are named below).
    bundles = [path for path in report.outputs if path.suffix == ".zip" and not re.search(r"\.v\d+$", path.stem)
               and path.name != JOB_INDEX]
    if bundles:
        print(f"  {len(bundles)} signed filing bundle(s), one per county (a large county's in volumes); check one "
              f"offline with `relief verify {bundles[0]} --documents --public-key KEY.pem`, and that none is "
              f"missing with `relief verify {bundles[0].parent / JOB_INDEX}`", file=sys.stderr)
    if answers is not None:
        print(answers.summary(report.local_paths), file=sys.stderr)
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


def _names_a_profile(settings_file: Path) -> bool:
    import tomllib

    return "profile" in tomllib.loads(settings_file.read_text(encoding="utf-8"))


def cmd_status(args: argparse.Namespace) -> int:
    from .local_run import load_job

    try:
        job, paths = load_job(args.job_id, Path(args.out))
    except FileNotFoundError as error:
        raise CommandError(str(error)) from None
    print(job.describe(paths))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from ..documents.verify import verify_bundle

    bundle = _input_file(args.bundle)
    key = None
    if args.public_key:
        key_file = _input_file(args.public_key)
        if key_file.stat().st_size > 64 << 10:
            raise CommandError(f"{args.public_key}: too large to be a PEM public key")
        key = key_file.read_bytes()
    chain = [(args.bundle, bundle), *((name, _input_file(name)) for name in args.previous or ())]
    for name, path in chain:
        result = verify_bundle(path, key)
        if not result.ok:
            raise CommandError(f"{name}: {result.message}")
        print(f"relief verify: {name}: OK, {result.message}")
        if is_job_index(path):
            _verify_job_index(name, path)
            continue
        if args.documents:
            try:
                from ..documents.verify_documents import verify_documents
            except ImportError:
                raise CommandError("relief verify --documents reads PDFs with pypdf: "
                                   "install it with pip install 'relief[local]'") from None
            documents = verify_documents(path)
            if not documents.ok:
                raise CommandError(f"{name}: {documents.message}")
            print(f"relief verify: {name}: documents OK, {documents.message}")
    if len(chain) > 1 or args.answers:
        _verify_versions(args, [path for _, path in chain])
    return 0


def _verify_job_index(name: str, path: Path) -> None:
    """The bundles a job index lists, where they are beside it: each must be the bundle it names."""
    from ..documents.job_index import check_bundles_beside

    try:
        problems, absent = check_bundles_beside(path)
    except (ValueError, KeyError) as error:
        raise CommandError(f"{name}: {error}") from None
    if problems:
        raise CommandError(f"{name}: " + "; ".join(problems))
    listed = len(read_job_index(path))
    note = f"; not beside it, so not checked: {', '.join(absent)}" if absent else ""
    print(f"relief verify: {name}: {listed - len(absent):,} of the {listed:,} bundles it lists are beside it and "
          f"are the bundles it names{note}")


def _verify_versions(args: argparse.Namespace, bundles: list[Path]) -> None:
    """Each bundle made from the next one given (--previous, newest first), and the newest from the
    answers file given (--answers)."""
    import hashlib

    from ..documents.versions import answers_of, verify_chain

    for newer, older in pairwise(bundles):
        link = verify_chain([newer, older])
        if not link:
            raise CommandError(f"{newer}: {link.message}")
        print(f"relief verify: {newer} <- {older}: chain OK, {link.message}")
    if args.answers:
        answers = _input_file(args.answers)
        digest = hashlib.sha256(answers.read_bytes()).hexdigest()
        if answers_of(bundles[0]) != digest:
            raise CommandError(f"{args.bundle}: was not made from the answers file {args.answers} (its manifest "
                               f"records another answers file's SHA-256, or none)")
        print(f"relief verify: {args.bundle}: made from the answers file {args.answers} (SHA-256 {digest})")


def cmd_rules(args: argparse.Namespace) -> int:
    import hashlib

    from .rules_text import rules_text

    settings = _settings(args.settings)
    if args.settings:
        source = f"{args.settings} (SHA-256 {hashlib.sha256(Path(args.settings).read_bytes()).hexdigest()})"
    else:
        source = "no --settings file: the reference's defaults (`relief settings` prints them as a file)"
    sys.stdout.write(rules_text(settings, args.as_of, source))
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from ..evaluation.explain import NoSuchRow, explain_row
    from .rules_text import explanation_text

    settings = _settings(args.office_settings, args.profile)
    source = _input_file(args.input)
    try:
        explanation = explain_row(source, settings, args.as_of, args.row)
    except (UnreadableFileError, NoSuchRow) as error:
        raise CommandError(f"{args.input}: {error}") from None
    sys.stdout.write(explanation_text(explanation, args.input, args.as_of))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="relief",
                     description="Decide Illinois cannabis charges for relief under 20 ILCS 2630/5.2(i).")
    parser.add_argument("--version", action="version", version=f"relief {__version__} (rules {RULE_SET_VERSION})")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an unexpected error")
    common = _Parser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help, parents=[common])

    evaluate = command("evaluate", "decide every charge of an ISP file, offline")
    evaluate.add_argument("input", help="ISP file: CSV, tab- or pipe-delimited, optionally .gz")
    evaluate.add_argument("--output", "-o", required=True, help="results CSV to write (not the input, not a folder)")
    evaluate.add_argument("--as-of", type=AS_OF, default=date.today(),
                          help="date for ages and years since conviction, YYYY-MM-DD (default: today)")
    evaluate.add_argument("--office-settings", help="office settings TOML (see `relief settings`)")
    evaluate.add_argument("--profile", help=PROFILE_HELP)
    evaluate.set_defaults(func=cmd_evaluate)

    inspect = command("inspect", "say which layout a file is in, what its profile reads, and what it does not")
    inspect.add_argument("input", help="the file to look at (its header and a sample of its rows)")
    inspect.add_argument("--profile", help=PROFILE_HELP + " (default: the built-in profile that fits)")
    inspect.add_argument("--sample", type=_whole_number(1, 1_000_000), default=10_000,
                         help="rows to read at most (default 10,000)")
    inspect.add_argument("--write-profile", metavar="OUT.toml",
                         help="write a starting profile for the office to finish")
    inspect.set_defaults(func=cmd_inspect)

    generate = command("generate", "write a synthetic ISP file for trials and benchmarks")
    generate.add_argument("--rows", type=_whole_number(0, MAX_GENERATED_ROWS), required=True)
    generate.add_argument("--seed", type=_whole_number(0, 2**63), default=1)
    generate.add_argument("--output", "-o", required=True, help="file to write (.gz compresses)")
    generate.add_argument("--encoding", default="utf-8", choices=("utf-8", "utf-8-sig", "cp1252", "utf-16"),
                          help="utf-8 (default), utf-8-sig, cp1252 or utf-16")
    generate.set_defaults(func=cmd_generate)

    run = command("run", "run the whole pipeline on this machine (moto, no AWS account)")
    run.add_argument("input", help="ISP file to upload to the intake bucket")
    run.add_argument("--office", type=_office, default="local",
                     help="office the file is uploaded for, the one this local run serves (default: local)")
    run.add_argument("--out", default="out", help="folder for the job's outputs and record (default: out)")
    run.add_argument("--as-of", type=AS_OF, default=None,
                     help="date for ages and years since conviction, YYYY-MM-DD (default: today)")
    run.add_argument("--office-settings", help="office settings TOML, stored as the office's config")
    run.add_argument("--profile", help=PROFILE_HELP + ", stored with the office's config")
    run.add_argument("--workers", type=_whole_number(1, MAX_WORKERS), default=None,
                     help="worker processes that deliver the job's messages to the handlers, on one shared moto "
                          "server (default: the machine's cores); 1 runs everything in this process")
    run.add_argument("--reviews", metavar="ANSWERS.csv",
                     help="the office's answers: a copy of a bundle's review.csv (or results.csv) with "
                          "reviewer_decision, reviewer, reviewed_on and note filled in for the charges decided; "
                          "uploaded as incoming/<office>/reviews/<job id>.csv once the job is complete, to make the "
                          "next version of each bundle it changes (the run then delivers in this process: "
                          "no --workers)")
    run.add_argument("--no-progress", action="store_true", help="no progress bar")
    run.add_argument("--verbose", action="store_true", help="the handlers' structured (JSON) logs and metrics too")
    run.set_defaults(func=cmd_run)

    status = command("status", "show a job that `relief run` ran")
    status.add_argument("job_id")
    status.add_argument("--out", default="out", help="folder `relief run` wrote to (default: out)")
    status.set_defaults(func=cmd_status)

    verify = command("verify", "check a signed filing bundle offline: files, manifest, signature (or a job's "
                               "job-index.zip: its signature, and that each bundle beside it is the one it names)")
    verify.add_argument("bundle", help="bundle zip (or job-index.zip) to check")
    verify.add_argument("--public-key", help="the office's published PEM public key: proves who signed "
                                             "(without it, only that nothing changed since signing)")
    verify.add_argument("--documents", action="store_true",
                        help="also read every PDF back and compare it, field by field, with the bundle's results.csv")
    verify.add_argument("--previous", action="append", metavar="OLDER.zip",
                        help="the version the bundle was made from (cook.zip for cook.v2.zip): checked too, and the "
                             "link between them; repeat for older versions, newest first")
    verify.add_argument("--answers", metavar="ANSWERS.csv",
                        help="the answers file the bundle's version was made from: its SHA-256 must be the one the "
                             "manifest records")
    verify.set_defaults(func=cmd_verify)

    rules = command("rules", "print the decision rules in force, the violent-crime list, the weight tables and "
                             "the office settings in effect")
    rules.add_argument("--as-of", type=AS_OF, default=date.today(),
                       help="the date decisions are made as of, YYYY-MM-DD (default: today)")
    rules.add_argument("--settings", help="office settings TOML whose choices to show (default: the reference's)")
    rules.set_defaults(func=cmd_rules)

    explain = command("explain", "show how one row of an ISP file is decided: the facts read, each rule checked")
    explain.add_argument("input", help="ISP file")
    explain.add_argument("--row", type=_whole_number(1, MAX_GENERATED_ROWS), required=True,
                         help="the data row (1 is the first after the header), as results.csv numbers it")
    explain.add_argument("--as-of", type=AS_OF, default=date.today(),
                         help="date for ages and years since conviction, YYYY-MM-DD (default: today)")
    explain.add_argument("--office-settings", help="office settings TOML (see `relief settings`)")
    explain.add_argument("--profile", help=PROFILE_HELP)
    explain.set_defaults(func=cmd_explain)

    settings = command("settings", "print the default office settings file")
    settings.set_defaults(func=cmd_settings)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CommandError as error:
        print(f"relief: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("relief: interrupted: nothing was written", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `relief settings | head`: the reader has gone
        sys.stderr.close()
        return 1
    except Exception as error:
        if args.debug:
            raise
        detail = f": {error.strerror}" if isinstance(error, OSError) and error.strerror else ""
        print(f"relief: error: unexpected {type(error).__name__}{detail} (run with --debug for the traceback)",
              file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
