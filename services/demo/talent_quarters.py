"""The talent pool's records of the quarters that have ended, as the demo's members and tutors
would have filed them: each member's quarterly report within two weeks of the quarter's end,
their tutor's assessment, the quarter's internal training, the year's external one, tutoring
sessions and a few one-off activities (a rotation, a certificate, a suggestion report).

Most members keep up (`Habits` says how each does). In the last closed quarter Laura's report
is missing, Diego's came late, his tutor has not assessed him and he skipped the internal
training; Zoe never had a tutor (her pair was declined) and Ahmed has had none since his pair
ended; Zoe took no external training this year. A record that would be dated after now is not
filed yet.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from beanie import Document

from services.demo.cast import at
from shared.enums import DevelopmentActivityKind, PairStatus
from shared.feedback.periods import period_bounds, quarter_key
from shared.models import (
    DevelopmentActivity,
    Enrollment,
    MentorAssessment,
    Pair,
    Program,
    ProgressReport,
)
from shared.models.talent import Rating
from shared.talent.quarters import due_on

Kind = DevelopmentActivityKind


@dataclass(frozen=True)
class Habits:
    """How a member keeps up: the score their tutor usually gives, and every how many
    quarters (counted from their first) a report comes late or the internal training is
    skipped (0: never)."""

    rated: int = 4
    late_report_every: int = 0
    skipped_training_every: int = 0


HABITS = {
    "Anna Kowalski": Habits(rated=5),
    "Diego Hernandez": Habits(rated=3, late_report_every=3),
    "Ahmed Hassan": Habits(rated=3),
    "Zoe Martin": Habits(rated=3, late_report_every=2, skipped_training_every=2),
}
# The last closed quarter's gaps, for the due list.
LATE_REPORT, MISSING_REPORT = "Diego Hernandez", "Laura Schmidt"
UNASSESSED_LATELY = "Diego Hernandez"  # his tutor let it pass
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
class PoolMember:
    """A member of the pool, what they set out to grow in, and their tutors' pairs."""

    enrollment: Enrollment
    name: str
    since: date
    needs: tuple[str, ...]
    pairs: list[Pair]
    habits: Habits

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


def closed_quarter_records(
    program: Program, member: PoolMember, *, today: date, now: datetime
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
        records += _report(member, quarter, index, rng, latest=latest)
        records += _assessment(program, member, quarter, rng, latest=latest)
        records += _activities(member, quarter, index, rng, latest=latest, today=today)
        quarter, index = following, index + 1
    return [record for record in records if record.created_at <= now]


def _report(
    member: PoolMember, quarter: str, index: int, rng: random.Random, *, latest: bool
) -> list[Document]:
    if latest and member.name == MISSING_REPORT:
        return []
    last = period_bounds(quarter)[1]
    filed = at(last + timedelta(days=rng.randint(2, 12)), 17)
    every = member.habits.late_report_every
    if (latest and member.name == LATE_REPORT) or (every and index % every == 0):
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
    program: Program, member: PoolMember, quarter: str, rng: random.Random, *, latest: bool
) -> list[Document]:
    last = period_bounds(quarter)[1]
    filed_on = last + timedelta(days=rng.randint(4, 12))
    pair = member.tutor_on(last)
    if pair is None or (latest and member.name == UNASSESSED_LATELY):
        return []
    rated = [c for c in program.competencies if c in member.needs]
    rated = (rated + [c for c in program.competencies if c not in rated])[:3]
    ratings = [
        Rating(
            competency=c, score=min(5, max(1, member.habits.rated + rng.choice((-1, 0, 0, 0, 1))))
        )
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
    member: PoolMember, quarter: str, index: int, rng: random.Random, *, latest: bool, today: date
) -> list[Document]:
    """The quarter's internal training, the year's external one (in its second quarter, or
    the first of membership), a tutoring session and the member's one-off, if it falls here."""
    first, last = period_bounds(quarter)
    start = max(first, member.since)
    planned: list[tuple[Kind, str, float, date]] = []

    def some_day() -> date:
        return start + timedelta(days=rng.randint(0, (last - start).days))

    every = member.habits.skipped_training_every
    skips_training = (latest and member.name == NO_INTERNAL_TRAINING_LATELY) or (
        every and index % every == every - 1
    )
    if not skips_training:
        planned.append((Kind.INTERNAL_TRAINING, rng.choice(INTERNAL), 8.0, some_day()))
    year = quarter[:4]
    externals_quarter = max(f"{year}-Q2", quarter_key(member.since))
    skips_course = member.name == NO_EXTERNAL_TRAINING_THIS_YEAR and int(year) == today.year
    if quarter == externals_quarter and not skips_course:
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
