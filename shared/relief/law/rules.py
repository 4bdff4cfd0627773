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

from .associations import Section7
from .cannabis_act import (
    ELIGIBLE_SECTIONS,
    FIRST_OFFENDER_PROBATION_SECTION,
    SECTION_4_BEFORE_2016,
    SECTION_4_FROM_2016,
    Weight,
    possible_classes,
    weight_of,
)
from .decisions import Authority, Decision, MinorCannabisOffense, Reason, Ruling
from .dispositions import DispositionKind
from .facts import Facts, Period
from .offense_classes import OffenseClass
from .policy import ViolentAssociationPolicy

Check = Callable[[Facts], "Ruling | None"]

# Sections of the Cannabis Control Act the rules read as offenses; any other is rule 4's.
_SECTIONS_READ = ELIGIBLE_SECTIONS | {FIRST_OFFENDER_PROBATION_SECTION}

_EXCLUDED_NAMES = {
    "5.1": "cannabis trafficking",
    "5.2": "delivery on or near school grounds",
    "7": "delivery to a minor, a penalty enhancement",
    "8": "production of cannabis plants",
    "9": "calculated criminal cannabis conspiracy",
}

_AFTER_CUTOFF = Period.AFTER_CUTOFF


# 1
def not_cannabis(f: Facts) -> Ruling | None:
    if f.charge.is_cannabis:
        return None
    if f.citation is not None:
        why = (f"it cites {f.citation}, outside the Act, and relief under 5.2(i) reaches only the Cannabis "
               f"Control Act, whatever the description says")
    else:
        why = (f"its citation could not be read ({f.charge.unreadable_statute!r}) and the description does not "
               f"mention cannabis")
    return Ruling(Decision.NOT_CANNABIS, Reason.NOT_CANNABIS, f"Not a Cannabis Control Act charge: {why}.",
                  Authority.RELIEF)


# 2
def unreadable_citation(f: Facts) -> Ruling | None:
    if f.citation is not None or f.period is _AFTER_CUTOFF:
        return None  # readable (the Act, or an inchoate wrapper: rule 3), or after the cutoff (rule 6)
    return Ruling(Decision.REVIEW, Reason.UNREADABLE_CITATION,
                  f"A cannabis charge the system could not classify: the citation {f.charge.unreadable_statute!r} "
                  f"could not be read. A person must read the record.", Authority.RELIEF)


# 3
def inchoate_offense(f: Facts) -> Ruling | None:
    if f.citation is None or not f.citation.inchoate or f.period is _AFTER_CUTOFF:
        return None
    if f.section is not None and f.section not in _SECTIONS_READ:
        return None  # an attempt at an excluded section is rule 4's
    target = f.citation.target or "a cannabis offense (the target is not cited)"
    return Ruling(Decision.REVIEW, Reason.INCHOATE_OFFENSE,
                  f"{f.citation.inchoate.capitalize()} to commit {target}: whether relief for Section 4 or 5 "
                  f"violations reaches an inchoate offense is for a person to decide.",
                  Authority.MOTION)


# 4
def excluded_section(f: Facts) -> Ruling | None:
    if f.section is None or f.section in _SECTIONS_READ:
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
    if f.period is not _AFTER_CUTOFF:
        return None
    return Ruling(Decision.INELIGIBLE, Reason.OFFENSE_AFTER_CUTOFF,
                  "The offense was on or after 2019-06-25; relief under 5.2(i) covers only earlier offenses.",
                  Authority.RELIEF)


# 7
def civil_violation(f: Facts) -> Ruling | None:
    if f.section != "4" or f.period is not Period.BEFORE_CUTOFF or f.subsection != "a":
        return None
    read = (f" (no subsection is cited; a {f.offense_class.value} is subsection (a))" if f.subsection_read_from_class
            else "")
    return Ruling(Decision.AUTOMATIC, Reason.CIVIL_VIOLATION,
                  f"Section 4(a) possession of 10 g or less on or after 2016-07-29{read} is a civil law violation; "
                  f"its record is expunged automatically, whatever the disposition.", Authority.CIVIL)


# 8
def unknown_disposition(f: Facts) -> Ruling | None:
    if f.disposition.kind is not DispositionKind.UNKNOWN:
        return None
    return Ruling(Decision.REVIEW, Reason.UNKNOWN_DISPOSITION,
                  f"The disposition is {f.disposition.label}: without a known outcome the charge cannot be "
                  f"decided.", Authority.RELIEF)


# 9
def missing_subsection(f: Facts) -> Ruling | None:
    if f.section == FIRST_OFFENDER_PROBATION_SECTION:
        return Ruling(Decision.REVIEW, Reason.MISSING_SUBSECTION,
                      f"The charge is cited only under {f.citation}, first-offender probation: a disposition, "
                      f"not an offense, so which offense and weight it was cannot be told.", Authority.SECTION_10)
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
def section_7_in_case(f: Facts) -> Ruling | None:
    if f.section_7 is Section7.NONE:
        return None
    convicted = f.section_7 is Section7.CONVICTED
    charged = ("A Section 7 charge (delivery to a person under 18) in the same case or arrest "
               + ("ended in a conviction" if convicted else "has no known disposition (empty, pending or not "
                                                            "recognised)"))
    if f.section == "5" and convicted:
        return Ruling(Decision.INELIGIBLE, Reason.SECTION_7_ENHANCEMENT,
                      f"{charged}: it enhances this Section 5 delivery, which takes it out of the Minor Cannabis "
                      f"Offense definition and of relief.", Authority.SECTION_7)
    if f.section == "5":
        why = "if it ends in a conviction it enhances this Section 5 delivery; a person must check"
    else:
        why = ("Section 7 enhances only a Section 5 delivery, but a delivery recorded as possession is a common "
               "data error; a person must check")
    return Ruling(Decision.REVIEW, Reason.SECTION_7_IN_CASE, f"{charged}: {why}.", Authority.SECTION_7)


# 13
def non_conviction(f: Facts) -> Ruling | None:
    if f.is_conviction or minor_cannabis_offense(f) is not MinorCannabisOffense.YES:
        return None
    return Ruling(Decision.AUTOMATIC, Reason.NON_CONVICTION,
                  f"A non-conviction ({f.disposition.label}) for a Minor Cannabis Offense before 2019-06-25: the "
                  f"State Police and the arresting agency expunge it automatically.", Authority.AUTOMATIC)


# 14
def non_conviction_not_minor(f: Facts) -> Ruling | None:
    if f.is_conviction or minor_cannabis_offense(f) is not MinorCannabisOffense.NO:
        return None
    return Ruling(Decision.INELIGIBLE, Reason.NON_CONVICTION_NOT_MINOR,
                  f"A non-conviction ({f.disposition.label}) that is not a Minor Cannabis Offense "
                  f"({_why_not_minor(f)}): ordinary expungement under 5.2(b) applies instead.",
                  Authority.ORDINARY_EXPUNGEMENT)


# 15
def class_unknown(f: Facts) -> Ruling | None:
    if not f.is_conviction or f.subsection is None or f.offense_class.settles_eligibility:
        return None
    classes = possible_classes(f.table, f.subsection)
    if not any(c.is_over_motion_limit for c in classes):
        return None
    return Ruling(Decision.REVIEW, Reason.CLASS_UNKNOWN,
                  f"{f.offense_name} conviction with {_class_phrase(f)}: a first offense is a Class 4 felony "
                  f"(eligible), a subsequent one a Class 3 felony (not eligible).", Authority.SECTION_4)


# 16
def violent_association(f: Facts) -> Ruling | None:
    if f.violent_crime is None and f.possibly_violent is None:
        return None
    if not f.is_conviction:
        # Only a possibly violent charge leaves a non-conviction here: its Minor Cannabis Offense answer
        # is "unknown" (a violent one makes it "no": rule 14).
        return Ruling(Decision.REVIEW, Reason.VIOLENT_ASSOCIATION,
                      f"A non-conviction ({f.disposition.label}) whose case or arrest also charged a possibly "
                      f"violent crime ({f.possibly_violent}): whether it is a Minor Cannabis Offense, which decides "
                      f"automatic expungement, depends on what the record cannot tell (force used, harm done). A "
                      f"person reviews it whatever the office's setting.", Authority.VIOLENT_CRIME)
    policy = f.violent_policy
    if policy is ViolentAssociationPolicy.INCLUDE:
        return None
    if f.violent_crime is not None:
        excluded = policy is ViolentAssociationPolicy.EXCLUDE
        return Ruling(Decision.INELIGIBLE if excluded else Decision.REVIEW, Reason.VIOLENT_ASSOCIATION,
                      f"The same case or arrest also charged a violent crime ({f.violent_crime}); the office "
                      f"{'excludes' if excluded else 'reviews'} such convictions (setting violent_association = "
                      f"{policy.value}).", Authority.VIOLENT_CRIME)
    return Ruling(Decision.REVIEW, Reason.VIOLENT_ASSOCIATION,
                  f"The same case or arrest also charged a possibly violent crime ({f.possibly_violent}), which the "
                  f"record cannot settle under 725 ILCS 120/3(c); a person reviews such convictions (setting "
                  f"violent_association = {policy.value}).", Authority.VIOLENT_CRIME)


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
    if f.violent_crime is not None or f.possibly_violent is not None:
        crime = (f"a violent crime ({f.violent_crime})" if f.violent_crime is not None
                 else f"a possibly violent crime ({f.possibly_violent})")
        flagged = (f" The same case or arrest also charged {crime}; the office includes such convictions "
                   f"(setting violent_association = include).")
    return Ruling(Decision.MOTION, reason,
                  f"Conviction for {f.offense_name}{grams}, {_class_phrase(f)}, before 2019-06-25: the State's "
                  f"Attorney may move to vacate and expunge it.{flagged}", Authority.MOTION)


Outcome = tuple[Decision, Reason]


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of the reference's decision table: its number, its condition in words, the check, and
    what it can decide (each decision with its reason code) on which statutes."""

    number: int
    condition: str
    check: Check
    outcomes: tuple[Outcome, ...]
    statutes: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.check.__name__

    @property
    def decisions(self) -> tuple[Decision, ...]:
        return tuple(dict.fromkeys(decision for decision, _ in self.outcomes))

    @property
    def reasons(self) -> tuple[Reason, ...]:
        return tuple(dict.fromkeys(reason for _, reason in self.outcomes))


D, R, A = Decision, Reason, Authority
RULES: tuple[Rule, ...] = tuple(Rule(number, condition, check, outcomes, statutes)
                                for number, (check, condition, outcomes, statutes) in enumerate((
    (not_cannabis, "not a Cannabis Control Act charge: a readable citation outside the Act, whatever the "
                   "description says, or an unreadable one whose description is not cannabis-like",
     ((D.NOT_CANNABIS, R.NOT_CANNABIS),), (A.RELIEF,)),
    (unreadable_citation, "a cannabis-like description whose citation cannot be read, unless the offense date is "
                          "on or after 2019-06-25 (then rule 6)",
     ((D.REVIEW, R.UNREADABLE_CITATION),), (A.RELIEF,)),
    (inchoate_offense, "an attempt, conspiracy or solicitation of a Section 4 or 5 offense, unless the offense "
                       "date is on or after 2019-06-25 (then rule 6)",
     ((D.REVIEW, R.INCHOATE_OFFENSE),), (A.MOTION,)),
    (excluded_section, "Section 5.1, 5.2, 7, 8 or 9 of the Cannabis Control Act (or any other section but 4, 5 "
                       "and 10)",
     ((D.INELIGIBLE, R.EXCLUDED_SECTION),), (A.MOTION,)),
    (missing_offense_date, "neither an offense date nor an arrest date",
     ((D.REVIEW, R.MISSING_OFFENSE_DATE),), (A.RELIEF,)),
    (offense_after_cutoff, "an offense on or after 2019-06-25",
     ((D.INELIGIBLE, R.OFFENSE_AFTER_CUTOFF),), (A.RELIEF,)),
    (civil_violation, "Section 4(a) on or after 2016-07-29 (a civil violation; also Section 4 without subsection "
                      "and class PETTY, P, CIVIL or CIV), whatever the disposition",
     ((D.AUTOMATIC, R.CIVIL_VIOLATION),), (A.CIVIL,)),
    (unknown_disposition, "the disposition is empty, pending or not recognised",
     ((D.REVIEW, R.UNKNOWN_DISPOSITION),), (A.RELIEF,)),
    (missing_subsection, "the weight cannot be told: no subsection and no class given (for a conviction, a class "
                         "that is neither a misdemeanor or Class 4 felony nor Class 3 or higher), a non-conviction "
                         "whose weight the class cannot settle, a subsection the section does not have, or a charge "
                         "cited only under Section 10 (first-offender probation)",
     ((D.REVIEW, R.MISSING_SUBSECTION),), (A.SECTION_4, A.SECTION_5, A.SECTION_10)),
    (weight_over_limit, "Section 4(e)-(g) or Section 5(d)-(g)",
     ((D.INELIGIBLE, R.WEIGHT_OVER_LIMIT),), (A.MOTION,)),
    (class_over_limit, "a Class 3, 2, 1 or X felony",
     ((D.INELIGIBLE, R.CLASS_OVER_LIMIT),), (A.MOTION,)),
    (section_7_in_case, "a Section 7 charge in the same case or arrest that ended in a conviction or whose "
                        "disposition is empty, pending or unknown: a Section 5 charge with a Section 7 conviction "
                        "is ineligible (section_7_enhancement); every other is review (section_7_in_case)",
     ((D.INELIGIBLE, R.SECTION_7_ENHANCEMENT), (D.REVIEW, R.SECTION_7_IN_CASE)), (A.SECTION_7,)),
    (non_conviction, "a non-conviction for a Minor Cannabis Offense (the answer is yes)",
     ((D.AUTOMATIC, R.NON_CONVICTION),), (A.AUTOMATIC,)),
    (non_conviction_not_minor, "a non-conviction that is not a Minor Cannabis Offense (the answer is no)",
     ((D.INELIGIBLE, R.NON_CONVICTION_NOT_MINOR),), (A.ORDINARY_EXPUNGEMENT,)),
    (class_unknown, "a Section 4(d) conviction with no class given (Class 4, or Class 3 if subsequent)",
     ((D.REVIEW, R.CLASS_UNKNOWN),), (A.SECTION_4,)),
    (violent_association, "a violent or possibly violent crime charged in the same case or arrest: a conviction "
                          "as the office's setting violent_association says (a possibly violent one is review "
                          "under review and exclude); a non-conviction that reaches this rule is review under "
                          "every setting",
     ((D.REVIEW, R.VIOLENT_ASSOCIATION), (D.INELIGIBLE, R.VIOLENT_ASSOCIATION)), (A.VIOLENT_CRIME,)),
    (missing_case_number, "a conviction without a court case number",
     ((D.REVIEW, R.MISSING_CASE_NUMBER),), (A.MOTION,)),
    (motion, "any other conviction",
     ((D.MOTION, R.POSSESSION_UP_TO_500G), (D.MOTION, R.DELIVERY_UP_TO_30G)), (A.MOTION,)),
), start=1))
del D, R, A

# The rules by which the statute itself keeps a charge out of the motion (an excluded section, an
# offense after the cutoff, a weight or class beyond the limit). An office that answers `motion` on
# such a charge overrides the statute's words, so its answer must say why (pipeline.answers_file).
STATUTORY_EXCLUSIONS: frozenset[int] = frozenset(
    rule.number for rule in RULES if rule.check in (excluded_section, offense_after_cutoff, weight_over_limit,
                                                    class_over_limit))


def trace(facts: Facts) -> tuple[tuple[Rule, Ruling | None], ...]:
    """Each rule checked in order, with what it said, up to and including the one that decides
    (`relief explain`)."""
    checked: list[tuple[Rule, Ruling | None]] = []
    for rule in RULES:
        ruling = rule.check(facts)
        checked.append((rule, ruling))
        if ruling is not None:
            break
    return tuple(checked)


def _answer(weight: Weight | None) -> MinorCannabisOffense:
    if weight is None:
        return MinorCannabisOffense.UNKNOWN
    return MinorCannabisOffense.YES if weight in (Weight.MINOR, Weight.CIVIL) else MinorCannabisOffense.NO


def _answer_by_weight(f: Facts) -> MinorCannabisOffense:
    """Not more than 30 g, by subsection (or class) and date. Without a date Section 4 gets the answer
    both its tables give where they agree, and "unknown" where they differ."""
    if f.period is None and f.section == "4":
        before = _answer(weight_of(SECTION_4_BEFORE_2016, f.subsection, f.offense_class))
        after = _answer(weight_of(SECTION_4_FROM_2016, f.subsection, f.offense_class))
        return before if before is after else MinorCannabisOffense.UNKNOWN
    return _answer(f.weight)


def minor_cannabis_offense(f: Facts) -> MinorCannabisOffense:
    """Yes, no or unknown for a cannabis charge; NOT_CANNABIS for anything else.

    Section 4 or 5, not more than 30 g by subsection and date, no Section 7 conviction in the case or
    arrest, and no violent crime associated (20 ILCS 2630/5.2). A possibly violent charge, or a
    Section 7 charge with no known disposition, makes it unknown unless something else makes it no.
    """
    if not f.charge.is_cannabis:
        return MinorCannabisOffense.NOT_CANNABIS
    section = f.section
    if section is not None and section not in _SECTIONS_READ:
        return MinorCannabisOffense.NO
    if f.violent_crime is not None or f.section_7 is Section7.CONVICTED:
        return MinorCannabisOffense.NO
    if section not in ELIGIBLE_SECTIONS or (f.citation is not None and f.citation.inchoate):
        return MinorCannabisOffense.UNKNOWN  # Section 10, an unreadable citation or an inchoate offense
    answer = _answer_by_weight(f)
    if answer is MinorCannabisOffense.YES and (f.possibly_violent is not None or f.section_7 is Section7.UNDECIDED):
        return MinorCannabisOffense.UNKNOWN
    return answer


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
    if f.section_7 is Section7.CONVICTED:
        return "a Section 7 charge in the same case or arrest ended in a conviction"
    if f.subsection in f.table:
        return f"{f.offense_name}, {f.table[f.subsection].grams}"
    return f"a {f.offense_class.value} under Section {f.section} means more than 30 g"
