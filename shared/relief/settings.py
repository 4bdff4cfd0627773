"""Office settings: the choices the law leaves to a State's Attorney's office, in a small TOML file,
and the limits its input files are read within.

Every [policy] default of the domain reference lives here, never as a constant in the rules. An
office is named by the deployment's configuration; `check_office` is the one test of a name.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .intake.columns import COLUMNS
from .intake.limits import InputLimits
from .law.policy import ViolentAssociationPolicy
from .law.violence import DEFAULT_VIOLENT_CRIMES, PossiblyViolent, ViolentCrime

# Days a job's results items (names, dates of birth) stay in the results table (README states it).
RESULTS_RETENTION_DAYS = 365


class SignatureBlock(BaseModel):
    """Who signs the motion, as printed under it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    attorney: str = "State's Attorney"
    title: str = "State's Attorney"
    address: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    ardc_number: str = ""


class OfficeSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    office_name: str = "Office of the State's Attorney"
    county: str = ""
    violent_association: ViolentAssociationPolicy = ViolentAssociationPolicy.REVIEW
    violent_crimes: tuple[ViolentCrime, ...] = DEFAULT_VIOLENT_CRIMES
    possibly_violent: PossiblyViolent = PossiblyViolent()
    # The office's own header names -> contract column names.
    header_map: dict[str, str] = Field(default_factory=dict)
    signature: SignatureBlock = SignatureBlock()
    # How long a job's decisions (names, dates of birth) stay in the results table before DynamoDB's TTL
    # removes them; the bundles keep theirs. Counted from the job's start.
    results_retention_days: int = Field(default=RESULTS_RETENTION_DAYS, ge=1, le=3650)
    # How much of an input file is read: safe defaults, raised here for an office that needs more.
    limits: InputLimits = InputLimits()

    @field_validator("header_map")
    @classmethod
    def _targets_are_columns(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted({target for target in value.values() if target not in COLUMNS})
        if unknown:
            raise ValueError(f"header_map maps to unknown column(s) {', '.join(unknown)}; "
                             f"the columns are {', '.join(COLUMNS)}")
        return value


class SettingsError(ValueError):
    pass


# An office name is an S3 prefix segment (incoming/<office>/) and part of IAM and KMS names: 1 to 32
# lowercase letters, digits or dashes, not starting or ending with a dash. (infra/config.py checks
# the deployment's offices with the same rule.)
OFFICE_NAME = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$")
OFFICE_NAME_RULE = "1 to 32 lowercase letters, digits or dashes, not starting or ending with a dash"


class UnknownOffice(ValueError):
    """An office name that is malformed or not one of the configured offices. The message never
    repeats a malformed name: it could be anything a caller put in an object key."""


def is_office_name(name: str) -> bool:
    return bool(OFFICE_NAME.match(name))


def check_office(name: str, configured: Collection[str]) -> str:
    """`name` if it is a well-formed office name and one of the `configured` offices, else UnknownOffice."""
    if not is_office_name(name):
        raise UnknownOffice(f"an office name is {OFFICE_NAME_RULE}")
    if name not in configured:
        known = ", ".join(sorted(configured)) or "none"
        raise UnknownOffice(f"office {name} is not one of the configured offices ({known})")
    return name


def load_settings(path: str | Path | None) -> OfficeSettings:
    """Settings from a TOML file, or the reference's defaults when no file is given."""
    if path is None:
        return OfficeSettings()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise SettingsError(f"office settings {path}: {error}") from None
    return load_settings_text(text, str(path))


def load_settings_text(text: str, source: str) -> OfficeSettings:
    """Settings from TOML text; `source` names where it came from in any error."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"office settings {source}: {error}") from None
    return settings_from_mapping(data, source=source)


def settings_from_mapping(data: dict, source: str = "office settings") -> OfficeSettings:
    try:
        return OfficeSettings.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(top)'}: {e['msg']}" for e in error.errors()
        )
        raise SettingsError(f"{source}: {problems}") from None
