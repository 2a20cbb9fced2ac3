"""Loaders of the talent reserve: pools and announcements under a program or a person, the
members' records, their tutors, and the due lists and evaluations of many programs at once."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from bson import ObjectId

from services.graphql_api.domain.talent_due import DueItem, due
from services.graphql_api.domain.talent_records import activity_counts
from services.graphql_api.domain.year_end import MemberEvaluation, evaluate
from services.graphql_api.filters import Filter
from services.graphql_api.loaders import IDS_PER_COMMAND, PARENTS_PER_COMMAND
from services.graphql_api.loaders.base import Document, RequestLoader
from services.graphql_api.loaders.by_id import DocumentByIdLoader
from services.graphql_api.loaders.children import (
    ChildCountLoader,
    ChildPagesLoader,
    ChildRelation,
    Statuses,
    Where,
    everything,
)
from services.graphql_api.pagination import Ordering
from shared.enums import PairStatus
from shared.models import (
    DevelopmentActivity,
    Enrollment,
    EnrollmentObjection,
    MentorAssessment,
    OutstandingSelection,
    Pair,
    Program,
    ProgressReport,
    RemovedDevelopmentActivity,
    utc_now,
)
from shared.models.talent import DevelopmentMinimum, minimums_of, weights_of
from shared.talent.development import ActivityCounts
from shared.talent.evaluation import Weights
from shared.talent.publication import announced_filter, in_pool_filter

NEWEST_QUARTER_FIRST = Ordering(field="quarter", direction=-1)
LATEST_ENDED_FIRST = Ordering(field="ended_on", direction=-1)

# Members and announcements are public to every signed-in employee: publishing them is the
# point of the publicity period. What each shows beyond that has its own permission.
POOL_BY_PROGRAM = ChildRelation("talentPool", Enrollment, "program_id", everything)
POOL_BY_PARTICIPANT = ChildRelation(
    "Participant.talentPoolMemberships", Enrollment, "participant_id", everything
)
ANNOUNCED_BY_PROGRAM = ChildRelation(
    "Program.talentAnnouncements", Enrollment, "program_id", everything
)
# The records below are for those `SeesDevelopmentRecords` lets through; the field decides.
ACTIVITIES_BY_MEMBER = ChildRelation(
    "TalentPoolMember.developmentActivities",
    DevelopmentActivity,
    "enrollment_id",
    everything,
    LATEST_ENDED_FIRST,
)
REMOVED_BY_MEMBER = ChildRelation(
    "TalentPoolMember.removedActivities", RemovedDevelopmentActivity, "enrollment_id", everything
)
REPORTS_BY_MEMBER = ChildRelation(
    "TalentPoolMember.progressReports",
    ProgressReport,
    "enrollment_id",
    everything,
    NEWEST_QUARTER_FIRST,
)
ASSESSMENTS_BY_MEMBER = ChildRelation(
    "TalentPoolMember.mentorAssessments",
    MentorAssessment,
    "enrollment_id",
    everything,
    NEWEST_QUARTER_FIRST,
)
OBJECTIONS_BY_ENROLLMENT = ChildRelation(
    "Enrollment.objections", EnrollmentObjection, "enrollment_id", everything
)


class _AtRequestTime:
    """Lists whose membership depends on the time: the request's start decides."""

    def _at(self) -> datetime:
        at: datetime | None = getattr(self, "_moment", None)
        if at is None:
            at = self._moment = utc_now()
        return at


class PoolCountLoader(_AtRequestTime, ChildCountLoader):
    """How many members a program's pool (or a person's memberships) holds."""

    relation = POOL_BY_PROGRAM

    def narrowing(self, statuses: Statuses, where: Where) -> Filter:
        return {**in_pool_filter(self._at()), **dict(where)}


class PoolPagesLoader(_AtRequestTime, ChildPagesLoader):
    """A page of a program's talent pool, in the order the members applied."""

    relation = POOL_BY_PROGRAM
    count_loader = PoolCountLoader

    def narrowing(self, statuses: Statuses, where: Where) -> Filter:
        return {**in_pool_filter(self._at()), **dict(where)}


class MembershipCountLoader(PoolCountLoader):
    """How many pools a person is a member of."""

    relation = POOL_BY_PARTICIPANT


class MembershipPagesLoader(PoolPagesLoader):
    """A page of a person's talent-pool memberships."""

    relation = POOL_BY_PARTICIPANT
    count_loader = MembershipCountLoader


class AnnouncementCountLoader(_AtRequestTime, ChildCountLoader):
    """How many admissions a program announces now."""

    relation = ANNOUNCED_BY_PROGRAM

    def narrowing(self, statuses: Statuses, where: Where) -> Filter:
        return announced_filter(self._at())


class AnnouncementPagesLoader(_AtRequestTime, ChildPagesLoader):
    """A page of the admissions a program announces now."""

    relation = ANNOUNCED_BY_PROGRAM
    count_loader = AnnouncementCountLoader

    def narrowing(self, statuses: Statuses, where: Where) -> Filter:
        return announced_filter(self._at())


class ActivityCountLoader(ChildCountLoader):
    """How many activities a member logged."""

    relation = ACTIVITIES_BY_MEMBER


class ActivitiesByMemberLoader(ChildPagesLoader):
    """A page of a member's activities, the latest ended first."""

    relation = ACTIVITIES_BY_MEMBER
    count_loader = ActivityCountLoader


class RemovedCountLoader(ChildCountLoader):
    """How many activities were removed from a member's record."""

    relation = REMOVED_BY_MEMBER


class RemovedByMemberLoader(ChildPagesLoader):
    """A page of the activities removed from a member's record, the first removed first."""

    relation = REMOVED_BY_MEMBER
    count_loader = RemovedCountLoader


class ReportCountLoader(ChildCountLoader):
    """How many progress reports a member submitted."""

    relation = REPORTS_BY_MEMBER


class ReportsByMemberLoader(ChildPagesLoader):
    """A page of a member's progress reports, the newest quarter first."""

    relation = REPORTS_BY_MEMBER
    count_loader = ReportCountLoader


class AssessmentCountLoader(ChildCountLoader):
    """How many assessments a member received."""

    relation = ASSESSMENTS_BY_MEMBER


class AssessmentsByMemberLoader(ChildPagesLoader):
    """A page of a member's assessments, the newest quarter first."""

    relation = ASSESSMENTS_BY_MEMBER
    count_loader = AssessmentCountLoader


class ObjectionCountLoader(ChildCountLoader):
    """How many objections an admission received."""

    relation = OBJECTIONS_BY_ENROLLMENT


class ObjectionsByEnrollmentLoader(ChildPagesLoader):
    """A page of an admission's objections, the first raised first."""

    relation = OBJECTIONS_BY_ENROLLMENT
    count_loader = ObjectionCountLoader


class ObjectionByIdLoader(DocumentByIdLoader):
    """Objections by id."""

    model = EnrollmentObjection


class ActivityByIdLoader(DocumentByIdLoader):
    """Development activities by id."""

    model = DevelopmentActivity


class TutorByMemberLoader(RequestLoader[tuple[ObjectId, ObjectId], ObjectId | None]):
    """The tutor of a (program, member): the mentor of the member's ACTIVE pair there."""

    keys_per_command = IDS_PER_COMMAND

    async def batch_load(self, keys: Sequence[tuple[ObjectId, ObjectId]]) -> list[ObjectId | None]:
        tutors: dict[tuple[ObjectId, ObjectId], ObjectId] = {}
        async for pair in Pair.get_pymongo_collection().find(
            {
                "mentee_id": {"$in": list({mentee for _, mentee in keys})},
                "status": PairStatus.ACTIVE.value,
            },
            {"program_id": 1, "mentor_id": 1, "mentee_id": 1},
        ):
            tutors[(pair["program_id"], pair["mentee_id"])] = pair["mentor_id"]
        return [tutors.get(key) for key in keys]


class ActivityCountsLoader(RequestLoader[tuple[ObjectId, int], ActivityCounts]):
    """A member's activities of a year, counted per kind and quarter."""

    keys_per_command = IDS_PER_COMMAND

    async def batch_load(self, keys: Sequence[tuple[ObjectId, int]]) -> list[ActivityCounts]:
        years: dict[int, list[ObjectId]] = defaultdict(list)
        for enrollment_id, year in keys:
            years[year].append(enrollment_id)
        found: dict[tuple[ObjectId, int], ActivityCounts] = {}
        for year, ids in years.items():
            counts = await activity_counts({"enrollment_id": {"$in": ids}}, year)
            found.update({(i, year): counts.get(i, {}) for i in ids})
        return [found[key] for key in keys]


async def _rules(
    program_ids: list[ObjectId],
) -> tuple[dict[ObjectId, list[DevelopmentMinimum]], dict[ObjectId, Weights]]:
    """Each program's development minimums and year-end weights (the defaults for a program
    stored without)."""
    cursor = Program.get_pymongo_collection().find(
        {"_id": {"$in": program_ids}}, {"development_minimums": 1, "year_end_weights": 1}
    )
    minimums: dict[ObjectId, list[DevelopmentMinimum]] = {}
    weights: dict[ObjectId, Weights] = {}
    async for doc in cursor:
        minimums[doc["_id"]] = minimums_of(doc.get("development_minimums"))
        weights[doc["_id"]] = weights_of(doc.get("year_end_weights"))
    return minimums, weights


class EvaluationByProgramLoader(RequestLoader[tuple[ObjectId, int], list[MemberEvaluation]]):
    """A program's members ranked for a year; the programs of a batch are read together."""

    keys_per_command = PARENTS_PER_COMMAND

    async def batch_load(
        self, keys: Sequence[tuple[ObjectId, int]]
    ) -> list[list[MemberEvaluation]]:
        years: dict[int, list[ObjectId]] = defaultdict(list)
        for program_id, year in keys:
            years[year].append(program_id)
        found: dict[tuple[ObjectId, int], list[MemberEvaluation]] = {}
        now = utc_now()
        for year, program_ids in years.items():
            minimums, weights = await _rules(program_ids)
            ranked = await evaluate(minimums=minimums, weights=weights, year=year, now=now)
            found.update({(pid, year): ranked.get(pid, []) for pid in program_ids})
        return [found[key] for key in keys]


class DueByProgramLoader(RequestLoader[tuple[ObjectId, str], list[DueItem]]):
    """A program's members missing something for a quarter; programs read together."""

    keys_per_command = PARENTS_PER_COMMAND

    async def batch_load(self, keys: Sequence[tuple[ObjectId, str]]) -> list[list[DueItem]]:
        quarters: dict[str, list[ObjectId]] = defaultdict(list)
        for program_id, quarter in keys:
            quarters[quarter].append(program_id)
        found: dict[tuple[ObjectId, str], list[DueItem]] = {}
        now = utc_now()
        for quarter, program_ids in quarters.items():
            minimums, _ = await _rules(program_ids)
            items = await due(minimums=minimums, quarter=quarter, now=now)
            found.update({(pid, quarter): items.get(pid, []) for pid in program_ids})
        return [found[key] for key in keys]


class SelectionByProgramLoader(RequestLoader[tuple[ObjectId, int], Document | None]):
    """The outstanding members selected in a program for a year, if any."""

    keys_per_command = PARENTS_PER_COMMAND

    async def batch_load(self, keys: Sequence[tuple[ObjectId, int]]) -> list[Document | None]:
        found: dict[tuple[ObjectId, int], Document] = {}
        async for doc in OutstandingSelection.get_pymongo_collection().find(
            {"program_id": {"$in": list({pid for pid, _ in keys})}}
        ):
            found[(doc["program_id"], doc["year"])] = doc
        return [found.get(key) for key in keys]
