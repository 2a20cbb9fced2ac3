"""The talent reserve's root fields and the resolvers other types share."""

from typing import Annotated

import strawberry
from bson import ObjectId

from services.graphql_api.context import Info
from services.graphql_api.core.connections import After, Connection, First
from services.graphql_api.core.ids import parse_id_of
from services.graphql_api.core.lists import child_connection
from services.graphql_api.core.node import load_visible
from services.graphql_api.talent.loaders import (
    ActivityByIdLoader,
    MembershipPagesLoader,
    ObjectionByIdLoader,
    PoolPagesLoader,
)
from services.graphql_api.talent.members import TalentPoolMember
from services.graphql_api.talent.permissions import sees_development_records, sees_objection
from services.graphql_api.talent.records_types import DevelopmentActivity
from services.graphql_api.talent.types import EnrollmentObjection
from services.graphql_api.visibility import visible_program


async def memberships_of(
    info: Info, participant_id: ObjectId, first: int, after: str | None
) -> Connection[TalentPoolMember]:
    """A person's talent-pool memberships (public, as published)."""
    return await child_connection(
        info, MembershipPagesLoader, participant_id, first, after, None, TalentPoolMember.from_doc
    )


async def visible_objection(info: Info, objection_id: ObjectId) -> EnrollmentObjection | None:
    viewer = info.context.viewer

    async def sees(doc: dict[str, object]) -> bool:
        return await sees_objection(viewer, doc)

    return await load_visible(
        info.context.loaders.get(ObjectionByIdLoader),
        objection_id,
        sees,
        EnrollmentObjection.from_doc,
    )


async def visible_activity(info: Info, activity_id: ObjectId) -> DevelopmentActivity | None:
    """A development activity, for those who read the member's development records."""

    async def sees(doc: dict[str, object]) -> bool:
        return await sees_development_records(
            info,
            doc["program_id"],  # type: ignore[arg-type]
            doc["participant_id"],  # type: ignore[arg-type]
        )

    return await load_visible(
        info.context.loaders.get(ActivityByIdLoader),
        activity_id,
        sees,
        DevelopmentActivity.from_doc,
    )


@strawberry.type
class TalentReserveQuery:
    @strawberry.field(
        description="The members of a talent reserve's pool, in the order they applied: public "
        "to every employee, as published (null when the program is not visible). What each "
        "member's records show depends on the viewer (see `TalentPoolMember`)."
    )
    async def talent_pool(
        self,
        info: Info,
        program_id: Annotated[strawberry.ID, strawberry.argument(description="The program.")],
        echelon: Annotated[
            int | None, strawberry.argument(description="Only this echelon, 1 to 3.")
        ] = None,
        first: First = 20,
        after: After = None,
    ) -> Connection[TalentPoolMember] | None:
        program = await visible_program(info, parse_id_of(program_id, "Program"))
        if program is None:
            return None
        where = (("application.echelon", echelon),) if echelon is not None else ()
        return await child_connection(
            info,
            PoolPagesLoader,
            program.db_id,
            first,
            after,
            None,
            TalentPoolMember.from_doc,
            where,
        )
