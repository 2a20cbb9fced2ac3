"""Participant: an employee in the directory."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from bson import ObjectId

from services.graphql_api.context import Info
from services.graphql_api.core.connections import After, Connection, First
from services.graphql_api.core.ids import to_global_id
from services.graphql_api.core.lists import child_connection
from services.graphql_api.core.node import Node
from services.graphql_api.enrollments.types import Enrollment
from services.graphql_api.feedback.recognition import Recognition, of_mentor
from services.graphql_api.loaders.children import (
    EnrollmentsByParticipantLoader,
    PairsByMenteeLoader,
    PairsByMentorLoader,
)
from services.graphql_api.loaders.private_access import PrivateAccessByParticipantLoader
from services.graphql_api.matching.participant_fields import (
    ParticipantMatchingFields,
    matching_fields,
)
from services.graphql_api.talent.members import TalentPoolMember
from services.graphql_api.talent.queries import memberships_of
from services.graphql_api.visibility import pairs_under

if TYPE_CHECKING:
    from services.graphql_api.pairs.types import Pair, PairStatusFilter

PairRef = Annotated["Pair", strawberry.lazy("services.graphql_api.pairs.types")]
PairStatusFilterRef = Annotated[
    "PairStatusFilter", strawberry.lazy("services.graphql_api.pairs.types")
]
StatusFilter = Annotated[
    PairStatusFilterRef | None, strawberry.argument(description="Only pairs in these statuses.")
]


@strawberry.input(description="Narrow the participant directory.")
class ParticipantFilter:
    department: str | None = strawberry.field(default=None, description="Exact department.")
    echelon: int | None = strawberry.field(default=None, description="Talent echelon, 1-3.")
    skill: str | None = strawberry.field(default=None, description="Has this skill (exact).")
    search: str | None = strawberry.field(
        default=None, description="Part of the name, case-insensitive."
    )


@strawberry.type(description="An employee taking part in programs as mentor, mentee or manager.")
class Participant(ParticipantMatchingFields, Node):
    db_id: strawberry.Private[ObjectId]
    private_email: strawberry.Private[str]
    private_needs: strawberry.Private[list[str]]
    name: str = strawberry.field(description="Full name.")
    department: str = strawberry.field(description="Department.")
    title: str = strawberry.field(description="Job title.")
    level: str = strawberry.field(description="Seniority level.")
    echelon: int | None = strawberry.field(
        description="Talent-reserve echelon: 1 middle managers, 2 department heads and "
        "technical backbones, 3 team leaders and outstanding employees; null if none."
    )
    skills: list[str] = strawberry.field(description="What they can teach.")
    interests: list[str] = strawberry.field(description="Interests, for matching.")
    languages: list[str] = strawberry.field(description="Languages they work in.")
    mentor_capacity: int = strawberry.field(
        description="How many pairs they can mentor at once (proposed plus active)."
    )
    active: bool = strawberry.field(description="Still with the company and available.")
    created_at: datetime = strawberry.field(description="When they were added (UTC).")

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "Participant":
        return cls(
            id=to_global_id("Participant", doc["_id"]),
            db_id=doc["_id"],
            private_email=doc["email"],
            private_needs=doc.get("development_needs", []),
            name=doc["name"],
            department=doc.get("department", ""),
            title=doc.get("title", ""),
            level=doc.get("level", ""),
            echelon=doc.get("echelon"),
            skills=doc.get("skills", []),
            interests=doc.get("interests", []),
            languages=doc.get("languages", []),
            mentor_capacity=doc.get("mentor_capacity", 0),
            active=doc.get("active", True),
            created_at=doc["created_at"],
            **matching_fields(doc),
        )

    @strawberry.field(
        description="E-mail address. Private: the person, admins and managers of their "
        "programs only; null for others."
    )
    async def email(self, info: Info) -> str | None:
        allowed = await info.context.loaders.get(PrivateAccessByParticipantLoader).load(self.db_id)
        return self.private_email if allowed else None

    @strawberry.field(
        description="What they want to develop. Private like `email`; null for others."
    )
    async def development_needs(self, info: Info) -> list[str] | None:
        allowed = await info.context.loaders.get(PrivateAccessByParticipantLoader).load(self.db_id)
        return self.private_needs if allowed else None

    @strawberry.field(description="Their enrollments that the viewer may see.")
    async def enrollments(
        self, info: Info, first: First = 20, after: After = None
    ) -> Connection[Enrollment]:
        return await child_connection(
            info,
            EnrollmentsByParticipantLoader,
            self.db_id,
            first,
            after,
            None,
            Enrollment.from_doc,
        )

    @strawberry.field(description="Pairs in which they are the mentor (visible ones).")
    async def pairs_as_mentor(
        self,
        info: Info,
        first: First = 20,
        after: After = None,
        filter: StatusFilter = None,
    ) -> Connection[PairRef]:
        return await pairs_under(info, PairsByMentorLoader, self.db_id, first, after, filter)

    @strawberry.field(description="Pairs in which they are the mentee (visible ones).")
    async def pairs_as_mentee(
        self,
        info: Info,
        first: First = 20,
        after: After = None,
        filter: StatusFilter = None,
    ) -> Connection[PairRef]:
        return await pairs_under(info, PairsByMenteeLoader, self.db_id, first, after, filter)

    @strawberry.field(description="The talent pools they are a member of (public, as published).")
    async def talent_pool_memberships(
        self, info: Info, first: First = 20, after: After = None
    ) -> Connection[TalentPoolMember]:
        return await memberships_of(info, self.db_id, first, after)

    @strawberry.field(
        description="Their standings as a mentor, the newest period first: for themselves "
        "and for the managers of those programs."
    )
    async def recognitions(
        self, info: Info, first: First = 20, after: After = None
    ) -> Connection[Recognition]:
        return await of_mentor(info, self.db_id, first, after)
