"""The year-end evaluation of a talent pool: members ranked with their evidence, and the
outstanding members selected."""

import asyncio
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from bson import ObjectId

from services.graphql_api.context import Info
from services.graphql_api.core.connections import After, Connection, First, connection_of_list
from services.graphql_api.core.ids import to_global_id
from services.graphql_api.domain.year_end import MemberEvaluation
from services.graphql_api.talent.enums import YearEndComponent
from services.graphql_api.visibility import visible_participant, visible_program

if TYPE_CHECKING:
    from services.graphql_api.participants.types import Participant
    from services.graphql_api.programs.types import Program

ParticipantRef = Annotated[
    "Participant", strawberry.lazy("services.graphql_api.participants.types")
]
ProgramRef = Annotated["Program", strawberry.lazy("services.graphql_api.programs.types")]


@strawberry.type(description="One part of a year-end score.")
class YearEndPart:
    component: YearEndComponent = strawberry.field(description="Which part, with its rule.")
    weight: float = strawberry.field(description="Its weight in the score.")
    value: float | None = strawberry.field(
        description="From 0 to 1; null when the member has no data for it (left out of the "
        "score, weight included)."
    )


@strawberry.type(description="The figures a member's year-end score rests on.")
class YearEndEvidence:
    assessments: int = strawberry.field(description="Tutor assessments received in the year.")
    mean_assessment: float | None = strawberry.field(
        description="Their mean score, 1 to 5; null without any."
    )
    reports_on_time: int = strawberry.field(description="Progress reports that came in on time.")
    reports_owed: int = strawberry.field(
        description="Quarters that owed a report: those of membership whose due date has "
        "passed, and any reported already."
    )
    minimums_met: int = strawberry.field(description="Development minimum periods met.")
    minimums_counted: int = strawberry.field(
        description="Development minimum periods that count: over, or already met."
    )
    goals_achieved: int = strawberry.field(description="Goals achieved in the year.")
    goals_counted: int = strawberry.field(
        description="Goals counted: set by the year's end, neither dropped nor achieved earlier."
    )


@strawberry.type(description="A member's place in the year-end ranking.")
class YearEndStanding:
    participant_id: strawberry.Private[ObjectId]
    enrollment_id: strawberry.ID = strawberry.field(description="The member's enrollment.")
    name: str = strawberry.field(description="The member's name.")
    rank: int | None = strawberry.field(
        description="1 for the highest score; equal scores share a rank. Null without a score."
    )
    score: float | None = strawberry.field(
        description="From 0 to 1: the weighted mean of the parts with data; null when none has."
    )
    parts: list[YearEndPart] = strawberry.field(description="Each part, weight and value.")
    evidence: YearEndEvidence = strawberry.field(description="What the parts rest on.")
    selected: bool = strawberry.field(description="Whether the year's selection names them.")

    @classmethod
    def of(cls, evaluated: MemberEvaluation, selected: set[ObjectId]) -> "YearEndStanding":
        member, standing = evaluated.member, evaluated.standing
        record = standing.record
        counting = [slot for slot in evaluated.slots if slot.counts]
        return cls(
            participant_id=member.enrollment["participant_id"],
            enrollment_id=to_global_id("Enrollment", member.enrollment_id),
            name=member.name,
            rank=standing.rank,
            score=standing.score,
            parts=[
                YearEndPart(component=p.component, weight=p.weight, value=p.value)
                for p in standing.parts
            ],
            evidence=YearEndEvidence(
                assessments=len(record.assessment_means),
                mean_assessment=record.mean_assessment,
                reports_on_time=record.reports_on_time,
                reports_owed=record.reports_owed,
                minimums_met=sum(1 for slot in counting if slot.met),
                minimums_counted=len(counting),
                goals_achieved=record.goals_achieved,
                goals_counted=record.goals_counted,
            ),
            selected=member.enrollment["participant_id"] in selected,
        )

    @strawberry.field(description="The member, if the viewer may see them.")
    async def participant(self, info: Info) -> ParticipantRef | None:
        return await visible_participant(info, self.participant_id)


@strawberry.type(description="One version of a year's selection of outstanding members.")
class OutstandingSelectionRecord:
    participant_ids: strawberry.Private[list[ObjectId]]
    by_id: strawberry.Private[ObjectId | None]
    note: str = strawberry.field(description="Why they were chosen.")
    at: datetime = strawberry.field(description="When (UTC).")

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "OutstandingSelectionRecord":
        return cls(
            participant_ids=list(doc.get("participant_ids", [])),
            by_id=doc.get("by_id"),
            note=doc.get("note", ""),
            at=doc["at"],
        )

    @strawberry.field(description="The members selected (those the viewer may see).")
    async def selected(self, info: Info) -> list[ParticipantRef]:
        found = await asyncio.gather(
            *(visible_participant(info, pid) for pid in self.participant_ids)
        )
        return [participant for participant in found if participant is not None]

    @strawberry.field(description="Who selected them: HR or top management.")
    async def selected_by(self, info: Info) -> ParticipantRef | None:
        return await visible_participant(info, self.by_id)


@strawberry.type(description="The outstanding members of a talent pool's year, as selected.")
class OutstandingSelection:
    program_id: strawberry.Private[ObjectId]
    year: int = strawberry.field(description="The year.")
    current: OutstandingSelectionRecord = strawberry.field(description="The selection in force.")
    history: list[OutstandingSelectionRecord] = strawberry.field(
        description="Earlier versions it replaced, the first first."
    )

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "OutstandingSelection":
        return cls(
            program_id=doc["program_id"],
            year=doc["year"],
            current=OutstandingSelectionRecord.from_doc(doc["current"]),
            history=[OutstandingSelectionRecord.from_doc(d) for d in doc.get("history", [])],
        )

    @strawberry.field(description="The program.")
    async def program(self, info: Info) -> ProgramRef | None:
        return await visible_program(info, self.program_id)


@strawberry.type(
    description="A talent pool's year: its members ranked by a composite of tutor assessments, "
    "reports on time, development against the minimums and goals achieved (see "
    "`YearEndComponent`), with the evidence, and the outstanding members selected."
)
class YearEndEvaluation:
    program_id: strawberry.Private[ObjectId]
    evaluated: strawberry.Private[list[MemberEvaluation]]
    selection_doc: strawberry.Private[dict[str, Any] | None]
    weights_by_part: strawberry.Private[dict[YearEndComponent, float]]
    year: int = strawberry.field(description="The year evaluated.")

    @strawberry.field(description="The weight of each part of the score (the program's).")
    def weights(self) -> list[YearEndPart]:
        return [
            YearEndPart(component=c, weight=self.weights_by_part.get(c, 0.0), value=None)
            for c in YearEndComponent
        ]

    @strawberry.field(
        description="Members of the pool at the year's end (now, for the current year), the "
        "best first; those without a score last."
    )
    def standings(self, first: First = 20, after: After = None) -> Connection[YearEndStanding]:
        current = (self.selection_doc or {}).get("current") or {}
        chosen = set(current.get("participant_ids", []))
        items = [YearEndStanding.of(e, chosen) for e in self.evaluated]
        return connection_of_list(
            items, first, after, f"Program.yearEndEvaluation.{self.year}", self.program_id
        )

    @strawberry.field(
        description="The outstanding members selected for the year; null if none yet."
    )
    def selection(self) -> OutstandingSelection | None:
        return OutstandingSelection.from_doc(self.selection_doc) if self.selection_doc else None
