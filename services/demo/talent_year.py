"""The talent pool's records in the demo: quarterly reports, the tutors' quarterly assessments,
development activities, and last year's selection of outstanding members.

Closed quarters are written with the models, each record dated as it would have been filed:
reports and assessments within two weeks of the quarter's end (on time), activities logged a
few days after they ended; a record that would be dated after now is not filed yet. Most members
keep up. In the last closed quarter Laura's report is missing, Diego's came late, his tutor has
not assessed him and he skipped the internal training; Zoe never had a tutor (her pair was
declined) and Ahmed has had none since his pair ended, and Zoe took no external training this
year: `Program.talentReserveDue` lists them. This quarter's activities are logged now through
the domain function, by the member or their tutor. Top management selected last year's
outstanding members in January: the two the year-end evaluation ranks first.
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from beanie import Document

from services.demo.cast import EXECUTIVE, Cast, at
from services.graphql_api.domain.development import log_activity
from services.graphql_api.domain.talent_inputs import ActivityLog
from services.graphql_api.domain.year_end import evaluate
from shared.enums import DevelopmentActivityKind, EnrollmentStatus, PairStatus, ProgramKind, Role
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
from shared.models.talent import Rating, SelectionRecord
from shared.talent.quarters import due_on

Kind = DevelopmentActivityKind
LATE_REPORT, MISSING_REPORT = "Diego Hernandez", "Laura Schmidt"
UNASSESSED_LATELY = "Diego Hernandez"  # his tutor let the last closed quarter pass
NO_INTERNAL_TRAINING_LATELY = "Diego Hernandez"
NO_EXTERNAL_TRAINING_THIS_YEAR = "Zoe Martin"
# One-off activities: kind, title, hours, in which quarter of membership (0: the first).
ONE_OFFS: dict[str, tuple[Kind, str, float, int]] = {
    "Kenji Watanabe": (Kind.ROTATION, "Rotation: two months with the product team", 300, 1),
    "Anna Kowalski": (Kind.ROTATION, "Rotation: a quarter in operations planning", 420, 2),
    "Samuel Adeyemi": (Kind.CERTIFICATION, "AWS Certified Solutions Architect", 40, 2),
    "Laura Schmidt": (Kind.SELF_STUDY, "Read The Manager's Path, with notes for my tutor", 20, 1),
    "Mei Lin": (Kind.SUGGESTION_REPORT, "Proposal: one pipeline review for all regions", 6, 2),
}
INTERNAL = (
    "Leadership essentials: feedback and delegation",
    "Finance for managers",
    "Strategy workshop with the board",
    "Presenting to senior stakeholders",
)
EXTERNAL = (
    "Negotiation masterclass (three days)",
    "Leading teams through change, business school course",
    "LeadDev conference",
)
WORK = (
    "Delivered the quarter's objectives with my team; {focus} took most of my time.",
    "Led a cross-department project that needed {focus}; it shipped on schedule.",
    "Stood in for my manager for three weeks and ran the team's planning.",
)
STUDY = (
    "Completed the quarter's internal training and read two books on {focus}.",
    "Worked through an online course on {focus} from my tutor's reading list.",
)
NEXT = (
    "Lead next quarter's planning and present it to the department.",
    "Put what I learnt about {focus} to work on a real project, with my tutor's review.",
)
COMMENTS = (
    "Steady progress; ready for more responsibility.",
    "A strong quarter: led the planning with confidence.",
    "Needs to delegate more; we agreed on two concrete steps.",
)


@dataclass
class _Member:
    enrollment: Enrollment
    name: str
    since: date
    needs: tuple[str, ...]
    pairs: list[Pair]
    level: int  # how the tutor usually rates them

    def tutor_on(self, day: date) -> Pair | None:
        """The pair through which the member had a tutor on `day`."""
        return next(
            (
                pair
                for pair in self.pairs
                if pair.status in (PairStatus.ACTIVE, PairStatus.ENDED_EARLY)
                and pair.starts_on is not None
                and pair.starts_on <= day
                and (pair.ended_on is None or day <= pair.ended_on)
            ),
            None,
        )


async def seed_talent_year(cast: Cast, *, today: date) -> None:
    program = await Program.find_one({"kind": ProgramKind.TALENT_RESERVE.value})
    assert program is not None and program.id is not None
    members = await _members(cast, program)
    now = utc_now()
    written: list[Document] = []
    for member in members:
        written += _closed_quarters(program, member, today=today, now=now)
    for model in (ProgressReport, MentorAssessment, DevelopmentActivity):
        mine = [document for document in written if isinstance(document, model)]
        if mine:
            await model.insert_many(mine)
    for member in members:
        await _log_this_quarter(cast, member, today=today)
    await _select_last_year(cast, program, year=today.year - 1, now=now)


async def _members(cast: Cast, program: Program) -> list[_Member]:
    rng = random.Random(2029)
    enrollments = await Enrollment.find(
        {
            "program_id": program.id,
            "role": Role.MENTEE.value,
            "status": EnrollmentStatus.PUBLISHED.value,
        }
    ).to_list()
    pairs = await Pair.find({"program_id": program.id}).to_list()
    members = []
    for enrollment in sorted(enrollments, key=lambda e: cast.name_of(e.participant_id)):
        assert enrollment.publicity_ends_at is not None
        members.append(
            _Member(
                enrollment=enrollment,
                name=cast.name_of(enrollment.participant_id),
                since=enrollment.publicity_ends_at.date(),
                needs=tuple(cast.people[cast.name_of(enrollment.participant_id)].development_needs),
                pairs=[p for p in pairs if p.mentee_id == enrollment.participant_id],
                level=rng.choice((3, 4, 4, 5)),
            )
        )
    return members


def _closed_quarters(
    program: Program, member: _Member, *, today: date, now: datetime
) -> list[Document]:
    """The member's records of every quarter of membership that has ended."""
    rng = random.Random(f"{member.name} {member.since}")
    current = quarter_key(today)
    quarter, index = quarter_key(member.since), 0
    records: list[Document] = []
    while quarter < current:
        last = period_bounds(quarter)[1]
        following = quarter_key(last + timedelta(days=1))
        latest = following == current
        records += _report(member, quarter, rng, latest=latest)
        records += _assessment(program, member, quarter, rng, latest=latest)
        records += _activities(member, quarter, index, rng, latest=latest, today=today)
        quarter, index = following, index + 1
    return [record for record in records if record.created_at <= now]


def _report(member: _Member, quarter: str, rng: random.Random, *, latest: bool) -> list[Document]:
    if latest and member.name == MISSING_REPORT:
        return []
    last = period_bounds(quarter)[1]
    filed = at(last + timedelta(days=rng.randint(2, 12)), 17)
    if latest and member.name == LATE_REPORT:
        filed = at(due_on(quarter) + timedelta(days=6), 17)
    focus = member.needs[0].lower() if member.needs else "leadership"
    return [
        ProgressReport(
            enrollment_id=member.enrollment.id,
            program_id=member.enrollment.program_id,
            participant_id=member.enrollment.participant_id,
            quarter=quarter,
            work=rng.choice(WORK).format(focus=focus),
            study=rng.choice(STUDY).format(focus=focus),
            next_steps=rng.choice(NEXT).format(focus=focus),
            submitted_by_id=member.enrollment.participant_id,
            submitted_at=filed,
            on_time=filed.date() <= due_on(quarter),
            created_at=filed,
            updated_at=filed,
        )
    ]


def _assessment(
    program: Program, member: _Member, quarter: str, rng: random.Random, *, latest: bool
) -> list[Document]:
    last = period_bounds(quarter)[1]
    filed_on = last + timedelta(days=rng.randint(4, 12))
    pair = member.tutor_on(last)
    if pair is None or (latest and member.name == UNASSESSED_LATELY):
        return []
    rated = [c for c in program.competencies if c in member.needs]
    rated = (rated + [c for c in program.competencies if c not in rated])[:3]
    ratings = [
        Rating(competency=c, score=min(5, max(1, member.level + rng.choice((-1, 0, 0, 1)))))
        for c in rated
    ]
    return [
        MentorAssessment(
            enrollment_id=member.enrollment.id,
            program_id=member.enrollment.program_id,
            participant_id=member.enrollment.participant_id,
            tutor_id=pair.mentor_id,
            quarter=quarter,
            ratings=ratings,
            comment=rng.choice(COMMENTS),
            submitted_at=at(filed_on, 16),
            on_time=filed_on <= due_on(quarter),
            created_at=at(filed_on, 16),
            updated_at=at(filed_on, 16),
        )
    ]


def _activities(
    member: _Member, quarter: str, index: int, rng: random.Random, *, latest: bool, today: date
) -> list[Document]:
    """The quarter's internal training, the year's external one (in its second quarter, or
    the first of membership), a tutoring session and the member's one-off, if it falls here."""
    first, last = period_bounds(quarter)
    start = max(first, member.since)
    planned: list[tuple[Kind, str, float, date]] = []

    def some_day() -> date:
        return start + timedelta(days=rng.randint(0, (last - start).days))

    if not (latest and member.name == NO_INTERNAL_TRAINING_LATELY):
        planned.append((Kind.INTERNAL_TRAINING, rng.choice(INTERNAL), 8.0, some_day()))
    year = quarter[:4]
    externals_quarter = max(f"{year}-Q2", quarter_key(member.since))
    skipped = member.name == NO_EXTERNAL_TRAINING_THIS_YEAR and int(year) == today.year
    if quarter == externals_quarter and not skipped:
        planned.append((Kind.EXTERNAL_TRAINING, rng.choice(EXTERNAL), 20.0, some_day()))
    session = some_day()
    if member.tutor_on(session) is not None:
        planned.append((Kind.TUTORING, "Tutoring: review of the development plan", 1.5, session))
    if (one_off := ONE_OFFS.get(member.name)) and one_off[3] == index:
        kind, title, hours, _ = one_off
        planned.append((kind, title, hours, last - timedelta(days=3)))
    activities: list[Document] = []
    for kind, title, hours, ended_on in planned:
        tutor = member.tutor_on(ended_on) if kind == Kind.TUTORING else None
        logged = at(ended_on + timedelta(days=rng.randint(1, 4)), 18)
        activities.append(
            DevelopmentActivity(
                enrollment_id=member.enrollment.id,
                program_id=member.enrollment.program_id,
                participant_id=member.enrollment.participant_id,
                kind=kind,
                title=title,
                started_on=ended_on - timedelta(days=_days(kind, hours)),
                ended_on=ended_on,
                hours=hours,
                logged_by_id=tutor.mentor_id if tutor else member.enrollment.participant_id,
                created_at=logged,
                updated_at=logged,
            )
        )
    return activities


def _days(kind: Kind, hours: float) -> int:
    """How many days before its end an activity of `hours` started (a working day is 8)."""
    return 0 if kind == Kind.TUTORING else max(0, round(hours / 8) - 1)


async def _log_this_quarter(cast: Cast, member: _Member, *, today: date) -> None:
    """This quarter so far: the internal training and a tutoring session, logged now through
    the domain function (Diego has not been to a training yet)."""
    first = period_bounds(quarter_key(today))[0]
    assert member.enrollment.id is not None
    if member.name != NO_INTERNAL_TRAINING_LATELY:
        ended_on = max(first, today - timedelta(days=5))
        training = ActivityLog(
            enrollment_id=member.enrollment.id,
            kind=Kind.INTERNAL_TRAINING,
            title=INTERNAL[len(member.name) % len(INTERNAL)],
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
    year-end evaluation ranks first."""
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
        note=f"{names} lead the year-end evaluation: assessed highest, reports on time, "
        "development above the minimums.",
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
