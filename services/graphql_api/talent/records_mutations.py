"""Talent-reserve mutations of a member's development records: activities, quarterly
progress reports and tutor assessments."""

from typing import Annotated

import strawberry
from beanie import PydanticObjectId

from services.graphql_api.context import Info
from services.graphql_api.core.ids import parse_id_of
from services.graphql_api.core.mutations import payload_type, perform
from services.graphql_api.domain import development, talent_reports
from services.graphql_api.domain.talent_inputs import ActivityLog, AssessmentSubmit, ReportSubmit
from services.graphql_api.talent.inputs import (
    DevelopmentActivityLogInput,
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
ProgressReportSubmitPayload = payload_type(
    "ProgressReportSubmitPayload", "report", ProgressReport, "stored"
)
MentorAssessmentSubmitPayload = payload_type(
    "MentorAssessmentSubmitPayload", "assessment", MentorAssessment, "stored"
)


def _member(global_id: str) -> PydanticObjectId:
    return PydanticObjectId(parse_id_of(global_id, "Enrollment", "enrollment_id"))


@strawberry.type
class TalentRecordsMutation:
    @strawberry.mutation(
        description="Log a development activity of a talent-pool member, once it has ended "
        "(the member or their tutor)."
    )
    async def development_activity_log(
        self,
        info: Info,
        input: Annotated[
            DevelopmentActivityLogInput, strawberry.argument(description="The activity.")
        ],
    ) -> DevelopmentActivityLogPayload:  # type: ignore[valid-type]
        async def action() -> object:
            data = ActivityLog(
                enrollment_id=_member(input.enrollment_id),
                kind=input.kind,
                title=input.title,
                started_on=input.started_on,
                ended_on=input.ended_on,
                hours=input.hours,
                note=input.note,
            )
            return await development.log_activity(actor=info.context.viewer, data=data)

        return await perform(
            DevelopmentActivityLogPayload, "activity", action, DevelopmentActivity.from_doc
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
