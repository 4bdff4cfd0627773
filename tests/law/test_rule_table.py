"""The rule table anyone can read (`relief rules`, the summary's appendix) says what the rules do: every
rule's declared decisions, reason codes and statutes are exactly what it gives on every charge, and a
trace shows each rule checked in order up to the one that decides."""

from __future__ import annotations

import itertools
from collections import defaultdict

import pytest

from relief.evaluation.evaluator import Evaluator
from relief.law.decisions import Decision, Reason
from relief.law.policy import ViolentAssociationPolicy
from relief.law.rules import RULES, STATUTORY_EXCLUSIONS, decide, trace
from relief.settings import OfficeSettings
from tests.charges import AS_OF, charge

# Enough of each field the rules read that every rule decides some charge, in every way it can.
STATUTES = ["720 ILCS 550/4(a)", "720 ILCS 550/4(c)", "720 ILCS 550/4(d)", "720 ILCS 550/4(f)", "720 ILCS 550/4",
            "720 ILCS 550/5(a)", "720 ILCS 550/5(d)", "720 ILCS 550/5", "720 ILCS 550/5.1", "720 ILCS 550/10",
            "720 ILCS 550/4(z)", "720 ILCS 5/8-4(720 ILCS 550/4(c))", "garbled cannabis", "720 ILCS 5/16-25"]
DISPOSITIONS = ["GUILTY", "DISMISSED", "", "PENDING"]
CLASSES = ["A", "4", "3", "", "PETTY"]
DATES = ["2011-03-15", "2017-03-15", "2020-01-01", ""]
COMPANIONS = [None, ("720 ILCS 550/7", "GUILTY"), ("720 ILCS 550/7", ""), ("720 ILCS 5/12-3.05", "GUILTY"),
              ("720 ILCS 5/12-1", "GUILTY")]
CASES = ["2011CR1", ""]


def every_ruling():
    """(rule number, decision, reason, authority) of every charge of the grid, under every policy."""
    seen = set()
    for policy in ViolentAssociationPolicy:
        settings = OfficeSettings(violent_association=policy)
        for statute, disposition, offense_class, day, companion, case in itertools.product(
                STATUTES, DISPOSITIONS, CLASSES, DATES, COMPANIONS, CASES):
            evaluator = Evaluator(settings, AS_OF)
            record = charge(statute=statute, disposition=disposition, offense_class=offense_class, arrest_date=day,
                            offense_date=day, court_case_number=case, offense_description="POSS CANNABIS")
            if companion is not None:
                other = charge(statute=companion[0], disposition=companion[1], offense_class="3",
                               offense_description="BATTERY", charge_number="2")
                evaluator.note_associations(other)
            evaluator.note_associations(record)
            ruling = decide(evaluator.facts_of(record))
            seen.add((ruling.rule, ruling.decision, ruling.reason, ruling.authority))
    return seen


@pytest.fixture(scope="module")
def rulings():
    return every_ruling()


def test_every_rule_decides_only_what_its_row_of_the_table_says(rulings):
    for number, decision, reason, authority in rulings:
        rule = RULES[number - 1]
        assert (decision, reason) in rule.outcomes, (number, decision, reason)
        assert authority in rule.statutes, (number, authority)


def test_every_outcome_the_table_states_is_one_some_charge_gets(rulings):
    given: dict[int, set] = defaultdict(set)
    for number, decision, reason, _ in rulings:
        given[number].add((decision, reason))
    for rule in RULES:
        assert set(rule.outcomes) == given[rule.number], rule.number


def test_every_reason_code_and_every_decision_is_in_the_table():
    stated = {reason for rule in RULES for reason in rule.reasons}
    assert stated == set(Reason) - {Reason.UNREADABLE_ROW}
    assert {d for rule in RULES for d in rule.decisions} == set(Decision)


def test_the_statute_excludes_by_rules_4_6_10_and_11():
    assert set(STATUTORY_EXCLUSIONS) == {4, 6, 10, 11}
    assert {RULES[n - 1].name for n in STATUTORY_EXCLUSIONS} == {
        "excluded_section", "offense_after_cutoff", "weight_over_limit", "class_over_limit"}


@pytest.mark.parametrize("fields, decided_by", [
    (dict(), 18),
    (dict(statute="720 ILCS 5/16-25", offense_description="RETAIL THEFT"), 1),
    (dict(offense_class="3"), 11),
    (dict(court_case_number=""), 17),
    (dict(disposition="PENDING"), 8),
])
def test_a_trace_checks_each_rule_in_order_up_to_the_one_that_decides(fields, decided_by):
    evaluator = Evaluator(OfficeSettings(), AS_OF)
    record = charge(**fields)
    evaluator.note_associations(record)
    facts = evaluator.facts_of(record)
    checked = trace(facts)
    assert [rule.number for rule, _ in checked] == list(range(1, decided_by + 1))
    assert all(ruling is None for _, ruling in checked[:-1])
    last_rule, last = checked[-1]
    assert last is not None and last_rule.number == decided_by
    assert (last.decision, last.reason) == (decide(facts).decision, decide(facts).reason)
