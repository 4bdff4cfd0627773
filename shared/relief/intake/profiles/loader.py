"""Profiles from TOML: the built-in ones by name (package data in builtin/), or an office's file.

A profile file is small TOML (docs/layouts.md describes it). An error names the file and the part
of the profile at fault, never a value of a data file (a profile holds none).
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .model import Profile

BUILTIN = ("isp", "cook-clerk", "cook-sao")
DEFAULT = "isp"
_MAX_PROFILE_BYTES = 1 << 20  # a profile is a few kilobytes; anything larger is not one


class ProfileError(ValueError):
    """A profile that cannot be read or does not hold together."""


def profile_from_mapping(data: dict[str, Any], source: str) -> Profile:
    try:
        return Profile.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or '(top)'}: {e['msg']}" for e in error.errors())
        raise ProfileError(f"profile {source}: {problems}") from None


def profile_from_text(text: str, source: str) -> Profile:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"profile {source}: {error}") from None
    return profile_from_mapping(data, source)


@cache
def builtin_profile(name: str) -> Profile:
    if name not in BUILTIN:
        raise ProfileError(f"no built-in profile {name!r}; the built-in profiles are {', '.join(BUILTIN)} "
                           f"(or give a profile file, NAME.toml)")
    text = resources.files(__package__).joinpath("builtin", f"{name}.toml").read_text(encoding="utf-8")
    return profile_from_text(text, f"{name} (built in)")


def builtin_profiles() -> tuple[Profile, ...]:
    return tuple(builtin_profile(name) for name in BUILTIN)


def load_profile(choice: str | Path, relative_to: Path | None = None) -> Profile:
    """A built-in profile by name, or a profile file (a path ending .toml, relative to `relative_to`)."""
    text = str(choice)
    if not text.endswith(".toml"):
        return builtin_profile(text)
    path = Path(text)
    if relative_to is not None and not path.is_absolute():
        path = relative_to / path
    try:
        if path.stat().st_size > _MAX_PROFILE_BYTES:
            raise ProfileError(f"profile {text}: larger than {_MAX_PROFILE_BYTES:,} bytes: not a profile")
        data = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ProfileError(f"profile {text}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ProfileError(f"profile {text}: not UTF-8 text") from None
    return profile_from_text(data, text)
