"""The jobs table: one item per job and one per finished chunk, every state change a conditional write.

Conditions, not reads-then-writes, are what make the pipeline safe under at-least-once delivery:
a chunk is counted once (a transaction puts its marker item only if absent and adds its counts
to the job), and the job moves to ASSEMBLING once, by whichever evaluator finishes the last chunk.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

from ..law.decisions import DECISIONS
from ..pipeline.environment import BOOKKEEPING_DAYS
from ..pipeline.jobs import REVISION_LEASE, ChunkMark, Job, JobStatus, VolumeMark
from ..pipeline.keys import (
    JOB_SK,
    JOBS_PK,
    JOBS_SK,
    TTL_ATTRIBUTE,
    UNFINISHED,
    UNFINISHED_INDEX,
    UNFINISHED_KEY,
    VOLUME_ITEM_PREFIX,
    chunk_item_sort_key,
    job_item_key,
    volume_item_sort_key,
)

_SERIALIZER = TypeSerializer()
_DESERIALIZER = TypeDeserializer()


def _key(job_id: str, sk: str = JOB_SK) -> dict:
    return {JOBS_PK: {"S": job_item_key(job_id)}, JOBS_SK: {"S": sk}}


def _values(**values: Any) -> dict:
    return {f":{name}": _SERIALIZER.serialize(value) for name, value in values.items()}


def _plain(value: Any) -> Any:
    """DynamoDB numbers come back as Decimal; the job's are all whole."""
    return int(value) if isinstance(value, Decimal) else value


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


class JobsTable:
    def __init__(self, dynamodb: Any, table: str):
        self.db = dynamodb
        self.table = table

    # --- reading -------------------------------------------------------------------------------

    def get(self, job_id: str) -> Job | None:
        item = self.db.get_item(TableName=self.table, Key=_key(job_id), ConsistentRead=True).get("Item")
        if item is None:
            return None
        data = {name: _plain(_DESERIALIZER.deserialize(value)) for name, value in item.items()}
        data["bundle_versions"] = {name: _plain(n) for name, n in dict(data.get("bundle_versions") or {}).items()}
        data["decisions"] = {d: data.get(f"decided_{d}", 0) for d in DECISIONS}
        data["failed_chunks"] = tuple(sorted(data.get("failed_chunks", ())))
        return Job.model_validate({k: v for k, v in data.items() if k in Job.model_fields})

    def unfinished(self) -> list[Job]:
        """Every job not yet COMPLETE or FAILED, from the sparse index (a few, however many jobs ran)."""
        ids = []
        for page in self.db.get_paginator("query").paginate(
                TableName=self.table, IndexName=UNFINISHED_INDEX, KeyConditionExpression="#key = :unfinished",
                ExpressionAttributeNames={"#key": UNFINISHED_KEY},
                ExpressionAttributeValues={":unfinished": {"S": UNFINISHED}}):
            ids += [item[JOBS_PK]["S"].removeprefix(job_item_key("")) for item in page["Items"]
                    if item.get(JOBS_SK, {}).get("S") == JOB_SK]
        jobs = (self.get(job_id) for job_id in ids)
        return [job for job in jobs if job is not None and not job.status.finished]

    # --- state changes -------------------------------------------------------------------------

    def create(self, job: Job) -> bool:
        """Record a new job; False when a job with this id already exists (a duplicate event)."""
        item = {name: _SERIALIZER.serialize(value) for name, value in _job_attributes(job).items()}
        if not job.status.finished:
            item[UNFINISHED_KEY] = {"S": UNFINISHED}
        try:
            self.db.put_item(TableName=self.table, Item={**_key(job.job_id), **item},
                             ConditionExpression=f"attribute_not_exists({JOBS_PK})")
        except self.db.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def claim(self, job_id: str, start: JobStatus, working: JobStatus, lease_field: str,
              now: datetime, lease: timedelta) -> bool:
        """Move start -> working, or take over `working` when its lease ran out (the worker died).

        A second delivery of the same message finds the job working under a live lease and backs off.
        """
        lease_free = f"(#status = :working AND (attribute_not_exists({lease_field}) OR {lease_field} < :stale))"
        values = dict(working=working.value, now=_iso(now), stale=_iso(now - lease))
        condition = lease_free
        if start is not working:
            condition, values["start"] = f"#status = :start OR {lease_free}", start.value
        try:
            self.db.update_item(
                TableName=self.table, Key=_key(job_id),
                UpdateExpression=f"SET #status = :working, {lease_field} = :now, updated_at = :now",
                ConditionExpression=condition, ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues=_values(**values))
        except self.db.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def release(self, job_id: str, working: JobStatus, lease_field: str) -> bool:
        """The worker failed with an error: its lease ends now, for the retry to take the job over."""
        try:
            self.db.update_item(
                TableName=self.table, Key=_key(job_id), UpdateExpression=f"REMOVE {lease_field}",
                ConditionExpression="#status = :working", ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues=_values(working=working.value))
        except self.db.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def split_done(self, job_id: str, now: datetime, *, chunk_total: int, rows_read: int, source_sha256: str,
                   encoding: str, delimiter: str, blank_lines: int = 0, settings_sha256: str = "",
                   settings_version_id: str = "", profile_sha256: str = "", profile_version_id: str = "") -> bool:
        return self._update(job_id, JobStatus.SPLITTING, JobStatus.EVALUATING, now,
                            chunk_total=chunk_total, rows_read=rows_read, source_sha256=source_sha256,
                            encoding=encoding, delimiter=delimiter, blank_lines=blank_lines,
                            settings_pinned=True, settings_sha256=settings_sha256,
                            settings_version_id=settings_version_id, profile_sha256=profile_sha256,
                            profile_version_id=profile_version_id)

    def mark_chunk(self, job_id: str, chunk: int, now: datetime, *, decided: int, rejected: int,
                   decisions: dict[str, int]) -> ChunkMark:
        """Count a finished chunk into its job, exactly once."""
        expires = int((now + timedelta(days=BOOKKEEPING_DAYS)).timestamp())
        additions = {f"decided_{d}": decisions.get(d, 0) for d in DECISIONS}
        add = ", ".join(f"{name} :{name}" for name in additions)
        return self._mark([
                {"Put": {"TableName": self.table,
                         "Item": {**_key(job_id, chunk_item_sort_key(chunk)),
                                  **{k: _SERIALIZER.serialize(v) for k, v in dict(
                                      chunk=chunk, rows_decided=decided, rows_rejected=rejected, finished_at=_iso(now),
                                      **{TTL_ATTRIBUTE: expires}, **additions).items()}},
                         "ConditionExpression": f"attribute_not_exists({JOBS_PK})"}},
                {"Update": {"TableName": self.table, "Key": _key(job_id),
                            "UpdateExpression": f"ADD chunks_done :one, chunks_accounted :one, rows_decided :decided, "
                                                f"rows_rejected :rejected, {add} SET updated_at = :now",
                            "ConditionExpression": "#status = :evaluating",
                            "ExpressionAttributeNames": {"#status": "status"},
                            "ExpressionAttributeValues": _values(one=1, decided=decided, rejected=rejected,
                                                                 now=_iso(now),
                                                                 evaluating=JobStatus.EVALUATING.value,
                                                                 **additions)}},
        ])

    def mark_chunk_failed(self, job_id: str, chunk: int, now: datetime, error_type: str) -> ChunkMark:
        """Record, exactly once, that a chunk failed on its last delivery. The job goes on evaluating
        its other chunks, so nothing else is lost; `fail_if_settled` ends it once all are accounted for."""
        expires = int((now + timedelta(days=BOOKKEEPING_DAYS)).timestamp())
        label = f"{chunk:05d} ({error_type})"
        return self._mark([
                {"Put": {"TableName": self.table,
                         "Item": {**_key(job_id, chunk_item_sort_key(chunk)),
                                  **{k: _SERIALIZER.serialize(v) for k, v in dict(
                                      chunk=chunk, failed=error_type, finished_at=_iso(now),
                                      **{TTL_ATTRIBUTE: expires}).items()}},
                         "ConditionExpression": f"attribute_not_exists({JOBS_PK})"}},
                {"Update": {"TableName": self.table, "Key": _key(job_id),
                            "UpdateExpression": "ADD chunks_failed :one, chunks_accounted :one, failed_chunks :label "
                                                "SET updated_at = :now",
                            "ConditionExpression": "#status = :evaluating",
                            "ExpressionAttributeNames": {"#status": "status"},
                            "ExpressionAttributeValues": {**_values(one=1, now=_iso(now),
                                                                    evaluating=JobStatus.EVALUATING.value),
                                                          ":label": {"SS": [label]}}}},
        ])

    def fail_if_settled(self, job_id: str, now: datetime, error: str) -> bool:
        """EVALUATING -> FAILED once every chunk is accounted for and one or more failed; True for the
        one caller that moved it."""
        try:
            self.db.update_item(
                TableName=self.table, Key=_key(job_id),
                UpdateExpression=f"SET failed_in = #status, #status = :failed, #error = :error, updated_at = :now "
                                 f"REMOVE {UNFINISHED_KEY}",
                ConditionExpression=("#status = :evaluating AND chunks_accounted = chunk_total "
                                     "AND chunks_failed > :zero"),
                ExpressionAttributeNames={"#status": "status", "#error": "error"},
                ExpressionAttributeValues=_values(failed=JobStatus.FAILED.value, evaluating=JobStatus.EVALUATING.value,
                                                  error=error[:1000], now=_iso(now), zero=0))
        except self.db.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def _mark(self, items: list[dict]) -> ChunkMark:
        """The chunk's marker item (put only if absent) and the job's counts (only while it is
        EVALUATING), in one transaction; which condition failed says what happened."""
        return (ChunkMark.COUNTED, ChunkMark.ALREADY_COUNTED, ChunkMark.JOB_NOT_EVALUATING)[self._count_once(items)]

    def _count_once(self, items: list[dict]) -> int:
        """A marker item put only if absent and the job's counts, in one transaction: 0 when both were
        written, 1 when the marker was there already (counted before), 2 when the job's condition failed."""
        try:
            self.db.transact_write_items(TransactItems=items)
        except self.db.exceptions.TransactionCanceledException as error:
            reasons = [r.get("Code") for r in error.response.get("CancellationReasons", [])]
            if reasons and reasons[0] == "ConditionalCheckFailed":
                return 1
            if len(reasons) > 1 and reasons[1] == "ConditionalCheckFailed":
                return 2
            raise
        return 0

    def hand_off(self, job_id: str, now: datetime) -> bool:
        """EVALUATING -> ASSEMBLING once every chunk is counted; True for the one caller that moved it."""
        try:
            self.db.update_item(
                TableName=self.table, Key=_key(job_id),
                UpdateExpression="SET #status = :assembling, updated_at = :now",
                ConditionExpression="#status = :evaluating AND chunks_done = chunk_total",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues=_values(assembling=JobStatus.ASSEMBLING.value,
                                                  evaluating=JobStatus.EVALUATING.value, now=_iso(now)))
        except self.db.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def undo_hand_off(self, job_id: str, now: datetime) -> bool:
        return self._update(job_id, JobStatus.ASSEMBLING, JobStatus.EVALUATING, now)

    def volumes_cut(self, job_id: str, now: datetime, volume_total: int, outputs: list[str]) -> bool:
        """The job cut into volumes, once: the job's own outputs so far, and how many volumes to count."""
        try:
            self.db.update_item(
                TableName=self.table, Key=_key(job_id),
                UpdateExpression="SET volumes_cut = :yes, volume_total = :total, volumes_done = :zero, "
                                 "outputs = :outputs, updated_at = :now",
                ConditionExpression="#status = :assembling "
                                    "AND (attribute_not_exists(volumes_cut) OR volumes_cut = :no)",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues=_values(yes=True, no=False, total=volume_total, zero=0, outputs=outputs,
                                                  now=_iso(now), assembling=JobStatus.ASSEMBLING.value))
        except self.db.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def mark_volume(self, job_id: str, volume: int, now: datetime, *, bundle: str, manifest_sha256: str,
                    size: int) -> VolumeMark:
        """Count a built volume into its job, exactly once: its item (put only if absent: it names the
        bundle and its manifest's SHA-256, for the job index) and the job's count, in one transaction."""
        expires = int((now + timedelta(days=BOOKKEEPING_DAYS)).timestamp())
        outcome = self._count_once([
                {"Put": {"TableName": self.table,
                         "Item": {**_key(job_id, volume_item_sort_key(volume)),
                                  **{k: _SERIALIZER.serialize(v) for k, v in dict(
                                      volume=volume, bundle=bundle, manifest_sha256=manifest_sha256, size=size,
                                      finished_at=_iso(now), **{TTL_ATTRIBUTE: expires}).items()}},
                         "ConditionExpression": f"attribute_not_exists({JOBS_PK})"}},
                {"Update": {"TableName": self.table, "Key": _key(job_id),
                            "UpdateExpression": "ADD volumes_done :one SET updated_at = :now",
                            "ConditionExpression": "#status = :assembling AND volumes_cut = :yes",
                            "ExpressionAttributeNames": {"#status": "status"},
                            "ExpressionAttributeValues": _values(one=1, now=_iso(now), yes=True,
                                                                 assembling=JobStatus.ASSEMBLING.value)}},
        ])
        return (VolumeMark.COUNTED, VolumeMark.ALREADY_COUNTED, VolumeMark.JOB_NOT_ASSEMBLING)[outcome]

    def volumes(self, job_id: str) -> list[dict[str, Any]]:
        """The job's counted volumes, by number: volume, bundle, manifest_sha256, size."""
        found = []
        for page in self.db.get_paginator("query").paginate(
                TableName=self.table, ConsistentRead=True,
                KeyConditionExpression="#pk = :pk AND begins_with(#sk, :prefix)",
                ExpressionAttributeNames={"#pk": JOBS_PK, "#sk": JOBS_SK},
                ExpressionAttributeValues={":pk": {"S": job_item_key(job_id)}, ":prefix": {"S": VOLUME_ITEM_PREFIX}}):
            for item in page["Items"]:
                found.append({name: _plain(_DESERIALIZER.deserialize(item[name]))
                              for name in ("volume", "bundle", "manifest_sha256", "size")})
        return sorted(found, key=lambda volume: volume["volume"])

    def complete(self, job_id: str, now: datetime, outputs: list[str]) -> bool:
        """ASSEMBLING -> COMPLETE once every volume is counted; True for the one caller that moved it."""
        try:
            self.db.update_item(
                TableName=self.table, Key=_key(job_id),
                UpdateExpression=f"SET #status = :complete, outputs = :outputs, updated_at = :now "
                                 f"REMOVE {UNFINISHED_KEY}",
                ConditionExpression="#status = :assembling AND volumes_cut = :yes AND volumes_done = volume_total",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues=_values(complete=JobStatus.COMPLETE.value, outputs=outputs, now=_iso(now),
                                                  yes=True, assembling=JobStatus.ASSEMBLING.value))
        except self.db.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def chunks_were_sent(self, job_id: str, now: datetime) -> bool:
        """Record that every message the split owed went out (a split retried after this sends none)."""
        try:
            self.db.update_item(
                TableName=self.table, Key=_key(job_id), UpdateExpression="SET chunks_sent = :yes, updated_at = :now",
                ConditionExpression=f"attribute_exists({JOBS_PK})", ExpressionAttributeValues=_values(
                    yes=True, now=_iso(now)))
        except self.db.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def fail(self, job_id: str, now: datetime, error: str) -> bool:
        """Any unfinished job -> FAILED with its reason and the status it failed in; False when it had
        already finished."""
        try:
            self.db.update_item(
                TableName=self.table, Key=_key(job_id),
                UpdateExpression=f"SET failed_in = #status, #status = :failed, #error = :error, updated_at = :now "
                                 f"REMOVE {UNFINISHED_KEY}",
                ConditionExpression=f"attribute_exists({JOBS_PK}) AND NOT #status IN (:complete, :failed)",
                ExpressionAttributeNames={"#status": "status", "#error": "error"},
                ExpressionAttributeValues=_values(failed=JobStatus.FAILED.value, complete=JobStatus.COMPLETE.value,
                                                  error=error[:1000], now=_iso(now)))
        except self.db.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def answers_applied(self, job_id: str, now: datetime, answers_id: str, bundle_versions: dict[str, int],
                        outputs: list[str]) -> bool:
        """A COMPLETE job: the answers file recorded (once), the bundles' versions and outputs set, and
        the revision's claim ended."""
        try:
            self.db.update_item(
                TableName=self.table, Key=_key(job_id),
                UpdateExpression=f"SET answers = list_append(if_not_exists(answers, :none), :applied), "
                                 f"bundle_versions = :versions, outputs = :outputs, updated_at = :now "
                                 f"REMOVE {REVISION_LEASE}",
                ConditionExpression="#status = :complete AND NOT contains(answers, :id)",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues=_values(none=[], applied=[answers_id], id=answers_id,
                                                  versions=bundle_versions, outputs=outputs, now=_iso(now),
                                                  complete=JobStatus.COMPLETE.value))
        except self.db.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def _update(self, job_id: str, start: JobStatus, end: JobStatus, now: datetime, **fields: Any) -> bool:
        names = {"#status": "status", **{f"#{name}": name for name in fields}}
        assignments = ", ".join(f"#{name} = :{name}" for name in fields)
        finished = f" REMOVE {UNFINISHED_KEY}" if end.finished else ""
        try:
            self.db.update_item(
                TableName=self.table, Key=_key(job_id),
                UpdateExpression="SET #status = :end, updated_at = :now" + (f", {assignments}" if fields else "")
                + finished,
                ConditionExpression="#status = :start",
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=_values(start=start.value, end=end.value, now=_iso(now), **fields))
        except self.db.exceptions.ConditionalCheckFailedException:
            return False
        return True


def _job_attributes(job: Job) -> dict[str, Any]:
    data = job.model_dump(mode="json", exclude={"decisions", "failed_chunks"})  # an empty set cannot be stored
    data.update({f"decided_{d}": job.decisions.get(d, 0) for d in DECISIONS})
    data["outputs"] = list(job.outputs)
    return data

