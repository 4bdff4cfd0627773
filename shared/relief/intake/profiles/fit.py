"""Which profile fits a header: every column it reads is there, and every field the decisions need
has a source. Among those that fit, the one whose published header the file matches best."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..columns import header_key
from .loader import builtin_profiles
from .model import Profile


@dataclass(frozen=True)
class Fit:
    profile: Profile
    absent: tuple[str, ...]  # columns the profile reads that the header lacks
    unsourced: tuple[str, ...]  # required fields with no source
    matched: int  # columns of the profile's published header found in the file
    published: int  # columns in the profile's published header

    @property
    def fits(self) -> bool:
        return not self.absent and not self.unsourced

    @property
    def share(self) -> float:
        return self.matched / self.published if self.published else 0.0


def fit_of(profile: Profile, header: Sequence[str]) -> Fit:
    keys = {header_key(h) for h in header}
    absent = tuple(c for c in profile.columns() if header_key(c) not in keys)
    published = tuple(dict.fromkeys(header_key(c) for c in profile.header))
    return Fit(profile, absent, tuple(profile.missing_required(header)),
               sum(1 for c in published if c in keys), len(published))


def fits(header: Sequence[str], profiles: Sequence[Profile] | None = None) -> list[Fit]:
    """Every built-in profile (or `profiles`) against the header, the best first."""
    found = [fit_of(p, header) for p in (profiles if profiles is not None else builtin_profiles())]
    return sorted(found, key=lambda f: (not f.fits, -f.share, -f.matched))


def best_fit(header: Sequence[str]) -> Profile | None:
    found = fits(header)
    return found[0].profile if found and found[0].fits else None
