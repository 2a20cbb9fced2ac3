"""Goal, milestone and check-in mutations: open to the pair's mentor and mentee and managers."""

from datetime import date
from typing import Annotated

import strawberry
from beanie import PydanticObjectId
from bson import ObjectId
from bson.errors import InvalidId

from services.graphql_api.context import Info
from services.graphql_api.core.enums import GoalStatus
from services.graphql_api.core.ids import InvalidGlobalIdError, parse_id_of
from services.graphql_api.core.mutations import input_values, payload_type, perform
from services.graphql_api.domain import check_ins, goals
from services.graphql_api.domain.inputs import CheckInLog, GoalCreate, GoalFields, MilestoneAdd
from services.graphql_api.goals.types import CheckIn, Goal

UNSET = strawberry.UNSET


@strawberry.input(description="A new goal for a pair.")
class GoalCreateInput:
    pair_id: strawberry.ID = strawberry.field(description="The pair.")
    title: str = strawberry.field(description="The goal in a few words (1-200 characters).")
    description: str | None = strawberry.field(default=UNSET, description="More about it.")
    competency: str | None = strawberry.field(default=UNSET, description="Competency developed.")
    target_date: date | None = strawberry.field(
        default=UNSET, description="When it should be reached; not before the pair started."
    )


@strawberry.input(
    description="Changes to a goal; omitted fields stay. Progress 100 achieves the goal; "
    "ACHIEVED sets progress to 100."
)
class GoalUpdateInput:
    id: strawberry.ID = strawberry.field(description="The goal.")
    title: str | None = strawberry.field(default=UNSET, description="New title.")
    description: str | None = strawberry.field(default=UNSET, description="New description.")
    status: GoalStatus | None = strawberry.field(default=UNSET, description="New status.")
    progress: int | None = strawberry.field(default=UNSET, description="0-100.")
    target_date: date | None = strawberry.field(default=UNSET, description="New target date.")


@strawberry.input(description="Add a milestone to a goal.")
class MilestoneAddInput:
    goal_id: strawberry.ID = strawberry.field(description="The goal.")
    title: str = strawberry.field(description="What is to be done.")
    due_on: date | None = strawberry.field(default=None, description="When it is due.")


@strawberry.input(description="Mark a milestone done.")
class MilestoneCompleteInput:
    goal_id: strawberry.ID = strawberry.field(description="The goal.")
    milestone_id: strawberry.ID = strawberry.field(description="The milestone's ID.")


@strawberry.input(description="Log a meeting of an active pair.")
class CheckInLogInput:
    pair_id: strawberry.ID = strawberry.field(description="The pair.")
    held_on: date = strawberry.field(description="When it took place; not in the future.")
    duration_minutes: int = strawberry.field(description="How long, 1-1440 minutes.")
    topics: list[str] = strawberry.field(default_factory=list, description="At most 100.")
    notes: str = strawberry.field(default="", description="At most 5000 characters.")


GoalCreatePayload = payload_type("GoalCreatePayload", "goal", Goal, "created")
GoalUpdatePayload = payload_type("GoalUpdatePayload", "goal", Goal, "updated")
MilestoneAddPayload = payload_type("MilestoneAddPayload", "goal", Goal, "given a milestone")
MilestoneCompletePayload = payload_type(
    "MilestoneCompletePayload", "goal", Goal, "with the milestone done"
)
CheckInLogPayload = payload_type("CheckInLogPayload", "checkIn", CheckIn, "logged")


def _goal_id(global_id: str, field: str) -> PydanticObjectId:
    return PydanticObjectId(parse_id_of(global_id, "Goal", field))


@strawberry.type
class GoalMutation:
    @strawberry.mutation(description="Set a goal for a proposed or active pair.")
    async def goal_create(
        self,
        info: Info,
        input: Annotated[GoalCreateInput, strawberry.argument(description="The goal to set.")],
    ) -> GoalCreatePayload:  # type: ignore[valid-type]
        async def action() -> object:
            values = input_values(input)
            values["pair_id"] = PydanticObjectId(parse_id_of(input.pair_id, "Pair", "pair_id"))
            return await goals.create_goal(actor=info.context.viewer, data=GoalCreate(**values))

        return await perform(GoalCreatePayload, "goal", action, Goal.from_doc)

    @strawberry.mutation(description="Change a goal: title, status, progress, target date.")
    async def goal_update(
        self,
        info: Info,
        input: Annotated[
            GoalUpdateInput, strawberry.argument(description="The goal and what changes.")
        ],
    ) -> GoalUpdatePayload:  # type: ignore[valid-type]
        async def action() -> object:
            values = input_values(input)
            goal_id = _goal_id(values.pop("id"), "id")
            return await goals.update_goal(
                actor=info.context.viewer, goal_id=goal_id, data=GoalFields(**values)
            )

        return await perform(GoalUpdatePayload, "goal", action, Goal.from_doc)

    @strawberry.mutation(description="Add a milestone to a goal (at most 50 per goal).")
    async def milestone_add(
        self,
        info: Info,
        input: Annotated[
            MilestoneAddInput, strawberry.argument(description="The goal and the milestone to add.")
        ],
    ) -> MilestoneAddPayload:  # type: ignore[valid-type]
        async def action() -> object:
            data = MilestoneAdd(title=input.title, due_on=input.due_on)
            return await goals.add_milestone(
                actor=info.context.viewer, goal_id=_goal_id(input.goal_id, "goal_id"), data=data
            )

        return await perform(MilestoneAddPayload, "goal", action, Goal.from_doc)

    @strawberry.mutation(description="Mark a milestone done.")
    async def milestone_complete(
        self,
        info: Info,
        input: Annotated[
            MilestoneCompleteInput, strawberry.argument(description="The milestone done.")
        ],
    ) -> MilestoneCompletePayload:  # type: ignore[valid-type]
        async def action() -> object:
            try:
                milestone_id = PydanticObjectId(ObjectId(input.milestone_id))
            except (InvalidId, TypeError):
                raise InvalidGlobalIdError(
                    f"“{input.milestone_id}” is not a milestone ID.", "milestone_id"
                ) from None
            return await goals.complete_milestone(
                actor=info.context.viewer,
                goal_id=_goal_id(input.goal_id, "goal_id"),
                milestone_id=milestone_id,
            )

        return await perform(MilestoneCompletePayload, "goal", action, Goal.from_doc)

    @strawberry.mutation(description="Log a check-in of an active pair.")
    async def check_in_log(
        self,
        info: Info,
        input: Annotated[CheckInLogInput, strawberry.argument(description="The meeting to log.")],
    ) -> CheckInLogPayload:  # type: ignore[valid-type]
        async def action() -> object:
            values = input_values(input)
            values["pair_id"] = PydanticObjectId(parse_id_of(input.pair_id, "Pair", "pair_id"))
            return await check_ins.log_check_in(
                actor=info.context.viewer, data=CheckInLog(**values)
            )

        return await perform(CheckInLogPayload, "checkIn", action, CheckIn.from_doc)
