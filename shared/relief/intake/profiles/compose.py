"""A profile's field sources made into functions of a row (its fields as split), against one header.

Header names are matched as the contract matches them (case, spaces, underscores, dots and dashes
ignored). A column the profile names that the header lacks refuses the file, naming the column and
the field: reading on without it would decide charges on the wrong facts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..columns import header_key
from ..errors import UnreadableFileError
from .model import Profile, Shape, Source, fill, template_columns

Getter = Callable[[Sequence[str]], str]


class ProfileDoesNotFit(UnreadableFileError):
    """The header lacks columns the profile reads. Names columns of the layout, never a value."""


@dataclass(frozen=True)
class HeaderIndex:
    header: tuple[str, ...]

    def position(self, name: str) -> int | None:
        key = header_key(name)
        return next((at for at, h in enumerate(self.header) if header_key(h) == key), None)

    def has(self, name: str) -> bool:
        return self.position(name) is not None


def _replacer(replace: dict[str, str]) -> Callable[[str], str]:
    if not replace:
        return lambda value: value
    pairs = tuple(replace.items())

    def replaced(value: str) -> str:
        for old, new in pairs:
            value = value.replace(old, new)
        return value

    return replaced


def compile_fields(profile: Profile, index: HeaderIndex) -> dict[str, Getter]:
    """A getter for every field the profile gives (`with` fields included)."""
    missing = [(column, field_name) for field_name, source in profile.sources()
               for column in source.columns() if not index.has(column)]
    missing += [(column, "charge") for column in profile.charge.columns if not index.has(column)]
    if missing:
        named = ", ".join(f"{column} (for {field_name})" for column, field_name in dict(missing).items())
        raise ProfileDoesNotFit(f"the header has no column {named}, which profile {profile.name} reads; is the "
                                f"file in that layout? (`relief inspect FILE` says which profile fits)")
    getters: dict[str, Getter] = {}
    for field_name, source in profile.sources():
        getters.update(_compile(field_name, source, index))
    return getters


def _position(index: HeaderIndex, name: str) -> int:
    position = index.position(name)
    assert position is not None  # compile_fields checked every column
    return position


def _compile(field_name: str, source: Source, index: HeaderIndex) -> dict[str, Getter]:
    replaced = _replacer(source.replace)
    if source.column is not None:
        at = _position(index, source.column)
        if not source.replace:
            return {field_name: lambda row: row[at]}
        return {field_name: lambda row: replaced(row[at])}
    if source.constant is not None or source.setting is not None:
        value = source.constant if source.constant is not None else source.default
        return {field_name: lambda row: value}
    if source.join is not None:
        template = source.join
        places = {name: _position(index, name) for name in template_columns(template)}
        return {field_name: lambda row: replaced(fill(template, {n: row[p].strip() for n, p in places.items()}))}
    if source.first_of is not None:
        chain = tuple(_position(index, name) for name in source.first_of)
        chosen = _chooser(chain)
        getters: dict[str, Getter] = {field_name: lambda row: replaced(row[chain[chosen(row)]])}
        for other, columns in source.with_.items():
            getters[other] = _beside(chosen, tuple(_position(index, name) for name in columns))
        return getters
    assert source.shapes is not None
    shapes = tuple(_compiled_shape(shape, index) for shape in source.shapes)

    def shaped(row: Sequence[str]) -> str:
        for test, compose in shapes:
            values = test(row)
            if values is not None:
                return replaced(compose(values))
        return ""

    return {field_name: shaped}


def _chooser(chain: tuple[int, ...]) -> Callable[[Sequence[str]], int]:
    """The place in the chain of the first non-empty column (the last when all are empty)."""
    def chosen(row: Sequence[str]) -> int:
        for at, position in enumerate(chain):
            if row[position].strip():
                return at
        return len(chain) - 1

    return chosen


def _beside(chosen: Callable[[Sequence[str]], int], columns: tuple[int, ...]) -> Getter:
    return lambda row: row[columns[chosen(row)]]


def _compiled_shape(shape: Shape, index: HeaderIndex) -> tuple[Callable[[Sequence[str]], dict[str, str] | None],
                                                                 Callable[[dict[str, str]], str]]:
    equal = tuple((_position(index, name), " ".join(value.split()).upper()) for name, value in shape.when.items())
    matched = tuple((_position(index, name), re.compile(pattern)) for name, pattern in shape.match.items())
    groups = set(shape.groups())
    places = {name: _position(index, name) for name in template_columns(shape.join) if name not in groups}
    template = shape.join

    def test(row: Sequence[str]) -> dict[str, str] | None:
        for position, value in equal:
            if " ".join(row[position].split()).upper() != value:
                return None
        values = {name: row[position].strip() for name, position in places.items()}
        for position, pattern in matched:
            found = pattern.fullmatch(row[position].strip())
            if found is None:
                return None
            values.update({k: v or "" for k, v in found.groupdict().items()})
        return values

    return test, lambda values: fill(template, values)
