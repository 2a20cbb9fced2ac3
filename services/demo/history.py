"""A year of feedback for the demo: quarterly rounds answered through the same code path as
real submissions and the feedback worker, and the closed rounds released, so round results,
pair health and recognitions are what they would be.

Most pairs are content; two improve over the year; the two struggling pairs decline into
AT_RISK; now and then someone ignores a survey.
"""

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from services.demo.plan import PROGRAMS
from services.surveys.feedback_worker import drain
from services.surveys.health import evaluate_active_pairs
from services.surveys.invitations import submit_answers
from services.surveys.recognition import compute_recognitions
from services.surveys.results import release_closed_rounds
from services.surveys.rounds import close_round, create_round
from shared.enums import ProgramStatus, Role
from shared.models import Pair, Participant, Program

ROUND_MONTHS_AGO = (10, 7, 4, 1)
IMPROVING = {("Ines Carvalho", "Aisha Bello"), ("Marcus Johnson", "Laura Schmidt")}
SKIP_CHANCE = 0.08

PRAISE = (
    "My mentor explains things patiently and always makes time for my questions.",
    "Our sessions are practical: I use what we discuss the very next day.",
    "I feel far more confident now, thanks to the honest feedback.",
    "Very insightful advice on my career plan and the next steps.",
    "The exam preparation together was excellent.",
    "She is approachable and knowledgeable, and our meetings are well prepared.",
)
CONCERNS = (
    "We had to cancel most of our meetings this quarter.",
    "My mentor is hard to reach and rarely replies to messages.",
    "Sessions feel rushed and I am not sure what my goals are any more.",
    "Meetings keep being postponed and I feel a bit left alone.",
    "Not enough time together; the plan we made is not followed.",
)
MENTOR_PRAISE = (
    "My mentee is engaged, well prepared and follows up on every action.",
    "Great progress this quarter; it is a pleasure to work together.",
    "The program team gives me the support I need.",
)
MENTOR_CONCERNS = (
    "My mentee often misses our meetings and rarely prepares.",
    "Hard to find time for mentoring next to my workload; I would welcome more support.",
    "We are drifting: goals are unclear and progress is slow.",
)
NEUTRAL = ("We meet every other week as planned.", "Same as last quarter, steady.")


def _trajectory(mentor: str, mentee: str, struggling: set[tuple[str, str]]) -> str:
    if (mentor, mentee) in struggling:
        return "declining"
    return "improving" if (mentor, mentee) in IMPROVING else "content"


def _score(trajectory: str, step: int, content_level: int) -> int:
    if trajectory == "improving":
        return (2, 3, 4, 5)[step]
    if trajectory == "declining":
        return (5, 4, 2, 1)[step]
    return content_level


def _comment(score: int, rng: random.Random, *, mentor: bool) -> str | None:
    if rng.random() < 0.25:
        return None
    if score >= 4:
        return rng.choice(MENTOR_PRAISE if mentor else PRAISE)
    if score <= 2:
        return rng.choice(MENTOR_CONCERNS if mentor else CONCERNS)
    return rng.choice(NEUTRAL)


def _answers(role: Role, score: int, rng: random.Random) -> dict[str, Any]:
    if role == Role.MENTEE:
        return {
            "satisfaction": score,
            "usefulness": score,
            "meeting_frequency": "Too rarely" if score <= 2 else "About right",
            "nps": min(10, max(0, score * 2 + rng.choice((-1, 0, 0, 1)))),
            "went_well": _comment(score, rng, mentor=False) if score >= 3 else None,
            "could_be_better": _comment(score, rng, mentor=False) if score <= 3 else None,
        }
    return {
        "satisfaction": score,
        "engagement": score,
        "program_support": max(3, score),
        "comments": _comment(score, rng, mentor=True),
    }


def _fifth_of_month(now: datetime, months_ago: int) -> datetime:
    """Rounds open on the 5th at 08:00 UTC, so a round's answers fall in one month."""
    year, month = now.year, now.month - months_ago
    while month < 1:
        year, month = year - 1, month + 12
    return datetime(year, month, 5, 8, 0, tzinfo=UTC)


async def seed_feedback_history(*, rng: random.Random, now: datetime | None = None) -> int:
    """Four quarterly rounds over the past year for every active program with pairs under
    way (one that only starts matching has nobody to ask); returns how many responses were
    stored."""
    now = now or datetime.now(UTC)
    struggling = {(p.mentor, p.mentee) for plan in PROGRAMS for p in plan.pairs if p.struggling}
    names = {p.id: p.name async for p in Participant.find_all()}
    stored = 0
    async for program in Program.find(Program.status == ProgramStatus.ACTIVE):
        pairs = {p.id: p async for p in Pair.find(Pair.program_id == program.id)}
        if not any(pair.starts_on for pair in pairs.values()):
            continue
        levels = {pair_id: rng.choice((4, 4, 5)) for pair_id in pairs}  # content pairs stay level
        for step, months_ago in enumerate(ROUND_MONTHS_AGO):
            opens_at = _fifth_of_month(now, months_ago)
            survey_round, links = await create_round(
                program=program,
                label=f"Quarterly check-in, {opens_at:%B %Y}",
                opens_at=opens_at,
                closes_at=opens_at + timedelta(days=14),
                now=opens_at,
            )
            for link in links:
                pair = pairs[link.invitation.pair_id]
                trajectory = _trajectory(names[pair.mentor_id], names[pair.mentee_id], struggling)
                if trajectory == "content" and rng.random() < SKIP_CHANCE:
                    continue
                score = _score(trajectory, step, levels[pair.id])
                answers = {
                    k: v
                    for k, v in _answers(link.invitation.role, score, rng).items()
                    if v is not None
                }
                answered_at = opens_at + timedelta(hours=rng.randint(2, 7 * 24))
                await submit_answers(link.token, answers, text_limit=4000, now=answered_at)
                stored += 1
            await close_round(survey_round, now=opens_at + timedelta(days=14))
    await drain()
    while (await release_closed_rounds()).rounds:  # the closed rounds' figures
        pass
    await evaluate_active_pairs(now=now)  # also the pairs nobody answered about
    async for program in Program.find(Program.status == ProgramStatus.ACTIVE):
        assert program.id is not None
        # Last year's ranking too, which no response of this year refreshes.
        await compute_recognitions(program.id, f"{now.year - 1}")
    return stored
