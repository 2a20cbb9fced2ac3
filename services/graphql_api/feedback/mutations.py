"""Survey round mutations: forwarded to the survey service, which owns rounds."""

from datetime import datetime
from typing import Any

import strawberry
from beanie import PydanticObjectId
from bson.errors import InvalidId

from services.graphql_api.context import Info
from services.graphql_api.core.ids import InvalidGlobalIdError, parse_id_of
from services.graphql_api.core.mutations import payload_type, perform
from services.graphql_api.domain.errors import forbidden, not_found
from services.graphql_api.feedback.survey_service import call_survey_service
from services.graphql_api.feedback.types import SurveyRound
from shared.models import SurveyRound as SurveyRoundDocument


@strawberry.input(description="Launch a survey round for a program's active pairs.")
class SurveyRoundLaunchInput:
    program_id: strawberry.ID = strawberry.field(description="The program.")
    label: str = strawberry.field(description="What to call the round.")
    opens_at: datetime = strawberry.field(description="When links start working.")
    closes_at: datetime = strawberry.field(description="When links expire.")


@strawberry.input(description="Close a survey round: unanswered links expire.")
class SurveyRoundCloseInput:
    id: strawberry.ID = strawberry.field(description="The round.")


@strawberry.input(description="Remind those who have not answered a round.")
class SurveyRoundRemindInput:
    id: strawberry.ID = strawberry.field(description="The round.")


SurveyRoundLaunchPayload = payload_type(
    "SurveyRoundLaunchPayload", "surveyRound", SurveyRound, "launched"
)
SurveyRoundClosePayload = payload_type(
    "SurveyRoundClosePayload", "surveyRound", SurveyRound, "closed"
)
SurveyRoundRemindPayload = payload_type(
    "SurveyRoundRemindPayload", "surveyRound", SurveyRound, "reminded"
)


def _round(body: dict[str, Any]) -> SurveyRound:
    return SurveyRound(
        id=strawberry.ID(body["id"]),
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


async def _managed_round(info: Info, round_id: str) -> str:
    try:
        survey_round = await SurveyRoundDocument.get(PydanticObjectId(round_id))
    except (InvalidId, TypeError):
        raise InvalidGlobalIdError(f"“{round_id}” is not a survey round ID.", "id") from None
    if survey_round is None:
        raise not_found("Survey round")
    if not await info.context.viewer.manages(survey_round.program_id):
        raise forbidden("Only admins and this program's managers run its surveys.")
    return str(survey_round.id)


@strawberry.type
class SurveyRoundMutation:
    @strawberry.mutation(description="Launch a survey round (admins and program managers).")
    async def survey_round_launch(
        self, info: Info, input: SurveyRoundLaunchInput
    ) -> SurveyRoundLaunchPayload:  # type: ignore[valid-type]
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
            return body["round"]

        return await perform(SurveyRoundLaunchPayload, "surveyRound", action, _round)

    @strawberry.mutation(description="Close a survey round (admins and program managers).")
    async def survey_round_close(
        self, info: Info, input: SurveyRoundCloseInput
    ) -> SurveyRoundClosePayload:  # type: ignore[valid-type]
        async def action() -> object:
            round_id = await _managed_round(info, input.id)
            return await call_survey_service(
                info.context.surveys_http, "POST", f"/api/v1/rounds/{round_id}/close"
            )

        return await perform(SurveyRoundClosePayload, "surveyRound", action, _round)

    @strawberry.mutation(
        description="Send a reminder (with a fresh link) to everyone who has not answered."
    )
    async def survey_round_remind(
        self, info: Info, input: SurveyRoundRemindInput
    ) -> SurveyRoundRemindPayload:  # type: ignore[valid-type]
        async def action() -> object:
            round_id = await _managed_round(info, input.id)
            http = info.context.surveys_http
            await call_survey_service(http, "POST", f"/api/v1/rounds/{round_id}/reminders")
            return await call_survey_service(http, "GET", f"/api/v1/rounds/{round_id}")

        return await perform(SurveyRoundRemindPayload, "surveyRound", action, _round)
