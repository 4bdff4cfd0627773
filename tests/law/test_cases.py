"""What a case is (reference, section 5): one county's court case number, compared without spaces,
dashes, dots, slashes and letter case, leading zeros kept. One key serves associations, orders and
the results table."""

from __future__ import annotations

import pytest

from relief.documents.orders import group_orders
from relief.law.cases import court_case
from relief.pipeline.keys import case_item_key
from tests.charges import charge, decide_all

SAME_CASE = [
    (("COOK", "11-CR-1234"), ("COOK", "11 CR 1234")),
    (("COOK", "11-CR-1234"), ("Cook ", "11cr1234")),
    (("COOK", "11.CR.1234"), ("COOK", "11/CR/1234")),
    (("ST  CLAIR", "2009 CM 5"), ("St Clair", "2009-cm-5")),
    (("COOK", "11\\CR\\1234"), ("COOK", "11CR1234")),
]
OTHER_CASE = [
    (("COOK", "11CR1234"), ("COOK", "11CR01234")),  # leading zeros are kept as written
    (("COOK", "11CR1234"), ("LAKE", "11CR1234")),  # the same number in two counties is two cases
    (("COOK", "11#CR1234"), ("COOK", "11CR1234")),  # only spaces, dashes, dots and slashes are dropped
]


@pytest.mark.parametrize("a,b", SAME_CASE)
def test_one_case_however_written(a, b):
    assert court_case(*a) == court_case(*b)
    assert case_item_key("job", court_case(*a)) == case_item_key("job", court_case(*b))


@pytest.mark.parametrize("a,b", OTHER_CASE)
def test_two_cases(a, b):
    assert court_case(*a) != court_case(*b)


@pytest.mark.parametrize("number", ["", "   ", "--"])
def test_a_charge_without_a_number_is_in_no_case(number):
    assert court_case("COOK", number) is None


def test_associations_and_orders_use_the_same_case():
    # A violent crime charged under "11 CR 1234" is in the case of the cannabis charge "11-CR-1234".
    cannabis = charge(court_case_number="11-CR-1234", dcn="D1")
    robbery = charge(court_case_number="11 CR 1234", dcn="D2", statute="720 ILCS 5/18-2",
                     offense_description="ARMED ROBBERY")
    assert decide_all([cannabis, robbery])[0].reason == "violent_association"
    # and two motion charges written both ways are one order
    one, two = charge(court_case_number="11-CR-1234", dcn="D1"), charge(court_case_number="11 cr 1234", dcn="D9")
    orders = group_orders(decide_all([one, two]))
    assert len(orders) == 1 and len(orders[0].results) == 2


def test_the_results_table_uses_the_same_case():
    results = decide_all([charge(court_case_number="11-CR-1234"), charge(court_case_number="11 cr 1234", dcn="D9")])
    assert court_case(results[0].county, results[0].court_case_number) == \
        court_case(results[1].county, results[1].court_case_number)


def test_the_same_number_in_another_county_is_another_case():
    cannabis = charge(court_case_number="11-CR-1234", dcn="D1", county="COOK")
    robbery = charge(court_case_number="11-CR-1234", dcn="D2", county="LAKE", statute="720 ILCS 5/18-2",
                     offense_description="ARMED ROBBERY")
    assert decide_all([cannabis, robbery])[0].decision == "motion"


def test_a_number_of_separators_only_is_no_case():
    assert decide_all([charge(court_case_number="--")])[0].reason == "missing_case_number"


def test_a_co_defendants_charges_do_not_count():
    cannabis = charge(court_case_number="11-CR-1234", dcn="D1", ir_number="IR1")
    robbery = charge(court_case_number="11-CR-1234", dcn="D2", ir_number="IR2", statute="720 ILCS 5/18-2",
                     offense_description="ARMED ROBBERY")
    assert decide_all([cannabis, robbery])[0].decision == "motion"


def test_a_co_defendants_charges_under_the_same_arrest_number_do_not_count():
    # An arrest is one DCN of one person: a co-defendant's record that repeats it says nothing of this one.
    cannabis = charge(court_case_number="", dcn="D1", ir_number="IR1")
    robbery = charge(court_case_number="", dcn="D1", ir_number="IR2", statute="720 ILCS 5/18-2",
                     offense_description="ARMED ROBBERY")
    assert decide_all([cannabis, robbery])[0].reason == "missing_case_number"
