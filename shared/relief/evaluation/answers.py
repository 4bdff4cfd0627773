"""The office's answer to a charge, and a result that carries it beside the rules' decision.

An answer never replaces what the rules decided: `decision`, `reason`, `rule` and `rule_set_version`
stay the rules', the answer goes in `answer_decision`, `answered_by`, `answered_on` and
`answer_note`, and `final_decision` is the decision in force (the answer's, where there is one).
The documents are made from `final_decision`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..law.decisions import Decision
from ..law.rules import STATUTORY_EXCLUSIONS
from .results import Result

# What a reviewer may decide: every decision but `review`, which is the question itself.
ANSWER_DECISIONS: tuple[Decision, ...] = (Decision.MOTION, Decision.INELIGIBLE, Decision.AUTOMATIC,
                                          Decision.NOT_CANNABIS)


@dataclass(frozen=True, slots=True)
class Answer:
    decision: Decision
    reviewer: str
    reviewed_on: date
    note: str = ""

    def cells(self) -> tuple[str, str, str, str]:
        """(answer_decision, answered_by, answered_on, answer_note) as a result holds them."""
        return self.decision.value, self.reviewer, self.reviewed_on.isoformat(), self.note


def answered(result: Result, answer: Answer) -> Result:
    """The result with the office's answer beside the rules' decision, and the answer in force."""
    decision, reviewer, on, note = answer.cells()
    return result._replace(answer_decision=decision, answered_by=reviewer, answered_on=on, answer_note=note,
                           final_decision=decision)


def answer_of(result: Result) -> tuple[str, str, str, str]:
    """The answer a result carries, as cells; all empty when the rules' decision stands alone."""
    return result.answer_decision, result.answered_by, result.answered_on, result.answer_note


def reviewer_decided(result: Result) -> bool:
    """The decision in force is an office's answer (Exhibit A and the orders mark such lines)."""
    return bool(result.answer_decision)


def overrides_the_statute(result: Result) -> bool:
    """The office answered `motion` on a charge the statute itself excludes (rule 4, 6, 10 or 11):
    the summary lists every such answer with its note."""
    return (result.answer_decision == Decision.MOTION.value and result.rule.isdigit()
            and int(result.rule) in STATUTORY_EXCLUSIONS)
