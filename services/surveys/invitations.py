"""A participant's side of a survey: opening the link and submitting answers, exactly once."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.errors import DuplicateKeyError

from services.surveys.answers import check_answers, nps_of, satisfaction_of, texts_of
from services.surveys.errors import (
    AlreadyAnswered,
    InvalidAnswers,
    LinkExpired,
    LinkNotFound,
    SurveyNotOpenYet,
)
from services.surveys.health import evaluate_pair
from services.surveys.links import hash_token
from services.surveys.recognition import recognise_after_response
from services.surveys.sentiment import SCORER_VERSION, score_text
from services.surveys.statistics import record_response
from shared.db import in_transaction
from shared.enums import InvitationState
from shared.models import (
    FeedbackEvent,
    Invitation,
    Pair,
    Participant,
    Program,
    SurveyResponse,
    SurveyRound,
    SurveyTemplate,
    utc_now,
)
from shared.models.surveys import TextSentiment, ThemeMention

ANSWERABLE = (InvitationState.PENDING.value, InvitationState.OPENED.value)


@dataclass(frozen=True)
class SurveyView:
    """Everything the survey page shows: the questions and whom they are about."""

    invitation: Invitation
    template: SurveyTemplate
    program_name: str
    counterpart_name: str
    respondent_name: str
    closes_at: datetime


async def find_invitation(token: str) -> Invitation:
    """The invitation behind a link: one indexed lookup of the token's hash."""
    invitation = await Invitation.find_one(Invitation.token_hash == hash_token(token))
    if invitation is None or invitation.state == InvitationState.REVOKED:
        raise LinkNotFound
    return invitation


def _require_answerable(
    invitation: Invitation, survey_round: SurveyRound | None, now: datetime
) -> None:
    if invitation.state == InvitationState.SUBMITTED:
        raise AlreadyAnswered
    if invitation.state == InvitationState.EXPIRED or invitation.expires_at <= now:
        raise LinkExpired
    if survey_round is not None and survey_round.opens_at > now:
        raise SurveyNotOpenYet(
            f"This survey opens on {survey_round.opens_at:%d %B %Y at %H:%M} UTC. "
            "Please come back then."
        )


async def open_survey(token: str) -> SurveyView:
    """Load the survey for a link and mark the invitation OPENED the first time."""
    invitation = await find_invitation(token)
    survey_round = await SurveyRound.get(invitation.round_id)
    _require_answerable(invitation, survey_round, utc_now())
    if invitation.state == InvitationState.PENDING:
        opened_at = utc_now()
        await Invitation.get_pymongo_collection().update_one(
            {"_id": invitation.id, "state": InvitationState.PENDING.value},
            {"$set": {"state": InvitationState.OPENED.value, "opened_at": opened_at}},
        )
        invitation.state, invitation.opened_at = InvitationState.OPENED, opened_at
    return await _view(invitation)


async def _view(invitation: Invitation) -> SurveyView:
    template = await SurveyTemplate.get(invitation.template_id)
    program = await Program.get(invitation.program_id)
    people = {
        p.id: p.name
        async for p in Participant.find(
            {"_id": {"$in": [invitation.participant_id, invitation.subject_id]}}
        )
    }
    assert template is not None and program is not None
    return SurveyView(
        invitation=invitation,
        template=template,
        program_name=program.name,
        counterpart_name=people.get(invitation.subject_id, "your counterpart"),
        respondent_name=people.get(invitation.participant_id, ""),
        closes_at=invitation.expires_at,
    )


async def submit_answers(
    token: str, values: dict[str, Any], *, text_limit: int, now: datetime | None = None
) -> SurveyResponse:
    """Store the answers to a link once. Double clicks, retries and concurrent submissions
    store exactly one response: the invitation moves to SUBMITTED with a guarded update in the
    same transaction that inserts the response, and responses are unique per invitation.
    `now` stands for the current time (importing history); it defaults to the clock."""
    now = now or utc_now()
    invitation = await find_invitation(token)
    survey_round = await SurveyRound.get(invitation.round_id)
    _require_answerable(invitation, survey_round, now)
    template = await SurveyTemplate.get(invitation.template_id)
    pair = await Pair.get(invitation.pair_id)
    assert template is not None and pair is not None
    checked = check_answers(template, values, text_limit=text_limit)
    if checked.problems:
        raise InvalidAnswers(
            "Some answers need attention.",
            errors=[{"questionId": p.question_id, "message": p.message} for p in checked.problems],
        )
    submitted_at = now
    satisfaction = satisfaction_of(template, checked.answers)
    response = SurveyResponse(
        invitation_id=invitation.id,
        round_id=invitation.round_id,
        program_id=invitation.program_id,
        pair_id=invitation.pair_id,
        respondent_id=invitation.participant_id,
        mentor_id=pair.mentor_id,
        role=invitation.role,
        template_id=template.id,
        template_version=template.version,
        answers=checked.answers,
        satisfaction=satisfaction,
        satisfaction_normalized=None if satisfaction is None else round((satisfaction - 1) / 4, 4),
        nps=nps_of(template, checked.answers),
        sentiments=score_texts(texts_of(template, checked.answers)),
        scorer_version=SCORER_VERSION,
        submitted_at=submitted_at,
    )

    async def store(session: AsyncClientSession) -> SurveyResponse:
        moved = await Invitation.get_pymongo_collection().update_one(
            {
                "_id": invitation.id,
                "state": {"$in": ANSWERABLE},
                "expires_at": {"$gt": submitted_at},
            },
            {"$set": {"state": InvitationState.SUBMITTED.value, "submitted_at": submitted_at}},
            session=session,
        )
        if moved.modified_count != 1:
            raise await _why_not_answerable(invitation, session)
        try:
            await response.insert(session=session)
        except DuplicateKeyError:
            raise AlreadyAnswered from None
        await record_response(response, session)
        await FeedbackEvent(
            program_id=response.program_id,
            pair_id=response.pair_id,
            response_id=response.id,
            role=response.role,
        ).insert(session=session)
        return response

    stored = await in_transaction(store)
    await evaluate_pair(stored.pair_id, now=now)
    await recognise_after_response(stored.program_id, stored.submitted_at.date())
    return stored


async def _why_not_answerable(invitation: Invitation, session: AsyncClientSession) -> Exception:
    current = await Invitation.get(invitation.id, session=session)
    if current is None or current.state == InvitationState.REVOKED:
        return LinkNotFound()
    if current.state == InvitationState.SUBMITTED:
        return AlreadyAnswered()
    return LinkExpired()


def score_texts(texts: list[tuple[str, str]]) -> list[TextSentiment]:
    """The sentiment and themes of each written answer."""
    scored = []
    for question_id, text in texts:
        score = score_text(text)
        scored.append(
            TextSentiment(
                question_id=question_id,
                polarity=score.polarity,
                subjectivity=score.subjectivity,
                label=score.label,
                confidence=score.confidence,
                themes=[ThemeMention(theme=t.theme, polarity=t.polarity) for t in score.themes],
            )
        )
    return scored
