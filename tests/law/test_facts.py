"""The cache key of a charge's Facts: rows with the same key are the same Facts, so they get the
same decision, however differently their records spell it."""

from __future__ import annotations

import inspect
from dataclasses import fields

from hypothesis import given, settings
from hypothesis import strategies as st

from relief.evaluation.evaluator import Evaluator
from relief.law.facts import Facts, facts_key
from relief.law.rules import decide
from relief.settings import OfficeSettings
from tests.charges import AS_OF, charge

STATUTES = ["720 ILCS 550/4(c)", "720-550/4-C", "0720 0550 004 C", "56.5-704(c)", "720 ILCS 550/4", "720 ILCS 550/4(a)",
            "720 ILCS 550/4(d)", "720 ILCS 550/5(b)", "720 ILCS 550/5(d)", "720 ILCS 550/7", "720 ILCS 550/10",
            "720 ILCS 5/8-4(720 ILCS 550/4(a))", "720 ILCS 5/16-25", "625 ILCS 5/11-502.15", "??", "",
            "720 ILCS 5/18-2", "720 ILCS 5/12-3.2", "720 ILCS 5/12-3", "720 ILCS 5/11-14", "56.5-710",
            "720 ILCS 5/8-2"]
DESCRIPTIONS = ["POSS CANNABIS", "POSS CANN 10-30 GRAMS", "RETAIL THEFT", "", "ARMED ROBBERY", "DOMESTIC BATTERY",
                "MARIJUANA", "CANNABIS IN VEHICLE", "BATTERY", "BATTERY GREAT BODILY HARM", "INTIMIDATION"]
DISPOSITIONS = ["GUILTY", "PLEA OF GUILTY", "CONVICTED", "DISMISSED", "NOLLE PROS", "SUPERVISION", "PENDING", "",
                "SUPV TERM UNSAT", "WHATEVER", "DISCHARGED AND DISMISSED"]
CLASSES = ["A", "CLASS A MISD", "B", "C", "4", "FEL 4", "3", "X", "", "P", "CIV", "M", "F", "??"]
DATES = ["2011-03-15", "03/15/2011", "2017-01-01", "2020-01-01", "", "garbage", "1990-05-05", "2016-07-29",
         "2019-06-25", "20190624"]
CASES = ["11-CR-1234", "11 CR 1234", "11cr1234", "12-CF-1", "", "  "]
PEOPLE = ["IR1", "IR2"]
DCNS = ["D1", "D2", "D3"]

rows = st.builds(
    lambda statute, description, disposition, offense_class, offense, arrest, case, person, dcn, county: charge(
        statute=statute, offense_description=description, disposition=disposition, offense_class=offense_class,
        offense_date=offense, arrest_date=arrest, court_case_number=case, ir_number=person, dcn=dcn, county=county),
    st.sampled_from(STATUTES), st.sampled_from(DESCRIPTIONS), st.sampled_from(DISPOSITIONS),
    st.sampled_from(CLASSES), st.sampled_from(DATES), st.sampled_from(DATES), st.sampled_from(CASES),
    st.sampled_from(PEOPLE), st.sampled_from(DCNS), st.sampled_from(["COOK", "cook ", "LAKE"]))


def test_the_key_covers_every_field_of_the_facts_but_the_office_policy():
    # An evaluator holds the policy fixed; every other field must be in the key.
    assert {f.name for f in fields(Facts)} - {"violent_policy"} == set(inspect.signature(facts_key).parameters)


@settings(max_examples=200, deadline=None)
@given(st.lists(rows, min_size=2, max_size=40), st.sampled_from(["review", "include", "exclude"]))
def test_rows_with_one_key_are_one_facts_and_get_one_decision(records, policy):
    evaluator = Evaluator(OfficeSettings(violent_association=policy), AS_OF)
    for record in records:
        evaluator.note_associations(record)
    seen: dict[tuple, Facts] = {}
    for record in records:
        facts = evaluator.facts_of(record)
        first = seen.setdefault(facts.key, facts)
        assert first == facts
        assert decide(first) == decide(facts)
        # and the evaluator's cached decision is the one the rules give these Facts afresh
        result = evaluator.evaluate(1, record)
        ruling = decide(facts)
        assert (result.decision, result.reason, result.authority, result.minor_cannabis_offense, result.rule) == (
            ruling.decision.value, ruling.reason.value, ruling.authority, ruling.minor_cannabis_offense.value,
            str(ruling.rule))
        # and no charge the court did not convict reaches the motion
        if result.decision == "motion":
            assert facts.is_conviction
