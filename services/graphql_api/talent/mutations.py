"""Talent-reserve mutations of the admission and the year's selection: HR's review,
objections in the publicity period and their decision, and the outstanding members."""

from typing import Annotated

import strawberry
from beanie import PydanticObjectId

from services.graphql_api.context import Info
from services.graphql_api.core.ids import parse_id_of
from services.graphql_api.core.mutations import payload_type, perform
from services.graphql_api.domain import objections, talent_pipeline, year_end
from services.graphql_api.domain.talent_inputs import (
    Objection,
    ObjectionDecision,
    OutstandingChoice,
    Review,
)
from services.graphql_api.enrollments.types import Enrollment
from services.graphql_api.talent.evaluation_types import OutstandingSelection
from services.graphql_api.talent.inputs import (
    EnrollmentObjectInput,
    EnrollmentObjectionDecideInput,
    EnrollmentReviewInput,
    OutstandingSelectInput,
)
from services.graphql_api.talent.types import EnrollmentObjection

EnrollmentReviewPayload = payload_type(
    "EnrollmentReviewPayload", "enrollment", Enrollment, "reviewed"
)
EnrollmentObjectPayload = payload_type(
    "EnrollmentObjectPayload", "objection", EnrollmentObjection, "raised"
)
EnrollmentObjectionDecidePayload = payload_type(
    "EnrollmentObjectionDecidePayload", "objection", EnrollmentObjection, "decided"
)
OutstandingSelectPayload = payload_type(
    "OutstandingSelectPayload", "selection", OutstandingSelection, "recorded"
)


def _id(global_id: str, type_name: str, field: str = "id") -> PydanticObjectId:
    return PydanticObjectId(parse_id_of(global_id, type_name, field))


@strawberry.type
class TalentReserveMutation:
    @strawberry.mutation(
        description="HR's preliminary review of a recommended talent-reserve application: "
        "RECOMMENDED -> HR_REVIEWED, or REJECTED with HR's note (HR; not who took an "
        "earlier step)."
    )
    async def enrollment_review(
        self,
        info: Info,
        input: Annotated[
            EnrollmentReviewInput, strawberry.argument(description="The application and review.")
        ],
    ) -> EnrollmentReviewPayload:  # type: ignore[valid-type]
        async def action() -> object:
            review = Review(passed=input.pass_, note=input.note)
            return await talent_pipeline.review(
                actor=info.context.viewer,
                enrollment_id=_id(input.id, "Enrollment"),
                passed=review.passed,
                note=review.note,
            )

        return await perform(EnrollmentReviewPayload, "enrollment", action, Enrollment.from_doc)

    @strawberry.mutation(
        description="Object to a talent-reserve admission during its publicity period (any "
        "employee but the person admitted; once each). It holds the publication until HR "
        "decides."
    )
    async def enrollment_object(
        self,
        info: Info,
        input: Annotated[
            EnrollmentObjectInput, strawberry.argument(description="The admission and why.")
        ],
    ) -> EnrollmentObjectPayload:  # type: ignore[valid-type]
        async def action() -> object:
            objection = Objection(reason=input.reason)
            return await objections.object_to(
                actor=info.context.viewer,
                enrollment_id=_id(input.id, "Enrollment"),
                reason=objection.reason,
            )

        return await perform(
            EnrollmentObjectPayload, "objection", action, EnrollmentObjection.from_doc
        )

    @strawberry.mutation(
        description="HR decides an objection: upheld rejects the admission, dismissed lets it "
        "stand (HR; neither who raised it nor who took a step of the application)."
    )
    async def enrollment_objection_decide(
        self,
        info: Info,
        input: Annotated[
            EnrollmentObjectionDecideInput,
            strawberry.argument(description="The objection and the decision."),
        ],
    ) -> EnrollmentObjectionDecidePayload:  # type: ignore[valid-type]
        async def action() -> object:
            decision = ObjectionDecision(uphold=input.uphold, note=input.note)
            return await objections.decide(
                actor=info.context.viewer,
                objection_id=_id(input.id, "EnrollmentObjection"),
                uphold=decision.uphold,
                note=decision.note,
            )

        return await perform(
            EnrollmentObjectionDecidePayload, "objection", action, EnrollmentObjection.from_doc
        )

    @strawberry.mutation(
        description="Record the year's outstanding members of a talent pool (HR or top "
        "management); a new selection for the year replaces the current one, kept in its "
        "history."
    )
    async def outstanding_select(
        self,
        info: Info,
        input: Annotated[
            OutstandingSelectInput,
            strawberry.argument(description="The program, the year and the members chosen."),
        ],
    ) -> OutstandingSelectPayload:  # type: ignore[valid-type]
        async def action() -> object:
            choice = OutstandingChoice(
                program_id=_id(input.program_id, "Program", "program_id"),
                year=input.year,
                participant_ids=[
                    _id(pid, "Participant", "participant_ids") for pid in input.participant_ids
                ],
                note=input.note,
            )
            return await year_end.select_outstanding(actor=info.context.viewer, data=choice)

        return await perform(
            OutstandingSelectPayload, "selection", action, OutstandingSelection.from_doc
        )
