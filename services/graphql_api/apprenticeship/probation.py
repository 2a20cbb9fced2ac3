"""An apprentice's probation in GraphQL (`Pair.probation`): its dates, the qualification exam
and the mentor's recommendation, with the outcome they add up to."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from bson import ObjectId

from services.graphql_api.apprenticeship.enums import (
    ProbationDecision,
    ProbationStage,
    RecommendationStatus,
)
from services.graphql_api.apprenticeship.types import named_participant
from services.graphql_api.context import Info
from services.graphql_api.core.enums import PairOutcome
from services.graphql_api.loaders.by_id import ProgramByIdLoader
from shared.apprenticeship.probation import exam_due_on, open_probation, stage_of
from shared.enums import ProgramKind
from shared.models.apprenticeship import DEFAULT_PROBATION_MONTHS
from shared.models.apprenticeship import Probation as StoredProbation
from shared.models.apprenticeship import ProbationRecommendation as StoredRecommendation
from shared.models.apprenticeship import QualificationExam as StoredExam

if TYPE_CHECKING:
    from services.graphql_api.participants.types import Participant

ParticipantRef = Annotated[
    "Participant", strawberry.lazy("services.graphql_api.participants.types")
]


@strawberry.type(description="An apprentice's qualification exam.")
class QualificationExam:
    recorded_by_id: strawberry.Private[ObjectId | None]
    taken_on: date = strawberry.field(description="When it was taken.")
    passed: bool = strawberry.field(description="Whether the apprentice passed.")
    score: float | None = strawberry.field(description="The score from 0 to 100, if any.")
    recorded_at: datetime = strawberry.field(description="When it was recorded (UTC).")

    @classmethod
    def of(cls, exam: StoredExam) -> "QualificationExam":
        return cls(
            recorded_by_id=exam.by_id,
            taken_on=exam.taken_on,
            passed=exam.passed,
            score=exam.score,
            recorded_at=exam.at,
        )

    @strawberry.field(description="Who recorded it: the program's manager or HR.")
    async def recorded_by(self, info: Info) -> ParticipantRef | None:
        return await named_participant(info, self.recorded_by_id)


@strawberry.type(description="The mentor's recommendation at the end of probation.")
class ProbationRecommendation:
    by_id: strawberry.Private[ObjectId | None]
    decided_by_id: strawberry.Private[ObjectId | None]
    decision: ProbationDecision = strawberry.field(description="Confirm on time, or extend.")
    extend_by_months: int | None = strawberry.field(description="For an extension: by how much.")
    reason: str = strawberry.field(description="The mentor's reason.")
    at: datetime = strawberry.field(description="When the mentor recommended it (UTC).")
    status: RecommendationStatus = strawberry.field(
        description="PENDING (an extension waiting), ACCEPTED or REJECTED."
    )
    decided_at: datetime | None = strawberry.field(
        description="When an extension was accepted or rejected (UTC)."
    )
    decision_comment: str = strawberry.field(description="The decider's comment.")

    @classmethod
    def of(cls, recommendation: StoredRecommendation) -> "ProbationRecommendation":
        return cls(
            by_id=recommendation.by_id,
            decided_by_id=recommendation.decided_by_id,
            decision=recommendation.decision,
            extend_by_months=recommendation.extend_by_months,
            reason=recommendation.reason,
            at=recommendation.at,
            status=recommendation.status,
            decided_at=recommendation.decided_at,
            decision_comment=recommendation.decision_comment,
        )

    @strawberry.field(description="The mentor.")
    async def by(self, info: Info) -> ParticipantRef | None:
        return await named_participant(info, self.by_id)

    @strawberry.field(description="Who accepted or rejected an extension.")
    async def decided_by(self, info: Info) -> ParticipantRef | None:
        return await named_participant(info, self.decided_by_id)


@strawberry.type(
    description="An apprentice's probation. It runs from the pair's start for the program's "
    "`probationMonths`; the exam is due two weeks before it ends; an accepted extension moves "
    "its end and the pair's planned end. The outcome follows: a failed exam is NOT_PASSED; an "
    "accepted extension EXTENDED; a passed exam confirmed by the mentor PASSED_ON_TIME "
    "(EXTENDED after an extension)."
)
class Probation:
    ends_on: date = strawberry.field(description="Its last day, after any extension.")
    exam_due_on: date = strawberry.field(description="When the qualification exam is due.")
    extended_months: int = strawberry.field(description="Months it was extended by, in all.")
    stage: ProbationStage = strawberry.field(description="What it waits for, if anything.")
    outcome: PairOutcome | None = strawberry.field(
        description="The outcome so far; null before the exam and the recommendation."
    )
    settled_on: date | None = strawberry.field(
        description="When the outcome was settled; null while it may still change (an "
        "extension under way). A settled outcome is what the pair completes with."
    )
    exams: list[QualificationExam] = strawberry.field(
        description="Every exam, oldest first (a retake follows an accepted extension)."
    )
    recommendations: list[ProbationRecommendation] = strawberry.field(
        description="Every recommendation of the mentor, oldest first."
    )

    @classmethod
    def of(cls, probation: StoredProbation) -> "Probation":
        return cls(
            ends_on=probation.ends_on,
            exam_due_on=exam_due_on(probation),
            extended_months=probation.extended_months,
            stage=stage_of(probation),
            outcome=probation.outcome,
            settled_on=probation.settled_on,
            exams=[QualificationExam.of(exam) for exam in probation.exams],
            recommendations=[ProbationRecommendation.of(r) for r in probation.recommendations],
        )

    @strawberry.field(description="The exam whose result stands: the latest.")
    def exam(self) -> QualificationExam | None:
        return self.exams[-1] if self.exams else None

    @strawberry.field(description="The mentor's latest recommendation.")
    def recommendation(self) -> ProbationRecommendation | None:
        return self.recommendations[-1] if self.recommendations else None


async def probation_of_pair(
    info: Info,
    program_id: ObjectId,
    starts_on: date | None,
    stored: dict[str, Any] | None,
) -> Probation | None:
    """The probation of a pair in an apprenticeship: as stored, or as it opened when the pair
    started; None for other programs and for a pair not started."""
    program = await info.context.loaders.get(ProgramByIdLoader).load(program_id)
    if program is None or program.get("kind") != ProgramKind.APPRENTICESHIP.value:
        return None
    if stored:
        return Probation.of(StoredProbation.model_validate(stored))
    if starts_on is None:
        return None
    months = program.get("probation_months", DEFAULT_PROBATION_MONTHS)
    return Probation.of(open_probation(starts_on, months))
