"""Related objects as the viewer may see them: a program, a participant or a pair is null when
missing or hidden, and lists under a parent hold only visible pairs. The GraphQL types call
these for their relations.

Programs, participants and pairs point at each other, so their types modules import this one,
and this one takes their classes at run time, inside each function: that keeps the module
graph free of circles, while the annotations reach the other types through `strawberry.lazy`.
"""

from typing import TYPE_CHECKING, Any

from bson import ObjectId

from services.graphql_api.context import Info
from services.graphql_api.core.connections import Connection
from services.graphql_api.core.lists import child_connection
from services.graphql_api.core.node import load_visible
from services.graphql_api.loaders.by_id import (
    EnrollmentByIdLoader,
    PairByIdLoader,
    ParticipantByIdLoader,
    ProgramByIdLoader,
)
from services.graphql_api.loaders.children import ChildPagesLoader

if TYPE_CHECKING:
    from services.graphql_api.enrollments.types import Enrollment
    from services.graphql_api.pairs.types import Pair, PairStatusFilter
    from services.graphql_api.participants.types import Participant
    from services.graphql_api.programs.types import Program


async def visible_program(info: Info, program_id: ObjectId | None) -> "Program | None":
    """The program, or None when missing or not visible to the viewer."""
    from services.graphql_api.programs.types import Program

    return await load_visible(
        info.context.loaders.get(ProgramByIdLoader),
        program_id,
        info.context.viewer.sees_program,
        Program.from_doc,
    )


async def visible_participant(info: Info, participant_id: ObjectId | None) -> "Participant | None":
    """The participant, or None when missing or not visible to the viewer."""
    from services.graphql_api.participants.types import Participant

    viewer = info.context.viewer

    async def sees(doc: dict[str, Any]) -> bool:
        return await viewer.sees_participant(doc["_id"])

    return await load_visible(
        info.context.loaders.get(ParticipantByIdLoader), participant_id, sees, Participant.from_doc
    )


async def visible_pair(info: Info, pair_id: ObjectId | None) -> "Pair | None":
    """The pair, or None when missing or not visible to the viewer."""
    from services.graphql_api.pairs.types import Pair

    return await load_visible(
        info.context.loaders.get(PairByIdLoader),
        pair_id,
        info.context.viewer.sees_pair,
        Pair.from_doc,
    )


async def visible_enrollment(info: Info, enrollment_id: ObjectId | None) -> "Enrollment | None":
    """The enrollment, or None when missing or not visible to the viewer."""
    from services.graphql_api.enrollments.types import Enrollment

    return await load_visible(
        info.context.loaders.get(EnrollmentByIdLoader),
        enrollment_id,
        info.context.viewer.sees_enrollment,
        Enrollment.from_doc,
    )


async def pairs_under(
    info: Info,
    loader_class: type[ChildPagesLoader],
    parent_id: ObjectId,
    first: int,
    after: str | None,
    filter: "PairStatusFilter | None",
) -> "Connection[Pair]":
    """The visible pairs under a program, mentor or mentee, optionally by status."""
    from services.graphql_api.pairs.types import Pair

    statuses = tuple(filter.status) if filter and filter.status else None
    return await child_connection(
        info, loader_class, parent_id, first, after, statuses, Pair.from_doc
    )
