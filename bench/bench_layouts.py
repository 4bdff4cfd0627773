"""Benchmark: `relief evaluate --profile` on a file in a Cook County layout, beside the same number of
rows in the contract's layout.

    python bench/bench_layouts.py [--rows 200000] [--repeat 3]

The layout file repeats the fixture's rows (tests/intake/fixtures/<layout>-sample.csv) with every
identifier made unique per copy, so charges, people and cases scale with the rows. Each run is a
separate process; best wall and CPU time of --repeat runs, peak resident memory (os.wait4).
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
from pathlib import Path

from child import run_child

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
FIXTURES = HERE.parent / "tests" / "intake" / "fixtures"
IDS = {"cook-clerk": ("CASE_NUMBER", "CTLBKNGNO", "STATEPOLICEID", "FGRPRNTNO"),
       "cook-sao": ("CASE_ID", "CASE_PARTICIPANT_ID", "CHARGE_ID", "CHARGE_VERSION_ID")}


def layout_file(layout: str, rows: int) -> Path:
    path = DATA / f"{layout}-{rows}.csv"
    if path.exists():
        return path
    DATA.mkdir(exist_ok=True)
    with open(FIXTURES / f"{layout}-sample.csv", newline="", encoding="utf-8") as stream:
        header, *sample = list(csv.reader(stream))
    at = [header.index(c) for c in IDS[layout]]
    with open(path, "w", newline="", encoding="utf-8") as sink:
        writer = csv.writer(sink)
        writer.writerow(header)
        for n in range(rows):
            row = list(sample[n % len(sample)])
            for i in at:
                if row[i]:
                    row[i] = f"{row[i]}{n // len(sample):07d}"
            writer.writerow(row)
    return path


def measure(command: list[str]) -> tuple[float, float, float]:
    return run_child(command)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    relief = str(Path(sys.executable).parent / "relief")
    contract = DATA / f"isp-{args.rows}.csv"
    if not contract.exists():
        DATA.mkdir(exist_ok=True)
        subprocess.run([relief, "generate", "--rows", str(args.rows), "--seed", "7", "-o", str(contract)], check=True,
                       stderr=subprocess.DEVNULL)
    runs = [("isp", contract), *((layout, layout_file(layout, args.rows)) for layout in IDS)]
    print("| layout | rows | seconds | rows/s | peak MB | CPU s |\n|---|---:|---:|---:|---:|---:|")
    for layout, path in runs:
        best = min((measure([relief, "evaluate", str(path), "-o", str(DATA / "out.csv"), "--profile", layout,
                             "--as-of", "2026-01-15"]) for _ in range(args.repeat)), key=lambda m: m[0])
        seconds, peak, cpu = best
        print(f"| {layout} | {args.rows:,} | {seconds:.2f} | {args.rows / seconds:,.0f} | {peak:.0f} | {cpu:.2f} |")


if __name__ == "__main__":
    main()
