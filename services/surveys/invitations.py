"""A participant's side of a survey: following a link, seeing the survey, and answering it
exactly once."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from beanie import PydanticObjectId
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
from services.surveys.intent import comment_intent
from services.surveys.links import hash_token
from services.surveys.sentiment import SCORER_VERSION, score_text
from services.surveys.template_versions import used_version
from shared.db import in_transaction
from shared.enums import Audience, InvitationState, PairStatus, SurveyKind
from shared.feedback.privacy import audience_explanation, survey_privacy_summary
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
from shared.models.programs import DEFAULT_MIN_GROUP_SIZE
from shared.models.surveys import Question, TextSentiment, ThemeMention

ANSWERABLE = (InvitationState.PENDING.value, InvitationState.OPENED.value)
# A check-in is about a pair that is working together; the end-of-program survey about one
# that has finished. A link whose pair is no longer in that state does not work.
PAIR_STATES_SURVEYED = {
    SurveyKind.CHECK_IN: {PairStatus.ACTIVE},
    SurveyKind.END_OF_PROGRAM: {PairStatus.COMPLETED, PairStatus.ENDED_EARLY},
}


@dataclass(frozen=True)
class OpenLink:
    """A link that may be answered now: its invitation, questions and pair."""

    invitation: Invitation
    template: SurveyTemplate
    pair: Pair


@dataclass(frozen=True)
class QuestionGroup:
    """Consecutive questions with one audience, and what the respondent is told about it."""

    audience: Audience
    explanation: str
    questions: list[Question]


@dataclass(frozen=True)
class SurveyView:
    """Everything the survey page shows: the questions, whom they are about, and who will
    see the answers."""

    invitation: Invitation
    template: SurveyTemplate
    program_name: str
    counterpart_name: str
    respondent_name: str
    closes_at: datetime
    min_group_size: int
    privacy_summary: str
    question_groups: list[QuestionGroup]

    @property
    def questions(self) -> list[Question]:
        """The questions in the order shown: group by group."""
        return [q for group in self.question_groups for q in group.questions]


def question_groups(template: SurveyTemplate, min_group_size: int) -> list[QuestionGroup]:
    """The template's questions grouped by audience, each audience once, in the order its
    first question comes."""
    by_audience: dict[Audience, list[Question]] = {}
    for question in template.questions:
        by_audience.setdefault(question.audience, []).append(question)
    return [
        QuestionGroup(audience, audience_explanation(audience, min_group_size), questions)
        for audience, questions in by_audience.items()
    ]


async def find_invitation(token: str) -> Invitation:
    """The invitation behind a link: one indexed lookup of the token's hash."""
    invitation = await Invitation.find_one({"token_hash": hash_token(token)})
    if invitation is None or invitation.state == InvitationState.REVOKED:
        raise LinkNotFound
    return invitation


async def _opens_at(invitation: Invitation) -> datetime | None:
    if invitation.opens_at is not None:
        return invitation.opens_at
    survey_round = await SurveyRound.get(invitation.round_id)  # links made before it was kept
    return survey_round.opens_at if survey_round else None


async def open_link(token: str, *, now: datetime | None = None) -> OpenLink:
    """The link, if it can be answered now; otherwise the reason, as an error: unknown,
    replaced or revoked 404 (also when its pair ended), answered 409, closed 410, not open
    yet 403."""
    now = now or utc_now()
    invitation = await find_invitation(token)
    if invitation.state == InvitationState.SUBMITTED:
        raise AlreadyAnswered
    if invitation.state == InvitationState.EXPIRED or invitation.expires_at <= now:
        raise LinkExpired
    template = await used_version(invitation.template_id)
    pair = await Pair.get(invitation.pair_id)
    if template is None or pair is None:
        raise LinkNotFound
    if pair.status not in PAIR_STATES_SURVEYED[template.kind]:
        raise LinkNotFound
    opens_at = await _opens_at(invitation)
    if opens_at is not None and opens_at > now:
        raise SurveyNotOpenYet(
            f"This survey opens on {opens_at:%d %B %Y at %H:%M} UTC. Please come back then."
        )
    return OpenLink(invitation=invitation, template=template, pair=pair)


async def open_survey(token: str) -> SurveyView:
    """Load the survey for a link and mark the invitation OPENED the first time."""
    link = await open_link(token)
    invitation = link.invitation
    if invitation.state == InvitationState.PENDING:
        opened_at = utc_now()
        await Invitation.get_pymongo_collection().update_one(
            {"_id": invitation.id, "state": InvitationState.PENDING.value},
            {"$set": {"state": InvitationState.OPENED.value, "opened_at": opened_at}},
        )
        invitation.state, invitation.opened_at = InvitationState.OPENED, opened_at
    return await survey_view(link)


async def survey_view(link: OpenLink) -> SurveyView:
    """What the page shows around the questions."""
    invitation = link.invitation
    program = await Program.get(invitation.program_id)
    people = {
        p["_id"]: p["name"]
        async for p in Participant.get_pymongo_collection().find(
            {"_id": {"$in": [invitation.participant_id, invitation.subject_id]}}, {"name": 1}
        )
    }
    min_group_size = program.min_group_size if program else DEFAULT_MIN_GROUP_SIZE
    groups = question_groups(link.template, min_group_size)
    return SurveyView(
        invitation=invitation,
        template=link.template,
        program_name=program.name if program else "",
        counterpart_name=people.get(invitation.subject_id, "your counterpart"),
        respondent_name=people.get(invitation.participant_id, ""),
        closes_at=invitation.expires_at,
        min_group_size=min_group_size,
        privacy_summary=survey_privacy_summary([g.audience for g in groups], min_group_size),
        question_groups=groups,
    )


async def submit_answers(
    token: str, values: dict[str, Any], *, text_limit: int, now: datetime | None = None
) -> SurveyResponse:
    """Check and store the answers to a link (see `store_answers`)."""
    link = await open_link(token, now=now)
    return await store_answers(link, values, text_limit=text_limit, now=now)


async def store_answers(
    link: OpenLink, values: dict[str, Any], *, text_limit: int, now: datetime | None = None
) -> SurveyResponse:
    """Store the answers to a link once, with its feedback event, in one short transaction
    that touches only this respondent's documents: the invitation moves to SUBMITTED by a
    guarded update, so double clicks, retries and concurrent submissions store exactly one
    response (responses are also unique per invitation). Pair health and live notices follow
    from the event, in the feedback worker; figures, when the round is released. `now` stands
    for the current time
    (importing history); it defaults to the clock."""
    now = now or utc_now()
    invitation, template = link.invitation, link.template
    checked = check_answers(template, values, text_limit=text_limit)
    if checked.problems:
        raise InvalidAnswers(
            "Some answers need attention.",
            errors=[{"questionId": p.question_id, "message": p.message} for p in checked.problems],
        )
    satisfaction = satisfaction_of(template, checked.answers)
    response = SurveyResponse(
        invitation_id=invitation.id,
        round_id=invitation.round_id,
        program_id=invitation.program_id,
        pair_id=invitation.pair_id,
        respondent_id=invitation.participant_id,
        mentor_id=link.pair.mentor_id,
        role=invitation.role,
        template_id=template.id,
        template_version=template.version,
        answers=checked.answers,
        satisfaction=satisfaction,
        satisfaction_normalized=None if satisfaction is None else round((satisfaction - 1) / 4, 4),
        nps=nps_of(template, checked.answers),
        sentiments=score_texts(texts_of(template, checked.answers)),
        scorer_version=SCORER_VERSION,
        submitted_at=now,
        created_at=now,
    )
    response.id = PydanticObjectId()
    event = FeedbackEvent(
        program_id=response.program_id,
        pair_id=response.pair_id,
        response_id=response.id,
        role=response.role,
        submitted_at=now,
    )

    async def store(session: AsyncClientSession) -> None:
        moved = await Invitation.get_pymongo_collection().update_one(
            {"_id": invitation.id, "state": {"$in": ANSWERABLE}, "expires_at": {"$gt": now}},
            {
                "$set": {
                    "state": InvitationState.SUBMITTED.value,
                    "submitted_at": now,
                    "updated_at": utc_now(),
                }
            },
            session=session,
        )
        if moved.modified_count != 1:
            raise await _why_not_answerable(invitation, session)
        try:
            await response.insert(session=session)
        except DuplicateKeyError:
            raise AlreadyAnswered from None
        await event.insert(session=session)

    await in_transaction(store)
    return response


async def _why_not_answerable(invitation: Invitation, session: AsyncClientSession) -> Exception:
    current = await Invitation.get(invitation.id, session=session)
    if current is None or current.state == InvitationState.REVOKED:
        return LinkNotFound()
    if current.state == InvitationState.SUBMITTED:
        return AlreadyAnswered()
    return LinkExpired()


def score_texts(texts: list[tuple[Question, str]]) -> list[TextSentiment]:
    """The sentiment, themes and intent of each written answer, with its question's
    audience."""
    scored = []
    for question, text in texts:
        score = score_text(text)
        scored.append(
            TextSentiment(
                question_id=question.id,
                audience=question.audience,
                language=score.language,
                intent=comment_intent(text, question.invites),
                polarity=score.polarity,
                subjectivity=score.subjectivity,
                label=score.label,
                confidence=score.confidence,
                themes=[ThemeMention(theme=t.theme, polarity=t.polarity) for t in score.themes],
            )
        )
    return scored
