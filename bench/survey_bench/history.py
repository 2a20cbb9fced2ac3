"""Survey history for a seeded company: closed rounds per ACTIVE program (by default four
quarterly ones over the past year), both sides of every pair invited each time, a chosen
number of responses among those invitations (the rest expired), each with its scored
comments, and then the rounds released by the survey service's own `release_closed_rounds()`
(their `RoundResult`s and the recognitions resting on them), unless asked to leave them for a
benchmark of the release itself. `seed_open_rounds()` adds rounds still open, their links partly
answered. No feedback events: they are the service's own bookkeeping of responses it has yet
to process, and these are done.

Written directly with Beanie documents, in batches: the service's submission path would take
far too long for 18,000 responses, and what matters here is what the database holds.
"""

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from beanie import Document, PydanticObjectId

from bench.survey_bench.answers import answers_for, random_level
from bench.survey_bench.world import BATCH, ProgramWorld
from services.surveys.results import release_closed_rounds
from services.surveys.sentiment import SCORER_VERSION, score_text
from shared.enums import InvitationState, QuestionKind, Role, RoundStatus
from shared.models import (
    Invitation,
    Pair,
    SurveyResponse,
    SurveyRound,
    SurveyTemplate,
)
from shared.models.surveys import Answer, TextSentiment, ThemeMention

QUARTERLY_FOR_A_YEAR = (10, 7, 4, 1)  # months ago
ROUND_DAYS_OPEN = 14
MINUTE = timedelta(minutes=1)
ROUNDS_RELEASED_PER_PASS = 200
TEMPLATE_KEYS = {Role.MENTEE: "mentee-check-in", Role.MENTOR: "mentor-check-in"}


@dataclass
class _History:
    """What a year of surveys leaves behind, before it is inserted."""

    rounds: list[SurveyRound]
    invitations: list[Invitation]
    responses: list[SurveyResponse]


@cache
def scored(question_id: str, text: str) -> TextSentiment:
    """The service's sentiment of a comment; the comment pools are small, so each is scored
    once."""
    score = score_text(text)
    return TextSentiment(
        question_id=question_id,
        polarity=score.polarity,
        subjectivity=score.subjectivity,
        label=score.label,
        confidence=score.confidence,
        themes=[ThemeMention(theme=t.theme, polarity=t.polarity) for t in score.themes],
    )


def response_of(
    invitation: Invitation,
    template: SurveyTemplate,
    mentor_id: PydanticObjectId,
    values: dict[str, Any],
    submitted_at: datetime,
) -> SurveyResponse:
    """What the service stores for these answers: the satisfaction is the mean of the counting
    (1-5) questions, the NPS the answer to the NPS question, each comment scored."""
    kinds = {q.id: q for q in template.questions}
    counting = [v for k, v in values.items() if kinds[k].counts_toward_satisfaction]
    satisfaction = round(sum(counting) / len(counting), 4) if counting else None
    nps = next((v for k, v in values.items() if kinds[k].kind == QuestionKind.NPS), None)
    texts = [(k, v) for k, v in values.items() if kinds[k].kind == QuestionKind.TEXT]
    assert template.id is not None
    return SurveyResponse(
        id=PydanticObjectId(),
        invitation_id=invitation.id,
        round_id=invitation.round_id,
        program_id=invitation.program_id,
        pair_id=invitation.pair_id,
        respondent_id=invitation.participant_id,
        mentor_id=mentor_id,
        role=invitation.role,
        template_id=template.id,
        template_version=template.version,
        answers=[Answer(question_id=k, value=v) for k, v in values.items()],
        satisfaction=satisfaction,
        satisfaction_normalized=None if satisfaction is None else round((satisfaction - 1) / 4, 4),
        nps=nps,
        sentiments=[scored(k, v) for k, v in texts],
        scorer_version=SCORER_VERSION,
        submitted_at=submitted_at,
        created_at=submitted_at,
        updated_at=submitted_at,
    )


def round_opening(now: datetime, months_ago: int) -> datetime:
    """Rounds open on the 5th at 08:00 UTC, `months_ago` months before `now`."""
    year, month = now.year, now.month - months_ago
    while month < 1:
        year, month = year - 1, month + 12
    return datetime(year, month, 5, 8, 0, tzinfo=UTC)


def plan_round(
    history: _History,
    program_id: PydanticObjectId,
    pairs: Sequence[Pair],
    templates: dict[Role, SurveyTemplate],
    opens_at: datetime,
    *,
    closed: bool = True,
) -> SurveyRound:
    """A round opened at `opens_at` and both sides of every pair invited, all unanswered for
    now: a closed round's links EXPIRED, an open one's PENDING."""
    closes_at = opens_at + timedelta(days=ROUND_DAYS_OPEN)
    survey_round = SurveyRound(
        id=PydanticObjectId(),
        program_id=program_id,
        label=f"Check-in, {opens_at:%B %Y}",
        opens_at=opens_at,
        closes_at=closes_at,
        status=RoundStatus.CLOSED if closed else RoundStatus.OPEN,
        template_ids={role.value: t.id for role, t in templates.items()},
        closed_at=closes_at if closed else None,
        created_at=opens_at,
        updated_at=closes_at if closed else opens_at,
    )
    history.rounds.append(survey_round)
    for pair in pairs:
        for role, participant, subject in (
            (Role.MENTEE, pair.mentee_id, pair.mentor_id),
            (Role.MENTOR, pair.mentor_id, pair.mentee_id),
        ):
            invitation_id = PydanticObjectId()
            history.invitations.append(
                Invitation(
                    id=invitation_id,
                    round_id=survey_round.id,
                    program_id=program_id,
                    pair_id=pair.id,
                    participant_id=participant,
                    subject_id=subject,
                    role=role,
                    template_id=templates[role].id,
                    # No link of these seeded rounds is ever used: any unique hash.
                    token_hash=hashlib.sha256(invitation_id.binary).hexdigest(),
                    state=InvitationState.EXPIRED if closed else InvitationState.PENDING,
                    opens_at=opens_at,
                    expires_at=closes_at,
                    link_issued_at=opens_at,
                    created_at=opens_at,
                    updated_at=closes_at if closed else opens_at,
                )
            )
    return survey_round


def plan_rounds(
    programs: Sequence[ProgramWorld],
    pairs: dict[PydanticObjectId, list[Pair]],
    templates: dict[Role, SurveyTemplate],
    now: datetime,
    months_ago: Sequence[int],
) -> _History:
    """Closed rounds and their invitations, all unanswered for now."""
    history = _History([], [], [])
    for world in programs:
        for months in months_ago:
            opening = round_opening(now, months)
            plan_round(history, world.program_id, pairs[world.program_id], templates, opening)
    return history


def answer_some(
    history: _History,
    pairs_by_id: dict[PydanticObjectId, Pair],
    templates: dict[Role, SurveyTemplate],
    responses: int,
    rng: random.Random,
    now: datetime | None = None,
) -> None:
    """Turn `responses` of the invitations, chosen at random, into submitted responses, each
    sent while its round was open (and before `now`). Each pair keeps a level of contentment
    that drifts a little from round to round."""
    if responses > len(history.invitations):
        raise ValueError(f"{responses} responses need more than {len(history.invitations)} links")
    openings = {r.id: r.opens_at for r in history.rounds}
    levels = {pair_id: random_level(rng) for pair_id in pairs_by_id}
    for invitation in rng.sample(history.invitations, responses):
        opens_at = openings[invitation.round_id]
        closes_at = opens_at + timedelta(days=ROUND_DAYS_OPEN)
        minutes_open = ((closes_at if now is None else min(closes_at, now)) - opens_at) // MINUTE
        submitted_at = opens_at + timedelta(minutes=rng.randint(30, minutes_open - 30))
        level = min(5, max(1, levels[invitation.pair_id] + rng.choice((-1, 0, 0, 0, 0, 1))))
        values = answers_for(invitation.role, rng, level)
        pair = pairs_by_id[invitation.pair_id]
        response = response_of(
            invitation, templates[invitation.role], pair.mentor_id, values, submitted_at
        )
        invitation.state = InvitationState.SUBMITTED
        invitation.opened_at = submitted_at - timedelta(minutes=rng.randint(1, 20))
        invitation.submitted_at = submitted_at
        history.responses.append(response)


async def insert_all(model: type[Document], documents: Sequence[Document]) -> None:
    for start in range(0, len(documents), BATCH):
        await model.insert_many(documents[start : start + BATCH])


async def current_templates() -> dict[Role, SurveyTemplate]:
    """The check-in template each side answers."""
    templates = {}
    for role, key in TEMPLATE_KEYS.items():
        template = await SurveyTemplate.find_one(
            SurveyTemplate.key == key,
            SurveyTemplate.is_current == True,  # noqa: E712
        )
        assert template is not None, f"template {key} is missing"
        templates[role] = template
    return templates


async def pairs_of(program_ids: Sequence[PydanticObjectId]) -> dict[PydanticObjectId, list[Pair]]:
    pairs: dict[PydanticObjectId, list[Pair]] = {program_id: [] for program_id in program_ids}
    async for pair in Pair.find({"program_id": {"$in": list(program_ids)}}):
        pairs[pair.program_id].append(pair)
    return pairs


async def insert_history(history: _History) -> None:
    await insert_all(SurveyRound, history.rounds)
    await insert_all(Invitation, history.invitations)
    await insert_all(SurveyResponse, history.responses)


async def seed_survey_history(
    programs: Sequence[ProgramWorld],
    *,
    responses: int,
    rng: random.Random,
    months_ago: Sequence[int] = QUARTERLY_FOR_A_YEAR,
    release: bool = True,
) -> int:
    """A closed round per program opened `months_ago` months ago (each), `responses` responses
    among their invitations, then every closed round released (with `release=False`, these
    rounds stay closed and unreleased, as the results job finds them). Beanie must be bound to
    the database of `programs`. Returns how many responses the database holds."""
    now = datetime.now(UTC)
    templates = await current_templates()
    pairs = await pairs_of([world.program_id for world in programs])
    history = plan_rounds(programs, pairs, templates, now, months_ago)
    pairs_by_id = {pair.id: pair for group in pairs.values() for pair in group if pair.id}
    answer_some(history, pairs_by_id, templates, responses, rng)
    await insert_history(history)
    while release and (await release_closed_rounds(limit=ROUNDS_RELEASED_PER_PASS)).rounds:
        pass
    return await SurveyResponse.count()


async def seed_open_rounds(
    programs: Sequence[ProgramWorld], *, answered: float, rng: random.Random, days_open: int = 3
) -> list[SurveyRound]:
    """A round still open in each program, opened `days_open` days ago: both sides of every
    pair invited, `answered` of the links (a share) submitted so far, the rest PENDING."""
    now = datetime.now(UTC)
    templates = await current_templates()
    pairs = await pairs_of([world.program_id for world in programs])
    history = _History([], [], [])
    opens_at = now.replace(microsecond=0) - timedelta(days=days_open)
    for world in programs:
        plan_round(
            history, world.program_id, pairs[world.program_id], templates, opens_at, closed=False
        )
    pairs_by_id = {pair.id: pair for group in pairs.values() for pair in group if pair.id}
    responses = round(answered * len(history.invitations))
    answer_some(history, pairs_by_id, templates, responses, rng, now=now)
    await insert_history(history)
    return history.rounds
