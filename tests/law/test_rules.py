"""The decision for one charge, one table per rule of the domain reference (section 5).

Each case changes a field or two of a baseline Class A misdemeanor possession conviction from
2011 (see tests.charges.BASE) and states the decision and reason the rule gives.
"""

from __future__ import annotations

import pytest

from relief.law.policy import ViolentAssociationPolicy
from relief.law.rules import RULES
from relief.settings import OfficeSettings
from tests.charges import charge, decide_all, decide_one


def check(case: dict, decision: str, reason: str, settings: OfficeSettings | None = None):
    result = decide_one(settings, **case)
    assert (result.decision, result.reason) == (decision, reason), result.explanation
    assert result.explanation and result.explanation.endswith(".")
    return result


def test_the_rules_are_the_eighteen_of_the_reference_in_order():
    assert [r.number for r in RULES] == list(range(1, 19))
    assert [r.name for r in RULES] == [
        "not_cannabis", "unreadable_citation", "inchoate_offense", "excluded_section", "missing_offense_date",
        "offense_after_cutoff", "civil_violation", "unknown_disposition", "missing_subsection",
        "weight_over_limit", "class_over_limit", "section_7_enhancement", "non_conviction",
        "non_conviction_not_minor", "class_unknown", "violent_association", "missing_case_number", "motion",
    ]


# Rule 1: not a Cannabis Control Act charge and description not cannabis-like -> not_cannabis
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


# Rule 2: cannabis-like description, citation unreadable -> review / unreadable_citation
RULE_2 = [
    (dict(statute="CANNABIS ??", offense_description="POSS CANNABIS"), "review", "unreadable_citation"),
    (dict(statute="", offense_description="POSSESSION OF MARIJUANA"), "review", "unreadable_citation"),
    (dict(statute="??", offense_description="POSS CANN"), "review", "unreadable_citation"),
    (dict(statute="??", offense_description="POSS MARIHUANA"), "review", "unreadable_citation"),
    # the text still points at the Act although it cannot be read
    (dict(statute="720 ILCS 550", offense_description="UNKNOWN"), "review", "unreadable_citation"),
    # a readable citation to another act, described as cannabis: never silently not_cannabis
    (dict(statute="625 ILCS 5/11-502.15", offense_description="CANNABIS IN VEHICLE"), "review",
     "unreadable_citation"),
    # Section 10 is first-offender probation, a disposition, not an offense
    (dict(statute="720 ILCS 550/10", offense_description="POSS CANNABIS"), "review", "unreadable_citation"),
]


@pytest.mark.parametrize("case,decision,reason", RULE_2)
def test_rule_2_unreadable_citation(case, decision, reason):
    assert check(case, decision, reason).minor_cannabis_offense == "unknown"


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


# Rule 8: disposition empty, pending or unknown -> review / unknown_disposition
RULE_8 = [
    (dict(disposition=""), "review", "unknown_disposition"),
    (dict(disposition="PENDING"), "review", "unknown_disposition"),
    (dict(disposition="TRANSFERRED TO ANOTHER COUNTY"), "review", "unknown_disposition"),
]


@pytest.mark.parametrize("case,decision,reason", RULE_8)
def test_rule_8_unknown_disposition(case, decision, reason):
    check(case, decision, reason)


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


# Rule 12: a Section 7 charge in the same case or arrest -> ineligible / section_7_enhancement
def _with_section_7(**where: str) -> list:
    section_7 = charge(statute="720 ILCS 550/7", offense_description="DEL CANNABIS TO MINOR", charge_number="2",
                       **where)
    return decide_all([charge(), section_7])


def test_rule_12_section_7_in_the_same_arrest():
    result = _with_section_7(court_case_number="")[0]
    assert (result.decision, result.reason, result.minor_cannabis_offense) == \
        ("ineligible", "section_7_enhancement", "false")


def test_rule_12_section_7_in_the_same_case_under_another_arrest():
    assert _with_section_7(dcn="L999999999")[0].reason == "section_7_enhancement"


def test_rule_12_section_7_in_another_arrest_and_case_of_the_same_person_does_not_count():
    result = _with_section_7(dcn="L999999999", court_case_number="2015CR000001")[0]
    assert (result.decision, result.reason) == ("motion", "possession_up_to_500g")


def test_rule_12_section_7_of_a_co_defendant_in_the_same_case_does_not_count():
    result = _with_section_7(ir_number="IR2000002", dcn="L999999999")[0]
    assert result.reason == "possession_up_to_500g"


def test_rule_12_applies_to_non_convictions_too():
    results = decide_all([charge(disposition="DISMISSED"), charge(statute="720 ILCS 550/7", charge_number="2")])
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


# Rule 16: conviction with a violent crime in the same case or arrest -> by office setting
VIOLENT_CHARGES = [
    dict(statute="720 ILCS 5/12-3.05(a)", offense_description="AGG BATTERY"),
    dict(statute="720 ILCS 5/12-3.2", offense_description="DOMESTIC BATTERY"),
    dict(statute="CH 38 PAR 18-2", offense_description="ARMED ROBBERY"),
    dict(statute="720 ILCS 5/12-4", offense_description="AGGRAVATED BATTERY"),
    dict(statute="625 ILCS 5/11-501(d)", offense_description="AGG DUI - GREAT BODILY INJURY"),
    dict(statute="", offense_description="HOME INVASION"),  # named by description only
]
POLICIES = [
    (ViolentAssociationPolicy.REVIEW, "review", "violent_association"),
    (ViolentAssociationPolicy.EXCLUDE, "ineligible", "violent_association"),
    (ViolentAssociationPolicy.INCLUDE, "motion", "possession_up_to_500g"),
]


@pytest.mark.parametrize("violent", VIOLENT_CHARGES)
@pytest.mark.parametrize("policy,decision,reason", POLICIES)
def test_rule_16_violent_association(violent, policy, decision, reason):
    results = decide_all([charge(), charge(charge_number="2", **violent)], OfficeSettings(violent_association=policy))
    assert (results[0].decision, results[0].reason) == (decision, reason)
    assert results[0].violent_association == "true" and results[0].minor_cannabis_offense == "false"


@pytest.mark.parametrize("other", [
    dict(statute="625 ILCS 5/11-501(a)", offense_description="DUI"),  # DUI without injury or death
    dict(statute="720 ILCS 5/12-3", offense_description="BATTERY"),  # simple battery is not on the list
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
                                           charge_number="2")], settings)
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


def test_every_result_names_the_rule_set():
    from relief.law.decisions import RULE_SET_VERSION

    assert decide_one().rule_set_version == RULE_SET_VERSION
