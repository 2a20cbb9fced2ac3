"""The root `Query`: every read starts here."""

import re
from typing import Any

import strawberry

from services.graphql_api.context import Info
from services.graphql_api.core.connections import Connection
from services.graphql_api.core.enums import ProgramKind, ProgramStatus
from services.graphql_api.core.ids import parse_global_id, parse_id_of
from services.graphql_api.core.lists import root_connection
from services.graphql_api.core.node import Node, load_visible
from services.graphql_api.enrollments.types import Enrollment
from services.graphql_api.feedback.recognition import Recognition, ranked
from services.graphql_api.goals.types import CheckIn, Goal
from services.graphql_api.loaders.by_id import (
    CheckInByIdLoader,
    EnrollmentByIdLoader,
    GoalByIdLoader,
)
from services.graphql_api.pairs.by_health import pairs_by_health
from services.graphql_api.pairs.types import Pair, PairFilter
from services.graphql_api.participants.types import Participant, ParticipantFilter
from services.graphql_api.programs.types import Program
from services.graphql_api.viewer.types import Viewer
from services.graphql_api.visibility import visible_pair, visible_participant, visible_program
from shared import models

MAX_SEARCH_LENGTH = 100


@strawberry.input(description="Narrow the list of programs.")
class ProgramFilter:
    status: list[ProgramStatus] | None = strawberry.field(
        default=None, description="In these statuses."
    )
    kind: list[ProgramKind] | None = strawberry.field(default=None, description="Of these kinds.")
    search: str | None = strawberry.field(
        default=None, description="Part of the name, case-insensitive."
    )


def _contains(text: str) -> dict[str, Any]:
    return {"$regex": re.escape(text.strip().casefold()[:MAX_SEARCH_LENGTH])}


@strawberry.type(description="The entry point of every read.")
class Query:
    @strawberry.field(description="Who is asking: their participant record and roles.")
    def viewer(self, info: Info) -> Viewer:
        return Viewer(roles=sorted(info.context.viewer.roles))

    @strawberry.field(description="Any object by its global ID; null if missing or not visible.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        type_name, object_id = parse_global_id(id)
        loaders, viewer = info.context.loaders, info.context.viewer
        if type_name == "Program":
            return await visible_program(info, object_id)
        if type_name == "Participant":
            return await visible_participant(info, object_id)
        if type_name == "Pair":
            return await visible_pair(info, object_id)
        if type_name in ("Goal", "CheckIn", "Enrollment"):
            loader, sees, to_node = {
                "Goal": (GoalByIdLoader, viewer.sees_pair_child, Goal.from_doc),
                "CheckIn": (CheckInByIdLoader, viewer.sees_pair_child, CheckIn.from_doc),
                "Enrollment": (EnrollmentByIdLoader, viewer.sees_enrollment, Enrollment.from_doc),
            }[type_name]
            return await load_visible(loaders.get(loader), object_id, sees, to_node)
        return None

    @strawberry.field(description="Programs the viewer may see, oldest first.")
    async def programs(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        filter: ProgramFilter | None = None,
    ) -> Connection[Program]:
        query: dict[str, Any] = {}
        if filter is not None:
            if filter.status:
                query["status"] = {"$in": [s.value for s in filter.status]}
            if filter.kind:
                query["kind"] = {"$in": [k.value for k in filter.kind]}
            if filter.search and filter.search.strip():
                query["name_key"] = _contains(filter.search)
        return await root_connection(
            models.Program.get_pymongo_collection(),
            query,
            first,
            after,
            Program.from_doc,
            visibility=[await info.context.viewer.program_filter()],
        )

    @strawberry.field(description="One program; null if missing or not visible.")
    async def program(self, info: Info, id: strawberry.ID) -> Program | None:
        return await visible_program(info, parse_id_of(id, "Program"))

    @strawberry.field(description="Participants the viewer may see, oldest first.")
    async def participants(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        filter: ParticipantFilter | None = None,
    ) -> Connection[Participant]:
        query: dict[str, Any] = {}
        if filter is not None:
            if filter.department:
                query["department"] = filter.department.strip()
            if filter.echelon is not None:
                query["echelon"] = filter.echelon
            if filter.skill:
                query["skills"] = filter.skill.strip()
            if filter.search and filter.search.strip():
                query["name_key"] = _contains(filter.search)
        return await root_connection(
            models.Participant.get_pymongo_collection(),
            query,
            first,
            after,
            Participant.from_doc,
            visibility=[await info.context.viewer.participant_filter()],
        )

    @strawberry.field(
        description="Mentors of a program ranked for a period (default: this year). Managers "
        "see the ranking; a mentor sees only their own entry."
    )
    async def recognitions(
        self, info: Info, program_id: strawberry.ID, period: str | None = None, first: int = 10
    ) -> list[Recognition]:
        return await ranked(info, parse_id_of(program_id, "Program"), period, first)

    @strawberry.field(
        description="Pairs the viewer may see, oldest first; with `filter.health`, the "
        "program's active pairs in those health states, worst first."
    )
    async def pairs(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        filter: PairFilter | None = None,
    ) -> Connection[Pair]:
        query: dict[str, Any] = {}
        if filter is not None:
            if filter.program_id:
                query["program_id"] = parse_id_of(filter.program_id, "Program")
            if filter.mentor_id:
                query["mentor_id"] = parse_id_of(filter.mentor_id, "Participant")
            if filter.mentee_id:
                query["mentee_id"] = parse_id_of(filter.mentee_id, "Participant")
            if filter.health:
                program_id = query.pop("program_id", None)
                if filter.status:
                    query["status"] = [s.value for s in filter.status]
                return await pairs_by_health(info, program_id, filter.health, query, first, after)
            if filter.status:
                query["status"] = {"$in": [s.value for s in filter.status]}
        return await root_connection(
            models.Pair.get_pymongo_collection(),
            query,
            first,
            after,
            Pair.from_doc,
            visibility=await info.context.viewer.pair_visibility(),
        )
