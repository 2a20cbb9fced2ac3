"""The root reads of apprenticeships: plans, concerns and probations across pairs (a department
head and HR see them without seeing the pairs), outstanding candidates, and the records by ID."""

from typing import Annotated, Any

import strawberry
from bson import ObjectId

from services.graphql_api.apprenticeship.candidates import OutstandingCandidate, ranked_candidates
from services.graphql_api.apprenticeship.loaders import ConcernByIdLoader, MentoringPlanByIdLoader
from services.graphql_api.apprenticeship.probations import (
    ProbationCase,
    ProbationFilter,
    probation_cases,
)
from services.graphql_api.apprenticeship.types import (
    Concern,
    ConcernFilter,
    MentoringPlan,
    MentoringPlanFilter,
)
from services.graphql_api.context import Info
from services.graphql_api.core.connections import After, Connection, First
from services.graphql_api.core.ids import parse_id_of
from services.graphql_api.core.lists import root_connection
from services.graphql_api.core.node import Node, load_visible
from services.graphql_api.domain.apprenticeship_access import (
    concern_visibility,
    plan_visibility,
    sees_concern,
    sees_plan,
)
from services.graphql_api.pagination import Ordering
from shared import models

Document = dict[str, Any]


async def apprenticeship_node(info: Info, type_name: str, object_id: ObjectId) -> Node | None:
    """A mentoring plan or a concern by ID; None when missing or not visible (a concern is
    never visible to the pair's mentor)."""
    viewer, loaders = info.context.viewer, info.context.loaders

    async def plan_seen(doc: Document) -> bool:
        return await sees_plan(viewer, doc)

    async def concern_seen(doc: Document) -> bool:
        return await sees_concern(viewer, doc)

    if type_name == "MentoringPlan":
        plans = loaders.get(MentoringPlanByIdLoader)
        return await load_visible(plans, object_id, plan_seen, MentoringPlan.from_doc)
    if type_name == "Concern":
        concerns = loaders.get(ConcernByIdLoader)
        return await load_visible(concerns, object_id, concern_seen, Concern.from_doc)
    return None


@strawberry.type
class ApprenticeshipQuery:
    @strawberry.field(
        description="Mentoring plans the viewer may see, oldest first: their pairs', their "
        "programs' (managers), their department's apprentices' (department heads). A "
        "department head finds those waiting for a decision with `{status: [SUBMITTED]}`."
    )
    async def mentoring_plans(
        self,
        info: Info,
        first: First = 20,
        after: After = None,
        filter: Annotated[
            MentoringPlanFilter | None,
            strawberry.argument(description="Only the plans matching."),
        ] = None,
    ) -> Connection[MentoringPlan]:
        query: dict[str, Any] = {}
        if filter is not None:
            if filter.program_id:
                query["program_id"] = parse_id_of(filter.program_id, "Program")
            if filter.status:
                query["status"] = {"$in": [status.value for status in filter.status]}
            if filter.quarter:
                query["quarter"] = filter.quarter.strip()
        return await root_connection(
            models.MentoringPlan.get_pymongo_collection(),
            query,
            first,
            after,
            MentoringPlan.from_doc,
            Ordering(list_name="mentoringPlans"),
            visibility=await plan_visibility(info.context.viewer),
        )

    @strawberry.field(
        description="Concerns the viewer may read, oldest first: their programs' (managers), "
        "their department's mentees' (department heads), their own; never those about a pair "
        "the viewer mentors."
    )
    async def concerns(
        self,
        info: Info,
        first: First = 20,
        after: After = None,
        filter: Annotated[
            ConcernFilter | None, strawberry.argument(description="Only the concerns matching.")
        ] = None,
    ) -> Connection[Concern]:
        query: dict[str, Any] = {}
        if filter is not None:
            if filter.program_id:
                query["program_id"] = parse_id_of(filter.program_id, "Program")
            if filter.status:
                query["status"] = {"$in": [status.value for status in filter.status]}
        return await root_connection(
            models.Concern.get_pymongo_collection(),
            query,
            first,
            after,
            Concern.from_doc,
            Ordering(list_name="concerns"),
            visibility=await concern_visibility(info.context.viewer),
        )

    @strawberry.field(
        description="Apprenticeships under way by what their probation waits for, the "
        "soonest ending first: HR and admins see every apprenticeship program's; a program's "
        "managers theirs; a department head their department's apprentices'; a pair its own. "
        "By default only those waiting for someone: the exam, the mentor's confirmation or a "
        "decision on an extension."
    )
    async def probations(
        self,
        info: Info,
        first: First = 20,
        after: After = None,
        filter: Annotated[
            ProbationFilter | None, strawberry.argument(description="Only the probations matching.")
        ] = None,
    ) -> Connection[ProbationCase]:
        return await probation_cases(info, filter, first, after)

    @strawberry.field(
        description="Mentors ranked for a year's outstanding-employee selection: more "
        "apprentices who passed on time first, then the higher recognition score, then fewer "
        "apprentices who did not pass. Admins, HR and executives (every apprenticeship "
        "program, or one) and programs' managers (theirs)."
    )
    async def outstanding_candidates(
        self,
        info: Info,
        year: Annotated[str, strawberry.argument(description='The year, "2026".')],
        program_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="One program; null for every apprenticeship program the viewer "
                "may rank."
            ),
        ] = None,
        first: First = 20,
        after: After = None,
    ) -> Connection[OutstandingCandidate]:
        program = parse_id_of(program_id, "Program") if program_id else None
        return await ranked_candidates(info, year.strip(), program, first, after)
