"""Program and its statistics."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from bson import ObjectId

from services.graphql_api.context import Info
from services.graphql_api.core.connections import After, Connection, First
from services.graphql_api.core.convert import as_date
from services.graphql_api.core.enums import (
    GoalStatus,
    PairStatus,
    ProgramFormat,
    ProgramKind,
    ProgramStatus,
    Role,
    SurveyCadence,
)
from services.graphql_api.core.ids import to_global_id
from services.graphql_api.core.lists import child_connection
from services.graphql_api.core.node import Node
from services.graphql_api.enrollments.types import Enrollment, EnrollmentFilter
from services.graphql_api.feedback import recognition, rounds
from services.graphql_api.feedback import resolvers as feedback
from services.graphql_api.feedback.recognition import Period, Recognition, RecognitionRules
from services.graphql_api.feedback.types import (
    ConfidentialCommentList,
    Granularity,
    ProgramInsights,
    QuestionResult,
    SatisfactionSummary,
    SurveyRound,
    SurveySchedule,
    TrendPoint,
)
from services.graphql_api.loaders.children import EnrollmentsByProgramLoader, PairsByProgramLoader
from services.graphql_api.loaders.program_stats import ProgramStatsByProgramLoader
from services.graphql_api.matching.program_fields import MatchingProgramFields, matching_fields
from services.graphql_api.permissions import ManagesProgram, NullUnlessPermitted
from services.graphql_api.programs.managers import managers_of
from services.graphql_api.talent.program_fields import TalentReserveFields, talent_fields
from services.graphql_api.visibility import pairs_under
from shared.models.apprenticeship import DEFAULT_PROBATION_MONTHS
from shared.models.programs import RecognitionRules as RecognitionRulesModel

if TYPE_CHECKING:
    from services.graphql_api.pairs.types import Pair, PairStatusFilter
    from services.graphql_api.participants.types import Participant

ParticipantRef = Annotated[
    "Participant", strawberry.lazy("services.graphql_api.participants.types")
]
PairRef = Annotated["Pair", strawberry.lazy("services.graphql_api.pairs.types")]
PairStatusFilterRef = Annotated[
    "PairStatusFilter", strawberry.lazy("services.graphql_api.pairs.types")
]
From = Annotated[
    date | None,
    strawberry.argument(
        name="from",
        description="First day of the range (its whole month counts); null for the 12 "
        "months up to `to`.",
    ),
]
To = Annotated[
    date | None,
    strawberry.argument(
        description="Last day of the range (its whole month counts); null for today."
    ),
]
FeedbackRole = Annotated[
    Role | None, strawberry.argument(description="Only the answers of this side; both if null.")
]
RoundId = Annotated[
    strawberry.ID,
    strawberry.argument(
        description="A survey round of this program: its ID (see `surveyRounds`), or the "
        "survey service's id of it."
    ),
]


@strawberry.type(description="How many pairs are in one status.")
class PairStatusCount:
    status: PairStatus = strawberry.field(description="The status.")
    count: int = strawberry.field(description="Pairs in it.")


@strawberry.type(description="How many goals are in one status.")
class GoalStatusCount:
    status: GoalStatus = strawberry.field(description="The status.")
    count: int = strawberry.field(description="Goals in it.")


@strawberry.type(description="Activity figures of a program.")
class ProgramStats:
    pairs_by_status: list[PairStatusCount] = strawberry.field(
        description="Pairs per status, every status listed."
    )
    goals_by_status: list[GoalStatusCount] = strawberry.field(
        description="Goals per status, every status listed."
    )
    check_ins_last_30_days: int = strawberry.field(
        description="Check-ins held in the last 30 days."
    )


@strawberry.type(description="A mentoring program: objectives, rules of engagement, people.")
class Program(TalentReserveFields, MatchingProgramFields, Node):
    db_id: strawberry.Private[ObjectId]
    manager_ids: strawberry.Private[list[ObjectId]]
    rules: strawberry.Private[dict[str, Any]]
    name: str = strawberry.field(description="Unique name.")
    description: str = strawberry.field(description="What the program is about.")
    kind: ProgramKind = strawberry.field(description="Apprenticeship, talent reserve, ...")
    format: ProgramFormat = strawberry.field(description="Formal or informal.")
    status: ProgramStatus = strawberry.field(description="DRAFT, ACTIVE or CLOSED.")
    objectives: list[str] = strawberry.field(description="What the program sets out to achieve.")
    competencies: list[str] = strawberry.field(
        description="The counselling content: competencies pairs work on."
    )
    duration_months: int = strawberry.field(description="Planned length of a pair's mentoring.")
    check_in_cadence_days: int = strawberry.field(
        description="Expected days between a pair's check-ins."
    )
    survey_cadence: SurveyCadence = strawberry.field(description="How often surveys go out.")
    min_group_size: int = strawberry.field(
        description="Fewest responses an aggregate may rest on (anonymity); at least 3."
    )
    probation_months: int = strawberry.field(
        description="Apprenticeships: months from a pair's start to the end of the apprentice's "
        "probation (an accepted extension adds to a pair's); default 6."
    )
    starts_on: date | None = strawberry.field(description="First day of the program.")
    ends_on: date | None = strawberry.field(description="Last day of the program.")
    created_at: datetime = strawberry.field(description="When it was created (UTC).")
    updated_at: datetime = strawberry.field(description="When it last changed (UTC).")

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "Program":
        return cls(
            id=to_global_id("Program", doc["_id"]),
            db_id=doc["_id"],
            manager_ids=doc.get("manager_ids", []),
            rules={**RecognitionRulesModel().model_dump(), **(doc.get("recognition") or {})},
            name=doc["name"],
            description=doc.get("description", ""),
            kind=doc["kind"],
            format=doc["format"],
            status=doc["status"],
            objectives=doc.get("objectives", []),
            competencies=doc.get("competencies", []),
            duration_months=doc["duration_months"],
            check_in_cadence_days=doc["check_in_cadence_days"],
            survey_cadence=doc["survey_cadence"],
            min_group_size=doc["min_group_size"],
            probation_months=doc.get("probation_months", DEFAULT_PROBATION_MONTHS),
            starts_on=as_date(doc.get("starts_on")),
            ends_on=as_date(doc.get("ends_on")),
            created_at=doc["created_at"],
            updated_at=doc["updated_at"],
            **talent_fields(doc),
            **matching_fields(doc),
        )

    def owning_program_id(self) -> ObjectId:
        """The program itself: its managers see its managers-only fields."""
        return self.db_id

    @strawberry.field(
        description="The people who run the program (those the viewer may see), in the "
        "order they joined the directory."
    )
    async def managers(
        self, info: Info, first: First = 20, after: After = None
    ) -> Connection[ParticipantRef]:
        return await managers_of(info, self.manager_ids, first, after)

    @strawberry.field(description="Applications and memberships, oldest first.")
    async def enrollments(
        self,
        info: Info,
        first: First = 20,
        after: After = None,
        filter: Annotated[
            EnrollmentFilter | None,
            strawberry.argument(description="Only enrollments in these statuses."),
        ] = None,
    ) -> Connection[Enrollment]:
        statuses = filter.statuses() if filter else None
        return await child_connection(
            info,
            EnrollmentsByProgramLoader,
            self.db_id,
            first,
            after,
            statuses,
            Enrollment.from_doc,
        )

    @strawberry.field(description="The program's pairs, oldest first.")
    async def pairs(
        self,
        info: Info,
        first: First = 20,
        after: After = None,
        filter: Annotated[
            PairStatusFilterRef | None,
            strawberry.argument(description="Only pairs in these statuses."),
        ] = None,
    ) -> Connection[PairRef]:
        return await pairs_under(info, PairsByProgramLoader, self.db_id, first, after, filter)

    @strawberry.field(
        description="Pairs, goals and recent check-ins in numbers; for admins and this "
        "program's managers, null for others.",
        extensions=[NullUnlessPermitted(ManagesProgram())],
    )
    async def stats(self, info: Info) -> ProgramStats | None:
        data = await info.context.loaders.get(ProgramStatsByProgramLoader).load(self.db_id)
        return ProgramStats(
            pairs_by_status=[
                PairStatusCount(status=s, count=data.pairs_by_status.get(s.value, 0))
                for s in PairStatus
            ],
            goals_by_status=[
                GoalStatusCount(status=s, count=data.goals_by_status.get(s.value, 0))
                for s in GoalStatus
            ],
            check_ins_last_30_days=data.check_ins_last_30_days,
        )

    @strawberry.field(
        description="Satisfaction from the program's released survey rounds that opened "
        "between two dates (whole months; default: the last 12), optionally for one role, "
        "with the rounds covered and those pending; admins and the program's managers only "
        "(null for others).",
        extensions=[NullUnlessPermitted(ManagesProgram())],
    )
    async def satisfaction(
        self,
        info: Info,
        from_: From = None,
        to: To = None,
        role: FeedbackRole = None,
    ) -> SatisfactionSummary | None:
        return await feedback.satisfaction(info, self, from_, to, role)

    @strawberry.field(
        description="One point per month or quarter between two dates (default: the last 12 "
        "months); periods without data are listed with null numbers. Managers only.",
        extensions=[NullUnlessPermitted(ManagesProgram())],
    )
    async def satisfaction_trend(
        self,
        info: Info,
        granularity: Annotated[
            Granularity, strawberry.argument(description="How long one point's period is.")
        ] = Granularity.MONTH,
        from_: From = None,
        to: To = None,
        role: FeedbackRole = None,
    ) -> list[TrendPoint] | None:
        return await feedback.trend(info, self, granularity, from_, to, role)

    @strawberry.field(
        description="For each scale and choice question of a released round, per side, the "
        "distribution of answers (empty while the round is pending). Admins and the "
        "program's managers only.",
        extensions=[NullUnlessPermitted(ManagesProgram())],
    )
    async def question_results(self, info: Info, round_id: RoundId) -> list[QuestionResult] | None:
        return await feedback.question_results(info, self, round_id)

    @strawberry.field(
        description="The answers to each confidential text question of a released round, "
        "shuffled, without person, pair or time, when at least the program's minimum group "
        "size of people wrote one (empty while the round is pending). Admins and the "
        "program's managers only.",
        extensions=[NullUnlessPermitted(ManagesProgram())],
    )
    async def confidential_comments(
        self, info: Info, round_id: RoundId
    ) -> list[ConfidentialCommentList] | None:
        return await feedback.confidential_comments(info, self, round_id)

    @strawberry.field(
        description="Themes of the latest released round ranked by negative mentions, with "
        "their change since the round before; response rates, at-risk pairs and goal "
        "achievement. Managers only.",
        extensions=[NullUnlessPermitted(ManagesProgram())],
    )
    async def insights(self, info: Info) -> ProgramInsights | None:
        return await feedback.insights(info, self)

    @strawberry.field(
        description="Mentors ranked for a period (default: this year), the best rank first. "
        "Managers see the ranking; a mentor sees only their own entry."
    )
    async def recognitions(
        self, info: Info, period: Period = None, first: First = 10, after: After = None
    ) -> Connection[Recognition]:
        return await recognition.of_program(info, self.db_id, period, first, after)

    @strawberry.field(description="How this program ranks its mentors.")
    def recognition_rules(self) -> RecognitionRules:
        return RecognitionRules(**self.rules)

    @strawberry.field(
        description="When the program's check-in rounds go out: its cadence, the latest "
        "round and when the next is due."
    )
    async def survey_schedule(self, info: Info) -> SurveySchedule:
        return await feedback.survey_schedule(info, self)

    @strawberry.field(
        description="The program's survey rounds, the earliest opened first; admins and the "
        "program's managers only (null for others).",
        extensions=[NullUnlessPermitted(ManagesProgram())],
    )
    async def survey_rounds(
        self, info: Info, first: First = 20, after: After = None
    ) -> Connection[SurveyRound] | None:
        return await rounds.survey_rounds(info, self.db_id, first, after)
