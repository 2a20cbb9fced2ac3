"""Program mutations."""

from datetime import date
from typing import Annotated

import strawberry
from beanie import PydanticObjectId

from services.graphql_api.context import Info
from services.graphql_api.core.enums import ProgramFormat, ProgramKind, SurveyCadence
from services.graphql_api.core.ids import parse_id_of
from services.graphql_api.core.mutations import input_values, payload_type, perform
from services.graphql_api.domain import programs
from services.graphql_api.domain.inputs import ProgramCreate, ProgramFields
from services.graphql_api.programs.types import Program
from services.graphql_api.talent.inputs import DevelopmentMinimumInput, YearEndWeightInput

UNSET = strawberry.UNSET


@strawberry.input(description="A new program; it starts as DRAFT.")
class ProgramCreateInput:
    name: str = strawberry.field(description="Unique name (1-200 characters).")
    kind: ProgramKind = strawberry.field(description="The shape of the program.")
    description: str | None = strawberry.field(default=UNSET, description="What it is about.")
    format: ProgramFormat | None = strawberry.field(default=UNSET, description="Default FORMAL.")
    objectives: list[str] | None = strawberry.field(default=UNSET, description="At most 100.")
    competencies: list[str] | None = strawberry.field(default=UNSET, description="At most 100.")
    duration_months: int | None = strawberry.field(default=UNSET, description="1-60, default 12.")
    check_in_cadence_days: int | None = strawberry.field(
        default=UNSET, description="1-365, default 14."
    )
    survey_cadence: SurveyCadence | None = strawberry.field(
        default=UNSET, description="Default QUARTERLY."
    )
    min_group_size: int | None = strawberry.field(
        default=UNSET, description="Fewest responses an aggregate may show; 3 or more, default 5."
    )
    manager_ids: list[strawberry.ID] | None = strawberry.field(
        default=UNSET, description="Participants who run it (at most 100)."
    )
    starts_on: date | None = strawberry.field(default=UNSET, description="First day.")
    ends_on: date | None = strawberry.field(default=UNSET, description="Last day, after the first.")
    probation_months: int | None = strawberry.field(
        default=UNSET,
        description="Apprenticeships: months of an apprentice's probation; 1-12, default 6.",
    )
    publicity_days: int | None = strawberry.field(
        default=UNSET,
        description="Talent reserve: days an admission is announced; 1-90, default 7.",
    )
    development_minimums: list[DevelopmentMinimumInput] | None = strawberry.field(
        default=UNSET,
        description="Talent reserve: the development expected of members, one per kind; "
        "default internal training quarterly and external training yearly.",
    )
    year_end_weights: list[YearEndWeightInput] | None = strawberry.field(
        default=UNSET,
        description="Talent reserve: how much each part counts in the year-end score, one "
        "weight per part; default tutor assessments 0.4, reports on time 0.2, development "
        "activities 0.25, goals achieved 0.15.",
    )


@strawberry.input(description="Recognition rules to change; omitted ones stay as they are.")
class RecognitionRulesInput:
    satisfaction_weight: float | None = strawberry.field(default=UNSET, description="0 to 1.")
    positive_comment_weight: float | None = strawberry.field(default=UNSET, description="0 to 1.")
    goals_weight: float | None = strawberry.field(default=UNSET, description="0 to 1.")
    passed_on_time_weight: float | None = strawberry.field(default=UNSET, description="0 to 1.")
    min_responses: int | None = strawberry.field(default=UNSET, description="1 or more.")


@strawberry.input(description="Changes to a program; omitted fields stay as they are.")
class ProgramUpdateInput:
    id: strawberry.ID = strawberry.field(description="The program.")
    name: str | None = strawberry.field(default=UNSET, description="New name.")
    description: str | None = strawberry.field(default=UNSET, description="New description.")
    kind: ProgramKind | None = strawberry.field(default=UNSET, description="New kind.")
    format: ProgramFormat | None = strawberry.field(default=UNSET, description="New format.")
    objectives: list[str] | None = strawberry.field(default=UNSET, description="Replaces all.")
    competencies: list[str] | None = strawberry.field(default=UNSET, description="Replaces all.")
    duration_months: int | None = strawberry.field(default=UNSET, description="1-60.")
    check_in_cadence_days: int | None = strawberry.field(default=UNSET, description="1-365.")
    survey_cadence: SurveyCadence | None = strawberry.field(default=UNSET, description="Cadence.")
    min_group_size: int | None = strawberry.field(default=UNSET, description="3 or more.")
    manager_ids: list[strawberry.ID] | None = strawberry.field(
        default=UNSET, description="Replaces the managers."
    )
    starts_on: date | None = strawberry.field(default=UNSET, description="First day.")
    ends_on: date | None = strawberry.field(default=UNSET, description="Last day.")
    recognition_rules: RecognitionRulesInput | None = strawberry.field(
        default=UNSET, description="How mentors are ranked; see `RecognitionRules`."
    )
    probation_months: int | None = strawberry.field(
        default=UNSET,
        description="Apprenticeships: months of probation for pairs that start from now on; 1-12.",
    )
    publicity_days: int | None = strawberry.field(
        default=UNSET, description="Talent reserve: days an admission is announced; 1-90."
    )
    development_minimums: list[DevelopmentMinimumInput] | None = strawberry.field(
        default=UNSET, description="Talent reserve: replaces the development minimums."
    )
    year_end_weights: list[YearEndWeightInput] | None = strawberry.field(
        default=UNSET, description="Talent reserve: replaces the year-end weights."
    )


@strawberry.input(description="Which program to activate.")
class ProgramActivateInput:
    id: strawberry.ID = strawberry.field(description="The program.")


@strawberry.input(description="Which program to close.")
class ProgramCloseInput:
    id: strawberry.ID = strawberry.field(description="The program.")


ProgramCreatePayload = payload_type("ProgramCreatePayload", "program", Program, "created")
ProgramUpdatePayload = payload_type("ProgramUpdatePayload", "program", Program, "updated")
ProgramActivatePayload = payload_type("ProgramActivatePayload", "program", Program, "activated")
ProgramClosePayload = payload_type("ProgramClosePayload", "program", Program, "closed")


def _program_values(data: object) -> dict[str, object]:
    values = input_values(data)
    values.pop("id", None)
    rules = values.pop("recognition_rules", None)
    if rules is not None:
        values["recognition"] = input_values(rules)
    for listed in ("development_minimums", "year_end_weights"):
        if values.get(listed) is not None:
            values[listed] = [input_values(item) for item in values[listed]]
    if values.get("manager_ids") is not None:
        values["manager_ids"] = [
            PydanticObjectId(parse_id_of(i, "Participant", "manager_ids"))
            for i in values["manager_ids"]
        ]
    return values


@strawberry.type
class ProgramMutation:
    @strawberry.mutation(description="Create a program (admins and program managers).")
    async def program_create(
        self,
        info: Info,
        input: Annotated[
            ProgramCreateInput, strawberry.argument(description="The program to create.")
        ],
    ) -> ProgramCreatePayload:  # type: ignore[valid-type]
        async def action() -> object:
            data = ProgramCreate(**_program_values(input))
            return await programs.create_program(actor=info.context.viewer, data=data)

        return await perform(ProgramCreatePayload, "program", action, Program.from_doc)

    @strawberry.mutation(description="Change a program (admins and its managers).")
    async def program_update(
        self,
        info: Info,
        input: Annotated[
            ProgramUpdateInput, strawberry.argument(description="The program and what changes.")
        ],
    ) -> ProgramUpdatePayload:  # type: ignore[valid-type]
        async def action() -> object:
            program_id = PydanticObjectId(parse_id_of(input.id, "Program", "id"))
            data = ProgramFields(**_program_values(input))
            program = await programs.update_program(
                actor=info.context.viewer, program_id=program_id, data=data
            )
            if info.context.survey_notices is not None:
                # Recognition rules, group size or kind may have changed the ranking.
                info.context.survey_notices.program_changed(program_id)
            return program

        return await perform(ProgramUpdatePayload, "program", action, Program.from_doc)

    @strawberry.mutation(description="DRAFT -> ACTIVE: pairs can be formed from now on.")
    async def program_activate(
        self,
        info: Info,
        input: Annotated[
            ProgramActivateInput, strawberry.argument(description="The program to activate.")
        ],
    ) -> ProgramActivatePayload:  # type: ignore[valid-type]
        async def action() -> object:
            program_id = PydanticObjectId(parse_id_of(input.id, "Program", "id"))
            return await programs.activate_program(actor=info.context.viewer, program_id=program_id)

        return await perform(ProgramActivatePayload, "program", action, Program.from_doc)

    @strawberry.mutation(description="ACTIVE -> CLOSED, once no pair is open.")
    async def program_close(
        self,
        info: Info,
        input: Annotated[
            ProgramCloseInput, strawberry.argument(description="The program to close.")
        ],
    ) -> ProgramClosePayload:  # type: ignore[valid-type]
        async def action() -> object:
            program_id = PydanticObjectId(parse_id_of(input.id, "Program", "id"))
            return await programs.close_program(actor=info.context.viewer, program_id=program_id)

        return await perform(ProgramClosePayload, "program", action, Program.from_doc)
