"""The talent pool's year in the demo: the records of closed quarters (`talent_quarters`),
written with the models; this quarter's activities, logged now through the domain function by
the member or their tutor; and last year's selection of outstanding members, which top
management made in January: the two the year-end evaluation lists first.
"""

from datetime import UTC, date, datetime, timedelta

from beanie import Document

from services.demo.cast import EXECUTIVE, Cast
from services.demo.talent_quarters import (
    HABITS,
    INTERNAL,
    NO_INTERNAL_TRAINING_LATELY,
    Habits,
    Kind,
    PoolMember,
    closed_quarter_records,
)
from services.graphql_api.domain.development import log_activity
from services.graphql_api.domain.talent_inputs import ActivityLog
from services.graphql_api.domain.year_end import evaluate
from shared.enums import EnrollmentStatus, PairStatus, ProgramKind, Role
from shared.feedback.periods import period_bounds, quarter_key
from shared.models import (
    DevelopmentActivity,
    Enrollment,
    MentorAssessment,
    OutstandingSelection,
    Pair,
    Program,
    ProgressReport,
    utc_now,
)
from shared.models.talent import SelectionRecord


async def seed_talent_year(cast: Cast, *, today: date) -> None:
    """The pool's quarterly records, this quarter's activities and last year's selection."""
    program = await Program.find_one({"kind": ProgramKind.TALENT_RESERVE.value})
    assert program is not None and program.id is not None
    members = await _members(cast, program)
    now = utc_now()
    written: list[Document] = []
    for member in members:
        written += closed_quarter_records(program, member, today=today, now=now)
    for model in (ProgressReport, MentorAssessment, DevelopmentActivity):
        mine = [document for document in written if isinstance(document, model)]
        if mine:
            await model.insert_many(mine)
    for order, member in enumerate(members):
        await _log_this_quarter(cast, member, INTERNAL[order % len(INTERNAL)], today=today)
    await _select_last_year(cast, program, year=today.year - 1, now=now)


async def _members(cast: Cast, program: Program) -> list[PoolMember]:
    enrollments = await Enrollment.find(
        {
            "program_id": program.id,
            "role": Role.MENTEE.value,
            "status": EnrollmentStatus.PUBLISHED.value,
        }
    ).to_list()
    pairs = await Pair.find({"program_id": program.id}).to_list()
    members = []
    for enrollment in enrollments:
        assert enrollment.publicity_ends_at is not None
        name = cast.name_of(enrollment.participant_id)
        members.append(
            PoolMember(
                enrollment=enrollment,
                name=name,
                since=enrollment.publicity_ends_at.date(),
                needs=tuple(cast.people[name].development_needs),
                pairs=[p for p in pairs if p.mentee_id == enrollment.participant_id],
                habits=HABITS.get(name, Habits()),
            )
        )
    members.sort(key=lambda member: member.name)
    return members


async def _log_this_quarter(
    cast: Cast, member: PoolMember, training_title: str, *, today: date
) -> None:
    """This quarter so far: the internal training and a tutoring session, logged now through
    the domain function (Diego has not been to a training yet)."""
    first = period_bounds(quarter_key(today))[0]
    assert member.enrollment.id is not None
    if member.name != NO_INTERNAL_TRAINING_LATELY:
        ended_on = max(first, today - timedelta(days=5))
        training = ActivityLog(
            enrollment_id=member.enrollment.id,
            kind=Kind.INTERNAL_TRAINING,
            title=training_title,
            started_on=ended_on,
            ended_on=ended_on,
            hours=8,
        )
        await log_activity(actor=cast.member(member.name), data=training)
    tutor = member.tutor_on(today)
    if tutor is not None and tutor.status == PairStatus.ACTIVE:
        held_on = max(first, today - timedelta(days=9))
        session = ActivityLog(
            enrollment_id=member.enrollment.id,
            kind=Kind.TUTORING,
            title="Tutoring: preparing the year-end review",
            started_on=held_on,
            ended_on=held_on,
            hours=1.5,
        )
        await log_activity(actor=cast.member(cast.name_of(tutor.mentor_id)), data=session)


async def _select_last_year(cast: Cast, program: Program, *, year: int, now: datetime) -> None:
    """Last year's outstanding members, chosen by top management in January: the two the
    year-end evaluation lists first."""
    assert program.id is not None
    evaluated = await evaluate(
        minimums={program.id: program.development_minimums}, year=year, now=now
    )
    ranked = evaluated[program.id]
    chosen = [m.member.enrollment["participant_id"] for m in ranked if m.standing.rank][:2]
    if not chosen:
        return
    selected_at = min(datetime(year + 1, 1, 20, 15, tzinfo=UTC), now)
    names = " and ".join(cast.name_of(pid) for pid in chosen)
    record = SelectionRecord(
        participant_ids=chosen,
        note=f"{names}: first in the year-end evaluation, tutors' assessments and "
        "reports confirmed with their departments.",
        by_id=cast.id(EXECUTIVE),
        at=selected_at,
    )
    await OutstandingSelection.insert_many(
        [
            OutstandingSelection(
                program_id=program.id,
                year=year,
                current=record,
                created_at=selected_at,
                updated_at=selected_at,
            )
        ]
    )
