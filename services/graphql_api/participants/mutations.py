"""Participant mutations."""

from typing import Annotated

import strawberry
from beanie import PydanticObjectId

from services.graphql_api.context import Info
from services.graphql_api.core.ids import parse_id_of
from services.graphql_api.core.mutations import input_values, payload_type, perform
from services.graphql_api.domain import participants
from services.graphql_api.domain.inputs import ParticipantCreate, ParticipantFields
from services.graphql_api.participants.types import Participant

UNSET = strawberry.UNSET


@strawberry.input(description="A new participant.")
class ParticipantCreateInput:
    name: str = strawberry.field(description="Full name (1-200 characters).")
    email: str = strawberry.field(description="Work e-mail, unique regardless of case.")
    department: str | None = strawberry.field(default=UNSET, description="Department.")
    title: str | None = strawberry.field(default=UNSET, description="Job title.")
    level: str | None = strawberry.field(default=UNSET, description="Seniority level.")
    echelon: int | None = strawberry.field(default=UNSET, description="Talent echelon 1-3.")
    skills: list[str] | None = strawberry.field(default=UNSET, description="At most 100.")
    development_needs: list[str] | None = strawberry.field(
        default=UNSET, description="At most 100."
    )
    interests: list[str] | None = strawberry.field(default=UNSET, description="At most 100.")
    languages: list[str] | None = strawberry.field(default=UNSET, description="At most 100.")
    mentor_capacity: int | None = strawberry.field(
        default=UNSET, description="Pairs they can mentor at once, 0-20."
    )


@strawberry.input(
    description="Changes to a participant; omitted fields stay. People may change their own "
    "name, title, skills, needs, interests, languages and capacity; the rest is for admins."
)
class ParticipantUpdateInput:
    id: strawberry.ID = strawberry.field(description="The participant.")
    name: str | None = strawberry.field(default=UNSET, description="Full name.")
    email: str | None = strawberry.field(default=UNSET, description="Work e-mail (admins).")
    department: str | None = strawberry.field(default=UNSET, description="Department (admins).")
    title: str | None = strawberry.field(default=UNSET, description="Job title.")
    level: str | None = strawberry.field(default=UNSET, description="Level (admins).")
    echelon: int | None = strawberry.field(default=UNSET, description="Echelon 1-3 (admins).")
    skills: list[str] | None = strawberry.field(default=UNSET, description="Replaces all.")
    development_needs: list[str] | None = strawberry.field(
        default=UNSET, description="Replaces all."
    )
    interests: list[str] | None = strawberry.field(default=UNSET, description="Replaces all.")
    languages: list[str] | None = strawberry.field(default=UNSET, description="Replaces all.")
    mentor_capacity: int | None = strawberry.field(default=UNSET, description="0-20.")
    active: bool | None = strawberry.field(default=UNSET, description="Available (admins).")


ParticipantCreatePayload = payload_type(
    "ParticipantCreatePayload", "participant", Participant, "created"
)
ParticipantUpdatePayload = payload_type(
    "ParticipantUpdatePayload", "participant", Participant, "updated"
)


@strawberry.type
class ParticipantMutation:
    @strawberry.mutation(description="Add a participant (admins and program managers).")
    async def participant_create(
        self,
        info: Info,
        input: Annotated[
            ParticipantCreateInput, strawberry.argument(description="The person to add.")
        ],
    ) -> ParticipantCreatePayload:  # type: ignore[valid-type]
        async def action() -> object:
            data = ParticipantCreate(**input_values(input))
            return await participants.create_participant(actor=info.context.viewer, data=data)

        return await perform(ParticipantCreatePayload, "participant", action, Participant.from_doc)

    @strawberry.mutation(description="Change a participant (admins, or people themselves).")
    async def participant_update(
        self,
        info: Info,
        input: Annotated[
            ParticipantUpdateInput, strawberry.argument(description="The person and what changes.")
        ],
    ) -> ParticipantUpdatePayload:  # type: ignore[valid-type]
        async def action() -> object:
            values = input_values(input)
            participant_id = PydanticObjectId(parse_id_of(values.pop("id"), "Participant", "id"))
            data = ParticipantFields(**values)
            return await participants.update_participant(
                actor=info.context.viewer, participant_id=participant_id, data=data
            )

        return await perform(ParticipantUpdatePayload, "participant", action, Participant.from_doc)
