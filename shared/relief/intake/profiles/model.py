"""A layout profile: how the rows of one layout become the contract's charges.

A profile names, for each contract field, where it comes from: one column, a join of several, the
first non-empty of a chain (taking the fields that go with it from the same place), a constant, an
office setting, or one of several shapes tried in order. It lists the date forms the layout writes,
the value tables its coded dispositions and classes are read through, the columns that identify one
charge when a charge spans several rows, and the fields the layout cannot supply.

The simplest profile is today's bare header map (fields from one column each, nothing else): such a
profile is read by the contract reader itself, at its speed (`is_header_map`).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Sequence
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ...law.dispositions import DispositionKind, normalise_disposition
from ...law.offense_classes import OffenseClass, normalise_class
from ..columns import COLUMNS, IN_HEADER, header_key

# Fields whose values a profile may translate through a value table.
TABLE_FIELDS = ("disposition", "offense_class")
# Office settings a field may be taken from (settings.py fills them in before the file is read).
SETTINGS = ("county", "office_name")
# Fields a layout may lack without a row becoming unreadable: no decision reads them. The documents
# mark a person without a name "identity not in file"; age factors without a date of birth say so.
MAY_BE_MISSING = ("last_name", "first_name", "middle_name", "date_of_birth", "sex", "race", "fbi_number",
                  "arresting_agency", "offense_date", "charge_number", "offense_description", "offense_class",
                  "court_case_number", "disposition_date", "sentence")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


def template_columns(template: str) -> tuple[str, ...]:
    """The names a join template refers to ({NAME}), in order."""
    try:
        return tuple(name for _, name, _, _ in string.Formatter().parse(template) if name)
    except ValueError as error:
        raise ValueError(f"join template {template!r}: {error}") from None


def fill(template: str, values: dict[str, str]) -> str:
    """The template with every {NAME} replaced (a name in any letter case, as in the header)."""
    return "".join(literal + (values[name] if name else "")
                   for literal, name, _, _ in string.Formatter().parse(template))


class Shape(_Frozen):
    """One shape a composed field may take: used when its tests hold. `when` compares columns with
    values ("" is empty, compared stripped and in any case); `match` tests columns against regular
    expressions whose named groups the join may use too."""

    when: dict[str, str] = Field(default_factory=dict)
    match: dict[str, str] = Field(default_factory=dict)
    join: str

    @field_validator("match")
    @classmethod
    def _patterns_compile(cls, value: dict[str, str]) -> dict[str, str]:
        for column, pattern in value.items():
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"match pattern for {column}: {error}") from None
        return value

    def groups(self) -> tuple[str, ...]:
        return tuple(name for pattern in self.match.values() for name in re.compile(pattern).groupindex)

    def columns(self) -> tuple[str, ...]:
        groups = set(self.groups())
        return (*self.when, *self.match, *(c for c in template_columns(self.join) if c not in groups))


class Source(_Frozen):
    """Where one field comes from: exactly one of column, join, first_of, constant, setting, shapes."""

    column: str | None = None
    join: str | None = None
    first_of: tuple[str, ...] | None = None
    # With first_of: fields taken from the same place in their own chains as the column chosen.
    with_: dict[str, tuple[str, ...]] = Field(default_factory=dict, alias="with")
    constant: str | None = None
    setting: str | None = None
    default: str = ""  # for setting: the value when the office has not set it
    shapes: tuple[Shape, ...] | None = None
    # Characters replaced in the value read (a backslash written for a slash, say).
    replace: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_kind(self) -> Source:
        kinds = ("column", "join", "first_of", "constant", "setting", "shapes")
        given = [k for k in kinds if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("a field comes from exactly one of column, join, first_of, constant, setting or "
                             f"shapes (given: {', '.join(given) or 'none'})")
        if self.with_ and self.first_of is None:
            raise ValueError("'with' goes with first_of")
        for field_name, chain in self.with_.items():
            if field_name not in COLUMNS:
                raise ValueError(f"'with' names {field_name}, not a contract field")
            if self.first_of is not None and len(chain) != len(self.first_of):
                raise ValueError(f"'with' chain for {field_name} has {len(chain)} columns where first_of has "
                                 f"{len(self.first_of)}: each column of the chain takes the one beside it")
        if self.setting is not None and self.setting not in SETTINGS:
            raise ValueError(f"setting {self.setting!r} is not one of the office settings {', '.join(SETTINGS)}")
        if self.shapes is not None and not self.shapes:
            raise ValueError("shapes lists at least one shape")
        if self.join is not None:
            template_columns(self.join)
        return self

    @property
    def kind(self) -> str:
        """What the field is, for `relief inspect`: found (one column) or composed (anything else)."""
        return "found" if self.column is not None and not self.replace else "composed"

    def columns(self) -> tuple[str, ...]:
        """Every column this source reads, `with` chains included."""
        if self.column is not None:
            return (self.column,)
        if self.join is not None:
            return template_columns(self.join)
        if self.first_of is not None:
            return (*self.first_of, *(c for chain in self.with_.values() for c in chain))
        if self.shapes is not None:
            return tuple(dict.fromkeys(c for shape in self.shapes for c in shape.columns()))
        return ()


def _source(value: Any) -> Any:
    return {"column": value} if isinstance(value, str) else value


class ValueTable(_Frozen):
    """A coded field's values, each mapped to the reference's words. Values are matched stripped and in
    any letter case. `ancillary` (dispositions): lines that never decide a charge (credit for time
    served, restitution). A value in neither is counted and reported, never guessed."""

    values: dict[str, str] = Field(default_factory=dict)
    ancillary: tuple[str, ...] = ()

    def lookup(self) -> dict[str, str]:
        return {table_key(k): v for k, v in self.values.items()}

    def ancillary_keys(self) -> frozenset[str]:
        return frozenset(table_key(v) for v in self.ancillary)


def table_key(value: str) -> str:
    return " ".join(value.split()).upper()


class PivotRule(str, Enum):
    # A two-digit year is put in the latest century that keeps the date on or before the day the file
    # is read: no date of birth, arrest or disposition is in the future.
    NOT_IN_FUTURE = "not_in_future"


class DateForms(_Frozen):
    """The forms (strptime's) the layout writes dates in, tried in order before the contract's own."""

    forms: tuple[str, ...] = ()
    pivot: PivotRule = PivotRule.NOT_IN_FUTURE


class ChargeIdentity(_Frozen):
    """The columns that identify one charge of one person. Rows of a person sharing them (all
    non-empty) are one charge, decided once: a conviction if any of its lines says so."""

    columns: tuple[str, ...] = ()


class Profile(_Frozen):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,62}$")
    title: str = ""
    # The public documentation the profile was built from.
    cites: tuple[str, ...] = ()
    # The header as the layout publishes it, in file order (how `relief inspect` recognises it).
    header: tuple[str, ...] = ()
    fields: dict[str, Source] = Field(default_factory=dict)
    dates: DateForms = DateForms()
    tables: dict[str, ValueTable] = Field(default_factory=dict)
    charge: ChargeIdentity = ChargeIdentity()
    not_in_file: tuple[str, ...] = ()

    @field_validator("fields", mode="before")
    @classmethod
    def _bare_names_are_columns(cls, value: Any) -> Any:
        return {k: _source(v) for k, v in value.items()} if isinstance(value, dict) else value

    @model_validator(mode="after")
    def _consistent(self) -> Profile:
        unknown = sorted(set(self.fields) - set(COLUMNS))
        if unknown:
            raise ValueError(f"fields names {', '.join(unknown)}, not contract fields; the fields are "
                             f"{', '.join(COLUMNS)}")
        taken = dict.fromkeys(self.fields, "fields")
        for name, source in self.fields.items():
            for other in source.with_:
                if other in taken:
                    raise ValueError(f"{other} is given twice (in fields and with {name})")
                taken[other] = name
        for name in self.not_in_file:
            if name not in COLUMNS:
                raise ValueError(f"not_in_file names {name}, not a contract field")
            if name in taken:
                raise ValueError(f"{name} is both given and not in the file")
            if name not in MAY_BE_MISSING:
                raise ValueError(f"{name} cannot be missing: the decisions need it")
        for name, table in self.tables.items():
            if name not in TABLE_FIELDS:
                raise ValueError(f"tables.{name}: a value table reads {' or '.join(TABLE_FIELDS)}")
            for value, word in table.values.items():
                _check_word(name, value, word)
            if table.ancillary and name != "disposition":
                raise ValueError(f"tables.{name}: only dispositions have ancillary lines")
        return self

    # --- what the readers ask --------------------------------------------------------------------

    @property
    def is_header_map(self) -> bool:
        """Fields from one column each and nothing else: read by the contract reader at its speed."""
        return (not self.dates.forms and not self.tables and not self.charge.columns and not self.not_in_file
                and all(s.column is not None and not s.replace for s in self.fields.values()))

    def with_header_map(self, header_map: dict[str, str]) -> Profile:
        """The profile with an office's [header_map] entries (their name -> contract field) as fields."""
        fields: dict[str, Any] = {name: source.model_dump(by_alias=True, exclude_defaults=True)
                                  for name, source in self.fields.items()}
        fields.update({ours: {"column": theirs} for theirs, ours in header_map.items()})
        return self.model_copy(update={"fields": Profile.model_validate({"name": self.name, "fields": fields}).fields})

    def header_map(self) -> dict[str, str]:
        """The profile as the office settings' [header_map]: the file's name -> the contract's."""
        return {source.column: name for name, source in self.fields.items() if source.column is not None}

    @property
    def groups_rows(self) -> bool:
        """Whether a charge may span several rows (results then list each charge's source rows)."""
        return bool(self.charge.columns)

    def sources(self) -> Iterator[tuple[str, Source]]:
        yield from self.fields.items()

    def given(self, field_name: str) -> bool:
        return field_name in self.fields or any(field_name in s.with_ for s in self.fields.values())

    def columns(self) -> tuple[str, ...]:
        """Every column the profile reads, in the order it names them."""
        named = [c for _, source in self.sources() for c in source.columns()]
        return tuple(dict.fromkeys([*named, *self.charge.columns]))

    def disposition_words(self) -> frozenset[str] | None:
        """The words the disposition table writes (None: no table, the text is read as written)."""
        table = self.tables.get("disposition")
        return None if table is None else frozenset(table.values.values())

    def class_words(self) -> frozenset[str] | None:
        table = self.tables.get("offense_class")
        return None if table is None else frozenset(table.values.values())

    @property
    def identity_in_file(self) -> bool:
        return "last_name" not in self.not_in_file and "first_name" not in self.not_in_file

    @property
    def birth_in_file(self) -> bool:
        return "date_of_birth" not in self.not_in_file

    def missing_required(self, header: Sequence[str]) -> list[str]:
        """Required fields the profile gives no source for and the header has no same-named column for."""
        keys = {header_key(h) for h in header}
        return [c for c in IN_HEADER if c not in self.not_in_file and not self.given(c) and header_key(c) not in keys]


def _check_word(field_name: str, value: str, word: str) -> None:
    """A table maps only to words the reference's vocabulary reads: a mistyped word would be a guess."""
    if field_name == "disposition":
        reading = normalise_disposition(word)
        if reading.kind is DispositionKind.UNKNOWN and reading.label != "pending":
            raise ValueError(f"tables.disposition: {value!r} maps to {word!r}, which the reference's words do not "
                             f"read (use a word of its section 4, or PENDING for a charge without an outcome)")
    elif normalise_class(word) in (OffenseClass.NONE, OffenseClass.UNRECOGNISED):
        raise ValueError(f"tables.offense_class: {value!r} maps to {word!r}, which is not a class the contract reads")
