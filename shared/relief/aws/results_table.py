"""The results table: one item per charge, spread over one partition per person.

Key: pk "<job>#<IR number>" (a million-row job writes to as many partitions as it has people, so
no partition runs hot), sort key the row number. The sparse GSI "by_case" keyed "<job>#<county>#
<court case number>" finds one court case of a job.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ..evaluation.results import Result, result_from_cells
from ..law.cases import court_case
from ..pipeline.keys import (
    RESULTS_CASE_INDEX,
    RESULTS_CASE_PK,
    RESULTS_PK,
    RESULTS_SK,
    TTL_ATTRIBUTE,
    case_item_key,
    person_item_key,
)

_BATCH = 25  # BatchWriteItem's limit
_MAX_ROUNDS = 8
_WRITERS = 8  # concurrent BatchWriteItem calls per evaluator (boto3 clients are thread-safe)


class _Items:
    """Results made table items: each result one CSV line (about 400 bytes: one write unit) beside the
    two fields an admin filters on; ResultsTable reads it back whole. One CSV writer for every line
    (a writer per result was most of the cost of making the items)."""

    def __init__(self, job_id: str, expires_at: int | None):
        self.job_id = job_id
        self.expires = {TTL_ATTRIBUTE: {"N": str(expires_at)}} if expires_at is not None else {}
        self._line = io.StringIO()
        self._writer = csv.writer(self._line, lineterminator="")

    def item(self, result: Result) -> dict:
        line = self._line
        line.seek(0)
        line.truncate()
        self._writer.writerow(result[1:])
        item = {RESULTS_PK: {"S": person_item_key(self.job_id, result.ir_number, result.row_number)},
                RESULTS_SK: {"N": str(result.row_number)},
                "decision": {"S": result.decision}, "reason": {"S": result.reason},
                "result": {"S": line.getvalue()}}
        case = court_case(result.county, result.court_case_number)
        if case is not None:
            item[RESULTS_CASE_PK] = {"S": case_item_key(self.job_id, case)}
        item.update(self.expires)  # epoch seconds: DynamoDB's TTL deletes the item after it
        return item


def _result(item: dict) -> Result:
    fields = next(csv.reader([item["result"]["S"]]))
    return result_from_cells([item[RESULTS_SK]["N"], *fields])


class ResultsTable:
    def __init__(self, dynamodb: Any, table: str):
        self.db = dynamodb
        self.table = table

    def put(self, job_id: str, results: Iterable[Result], expires_at: int | None = None) -> int:
        """Write results (a re-delivered chunk overwrites the same items), each expiring at `expires_at`
        (epoch seconds) when given. Returns how many.

        Batches go out from a few threads: a chunk is a few hundred round trips, and waiting on
        them one at a time would be most of an evaluator's time in AWS.
        """
        items = _Items(job_id, expires_at)
        requests = [{"PutRequest": {"Item": items.item(result)}} for result in results]
        batches = [requests[start:start + _BATCH] for start in range(0, len(requests), _BATCH)]
        if len(batches) <= 1:
            return sum(map(self._write, batches))
        with ThreadPoolExecutor(max_workers=_WRITERS, thread_name_prefix="results-writer") as pool:
            return sum(pool.map(self._write, batches))

    def person(self, job_id: str, ir_number: str) -> list[Result]:
        return list(self._query(KeyConditionExpression=f"{RESULTS_PK} = :key",
                                ExpressionAttributeValues={":key": {"S": person_item_key(job_id, ir_number, 0)}}))

    def case(self, job_id: str, county: str, court_case_number: str) -> list[Result]:
        case = court_case(county, court_case_number)
        if case is None:
            return []
        return list(self._query(IndexName=RESULTS_CASE_INDEX, KeyConditionExpression=f"{RESULTS_CASE_PK} = :key",
                                ExpressionAttributeValues={":key": {"S": case_item_key(job_id, case)}}))

    def _query(self, **arguments: Any) -> Iterator[Result]:
        for page in self.db.get_paginator("query").paginate(TableName=self.table, **arguments):
            yield from (_result(item) for item in page["Items"])

    def _write(self, requests: list[dict]) -> int:
        pending = requests
        for round_ in range(_MAX_ROUNDS):
            unprocessed = self.db.batch_write_item(RequestItems={self.table: pending}).get("UnprocessedItems", {})
            pending = unprocessed.get(self.table, [])
            if not pending:
                return len(requests)
            time.sleep(min(2.0, 0.05 * 2**round_))  # throttled: back off, then retry what was left
        raise RuntimeError(f"DynamoDB left {len(pending)} result item(s) unwritten after {_MAX_ROUNDS} attempts")
