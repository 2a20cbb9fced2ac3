"""A talent-pool member's development records: activities, progress against the program's
minimums, quarterly reports and tutor assessments; and who is missing what for a quarter."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from bson import ObjectId

from services.graphql_api.context import Info
from services.graphql_api.core.convert import as_date
from services.graphql_api.core.ids import to_global_id
from services.graphql_api.core.node import Node
from services.graphql_api.domain.talent_due import DueItem
from services.graphql_api.talent.enums import DevelopmentActivityKind, DevelopmentPeriod
from services.graphql_api.visibility import visible_participant
from shared.talent.development import Slot
from shared.talent.quarters import due_on

if TYPE_CHECKING:
    from services.graphql_api.participants.types import Participant

ParticipantRef = Annotated[
    "Participant", strawberry.lazy("services.graphql_api.participants.types")
]


@strawberry.type(description="What a program expects of each talent-pool member.")
class DevelopmentMinimum:
    kind: DevelopmentActivityKind = strawberry.field(description="The kind of activity.")
    count: int = strawberry.field(description="At least this many activities...")
    per: DevelopmentPeriod = strawberry.field(description="...in each such period.")


@strawberry.type(description="A correction of a logged activity: who, when, what it said before.")
class ActivityCorrection:
    by_id: strawberry.Private[ObjectId | None]
    at: datetime = strawberry.field(description="When it was corrected (UTC).")
    kind: DevelopmentActivityKind = strawberry.field(description="The kind it had.")
    title: str = strawberry.field(description="The title it had.")
    started_on: date = strawberry.field(description="The first day it had.")
    ended_on: date = strawberry.field(description="The last day it had.")
    hours: float = strawberry.field(description="The hours it had.")
    note: str = strawberry.field(description="The note it had.")

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "ActivityCorrection":
        return cls(
            by_id=doc.get("by_id"),
            at=doc["at"],
            kind=doc["kind"],
            title=doc["title"],
            started_on=as_date(doc["started_on"]),  # type: ignore[arg-type]
            ended_on=as_date(doc["ended_on"]),  # type: ignore[arg-type]
            hours=doc["hours"],
            note=doc.get("note", ""),
        )

    @strawberry.field(description="Who corrected it: the member, their tutor or HR.")
    async def by(self, info: Info) -> ParticipantRef | None:
        return await visible_participant(info, self.by_id)


@strawberry.type(
    description="Something a member did to develop; it counts in the quarter it ended. "
    "`developmentActivityCorrect` and `developmentActivityRemove` mend a mistake."
)
class DevelopmentActivity(Node):
    logged_by_id: strawberry.Private[ObjectId | None]
    kind: DevelopmentActivityKind = strawberry.field(description="What kind of activity.")
    title: str = strawberry.field(description="What it was: the course, post or certificate.")
    started_on: date = strawberry.field(description="First day.")
    ended_on: date = strawberry.field(description="Last day; it counts in this quarter.")
    hours: float = strawberry.field(description="Hours spent.")
    note: str = strawberry.field(description="Anything worth knowing about it.")
    created_at: datetime = strawberry.field(description="When it was logged (UTC).")
    corrections: list[ActivityCorrection] = strawberry.field(
        description="Its corrections, oldest first, each with what it replaced."
    )

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "DevelopmentActivity":
        return cls(
            id=to_global_id("DevelopmentActivity", doc["_id"]),
            logged_by_id=doc.get("logged_by_id"),
            kind=doc["kind"],
            title=doc["title"],
            started_on=as_date(doc["started_on"]),  # type: ignore[arg-type]
            ended_on=as_date(doc["ended_on"]),  # type: ignore[arg-type]
            hours=doc["hours"],
            note=doc.get("note", ""),
            created_at=doc["created_at"],
            corrections=[ActivityCorrection.from_doc(c) for c in doc.get("corrections", [])],
        )

    @strawberry.field(description="Who logged it: the member, their tutor or HR.")
    async def logged_by(self, info: Info) -> ParticipantRef | None:
        return await visible_participant(info, self.logged_by_id)


@strawberry.type(description="An activity taken off a member's record, kept as it was.")
class RemovedDevelopmentActivity:
    removed_by_id: strawberry.Private[ObjectId | None]
    activity: DevelopmentActivity = strawberry.field(description="The activity as it was.")
    removed_at: datetime = strawberry.field(description="When it was removed (UTC).")
    reason: str = strawberry.field(description="Why it was removed.")

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "RemovedDevelopmentActivity":
        return cls(
            removed_by_id=doc.get("removed_by_id"),
            activity=DevelopmentActivity.from_doc(doc["activity"]),
            removed_at=doc["removed_at"],
            reason=doc["reason"],
        )

    @strawberry.field(description="Who removed it: the member, their tutor or HR.")
    async def removed_by(self, info: Info) -> ParticipantRef | None:
        return await visible_participant(info, self.removed_by_id)


@strawberry.type(description="One development minimum over one period, and what was done in it.")
class DevelopmentSlot:
    kind: DevelopmentActivityKind = strawberry.field(description="The kind of activity.")
    per: DevelopmentPeriod = strawberry.field(description="Quarterly or yearly minimum.")
    period: str = strawberry.field(description='The period: "2026-Q2" or "2026".')
    required: int = strawberry.field(description="Activities the minimum asks for.")
    done: int = strawberry.field(description="Activities of that kind that ended in the period.")
    met: bool = strawberry.field(description="Whether enough were done.")
    period_over: bool = strawberry.field(
        description="Whether the period has ended: an unmet minimum of an ended period is missed."
    )

    @classmethod
    def of(cls, slot: Slot) -> "DevelopmentSlot":
        return cls(
            kind=slot.kind,
            per=slot.per,
            period=slot.period,
            required=slot.required,
            done=slot.done,
            met=slot.met,
            period_over=slot.closed,
        )


@strawberry.type(description="A member's development in a year against the program's minimums.")
class DevelopmentProgress:
    year: int = strawberry.field(description="The year.")
    slots: list[DevelopmentSlot] = strawberry.field(
        description="Each minimum over each period of membership in the year, up to now."
    )
    share: float | None = strawberry.field(
        description="The mean share of each minimum reached (at most 1), over the periods "
        "that are over or already met: the DEVELOPMENT_ACTIVITIES part of the year-end "
        "score; null when none counts yet."
    )


@strawberry.type(description="A member's work-and-study report for one quarter.")
class ProgressReport:
    quarter: str = strawberry.field(description='The quarter reported on, e.g. "2026-Q2".')
    work: str = strawberry.field(description="What they worked on and achieved.")
    study: str = strawberry.field(description="What they studied and learnt.")
    next_steps: str = strawberry.field(description="What they plan for the next quarter.")
    submitted_at: datetime = strawberry.field(description="When it was last submitted (UTC).")
    on_time: bool = strawberry.field(description="Whether it came in by its due date.")
    revision: int = strawberry.field(
        description="1, plus one per resubmission before the due date."
    )

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "ProgressReport":
        return cls(
            quarter=doc["quarter"],
            work=doc["work"],
            study=doc["study"],
            next_steps=doc["next_steps"],
            submitted_at=doc["submitted_at"],
            on_time=doc["on_time"],
            revision=doc["revision"],
        )

    @strawberry.field(description="The last day it counts as on time (15 days after the quarter).")
    def due_on(self) -> date:
        return due_on(self.quarter)


@strawberry.type(description="A tutor's score for one competency.")
class Rating:
    competency: str = strawberry.field(description="The competency.")
    score: int = strawberry.field(
        description="1 far below expectations, 3 as expected, 5 far above."
    )


@strawberry.type(description="A tutor's assessment of a member for one quarter.")
class MentorAssessment:
    tutor_id: strawberry.Private[ObjectId]
    quarter: str = strawberry.field(description='The quarter assessed, e.g. "2026-Q2".')
    ratings: list[Rating] = strawberry.field(description="A score per competency.")
    comment: str = strawberry.field(description="The tutor's comment.")
    submitted_at: datetime = strawberry.field(description="When it was last submitted (UTC).")
    on_time: bool = strawberry.field(description="Whether it came in by its due date.")
    revision: int = strawberry.field(
        description="1, plus one per resubmission before the due date."
    )

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "MentorAssessment":
        return cls(
            tutor_id=doc["tutor_id"],
            quarter=doc["quarter"],
            ratings=[Rating(competency=r["competency"], score=r["score"]) for r in doc["ratings"]],
            comment=doc.get("comment", ""),
            submitted_at=doc["submitted_at"],
            on_time=doc["on_time"],
            revision=doc["revision"],
        )

    @strawberry.field(description="The mean of the scores, 1 to 5.")
    def mean_score(self) -> float:
        return sum(r.score for r in self.ratings) / len(self.ratings)

    @strawberry.field(description="The last day it counts as on time (15 days after the quarter).")
    def due_on(self) -> date:
        return due_on(self.quarter)

    @strawberry.field(description="The tutor who assessed.")
    async def tutor(self, info: Info) -> ParticipantRef | None:
        return await visible_participant(info, self.tutor_id)


@strawberry.type(description="A talent-pool member missing something for a quarter.")
class TalentReserveDueItem:
    participant_id: strawberry.Private[ObjectId]
    tutor_id: strawberry.Private[ObjectId | None]
    enrollment_id: strawberry.ID = strawberry.field(description="The member's enrollment.")
    name: str = strawberry.field(description="The member's name.")
    report_missing: bool = strawberry.field(description="Their progress report is missing.")
    assessment_missing: bool = strawberry.field(
        description="Their tutor's assessment is missing (see `tutor`: null when they have none)."
    )
    behind: list[DevelopmentSlot] = strawberry.field(
        description="Development minimums not met: the quarter's, and the year's up to the "
        "quarter's end."
    )

    @classmethod
    def of(cls, item: DueItem) -> "TalentReserveDueItem":
        return cls(
            participant_id=item.member.enrollment["participant_id"],
            tutor_id=item.member.tutor_id,
            enrollment_id=to_global_id("Enrollment", item.member.enrollment_id),
            name=item.member.name,
            report_missing=item.report_missing,
            assessment_missing=item.assessment_missing,
            behind=[DevelopmentSlot.of(slot) for slot in item.behind],
        )

    @strawberry.field(description="The member.")
    async def participant(self, info: Info) -> ParticipantRef | None:
        return await visible_participant(info, self.participant_id)

    @strawberry.field(description="Their tutor (mentor of their active pair); null if none.")
    async def tutor(self, info: Info) -> ParticipantRef | None:
        return await visible_participant(info, self.tutor_id)
