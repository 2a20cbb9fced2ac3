"""Enrollment mutations."""

from typing import Annotated

import strawberry
from beanie import PydanticObjectId

from services.graphql_api.context import Info
from services.graphql_api.core.enums import Role
from services.graphql_api.core.ids import parse_id_of
from services.graphql_api.core.mutations import payload_type, perform
from services.graphql_api.domain import enrollments
from services.graphql_api.domain.inputs import Decision, EnrollmentApply, Recommendation
from services.graphql_api.enrollments.types import Enrollment
from services.graphql_api.talent.inputs import TalentApplicationInput


@strawberry.input(description="Apply to a program in a role.")
class EnrollmentApplyInput:
    program_id: strawberry.ID = strawberry.field(description="The program.")
    participant_id: strawberry.ID = strawberry.field(
        description="Who applies: yourself, or anyone when you manage the program."
    )
    role: Role = strawberry.field(description="Mentor or mentee.")
    application: TalentApplicationInput | None = strawberry.field(
        default=None,
        description="The application form: required to join a talent reserve as a mentee, "
        "refused by every other application.",
    )


@strawberry.input(description="Recommend an application (APPLIED -> RECOMMENDED).")
class EnrollmentRecommendInput:
    id: strawberry.ID = strawberry.field(description="The enrollment.")
    note: str = strawberry.field(default="", description="Why (at most 1000 characters).")


@strawberry.input(description="Approve or reject a recommended application.")
class EnrollmentDecideInput:
    id: strawberry.ID = strawberry.field(description="The enrollment.")
    approve: bool = strawberry.field(description="True approves, false rejects.")
    reason: str = strawberry.field(default="", description="Required when rejecting.")


@strawberry.input(description="Withdraw from a program.")
class EnrollmentWithdrawInput:
    id: strawberry.ID = strawberry.field(description="The enrollment.")


EnrollmentApplyPayload = payload_type("EnrollmentApplyPayload", "enrollment", Enrollment, "filed")
EnrollmentRecommendPayload = payload_type(
    "EnrollmentRecommendPayload", "enrollment", Enrollment, "recommended"
)
EnrollmentDecidePayload = payload_type(
    "EnrollmentDecidePayload", "enrollment", Enrollment, "decided"
)
EnrollmentWithdrawPayload = payload_type(
    "EnrollmentWithdrawPayload", "enrollment", Enrollment, "withdrawn"
)


def _enrollment_id(global_id: str) -> PydanticObjectId:
    return PydanticObjectId(parse_id_of(global_id, "Enrollment", "id"))


def _form(application: TalentApplicationInput | None) -> dict[str, object] | None:
    if application is None:
        return None
    plan = application.development_plan
    return {
        "echelon": application.echelon,
        "motivation": application.motivation,
        "development_plan": {"goals": plan.goals, "activities": plan.activities},
    }


@strawberry.type
class EnrollmentMutation:
    @strawberry.mutation(description="Apply to a program; applying again after withdrawing works.")
    async def enrollment_apply(
        self,
        info: Info,
        input: Annotated[
            EnrollmentApplyInput,
            strawberry.argument(description="The program and the role applied for."),
        ],
    ) -> EnrollmentApplyPayload:  # type: ignore[valid-type]
        async def action() -> object:
            data = EnrollmentApply(
                program_id=PydanticObjectId(parse_id_of(input.program_id, "Program", "program_id")),
                participant_id=PydanticObjectId(
                    parse_id_of(input.participant_id, "Participant", "participant_id")
                ),
                role=input.role,
                application=_form(input.application),
            )
            return await enrollments.apply(actor=info.context.viewer, data=data)

        return await perform(EnrollmentApplyPayload, "enrollment", action, Enrollment.from_doc)

    @strawberry.mutation(
        description="Recommend an application: program managers; for a talent-reserve "
        "application, the head of the applicant's department."
    )
    async def enrollment_recommend(
        self,
        info: Info,
        input: Annotated[
            EnrollmentRecommendInput,
            strawberry.argument(description="The enrollment to recommend."),
        ],
    ) -> EnrollmentRecommendPayload:  # type: ignore[valid-type]
        async def action() -> object:
            return await enrollments.recommend(
                actor=info.context.viewer,
                enrollment_id=_enrollment_id(input.id),
                note=Recommendation(note=input.note).note,
            )

        return await perform(EnrollmentRecommendPayload, "enrollment", action, Enrollment.from_doc)

    @strawberry.mutation(
        description="Approve or reject a recommended application (program managers); for a "
        "talent-reserve application, top management (EXECUTIVE) decides once HR reviewed it, "
        "and an approval starts the publicity period."
    )
    async def enrollment_decide(
        self,
        info: Info,
        input: Annotated[
            EnrollmentDecideInput,
            strawberry.argument(description="The enrollment and the decision."),
        ],
    ) -> EnrollmentDecidePayload:  # type: ignore[valid-type]
        async def action() -> object:
            return await enrollments.decide(
                actor=info.context.viewer,
                enrollment_id=_enrollment_id(input.id),
                decision=Decision(approve=input.approve, reason=input.reason),
            )

        return await perform(EnrollmentDecidePayload, "enrollment", action, Enrollment.from_doc)

    @strawberry.mutation(description="Withdraw an open enrollment (the person or a manager).")
    async def enrollment_withdraw(
        self,
        info: Info,
        input: Annotated[
            EnrollmentWithdrawInput, strawberry.argument(description="The enrollment to withdraw.")
        ],
    ) -> EnrollmentWithdrawPayload:  # type: ignore[valid-type]
        async def action() -> object:
            return await enrollments.withdraw(
                actor=info.context.viewer, enrollment_id=_enrollment_id(input.id)
            )

        return await perform(EnrollmentWithdrawPayload, "enrollment", action, Enrollment.from_doc)
