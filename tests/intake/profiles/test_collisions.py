"""Point 5: an explicit mapping wins over a column that merely bears a contract name (`STATUTE`), in the
office's [header_map] as in a profile, and every such collision is reported."""

from __future__ import annotations

import io

import pytest

from relief.evaluation.file import evaluate_file
from relief.intake.columns import COLUMNS, map_header
from relief.intake.formats import open_rows
from relief.settings import OfficeSettings

from .helpers import AS_OF, profile, write_csv

CONTRACT = [c for c in COLUMNS if c != "statute"]


@pytest.mark.parametrize(("header", "office_map", "statute_from", "collisions"), [
    # the office maps AMENDED to statute; a column named STATUTE comes first in the file: AMENDED wins
    ([*CONTRACT, "STATUTE", "AMENDED"], {"AMENDED": "statute"}, "AMENDED", ("STATUTE",)),
    ([*CONTRACT, "AMENDED", "STATUTE"], {"AMENDED": "statute"}, "AMENDED", ("STATUTE",)),
    ([*CONTRACT, "Statute", "AMENDED"], {"amended": "statute"}, "AMENDED", ("Statute",)),
    # no office mapping: the column of the contract's name
    ([*CONTRACT, "STATUTE", "AMENDED"], {}, "STATUTE", ()),
    # the office maps the column of the contract's own name: no collision
    ([*CONTRACT, "STATUTE"], {"STATUTE": "statute"}, "STATUTE", ()),
    # the office's column is not in this file: the contract's name stands in, nothing passed over
    ([*CONTRACT, "STATUTE"], {"AMENDED": "statute"}, "STATUTE", ()),
])
def test_the_offices_mapping_wins_and_the_collision_is_named(header, office_map, statute_from, collisions):
    mapped = map_header(header, office_map)
    assert header[mapped.position("statute")] == statute_from
    assert mapped.collisions == collisions


def test_relief_evaluate_decides_on_the_mapped_column_and_says_what_it_passed_over(tmp_path):
    header = [*CONTRACT, "STATUTE", "AMENDED"]
    row = dict(ir_number="1", last_name="L", first_name="F", date_of_birth="1980-01-01", dcn="D",
               arrest_date="2010-01-01",
               county="Cook", disposition="GUILTY", court_case_number="10CR1", STATUTE="720 ILCS 550/5(d)",
               AMENDED="720 ILCS 550/4(c)")
    path = write_csv(tmp_path / "f.csv", header, [[row.get(h, "") for h in header]])
    out = io.StringIO(newline="")
    summary = evaluate_file(path, out, OfficeSettings(header_map={"AMENDED": "statute"}), AS_OF)
    assert summary.collisions == ("STATUTE",)
    assert "720 ILCS 550/4(c)" in out.getvalue() and "possession_up_to_500g" in out.getvalue()


@pytest.mark.parametrize(("fields", "collisions"), [
    ('statute = "AMENDED"', ("STATUTE",)),  # the profile reads statute from AMENDED alone
    ('statute = { first_of = ["AMENDED", "STATUTE"] }', ()),  # STATUTE is read, by the chain
])
def test_a_profile_reports_the_columns_it_passes_over(tmp_path, fields, collisions):
    layout = profile('not_in_file = ["last_name", "first_name", "date_of_birth"]\n[fields]\n'
                     'county = { constant = "Cook" }\n' + fields + "\n")
    path = write_csv(tmp_path / "f.csv", ["ir_number", "dcn", "arrest_date", "disposition", "STATUTE", "AMENDED"],
                     [["1", "D", "2010-01-01", "GUILTY", "720 ILCS 550/5(d)", "720 ILCS 550/4(c)"]])
    with open_rows(path, profile=layout) as rows:
        [row] = list(rows)
        assert rows.collisions == collisions  # type: ignore[attr-defined]
    assert row.record.statute == "720 ILCS 550/4(c)"
