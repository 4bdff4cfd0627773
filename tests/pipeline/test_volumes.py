"""Cutting a job into volumes (pipeline/volumes.py): at most N convictions a volume, cut between people,
Exhibit A's numbers running on from one volume of a county to the next."""

from __future__ import annotations

from array import array

import pytest

from relief.pipeline.keys import bundle_name, previous_bundle_name, versioned_bundle_name
from relief.pipeline.volumes import Person, cut_county, cut_volumes, volume_suffix


def people(*convictions: int) -> list[Person]:
    """People with these numbers of convictions, each conviction an Exhibit A line."""
    return [Person(n, n) for n in convictions]


@pytest.mark.parametrize(("convictions", "size", "parts"), [
    # exactly at the boundary: a volume takes people while it stays within the size
    ((2, 3), 5, [1, 1]),
    # one past it: the person who would take it past starts the next volume
    ((2, 3, 1), 5, [1, 1, 2]),
    ((5, 1), 5, [1, 2]),
    # a person past the size alone fills a volume alone, never split
    ((1, 12, 1), 5, [1, 2, 3]),
    ((12,), 5, [1]),
    # people without convictions ride along where they fall
    ((0, 5, 0, 0, 1), 5, [1, 1, 1, 1, 2]),
    # a county of one person
    ((1,), 5000, [1]),
    # size 1: one person's convictions a volume
    ((1, 1, 1), 1, [1, 2, 3]),
])
def test_a_county_is_cut_between_people_at_the_size(convictions, size, parts):
    assert cut_county(people(*convictions), size) == parts


def test_a_volume_holds_at_least_one_conviction():
    with pytest.raises(ValueError):
        cut_county(people(1), 0)


def test_one_huge_county_is_cut_in_volumes_of_at_most_the_size_with_exhibit_lines_running_on():
    # 10,000 people of 1 to 3 convictions each, 2 of every 3 of their convictions in the motion
    county = [Person(1 + n % 3, (1 + n % 3) * 2 // 3) for n in range(10_000)]
    volumes, [assigned] = cut_volumes([("Cook", county)], 5_000)

    assert all(v.convictions <= 5_000 for v in volumes)
    assert len(volumes) >= -(-sum(p.convictions for p in county) // 5_000)
    # each volume is as full as the next person allows: one more and it would be past the size
    firsts = [assigned.index(v.number) for v in volumes]
    assert all(v.convictions + county[first].convictions > 5_000
               for v, first in zip(volumes[:-1], firsts[1:], strict=True))
    assert [v.part for v in volumes] == list(range(1, len(volumes) + 1))
    assert {v.parts for v in volumes} == {len(volumes)}
    assert sum(v.people for v in volumes) == len(county)
    # volumes are contiguous runs of people in the order given, and each person is in one
    assert assigned == sorted(assigned)
    # Exhibit A: volume 1 starts at line 1, each next one where the one before ended
    line = 1
    for volume in volumes:
        assert volume.first_line == line
        line += volume.motion_lines
    assert line - 1 == sum(p.motion_lines for p in county)


def test_counties_are_numbered_through_the_job_and_each_numbers_its_own_parts():
    volumes, assigned = cut_volumes([("Adams", people(1)), ("Cook", people(2, 3, 3)), ("Will", people(2))], 5)

    assert [(v.number, v.county, v.part, v.parts, v.first_line) for v in volumes] == [
        (1, "Adams", 1, 1, 1), (2, "Cook", 1, 2, 1), (3, "Cook", 2, 2, 6), (4, "Will", 1, 1, 1)]
    assert assigned == [[1], [2, 2, 3], [4]]


def test_a_county_of_no_convictions_is_one_volume():
    volumes, assigned = cut_volumes([("Kane", [Person(0, 0), Person(0, 0)])], 5)
    assert [(v.part, v.parts, v.convictions, v.people) for v in volumes] == [(1, 1, 0, 2)]
    assert assigned == [[1, 1]]


@pytest.mark.parametrize(("county", "part", "parts", "version", "name"), [
    ("Cook", 1, 1, 1, "cook.zip"),
    ("Cook", 3, 18, 1, "cook-volume-03-of-18.zip"),
    ("Cook", 3, 18, 2, "cook-volume-03-of-18.v2.zip"),
    ("St. Clair", 7, 120, 1, "st-clair-volume-007-of-120.zip"),
])
def test_a_volume_names_its_bundle(county, part, parts, version, name):
    suffix = "" if parts == 1 else volume_suffix(part, parts)
    assert bundle_name(county, version, suffix) == name
    assert versioned_bundle_name(bundle_name(county, 1, suffix), version) == name
    if version > 1:
        assert previous_bundle_name(name) == bundle_name(county, version - 1, suffix)


def test_a_county_spool_routes_whole_lines_even_with_newlines_and_accents_inside_quotes(tmp_path):
    import io

    from relief.pipeline.assemble import _CountySpool

    spool = _CountySpool(tmp_path / "county.csv")
    lines = ['1,"MUÑOZ, Ana","line one\r\nline two"\r\n', "2,plain,row\r\n", '3,"Łukasz ""Ł""",x\r\n']
    for person, line in zip((0, 1, 0), lines, strict=True):
        spool.add(line, person)
    spool.close()
    first, second = io.StringIO(), io.StringIO()
    spool.route({1: first, 2: second}, array("I", [1, 2]))

    assert first.getvalue() == lines[0] + lines[2] and second.getvalue() == lines[1]
