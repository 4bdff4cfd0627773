"""Office settings: the choices the law leaves to a State's Attorney's office, what its court papers
need (who signs, where the office is), and the limits its input files are read within, in a small
TOML file.

Every [policy] default of the domain reference lives here, never as a constant in the rules. A bad
file is refused in plain words that name the setting ("county: no Illinois county 'Cok' (did you
mean Cook?)"), never in the validator's own jargon. An office is named by the deployment's
configuration; `check_office` is the one test of a name.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable, Collection
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .intake.columns import COLUMNS
from .intake.illinois import COOK, IllinoisCounty, closest_counties, illinois_county
from .intake.limits import InputLimits
from .intake.profiles import DEFAULT, Profile, ProfileError, builtin_profile, load_profile
from .intake.profiles.loader import profile_from_text
from .law.policy import ViolentAssociationPolicy
from .law.violence import DEFAULT_VIOLENT_CRIMES, PossiblyViolent, ViolentCrime

# Days a job's results items (names, dates of birth) stay in the results table (README states it).
RESULTS_RETENTION_DAYS = 365

CIRCUITS = tuple(str(n) for n in range(1, 25))  # 705 ILCS 35/1: Cook, and the First to Twenty-fourth


class SignatureBlock(BaseModel):
    """Who signs the motion and prepares the orders, as printed under them (Ill. S. Ct. R. 131(d))."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    attorney: str = ""  # the signing attorney's name
    title: str = "Assistant State's Attorney"
    address: tuple[str, ...] = ()  # the office's street address, one line each
    phone: str = ""
    email: str = ""
    ardc_number: str = ""  # Illinois attorney registration number (or Cook's attorney code)


# What the office must fill in before its papers can be filed, in words for the person running it.
_NEEDED_FOR_FILING = (
    ("attorney", "the signing attorney's name (signature.attorney)"),
    ("address", "the office's address (signature.address)"),
    ("phone", "the office's phone number (signature.phone)"),
    ("ardc_number", "the attorney's ARDC registration number (signature.ardc_number)"),
)


class OfficeSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    office_name: str = "Office of the State's Attorney"
    county: str = ""  # the office's county: an Illinois county, as the office writes it
    # The office's judicial circuit ("1" to "24", or "Cook"), only when the shipped county table is
    # wrong for it (the General Assembly renumbers circuits by amending 705 ILCS 35/1).
    circuit: str = ""
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
    # Convictions per filing at most: a county with more is filed in volumes ("VOLUME 2 OF 3"), cut
    # between people. 0: the deployment's size (5,000 unless the admin set relief:volumeSize).
    volume_size: int = Field(default=0, ge=0, le=1_000_000)

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

    @field_validator("county")
    @classmethod
    def _an_illinois_county(cls, value: str) -> str:
        if value.strip() and illinois_county(value) is None:
            near = closest_counties(value, count=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            raise ValueError(f"no Illinois county {value.strip()!r}{hint}")
        return value

    @field_validator("circuit", mode="before")
    @classmethod
    def _a_circuit(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str):
            text = value.strip()
            number = text.upper().removesuffix("TH").removesuffix("ST").removesuffix("ND").removesuffix("RD")
            if text.lower() == COOK.lower():
                return COOK
            if number in CIRCUITS:
                return number
            if text:
                raise ValueError(f"{text!r} is not an Illinois judicial circuit: give a number from 1 to 24, "
                                 f"or \"Cook\"")
        return value

    @model_validator(mode="after")
    def _circuit_needs_county(self) -> OfficeSettings:
        if self.circuit and not self.county.strip():
            raise ValueError("circuit is set but county is not: name the county whose circuit it is")
        return self

    @property
    def home_county(self) -> IllinoisCounty | None:
        return illinois_county(self.county)

    def circuit_of(self, county: IllinoisCounty) -> str:
        """The judicial circuit whose caption a county's papers carry: the office's own override for
        its own county, else the shipped table's."""
        if self.circuit and self.home_county == county:
            return self.circuit
        return county.circuit

    def missing_for_filing(self) -> tuple[str, ...]:
        """What the office has yet to fill in before its papers can be filed: until then every page
        says DRAFT — NOT FOR FILING. Empty when nothing is missing."""
        missing = tuple(words for name, words in _NEEDED_FOR_FILING
                        if not "".join(_text(getattr(self.signature, name))).strip())
        if not self.layout.identity_in_file:
            # A court cannot enter an order against no one: the papers say "identity not in file".
            missing += (f"the defendants' names (the layout {self.layout.name} does not carry them)",)
        return missing


def _text(value: object) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, tuple) else (str(value),)


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
            raise SettingsError(f"office settings {path}: {error.strerror or error}") from None
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
        raise SettingsError(f"office settings {source} is not a TOML file: {error}") from None
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
            raise SettingsError(f"office settings {source} is not a TOML file: {error}") from None
    return settings_from_mapping(data, source=source)


PROFILE_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.toml$")


def is_profile_file_name(name: str) -> bool:
    """A profile file beside the settings: a plain file name, no folder, nothing that climbs out."""
    return bool(PROFILE_FILE_NAME.match(name)) and ".." not in name


def settings_from_mapping(data: dict[str, Any], source: str = "office settings") -> OfficeSettings:
    try:
        return OfficeSettings.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(_in_words(e) for e in error.errors())
        raise SettingsError(f"{source}: {problems}") from None


# --- validation errors in words -----------------------------------------------------------------

_MODELS: dict[str, type[BaseModel]] = {"": OfficeSettings, "signature": SignatureBlock,
                                       "violent_crimes": ViolentCrime, "possibly_violent": PossiblyViolent,
                                       "limits": InputLimits}
_KINDS = {"string_type": "text in quotes", "int_type": "a whole number", "int_parsing": "a whole number",
          "bool_type": "true or false", "tuple_type": "a list in brackets", "list_type": "a list in brackets",
          "dict_type": "a table of names and values", "model_type": "a table", "model_attributes_type": "a table"}


def _in_words(error: Any) -> str:
    """One pydantic error as a sentence naming the setting: 'signature.attorney must be text in quotes, not 3'."""
    location = [part for part in error["loc"] if part not in ("function-after[_circuit_needs_county()]",)]
    where = ".".join(str(part) for part in location if not isinstance(part, int))
    kind = error["type"]
    given = error.get("input")
    if kind == "extra_forbidden":
        name = str(location[-1]) if location else "?"
        model = _MODELS.get(str(location[0]) if len(location) > 1 else "", OfficeSettings)
        near = difflib.get_close_matches(name, list(model.model_fields), n=1)
        parent = ".".join(str(p) for p in location[:-1] if not isinstance(p, int))
        scope = f" in [{parent}]" if parent else ""
        return f"{name!r} is not a setting{scope}" + (f" (did you mean {near[0]!r}?)" if near else "")
    if kind == "enum":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{where} must be {expected}, not {given!r}"
    if kind in _KINDS:
        return f"{where} must be {_KINDS[kind]}, not {given!r}"
    if kind == "missing":
        return f"{where} is missing"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message
