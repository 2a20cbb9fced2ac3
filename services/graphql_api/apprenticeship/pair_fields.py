"""The apprenticeship fields of `Pair`: its probation, its mentoring plans and its concerns."""

from typing import TYPE_CHECKING

from bson import ObjectId

from services.graphql_api.apprenticeship.loaders import (
    ConcernsByPairLoader,
    MentoringPlansByPairLoader,
)
from services.graphql_api.apprenticeship.probation import Probation, probation_of_pair
from services.graphql_api.apprenticeship.types import Concern, MentoringPlan
from services.graphql_api.context import Info
from services.graphql_api.core.connections import Connection
from services.graphql_api.core.lists import child_connection
from services.graphql_api.domain.apprenticeship_access import reads_concerns_of

if TYPE_CHECKING:
    from services.graphql_api.pairs.types import Pair


async def probation(info: Info, pair: "Pair") -> Probation | None:
    return await probation_of_pair(info, pair.program_id, pair.starts_on, pair.probation_doc)


async def mentoring_plans(
    info: Info, pair_id: ObjectId, first: int, after: str | None
) -> Connection[MentoringPlan]:
    return await child_connection(
        info, MentoringPlansByPairLoader, pair_id, first, after, None, MentoringPlan.from_doc
    )


async def concerns(
    info: Info, pair: "Pair", first: int, after: str | None
) -> Connection[Concern] | None:
    """Null for a viewer who may not read the pair's concerns (its mentor above all); the list
    itself holds only the concerns the viewer may read."""
    who = {"mentor_id": pair.mentor_id, "mentee_id": pair.mentee_id, "program_id": pair.program_id}
    if not await reads_concerns_of(info.context.viewer, who):
        return None
    return await child_connection(
        info, ConcernsByPairLoader, pair.db_id, first, after, None, Concern.from_doc
    )
