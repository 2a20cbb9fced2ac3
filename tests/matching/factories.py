"""Matching profiles with plain defaults (no languages, department or level: all neutral), so
each test states only the signals it is about."""

import itertools
from typing import Any

from shared.matching import MatchProfile

_sequence = itertools.count(1)


def make_profile(name: str | None = None, **fields: Any) -> MatchProfile:
    """A participant as matching sees them; `name` becomes the id, for readable assertions."""
    profile_id = name or f"person-{next(_sequence):04d}"
    for list_field in ("skills", "development_needs", "interests", "languages"):
        if list_field in fields:
            fields[list_field] = tuple(fields[list_field])
    return MatchProfile(id=profile_id, **fields)


def make_mentor(name: str | None = None, *, capacity: int = 1, **fields: Any) -> MatchProfile:
    """A mentor with `capacity` free places unless `open_mentor_pairs` says otherwise."""
    return make_profile(name, mentor_capacity=capacity, **fields)
