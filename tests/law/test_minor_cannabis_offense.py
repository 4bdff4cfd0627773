"""The Minor Cannabis Offense answer (20 ILCS 2630/5.2; reference, section 5): Section 4 or 5, not more
than 30 g by subsection and date, no Section 7 conviction in the case or arrest, no violent crime
associated. Reported for every cannabis charge: true, false or unknown (empty for not_cannabis)."""

from __future__ import annotations

import pytest

from tests.charges import charge, decide_all, decide_one

NO_DATE = dict(offense_date="", arrest_date="")

# With the offense date unknown (rule 5), the answer both Section 4 tables give where they agree, and
# "unknown" where they differ; Section 5 did not change in 2016.
UNKNOWN_DATE = [
    # statute               class   answer
    ("720 ILCS 550/4(a)", "C", "true"),  # 2.5 g or less / 10 g or less (civil)
    ("720 ILCS 550/4(b)", "B", "true"),
    ("720 ILCS 550/4(c)", "A", "unknown"),  # 10-30 g before 2016-07-29, 30-100 g after
    ("720 ILCS 550/4(d)", "4", "false"),
    ("720 ILCS 550/4(e)", "3", "false"),
    ("720 ILCS 550/4(g)", "1", "false"),
    ("720 ILCS 550/5(a)", "B", "true"),
    ("720 ILCS 550/5(c)", "4", "true"),
    ("720 ILCS 550/5(d)", "3", "false"),
    ("720 ILCS 550/5(g)", "X", "false"),
    # no subsection: the rule 9 table by class, in both periods
    ("720 ILCS 550/4", "B", "true"),
    ("720 ILCS 550/4", "A", "unknown"),  # 30 g or less before, more after
    ("720 ILCS 550/4", "C", "unknown"),  # 4(a) before; no Class C after
    ("720 ILCS 550/4", "4", "unknown"),
    ("720 ILCS 550/4", "M", "unknown"),
    ("720 ILCS 550/4", "3", "false"),
    ("720 ILCS 550/4", "PETTY", "true"),  # subsection (a) in both
    ("720 ILCS 550/4", "CIV", "true"),
    ("720 ILCS 550/4", "", "unknown"),
    ("720 ILCS 550/5", "A", "true"),
    ("720 ILCS 550/5", "4", "true"),
    ("720 ILCS 550/5", "2", "false"),
    ("720 ILCS 550/5", "", "unknown"),
]


@pytest.mark.parametrize("statute,offense_class,answer", UNKNOWN_DATE)
def test_the_answer_when_the_offense_date_is_unknown(statute, offense_class, answer):
    result = decide_one(statute=statute, offense_class=offense_class, **NO_DATE)
    assert (result.reason, result.minor_cannabis_offense) == ("missing_offense_date", answer)


# What the same case or arrest also charged (2026-12): a violent crime or a Section 7 conviction makes it
# "no"; a possibly violent charge or a Section 7 charge with an empty, pending or unknown disposition
# makes it "unknown", unless something else makes it "no".
SECTION_7 = dict(statute="720 ILCS 550/7", offense_description="DEL CANNABIS TO MINOR", offense_class="3")
ASSOCIATED = [
    # the charge decided                                 also charged                                answer
    (dict(), dict(statute="720 ILCS 5/18-2", offense_description="ARMED ROBBERY"), "false"),
    (dict(), dict(statute="720 ILCS 5/12-3", offense_description="BATTERY", offense_class="4"), "unknown"),
    (dict(), dict(statute="720 ILCS 5/11-14", offense_description="PROSTITUTION"), "unknown"),
    (dict(statute="720 ILCS 550/4(d)", offense_class="4"),
     dict(statute="720 ILCS 5/12-3", offense_description="BATTERY", offense_class="4"), "false"),
    (dict(), dict(SECTION_7, disposition="GUILTY"), "false"),
    (dict(), dict(SECTION_7, disposition="PENDING"), "unknown"),
    (dict(), dict(SECTION_7, disposition=""), "unknown"),
    (dict(statute="720 ILCS 550/4(d)", offense_class="4"), dict(SECTION_7, disposition="PENDING"), "false"),
    (dict(), dict(SECTION_7, disposition="DISMISSED"), "true"),
    (dict(), dict(statute="720 ILCS 5/16-25", offense_description="RETAIL THEFT"), "true"),
]


@pytest.mark.parametrize("decided,also,answer", ASSOCIATED)
def test_the_answer_by_what_the_case_or_arrest_also_charged(decided, also, answer):
    results = decide_all([charge(**decided), charge(charge_number="2", **also)])
    assert results[0].minor_cannabis_offense == answer


OTHER_CHARGES = [
    (dict(statute="720 ILCS 550/10"), "unknown"),  # Section 10: which offense is not said
    (dict(statute="??", offense_description="POSS CANNABIS"), "unknown"),
    (dict(statute="720 ILCS 5/8-4(720 ILCS 550/4(a))"), "unknown"),
    (dict(statute="720 ILCS 550/8(a)"), "false"),
    (dict(statute="625 ILCS 5/11-502.15", offense_description="CANNABIS IN VEHICLE"), ""),
]


@pytest.mark.parametrize("case,answer", OTHER_CHARGES)
def test_the_answer_for_charges_that_are_not_plainly_section_4_or_5(case, answer):
    assert decide_one(**case).minor_cannabis_offense == answer
