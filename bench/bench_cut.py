"""Benchmark: the assembler's cut alone (merge the result parts in row order, results.csv, the charge
index, summary.json, the volumes' results stored), without moto: the serial step between the last
chunk and the volumes, as it costs the assembler itself on AWS (S3's transfer time aside).

    python bench/bench_cut.py [--rows 100000] [--seed 7] [--chunks 20]

The generated file is decided (`relief evaluate`) and its results spread over --chunks result parts
by person, as the splitter and the evaluators would leave them; the objects are kept in a dict, so
every S3 call costs nothing but the copy. Prints wall and CPU seconds and µs per row.
"""

from __future__ import annotations

import argparse
import io
import shutil
import tempfile
import time
import zlib
from datetime import UTC, date, datetime
from pathlib import Path

from child import generated


class Objects:
    """An object store in memory: what the cut reads and writes, at no cost but the copy."""

    def __init__(self) -> None:
        self.data: dict[tuple[str, str], bytes] = {}

    def get(self, bucket: str, key: str, version_id: str = "") -> bytes:
        return self.data[(bucket, key)]

    def put(self, bucket: str, key: str, body: bytes, content_type: str = "") -> None:
        self.data[(bucket, key)] = body

    def upload_file(self, path: str, bucket: str, key: str, content_type: str) -> None:
        self.data[(bucket, key)] = Path(path).read_bytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--chunks", type=int, default=20)
    args = parser.parse_args()

    from relief.evaluation.file import evaluate_file
    from relief.evaluation.results import result_from_cells
    from relief.pipeline import assemble
    from relief.pipeline.environment import Environment
    from relief.pipeline.jobs import Job, JobStatus
    from relief.pipeline.keys import result_part_key
    from relief.pipeline.result_parts import write_part
    from relief.pipeline.services import Services
    from relief.settings import OfficeSettings

    source = generated(args.rows, args.seed)
    text = io.StringIO()
    evaluate_file(source, text, OfficeSettings(), date(2026, 12, 2))
    import csv

    text.seek(0)
    reader = csv.reader(text)
    next(reader)
    parts: list[list] = [[] for _ in range(args.chunks)]
    for cells in reader:
        result = result_from_cells(cells)
        parts[zlib.crc32(result.ir_number.strip().upper().encode()) % args.chunks].append(result)

    env = Environment(intake_bucket="intake", output_bucket="output", jobs_table="jobs", results_table="results",
                      idempotency_table="idempotency", chunk_queue_url="", assemble_queue_url="")
    objects = Objects()
    for chunk, results in enumerate(parts, start=1):
        objects.put("intake", result_part_key("job", chunk), write_part(results))
    now = datetime(2026, 12, 2, tzinfo=UTC)
    job = Job(job_id="job", status=JobStatus.ASSEMBLING, office="bench", bucket="intake", key="incoming/bench/f.csv",
              as_of=now.date(), created_at=now, updated_at=now, rows_read=args.rows, rows_decided=args.rows,
              chunk_total=args.chunks, settings_pinned=True)
    services = Services(env=env, objects=objects, jobs=None, results=None, messages=None,  # type: ignore[arg-type]
                        signer=None, clock=lambda: now)  # type: ignore[arg-type]
    folder = Path(tempfile.mkdtemp(prefix="relief-bench-cut-"))
    try:
        started, cpu = time.perf_counter(), time.process_time()
        _, volumes = assemble._cut(services, job, folder)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        shutil.rmtree(folder)
    print(f"cut of {args.rows:,} rows in {args.chunks} parts into {len(volumes)} volumes: {wall:.2f} s wall, "
          f"{cpu:.2f} s CPU, {cpu / args.rows * 1e6:.0f} µs CPU per row")


if __name__ == "__main__":
    main()
