"""The decision for one charge, one table per rule of the domain reference (section 5), and one per
change the 2026-12 revision made.

Each case changes a field or two of a baseline Class A misdemeanor possession conviction from
2011 (see tests.charges.BASE) and states the decision and reason the rule gives; every result also
names the rule that decided it (the `rule` column).
"""

from __future__ import annotations

import pytest

from relief.law.decisions import RULE_SET_VERSION
from relief.law.policy import ViolentAssociationPolicy
from relief.law.rules import RULES
from relief.settings import OfficeSettings
from tests.charges import charge, decide_all, decide_one

# The rule each reason comes from (reference, section 5).
RULE_OF = {"not_cannabis": 1, "unreadable_citation": 2, "inchoate_offense": 3, "excluded_section": 4,
           "missing_offense_date": 5, "offense_after_cutoff": 6, "civil_violation": 7, "unknown_disposition": 8,
           "missing_subsection": 9, "weight_over_limit": 10, "class_over_limit": 11, "section_7_enhancement": 12,
           "section_7_in_case": 12, "non_conviction": 13, "non_conviction_not_minor": 14, "class_unknown": 15,
           "violent_association": 16, "missing_case_number": 17, "possession_up_to_500g": 18,
           "delivery_up_to_30g": 18}


def named_its_rule(result) -> bool:
    return result.rule == str(RULE_OF[result.reason]) and result.rule_set_version == RULE_SET_VERSION


def check(case: dict, decision: str, reason: str, settings: OfficeSettings | None = None):
    result = decide_one(settings, **case)
    assert (result.decision, result.reason) == (decision, reason), result.explanation
    assert result.explanation and result.explanation.endswith(".")
    assert named_its_rule(result)
    return result


def test_the_rules_are_the_eighteen_of_the_reference_in_order():
    assert [r.number for r in RULES] == list(range(1, 19))
    assert [r.name for r in RULES] == [
        "not_cannabis", "unreadable_citation", "inchoate_offense", "excluded_section", "missing_offense_date",
        "offense_after_cutoff", "civil_violation", "unknown_disposition", "missing_subsection",
        "weight_over_limit", "class_over_limit", "section_7_in_case", "non_conviction",
        "non_conviction_not_minor", "class_unknown", "violent_association", "missing_case_number", "motion",
    ]


# Rule 1: not a Cannabis Control Act charge: a readable citation outside the Act, or an unreadable one
# whose description is not cannabis-like -> not_cannabis
RULE_1 = [
    (dict(statute="720 ILCS 5/16-25", offense_description="RETAIL THEFT"), "not_cannabis", "not_cannabis"),
    (dict(statute="720 ILCS 570/402(c)", offense_description="POSS CONTROLLED SUBSTANCE"), "not_cannabis",
     "not_cannabis"),
    (dict(statute="garbage", offense_description="TRESPASS"), "not_cannabis", "not_cannabis"),
    (dict(statute="720 ILCS 5/8-4(720 ILCS 5/16-25)", offense_description="ATTEMPT THEFT"), "not_cannabis",
     "not_cannabis"),
    # but a Cannabis Control Act citation is cannabis whatever the description says
    (dict(statute="720 ILCS 550/4(c)", offense_description="RETAIL THEFT"), "motion", "possession_up_to_500g"),
]


@pytest.mark.parametrize("case,decision,reason", RULE_1)
def test_rule_1_not_cannabis(case, decision, reason):
    result = check(case, decision, reason)
    if decision == "not_cannabis":
        assert result.minor_cannabis_offense == ""


# Rule 1 (2026-12): a readable citation outside the Cannabis Control Act is not_cannabis whatever its
# description says; an attempt, conspiracy or solicitation that wraps the Act or is described as
# cannabis is rule 3's; a local ordinance number is not a readable citation (rule 2).
OUTSIDE_THE_ACT = [
    (dict(statute="625 ILCS 5/11-502.15", offense_description="CANNABIS IN VEHICLE"), "not_cannabis",
     "not_cannabis"),
    (dict(statute="625 ILCS 5/11-501(a)(4)", offense_description="DUI - CANNABIS"), "not_cannabis", "not_cannabis"),
    (dict(statute="720 ILCS 570/402(c)", offense_description="POSS CANNABIS"), "not_cannabis", "not_cannabis"),
    (dict(statute="CH 95 1/2 PAR 11-501", offense_description="DUI MARIJUANA", arrest_date="1988-01-01",
          offense_date=""), "not_cannabis", "not_cannabis"),
    (dict(statute="CH 38 PAR 12-4", offense_description="POSS CANNABIS"), "not_cannabis", "not_cannabis"),
    # inchoate offenses: wrapping the Act, or described as cannabis
    (dict(statute="720 ILCS 5/8-4(720 ILCS 550/4(a))", offense_description="ATTEMPT"), "review",
     "inchoate_offense"),
    (dict(statute="720 ILCS 5/8-2", offense_description="CONSPIRACY TO DELIVER CANNABIS"), "review",
     "inchoate_offense"),
    (dict(statute="720 ILCS 5/8-4(625 ILCS 5/11-502.15)", offense_description="ATT CANNABIS IN VEHICLE"),
     "review", "inchoate_offense"),
    (dict(statute="720 ILCS 5/8-2", offense_description="CONSPIRACY"), "not_cannabis", "not_cannabis"),
    # a municipal code number is not an Illinois statute: unreadable
    (dict(statute="MC 8-4-015", offense_description="POSS CANNABIS"), "review", "unreadable_citation"),
    (dict(statute="8-4-010", offense_description="CANNABIS < 10 GRAMS"), "review", "unreadable_citation"),
    (dict(statute="CITY ORD 10-40", offense_description="RETAIL THEFT"), "not_cannabis", "not_cannabis"),
]


@pytest.mark.parametrize("case,decision,reason", OUTSIDE_THE_ACT)
def test_rule_1_a_readable_citation_outside_the_act_is_not_cannabis_whatever_its_description(case, decision,
                                                                                               reason):
    check(case, decision, reason)


# Rule 2: cannabis-like description, citation unreadable -> review / unreadable_citation
RULE_2 = [
    (dict(statute="CANNABIS ??", offense_description="POSS CANNABIS"), "review", "unreadable_citation"),
    (dict(statute="", offense_description="POSSESSION OF MARIJUANA"), "review", "unreadable_citation"),
    (dict(statute="??", offense_description="POSS CANN"), "review", "unreadable_citation"),
    (dict(statute="??", offense_description="POSS MARIHUANA"), "review", "unreadable_citation"),
    # the text still points at the Act although it cannot be read
    (dict(statute="720 ILCS 550", offense_description="UNKNOWN"), "review", "unreadable_citation"),
]


@pytest.mark.parametrize("case,decision,reason", RULE_2)
def test_rule_2_unreadable_citation(case, decision, reason):
    assert check(case, decision, reason).minor_cannabis_offense == "unknown"


# Rules 2 and 3 (2026-12) defer to rule 6: an offense (or, without one, arrest) on or after 2019-06-25 is
# ineligible / offense_after_cutoff even when the citation is unreadable or inchoate.
AFTER_CUTOFF_FIRST = [
    (dict(statute="??", offense_description="POSS CANNABIS", offense_date="2019-06-25"), "ineligible",
     "offense_after_cutoff"),
    (dict(statute="", offense_description="MARIJUANA", offense_date="", arrest_date="2021-02-02"), "ineligible",
     "offense_after_cutoff"),
    (dict(statute="720 ILCS 550", offense_description="UNKNOWN", offense_date="2020-01-01", disposition=""),
     "ineligible", "offense_after_cutoff"),
    (dict(statute="720 ILCS 5/8-4(720 ILCS 550/4(a))", offense_date="2019-07-01"), "ineligible",
     "offense_after_cutoff"),
    (dict(statute="720 ILCS 5/8-2", offense_description="CONSPIRACY TO DELIVER CANNABIS", offense_date="",
          arrest_date="2022-03-03"), "ineligible", "offense_after_cutoff"),
    # the day before, or no date at all: rules 2 and 3 decide as before
    (dict(statute="??", offense_description="POSS CANNABIS", offense_date="2019-06-24"), "review",
     "unreadable_citation"),
    (dict(statute="??", offense_description="POSS CANNABIS", offense_date="", arrest_date=""), "review",
     "unreadable_citation"),
    (dict(statute="720 ILCS 5/8-4(720 ILCS 550/4(a))", offense_date="", arrest_date=""), "review",
     "inchoate_offense"),
    # an attempt at an excluded section is rule 4's, before the cutoff is looked at
    (dict(statute="720 ILCS 5/8-4(720 ILCS 550/5.1)", offense_date="2020-01-01"), "ineligible", "excluded_section"),
]


@pytest.mark.parametrize("case,decision,reason", AFTER_CUTOFF_FIRST)
def test_rules_2_and_3_defer_to_rule_6_after_the_cutoff(case, decision, reason):
    check(case, decision, reason)


# Rule 3: attempt, conspiracy or solicitation of a Section 4/5 offense -> review / inchoate_offense
RULE_3 = [
    (dict(statute="720 ILCS 5/8-4(720 ILCS 550/4(a))"), "review", "inchoate_offense"),
    (dict(statute="720 ILCS 5/8-2", offense_description="CONSPIRACY TO DELIVER CANNABIS"), "review",
     "inchoate_offense"),
    (dict(statute="720 ILCS 5/8-1", offense_description="SOLICIT DEL CANNABIS"), "review", "inchoate_offense"),
    (dict(statute="CH 38 PAR 8-4(CH 56 1/2 PAR 705(A))"), "review", "inchoate_offense"),
    # an attempt at an excluded section is rule 4's
    (dict(statute="720 ILCS 5/8-4(720 ILCS 550/5.1)"), "ineligible", "excluded_section"),
]


@pytest.mark.parametrize("case,decision,reason", RULE_3)
def test_rule_3_inchoate_offense(case, decision, reason):
    check(case, decision, reason)


# Rule 4: Section 5.1, 5.2, 7, 8 or 9 -> ineligible / excluded_section
RULE_4 = [
    (dict(statute="720 ILCS 550/5.1"), "ineligible", "excluded_section"),
    (dict(statute="720 ILCS 550/5.2(a)"), "ineligible", "excluded_section"),
    (dict(statute="720 ILCS 550/7"), "ineligible", "excluded_section"),
    (dict(statute="720 ILCS 550/8(a)"), "ineligible", "excluded_section"),
    (dict(statute="720 ILCS 550/9"), "ineligible", "excluded_section"),
    (dict(statute="56.5-708", arrest_date="1989-01-01", offense_date=""), "ineligible", "excluded_section"),
    # excluded whatever the disposition or date
    (dict(statute="720 ILCS 550/8(a)", disposition="DISMISSED", offense_date="2020-01-01"), "ineligible",
     "excluded_section"),
]


@pytest.mark.parametrize("case,decision,reason", RULE_4)
def test_rule_4_excluded_section(case, decision, reason):
    assert check(case, decision, reason).minor_cannabis_offense == "false"


# Section 10 (2026-12): a charge cited only under Section 10 (first-offender probation, par. 710) is a
# cannabis charge whose subsection is unknown. Rules 1-8 decide it as usual; where the rules need the
# subsection, rule 9 sends it to review / missing_subsection.
SECTION_10 = [
    (dict(statute="720 ILCS 550/10", offense_description="POSS CANNABIS"), "review", "missing_subsection"),
    (dict(statute="720 ILCS 550/10", disposition="SECTION 10 PROBATION"), "review", "missing_subsection"),
    (dict(statute="720 ILCS 550/10", disposition="DISCHARGED AND DISMISSED", offense_class="3"), "review",
     "missing_subsection"),
    (dict(statute="CH 56 1/2 PAR 710", disposition="710 PROBATION", arrest_date="1988-04-04", offense_date=""),
     "review", "missing_subsection"),
    (dict(statute="56.5-710", offense_description="", arrest_date="1990-01-01", offense_date=""), "review",
     "missing_subsection"),
    # rules 5, 6 and 8 as usual (rule 8 by its disposition words)
    (dict(statute="720 ILCS 550/10", offense_date="", arrest_date=""), "review", "missing_offense_date"),
    (dict(statute="720 ILCS 550/10", offense_date="2020-01-01"), "ineligible", "offense_after_cutoff"),
    (dict(statute="720 ILCS 550/10", disposition=""), "review", "unknown_disposition"),
    (dict(statute="720 ILCS 550/10", disposition="PENDING"), "review", "unknown_disposition"),
]


@pytest.mark.parametrize("case,decision,reason", SECTION_10)
def test_section_10_cited_as_the_statute(case, decision, reason):
    assert check(case, decision, reason).minor_cannabis_offense == "unknown"


# Rule 5: no offense date and no arrest date -> review / missing_offense_date
RULE_5 = [
    (dict(offense_date="", arrest_date="N/A"), "review", "missing_offense_date"),
    (dict(offense_date="13/45/2011", arrest_date="00/00/0000"), "review", "missing_offense_date"),
    # the arrest date stands in for a missing or unreadable offense date
    (dict(offense_date="", arrest_date="2011-03-15"), "motion", "possession_up_to_500g"),
    (dict(offense_date="garbage", arrest_date="2011-03-15"), "motion", "possession_up_to_500g"),
]


@pytest.mark.parametrize("case,decision,reason", RULE_5)
def test_rule_5_missing_offense_date(case, decision, reason):
    result = check(case, decision, reason)
    for column in ("offense_date", "arrest_date"):
        if case[column] not in ("", "2011-03-15"):
            assert repr(case[column]) in result.explanation  # an unreadable date is reported, never guessed


# Rule 6: offense on or after 2019-06-25 -> ineligible / offense_after_cutoff
RULE_6 = [
    (dict(offense_date="2019-06-25"), "ineligible", "offense_after_cutoff"),
    (dict(offense_date="2023-01-01", disposition="DISMISSED"), "ineligible", "offense_after_cutoff"),
    (dict(offense_date="", arrest_date="07/04/2019"), "ineligible", "offense_after_cutoff"),
    (dict(offense_date="2019-06-24", statute="720 ILCS 550/4(b)", offense_class="B"), "motion",
     "possession_up_to_500g"),
]


@pytest.mark.parametrize("case,decision,reason", RULE_6)
def test_rule_6_offense_after_cutoff(case, decision, reason):
    check(case, decision, reason)


# Rule 7: Section 4(a) on or after 2016-07-29, whatever the disposition -> automatic / civil_violation
RULE_7 = [
    (dict(statute="720 ILCS 550/4(a)", offense_date="2016-07-29", offense_class="CIV"), "automatic",
     "civil_violation"),
    (dict(statute="720 ILCS 550/4(a)", offense_date="2018-01-01", disposition="GUILTY"), "automatic",
     "civil_violation"),
    (dict(statute="720 ILCS 550/4(a)", offense_date="2018-01-01", disposition=""), "automatic",
     "civil_violation"),
    (dict(statute="720 ILCS 550/4", offense_date="2018-01-01", offense_class="CIV"), "automatic",
     "civil_violation"),
    # before P.A. 99-697, 4(a) was a Class C misdemeanor
    (dict(statute="720 ILCS 550/4(a)", offense_date="2016-07-28", offense_class="C"), "motion",
     "possession_up_to_500g"),
    # 5(a) is not a civil violation
    (dict(statute="720 ILCS 550/5(a)", offense_date="2018-01-01", offense_class="B"), "motion",
     "delivery_up_to_30g"),
]


@pytest.mark.parametrize("case,decision,reason", RULE_7)
def test_rule_7_civil_violation(case, decision, reason):
    check(case, decision, reason)


def test_rule_7_civil_violations_are_expunged_by_the_next_january_or_july():
    assert decide_one(statute="720 ILCS 550/4(a)", arrest_date="2018-03-01", offense_date="").expunge_by == \
        "2018-07-01"
    assert decide_one(statute="720 ILCS 550/4(a)", arrest_date="2018-08-01", offense_date="").expunge_by == \
        "2019-01-01"


# PETTY, P, CIVIL or CIV on Section 4 without subsection (2026-12): read as 4(a), the only petty or civil
# cannabis offense: before 2016-07-29 a Class C misdemeanor of 2.5 g or less; on or after, rule 7.
PETTY_OR_CIVIL_CLASS = [
    (dict(statute="720 ILCS 550/4", offense_class="P", offense_date="2018-01-01"), "automatic", "civil_violation"),
    (dict(statute="720 ILCS 550/4", offense_class="PETTY", offense_date="2017-01-01", disposition="DISMISSED"),
     "automatic", "civil_violation"),
    (dict(statute="720 ILCS 550/4", offense_class="CIVIL", offense_date="2016-07-29", disposition=""),
     "automatic", "civil_violation"),
    (dict(statute="720 ILCS 550/4", offense_class="CIV", offense_date="2011-03-15"), "motion",
     "possession_up_to_500g"),
    (dict(statute="CH 56 1/2 PAR 704", offense_class="PETTY", offense_date="1990-01-01"), "motion",
     "possession_up_to_500g"),
    (dict(statute="720 ILCS 550/4", offense_class="P", offense_date="2011-03-15", disposition="NOLLE PROS"),
     "automatic", "non_conviction"),
    # Section 5 has no petty or civil offense: the class does not settle the weight
    (dict(statute="720 ILCS 550/5", offense_class="P"), "review", "missing_subsection"),
]


@pytest.mark.parametrize("case,decision,reason", PETTY_OR_CIVIL_CLASS)
def test_petty_or_civil_class_on_section_4_is_subsection_a(case, decision, reason):
    result = check(case, decision, reason)
    if case["statute"] != "720 ILCS 550/5":
        assert result.minor_cannabis_offense == "true"
        assert result.subsection == ""  # the result shows the citation as written


# Rule 8: disposition empty, pending or unknown -> review / unknown_disposition
RULE_8 = [
    (dict(disposition=""), "review", "unknown_disposition"),
    (dict(disposition="PENDING"), "review", "unknown_disposition"),
    (dict(disposition="TRANSFERRED TO ANOTHER COUNTY"), "review", "unknown_disposition"),
]


@pytest.mark.parametrize("case,decision,reason", RULE_8)
def test_rule_8_unknown_disposition(case, decision, reason):
    check(case, decision, reason)


# Section 10 discharge (2026-12): "DISCHARGED AND DISMISSED", SECTION 10 DISCHARGE and QUALIFIED PROBATION
# DISCHARGED end first-offender probation without a conviction: non-convictions.
DISCHARGED = [
    (dict(disposition="DISCHARGED AND DISMISSED"), "automatic", "non_conviction"),
    (dict(disposition="SECTION 10 DISCHARGE"), "automatic", "non_conviction"),
    (dict(disposition="QUALIFIED PROBATION DISCHARGED"), "automatic", "non_conviction"),
    (dict(disposition="DISCHARGED AND DISMISSED", statute="720 ILCS 550/4(d)", offense_class="4"), "ineligible",
     "non_conviction_not_minor"),
]


@pytest.mark.parametrize("case,decision,reason", DISCHARGED)
def test_discharged_and_dismissed_is_a_non_conviction(case, decision, reason):
    assert check(case, decision, reason).age_now == ""  # the court's factors are for convictions


# Rule 9: subsection missing and no class, or a non-conviction whose weight the class cannot settle
RULE_9 = [
    (dict(statute="720 ILCS 550/4", offense_class=""), "review", "missing_subsection"),
    (dict(statute="720 ILCS 550/5", offense_class="", disposition="DISMISSED"), "review", "missing_subsection"),
    (dict(statute="720 ILCS 550/4", offense_class="F"), "review", "missing_subsection"),
    (dict(statute="720 ILCS 550/4(h)"), "review", "missing_subsection"),
    # Section 4 before 2016-07-29: C, B or A misdemeanor settle 30 g or less
    (dict(statute="720 ILCS 550/4", offense_class="A", disposition="DISMISSED"), "automatic", "non_conviction"),
    (dict(statute="720 ILCS 550/4", offense_class="C", disposition="DISMISSED"), "automatic", "non_conviction"),
    # ... a Class 4 felony could be 4(c) subsequent or 4(d): unknown for a non-conviction
    (dict(statute="720 ILCS 550/4", offense_class="4", disposition="DISMISSED"), "review", "missing_subsection"),
    # ... but a Class 4 felony conviction is motion-eligible whatever the subsection
    (dict(statute="720 ILCS 550/4", offense_class="4"), "motion", "possession_up_to_500g"),
    # Section 4 on or after 2016-07-29: B misdemeanor is 30 g or less; A or Class 4 is more
    (dict(statute="720 ILCS 550/4", offense_class="B", offense_date="2017-05-01", disposition="NOLLE PROS"),
     "automatic", "non_conviction"),
    (dict(statute="720 ILCS 550/4", offense_class="A", offense_date="2017-05-01", disposition="NOLLE PROS"),
     "ineligible", "non_conviction_not_minor"),
    (dict(statute="720 ILCS 550/4", offense_class="4", offense_date="2017-05-01", disposition="NOLLE PROS"),
     "ineligible", "non_conviction_not_minor"),
    (dict(statute="720 ILCS 550/4", offense_class="M", offense_date="2017-05-01", disposition="NOLLE PROS"),
     "review", "missing_subsection"),
    # Section 5, any date: B or A misdemeanor or Class 4 felony is 30 g or less
    (dict(statute="720 ILCS 550/5", offense_class="4", disposition="DISMISSED"), "automatic", "non_conviction"),
    (dict(statute="720 ILCS 550/5", offense_class="B", disposition="DISMISSED", offense_date="2018-01-01"),
     "automatic", "non_conviction"),
    # Class 3, 2, 1 or X: over the limit, rule 11
    (dict(statute="720 ILCS 550/4", offense_class="3", disposition="DISMISSED"), "ineligible", "class_over_limit"),
]


@pytest.mark.parametrize("case,decision,reason", RULE_9)
def test_rule_9_missing_subsection(case, decision, reason):
    check(case, decision, reason)


# Rule 10: Section 4(e), (f), (g) or Section 5(d)-(g) -> ineligible / weight_over_limit
RULE_10 = [
    (dict(statute="720 ILCS 550/4(e)", offense_class="3"), "ineligible", "weight_over_limit"),
    (dict(statute="720 ILCS 550/4(f)", offense_class=""), "ineligible", "weight_over_limit"),
    (dict(statute="720 ILCS 550/4(g)", disposition="DISMISSED"), "ineligible", "weight_over_limit"),
    (dict(statute="720 ILCS 550/5(d)", offense_class="3"), "ineligible", "weight_over_limit"),
    (dict(statute="720 ILCS 550/5(g)", offense_class="X"), "ineligible", "weight_over_limit"),
    (dict(statute="720 ILCS 550/4(d)", offense_class="4"), "motion", "possession_up_to_500g"),
    (dict(statute="720 ILCS 550/5(c)", offense_class="4"), "motion", "delivery_up_to_30g"),
]


@pytest.mark.parametrize("case,decision,reason", RULE_10)
def test_rule_10_weight_over_limit(case, decision, reason):
    check(case, decision, reason)


# Rule 11: class given as Class 3, 2, 1 or X felony -> ineligible / class_over_limit
RULE_11 = [
    (dict(statute="720 ILCS 550/4(d)", offense_class="3"), "ineligible", "class_over_limit"),
    (dict(statute="720 ILCS 550/4(c)", offense_class="FEL 3"), "ineligible", "class_over_limit"),
    (dict(statute="720 ILCS 550/4", offense_class="2"), "ineligible", "class_over_limit"),
    (dict(statute="720 ILCS 550/5", offense_class="Class X Felony"), "ineligible", "class_over_limit"),
]


@pytest.mark.parametrize("case,decision,reason", RULE_11)
def test_rule_11_class_over_limit(case, decision, reason):
    check(case, decision, reason)


# Rule 12 (2026-12): Section 7 enhances only a Section 5 delivery. A Section 7 charge in the same case or
# arrest counts by its own disposition.
def _with_section_7(decided: dict | None = None, **where: str) -> list:
    section_7 = charge(statute="720 ILCS 550/7", offense_description="DEL CANNABIS TO MINOR", charge_number="2",
                       offense_class="3", **where)
    return decide_all([charge(**(decided or {})), section_7])


SECTION_5 = dict(statute="720 ILCS 550/5(b)", offense_description="MFG/DEL CANNABIS 2.5-10 GRAMS")
SECTION_4 = dict(statute="720 ILCS 550/4(c)")
RULE_12 = [
    # the Section 7 charge       charge decided  decision      reason                   minor cannabis offense
    ("GUILTY", SECTION_5, "ineligible", "section_7_enhancement", "false"),
    ("PLEA OF GUILTY", SECTION_4, "review", "section_7_in_case", "false"),
    ("", SECTION_5, "review", "section_7_in_case", "unknown"),
    ("PENDING", SECTION_5, "review", "section_7_in_case", "unknown"),
    ("TRANSFERRED", SECTION_4, "review", "section_7_in_case", "unknown"),
    ("", SECTION_4, "review", "section_7_in_case", "unknown"),
    ("DISMISSED", SECTION_5, "motion", "delivery_up_to_30g", "true"),
    ("NOT GUILTY", SECTION_4, "motion", "possession_up_to_500g", "true"),
    ("NOLLE PROS", SECTION_4, "motion", "possession_up_to_500g", "true"),
]


@pytest.mark.parametrize("section_7,decided,decision,reason,minor", RULE_12)
def test_rule_12_a_section_7_charge_counts_by_its_own_disposition(section_7, decided, decision, reason, minor):
    result = _with_section_7(decided, disposition=section_7)[0]
    assert (result.decision, result.reason, result.minor_cannabis_offense) == (decision, reason, minor)
    assert named_its_rule(result) and result.explanation.endswith(".")


def test_rule_12_the_strongest_section_7_charge_counts():
    dismissed = charge(statute="720 ILCS 550/7", disposition="DISMISSED", charge_number="2")
    convicted = charge(statute="720 ILCS 550/7", disposition="GUILTY", charge_number="3")
    pending = charge(statute="720 ILCS 550/7", disposition="PENDING", charge_number="4")
    assert decide_all([charge(**SECTION_5), dismissed, pending])[0].reason == "section_7_in_case"
    assert decide_all([charge(**SECTION_5), pending, convicted, dismissed])[0].reason == "section_7_enhancement"


def test_rule_12_section_7_in_the_same_arrest():
    result = _with_section_7(SECTION_5, court_case_number="")[0]
    assert (result.decision, result.reason) == ("ineligible", "section_7_enhancement")


def test_rule_12_section_7_in_the_same_case_under_another_arrest():
    assert _with_section_7(SECTION_5, dcn="L999999999")[0].reason == "section_7_enhancement"


def test_rule_12_section_7_in_another_arrest_and_case_of_the_same_person_does_not_count():
    result = _with_section_7(SECTION_5, dcn="L999999999", court_case_number="2015CR000001")[0]
    assert (result.decision, result.reason) == ("motion", "delivery_up_to_30g")


def test_rule_12_section_7_of_a_co_defendant_in_the_same_case_does_not_count():
    result = _with_section_7(SECTION_5, ir_number="IR2000002", dcn="L999999999")[0]
    assert result.reason == "delivery_up_to_30g"


def test_rule_12_applies_to_non_convictions_too():
    results = decide_all([charge(disposition="DISMISSED", **SECTION_5),
                          charge(statute="720 ILCS 550/7", charge_number="2")])
    assert results[0].reason == "section_7_enhancement"


# Rule 13: non-conviction and a Minor Cannabis Offense -> automatic / non_conviction, with its deadline
RULE_13 = [
    # arrest date                 expunge by
    (dict(disposition="DISMISSED", arrest_date="2013-01-01", offense_date=""), "2021-01-01"),
    (dict(disposition="NOT GUILTY", statute="720 ILCS 550/4(b)", offense_class="B", arrest_date="2019-06-24",
          offense_date=""), "2021-01-01"),
    (dict(disposition="SUPERVISION", arrest_date="2012-12-31", offense_date=""), "2023-01-01"),
    (dict(disposition="NOLLE PROS", arrest_date="2000-01-01", offense_date=""), "2023-01-01"),
    (dict(disposition="SECTION 10 PROBATION", arrest_date="1999-12-31", offense_date=""), "2025-01-01"),
    (dict(disposition="710 PROBATION", statute="56.5-704(b)", arrest_date="1975-05-05", offense_date=""),
     "2025-01-01"),
    (dict(disposition="SUPERVISION TERMINATED SATISFACTORILY", statute="720 ILCS 550/5(b)"), "2023-01-01"),
]


@pytest.mark.parametrize("case,expunge_by", RULE_13)
def test_rule_13_non_conviction(case, expunge_by):
    result = check(case, "automatic", "non_conviction")
    assert result.expunge_by == expunge_by
    assert result.minor_cannabis_offense == "true"


def test_rule_13_deadline_follows_the_arrest_date_not_the_offense_date():
    result = decide_one(disposition="DISMISSED", offense_date="2012-12-30", arrest_date="2013-01-02")
    assert result.expunge_by == "2021-01-01"


# Rule 14: non-conviction, not a Minor Cannabis Offense -> ineligible / non_conviction_not_minor
RULE_14 = [
    (dict(disposition="DISMISSED", statute="720 ILCS 550/4(d)", offense_class="4"), "ineligible",
     "non_conviction_not_minor"),
    (dict(disposition="DISMISSED", statute="720 ILCS 550/4(c)", offense_date="2017-01-01"), "ineligible",
     "non_conviction_not_minor"),
]


@pytest.mark.parametrize("case,decision,reason", RULE_14)
def test_rule_14_non_conviction_not_minor(case, decision, reason):
    result = check(case, decision, reason)
    assert result.minor_cannabis_offense == "false" and result.expunge_by == ""
    assert result.authority == "20 ILCS 2630/5.2(b)"


def test_rule_14_a_violent_crime_in_the_arrest_makes_a_non_conviction_not_minor():
    results = decide_all([charge(disposition="DISMISSED"),
                          charge(statute="720 ILCS 5/12-3.05", offense_description="AGG BATTERY", charge_number="2")])
    assert (results[0].decision, results[0].reason) == ("ineligible", "non_conviction_not_minor")


# Rule 15: conviction, Section 4(d) with no class given -> review / class_unknown
RULE_15 = [
    (dict(statute="720 ILCS 550/4(d)", offense_class=""), "review", "class_unknown"),
    (dict(statute="720 ILCS 550/4(d)", offense_class="F", offense_date="2018-01-01"), "review", "class_unknown"),
    (dict(statute="720 ILCS 550/4(d)", offense_class="4"), "motion", "possession_up_to_500g"),
    (dict(statute="720 ILCS 550/4(c)", offense_class=""), "motion", "possession_up_to_500g"),
]


@pytest.mark.parametrize("case,decision,reason", RULE_15)
def test_rule_15_class_unknown(case, decision, reason):
    check(case, decision, reason)


# Rule 16: a violent or possibly violent crime in the same case or arrest (reference, section 6)
VIOLENT_CHARGES = [
    dict(statute="720 ILCS 5/12-3.05(a)", offense_description="AGG BATTERY"),
    dict(statute="720 ILCS 5/12-3.2", offense_description="DOMESTIC BATTERY"),
    dict(statute="CH 38 PAR 18-2", offense_description="ARMED ROBBERY"),
    dict(statute="720 ILCS 5/12-4", offense_description="AGGRAVATED BATTERY"),
    dict(statute="625 ILCS 5/11-501(d)", offense_description="AGG DUI - GREAT BODILY INJURY"),
    dict(statute="", offense_description="HOME INVASION"),  # named by description only
    dict(statute="720 ILCS 5/33A-2", offense_description="ARMED VIOLENCE", offense_class="X"),
]
POSSIBLY_VIOLENT_CHARGES = [
    dict(statute="720 ILCS 5/12-3", offense_description="BATTERY", offense_class="4"),
    dict(statute="720 ILCS 5/12-3", offense_description="BATTERY GREAT BODILY HARM", offense_class="A"),
    dict(statute="720 ILCS 5/12-6", offense_description="INTIMIDATION", offense_class=""),
    dict(statute="720 ILCS 5/11-14", offense_description="PROSTITUTION", offense_class="A"),
]
# setting                              violent crime                  possibly violent, nothing violent
RULE_16 = [
    (ViolentAssociationPolicy.REVIEW, ("review", "violent_association"), ("review", "violent_association")),
    (ViolentAssociationPolicy.EXCLUDE, ("ineligible", "violent_association"), ("review", "violent_association")),
    (ViolentAssociationPolicy.INCLUDE, ("motion", "possession_up_to_500g"), ("motion", "possession_up_to_500g")),
]


@pytest.mark.parametrize("violent", VIOLENT_CHARGES)
@pytest.mark.parametrize("policy,decided,_", RULE_16)
def test_rule_16_a_violent_crime_in_the_case(violent, policy, decided, _):
    results = decide_all([charge(), charge(charge_number="2", **violent)], OfficeSettings(violent_association=policy))
    assert (results[0].decision, results[0].reason) == decided and named_its_rule(results[0])
    assert results[0].violent_association == "true" and results[0].minor_cannabis_offense == "false"


@pytest.mark.parametrize("possibly", POSSIBLY_VIOLENT_CHARGES)
@pytest.mark.parametrize("policy,_,decided", RULE_16)
def test_rule_16_a_possibly_violent_crime_in_the_case(possibly, policy, _, decided):
    results = decide_all([charge(), charge(charge_number="2", **possibly)], OfficeSettings(violent_association=policy))
    assert (results[0].decision, results[0].reason) == decided and named_its_rule(results[0])
    assert results[0].violent_association == "possible" and results[0].minor_cannabis_offense == "unknown"


@pytest.mark.parametrize("possibly", POSSIBLY_VIOLENT_CHARGES)
@pytest.mark.parametrize("policy", list(ViolentAssociationPolicy))
def test_rule_16_a_non_conviction_with_a_possibly_violent_crime_is_review_under_every_setting(possibly, policy):
    results = decide_all([charge(disposition="DISMISSED"), charge(charge_number="2", **possibly)],
                         OfficeSettings(violent_association=policy))
    assert (results[0].decision, results[0].reason, results[0].minor_cannabis_offense) == \
        ("review", "violent_association", "unknown")


@pytest.mark.parametrize("policy", list(ViolentAssociationPolicy))
def test_rule_16_a_non_conviction_with_a_violent_crime_is_not_minor_under_every_setting(policy):
    results = decide_all([charge(disposition="DISMISSED"), charge(charge_number="2", **VIOLENT_CHARGES[0])],
                         OfficeSettings(violent_association=policy))
    assert (results[0].decision, results[0].reason) == ("ineligible", "non_conviction_not_minor")


def test_rule_16_a_possibly_violent_charge_does_not_save_a_non_conviction_that_is_not_minor():
    results = decide_all([charge(disposition="DISMISSED", statute="720 ILCS 550/4(d)", offense_class="4"),
                          charge(charge_number="2", **POSSIBLY_VIOLENT_CHARGES[0])])
    assert (results[0].decision, results[0].reason) == ("ineligible", "non_conviction_not_minor")


@pytest.mark.parametrize("other", [
    dict(statute="625 ILCS 5/11-501(a)", offense_description="DUI"),  # DUI without injury or death
    dict(statute="720 ILCS 5/12-3", offense_description="BATTERY"),  # a misdemeanor battery, no great bodily harm
    dict(statute="720 ILCS 5/24-1.6", offense_description="AGG UNLAWFUL USE OF WEAPON", offense_class="4"),
    dict(statute="720 ILCS 550/5(d)", offense_description="DEL CANNABIS BY FORCE", offense_class="3"),
])
def test_rule_16_charges_that_are_not_violent_crimes(other):
    results = decide_all([charge(), charge(charge_number="2", **other)])
    assert results[0].reason == "possession_up_to_500g" and results[0].violent_association == "false"


def test_rule_16_a_violent_crime_in_another_arrest_of_the_same_person_does_not_count():
    results = decide_all([charge(), charge(dcn="L777", court_case_number="2015CR9", statute="720 ILCS 5/18-2",
                                           offense_description="ARMED ROBBERY")])
    assert results[0].reason == "possession_up_to_500g"


def test_rule_16_the_violent_crime_list_is_an_office_setting():
    settings = OfficeSettings(violent_crimes=())
    results = decide_all([charge(), charge(statute="720 ILCS 5/18-2", offense_description="ARMED ROBBERY",
                                           charge_number="2", offense_class="A")], settings)
    assert results[0].reason == "possession_up_to_500g"


def test_rule_16_the_possibly_violent_words_are_an_office_setting():
    settings = OfficeSettings(possibly_violent={"felony_words": ["KNIFE"], "sex_offense_articles": []})
    results = decide_all([charge(), charge(statute="720 ILCS 5/16-1", offense_description="THEFT WITH A KNIFE",
                                           offense_class="4", charge_number="2")], settings)
    assert results[0].reason == "violent_association" and results[0].violent_association == "possible"
    results = decide_all([charge(), charge(charge_number="2", **POSSIBLY_VIOLENT_CHARGES[0])], settings)
    assert results[0].reason == "possession_up_to_500g"


# Rule 17: conviction without a court case number -> review / missing_case_number
RULE_17 = [
    (dict(court_case_number=""), "review", "missing_case_number"),
    (dict(court_case_number="   "), "review", "missing_case_number"),
    (dict(court_case_number="", disposition="DISMISSED"), "automatic", "non_conviction"),
]


@pytest.mark.parametrize("case,decision,reason", RULE_17)
def test_rule_17_missing_case_number(case, decision, reason):
    check(case, decision, reason)


# Rule 18: conviction otherwise -> motion, possession_up_to_500g (Section 4) or delivery_up_to_30g (Section 5)
RULE_18 = [
    (dict(statute="720 ILCS 550/4(a)", offense_class="C"), "possession_up_to_500g", "true"),
    (dict(statute="720 ILCS 550/4(c)", offense_class="4", disposition="PROBATION REVOKED"),
     "possession_up_to_500g", "true"),
    (dict(statute="720 ILCS 550/4(d)", offense_class="FEL 4"), "possession_up_to_500g", "false"),
    (dict(statute="720 ILCS 550/4(c)", offense_class="A", offense_date="2018-02-02"), "possession_up_to_500g",
     "false"),
    (dict(statute="720 ILCS 550/5(a)", offense_class="B"), "delivery_up_to_30g", "true"),
    (dict(statute="720 ILCS 550/5(c)", offense_class="Class 4 Felony"), "delivery_up_to_30g", "true"),
    (dict(statute="CH 56 1/2 PAR 704(C)", offense_class="A", arrest_date="1985-01-01", offense_date=""),
     "possession_up_to_500g", "true"),
    (dict(statute="720 ILCS 550/4", offense_class="M"), "possession_up_to_500g", "true"),
    (dict(disposition="SUPERVISION TERMINATED UNSATISFACTORILY"), "possession_up_to_500g", "true"),
]


@pytest.mark.parametrize("case,reason,minor", RULE_18)
def test_rule_18_motion(case, reason, minor):
    result = check(case, "motion", reason)
    assert result.minor_cannabis_offense == minor
    assert result.authority == "20 ILCS 2630/5.2(i)(3)"


def test_a_motion_carries_the_factors_the_court_weighs():
    result = decide_one(date_of_birth="1980-06-15", offense_date="2011-03-15", disposition_date="2011-06-01")
    # as of 2026-11-25 (tests.charges.AS_OF)
    assert (result.age_now, result.age_at_offense, result.years_since_conviction) == ("46", "30", "15")


def test_an_unreadable_date_of_birth_leaves_the_ages_empty_and_says_so():
    result = decide_one(date_of_birth="1980-13-45")
    assert result.decision == "motion" and result.age_now == "" and "'1980-13-45'" in result.explanation


def test_every_result_names_the_rule_set_and_the_rule():
    assert RULE_SET_VERSION == "il-5.2i-2026.12.1"  # the reference as revised in 2026-12
    result = decide_one()
    assert (result.rule_set_version, result.rule) == (RULE_SET_VERSION, "18")
