"""Pair mutations."""

from typing import Annotated

import strawberry
from beanie import PydanticObjectId

from services.graphql_api.context import Info
from services.graphql_api.core.enums import PairOutcome
from services.graphql_api.core.ids import parse_id_of
from services.graphql_api.core.mutations import payload_type, perform
from services.graphql_api.domain import pairs
from services.graphql_api.domain.inputs import PairClosing, PairCompletion, PairCreate
from services.graphql_api.domain.matching_inputs import PairActivation
from services.graphql_api.pairs.types import Pair


@strawberry.input(description="Propose a pair in an active program.")
class PairCreateInput:
    program_id: strawberry.ID = strawberry.field(description="The program.")
    mentor_id: strawberry.ID = strawberry.field(description="An approved mentor with capacity.")
    mentee_id: strawberry.ID = strawberry.field(description="An approved mentee.")


@strawberry.input(description="Accept a proposed pair.")
class PairAcceptInput:
    id: strawberry.ID = strawberry.field(description="The pair.")


@strawberry.input(description="Start a proposed pair without both sides' acceptance.")
class PairActivateInput:
    id: strawberry.ID = strawberry.field(description="The proposed pair.")
    reason: str = strawberry.field(
        description="Why it starts without both sides' acceptance (required, at most 1000 "
        "characters); shown on the pair with who started it and when."
    )


@strawberry.input(description="Decline a proposed pair.")
class PairDeclineInput:
    id: strawberry.ID = strawberry.field(description="The pair.")
    reason: str = strawberry.field(default="", description="Why (at most 1000 characters).")


@strawberry.input(description="Complete an active pair.")
class PairCompleteInput:
    id: strawberry.ID = strawberry.field(description="The pair.")
    outcome: PairOutcome | None = strawberry.field(
        default=None,
        description="GOALS_MET or GOALS_PARTLY_MET (required). Apprenticeships complete with "
        "the outcome their probation settled (`Pair.probation`): leave it out, or give that "
        "one.",
    )
    note: str = strawberry.field(default="", description="A closing note.")


@strawberry.input(description="End an active pair early.")
class PairEndInput:
    id: strawberry.ID = strawberry.field(description="The pair.")
    reason: str = strawberry.field(description="Why it ends early (required).")


PairCreatePayload = payload_type("PairCreatePayload", "pair", Pair, "proposed")
PairAcceptPayload = payload_type("PairAcceptPayload", "pair", Pair, "accepted")
PairActivatePayload = payload_type("PairActivatePayload", "pair", Pair, "started")
PairDeclinePayload = payload_type("PairDeclinePayload", "pair", Pair, "declined")
PairCompletePayload = payload_type("PairCompletePayload", "pair", Pair, "completed")
PairEndPayload = payload_type("PairEndPayload", "pair", Pair, "ended")


def _pair_id(global_id: str) -> PydanticObjectId:
    return PydanticObjectId(parse_id_of(global_id, "Pair", "id"))


@strawberry.type
class PairMutation:
    @strawberry.mutation(
        description="Propose a pair (program managers). Refused beyond the mentor's capacity."
    )
    async def pair_create(
        self,
        info: Info,
        input: Annotated[PairCreateInput, strawberry.argument(description="The pair to propose.")],
    ) -> PairCreatePayload:  # type: ignore[valid-type]
        async def action() -> object:
            data = PairCreate(
                program_id=PydanticObjectId(parse_id_of(input.program_id, "Program", "program_id")),
                mentor_id=PydanticObjectId(
                    parse_id_of(input.mentor_id, "Participant", "mentor_id")
                ),
                mentee_id=PydanticObjectId(
                    parse_id_of(input.mentee_id, "Participant", "mentee_id")
                ),
            )
            return await pairs.create_pair(actor=info.context.viewer, data=data)

        return await perform(PairCreatePayload, "pair", action, Pair.from_doc)

    @strawberry.mutation(
        description="Accept a proposed pair as its mentor or its mentee; it becomes ACTIVE "
        "once both have (a mentee's request is their acceptance). Accepting again changes "
        "nothing. Managers outside the pair use `pairActivate`."
    )
    async def pair_accept(
        self,
        info: Info,
        input: Annotated[PairAcceptInput, strawberry.argument(description="The pair to start.")],
    ) -> PairAcceptPayload:  # type: ignore[valid-type]
        async def action() -> object:
            return await pairs.accept_pair(actor=info.context.viewer, pair_id=_pair_id(input.id))

        return await perform(PairAcceptPayload, "pair", action, Pair.from_doc)

    @strawberry.mutation(
        description="Start a proposed pair without both sides' acceptance (admins and the "
        "program's managers), with a reason recorded on the pair."
    )
    async def pair_activate(
        self,
        info: Info,
        input: Annotated[
            PairActivateInput, strawberry.argument(description="The pair to start, and why.")
        ],
    ) -> PairActivatePayload:  # type: ignore[valid-type]
        async def action() -> object:
            activation = PairActivation(reason=input.reason)
            return await pairs.activate_pair(
                actor=info.context.viewer, pair_id=_pair_id(input.id), reason=activation.reason
            )

        return await perform(PairActivatePayload, "pair", action, Pair.from_doc)

    @strawberry.mutation(description="Decline a proposed pair (either side or a manager).")
    async def pair_decline(
        self,
        info: Info,
        input: Annotated[
            PairDeclineInput, strawberry.argument(description="The pair to decline, and why.")
        ],
    ) -> PairDeclinePayload:  # type: ignore[valid-type]
        async def action() -> object:
            closing = PairClosing(reason=input.reason)
            declined = await pairs.decline_pair(
                actor=info.context.viewer, pair_id=_pair_id(input.id), reason=closing.reason
            )
            info.context.pair_changed(declined.id)
            return declined

        return await perform(PairDeclinePayload, "pair", action, Pair.from_doc)

    @strawberry.mutation(description="Complete an active pair with its outcome (managers).")
    async def pair_complete(
        self,
        info: Info,
        input: Annotated[
            PairCompleteInput, strawberry.argument(description="The pair and its outcome.")
        ],
    ) -> PairCompletePayload:  # type: ignore[valid-type]
        async def action() -> object:
            data = PairCompletion(outcome=input.outcome, note=input.note)
            completed = await pairs.complete_pair(
                actor=info.context.viewer, pair_id=_pair_id(input.id), data=data
            )
            info.context.pair_changed(completed.id)
            return completed

        return await perform(PairCompletePayload, "pair", action, Pair.from_doc)

    @strawberry.mutation(description="End an active pair early (either side or a manager).")
    async def pair_end(
        self,
        info: Info,
        input: Annotated[
            PairEndInput, strawberry.argument(description="The pair to end early, and why.")
        ],
    ) -> PairEndPayload:  # type: ignore[valid-type]
        async def action() -> object:
            closing = PairClosing(reason=input.reason)
            ended = await pairs.end_pair(
                actor=info.context.viewer, pair_id=_pair_id(input.id), reason=closing.reason
            )
            info.context.pair_changed(ended.id)
            return ended

        return await perform(PairEndPayload, "pair", action, Pair.from_doc)
