"""Volumes: a job's filing cut into pieces a court can take and assemblers can build side by side.

Each county is filed on its own; a county with more than `size` convictions is filed in volumes of
at most `size` convictions each ("VOLUME 3 OF 18"), cut between people, never through one: every
charge of a person in a county is in the same volume, so each order and each person's lines stay
whole. A person with more convictions than `size` alone makes a volume of their own. Exhibit A's
line numbers run on from one volume to the next, so volume 2 starts where volume 1 ended.

Everything here is pure: the assembler counts each person's convictions and Exhibit A lines in a
county (in order of first appearance), asks for the cut, and routes every result to its volume.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from ..evaluation.results import Result
from .keys import bundle_name


@dataclass(frozen=True, slots=True)
class Person:
    """What the cut needs of one person in one county: how many of their charges are convictions and
    how many of those are Exhibit A lines (decided `motion`)."""

    convictions: int
    motion_lines: int


class Volume(BaseModel):
    """One volume of a job: the unit one assembler builds into one signed bundle."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: int  # in the job, from 1: the volume's message and its record name it by this
    county: str  # as courts.bundle_county names it
    part: int  # in the county, from 1
    parts: int  # the county's volumes
    first_line: int  # Exhibit A's first line number in this volume
    people: int
    convictions: int
    motion_lines: int

    @property
    def bundle(self) -> str:
        """The volume's bundle's file name (version 1's): the county's for a county in one volume
        (cook.zip), else with the volume's place (cook-volume-03-of-18.zip)."""
        return bundle_name(self.county, 1, "" if self.parts == 1 else volume_suffix(self.part, self.parts))


class VolumePlan(BaseModel):
    """The job's volumes as cut, stored beside their results for the volume stage: every volume's
    bundle is made with the same time and rule set, whichever assembler builds it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    created: datetime
    rule_set_version: str
    volumes: list[Volume]

    def volume(self, number: int) -> Volume:
        if not 1 <= number <= len(self.volumes):
            raise ValueError(f"the job has no volume {number}")
        return self.volumes[number - 1]


def person_of(result: Result) -> str:
    """Who a result is of, for the cut: the IR number as ISP keys people; a row without one stands alone."""
    return result.ir_number.strip().upper() or f"~row{result.row_number}"


def volume_suffix(part: int, parts: int) -> str:
    width = max(2, len(str(parts)))
    return f"-volume-{part:0{width}d}-of-{parts:0{width}d}"


def cut_county(people: Sequence[Person], size: int) -> list[int]:
    """Each person's volume in the county (1, 2, ...), people in the order given: a volume takes
    people while its convictions stay within `size`; a person who would take it past `size` starts
    the next one (and a person past `size` alone fills one alone)."""
    if size < 1:
        raise ValueError("a volume holds at least one conviction")
    parts: list[int] = []
    part, held = 1, 0
    for person in people:
        if held and held + person.convictions > size:
            part, held = part + 1, 0
        held += person.convictions
        parts.append(part)
    return parts


def cut_volumes(counties: Iterable[tuple[str, Sequence[Person]]], size: int) -> tuple[list[Volume], list[list[int]]]:
    """The job's volumes, county by county in the order given, numbered through the job; and per county
    each person's volume number in the job (the same order as its people)."""
    volumes: list[Volume] = []
    assignments: list[list[int]] = []
    for county, people in counties:
        parts = cut_county(people, size)
        count = parts[-1] if parts else 1
        first_number = len(volumes) + 1
        tallies = [[0, 0, 0] for _ in range(count)]  # per part: people, convictions, Exhibit A lines
        for person, part in zip(people, parts, strict=True):
            tally = tallies[part - 1]
            tally[0] += 1
            tally[1] += person.convictions
            tally[2] += person.motion_lines
        line = 1
        for part, (members, convictions, motion_lines) in enumerate(tallies, start=1):
            volumes.append(Volume(number=first_number + part - 1, county=county, part=part, parts=count,
                                  first_line=line, people=members, convictions=convictions,
                                  motion_lines=motion_lines))
            line += motion_lines
        assignments.append([first_number + p - 1 for p in parts])
    return volumes, assignments
