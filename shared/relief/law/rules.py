"""The decision for one charge, rule by rule, in the order of the domain reference (section 5).

Each rule is a small function of the charge's Facts. It returns None when it does not apply, or a
Ruling that carries the decision, a stable reason code, a sentence for people and the statute it
rests on. The first rule that applies decides; `RULES` numbers them and says each condition in
words. Facts hold only what the rules read, so a decision can be cached.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from .cannabis_act import (
    ELIGIBLE_SECTIONS,
    FIRST_OFFENDER_PROBATION_SECTION,
    Weight,
    possible_classes,
)
from .decisions import Authority, Decision, MinorCannabisOffense, Reason, Ruling
from .dispositions import DispositionKind
from .facts import Facts, Period
from .offense_classes import OffenseClass
from .policy import ViolentAssociationPolicy

Check = Callable[[Facts], "Ruling | None"]

_EXCLUDED_NAMES = {
    "5.1": "cannabis trafficking",
    "5.2": "delivery on or near school grounds",
    "7": "delivery to a minor, a penalty enhancement",
    "8": "production of cannabis plants",
    "9": "calculated criminal cannabis conspiracy",
}


# 1
def not_cannabis(f: Facts) -> Ruling | None:
    if f.charge.is_cannabis:
        return None
    cited = (f"cites {f.citation}" if f.citation
             else f"has a citation that could not be read ({f.charge.unreadable_statute!r})")
    return Ruling(Decision.NOT_CANNABIS, Reason.NOT_CANNABIS,
                  f"Not a Cannabis Control Act charge: it {cited} and the description does not mention cannabis.",
                  Authority.RELIEF)


# 2
def unreadable_citation(f: Facts) -> Ruling | None:
    if f.section is not None and f.section != FIRST_OFFENDER_PROBATION_SECTION:
        return None
    if f.citation is not None and f.citation.inchoate:
        return None  # an inchoate wrapper is rule 3's
    if f.section == FIRST_OFFENDER_PROBATION_SECTION:
        why = (f"the citation {f.citation} is Section 10, first-offender probation, which is a disposition, "
               f"not an offense, so the offense itself is not stated")
    elif f.citation is not None:
        why = (f"the description mentions cannabis but the citation {f.citation} is not in the Cannabis "
               f"Control Act")
    else:
        why = f"the citation {f.charge.unreadable_statute!r} could not be read"
    return Ruling(Decision.REVIEW, Reason.UNREADABLE_CITATION,
                  f"A cannabis charge the system could not classify: {why}. A person must read the record.",
                  Authority.RELIEF)


# 3
def inchoate_offense(f: Facts) -> Ruling | None:
    if f.citation is None or not f.citation.inchoate:
        return None
    if f.section is not None and f.section not in ELIGIBLE_SECTIONS:
        return None  # an attempt at an excluded section is rule 4's
    target = f.citation.target or "a cannabis offense (the target is not cited)"
    return Ruling(Decision.REVIEW, Reason.INCHOATE_OFFENSE,
                  f"{f.citation.inchoate.capitalize()} to commit {target}: whether relief for Section 4 or 5 "
                  f"violations reaches an inchoate offense is for a person to decide.",
                  Authority.MOTION)


# 4
def excluded_section(f: Facts) -> Ruling | None:
    if f.section is None or f.section in ELIGIBLE_SECTIONS:
        return None
    name = _EXCLUDED_NAMES.get(f.section)
    named = f" ({name})" if name else ""
    return Ruling(Decision.INELIGIBLE, Reason.EXCLUDED_SECTION,
                  f"Section {f.section} of the Cannabis Control Act{named} is not Section 4 or 5, so neither "
                  f"the Minor Cannabis Offense definition nor the motion to vacate covers it.",
                  Authority.MOTION)


# 5
def missing_offense_date(f: Facts) -> Ruling | None:
    if f.period is not None:
        return None
    return Ruling(Decision.REVIEW, Reason.MISSING_OFFENSE_DATE,
                  "Neither an offense date nor an arrest date could be read, so the 2019-06-25 cutoff cannot "
                  "be applied.", Authority.RELIEF)


# 6
def offense_after_cutoff(f: Facts) -> Ruling | None:
    if f.period is not Period.AFTER_CUTOFF:
        return None
    return Ruling(Decision.INELIGIBLE, Reason.OFFENSE_AFTER_CUTOFF,
                  "The offense was on or after 2019-06-25; relief under 5.2(i) covers only earlier offenses.",
                  Authority.RELIEF)


# 7
def civil_violation(f: Facts) -> Ruling | None:
    if f.section != "4" or f.period is not Period.BEFORE_CUTOFF:
        return None
    if f.subsection != "a" and not (f.subsection is None and f.offense_class is OffenseClass.CIVIL):
        return None
    return Ruling(Decision.AUTOMATIC, Reason.CIVIL_VIOLATION,
                  "Section 4(a) possession of 10 g or less on or after 2016-07-29 is a civil law violation; "
                  "its record is expunged automatically, whatever the disposition.", Authority.CIVIL)


# 8
def unknown_disposition(f: Facts) -> Ruling | None:
    if f.disposition.kind is not DispositionKind.UNKNOWN:
        return None
    return Ruling(Decision.REVIEW, Reason.UNKNOWN_DISPOSITION,
                  f"The disposition is {f.disposition.label}: without a known outcome the charge cannot be "
                  f"decided.", Authority.RELIEF)


# 9
def missing_subsection(f: Facts) -> Ruling | None:
    if f.subsection is not None:
        if f.subsection in f.table:
            return None
        return Ruling(Decision.REVIEW, Reason.MISSING_SUBSECTION,
                      f"Section {f.section} has no subsection ({f.subsection}), so the weight cannot be told.",
                      _section_authority(f))
    if f.is_conviction:
        # A misdemeanor or Class 4 felony conviction is eligible whatever the grams; Class 3+ never is.
        if f.offense_class.settles_eligibility or f.offense_class.is_over_motion_limit:
            return None
        return Ruling(Decision.REVIEW, Reason.MISSING_SUBSECTION,
                      f"Section {f.section} conviction with no subsection and {_class_phrase(f)}: neither the "
                      f"weight nor the class that decides the motion can be told.", _section_authority(f))
    if f.weight is not None:
        return None
    return Ruling(Decision.REVIEW, Reason.MISSING_SUBSECTION,
                  f"Section {f.section} non-conviction with no subsection and {_class_phrase(f)}: whether it was "
                  f"30 g or less, which decides automatic expungement, cannot be told.", _section_authority(f))


# 10
def weight_over_limit(f: Facts) -> Ruling | None:
    if f.subsection is None or f.weight is not Weight.OVER:
        return None
    grams = f.table[f.subsection].grams
    return Ruling(Decision.INELIGIBLE, Reason.WEIGHT_OVER_LIMIT,
                  f"{f.offense_name} ({grams}) is beyond the weight the motion to vacate reaches.",
                  Authority.MOTION)


# 11
def class_over_limit(f: Facts) -> Ruling | None:
    if not f.offense_class.is_over_motion_limit:
        return None
    return Ruling(Decision.INELIGIBLE, Reason.CLASS_OVER_LIMIT,
                  f"A {f.offense_class.value}: only misdemeanors and Class 4 felonies may be vacated under 5.2(i).",
                  Authority.MOTION)


# 12
def section_7_enhancement(f: Facts) -> Ruling | None:
    if not f.section_7_associated:
        return None
    return Ruling(Decision.INELIGIBLE, Reason.SECTION_7_ENHANCEMENT,
                  "A Section 7 charge (delivery to a minor, a penalty enhancement) was brought in the same case "
                  "or arrest, which takes the charge out of relief.", Authority.SECTION_7)


# 13
def non_conviction(f: Facts) -> Ruling | None:
    if f.is_conviction or minor_cannabis_offense(f) is not MinorCannabisOffense.YES:
        return None
    return Ruling(Decision.AUTOMATIC, Reason.NON_CONVICTION,
                  f"A non-conviction ({f.disposition.label}) for a Minor Cannabis Offense before 2019-06-25: the "
                  f"State Police and the arresting agency expunge it automatically.", Authority.AUTOMATIC)


# 14
def non_conviction_not_minor(f: Facts) -> Ruling | None:
    if f.is_conviction:
        return None
    return Ruling(Decision.INELIGIBLE, Reason.NON_CONVICTION_NOT_MINOR,
                  f"A non-conviction ({f.disposition.label}) that is not a Minor Cannabis Offense "
                  f"({_why_not_minor(f)}): ordinary expungement under 5.2(b) applies instead.",
                  Authority.ORDINARY_EXPUNGEMENT)


# 15
def class_unknown(f: Facts) -> Ruling | None:
    if f.subsection is None or f.offense_class.settles_eligibility:
        return None
    classes = possible_classes(f.table, f.subsection)
    if not any(c.is_over_motion_limit for c in classes):
        return None
    return Ruling(Decision.REVIEW, Reason.CLASS_UNKNOWN,
                  f"{f.offense_name} conviction with {_class_phrase(f)}: a first offense is a Class 4 felony "
                  f"(eligible), a subsequent one a Class 3 felony (not eligible).", Authority.SECTION_4)


# 16
def violent_association(f: Facts) -> Ruling | None:
    if f.violent_crime is None or f.violent_policy is ViolentAssociationPolicy.INCLUDE:
        return None
    excluded = f.violent_policy is ViolentAssociationPolicy.EXCLUDE
    return Ruling(Decision.INELIGIBLE if excluded else Decision.REVIEW, Reason.VIOLENT_ASSOCIATION,
                  f"The same case or arrest also charged a violent crime ({f.violent_crime}); the office "
                  f"{'excludes' if excluded else 'reviews'} such convictions (setting violent_association = "
                  f"{f.violent_policy.value}).", Authority.VIOLENT_CRIME)


# 17
def missing_case_number(f: Facts) -> Ruling | None:
    if f.has_case_number:
        return None
    return Ruling(Decision.REVIEW, Reason.MISSING_CASE_NUMBER,
                  "A conviction without a court case number: the motion and order must name the case.",
                  Authority.MOTION)


# 18
def motion(f: Facts) -> Ruling | None:
    reason = Reason.POSSESSION_UP_TO_500G if f.section == "4" else Reason.DELIVERY_UP_TO_30G
    grams = f" ({f.table[f.subsection].grams})" if f.subsection in f.table else ""
    flagged = ""
    if f.violent_crime is not None:
        flagged = (f" The same case or arrest also charged a violent crime ({f.violent_crime}); the office includes "
                   f"such convictions (setting violent_association = include).")
    return Ruling(Decision.MOTION, reason,
                  f"Conviction for {f.offense_name}{grams}, {_class_phrase(f)}, before 2019-06-25: the State's "
                  f"Attorney may move to vacate and expunge it.{flagged}", Authority.MOTION)


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of the reference's decision table: its number, its condition in words, and the check."""

    number: int
    condition: str
    check: Check

    @property
    def name(self) -> str:
        return self.check.__name__


RULES: tuple[Rule, ...] = tuple(Rule(number, condition, check) for number, (check, condition) in enumerate((
    (not_cannabis, "not a Cannabis Control Act charge, and the description is not cannabis-like"),
    (unreadable_citation, "a cannabis-like description whose citation cannot be read, or a charge cited only "
                          "under Section 10"),
    (inchoate_offense, "an attempt, conspiracy or solicitation of a Section 4 or 5 offense"),
    (excluded_section, "Section 5.1, 5.2, 7, 8 or 9 of the Cannabis Control Act"),
    (missing_offense_date, "neither an offense date nor an arrest date"),
    (offense_after_cutoff, "an offense on or after 2019-06-25"),
    (civil_violation, "Section 4(a) on or after 2016-07-29 (a civil violation), whatever the disposition"),
    (unknown_disposition, "the disposition is empty, pending or not recognised"),
    (missing_subsection, "the weight cannot be told: no subsection and no class that settles it"),
    (weight_over_limit, "Section 4(e)-(g) or Section 5(d)-(g)"),
    (class_over_limit, "a Class 3, 2, 1 or X felony"),
    (section_7_enhancement, "a Section 7 charge in the same case or arrest"),
    (non_conviction, "a non-conviction for a Minor Cannabis Offense"),
    (non_conviction_not_minor, "a non-conviction that is not a Minor Cannabis Offense"),
    (class_unknown, "a Section 4(d) conviction with no class given (Class 4, or Class 3 if subsequent)"),
    (violent_association, "a violent crime charged in the same case or arrest, as the office's setting says"),
    (missing_case_number, "a conviction without a court case number"),
    (motion, "any other conviction"),
), start=1))


def minor_cannabis_offense(f: Facts) -> MinorCannabisOffense:
    """Yes, no or unknown for a cannabis charge; NOT_CANNABIS for anything else.

    Section 4 or 5, not more than 30 g by subsection and date, no Section 7 enhancement in the
    case or arrest, and no violent crime associated (20 ILCS 2630/5.2).
    """
    if not f.charge.is_cannabis:
        return MinorCannabisOffense.NOT_CANNABIS
    section = f.section
    if section is not None and section not in ELIGIBLE_SECTIONS and section != FIRST_OFFENDER_PROBATION_SECTION:
        return MinorCannabisOffense.NO
    if f.section_7_associated or f.violent_crime is not None:
        return MinorCannabisOffense.NO
    if section not in ELIGIBLE_SECTIONS or (f.citation is not None and f.citation.inchoate):
        return MinorCannabisOffense.UNKNOWN
    if f.period is None and section == "4":
        return MinorCannabisOffense.UNKNOWN
    weight = f.weight
    if weight is None:
        return MinorCannabisOffense.UNKNOWN
    return MinorCannabisOffense.YES if weight in (Weight.MINOR, Weight.CIVIL) else MinorCannabisOffense.NO


@lru_cache(maxsize=1 << 15)
def decide(facts: Facts) -> Ruling:
    """The first rule that applies, numbered, with the Minor Cannabis Offense answer."""
    for rule in RULES:
        ruling = rule.check(facts)
        if ruling is not None:
            return replace(ruling, rule=rule.number, minor_cannabis_offense=minor_cannabis_offense(facts))
    raise AssertionError("rule 18 always applies")  # pragma: no cover


def _section_authority(f: Facts) -> str:
    return Authority.SECTION_5 if f.section == "5" else Authority.SECTION_4


def _class_phrase(f: Facts) -> str:
    if f.offense_class is OffenseClass.NONE:
        return "no class recorded"
    if f.offense_class is OffenseClass.UNRECOGNISED:
        return "a class that could not be read"
    return f"a {f.offense_class.value}"


def _why_not_minor(f: Facts) -> str:
    if f.violent_crime is not None:
        return f"a violent crime ({f.violent_crime}) was charged in the same case or arrest"
    if f.subsection in f.table:
        return f"{f.offense_name}, {f.table[f.subsection].grams}"
    return f"a {f.offense_class.value} under Section {f.section} means more than 30 g"
