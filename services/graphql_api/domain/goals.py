"""Goals and milestones of a pair. ACHIEVED means progress 100; progress moves the status on."""

from datetime import UTC, datetime

from beanie import PydanticObjectId

from services.graphql_api.domain.access import Actor
from services.graphql_api.domain.errors import DomainError, ErrorCode, forbidden
from services.graphql_api.domain.inputs import GoalCreate, GoalFields, MilestoneAdd
from services.graphql_api.domain.persistence import (
    encode_for_storage,
    get_or_fail,
    update_if_unchanged,
)
from shared.enums import OPEN_PAIR_STATUSES, GoalStatus, PairStatus
from shared.models import Goal, Milestone, Pair, utc_now

MAX_MILESTONES = 50


async def pair_for_work(actor: Actor, pair_id: PydanticObjectId, *, field: str = "pair_id") -> Pair:
    """The pair, if the actor is its mentor or mentee or manages its program."""
    pair = await get_or_fail(Pair, pair_id, what="Pair", field=field)
    if not (
        actor.is_self(pair.mentor_id)
        or actor.is_self(pair.mentee_id)
        or await actor.manages(pair.program_id)
    ):
        raise forbidden("Only this pair's mentor, mentee or program managers may do this.")
    return pair


async def create_goal(*, actor: Actor, data: GoalCreate) -> Goal:
    pair = await pair_for_work(actor, data.pair_id)
    if pair.status not in OPEN_PAIR_STATUSES:
        raise DomainError.of(
            ErrorCode.PAIR_NOT_ACTIVE, "Goals are set for proposed or active pairs.", "pair_id"
        )
    _check_target_date(pair, data)
    fields = data.model_dump(exclude_none=True, exclude={"pair_id"})
    goal = Goal(pair_id=pair.id, program_id=pair.program_id, **fields)
    _settle_status(goal, explicit_status=data.status, explicit_progress=data.progress)
    return await goal.insert()


async def update_goal(*, actor: Actor, goal_id: PydanticObjectId, data: GoalFields) -> Goal:
    goal = await get_or_fail(Goal, goal_id, what="Goal")
    pair = await pair_for_work(actor, goal.pair_id, field="id")
    if pair.status not in (*OPEN_PAIR_STATUSES, PairStatus.COMPLETED):
        raise DomainError.of(ErrorCode.PAIR_NOT_ACTIVE, "This pair has ended.")
    _check_target_date(pair, data)
    seen_updated_at = goal.updated_at
    for name, value in data.model_dump(exclude_none=True).items():
        setattr(goal, name, value)
    _settle_status(goal, explicit_status=data.status, explicit_progress=data.progress)
    changes = goal.model_dump(
        include={
            "title",
            "description",
            "competency",
            "status",
            "progress",
            "target_date",
            "achieved_at",
        }
    )
    return await update_if_unchanged(
        goal, expected={"updated_at": seen_updated_at}, changes=changes
    )


async def add_milestone(*, actor: Actor, goal_id: PydanticObjectId, data: MilestoneAdd) -> Goal:
    goal = await get_or_fail(Goal, goal_id, what="Goal", field="goal_id")
    pair = await pair_for_work(actor, goal.pair_id, field="goal_id")
    if data.due_on and pair.starts_on and data.due_on < pair.starts_on:
        raise DomainError.of(
            ErrorCode.INVALID, "The due date is before the pair started.", "due_on"
        )
    milestone = Milestone(title=data.title, due_on=data.due_on)
    updated = await Goal.get_pymongo_collection().update_one(
        {"_id": goal.id, f"milestones.{MAX_MILESTONES - 1}": {"$exists": False}},
        {
            "$push": {"milestones": encode_for_storage(milestone)},
            "$set": {"updated_at": utc_now()},
        },
    )
    if updated.matched_count != 1:
        raise DomainError.of(
            ErrorCode.INVALID, f"A goal holds at most {MAX_MILESTONES} milestones.", "goal_id"
        )
    return await get_or_fail(Goal, goal_id, what="Goal", field="goal_id")


async def complete_milestone(
    *, actor: Actor, goal_id: PydanticObjectId, milestone_id: PydanticObjectId
) -> Goal:
    goal = await get_or_fail(Goal, goal_id, what="Goal", field="goal_id")
    await pair_for_work(actor, goal.pair_id, field="goal_id")
    milestone = next((m for m in goal.milestones if m.id == milestone_id), None)
    if milestone is None:
        raise DomainError.of(ErrorCode.NOT_FOUND, "Milestone not found.", "milestone_id")
    if milestone.done_at is not None:
        raise DomainError.of(
            ErrorCode.INVALID_TRANSITION, "This milestone is already done.", "milestone_id"
        )
    now = utc_now()
    updated = await Goal.get_pymongo_collection().update_one(
        {"_id": goal.id, "milestones": {"$elemMatch": {"id": milestone_id, "done_at": None}}},
        {"$set": {"milestones.$.done_at": now, "updated_at": now}},
    )
    if updated.matched_count != 1:
        raise DomainError.of(ErrorCode.CONFLICT, "It changed meanwhile; reload and try again.")
    return await get_or_fail(Goal, goal_id, what="Goal", field="goal_id")


def _settle_status(
    goal: Goal, *, explicit_status: GoalStatus | None, explicit_progress: int | None
) -> None:
    """ACHIEVED means progress 100; reaching 100 achieves the goal; any progress starts it."""
    if explicit_progress == 100 and explicit_status is None:
        goal.status = GoalStatus.ACHIEVED
    if goal.status == GoalStatus.ACHIEVED:
        if explicit_progress not in (None, 100):
            raise DomainError.of(
                ErrorCode.INVALID, "An achieved goal has progress 100.", "progress"
            )
        goal.progress = 100
    elif goal.status == GoalStatus.NOT_STARTED and goal.progress > 0:
        goal.status = GoalStatus.IN_PROGRESS
    achieved = goal.status == GoalStatus.ACHIEVED
    goal.achieved_at = (goal.achieved_at or datetime.now(UTC)) if achieved else None


def _check_target_date(pair: Pair, data: GoalFields) -> None:
    """A goal is reached within the mentoring: not before the pair started, nor after its
    planned end (which the program's end bounds)."""
    if data.target_date and pair.starts_on and data.target_date < pair.starts_on:
        raise DomainError.of(
            ErrorCode.INVALID, "The target date is before the pair started.", "target_date"
        )
    if data.target_date and pair.planned_end_on and data.target_date > pair.planned_end_on:
        raise DomainError.of(
            ErrorCode.INVALID,
            f"The target date is after the pair's planned end ({pair.planned_end_on}).",
            "target_date",
        )
