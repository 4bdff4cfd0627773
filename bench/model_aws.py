"""A model of one job on AWS: end-to-end time and cost per job, from the per-stage times measured here.

    python bench/model_aws.py [--rows 10000 100000 1000000] [--max-concurrency 50] [--pollers MIN MAX]
                              [--evaluate-memory 1024] [--assemble-concurrency 5] [--volume-size 5000]

Nothing here is measured on AWS: the stage times are CPU times measured on this machine (one core,
moto) with the commands named beside them, scaled to a Lambda's share of a vCPU (1,769 MB buys
one), plus the AWS request latencies assumed below. Time:

- split: one invocation streams the upload and writes the chunks (time per row, measured);
- evaluate: the chunks are on the queue when the split ends (it uploads them last). Lambda's SQS
  event source starts with 5 concurrent invocations and adds up to 300 a minute, to at most
  1,250 per queue and the function's reserved concurrency (relief:evaluateMaxConcurrency); with
  provisioned pollers (relief:evaluatePollers MIN,MAX) it starts at MIN pollers' invocations and adds
  up to 1,000 a minute, up to MAX pollers'. An invocation takes up to EVALUATE_BATCH_SIZE chunks,
  one after another. Simulated in steps of 0.1 s;
- assemble: one invocation merges the job's results and cuts it into volumes of at most
  --volume-size convictions (one per county at least; the cut's time per row, measured); then each
  volume is its own invocation (its motion, orders and signed bundle; the largest volume's time,
  measured, scaled by its convictions), under Lambda's standard SQS scaling up to the assembler's
  concurrency (relief:assembleMaxConcurrency).

Cost: Lambda GB-seconds and requests, DynamoDB on-demand writes (the results table and its case
index, the jobs and idempotency tables), SQS requests, S3 requests and KMS signs, at the
us-east-1 prices in PRICES (dated). Storage, logs and the stack's fixed monthly costs (KMS keys,
alarms, trail) are left out: they do not grow with a job.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass

# --- measured on this machine (2 cores, CPython 3.11.7; CPU ms so the load of others counts less) -------
# `python bench/bench_chunk.py --cpu --repeat 3`, 2026-12-02, load average 1.1: warm-chunk medians for one
# 5,000-row chunk. RESULTS_WRITE is the evaluator's own share (botocore making the requests); moto's
# emulation of DynamoDB (about 960 ms more) is not spent on AWS, where the requests' latency is (below).
# The proposed orders are no longer rendered here: each volume's assembler renders its own.
CHUNK_ROWS = 5_000
CHUNK_CPU_MS = {
    "ChunkReadMs": 31,
    "ChunkDecideMs": 208,
    "ResultsWriteMs": 463,
    "ResultPartEncodeMs": 63,
}
# `python bench/bench_run.py --rows 1000000 --workers 2 1` (README, 2026-12-02): the split of a 1M-row
# file, and the volumes: 86 for 1M rows, the largest (a full volume of VOLUME_SIZE_MEASURED convictions)
# built in VOLUME_MAX_MS: motion, orders, spreadsheets and signing, moto's S3 included (an upper bound).
# `python bench/bench_cut.py --rows 1000000`: the assembler's cut, its own CPU (no S3); the bytes it
# moves per row (result parts in, results.csv, the index and the volumes' results out) cross S3 at
# S3_MB_PER_S.
SPLIT_MS_PER_ROW = 15.8e3 / 1_000_000
CUT_CPU_MS_PER_ROW = 31 / 1000  # 30.7 CPU s for 1,000,000 rows, 2026-12-02, load average 1.0
CUT_BYTES_PER_ROW = 500 + 100 + 100 + 10
S3_MB_PER_S = 100  # one Lambda's throughput to S3 (multipart, a few streams)
VOLUME_MAX_MS, VOLUME_SIZE_MEASURED = 3_930, 5_000
# Convictions (what a volume's size counts) in the generated 1M-row file: 369,483 (125,758 of them in a motion).
CONVICTIONS_PER_ROW = 369_483 / 1_000_000
COUNTIES = 21  # counties with convictions in the generated 1M-row file (fewer in a small file)
LARGEST_COUNTY_SHARE = 256_617 / 369_483  # Cook's convictions: its volumes are the largest

# --- assumed AWS latencies -----------------------------------------------------------------------------
LAMBDA_FULL_VCPU_MB = 1_769
BATCH_WRITE_MS = 15  # one BatchWriteItem of 25 items
RESULT_WRITERS = 8  # aws.results_table._WRITERS: batches in flight per evaluator
S3_PUT_MS, S3_GET_MS = 60, 30
DYNAMODB_CALL_MS = 8  # a GetItem or a conditional UpdateItem
CHUNK_BOOKKEEPING_CALLS = 6  # job read, idempotency record in and out, the count, the hand-off check
COLD_START_S = 1.5  # a new container: Python, the layer, fonts (not measured on AWS)
QUEUE_HOP_S = 0.5  # a message sent until an event source's long poll returns it
STANDARD_START, STANDARD_RAMP_PER_MIN, STANDARD_MAX = 5, 300, 1_250
PROVISIONED_RAMP_PER_MIN, INVOKES_PER_POLLER = 1_000, 10
EVALUATE_BATCH_SIZE = 5  # relief.pipeline.environment.EVALUATE_BATCH_SIZE
SPLIT_MB, ASSEMBLE_MB = 2_048, 2_048  # infra/functions.py SIZING

# --- prices: us-east-1, on-demand, as published on 2026-12-02 (checked against AWS pricing pages) -------
PRICES_DATE = "2026-12-02"
PRICES = {
    "lambda_gb_s": 0.0000166667,  # x86_64, first tier
    "lambda_request": 0.20 / 1e6,
    "dynamodb_write_unit": 0.625 / 1e6,  # on-demand write request unit (1 KB)
    "sqs_request": 0.40 / 1e6,  # standard queue, per 64 KB request
    "s3_put": 0.005 / 1e3,  # PUT, COPY, POST, LIST
    "s3_get": 0.0004 / 1e3,
    "kms_sign": 0.15 / 1e4,  # asymmetric request (ECC Sign); symmetric requests are $0.03 / 10,000
    "provisioned_poller_hour": 0.185,  # ASSUMED: the event poller unit price of Kafka ESMs; check before use
}


@dataclass(frozen=True)
class Scaling:
    start: int
    ramp_per_min: int
    limit: int


def standard(max_concurrency: int) -> Scaling:
    return Scaling(min(STANDARD_START, max_concurrency), STANDARD_RAMP_PER_MIN, min(STANDARD_MAX, max_concurrency))


def provisioned(min_pollers: int, max_pollers: int, reserved: int) -> Scaling:
    return Scaling(min(min_pollers * INVOKES_PER_POLLER, reserved), PROVISIONED_RAMP_PER_MIN,
                   min(max_pollers * INVOKES_PER_POLLER, reserved))


def lambda_seconds(cpu_ms: float, memory_mb: int) -> float:
    """Seconds a Lambda of `memory_mb` takes for `cpu_ms` of one core's work (a share of a vCPU below 1,769 MB)."""
    return cpu_ms / 1000 * max(1.0, LAMBDA_FULL_VCPU_MB / memory_mb)


def chunk_seconds(rows: int, memory_mb: int) -> float:
    """One chunk of `rows` rows on an evaluator: its CPU work plus the requests it waits on."""
    scale = rows / CHUNK_ROWS
    cpu = lambda_seconds(sum(CHUNK_CPU_MS.values()) * scale, memory_mb)
    writes = math.ceil(rows / 25 / RESULT_WRITERS) * BATCH_WRITE_MS / 1000
    requests = (S3_GET_MS + 2 * S3_PUT_MS + CHUNK_BOOKKEEPING_CALLS * DYNAMODB_CALL_MS) / 1000
    return cpu + writes + requests


def fan_out(tasks: int, task_seconds: float, scaling: Scaling, batch: int = 1, step: float = 0.1) -> tuple[float, int]:
    """(seconds until every task is done, invocations) with concurrency growing as `scaling` says; an
    invocation takes up to `batch` tasks and runs them one after another. Every new invocation pays a
    cold start until as many containers exist as the concurrency reached (then they are reused)."""
    if tasks == 0:
        return 0.0, 0
    clock, waiting, running, invocations, containers = 0.0, tasks, [], 0, 0
    while waiting or running:
        allowed = min(scaling.limit, scaling.start + int(scaling.ramp_per_min * clock / 60))
        running = [end for end in running if end > clock]
        while waiting and len(running) < allowed:
            taken = min(batch, waiting)
            waiting -= taken
            cold = COLD_START_S if len(running) >= containers else 0.0
            containers = max(containers, len(running) + 1)
            running.append(clock + cold + taken * task_seconds)
            invocations += 1
        if not waiting:
            return max(running), invocations
        clock += step
    return clock, invocations


@dataclass(frozen=True)
class Job:
    rows: int
    seconds: dict[str, float]
    cost: dict[str, float]

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())

    @property
    def total_cost(self) -> float:
        return sum(self.cost.values())


def model(rows: int, scaling: Scaling, evaluate_mb: int, assemble_concurrency: int, volume_size: int,
          pollers: tuple[int, int] | None, evaluate_batch: int = EVALUATE_BATCH_SIZE) -> Job:
    chunks = max(1, math.ceil(rows / CHUNK_ROWS))
    chunk_rows = rows / chunks
    convictions = round(rows * CONVICTIONS_PER_ROW)
    counties = min(COUNTIES, max(1, convictions))
    volumes = max(counties, math.ceil(convictions / volume_size) + counties - 1)  # a part-full volume per county
    # the volume that sets the pace when they run side by side: a full one, or all of the largest county
    largest = min(volume_size, round(convictions * LARGEST_COUNTY_SHARE))

    split_s = COLD_START_S + lambda_seconds(rows * SPLIT_MS_PER_ROW, SPLIT_MB) + chunks * S3_PUT_MS / 1000 / 8
    one_chunk = chunk_seconds(round(chunk_rows), evaluate_mb)
    evaluate_s, evaluate_invocations = fan_out(chunks, one_chunk, scaling, evaluate_batch)
    cut_s = (COLD_START_S + lambda_seconds(rows * CUT_CPU_MS_PER_ROW, ASSEMBLE_MB)
             + rows * CUT_BYTES_PER_ROW / (S3_MB_PER_S * 1e6))
    one_volume = lambda_seconds(largest / VOLUME_SIZE_MEASURED * VOLUME_MAX_MS, ASSEMBLE_MB) + 2 * S3_PUT_MS / 1000
    volumes_s, _ = fan_out(volumes, one_volume, standard(assemble_concurrency))
    seconds = {"queues": 4 * QUEUE_HOP_S, "split": split_s, "evaluate": evaluate_s, "cut": cut_s,
               "volumes": volumes_s}

    gb_s = (split_s * SPLIT_MB + (chunks * one_chunk + evaluate_invocations * COLD_START_S) * evaluate_mb
            + (cut_s + volumes * one_volume) * ASSEMBLE_MB) / 1024
    with_case = rows  # nearly every charge has a court case number: a second write, to the case index
    write_units = rows + with_case + chunks * 4 + volumes * 3  # results, index, idempotency + job counts
    sqs_requests = 3 * (1 + math.ceil(chunks / 10) + volumes) + 2 * (chunks + volumes)  # send, receive, delete
    s3_puts = chunks * 2 + volumes * 4 + 5  # chunk, result part; volume results, bundle parts; job outputs, index
    s3_gets = chunks * 2 + volumes * 3 + 1  # chunk, result part; a volume's results, plan, settings
    provisioned_hours = (pollers[0] * (sum(seconds.values()) / 3600)) if pollers else 0.0
    cost = {
        "Lambda": gb_s * PRICES["lambda_gb_s"] + (1 + evaluate_invocations + volumes) * PRICES["lambda_request"],
        "DynamoDB": write_units * PRICES["dynamodb_write_unit"],
        "SQS": sqs_requests * PRICES["sqs_request"],
        "S3": s3_puts * PRICES["s3_put"] + s3_gets * PRICES["s3_get"],
        "KMS": (volumes + 1) * PRICES["kms_sign"],
        "pollers": provisioned_hours * PRICES["provisioned_poller_hour"],
    }
    return Job(rows, seconds, cost)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--max-concurrency", type=int, default=50, help="relief:evaluateMaxConcurrency")
    parser.add_argument("--pollers", type=int, nargs=2, metavar=("MIN", "MAX"), default=None,
                        help="relief:evaluatePollers: provisioned pollers of the evaluator's event source")
    parser.add_argument("--evaluate-memory", type=int, default=1_024, help="the evaluator's memory, MB")
    parser.add_argument("--assemble-concurrency", type=int, default=20, help="relief:assembleMaxConcurrency")
    parser.add_argument("--volume-size", type=int, default=5_000, help="relief:volumeSize")
    parser.add_argument("--evaluate-batch", type=int, default=EVALUATE_BATCH_SIZE,
                        help="chunks per evaluator invocation (the event source's batch size)")
    args = parser.parse_args()

    pollers = tuple(args.pollers) if args.pollers else None
    scaling = (provisioned(pollers[0], pollers[1], args.max_concurrency) if pollers
               else standard(args.max_concurrency))
    mode = f"pollers {pollers[0]}-{pollers[1]}" if pollers else "standard scaling"
    print(f"# model: evaluators {args.evaluate_memory} MB, concurrency {args.max_concurrency}, "
          f"{mode}, {args.evaluate_batch} chunk(s) an invocation, assemblers {args.assemble_concurrency}, "
          f"volumes of {args.volume_size:,}; prices us-east-1 as of {PRICES_DATE}")
    print("| rows | split s | evaluate s | cut s | volumes s | queues s | end to end s | Lambda $ | DynamoDB $ "
          "| SQS $ | S3 $ | KMS $ | pollers $ | per job $ |")
    print("|---:|" + "---:|" * 13)
    for rows in args.rows:
        job = model(rows, scaling, args.evaluate_memory, args.assemble_concurrency, args.volume_size, pollers,
                    args.evaluate_batch)
        s, c = job.seconds, job.cost
        print(f"| {rows:,} | {s['split']:.1f} | {s['evaluate']:.1f} | {s['cut']:.1f} | {s['volumes']:.1f} "
              f"| {s['queues']:.1f} "
              f"| {job.total_seconds:.1f} | {c['Lambda']:.4f} | {c['DynamoDB']:.4f} | {c['SQS']:.5f} | {c['S3']:.4f} "
              f"| {c['KMS']:.5f} | {c['pollers']:.4f} | {job.total_cost:.4f} |")
    if pollers:
        # The job's share above is its minutes; the minimum pollers bill every hour, a job or not.
        print(f"# provisioned pollers: {pollers[0]} minimum bill about "
              f"${pollers[0] * 730 * PRICES['provisioned_poller_hour']:,.0f} a month, jobs or not (assumed price)")


if __name__ == "__main__":
    main()
