"""The root `Query`: every read starts here."""

import re
from typing import Annotated, Any

import strawberry

from services.graphql_api import orders
from services.graphql_api.apprenticeship.queries import ApprenticeshipQuery, apprenticeship_node
from services.graphql_api.context import Info
from services.graphql_api.core.connections import After, Connection, First
from services.graphql_api.core.enums import ProgramKind, ProgramStatus
from services.graphql_api.core.ids import parse_global_id, parse_id_of
from services.graphql_api.core.lists import root_connection
from services.graphql_api.core.node import Node, load_visible
from services.graphql_api.domain.errors import DomainError, ErrorCode
from services.graphql_api.feedback.recognition import Period, Recognition, ranked
from services.graphql_api.feedback.rounds import visible_survey_round
from services.graphql_api.goals.types import CheckIn, Goal
from services.graphql_api.loaders.by_id import (
    CheckInByIdLoader,
    GoalByIdLoader,
)
from services.graphql_api.matching.proposals import visible_proposal
from services.graphql_api.orders import (
    PairOrder,
    PairOrderField,
    ParticipantOrder,
    ProgramOrder,
    RecognitionOrder,
)
from services.graphql_api.pairs.by_health import WORST_FIRST, pairs_by_health
from services.graphql_api.pairs.types import Pair, PairFilter
from services.graphql_api.participants.types import Participant, ParticipantFilter
from services.graphql_api.programs.types import Program
from services.graphql_api.talent.queries import (
    TalentReserveQuery,
    visible_activity,
    visible_objection,
)
from services.graphql_api.viewer.types import Viewer
from services.graphql_api.visibility import (
    visible_enrollment,
    visible_pair,
    visible_participant,
    visible_program,
)
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


NodeId = Annotated[strawberry.ID, strawberry.argument(description="The object's global ID.")]
ProgramId = Annotated[strawberry.ID, strawberry.argument(description="The program's ID.")]


@strawberry.type(description="The entry point of every read.")
class Query(ApprenticeshipQuery, TalentReserveQuery):
    @strawberry.field(description="Who is asking: their participant record and roles.")
    def viewer(self, info: Info) -> Viewer:
        return Viewer(roles=sorted(info.context.viewer.roles))

    @strawberry.field(description="Any object by its global ID; null if missing or not visible.")
    async def node(self, info: Info, id: NodeId) -> Node | None:
        type_name, object_id = parse_global_id(id)
        loaders, viewer = info.context.loaders, info.context.viewer
        if type_name == "Program":
            return await visible_program(info, object_id)
        if type_name == "Participant":
            return await visible_participant(info, object_id)
        if type_name == "Pair":
            return await visible_pair(info, object_id)
        if type_name == "SurveyRound":
            return await visible_survey_round(info, object_id)
        if type_name == "EnrollmentObjection":
            return await visible_objection(info, object_id)
        if type_name == "DevelopmentActivity":
            return await visible_activity(info, object_id)
        if type_name == "MatchingProposal":
            return await visible_proposal(info, object_id)
        if type_name in ("MentoringPlan", "Concern"):
            return await apprenticeship_node(info, type_name, object_id)
        if type_name == "Enrollment":
            return await visible_enrollment(info, object_id)
        if type_name in ("Goal", "CheckIn"):
            loader, sees, to_node = {
                "Goal": (GoalByIdLoader, viewer.sees_pair_child, Goal.from_doc),
                "CheckIn": (CheckInByIdLoader, viewer.sees_pair_child, CheckIn.from_doc),
            }[type_name]
            return await load_visible(loaders.get(loader), object_id, sees, to_node)
        return None

    @strawberry.field(description="Programs the viewer may see, oldest first unless `orderBy`.")
    async def programs(
        self,
        info: Info,
        first: First = 20,
        after: After = None,
        filter: Annotated[
            ProgramFilter | None, strawberry.argument(description="Only the programs matching.")
        ] = None,
        order_by: Annotated[
            ProgramOrder | None,
            strawberry.argument(description="How to sort; null for the oldest first."),
        ] = None,
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
            orders.ordering("programs", order_by),
            visibility=[await info.context.viewer.program_filter()],
        )

    @strawberry.field(description="One program; null if missing or not visible.")
    async def program(self, info: Info, id: ProgramId) -> Program | None:
        return await visible_program(info, parse_id_of(id, "Program"))

    @strawberry.field(description="Participants the viewer may see, oldest first unless `orderBy`.")
    async def participants(
        self,
        info: Info,
        first: First = 20,
        after: After = None,
        filter: Annotated[
            ParticipantFilter | None,
            strawberry.argument(description="Only the participants matching."),
        ] = None,
        order_by: Annotated[
            ParticipantOrder | None,
            strawberry.argument(description="How to sort; null for the oldest first."),
        ] = None,
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
            orders.ordering("participants", order_by),
            visibility=[await info.context.viewer.participant_filter()],
        )

    @strawberry.field(
        description="Mentors of a program ranked for a period (default: this year), the best "
        "rank first unless `orderBy`. Managers see the ranking; a mentor sees only their own "
        "entry."
    )
    async def recognitions(
        self,
        info: Info,
        program_id: ProgramId,
        period: Period = None,
        first: First = 10,
        after: After = None,
        order_by: Annotated[
            RecognitionOrder | None,
            strawberry.argument(description="How to sort; null for the best rank first."),
        ] = None,
    ) -> Connection[Recognition]:
        program = parse_id_of(program_id, "Program")
        return await ranked(info, program, period, first, after, order_by)

    @strawberry.field(
        description="Pairs the viewer may see, oldest first unless `orderBy`; with "
        "`filter.health`, the program's active pairs in those health states, worst first."
    )
    async def pairs(
        self,
        info: Info,
        first: First = 20,
        after: After = None,
        filter: Annotated[
            PairFilter | None, strawberry.argument(description="Only the pairs matching.")
        ] = None,
        order_by: Annotated[
            PairOrder | None,
            strawberry.argument(
                description="How to sort; null for the oldest first (worst first with "
                "`filter.health`)."
            ),
        ] = None,
    ) -> Connection[Pair]:
        by_health = order_by is not None and order_by.field == PairOrderField.HEALTH
        if by_health and not (filter and filter.health):
            raise DomainError.of(
                ErrorCode.INVALID,
                "Sorting by HEALTH needs `filter.health` (and `filter.programId`).",
                ("orderBy", "field"),
            )
        query: dict[str, Any] = {}
        if filter is not None:
            if filter.program_id:
                query["program_id"] = parse_id_of(filter.program_id, "Program")
            if filter.mentor_id:
                query["mentor_id"] = parse_id_of(filter.mentor_id, "Participant")
            if filter.mentee_id:
                query["mentee_id"] = parse_id_of(filter.mentee_id, "Participant")
            if filter.health:
                if order_by is not None and not by_health:
                    raise DomainError.of(
                        ErrorCode.INVALID,
                        "Pairs filtered by health are sorted by HEALTH only.",
                        ("orderBy", "field"),
                    )
                program_id = query.pop("program_id", None)
                if filter.status:
                    query["status"] = [s.value for s in filter.status]
                ordering = orders.ordering("pairs", order_by, default=WORST_FIRST)
                return await pairs_by_health(
                    info, program_id, filter.health, query, first, after, ordering
                )
            if filter.status:
                query["status"] = {"$in": [s.value for s in filter.status]}
        return await root_connection(
            models.Pair.get_pymongo_collection(),
            query,
            first,
            after,
            Pair.from_doc,
            orders.ordering("pairs", order_by),
            visibility=await info.context.viewer.pair_visibility(),
        )
