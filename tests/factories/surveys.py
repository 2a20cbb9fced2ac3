"""Factories for survey documents, written directly (for rules that read them)."""

from datetime import timedelta
from typing import Any

from beanie import PydanticObjectId

from shared.enums import Audience, InvitationState, Role, SentimentLabel
from shared.models import Invitation, Pair, SurveyResponse, SurveyRound, utc_now
from shared.models.surveys import TextSentiment


async def make_round(
    *, program_id: PydanticObjectId, closed_days_ago: int | None = None, **overrides: Any
) -> SurveyRound:
    now = utc_now()
    closes_at = (
        now - timedelta(days=closed_days_ago)
        if closed_days_ago is not None
        else (now + timedelta(days=10))
    )
    fields: dict[str, Any] = {
        "program_id": program_id,
        "label": "Round",
        "opens_at": closes_at - timedelta(days=14),
        "closes_at": closes_at,
        **overrides,
    }
    return await SurveyRound(**fields).insert()


async def make_invitation(
    *, survey_round: SurveyRound, pair: Pair, role: Role, state: InvitationState, **overrides: Any
) -> Invitation:
    mentee_side = role == Role.MENTEE
    fields: dict[str, Any] = {
        "round_id": survey_round.id,
        "program_id": pair.program_id,
        "pair_id": pair.id,
        "participant_id": pair.mentee_id if mentee_side else pair.mentor_id,
        "subject_id": pair.mentor_id if mentee_side else pair.mentee_id,
        "role": role,
        "template_id": PydanticObjectId(),
        "token_hash": PydanticObjectId().binary.hex() + str(PydanticObjectId()),
        "state": state,
        "expires_at": survey_round.closes_at,
        **overrides,
    }
    return await Invitation(**fields).insert()


async def make_response(
    *,
    pair: Pair,
    role: Role = Role.MENTEE,
    satisfaction: float | None = 4.0,
    comment: SentimentLabel | None = None,
    days_ago: int = 0,
    **overrides: Any,
) -> SurveyResponse:
    sentiments = []
    if comment is not None:
        polarity = {"POSITIVE": 0.6, "NEUTRAL": 0.1, "NEGATIVE": -0.5}[comment.value]
        sentiments.append(
            TextSentiment(
                question_id="comments",
                polarity=polarity,
                subjectivity=0.5,
                label=comment,
                confidence=0.8,
                audience=Audience.PROGRAM_TEAM,
            )
        )
    fields: dict[str, Any] = {
        "invitation_id": PydanticObjectId(),
        "round_id": PydanticObjectId(),
        "program_id": pair.program_id,
        "pair_id": pair.id,
        "respondent_id": pair.mentee_id if role == Role.MENTEE else pair.mentor_id,
        "mentor_id": pair.mentor_id,
        "role": role,
        "template_id": PydanticObjectId(),
        "template_version": 1,
        "answers": [],
        "satisfaction": satisfaction,
        "sentiments": sentiments,
        "submitted_at": utc_now() - timedelta(days=days_ago),
        **overrides,
    }
    return await SurveyResponse(**fields).insert()
