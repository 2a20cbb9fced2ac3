"""What talent pools' members did in a year, read for all of them at once: their quarterly
reports and assessments, their activities counted per kind and quarter, their goals and their
tutors.

A fixed number of commands whatever the number of members and programs (one per collection),
each served by an index that leads with the program, and each returning only what the figures
need. One program is asked by equality (`in_programs_filter`).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from bson import ObjectId

from services.graphql_api.filters import in_programs_filter
from shared.enums import DevelopmentActivityKind, GoalStatus, PairStatus
from shared.feedback.periods import period_bounds, quarter_key, start_of
from shared.models import (
    DevelopmentActivity,
    Enrollment,
    Goal,
    MentorAssessment,
    Pair,
    Participant,
    ProgressReport,
)
from shared.talent.development import ActivityCounts
from shared.talent.publication import in_pool_filter
from shared.talent.quarters import quarters_of_year

Document = dict[str, Any]


@dataclass
class MemberYear:
    """One member's records of one year."""

    enrollment: Document
    name: str
    reports: dict[str, bool] = field(default_factory=dict)  # quarter -> on time
    assessments: dict[str, float] = field(default_factory=dict)  # quarter -> mean rating
    activities: ActivityCounts = field(default_factory=dict)
    goals_achieved: int = 0
    goals_counted: int = 0
    tutor_id: ObjectId | None = None

    @property
    def enrollment_id(self) -> ObjectId:
        return ObjectId(self.enrollment["_id"])

    @property
    def since(self) -> date:
        return self.enrollment["publicity_ends_at"].date()


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """Midnight UTC of the year's first day and of the next year's."""
    first, last = period_bounds(f"{year:04d}")
    return start_of(first), start_of(date(last.year + 1, 1, 1))


async def members_of(program_ids: list[ObjectId], at: datetime) -> list[Document]:
    """The enrollments that were members of the programs' pools at `at`."""
    query = {**in_programs_filter(program_ids), **in_pool_filter(at)}
    return await Enrollment.get_pymongo_collection().find(query).sort("_id", 1).to_list(None)


async def year_of(
    program_ids: list[ObjectId], year: int, members: list[Document], *, goals: bool = True
) -> list[MemberYear]:
    """The year's records of `members` (enrollments of the programs' pools)."""
    ids = [doc["_id"] for doc in members]
    names = await _names([doc["participant_id"] for doc in members])
    found = {
        doc["_id"]: MemberYear(enrollment=doc, name=names.get(doc["participant_id"], ""))
        for doc in members
    }
    in_programs = in_programs_filter(program_ids)
    query = {**in_programs, "quarter": {"$in": quarters_of_year(year)}}
    async for report in ProgressReport.get_pymongo_collection().find(
        query, {"enrollment_id": 1, "quarter": 1, "on_time": 1}
    ):
        if member := found.get(report["enrollment_id"]):
            member.reports[report["quarter"]] = bool(report.get("on_time"))
    async for assessment in MentorAssessment.get_pymongo_collection().find(
        query, {"enrollment_id": 1, "quarter": 1, "ratings.score": 1}
    ):
        if (member := found.get(assessment["enrollment_id"])) and assessment.get("ratings"):
            scores = [rating["score"] for rating in assessment["ratings"]]
            member.assessments[assessment["quarter"]] = sum(scores) / len(scores)
    counts = await activity_counts(in_programs, year)
    for enrollment_id, member in found.items():
        member.activities = counts.get(enrollment_id, {})
    pairs = await _members_pairs(in_programs, found.values())
    if goals:
        await _add_goals(year, in_programs, pairs)
    return [found[i] for i in ids]


async def activity_counts(whose: Document, year: int) -> dict[ObjectId, ActivityCounts]:
    """Activities that ended in `year`, of the members `whose` names (a program, or some
    enrollments), per member, kind and quarter: counted by the server, one row per member,
    kind and month."""
    start, end = year_bounds(year)
    pipeline: list[Document] = [
        {"$match": {**whose, "ended_on": {"$gte": start, "$lt": end}}},
        {
            "$group": {
                "_id": {
                    "enrollment_id": "$enrollment_id",
                    "kind": "$kind",
                    "month": {"$month": "$ended_on"},
                },
                "n": {"$sum": 1},
            }
        },
    ]
    counts: dict[ObjectId, dict[tuple[DevelopmentActivityKind, str], int]] = defaultdict(dict)
    collection = DevelopmentActivity.get_pymongo_collection()
    async with await collection.aggregate(pipeline) as cursor:
        async for row in cursor:
            key = row["_id"]
            quarter = quarter_key(date(year, int(key["month"]), 1))
            slot = (DevelopmentActivityKind(key["kind"]), quarter)
            mine = counts[key["enrollment_id"]]
            mine[slot] = mine.get(slot, 0) + int(row["n"])
    return dict(counts)


def _by_person(members: Iterable[MemberYear]) -> dict[tuple[ObjectId, ObjectId], MemberYear]:
    """Members by program and participant: how pairs name them."""
    return {(m.enrollment["program_id"], m.enrollment["participant_id"]): m for m in members}


async def _members_pairs(
    in_programs: Document, members: Iterable[MemberYear]
) -> dict[ObjectId, MemberYear]:
    """The members' pairs in their program, read with the programs' pairs in one command; each
    member's tutor is the mentor of their ACTIVE pair there."""
    by_person = _by_person(members)
    pairs: dict[ObjectId, MemberYear] = {}
    if not by_person:
        return pairs
    async for pair in Pair.get_pymongo_collection().find(
        in_programs, {"program_id": 1, "mentor_id": 1, "mentee_id": 1, "status": 1}
    ):
        if member := by_person.get((pair["program_id"], pair["mentee_id"])):
            pairs[pair["_id"]] = member
            if pair["status"] == PairStatus.ACTIVE.value:
                member.tutor_id = pair["mentor_id"]
    return pairs


async def _add_goals(year: int, in_programs: Document, pairs: dict[ObjectId, MemberYear]) -> None:
    """Goals of the members' pairs in their program that were set by the year's end; achieved
    ones count when achieved in the year, those achieved earlier and dropped ones not at all."""
    start, end = year_bounds(year)
    if not pairs:
        return
    async for goal in Goal.get_pymongo_collection().find(
        {**in_programs, "created_at": {"$lt": end}},
        {"pair_id": 1, "status": 1, "achieved_at": 1},
    ):
        member = pairs.get(goal["pair_id"])
        if member is None:
            continue  # a pair of someone outside the pool
        achieved_at = goal.get("achieved_at")
        if goal["status"] == GoalStatus.DROPPED.value or (achieved_at and achieved_at < start):
            continue
        member.goals_counted += 1
        if goal["status"] == GoalStatus.ACHIEVED.value and achieved_at and achieved_at < end:
            member.goals_achieved += 1


async def _names(participant_ids: list[ObjectId]) -> dict[ObjectId, str]:
    if not participant_ids:
        return {}
    cursor = Participant.get_pymongo_collection().find(
        {"_id": {"$in": participant_ids}}, {"name": 1}
    )
    return {doc["_id"]: doc.get("name", "") async for doc in cursor}
