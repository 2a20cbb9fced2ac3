"""Apprenticeship mutations: mentoring plans, the probation's steps and concerns. Each one tells
the survey service that the pair changed, so its health (a missing plan, an open concern) and
its mentor's recognition (a settled outcome) follow at once."""

from datetime import date
from typing import Annotated

import strawberry
from beanie import PydanticObjectId

from services.graphql_api.apprenticeship.enums import ProbationDecision
from services.graphql_api.apprenticeship.types import Concern, MentoringPlan
from services.graphql_api.context import Info
from services.graphql_api.core.ids import parse_id_of
from services.graphql_api.core.mutations import payload_type, perform
from services.graphql_api.domain import concerns, mentoring_plans, probation
from services.graphql_api.domain.inputs import (
    ConcernRaise,
    ConcernResolve,
    ExamRecord,
    ExtensionDecision,
    MentoringPlanDecision,
    MentoringPlanSubmit,
    ProbationRecommend,
)
from services.graphql_api.pairs.types import Pair


@strawberry.input(description="The mentor's plan for one quarter of an apprenticeship.")
class MentoringPlanSubmitInput:
    pair_id: strawberry.ID = strawberry.field(description="The active apprenticeship pair.")
    quarter: str = strawberry.field(
        description='The quarter planned, "2026-Q4": the current one or the next.'
    )
    objectives: list[str] = strawberry.field(description="What to achieve: 1 to 20 items.")
    activities: list[str] = strawberry.field(description="How: 1 to 20 items.")
    competencies: list[str] = strawberry.field(
        default_factory=list, description="Competencies of the program it works on."
    )


@strawberry.input(description="Approve a submitted plan, or return it to be resubmitted.")
class MentoringPlanDecideInput:
    id: strawberry.ID = strawberry.field(description="The plan.")
    approve: bool = strawberry.field(description="True to approve; false to return it.")
    comment: str = strawberry.field(
        default="", description="What to change (required to return it)."
    )


@strawberry.input(description="An apprentice's qualification exam.")
class QualificationExamRecordInput:
    pair_id: strawberry.ID = strawberry.field(description="The active apprenticeship pair.")
    taken_on: date = strawberry.field(description="When it was taken: within probation.")
    passed: bool = strawberry.field(description="Whether the apprentice passed.")
    score: float | None = strawberry.field(default=None, description="The score, 0 to 100.")


@strawberry.input(description="The mentor's recommendation at the end of probation.")
class ProbationRecommendInput:
    pair_id: strawberry.ID = strawberry.field(description="The active apprenticeship pair.")
    decision: ProbationDecision = strawberry.field(description="Confirm on time, or extend.")
    extend_by_months: int | None = strawberry.field(
        default=None, description="For EXTEND: 1 to 6 months (6 in all)."
    )
    reason: str = strawberry.field(default="", description="Why (required to extend).")


@strawberry.input(description="Accept or reject the mentor's pending extension.")
class ProbationExtensionDecideInput:
    pair_id: strawberry.ID = strawberry.field(description="The apprenticeship pair.")
    approve: bool = strawberry.field(description="True to accept; false to reject.")
    comment: str = strawberry.field(default="", description="Why (required to reject).")


@strawberry.input(description="A concern about the mentoring, raised by the mentee.")
class ConcernRaiseInput:
    pair_id: strawberry.ID = strawberry.field(description="The mentee's active pair.")
    text: str = strawberry.field(description="What happens (1 to 5000 characters).")


@strawberry.input(description="Resolve a concern.")
class ConcernResolveInput:
    id: strawberry.ID = strawberry.field(description="The concern.")
    note: str = strawberry.field(description="How it was dealt with (required).")


MentoringPlanSubmitPayload = payload_type(
    "MentoringPlanSubmitPayload", "mentoringPlan", MentoringPlan, "submitted"
)
MentoringPlanDecidePayload = payload_type(
    "MentoringPlanDecidePayload", "mentoringPlan", MentoringPlan, "decided"
)
QualificationExamRecordPayload = payload_type(
    "QualificationExamRecordPayload", "pair", Pair, "with the exam recorded"
)
ProbationRecommendPayload = payload_type(
    "ProbationRecommendPayload", "pair", Pair, "with the recommendation"
)
ProbationExtensionDecidePayload = payload_type(
    "ProbationExtensionDecidePayload", "pair", Pair, "with the extension decided"
)
ConcernRaisePayload = payload_type("ConcernRaisePayload", "concern", Concern, "raised")
ConcernResolvePayload = payload_type("ConcernResolvePayload", "concern", Concern, "resolved")


def _pair_id(global_id: str) -> PydanticObjectId:
    return PydanticObjectId(parse_id_of(global_id, "Pair", "pair_id"))


@strawberry.type
class ApprenticeshipMutation:
    @strawberry.mutation(
        description="File the plan for a quarter (the pair's mentor); a returned plan is "
        "submitted again as its next revision."
    )
    async def mentoring_plan_submit(
        self,
        info: Info,
        input: Annotated[MentoringPlanSubmitInput, strawberry.argument(description="The plan.")],
    ) -> MentoringPlanSubmitPayload:  # type: ignore[valid-type]
        async def action() -> object:
            data = MentoringPlanSubmit(
                pair_id=_pair_id(input.pair_id),
                quarter=input.quarter,
                objectives=input.objectives,
                activities=input.activities,
                competencies=input.competencies,
            )
            plan = await mentoring_plans.submit_plan(actor=info.context.viewer, data=data)
            info.context.pair_changed(plan.pair_id)
            return plan

        return await perform(
            MentoringPlanSubmitPayload, "mentoringPlan", action, MentoringPlan.from_doc
        )

    @strawberry.mutation(
        description="Approve or return a submitted plan (the head of the mentee's department, "
        "or an admin)."
    )
    async def mentoring_plan_decide(
        self,
        info: Info,
        input: Annotated[
            MentoringPlanDecideInput, strawberry.argument(description="The plan and decision.")
        ],
    ) -> MentoringPlanDecidePayload:  # type: ignore[valid-type]
        async def action() -> object:
            plan_id = PydanticObjectId(parse_id_of(input.id, "MentoringPlan", "id"))
            data = MentoringPlanDecision(approve=input.approve, comment=input.comment)
            plan = await mentoring_plans.decide_plan(
                actor=info.context.viewer, plan_id=plan_id, data=data
            )
            info.context.pair_changed(plan.pair_id)
            return plan

        return await perform(
            MentoringPlanDecidePayload, "mentoringPlan", action, MentoringPlan.from_doc
        )

    @strawberry.mutation(
        description="Record an apprentice's qualification exam (the program's managers or HR)."
    )
    async def qualification_exam_record(
        self,
        info: Info,
        input: Annotated[
            QualificationExamRecordInput, strawberry.argument(description="The exam.")
        ],
    ) -> QualificationExamRecordPayload:  # type: ignore[valid-type]
        async def action() -> object:
            data = ExamRecord(
                pair_id=_pair_id(input.pair_id),
                taken_on=input.taken_on,
                passed=input.passed,
                score=input.score,
            )
            pair = await probation.record_exam(actor=info.context.viewer, data=data)
            info.context.pair_changed(pair.id)
            return pair

        return await perform(QualificationExamRecordPayload, "pair", action, Pair.from_doc)

    @strawberry.mutation(
        description="Recommend confirming the apprentice on time or extending probation (the "
        "pair's mentor)."
    )
    async def probation_recommend(
        self,
        info: Info,
        input: Annotated[
            ProbationRecommendInput, strawberry.argument(description="The recommendation.")
        ],
    ) -> ProbationRecommendPayload:  # type: ignore[valid-type]
        async def action() -> object:
            data = ProbationRecommend(
                pair_id=_pair_id(input.pair_id),
                decision=input.decision,
                extend_by_months=input.extend_by_months,
                reason=input.reason,
            )
            pair = await probation.recommend(actor=info.context.viewer, data=data)
            info.context.pair_changed(pair.id)
            return pair

        return await perform(ProbationRecommendPayload, "pair", action, Pair.from_doc)

    @strawberry.mutation(
        description="Accept the mentor's extension (probation and the pair's planned end move; "
        "the pair stays active) or reject it (the program's managers or HR)."
    )
    async def probation_extension_decide(
        self,
        info: Info,
        input: Annotated[
            ProbationExtensionDecideInput,
            strawberry.argument(description="The pair and the decision."),
        ],
    ) -> ProbationExtensionDecidePayload:  # type: ignore[valid-type]
        async def action() -> object:
            data = ExtensionDecision(
                pair_id=_pair_id(input.pair_id), approve=input.approve, comment=input.comment
            )
            pair = await probation.decide_extension(actor=info.context.viewer, data=data)
            info.context.pair_changed(pair.id)
            return pair

        return await perform(ProbationExtensionDecidePayload, "pair", action, Pair.from_doc)

    @strawberry.mutation(
        description="Raise a concern about the mentoring (the pair's mentee). The program's "
        "managers and the head of the mentee's department read it; the mentor never does."
    )
    async def concern_raise(
        self,
        info: Info,
        input: Annotated[ConcernRaiseInput, strawberry.argument(description="The concern.")],
    ) -> ConcernRaisePayload:  # type: ignore[valid-type]
        async def action() -> object:
            data = ConcernRaise(pair_id=_pair_id(input.pair_id), text=input.text)
            concern = await concerns.raise_concern(actor=info.context.viewer, data=data)
            info.context.pair_changed(concern.pair_id)
            return concern

        return await perform(ConcernRaisePayload, "concern", action, Concern.from_doc)

    @strawberry.mutation(
        description="Resolve a concern with a note (the program's managers, admins or the head "
        "of the mentee's department)."
    )
    async def concern_resolve(
        self,
        info: Info,
        input: Annotated[
            ConcernResolveInput, strawberry.argument(description="The concern and how.")
        ],
    ) -> ConcernResolvePayload:  # type: ignore[valid-type]
        async def action() -> object:
            concern_id = PydanticObjectId(parse_id_of(input.id, "Concern", "id"))
            data = ConcernResolve(note=input.note)
            concern = await concerns.resolve_concern(
                actor=info.context.viewer, concern_id=concern_id, data=data
            )
            info.context.pair_changed(concern.pair_id)
            return concern

        return await perform(ConcernResolvePayload, "concern", action, Concern.from_doc)
