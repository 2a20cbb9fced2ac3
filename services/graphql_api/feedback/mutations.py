"""Survey round mutations: forwarded to the survey service, which owns rounds."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from bson import ObjectId

from services.graphql_api.context import Info
from services.graphql_api.core.enums import Role
from services.graphql_api.core.errors import UserError
from services.graphql_api.core.ids import parse_id_of, to_global_id
from services.graphql_api.core.mutations import payload_type, perform
from services.graphql_api.domain.errors import forbidden, not_found
from services.graphql_api.feedback.rounds import parse_round_id
from services.graphql_api.feedback.survey_service import call_survey_service
from services.graphql_api.feedback.types import SurveyRound
from services.graphql_api.visibility import visible_pair, visible_participant
from shared.models import SurveyRound as SurveyRoundDocument

if TYPE_CHECKING:
    from services.graphql_api.pairs.types import Pair
    from services.graphql_api.participants.types import Participant

ParticipantRef = Annotated[
    "Participant", strawberry.lazy("services.graphql_api.participants.types")
]
PairRef = Annotated["Pair", strawberry.lazy("services.graphql_api.pairs.types")]


@strawberry.input(description="Launch a survey round for a program's active pairs.")
class SurveyRoundLaunchInput:
    program_id: strawberry.ID = strawberry.field(description="The program.")
    label: str = strawberry.field(description="What to call the round.")
    opens_at: datetime = strawberry.field(description="When links start working.")
    closes_at: datetime = strawberry.field(description="When links expire.")
    return_links: bool = strawberry.field(
        default=False,
        description="Return the survey links in the payload (`links`). They are shown this "
        "once: only their hashes are stored, so no one can fetch them again. Without e-mail "
        "(no SMTP configured) this is how they reach people.",
    )


@strawberry.input(description="Close a survey round: unanswered links expire.")
class SurveyRoundCloseInput:
    id: strawberry.ID = strawberry.field(
        description="The round (its global ID, or the survey service's id of it)."
    )


@strawberry.input(description="Remind those who have not answered a round.")
class SurveyRoundRemindInput:
    id: strawberry.ID = strawberry.field(
        description="The round (its global ID, or the survey service's id of it)."
    )
    return_links: bool = strawberry.field(
        default=False,
        description="Return the fresh links in the payload (`links`); the earlier links of "
        "those reminded stop working. Shown this once, like the links of a launch.",
    )


@strawberry.type(description="One person's personal survey link in a round just launched.")
class SurveyLink:
    participant_id: strawberry.Private[ObjectId]
    pair_id: strawberry.Private[ObjectId]
    role: Role = strawberry.field(description="The side they answer for.")
    url: str = strawberry.field(
        description="Their personal, single-use link to the survey page. Shown once: send "
        "it to them, never publish it."
    )
    expires_at: datetime = strawberry.field(description="When the link stops working.")

    @strawberry.field(description="Who answers with this link.")
    async def participant(self, info: Info) -> ParticipantRef | None:
        return await visible_participant(info, self.participant_id)

    @strawberry.field(description="The pair the survey is about.")
    async def pair(self, info: Info) -> PairRef | None:
        return await visible_pair(info, self.pair_id)


@strawberry.type(
    description="Result of `surveyRoundLaunch`: the round, or the user errors that refused it."
)
class SurveyRoundLaunchPayload:
    survey_round: SurveyRound | None = strawberry.field(
        default=None, description="The round launched; null when the mutation was refused."
    )
    links: list[SurveyLink] | None = strawberry.field(
        default=None,
        description="Every link the round made, one per mentor and mentee of each active "
        "pair, when `returnLinks` asked for them; null otherwise. Only this answer holds "
        "them.",
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why the mutation was refused; empty on success."
    )


@strawberry.type(
    description="Result of `surveyRoundRemind`: the round, or the user errors that refused it."
)
class SurveyRoundRemindPayload:
    survey_round: SurveyRound | None = strawberry.field(
        default=None, description="The round reminded; null when the mutation was refused."
    )
    links: list[SurveyLink] | None = strawberry.field(
        default=None,
        description="The fresh link of everyone reminded, when `returnLinks` asked for them; "
        "null otherwise. Only this answer holds them.",
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why the mutation was refused; empty on success."
    )


SurveyRoundClosePayload = payload_type(
    "SurveyRoundClosePayload", "surveyRound", SurveyRound, "closed"
)


def _round(body: dict[str, Any]) -> SurveyRound:
    """A round as the survey service describes it."""
    round_id = ObjectId(body["id"])
    return SurveyRound(
        id=to_global_id("SurveyRound", round_id),
        db_id=round_id,
        program_id=ObjectId(body["programId"]),
        label=body["label"],
        opens_at=datetime.fromisoformat(body["opensAt"]),
        closes_at=datetime.fromisoformat(body["closesAt"]),
        status=body["status"],
        invited=body["invited"],
        submitted=body["submitted"],
        response_rate=body["responseRate"],
        released_at=(
            datetime.fromisoformat(body["releasedAt"]) if body.get("releasedAt") else None
        ),
    )


def _link(link: dict[str, Any]) -> SurveyLink:
    return SurveyLink(
        participant_id=ObjectId(link["participantId"]),
        pair_id=ObjectId(link["pairId"]),
        role=Role(link["role"]),
        url=link["link"],
        expires_at=datetime.fromisoformat(link["expiresAt"]),
    )


async def _managed_round(info: Info, round_id: str) -> str:
    survey_round = await SurveyRoundDocument.get(parse_round_id(round_id, "id"))
    if survey_round is None:
        raise not_found("Survey round")
    if not await info.context.viewer.manages(survey_round.program_id):
        raise forbidden("Only admins and this program's managers run its surveys.")
    return str(survey_round.id)


@strawberry.type
class SurveyRoundMutation:
    @strawberry.mutation(
        description="Launch a survey round (admins and the program's managers): one link per "
        "mentor and mentee of every active pair, e-mailed when SMTP is configured, and "
        "returned once with `returnLinks`."
    )
    async def survey_round_launch(
        self,
        info: Info,
        input: Annotated[
            SurveyRoundLaunchInput, strawberry.argument(description="The round to launch.")
        ],
    ) -> SurveyRoundLaunchPayload:
        launched: dict[str, Any] = {}

        async def action() -> object:
            program_id = parse_id_of(input.program_id, "Program", "program_id")
            if not await info.context.viewer.manages(program_id):
                raise forbidden("Only admins and this program's managers run its surveys.")
            body = await call_survey_service(
                info.context.surveys_http,
                "POST",
                "/api/v1/rounds",
                json={
                    "programId": str(program_id),
                    "label": input.label,
                    "opensAt": input.opens_at.isoformat(),
                    "closesAt": input.closes_at.isoformat(),
                },
            )
            launched.update(body)
            return body["round"]

        payload: SurveyRoundLaunchPayload = await perform(
            SurveyRoundLaunchPayload, "survey_round", action, _round
        )
        if payload.survey_round is not None and input.return_links:
            payload.links = [_link(link) for link in launched.get("links", [])]
        return payload

    @strawberry.mutation(description="Close a survey round (admins and the program's managers).")
    async def survey_round_close(
        self,
        info: Info,
        input: Annotated[
            SurveyRoundCloseInput, strawberry.argument(description="The round to close.")
        ],
    ) -> SurveyRoundClosePayload:  # type: ignore[valid-type]
        async def action() -> object:
            round_id = await _managed_round(info, input.id)
            return await call_survey_service(
                info.context.surveys_http, "POST", f"/api/v1/rounds/{round_id}/close"
            )

        return await perform(SurveyRoundClosePayload, "surveyRound", action, _round)

    @strawberry.mutation(
        description="Send a reminder (with a fresh link) to everyone who has not answered "
        "(admins and the program's managers)."
    )
    async def survey_round_remind(
        self,
        info: Info,
        input: Annotated[
            SurveyRoundRemindInput, strawberry.argument(description="The round to remind.")
        ],
    ) -> SurveyRoundRemindPayload:
        reminded: dict[str, Any] = {}

        async def action() -> object:
            round_id = await _managed_round(info, input.id)
            http = info.context.surveys_http
            path = f"/api/v1/rounds/{round_id}"
            reminded.update(await call_survey_service(http, "POST", f"{path}/reminders"))
            return await call_survey_service(http, "GET", path)

        payload: SurveyRoundRemindPayload = await perform(
            SurveyRoundRemindPayload, "survey_round", action, _round
        )
        if payload.survey_round is not None and input.return_links:
            payload.links = [_link(link) for link in reminded.get("links", [])]
        return payload
