"""Talent-reserve mutations of a member's development records: activities (logged, corrected,
removed), quarterly progress reports and tutor assessments."""

from typing import Annotated, Any

import strawberry
from beanie import PydanticObjectId

from services.graphql_api.context import Info
from services.graphql_api.core.ids import parse_id_of
from services.graphql_api.core.mutations import payload_type, perform
from services.graphql_api.domain import development, talent_reports
from services.graphql_api.domain.talent_inputs import (
    ActivityCorrect,
    ActivityLog,
    ActivityRemove,
    AssessmentSubmit,
    ReportSubmit,
)
from services.graphql_api.talent.inputs import (
    DevelopmentActivityCorrectInput,
    DevelopmentActivityLogInput,
    DevelopmentActivityRemoveInput,
    MentorAssessmentSubmitInput,
    ProgressReportSubmitInput,
)
from services.graphql_api.talent.records_types import (
    DevelopmentActivity,
    MentorAssessment,
    ProgressReport,
)

DevelopmentActivityLogPayload = payload_type(
    "DevelopmentActivityLogPayload", "activity", DevelopmentActivity, "logged"
)
DevelopmentActivityCorrectPayload = payload_type(
    "DevelopmentActivityCorrectPayload", "activity", DevelopmentActivity, "corrected"
)
DevelopmentActivityRemovePayload = payload_type(
    "DevelopmentActivityRemovePayload", "activity", DevelopmentActivity, "removed, as it was"
)
ProgressReportSubmitPayload = payload_type(
    "ProgressReportSubmitPayload", "report", ProgressReport, "stored"
)
MentorAssessmentSubmitPayload = payload_type(
    "MentorAssessmentSubmitPayload", "assessment", MentorAssessment, "stored"
)


def _member(global_id: str) -> PydanticObjectId:
    return PydanticObjectId(parse_id_of(global_id, "Enrollment", "enrollment_id"))


def _activity(global_id: str) -> PydanticObjectId:
    return PydanticObjectId(parse_id_of(global_id, "DevelopmentActivity", "id"))


def _said(input: DevelopmentActivityLogInput | DevelopmentActivityCorrectInput) -> dict[str, Any]:
    """What an activity says, as logged or corrected."""
    return {
        "kind": input.kind,
        "title": input.title,
        "started_on": input.started_on,
        "ended_on": input.ended_on,
        "hours": input.hours,
        "note": input.note,
    }


@strawberry.type
class TalentRecordsMutation:
    @strawberry.mutation(
        description="Log a development activity of a talent-pool member, once it has ended: "
        "the member or their tutor until 15 days after the quarter it ended in, HR or an admin "
        "at any time (a colleague, for a closed quarter of a record they keep)."
    )
    async def development_activity_log(
        self,
        info: Info,
        input: Annotated[
            DevelopmentActivityLogInput, strawberry.argument(description="The activity.")
        ],
    ) -> DevelopmentActivityLogPayload:  # type: ignore[valid-type]
        async def action() -> object:
            data = ActivityLog(enrollment_id=_member(input.enrollment_id), **_said(input))
            return await development.log_activity(actor=info.context.viewer, data=data)

        return await perform(
            DevelopmentActivityLogPayload, "activity", action, DevelopmentActivity.from_doc
        )

    @strawberry.mutation(
        description="Correct a logged activity (all its fields): the member or their tutor "
        "until 15 days after the quarter it ended in (and the one it moves to), HR or an admin "
        "at any time (a colleague, for a closed quarter of a record they keep). What it said "
        "before is kept in `corrections`. NOT_FOUND for whoever may not read the record."
    )
    async def development_activity_correct(
        self,
        info: Info,
        input: Annotated[
            DevelopmentActivityCorrectInput,
            strawberry.argument(description="The activity and what it should say."),
        ],
    ) -> DevelopmentActivityCorrectPayload:  # type: ignore[valid-type]
        async def action() -> object:
            data = ActivityCorrect(id=_activity(input.id), **_said(input))
            return await development.correct_activity(actor=info.context.viewer, data=data)

        return await perform(
            DevelopmentActivityCorrectPayload, "activity", action, DevelopmentActivity.from_doc
        )

    @strawberry.mutation(
        description="Take an activity logged by mistake off the member's record, with a "
        "reason; it counts nowhere after. Who may: as for `developmentActivityCorrect`. The "
        "activity is kept aside as it was, with who removed it, when and why."
    )
    async def development_activity_remove(
        self,
        info: Info,
        input: Annotated[
            DevelopmentActivityRemoveInput,
            strawberry.argument(description="The activity and why it goes."),
        ],
    ) -> DevelopmentActivityRemovePayload:  # type: ignore[valid-type]
        async def action() -> object:
            data = ActivityRemove(id=_activity(input.id), reason=input.reason)
            return await development.remove_activity(actor=info.context.viewer, data=data)

        return await perform(
            DevelopmentActivityRemovePayload, "activity", action, DevelopmentActivity.from_doc
        )

    @strawberry.mutation(
        description="Submit the member's work-and-study report for a quarter (the member). "
        "Until 15 days after the quarter a new one replaces it; after that it is final."
    )
    async def progress_report_submit(
        self,
        info: Info,
        input: Annotated[ProgressReportSubmitInput, strawberry.argument(description="The report.")],
    ) -> ProgressReportSubmitPayload:  # type: ignore[valid-type]
        async def action() -> object:
            data = ReportSubmit(
                enrollment_id=_member(input.enrollment_id),
                quarter=input.quarter,
                work=input.work,
                study=input.study,
                next_steps=input.next_steps,
            )
            return await talent_reports.submit_report(actor=info.context.viewer, data=data)

        return await perform(ProgressReportSubmitPayload, "report", action, ProgressReport.from_doc)

    @strawberry.mutation(
        description="Submit the tutor's assessment of a member for a quarter (the mentor of "
        "the member's active pair in the program). Until 15 days after the quarter a new one "
        "replaces it; after that it is final."
    )
    async def mentor_assessment_submit(
        self,
        info: Info,
        input: Annotated[
            MentorAssessmentSubmitInput, strawberry.argument(description="The assessment.")
        ],
    ) -> MentorAssessmentSubmitPayload:  # type: ignore[valid-type]
        async def action() -> object:
            data = AssessmentSubmit(
                enrollment_id=_member(input.enrollment_id),
                quarter=input.quarter,
                ratings=[{"competency": r.competency, "score": r.score} for r in input.ratings],
                comment=input.comment,
            )
            return await talent_reports.submit_assessment(actor=info.context.viewer, data=data)

        return await perform(
            MentorAssessmentSubmitPayload, "assessment", action, MentorAssessment.from_doc
        )
