"""A member of a talent pool: public as announced, with their development records for those
who may read them (`SeesDevelopmentRecords`)."""

from datetime import UTC, datetime

import strawberry
from bson import ObjectId

from services.graphql_api.context import Info
from services.graphql_api.core.connections import After, Connection, First
from services.graphql_api.core.lists import child_connection
from services.graphql_api.loaders.by_id import ProgramByIdLoader
from services.graphql_api.permissions import NullUnlessPermitted
from services.graphql_api.talent.arguments import Year, year_or_this
from services.graphql_api.talent.loaders import (
    ActivitiesByMemberLoader,
    ActivityCountsLoader,
    AssessmentsByMemberLoader,
    RemovedByMemberLoader,
    ReportsByMemberLoader,
    TutorByMemberLoader,
)
from services.graphql_api.talent.permissions import SeesDevelopmentRecords
from services.graphql_api.talent.records_types import (
    DevelopmentActivity,
    DevelopmentProgress,
    DevelopmentSlot,
    MentorAssessment,
    ProgressReport,
    RemovedDevelopmentActivity,
)
from services.graphql_api.talent.types import Document, ParticipantRef, PublicAdmission
from services.graphql_api.visibility import visible_participant
from shared.models.talent import minimums_of
from shared.talent.development import activity_share, slots


@strawberry.type(
    description="A member of a talent pool: public as announced; their development records "
    "for HR, top management, the program's managers, the member, their department head and "
    "their tutor (null for others)."
)
class TalentPoolMember(PublicAdmission):
    member_since: datetime = strawberry.field(
        description="When they joined the pool: the end of the publicity period (UTC)."
    )

    @classmethod
    def from_doc(cls, doc: Document) -> "TalentPoolMember":
        return cls(**cls.fields_of(doc), member_since=doc["publicity_ends_at"])

    def owning_program_id(self) -> ObjectId:
        return self.program_id

    def member_id(self) -> ObjectId:
        return self.participant_id

    @strawberry.field(
        description="Their tutor: the mentor of their active pair in the program.",
        extensions=[NullUnlessPermitted(SeesDevelopmentRecords())],
    )
    async def tutor(self, info: Info) -> ParticipantRef | None:
        key = (self.program_id, self.participant_id)
        tutor_id = await info.context.loaders.get(TutorByMemberLoader).load(key)
        return await visible_participant(info, tutor_id)

    @strawberry.field(
        description="Their development in a year against the program's minimums.",
        extensions=[NullUnlessPermitted(SeesDevelopmentRecords())],
    )
    async def development_progress(
        self, info: Info, year: Year = None
    ) -> DevelopmentProgress | None:
        today = datetime.now(UTC).date()
        year = year_or_this(year)
        counts = await info.context.loaders.get(ActivityCountsLoader).load(
            (self.enrollment_db_id, year)
        )
        program = await info.context.loaders.get(ProgramByIdLoader).load(self.program_id)
        minimums = minimums_of((program or {}).get("development_minimums"))
        found = slots(
            minimums, counts, year=year, member_since=self.member_since.date(), today=today
        )
        return DevelopmentProgress(
            year=year,
            slots=[DevelopmentSlot.of(slot) for slot in found],
            share=activity_share(found),
        )

    @strawberry.field(
        description="Their development activities, the latest ended first.",
        extensions=[NullUnlessPermitted(SeesDevelopmentRecords())],
    )
    async def development_activities(
        self, info: Info, first: First = 20, after: After = None
    ) -> Connection[DevelopmentActivity] | None:
        return await child_connection(
            info,
            ActivitiesByMemberLoader,
            self.enrollment_db_id,
            first,
            after,
            None,
            DevelopmentActivity.from_doc,
        )

    @strawberry.field(
        description="Activities taken off their record (logged by mistake or twice), each as "
        "it was with who removed it, when and why; the first removed first.",
        extensions=[NullUnlessPermitted(SeesDevelopmentRecords())],
    )
    async def removed_activities(
        self, info: Info, first: First = 20, after: After = None
    ) -> Connection[RemovedDevelopmentActivity] | None:
        return await child_connection(
            info,
            RemovedByMemberLoader,
            self.enrollment_db_id,
            first,
            after,
            None,
            RemovedDevelopmentActivity.from_doc,
        )

    @strawberry.field(
        description="Their quarterly progress reports, the newest quarter first.",
        extensions=[NullUnlessPermitted(SeesDevelopmentRecords())],
    )
    async def progress_reports(
        self, info: Info, first: First = 20, after: After = None
    ) -> Connection[ProgressReport] | None:
        return await child_connection(
            info,
            ReportsByMemberLoader,
            self.enrollment_db_id,
            first,
            after,
            None,
            ProgressReport.from_doc,
        )

    @strawberry.field(
        description="Their tutor's quarterly assessments, the newest quarter first.",
        extensions=[NullUnlessPermitted(SeesDevelopmentRecords())],
    )
    async def mentor_assessments(
        self, info: Info, first: First = 20, after: After = None
    ) -> Connection[MentorAssessment] | None:
        return await child_connection(
            info,
            AssessmentsByMemberLoader,
            self.enrollment_db_id,
            first,
            after,
            None,
            MentorAssessment.from_doc,
        )
