"""Benchmark: assembling a county's signed filing bundle, and rendering its proposed orders.

    python bench/bench_bundle.py [--convictions 1000 15000] [--repeat 1]

Results are synthesised: N `motion` convictions over realistic court case numbers, 1-3 charges per
case (one person each), plus one non-motion charge per case so the spreadsheets have work; the office
settings are filled in (no DRAFT). Each pass is a child
process; wall time is measured around it and peak memory is the child's own maximum resident set
size (os.wait4).

  orders             render every proposed order to files; ms/order is rendering and writing each order,
                     wall and CPU (the process start and the font's first load excluded); CPU time varies
                     less when other work shares the machine
  assemble           write_bundle with those pre-rendered orders copied in (what a revision does with
                     the orders it keeps)
  assemble+render    write_bundle rendering the orders itself (a volume's assembler: the pipeline's work)
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from child import run_child

# The office's answer columns, empty: the rules' decision is the one in force (final_decision).
ANSWERLESS = {"answer_decision": "", "answered_by": "", "answered_on": "", "answer_note": ""}


def synthesise(convictions: int, seed: int = 7):
    """Results in row order: cases of 1-3 `motion` charges of one person, each followed by a dismissed charge."""
    from relief.evaluation.results import Result
    from relief.law.decisions import RULE_SET_VERSION

    rng = random.Random(seed)
    row = made = 0
    case = 0
    kinds = ("CM", "CF", "C", "MC")
    agencies = (("CHICAGO POLICE DEPT", "CHICAGO POLICE DEPT"), ("IL0160000", "Cook County Sheriff's Office"),
                ("ILCPD0000", "Chicago Police Department"))
    while made < convictions:
        case += 1
        year = rng.randint(1975, 2019)
        number = rng.choice((f"{year}{rng.choice(kinds)}{rng.randint(1, 999999):06d}",
                             f"{year}-{rng.choice(kinds)}-{rng.randint(1, 99999)}",
                             f"{year % 100:02d} C {rng.randint(1, 999999)}"))
        ir = f"IR{rng.randint(10_000_000, 99_999_999)}"
        born = rng.randint(1940, 2000)
        agency, agency_name = rng.choice(agencies)
        person = dict(ir_number=ir, court_case_number=number, last_name=f"LAST{case % 5000}", first_name="FIRST",
                      middle_name="M", date_of_birth=f"{born}-05-17", county="COOK", arrest_date=f"{year}-03-01",
                      offense_date=f"{year}-03-01", rule_set_version=RULE_SET_VERSION, arresting_agency=agency,
                      arresting_agency_name=agency_name, sex="M", race="W", section="4", violent_association="false",
                      minor_cannabis_offense="true", authority="20 ILCS 2630/5.2(i)(3)", rule="18")
        for count in range(1, min(rng.choice((1, 1, 2, 2, 3)), convictions - made) + 1):
            row += 1
            made += 1
            yield Result(row_number=row, dcn=f"D{rng.randint(100_000_000, 999_999_999)}", statute="720 ILCS 550/4(c)",
                         decision="motion", reason="possession_up_to_500g",
                         explanation="Conviction for Section 4(c) possession ...", expunge_by="",
                         offense_description="POSS CANNABIS 10-30 GRAMS", offense_class="A", disposition="GUILTY",
                         disposition_date=f"{year}-06-01", subsection="c", age_now=str(2026 - born),
                         age_at_offense=str(year - born), years_since_conviction=str(2026 - year),
                         charge_number=str(count), statute_canonical="720 ILCS 550/4(c)", charge_id=f"C{row:016x}",
                         **ANSWERLESS, final_decision="motion", **person)
        row += 1
        yield Result(row_number=row, dcn="D000000000", statute="720 ILCS 550/4(a)", decision="automatic",
                     reason="non_conviction", explanation="Dismissed.", expunge_by="2023-01-01",
                     offense_description="POSS CANNABIS", offense_class="C", disposition="DISMISSED",
                     disposition_date="", subsection="a", age_now="", age_at_offense="", years_since_conviction="",
                     charge_number="1", statute_canonical="720 ILCS 550/4(a)", charge_id=f"C{row:016x}",
                     **ANSWERLESS, final_decision="automatic",
                     **{**person, "authority": "20 ILCS 2630/5.2(i)(1)", "rule": "13"})


def settings():
    """A filled-in signature block: the papers are not drafts."""
    from relief.settings import OfficeSettings, SignatureBlock

    return OfficeSettings(office_name="Office of the Cook County State's Attorney", county="Cook",
                          signature=SignatureBlock(attorney="A. Prosecutor", address=("50 W. Washington St.",
                                                                                      "Chicago, IL 60602"),
                                                   phone="312-555-0100", ardc_number="6300000"))


def info():
    from relief.documents.bundle import BundleInfo
    from relief.law.decisions import RULE_SET_VERSION

    return BundleInfo("bench", "cook-sao", "COOK", "0" * 64, RULE_SET_VERSION,
                      datetime(2026, 11, 25, tzinfo=UTC), date(2026, 11, 25), settings())


def child(mode: str, convictions: int, folder: Path) -> None:
    from relief.documents.bundle import write_bundle
    from relief.documents.orders import render_chunk_orders
    from relief.documents.signing import LocalSigner

    orders_folder = folder / "orders"
    if mode == "orders":
        orders_folder.mkdir(exist_ok=True)
        from relief.documents.fonts import BOLD, REGULAR, face

        for style in (REGULAR, BOLD):  # each process parses the font once, before its first order
            face(style).embedding(())
        created = datetime(2026, 11, 25, tzinfo=UTC)
        results = list(synthesise(convictions))
        started, cpu = time.perf_counter(), time.process_time()
        count = 0
        for order in render_chunk_orders(results, settings(), created=created):
            (orders_folder / order.name).write_bytes(order.pdf)
            count += 1
        wall_ms = (time.perf_counter() - started) * 1000 / max(count, 1)
        cpu_ms = (time.process_time() - cpu) * 1000 / max(count, 1)
        (folder / "orders-ms").write_text(f"{wall_ms:.2f} / {cpu_ms:.2f}")
    elif mode == "assemble":
        orders = [(path.name, path) for path in sorted(orders_folder.iterdir())]
        write_bundle(synthesise(convictions), info(), folder / "bundle.zip", LocalSigner(), orders=orders)
    else:
        write_bundle(synthesise(convictions), info(), folder / "bundle-rendered.zip", LocalSigner())


def measure(mode: str, convictions: int, folder: Path) -> tuple[float, float, float]:
    return run_child([sys.executable, __file__, "--child", mode, str(convictions), str(folder)])


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
    print(f"{'convictions':>11} {'orders':>7} {'pass':<17}{'seconds':>9}{'CPU s':>8}{'peak MB':>9}{'zip MB':>8}"
          f"  ms/order (wall / CPU)")
    for convictions in args.convictions:
        with tempfile.TemporaryDirectory(prefix="bench-bundle-") as name:
            folder = Path(name)
            cases = len({(r.court_case_number, r.ir_number) for r in synthesise(convictions)
                         if r.decision == "motion"})
            for mode, zip_name in (("orders", None), ("assemble", "bundle.zip"),
                                   ("assemble+render", "bundle-rendered.zip")):
                runs = [measure(mode, convictions, folder) for _ in range(args.repeat)]
                seconds, peak, cpu = min(r[0] for r in runs), max(r[1] for r in runs), min(r[2] for r in runs)
                size = f"{(folder / zip_name).stat().st_size / 1e6:8.1f}" if zip_name else f"{'':>8}"
                per_order = (folder / "orders-ms").read_text() if mode == "orders" else ""
                print(f"{convictions:>11,} {cases:>7,} {mode:<17}{seconds:>9.2f}{cpu:>8.2f}{peak:>9.0f}{size}  "
                      f"{per_order}")


if __name__ == "__main__":
    main()
