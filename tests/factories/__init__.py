"""Factories that write realistic documents with sensible defaults; tests override what matters."""

from tests.factories.domain import (
    make_check_in,
    make_enrollment,
    make_goal,
    make_pair,
    make_participant,
    make_program,
)

__all__ = [
    "make_check_in",
    "make_enrollment",
    "make_goal",
    "make_pair",
    "make_participant",
    "make_program",
]
