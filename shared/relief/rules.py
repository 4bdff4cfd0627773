"""The decision for one charge, rule by rule, in the order of the domain reference (section 5).

Each rule is a small function of the charge's Facts. It returns None when it does not apply, or a
Ruling that carries the decision, a stable reason code, a sentence for people and the statute it
rests on. The first rule that applies decides. Facts hold only what the rules read, so a decision
can be cached: a million rows share a few thousand distinct Facts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from .cannabis_act import (
    ELIGIBLE_SECTIONS,
    FIRST_OFFENDER_PROBATION_SECTION,
    SECTION_4_BEFORE_2016,
    SECTION_4_FROM_2016,
    SECTION_5,
    Subsection,
    Weight,
    possible_classes,
    weight_of,
)
from .citations import Citation
from .dispositions import Disposition, DispositionKind
from .offense_classes import OffenseClass
from .settings import ViolentAssociationPolicy

RULE_SET_VERSION = "il-5.2i-2026.11.1"


class Decision(str, Enum):
    MOTION = "motion"
    AUTOMATIC = "automatic"
    REVIEW = "review"
    INELIGIBLE = "ineligible"
    NOT_CANNABIS = "not_cannabis"


DECISIONS: tuple[str, ...] = tuple(d.value for d in Decision)  # in the order counts are reported


class Period(str, Enum):
    """Where the offense date falls against the two dates the law turns on."""

    BEFORE_PA_99_697 = "before 2016-07-29"
    BEFORE_CUTOFF = "2016-07-29 to 2019-06-24"
    AFTER_CUTOFF = "on or after 2019-06-25"


class Authority:
    RELIEF = "20 ILCS 2630/5.2(i)"
    AUTOMATIC = "20 ILCS 2630/5.2(i)(1)"
    MOTION = "20 ILCS 2630/5.2(i)(3)"
    MINOR_OFFENSE = "20 ILCS 2630/5.2"
    CIVIL = "20 ILCS 2630/5.2(a)(2.5)"
    ORDINARY_EXPUNGEMENT = "20 ILCS 2630/5.2(b)"
    SECTION_4 = "720 ILCS 550/4"
    SECTION_5 = "720 ILCS 550/5"
    SECTION_7 = "720 ILCS 550/7"
    VIOLENT_CRIME = "725 ILCS 120/3(c)"


@dataclass(frozen=True, slots=True)
class Facts:
    """What the rules know about one charge; hashable, so decisions are cached per distinct Facts."""

    citation: Citation | None
    unreadable_statute: str | None  # the text, when the citation could not be read
    cannabis_description: bool  # CANNABIS, MARIJUANA, CANN... in the description
    mentions_cannabis_act: bool  # the unreadable text still points at 720 ILCS 550 / ch. 56 1/2
    period: Period | None  # None: neither offense nor arrest date could be read
    disposition: Disposition
    offense_class: OffenseClass
    section_7_associated: bool
    violent_crime: str | None  # the violent crime charged in the same arrest or case
    has_case_number: bool
    violent_policy: ViolentAssociationPolicy = ViolentAssociationPolicy.REVIEW

    # --- derived, read by several rules ---
    @property
    def section(self) -> str | None:
        """Cannabis Control Act section of the offense (through an inchoate wrapper)."""
        return self.citation.offense.cannabis_section if self.citation else None

    @property
    def subsection(self) -> str | None:
        return self.citation.offense.subsection if self.citation else None

    @property
    def is_conviction(self) -> bool:
        return self.disposition.kind is DispositionKind.CONVICTION

    @property
    def table(self) -> dict[str, Subsection]:
        if self.section == "5":
            return SECTION_5
        return SECTION_4_BEFORE_2016 if self.period is Period.BEFORE_PA_99_697 else SECTION_4_FROM_2016

    @property
    def weight(self) -> Weight | None:
        return weight_of(self.table, self.subsection, self.offense_class)

    @property
    def offense_name(self) -> str:
        sub = f"({self.subsection})" if self.subsection else ""
        kind = "possession" if self.section == "4" else "manufacture/delivery"
        return f"Section {self.section}{sub} {kind}"


@dataclass(frozen=True, slots=True)
class Ruling:
    decision: Decision
    reason: str
    explanation: str
    authority: str


Rule = Callable[[Facts], "Ruling | None"]

_EXCLUDED_NAMES = {
    "5.1": "cannabis trafficking",
    "5.2": "delivery on or near school grounds",
    "7": "delivery to a minor, a penalty enhancement",
    "8": "production of cannabis plants",
    "9": "calculated criminal cannabis conspiracy",
}


def _is_cannabis_charge(f: Facts) -> bool:
    return f.section is not None or f.cannabis_description or f.mentions_cannabis_act


# 1
def not_cannabis(f: Facts) -> Ruling | None:
    if _is_cannabis_charge(f):
        return None
    cited = f"cites {f.citation}" if f.citation else f"has a citation that could not be read ({f.unreadable_statute!r})"
    return Ruling(Decision.NOT_CANNABIS, "not_cannabis",
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
        why = f"the citation {f.unreadable_statute!r} could not be read"
    return Ruling(Decision.REVIEW, "unreadable_citation",
                  f"A cannabis charge the system could not classify: {why}. A person must read the record.",
                  Authority.RELIEF)


# 3
def inchoate_offense(f: Facts) -> Ruling | None:
    if f.citation is None or not f.citation.inchoate:
        return None
    if f.section is not None and f.section not in ELIGIBLE_SECTIONS:
        return None  # an attempt at an excluded section is rule 4's
    target = f.citation.target or "a cannabis offense (the target is not cited)"
    return Ruling(Decision.REVIEW, "inchoate_offense",
                  f"{f.citation.inchoate.capitalize()} to commit {target}: whether relief for Section 4 or 5 "
                  f"violations reaches an inchoate offense is for a person to decide.",
                  Authority.MOTION)


# 4
def excluded_section(f: Facts) -> Ruling | None:
    if f.section is None or f.section in ELIGIBLE_SECTIONS:
        return None
    name = _EXCLUDED_NAMES.get(f.section)
    named = f" ({name})" if name else ""
    return Ruling(Decision.INELIGIBLE, "excluded_section",
                  f"Section {f.section} of the Cannabis Control Act{named} is not Section 4 or 5, so neither "
                  f"the Minor Cannabis Offense definition nor the motion to vacate covers it.",
                  Authority.MOTION)


# 5
def missing_offense_date(f: Facts) -> Ruling | None:
    if f.period is not None:
        return None
    return Ruling(Decision.REVIEW, "missing_offense_date",
                  "Neither an offense date nor an arrest date could be read, so the 2019-06-25 cutoff cannot "
                  "be applied.", Authority.RELIEF)


# 6
def offense_after_cutoff(f: Facts) -> Ruling | None:
    if f.period is not Period.AFTER_CUTOFF:
        return None
    return Ruling(Decision.INELIGIBLE, "offense_after_cutoff",
                  "The offense was on or after 2019-06-25; relief under 5.2(i) covers only earlier offenses.",
                  Authority.RELIEF)


# 7
def civil_violation(f: Facts) -> Ruling | None:
    if f.section != "4" or f.period is not Period.BEFORE_CUTOFF:
        return None
    if f.subsection != "a" and not (f.subsection is None and f.offense_class is OffenseClass.CIVIL):
        return None
    return Ruling(Decision.AUTOMATIC, "civil_violation",
                  "Section 4(a) possession of 10 g or less on or after 2016-07-29 is a civil law violation; "
                  "its record is expunged automatically, whatever the disposition.", Authority.CIVIL)


# 8
def unknown_disposition(f: Facts) -> Ruling | None:
    if f.disposition.kind is not DispositionKind.UNKNOWN:
        return None
    return Ruling(Decision.REVIEW, "unknown_disposition",
                  f"The disposition is {f.disposition.label}: without a known outcome the charge cannot be "
                  f"decided.", Authority.RELIEF)


# 9
def missing_subsection(f: Facts) -> Ruling | None:
    if f.subsection is not None:
        if f.subsection in f.table:
            return None
        return Ruling(Decision.REVIEW, "missing_subsection",
                      f"Section {f.section} has no subsection ({f.subsection}), so the weight cannot be told.",
                      _section_authority(f))
    if f.is_conviction:
        # A misdemeanor or Class 4 felony conviction is eligible whatever the grams; Class 3+ never is.
        if f.offense_class.settles_eligibility or f.offense_class.is_over_motion_limit:
            return None
        return Ruling(Decision.REVIEW, "missing_subsection",
                      f"Section {f.section} conviction with no subsection and {_class_phrase(f)}: neither the "
                      f"weight nor the class that decides the motion can be told.", _section_authority(f))
    if f.weight is not None:
        return None
    return Ruling(Decision.REVIEW, "missing_subsection",
                  f"Section {f.section} non-conviction with no subsection and {_class_phrase(f)}: whether it was "
                  f"30 g or less, which decides automatic expungement, cannot be told.", _section_authority(f))


# 10
def weight_over_limit(f: Facts) -> Ruling | None:
    if f.subsection is None or f.weight is not Weight.OVER:
        return None
    grams = f.table[f.subsection].grams
    return Ruling(Decision.INELIGIBLE, "weight_over_limit",
                  f"{f.offense_name} ({grams}) is beyond the weight the motion to vacate reaches.",
                  Authority.MOTION)


# 11
def class_over_limit(f: Facts) -> Ruling | None:
    if not f.offense_class.is_over_motion_limit:
        return None
    return Ruling(Decision.INELIGIBLE, "class_over_limit",
                  f"A {f.offense_class.value}: only misdemeanors and Class 4 felonies may be vacated under 5.2(i).",
                  Authority.MOTION)


# 12
def section_7_enhancement(f: Facts) -> Ruling | None:
    if not f.section_7_associated:
        return None
    return Ruling(Decision.INELIGIBLE, "section_7_enhancement",
                  "A Section 7 charge (delivery to a minor, a penalty enhancement) was brought in the same case "
                  "or arrest, which takes the charge out of relief.", Authority.SECTION_7)


# 13
def non_conviction(f: Facts) -> Ruling | None:
    if f.is_conviction or minor_cannabis_offense(f) != "true":
        return None
    return Ruling(Decision.AUTOMATIC, "non_conviction",
                  f"A non-conviction ({f.disposition.label}) for a Minor Cannabis Offense before 2019-06-25: the "
                  f"State Police and the arresting agency expunge it automatically.", Authority.AUTOMATIC)


# 14
def non_conviction_not_minor(f: Facts) -> Ruling | None:
    if f.is_conviction:
        return None
    return Ruling(Decision.INELIGIBLE, "non_conviction_not_minor",
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
    return Ruling(Decision.REVIEW, "class_unknown",
                  f"{f.offense_name} conviction with {_class_phrase(f)}: a first offense is a Class 4 felony "
                  f"(eligible), a subsequent one a Class 3 felony (not eligible).", Authority.SECTION_4)


# 16
def violent_association(f: Facts) -> Ruling | None:
    if f.violent_crime is None or f.violent_policy is ViolentAssociationPolicy.INCLUDE:
        return None
    excluded = f.violent_policy is ViolentAssociationPolicy.EXCLUDE
    return Ruling(Decision.INELIGIBLE if excluded else Decision.REVIEW, "violent_association",
                  f"The same case or arrest also charged a violent crime ({f.violent_crime}); the office "
                  f"{'excludes' if excluded else 'reviews'} such convictions (setting violent_association = "
                  f"{f.violent_policy.value}).", Authority.VIOLENT_CRIME)


# 17
def missing_case_number(f: Facts) -> Ruling | None:
    if f.has_case_number:
        return None
    return Ruling(Decision.REVIEW, "missing_case_number",
                  "A conviction without a court case number: the motion and order must name the case.",
                  Authority.MOTION)


# 18
def motion(f: Facts) -> Ruling | None:
    reason = "possession_up_to_500g" if f.section == "4" else "delivery_up_to_30g"
    grams = f" ({f.table[f.subsection].grams})" if f.subsection in f.table else ""
    flagged = ""
    if f.violent_crime is not None:
        flagged = (f" The same case or arrest also charged a violent crime ({f.violent_crime}); the office includes "
                   f"such convictions (setting violent_association = include).")
    return Ruling(Decision.MOTION, reason,
                  f"Conviction for {f.offense_name}{grams}, {_class_phrase(f)}, before 2019-06-25: the State's "
                  f"Attorney may move to vacate and expunge it.{flagged}", Authority.MOTION)


RULES: tuple[Rule, ...] = (
    not_cannabis,
    unreadable_citation,
    inchoate_offense,
    excluded_section,
    missing_offense_date,
    offense_after_cutoff,
    civil_violation,
    unknown_disposition,
    missing_subsection,
    weight_over_limit,
    class_over_limit,
    section_7_enhancement,
    non_conviction,
    non_conviction_not_minor,
    class_unknown,
    violent_association,
    missing_case_number,
    motion,
)


def minor_cannabis_offense(f: Facts) -> str:
    """`true`, `false` or `unknown` for a cannabis charge; empty for anything else.

    Section 4 or 5, not more than 30 g by subsection and date, no Section 7 enhancement in the
    case or arrest, and no violent crime associated (20 ILCS 2630/5.2).
    """
    if not _is_cannabis_charge(f):
        return ""
    if f.section is not None and f.section not in ELIGIBLE_SECTIONS and f.section != FIRST_OFFENDER_PROBATION_SECTION:
        return "false"
    if f.section_7_associated or f.violent_crime is not None:
        return "false"
    if f.section not in ELIGIBLE_SECTIONS or f.citation.inchoate:  # type: ignore[union-attr]
        return "unknown"
    if f.period is None and f.section == "4":
        return "unknown"
    weight = f.weight
    if weight is None:
        return "unknown"
    return "true" if weight in (Weight.MINOR, Weight.CIVIL) else "false"


@dataclass(frozen=True, slots=True)
class Outcome:
    ruling: Ruling
    minor_cannabis_offense: str
    rule_number: int  # 1-based position in RULES, for tests and diagnostics


@lru_cache(maxsize=1 << 15)
def decide(facts: Facts) -> Outcome:
    for number, rule in enumerate(RULES, start=1):
        ruling = rule(facts)
        if ruling is not None:
            return Outcome(ruling, minor_cannabis_offense(facts), number)
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
