"""Goal with its milestones, and CheckIn."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from bson import ObjectId

from services.graphql_api.context import Info
from services.graphql_api.core.convert import as_date
from services.graphql_api.core.enums import GoalStatus
from services.graphql_api.core.ids import to_global_id
from services.graphql_api.core.node import Node
from services.graphql_api.visibility import visible_pair, visible_participant

if TYPE_CHECKING:
    from services.graphql_api.pairs.types import Pair
    from services.graphql_api.participants.types import Participant

PairRef = Annotated["Pair", strawberry.lazy("services.graphql_api.pairs.types")]
ParticipantRef = Annotated[
    "Participant", strawberry.lazy("services.graphql_api.participants.types")
]


@strawberry.type(description="A dated step towards a goal.")
class Milestone:
    id: strawberry.ID = strawberry.field(description="ID of the milestone within its goal.")
    title: str = strawberry.field(description="What is to be done.")
    due_on: date | None = strawberry.field(description="When it is due.")
    done_at: datetime | None = strawberry.field(description="When it was done (UTC), if it is.")

    @strawberry.field(description="Whether it is done.")
    def done(self) -> bool:
        return self.done_at is not None


@strawberry.type(description="A development goal a pair works on.")
class Goal(Node):
    db_id: strawberry.Private[ObjectId]
    pair_id: strawberry.Private[ObjectId]
    title: str = strawberry.field(description="The goal in a few words.")
    description: str = strawberry.field(description="More about it.")
    competency: str = strawberry.field(description="The program competency it develops, if any.")
    status: GoalStatus = strawberry.field(
        description="NOT_STARTED, IN_PROGRESS, ACHIEVED, DROPPED."
    )
    progress: int = strawberry.field(description="Progress in percent; 100 when achieved.")
    target_date: date | None = strawberry.field(description="When it should be reached.")
    achieved_at: datetime | None = strawberry.field(description="When it was achieved (UTC).")
    milestones: list[Milestone] = strawberry.field(description="Steps towards it, in order.")
    created_at: datetime = strawberry.field(description="When it was set (UTC).")
    updated_at: datetime = strawberry.field(description="When it last changed (UTC).")

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "Goal":
        return cls(
            id=to_global_id("Goal", doc["_id"]),
            db_id=doc["_id"],
            pair_id=doc["pair_id"],
            title=doc["title"],
            description=doc.get("description", ""),
            competency=doc.get("competency", ""),
            status=doc["status"],
            progress=doc.get("progress", 0),
            target_date=as_date(doc.get("target_date")),
            achieved_at=doc.get("achieved_at"),
            milestones=[
                Milestone(
                    id=strawberry.ID(str(m["id"])),
                    title=m["title"],
                    due_on=as_date(m.get("due_on")),
                    done_at=m.get("done_at"),
                )
                for m in doc.get("milestones", [])
            ],
            created_at=doc["created_at"],
            updated_at=doc["updated_at"],
        )

    @strawberry.field(description="The pair working on it.")
    async def pair(self, info: Info) -> PairRef | None:
        return await visible_pair(info, self.pair_id)


@strawberry.type(description="A meeting a pair held.")
class CheckIn(Node):
    db_id: strawberry.Private[ObjectId]
    pair_id: strawberry.Private[ObjectId]
    logged_by_id: strawberry.Private[ObjectId | None]
    held_on: date = strawberry.field(description="When the meeting took place.")
    duration_minutes: int = strawberry.field(description="How long it lasted.")
    topics: list[str] = strawberry.field(description="What was discussed.")
    notes: str = strawberry.field(description="Notes of the pair.")
    created_at: datetime = strawberry.field(description="When it was logged (UTC).")

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "CheckIn":
        return cls(
            id=to_global_id("CheckIn", doc["_id"]),
            db_id=doc["_id"],
            pair_id=doc["pair_id"],
            logged_by_id=doc.get("logged_by_id"),
            held_on=as_date(doc["held_on"]),  # type: ignore[arg-type]
            duration_minutes=doc["duration_minutes"],
            topics=doc.get("topics", []),
            notes=doc.get("notes", ""),
            created_at=doc["created_at"],
        )

    @strawberry.field(description="The pair that met.")
    async def pair(self, info: Info) -> PairRef | None:
        return await visible_pair(info, self.pair_id)

    @strawberry.field(description="Who logged it, if visible.")
    async def logged_by(self, info: Info) -> ParticipantRef | None:
        return await visible_participant(info, self.logged_by_id)
