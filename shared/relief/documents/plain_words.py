"""Decisions and doubts in words for the office: what each means and what to do next.

The reason codes stay the machine-readable contract (results.csv); these sentences are for the
people who act on them, in summary.pdf and review.csv. A reason this table does not know yet (the
rules grow) is still shown, with its explanation and a general instruction.
"""

from __future__ import annotations

from typing import NamedTuple

from ..evaluation.results import Result
from ..law.decisions import Decision


class Words(NamedTuple):
    what: str  # what it is, in words
    next: str  # what to do next ("what to check" for a doubt)


DECISION_WORDS: dict[str, Words] = {
    Decision.MOTION.value: Words(
        "Convictions the motion asks the court to vacate and expunge (20 ILCS 2630/5.2(i)(3)).",
        "Check and sign the motion (motion.pdf), file it with its proposed orders (orders/), and serve it "
        "on everyone its certificate of service lists."),
    Decision.AUTOMATIC.value: Words(
        "Arrests and other non-convictions the State Police and the arresting agencies expunge on their own "
        "(20 ILCS 2630/5.2(i)(1)).",
        "Nothing to file. They are due to be expunged by the deadlines listed below; ask the State Police "
        "about any still on record after its deadline."),
    Decision.REVIEW.value: Words(
        "Charges a person must look at: the file cannot settle them.",
        "Answer review.csv: for each charge, check what its what_to_check column says, then fill in "
        "reviewer_decision, reviewer, reviewed_on and note."),
    Decision.INELIGIBLE.value: Words(
        "Charges 5.2(i) does not reach (the explanation column says why).",
        "Nothing to file under 5.2(i). Some may qualify for ordinary expungement or sealing (20 ILCS 2630/5.2(b))."),
    Decision.NOT_CANNABIS.value: Words(
        "Charges that are not under the Cannabis Control Act.",
        "Nothing to do."),
}

# The doubt behind each `review` reason, and what to check in the records to settle it.
DOUBTS: dict[str, Words] = {
    "unreadable_citation": Words(
        "The statute could not be read, but the description says cannabis.",
        "Find the statute charged in the clerk's case file and whether it is Section 4 or 5 of the Cannabis "
        "Control Act."),
    "inchoate_offense": Words(
        "An attempt, conspiracy or solicitation to commit a cannabis offense.",
        "Read the charging document and the judgment: decide whether it is a Section 4 or 5 conviction the "
        "motion can include."),
    "missing_offense_date": Words(
        "Neither the offense date nor the arrest date could be read.",
        "Find the offense date in the clerk's case file or the arrest report."),
    "unknown_disposition": Words(
        "The disposition is missing, pending or not one the rules know.",
        "Find the disposition in the clerk's case file."),
    "missing_subsection": Words(
        "The statute gives no subsection and the class does not settle the amount of cannabis.",
        "Find the subsection, or the amount in grams, in the charging document or the clerk's case file."),
    "section_7_in_case": Words(
        "A Section 7 charge (delivery to a person under 18) is in the same case or arrest.",
        "Read the case file: find whether the Section 7 charge was proved and whether it enhanced this charge."),
    "class_unknown": Words(
        "A Section 4(d) conviction with no class: Class 4 felony, or Class 3 if it was a subsequent offense.",
        "Find the class of the conviction in the clerk's case file (a Class 4 felony qualifies, Class 3 does "
        "not)."),
    "violent_association": Words(
        "A violent or possibly violent crime was charged in the same case or arrest.",
        "Read the case file and decide, under the office's policy, whether this conviction goes in the "
        "motion."),
    "missing_case_number": Words(
        "A conviction with no court case number: no order can be drafted without one.",
        "Find the court case number in the clerk's index (by name, date of birth and arrest date)."),
    "unreadable_row": Words(
        "The row could not be read (the explanation column names the field).",
        "Correct the row in the source file and run it again, or find the charge in the clerk's case file."),
}

# A conviction for the motion whose record names no Illinois county: no court can be captioned.
NO_COUNTY_DOUBT = Words(
    "The record names no Illinois county, so no court can be named for this conviction.",
    "Find the county of the court in the clerk's records, correct the county in the source file, and run "
    "it again.")

_GENERAL_CHECK = "Read the explanation column, and the clerk's case file."


def doubt_of(result: Result, county_known: bool = True) -> Words:
    """Why a charge is in review.csv, and what to check."""
    if result.decision == Decision.MOTION.value and not county_known:
        return NO_COUNTY_DOUBT
    found = DOUBTS.get(result.reason)
    return found if found is not None else Words(result.explanation or result.reason.replace("_", " "),
                                                 _GENERAL_CHECK)


def reason_in_words(reason: str) -> str:
    """A reason code as a short phrase for a table: the doubt's words, or the code spelt out."""
    found = DOUBTS.get(reason)
    return found.what if found is not None else reason.replace("_", " ").capitalize()
