"""What a decision is made of: the decision, its reason code, the statute it rests on, and the
Ruling that carries them with a sentence for people."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

RULE_SET_VERSION = "il-5.2i-2026.12.1"  # the reference as revised 2026-12


class Decision(str, Enum):
    MOTION = "motion"
    AUTOMATIC = "automatic"
    REVIEW = "review"
    INELIGIBLE = "ineligible"
    NOT_CANNABIS = "not_cannabis"


DECISIONS: tuple[str, ...] = tuple(d.value for d in Decision)  # in the order counts are reported


class Reason(str, Enum):
    """The stable, machine-readable reason codes of the domain reference (section 5)."""

    NOT_CANNABIS = "not_cannabis"
    UNREADABLE_CITATION = "unreadable_citation"
    INCHOATE_OFFENSE = "inchoate_offense"
    EXCLUDED_SECTION = "excluded_section"
    MISSING_OFFENSE_DATE = "missing_offense_date"
    OFFENSE_AFTER_CUTOFF = "offense_after_cutoff"
    CIVIL_VIOLATION = "civil_violation"
    UNKNOWN_DISPOSITION = "unknown_disposition"
    MISSING_SUBSECTION = "missing_subsection"
    WEIGHT_OVER_LIMIT = "weight_over_limit"
    CLASS_OVER_LIMIT = "class_over_limit"
    SECTION_7_ENHANCEMENT = "section_7_enhancement"
    SECTION_7_IN_CASE = "section_7_in_case"
    NON_CONVICTION = "non_conviction"
    NON_CONVICTION_NOT_MINOR = "non_conviction_not_minor"
    CLASS_UNKNOWN = "class_unknown"
    VIOLENT_ASSOCIATION = "violent_association"
    MISSING_CASE_NUMBER = "missing_case_number"
    POSSESSION_UP_TO_500G = "possession_up_to_500g"
    DELIVERY_UP_TO_30G = "delivery_up_to_30g"
    UNREADABLE_ROW = "unreadable_row"  # not a rule's: the row itself could not be read


class MinorCannabisOffense(str, Enum):
    """The answer to "is this a Minor Cannabis Offense?" (20 ILCS 2630/5.2); empty for a charge that
    is not a cannabis charge at all."""

    YES = "true"
    NO = "false"
    UNKNOWN = "unknown"
    NOT_CANNABIS = ""


class Authority:
    """The statutes decisions rest on, cited as the domain reference writes them."""

    RELIEF = "20 ILCS 2630/5.2(i)"
    AUTOMATIC = "20 ILCS 2630/5.2(i)(1)"
    MOTION = "20 ILCS 2630/5.2(i)(3)"
    CIVIL = "20 ILCS 2630/5.2(a)(2.5)"
    ORDINARY_EXPUNGEMENT = "20 ILCS 2630/5.2(b)"
    SECTION_4 = "720 ILCS 550/4"
    SECTION_5 = "720 ILCS 550/5"
    SECTION_7 = "720 ILCS 550/7"
    SECTION_10 = "720 ILCS 550/10"
    VIOLENT_CRIME = "725 ILCS 120/3(c)"


@dataclass(frozen=True, slots=True)
class Ruling:
    """A decision that explains itself. A rule gives the first four fields; `decide` adds which
    rule it was and the Minor Cannabis Offense answer."""

    decision: Decision
    reason: Reason
    explanation: str
    authority: str
    rule: int = 0  # 1-based number of the rule that decided, in the reference's order
    minor_cannabis_offense: MinorCannabisOffense = MinorCannabisOffense.NOT_CANNABIS
