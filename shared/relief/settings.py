"""Office settings: the choices the law leaves to a State's Attorney's office, in a small TOML file.

Every [policy] default of the domain reference lives here, never as a constant in the rules.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .intake.columns import COLUMNS
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
