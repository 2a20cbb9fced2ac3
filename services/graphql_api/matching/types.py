"""Matching's GraphQL types: reasons (with the mentee's needs named only to those who may see
them), suggestions, questionnaire answers, preferences and a manager's forced start."""

import asyncio
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from bson import ObjectId

from services.graphql_api.context import Info
from services.graphql_api.loaders.by_id import ParticipantByIdLoader
from services.graphql_api.loaders.private_access import PrivateAccessByParticipantLoader
from services.graphql_api.matching.enums import CommunicationStyle, MeetingFormat, ReasonCode
from services.graphql_api.visibility import visible_participant
from shared.matching import MatchReason as Reason
from shared.matching.reasons import need_withheld

if TYPE_CHECKING:
    from services.graphql_api.participants.types import Participant

ParticipantRef = Annotated[
    "Participant", strawberry.lazy("services.graphql_api.participants.types")
]


@strawberry.type(description="One reason behind a compatibility score.")
class MatchReason:
    code: ReasonCode = strawberry.field(description="What kind of reason it is.")
    text: str = strawberry.field(
        description="The reason in words. A NEED_COVERED reason names the mentee's development "
        "need only to those who may see the mentee's development needs (the mentee, admins, "
        "and managers the mentee disclosed them to); others read that the mentor's skills "
        "cover one of the mentee's needs."
    )
    effect: float = strawberry.field(
        description="Its signed effect on the score, from -1 to 1; 0 for a disqualifying reason."
    )
    disqualifying: bool = strawberry.field(
        description="A rule of the program forbids proposing the pair (a pair a manager made "
        "by hand may still hold one)."
    )

    @classmethod
    def of(cls, reason: Reason) -> "MatchReason":
        return cls(
            code=reason.code,
            text=reason.message,
            effect=reason.weight,
            disqualifying=reason.disqualifying,
        )


async def sees_needs_of(info: Info, mentee_id: ObjectId) -> bool:
    """Whether the viewer may see the mentee's development needs (batched per request)."""
    return await info.context.loaders.get(PrivateAccessByParticipantLoader).load(mentee_id)


async def reasons_shown(
    info: Info, mentee_id: ObjectId, reasons: Iterable[Reason]
) -> list[MatchReason]:
    """The reasons as the viewer may read them: the mentee's needs withheld unless visible."""
    named = await sees_needs_of(info, mentee_id)
    return [MatchReason.of(reason if named else reason.without_need()) for reason in reasons]


async def texts_shown(info: Info, mentee_id: ObjectId, texts: Sequence[str]) -> list[str]:
    """Reasons stored as text only (older pairs), the mentee's needs withheld likewise."""
    if await sees_needs_of(info, mentee_id):
        return list(texts)
    return [need_withheld(text) for text in texts]


async def participant_shown(info: Info, participant_id: ObjectId) -> "Participant | None":
    """A participant's directory profile, shown where matching names them even to a viewer
    who could not look them up (a suggested mentor to a mentee); e-mail and development needs
    stay private."""
    from services.graphql_api.participants.types import Participant

    doc = await info.context.loaders.get(ParticipantByIdLoader).load(participant_id)
    return None if doc is None else Participant.from_doc(doc)


@strawberry.type(description="A mentor who could take the mentee on, best first.")
class MatchSuggestion:
    mentor_id: strawberry.Private[ObjectId]
    mentee_id: strawberry.Private[ObjectId]
    reason_models: strawberry.Private[tuple[Reason, ...]]
    rank: int = strawberry.field(description="1 for the best suggestion.")
    score: float = strawberry.field(description="Compatibility from 0 to 1.")

    @strawberry.field(
        description="The mentor's directory profile, shown with the suggestion (also to a "
        "mentee who could not otherwise look them up); e-mail and needs stay private."
    )
    async def mentor(self, info: Info) -> ParticipantRef | None:
        return await participant_shown(info, self.mentor_id)

    @strawberry.field(description="Why they fit, the largest effect first.")
    async def reasons(self, info: Info) -> list[MatchReason]:
        return await reasons_shown(info, self.mentee_id, self.reason_models)


@strawberry.type(description="A participant's answers to the short matching questionnaire.")
class MatchingAnswers:
    communication_style: CommunicationStyle | None = strawberry.field(
        description="How they like mentoring conversations to run; null if unanswered."
    )
    meeting_format: MeetingFormat | None = strawberry.field(
        description="Where they like to meet; null if unanswered."
    )

    @classmethod
    def from_doc(cls, doc: dict[str, Any] | None) -> "MatchingAnswers":
        doc = doc or {}
        return cls(
            communication_style=doc.get("communication_style"),
            meeting_format=doc.get("meeting_format"),
        )


@strawberry.type(
    description="A mentee's preferred mentors in a program, first choice first (at most "
    "three): for the mentee, admins and the program's managers."
)
class MatchPreferences:
    mentee_id: strawberry.Private[ObjectId]
    mentor_ids: strawberry.Private[list[ObjectId]]
    updated_at: datetime | None = strawberry.field(
        description="When the mentee last set them; null if they never did."
    )

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "MatchPreferences":
        return cls(
            mentee_id=doc["mentee_id"],
            mentor_ids=list(doc.get("mentor_ids", [])),
            updated_at=doc.get("updated_at"),
        )

    @strawberry.field(description="The mentee.")
    async def mentee(self, info: Info) -> ParticipantRef | None:
        return await participant_shown(info, self.mentee_id)

    @strawberry.field(
        description="The mentors, first choice first (directory profiles, as with suggestions)."
    )
    async def mentors(self, info: Info) -> list[ParticipantRef]:
        shown = await asyncio.gather(*(participant_shown(info, i) for i in self.mentor_ids))
        return [mentor for mentor in shown if mentor is not None]


@strawberry.type(description="A program manager started the pair without both sides' acceptance.")
class ForcedActivation:
    by_id: strawberry.Private[ObjectId | None]
    at: datetime = strawberry.field(description="When (UTC).")
    reason: str = strawberry.field(description="Why.")

    @strawberry.field(description="Who started it; null if not visible.")
    async def by(self, info: Info) -> ParticipantRef | None:
        return await visible_participant(info, self.by_id)
