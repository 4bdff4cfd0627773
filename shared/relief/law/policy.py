"""The choices the law leaves to a State's Attorney's office that the rules themselves read."""

from __future__ import annotations

from enum import Enum


class ViolentAssociationPolicy(str, Enum):
    """What rule 16 does with a conviction whose case or arrest also charged a violent crime."""

    REVIEW = "review"  # a person looks at the conviction (default)
    INCLUDE = "include"  # it stays in the motion, flagged
    EXCLUDE = "exclude"  # it is left out: ineligible
