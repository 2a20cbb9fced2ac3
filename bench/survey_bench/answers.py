"""Realistic answers to the built-in check-in surveys, as a mentor or a mentee would give them:
mostly content, some lukewarm, a few unhappy, and a comment now and then."""

import random
from typing import Any

from shared.enums import Role

MEETING_OPTIONS = ("Too rarely", "About right", "Too often")
LEVELS, LEVEL_WEIGHTS = (1, 2, 3, 4, 5), (3, 7, 20, 42, 28)

MENTEE_PRAISE = (
    "Very practical advice I could use the next day.",
    "My mentor always makes time for my questions.",
    "I feel much more confident presenting to the team now.",
    "Great help with my career plan.",
    "Honest feedback on my first design review, exactly what I needed.",
    "Patient, well prepared and encouraging.",
)
MENTEE_CONCERNS = (
    "We had to cancel several meetings this month.",
    "Sessions feel a bit rushed.",
    "My mentor is hard to reach and rarely replies to messages.",
    "I am not sure what my goals are any more.",
    "More structure would help; we mostly chat.",
    "Meetings keep being postponed.",
)
MENTOR_NOTES = (
    "My mentee is engaged and follows up on every action.",
    "Good progress, it is a pleasure to work together.",
    "Hard to find time for mentoring next to my workload.",
    "A short guide on setting goals would help new mentors.",
    "My mentee often misses our meetings.",
    "Steady, nothing to report.",
)


def _near(level: int, rng: random.Random, low: int = 1, high: int = 5) -> int:
    return min(high, max(low, level + rng.choice((-1, 0, 0, 0, 1))))


def mentee_answers(rng: random.Random, level: int) -> dict[str, Any]:
    """A mentee's answers around a satisfaction `level` (1-5); optional comments may be absent."""
    frequency = "Too rarely" if level <= 2 else rng.choices(MEETING_OPTIONS, (2, 12, 1))[0]
    answers: dict[str, Any] = {
        "satisfaction": level,
        "usefulness": _near(level, rng),
        "meeting_frequency": frequency,
        "nps": min(10, max(0, 2 * level + rng.choice((-2, -1, 0, 0, 1)))),
    }
    if level >= 3 and rng.random() < 0.45:
        answers["went_well"] = rng.choice(MENTEE_PRAISE)
    if rng.random() < (0.6 if level <= 3 else 0.15):
        answers["could_be_better"] = rng.choice(MENTEE_CONCERNS)
    return answers


def mentor_answers(rng: random.Random, level: int) -> dict[str, Any]:
    """A mentor's answers around a satisfaction `level` (1-5); the comment may be absent."""
    answers: dict[str, Any] = {
        "satisfaction": level,
        "engagement": _near(level, rng),
        "program_support": _near(max(level, 3), rng),
    }
    if rng.random() < 0.35:
        answers["comments"] = rng.choice(MENTOR_NOTES)
    return answers


def random_level(rng: random.Random) -> int:
    """How content someone is, drawn from a realistic spread (most 4, few 1)."""
    return rng.choices(LEVELS, LEVEL_WEIGHTS)[0]


def answers_for(role: Role | str, rng: random.Random, level: int | None = None) -> dict[str, Any]:
    """Answers by question id for the check-in survey of `role`."""
    level = random_level(rng) if level is None else level
    if Role(role) == Role.MENTEE:
        return mentee_answers(rng, level)
    return mentor_answers(rng, level)


def response_body(answers: dict[str, Any]) -> dict[str, Any]:
    """The JSON body of `POST /api/v1/invitations/{token}/response`."""
    return {"answers": [{"questionId": key, "value": value} for key, value in answers.items()]}
