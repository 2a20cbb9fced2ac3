"""The floors: the documents each policy read rests on, read with the bare PyMongo driver in
plain `find()` calls, one after the other, each with a flat filter that an index serves (the
program by equality, then the year's range or quarters), and only the fields the figures
need: one call per collection for a talent reserve, one per collection and program across
the apprenticeships (on the embedded server the cheapest read of those documents with the
indexes the models declare). Each returns how many documents it read."""

from datetime import UTC, datetime, timedelta
from typing import Any

from bson import ObjectId

from shared.enums import PairStatus, ProgramKind
from shared.feedback.periods import period_bounds, start_of
from shared.talent.publication import in_pool_filter
from shared.talent.quarters import quarters_of_year

Database = Any
REPORT_FIELDS = {"enrollment_id": 1, "quarter": 1, "on_time": 1}
ASSESSMENT_FIELDS = {"enrollment_id": 1, "quarter": 1, "ratings.score": 1}
ACTIVITY_FIELDS = {"enrollment_id": 1, "kind": 1, "ended_on": 1}


def year_range(year: int) -> dict[str, datetime]:
    return {"$gte": datetime(year, 1, 1, tzinfo=UTC), "$lt": datetime(year + 1, 1, 1, tzinfo=UTC)}


async def _records(db: Database, program_id: ObjectId, year: int) -> int:
    """The year's reports, assessments and activities of a program's members."""
    quarters = {"program_id": program_id, "quarter": {"$in": quarters_of_year(year)}}
    reports = await db.progress_reports.find(quarters, REPORT_FIELDS).to_list()
    assessments = await db.mentor_assessments.find(quarters, ASSESSMENT_FIELDS).to_list()
    activities = await db.development_activities.find(
        {"program_id": program_id, "ended_on": year_range(year)}, ACTIVITY_FIELDS
    ).to_list()
    return len(reports) + len(assessments) + len(activities)


async def _pool(db: Database, program_id: ObjectId, at: datetime) -> list[dict[str, Any]]:
    program = await db.programs.find_one({"_id": program_id}, {"development_minimums": 1})
    assert program is not None
    members: list[dict[str, Any]] = await db.enrollments.find(
        {"program_id": program_id, **in_pool_filter(at)}
    ).to_list()
    return members


async def _names(db: Database, ids: list[ObjectId]) -> int:
    return len(await db.participants.find({"_id": {"$in": ids}}, {"name": 1}).to_list())


async def year_end_floor(db: Database, program_id: ObjectId, year: int) -> int:
    """`Program.yearEndEvaluation(year)`: the program, its members at the year's end and
    their names, the year's reports, assessments and activities, the program's pairs (tutors,
    and the pairs whose goals count), their goals set by the year's end, the selection."""
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    members = await _pool(db, program_id, min(datetime.now(UTC), end))
    assert members, "no members"
    read = len(members) + await _names(db, [m["participant_id"] for m in members])
    read += await _records(db, program_id, year)
    pairs = await db.pairs.find(
        {"program_id": program_id}, {"mentor_id": 1, "mentee_id": 1, "status": 1}
    ).to_list()
    goals = await db.goals.find(
        {"program_id": program_id, "created_at": {"$lt": end}},
        {"pair_id": 1, "status": 1, "achieved_at": 1},
    ).to_list()
    selection = await db.outstanding_selections.find_one({"program_id": program_id, "year": year})
    return read + len(pairs) + len(goals) + (selection is not None)


async def due_floor(db: Database, program_id: ObjectId, quarter: str) -> int:
    """`Program.talentReserveDue(quarter)`: the program, its members at the quarter's end,
    the year's reports, assessments and activities, their tutors (the program's ACTIVE
    pairs), and the names of members and tutors."""
    first, last = period_bounds(quarter)
    cutoff = min(datetime.now(UTC), start_of(last + timedelta(days=1)))
    members = await _pool(db, program_id, cutoff)
    assert members, "no members"
    read = len(members) + await _records(db, program_id, first.year)
    tutors = await db.pairs.find(
        {"program_id": program_id, "status": PairStatus.ACTIVE.value},
        {"mentor_id": 1, "mentee_id": 1},
    ).to_list()
    people = {m["participant_id"] for m in members} | {p["mentor_id"] for p in tutors}
    return read + len(tutors) + await _names(db, list(people))


async def candidates_floor(db: Database, year: str) -> int:
    """`outstandingCandidates(year)` across every program: the apprenticeship programs, the
    pairs they settled in the year and their standings for the year, each in one find led by
    the year (the `probation_settled_program` and `period_program` indexes), and the mentors'
    names."""
    programs = await db.programs.find(
        {"kind": ProgramKind.APPRENTICESHIP.value}, {"_id": 1}
    ).to_list()
    first, last = period_bounds(year)
    settled = {"$gte": start_of(first), "$lt": start_of(last + timedelta(days=1))}
    ids = [program["_id"] for program in programs]
    pairs = await db.pairs.find(
        {"probation.settled_on": settled, "program_id": {"$in": ids}},
        {"mentor_id": 1, "probation.outcome": 1},
    ).to_list()
    standings = await db.recognitions.find({"period": year, "program_id": {"$in": ids}}).to_list()
    assert pairs, "nothing settled in the year"
    mentors = {p["mentor_id"] for p in pairs} | {s["mentor_id"] for s in standings}
    return len(programs) + len(pairs) + len(standings) + await _names(db, list(mentors))
