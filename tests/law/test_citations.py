"""Every citation form of the domain reference (section 3) reduces to (act, section, subsection)."""

import pytest

from relief.law.citations import mentions_cannabis_act, parse_citation

CANNABIS_FORMS = [
    # text as written in records                   section  subsection
    ("720 ILCS 550/4(c)", "4", "c"),
    ("720 ILCS 550/4-C", "4", "c"),
    ("720-550/4(c)", "4", "c"),
    ("720-550/4-C", "4", "c"),
    ("720 550/4(C)", "4", "c"),
    ("0720 0550 004 C", "4", "c"),
    ("720ILCS550/4(c)", "4", "c"),
    ("720 ILCS 550.0/4(c)", "4", "c"),
    ("56.5-704(c)", "4", "c"),
    ("56 1/2-704-C", "4", "c"),
    ("CH 56 1/2 PAR 704(C)", "4", "c"),
    ("CH.56-1/2 SEC 704 C", "4", "c"),
    ("56½-705(b)", "5", "b"),
    ("ILL REV STAT CH 56 1/2 PAR 705.1", "5.1", None),
    ("720 ILCS 550/4(d)(1)", "4", "d"),
    ("720 ILCS 550/4C", "4", "c"),
    ("720 ILCS 550/4", "4", None),
    ("  720 ilcs 550/5(a)  ", "5", "a"),
    ("720 ILCS 550/5.1", "5.1", None),
    ("720 ILCS 550/5.2(a)", "5.2", "a"),
    ("720 ILCS 550/7", "7", None),
    ("720 ILCS 550/8(a)", "8", "a"),
    ("720 ILCS 550/9", "9", None),
    ("720 ILCS 550/10", "10", None),
    ("56.5-707", "7", None),
    ("0720 0550 0005.1", "5.1", None),
]


@pytest.mark.parametrize("text,section,subsection", CANNABIS_FORMS)
def test_cannabis_act_forms(text, section, subsection):
    citation = parse_citation(text)
    assert citation is not None, text
    assert (citation.cannabis_section, citation.subsection) == (section, subsection)
    assert citation.inchoate is None


INCHOATE_FORMS = [
    # text                                          kind            target section, subsection
    ("720 ILCS 5/8-4(720 ILCS 550/4(a))", "attempt", "4", "a"),
    ("720 ILCS 5/8-4 720 ILCS 550/5(C)", "attempt", "5", "c"),
    ("720 ILCS 5/8-4(A)(720 ILCS 550/4(A))", "attempt", "4", "a"),
    ("720 ILCS 5/8-2(720-550/5-B)", "conspiracy", "5", "b"),
    ("720 ILCS 5/8-2", "conspiracy", None, None),
    ("720 ILCS 5/8-1", "solicitation", None, None),
    ("CH 38 PAR 8-4(CH 56 1/2 PAR 704(A))", "attempt", "4", "a"),
    ("720 ILCS 5/8-4(720 ILCS 550/7)", "attempt", "7", None),
]


@pytest.mark.parametrize("text,kind,section,subsection", INCHOATE_FORMS)
def test_inchoate_wrappers(text, kind, section, subsection):
    citation = parse_citation(text)
    assert citation is not None and citation.inchoate == kind
    assert citation.cannabis_section is None  # the wrapper itself is the Criminal Code
    assert (citation.offense.cannabis_section, citation.offense.subsection) == (section, subsection)


OTHER_ACTS = [
    ("720 ILCS 5/9-1", ("ILCS", "720", "5", "9-1")),
    ("625 ILCS 5/11-501(a)(1)", ("ILCS", "625", "5", "11-501")),
    ("720 ILCS 5/12-3.05(a)", ("ILCS", "720", "5", "12-3.05")),
    ("720 ILCS 570/402(c)", ("ILCS", "720", "570", "402")),
    ("CH 38 PAR 12-4", ("IRS", "38", None, "12-4")),
    ("ILL. REV. STAT. CH. 38, PAR. 18-2", ("IRS", "38", None, "18-2")),
    ("720 ILCS 5/33A-2(a)", ("ILCS", "720", "5", "33A-2")),  # a lettered article: armed violence
    ("CH 38 PAR 33A-2", ("IRS", "38", None, "33A-2")),
    ("625 ILCS 5/11-502.15(b)", ("ILCS", "625", "5", "11-502.15")),
]


@pytest.mark.parametrize("text,key", OTHER_ACTS)
def test_other_acts_are_read_but_not_cannabis(text, key):
    citation = parse_citation(text)
    assert citation is not None and citation.section_key == key
    assert citation.cannabis_section is None


UNREADABLE = ["", "   ", "garbage", "CANNABIS ??", "720 ILCS 550", "550/4(c)", "720 ILCS 550/4(c) extra words",
              "38-9-1", "720 ILCS 5/8-4(nonsense here)",
              # a local ordinance or municipal code number names no Illinois statute
              "8-4-010", "MC 8-4-015", "CITY ORD 10-40", "MUNICIPAL CODE 4-64-100", "ORD 2011-15"]


@pytest.mark.parametrize("text", UNREADABLE)
def test_unreadable_citations(text):
    assert parse_citation(text) is None


@pytest.mark.parametrize("text,mentions", [
    ("720 ILCS 550", True), ("720-550 ??", True), ("CH 56 1/2 ??", True), ("720 ILCS 570/402", False),
    ("garbage", False),
])
def test_unreadable_text_that_still_points_at_the_cannabis_act(text, mentions):
    assert mentions_cannabis_act(text) is mentions


def test_canonical_text():
    assert str(parse_citation("0720 0550 004 C")) == "720 ILCS 550/4(c)"
    assert str(parse_citation("56 1/2-704-C")) == "Ill. Rev. Stat. ch. 56 1/2, par. 704(c)"
    assert str(parse_citation("720 ILCS 5/8-4(720 ILCS 550/4(a))")) == "720 ILCS 5/8-4 (720 ILCS 550/4(a))"
