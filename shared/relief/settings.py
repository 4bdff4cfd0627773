"""Office settings: the choices the law leaves to a State's Attorney's office, in a small TOML file,
and the limits its input files are read within.

Every [policy] default of the domain reference lives here, never as a constant in the rules. An
office is named by the deployment's configuration; `check_office` is the one test of a name.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Collection
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .intake.columns import COLUMNS
from .intake.limits import InputLimits
from .intake.profiles import DEFAULT, Profile, ProfileError, builtin_profile, load_profile
from .intake.profiles.loader import profile_from_text
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
    # The layout of the office's files (intake/profiles): a built-in profile by name (isp, cook-clerk,
    # cook-sao) or a profile file (NAME.toml beside the settings file; on AWS, config/offices/NAME.toml).
    profile: Profile = Field(default_factory=lambda: builtin_profile(DEFAULT))
    # The office's own header names -> contract column names (the simplest profile: added to the one above).
    header_map: dict[str, str] = Field(default_factory=dict)
    signature: SignatureBlock = SignatureBlock()
    # How long a job's decisions (names, dates of birth) stay in the results table before DynamoDB's TTL
    # removes them; the bundles keep theirs. Counted from the job's start.
    results_retention_days: int = Field(default=RESULTS_RETENTION_DAYS, ge=1, le=3650)
    # How much of an input file is read: safe defaults, raised here for an office that needs more.
    limits: InputLimits = InputLimits()

    @field_validator("profile", mode="before")
    @classmethod
    def _profile_by_name(cls, value: Any) -> Any:
        if isinstance(value, str):
            if value.endswith(".toml"):
                raise ValueError(f"profile file {value} was not read (settings given as a mapping read no files)")
            try:
                return builtin_profile(value)
            except ProfileError as error:
                raise ValueError(str(error)) from None
        return value

    @cached_property
    def layout(self) -> Profile:
        """The profile the office's files are read with: office settings filled in (the county of a
        one-county office), [header_map] added to its fields."""
        profile = self.profile
        settings = {name: source for name, source in profile.fields.items() if source.setting is not None}
        if settings:
            fields = {name: source.model_dump(by_alias=True, exclude_defaults=True)
                      for name, source in profile.fields.items()}
            for name, source in settings.items():
                assert source.setting is not None
                fields[name] = {"constant": getattr(self, source.setting) or source.default}
            profile = profile.model_copy(update={"fields": Profile.model_validate(
                {"name": profile.name, "fields": fields}).fields})
        return profile.with_header_map(self.header_map) if self.header_map else profile

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


ProfileFiles = Callable[[str], str]  # a profile file's name -> its text


def load_settings(path: str | Path | None, profile: str | Path | None = None) -> OfficeSettings:
    """Settings from a TOML file, or the reference's defaults when no file is given. `profile` (a
    built-in name or a profile file) overrides the file's own; a profile file the settings name is
    read from beside the settings file."""
    if path is None:
        text, source, folder = "", "default settings", Path.cwd()
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            raise SettingsError(f"office settings {path}: {error}") from None
        source, folder = str(path), Path(path).parent
    if profile is not None:
        try:
            chosen = load_profile(profile)
        except ProfileError as error:
            raise SettingsError(str(error)) from None
        return load_settings_text(text, source, _read_beside(folder), chosen)
    return load_settings_text(text, source, _read_beside(folder))


def _read_beside(folder: Path) -> ProfileFiles:
    def read(name: str) -> str:
        try:
            return (folder / name).read_text(encoding="utf-8")
        except OSError as error:
            raise SettingsError(f"profile {name}: {error.strerror or error}") from None

    return read


def load_settings_text(text: str, source: str, profile_files: ProfileFiles | None = None,
                       profile: Profile | None = None) -> OfficeSettings:
    """Settings from TOML text; `source` names where it came from in any error. A profile file the
    settings name (`profile = "NAME.toml"`) is read by `profile_files`; `profile` overrides it."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"office settings {source}: {error}") from None
    if profile is not None:
        data["profile"] = profile
    elif isinstance(data.get("profile"), str) and data["profile"].endswith(".toml"):
        name = data["profile"]
        if profile_files is None or not is_profile_file_name(name):
            raise SettingsError(f"office settings {source}: profile {name}: a profile file is a file name "
                                f"(letters, digits, dots, dashes, underscores) ending .toml, beside the settings")
        try:
            data["profile"] = profile_from_text(profile_files(name), name)
        except ProfileError as error:
            raise SettingsError(f"office settings {source}: {error}") from None
    return settings_from_mapping(data, source=source)


PROFILE_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.toml$")


def is_profile_file_name(name: str) -> bool:
    """A profile file beside the settings: a plain file name, no folder, nothing that climbs out."""
    return bool(PROFILE_FILE_NAME.match(name)) and ".." not in name


def settings_from_mapping(data: dict[str, Any], source: str = "office settings") -> OfficeSettings:
    try:
        return OfficeSettings.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(top)'}: {e['msg']}" for e in error.errors()
        )
        raise SettingsError(f"{source}: {problems}") from None
