"""Benchmark: assembling a county's signed filing bundle, and rendering its proposed orders.

    python bench/bench_bundle.py [--convictions 1000 15000] [--repeat 1]

Results are synthesised: N `motion` convictions over realistic court case numbers, 1-3 charges per
case, plus one non-motion charge per case so the spreadsheets have work. Each pass is a child
process; wall time is measured around it and peak memory is the child's own maximum resident set
size (os.wait4).

  orders             render every case's proposed order to files (what the evaluators do per chunk)
  assemble           write_bundle with those pre-rendered orders copied in (the assembler's work)
  assemble+render    write_bundle rendering the orders itself (no evaluator help)
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path


def synthesise(convictions: int, seed: int = 7):
    """Results in row order: cases of 1-3 `motion` charges, each followed by a dismissed charge."""
    from relief.evaluation.results import Result
    from relief.law.decisions import RULE_SET_VERSION

    rng = random.Random(seed)
    row = made = 0
    case = 0
    kinds = ("CM", "CF", "C", "MC")
    while made < convictions:
        case += 1
        year = rng.randint(1975, 2019)
        number = rng.choice((f"{year}{rng.choice(kinds)}{rng.randint(1, 999999):06d}",
                             f"{year}-{rng.choice(kinds)}-{rng.randint(1, 99999)}",
                             f"{year % 100:02d} C {rng.randint(1, 999999)}"))
        ir = f"IR{rng.randint(10_000_000, 99_999_999)}"
        born = rng.randint(1940, 2000)
        for _charge in range(min(rng.choice((1, 1, 2, 2, 3)), convictions - made)):
            row += 1
            made += 1
            yield Result(row, ir, f"D{rng.randint(100_000_000, 999_999_999)}", number, "720 ILCS 550/4(c)",
                         "motion", "possession_up_to_500g", "Conviction for Section 4(c) possession ...",
                         "20 ILCS 2630/5.2(i)(3)", "true", "", f"LAST{case % 5000}", "FIRST", "M",
                         f"{born}-05-17", "COOK", f"{year}-03-01", f"{year}-03-01", "POSS CANNABIS 10-30 GRAMS",
                         "A", "GUILTY", f"{year}-06-01", "4", "c", "false", str(2026 - born), str(year - born),
                         str(2026 - year), RULE_SET_VERSION, "CHICAGO POLICE DEPT")
        row += 1
        yield Result(row, ir, "D000000000", number, "720 ILCS 550/4(a)", "automatic", "non_conviction",
                     "Dismissed.", "20 ILCS 2630/5.2(i)(1)", "true", "2023-01-01", f"LAST{case % 5000}", "FIRST",
                     "M", f"{born}-05-17", "COOK", f"{year}-03-01", f"{year}-03-01", "POSS CANNABIS", "C",
                     "DISMISSED", "", "4", "a", "false", "", "", "", RULE_SET_VERSION, "CHICAGO POLICE DEPT")


def info():
    from relief.documents.bundle import BundleInfo
    from relief.law.decisions import RULE_SET_VERSION

    return BundleInfo("bench", "cook-sao", "COOK", "0" * 64, RULE_SET_VERSION,
                      datetime(2026, 11, 25, tzinfo=UTC), date(2026, 11, 25))


def child(mode: str, convictions: int, folder: Path) -> None:
    from relief.documents.bundle import write_bundle
    from relief.documents.orders import render_chunk_orders
    from relief.documents.signing import LocalSigner
    from relief.settings import OfficeSettings

    orders_folder = folder / "orders"
    if mode == "orders":
        orders_folder.mkdir(exist_ok=True)
        for order in render_chunk_orders(synthesise(convictions), OfficeSettings()):
            (orders_folder / order.name).write_bytes(order.pdf)
    elif mode == "assemble":
        orders = [(path.name, path) for path in sorted(orders_folder.iterdir())]
        write_bundle(synthesise(convictions), info(), folder / "bundle.zip", LocalSigner(), orders=orders)
    else:
        write_bundle(synthesise(convictions), info(), folder / "bundle-rendered.zip", LocalSigner())


def measure(mode: str, convictions: int, folder: Path) -> tuple[float, float]:
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, __file__, "--child", mode, str(convictions), str(folder)],
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{mode} {convictions} failed: {process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--convictions", type=int, nargs="+", default=[1_000, 15_000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), Path(args.child[2]))
        return

    print(f"{platform.python_implementation()} {platform.python_version()} on {platform.machine()}, "
          f"best of {args.repeat}")
    print(f"{'convictions':>11} {'cases':>7} {'pass':<17}{'seconds':>9}{'peak MB':>9}{'zip MB':>8}")
    for convictions in args.convictions:
        with tempfile.TemporaryDirectory(prefix="bench-bundle-") as name:
            folder = Path(name)
            cases = len({r.court_case_number for r in synthesise(convictions) if r.decision == "motion"})
            for mode, zip_name in (("orders", None), ("assemble", "bundle.zip"),
                                   ("assemble+render", "bundle-rendered.zip")):
                runs = [measure(mode, convictions, folder) for _ in range(args.repeat)]
                seconds, peak = min(r[0] for r in runs), max(r[1] for r in runs)
                size = f"{(folder / zip_name).stat().st_size / 1e6:8.1f}" if zip_name else f"{'':>8}"
                print(f"{convictions:>11,} {cases:>7,} {mode:<17}{seconds:>9.2f}{peak:>9.0f}{size}")


if __name__ == "__main__":
    main()
