"""`relief rules` prints the decision table in force without anyone reading Python; `relief explain FILE
--row N` shows one row's facts as read and each rule checked in order up to the one that decided,
agreeing with what `relief evaluate` decides for that row."""

from __future__ import annotations

import csv
import hashlib
import io

import pytest

from relief.evaluation.file import evaluate_file
from relief.law.decisions import RULE_SET_VERSION
from relief.law.rules import RULES
from relief.settings import OfficeSettings
from tests.charges import AS_OF
from tests.dev.test_cli import isp_text, one_line, relief

# --- relief rules ------------------------------------------------------------------------------------


def test_rules_prints_every_rule_in_order_with_its_decision_reason_and_statute(capsys):
    code, out, _ = relief(capsys, "rules", "--as-of", "2026-01-15")
    assert code == 0
    assert out.startswith(f"Rules {RULE_SET_VERSION}: relief under 20 ILCS 2630/5.2(i), decided as of 2026-01-15.")
    found = [out.index(f"{rule.number:>4}. ") for rule in RULES]
    assert found == sorted(found)  # in the reference's order
    ends = [*found[1:], out.index("An office may answer")]
    for rule, start, end in zip(RULES, found, ends, strict=True):
        block = " ".join(out[start:end].split())
        assert block == (f"{rule.number}. {' '.join(rule.condition.split())} decision: "
                         f"{', '.join(d.value for d in rule.decisions)}; reason: "
                         f"{', '.join(r.value for r in rule.reasons)}; statute: {'; '.join(rule.statutes)}")


@pytest.mark.parametrize("part", [
    "An office may answer `motion` on a charge of rule 4, 6, 10, 11 (the statute excludes it) only with a note",
    "VIOLENT CRIMES (725 ILCS 120/3(c))",
    "Possibly violent (review under review and exclude):",
    "Section 4, offenses before 2016-07-29:",
    "Section 4, offenses from 2016-07-29 to 2019-06-24 (P.A. 99-697):",
    "Section 5, offenses before 2019-06-25:",
    "AUTOMATIC EXPUNGEMENT DEADLINES",
    "OFFICE SETTINGS IN EFFECT: no --settings file: the reference's defaults",
    "  violent_association = review",
])
def test_rules_prints_the_violent_crimes_weight_tables_deadlines_and_settings(capsys, part):
    code, out, _ = relief(capsys, "rules")
    assert code == 0 and part in out


def test_the_deadlines_passed_or_due_are_as_of_the_date_given(capsys):
    _, before, _ = relief(capsys, "rules", "--as-of", "2020-06-01")
    _, after, _ = relief(capsys, "rules", "--as-of", "2026-06-01")
    assert "records created from 2013-01-01: by 2021-01-01 (due as of 2020-06-01)" in before
    assert "records created from 2013-01-01: by 2021-01-01 (passed as of 2026-06-01)" in after


def test_rules_shows_the_office_settings_given_and_names_the_file_by_its_sha256(capsys, tmp_path):
    settings = tmp_path / "office.toml"
    settings.write_text('office_name = "Office of the Will County State\'s Attorney"\ncounty = "Will"\n'
                        'violent_association = "exclude"\n', encoding="utf-8")
    code, out, _ = relief(capsys, "rules", "--settings", str(settings))
    assert code == 0
    assert f"OFFICE SETTINGS IN EFFECT: {settings} (SHA-256 {hashlib.sha256(settings.read_bytes()).hexdigest()})" in out
    assert "  violent_association = exclude" in out and "  county = Will" in out
    assert "office_name = Office of the Will County State's Attorney" in out


def test_rules_refuses_bad_settings_in_one_line(capsys, tmp_path):
    settings = tmp_path / "office.toml"
    settings.write_text('violent_association = "sometimes"\n', encoding="utf-8")
    code, _, err = relief(capsys, "rules", "--settings", str(settings))
    assert code == 1 and "violent_association" in one_line(err)


# --- relief explain ----------------------------------------------------------------------------------

ROWS = [
    dict(),  # a Class A possession conviction: the motion (rule 18)
    dict(ir_number="IR2", dcn="D2", court_case_number="2011CR9", offense_class="3"),  # rule 11
    dict(ir_number="IR3", dcn="D3", court_case_number="2011CR8", statute="720 ILCS 550/7",
         offense_description="CANNABIS NEAR SCHOOL"),  # rule 4: Section 7 is excluded
    dict(ir_number="IR3", dcn="D3", court_case_number="2011 CR 8", statute="720 ILCS 550/5(b)",
         offense_description="MFG/DEL CANNABIS"),  # rule 12: a Section 7 conviction in the same case
    dict(ir_number="IR4", dcn="D4", disposition="PENDING", court_case_number="2011CR7"),  # rule 8
    dict(ir_number="IR5", dcn="D5", statute="720 ILCS 5/16-25", offense_description="RETAIL THEFT"),  # rule 1
]


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "isp.csv"
    path.write_text(isp_text(*ROWS), encoding="utf-8")
    return path


def evaluated(source) -> list[dict]:
    buffer = io.StringIO(newline="")
    evaluate_file(source, buffer, OfficeSettings(), AS_OF)
    return list(csv.DictReader(io.StringIO(buffer.getvalue(), newline="")))


def test_explain_checks_each_rule_in_order_up_to_the_one_relief_evaluate_says_decided(capsys, source):
    decided = evaluated(source)
    assert [r["rule"] for r in decided] == ["18", "11", "4", "12", "8", "1"]
    for number, row in enumerate(decided, start=1):
        code, out, _ = relief(capsys, "explain", str(source), "--row", str(number), "--as-of", AS_OF.isoformat())
        assert code == 0
        assert f"Row {number} of {source}" in out and f"charge_id {row['charge_id']}" in out
        checked = out[out.index("THE RULES, CHECKED IN ORDER"):out.index("RESULT:")]
        heads = [line.split(".")[0].strip() for line in checked.splitlines()[1:]
                 if line.startswith("  ") and line[2:4].strip().isdigit() and line[4] == "."]
        assert heads == [str(n) for n in range(1, int(row["rule"]) + 1)]
        assert checked.count("DECIDES") == 1
        assert f"DECIDES {row['decision']} / {row['reason']}" in checked
        assert f"RESULT: {row['decision']} / {row['reason']}, rule {row['rule']}" in out


def test_explain_shows_the_facts_read_from_the_row(capsys, source):
    code, out, _ = relief(capsys, "explain", str(source), "--row", "4", "--as-of", AS_OF.isoformat())
    assert code == 0
    facts = out[out.index("WHAT THE ROW SAYS, AS READ"):out.index("THE RULES, CHECKED IN ORDER")]
    for label, value in [("statute as written", "720 ILCS 550/5(b)"), ("Cannabis Control Act section", "Section 5(b)"),
                         ("offense date", "2011-03-15"), ("class", "A -> Class A misdemeanor"),
                         ("disposition", "GUILTY -> conviction"), ("court case", "2011CR8 in COOK"),
                         ("arrest (DCN)", "D3"), ("Section 7 in the case or arrest", "one that ended in a conviction")]:
        line = next((line for line in facts.splitlines() if line.strip().startswith(label)), "")
        assert value in line, (label, line)


def test_explain_of_a_row_the_file_does_not_have_is_one_line(capsys, source):
    code, _, err = relief(capsys, "explain", str(source), "--row", "7")
    assert code == 1 and "the file has no data row 7" in one_line(err)


def test_explain_of_an_unreadable_row_says_why_and_that_no_rule_decides_it(capsys, tmp_path):
    path = tmp_path / "isp.csv"
    path.write_text(isp_text(dict()) + "only,three,cells\n", encoding="utf-8")
    code, out, _ = relief(capsys, "explain", str(path), "--row", "2")
    assert code == 0 and "The row could not be read:" in out and "No rule decides it: review / unreadable_row" in out


@pytest.mark.parametrize("layout", ["cook-clerk", "cook-sao"])
def test_explain_of_a_row_of_a_charge_of_several_rows_explains_that_charge(capsys, layout):
    from relief.intake.profiles import builtin_profile
    from tests.intake.profiles.helpers import FIXTURES

    source = FIXTURES / f"{layout}-sample.csv"
    buffer = io.StringIO(newline="")
    evaluate_file(source, buffer, OfficeSettings(profile=builtin_profile(layout)), AS_OF)
    decided = list(csv.DictReader(io.StringIO(buffer.getvalue(), newline="")))
    spread = [r for r in decided if len(r["source_rows"].split()) > 1]
    assert spread
    for charge in spread[:3]:
        last = charge["source_rows"].split()[-1]
        code, out, _ = relief(capsys, "explain", str(source), "--row", last, "--profile", layout,
                              "--as-of", AS_OF.isoformat())
        assert code == 0
        assert f"charge_id {charge['charge_id']}" in out
        assert f"RESULT: {charge['decision']} / {charge['reason']}, rule {charge['rule']}" in out
