"""Talent reserves as the policy runs them: members admitted (published) in the year before
the one evaluated, each with a tutor (a director as one-to-one mentor, three members each, some
after a change of tutor), goals, development activities every quarter (about 20 a year), a
progress report and a tutor's assessment for every closed quarter, most of them on time and
a few missing in the last one; around them applications at every other step, an admission
announced with an objection waiting for HR, members who left, and the selections of
outstanding members already made.

The first reserve has `LARGEST` members, the others `OTHERS` each."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from beanie import PydanticObjectId

from bench.policy_bench.world import (
    Anchors,
    Documents,
    People,
    add_check_ins,
    add_goals,
    at,
    enroll,
    make_pair,
    quarters_between,
)
from bench.survey_bench.world import DEPARTMENTS, id_of, program
from shared.enums import (
    DevelopmentActivityKind,
    EnrollmentStatus,
    PairStatus,
    ProgramKind,
    ProgramStatus,
    Role,
)
from shared.feedback.periods import period_bounds
from shared.models import (
    DevelopmentActivity,
    Enrollment,
    EnrollmentObjection,
    EnrollmentTransition,
    MentorAssessment,
    OutstandingSelection,
    Program,
    ProgressReport,
)
from shared.models.talent import DevelopmentPlan, Rating, SelectionRecord, TalentApplication
from shared.talent.quarters import due_on

LARGEST, OTHERS = 300, 30
TUTEES_PER_TUTOR = 3
Kind = DevelopmentActivityKind
# A member's activities in a quarter: for each kind, the chance of a first, second and
# third one (about 4.8 a quarter).
ACTIVITY_ODDS = {
    Kind.INTERNAL_TRAINING: (0.92, 0.3),
    Kind.TUTORING: (1.0, 0.7, 0.3),
    Kind.SELF_STUDY: (0.7,),
    Kind.EXTERNAL_TRAINING: (0.4,),
    Kind.ROTATION: (0.15,),
    Kind.CERTIFICATION: (0.08,),
    Kind.SUGGESTION_REPORT: (0.15,),
}
COMPETENCIES = ("Strategy", "People leadership", "Delivery", "Finance")
STEPS = (
    EnrollmentStatus.APPLIED,
    EnrollmentStatus.RECOMMENDED,
    EnrollmentStatus.HR_REVIEWED,
    EnrollmentStatus.APPROVED,
    EnrollmentStatus.PUBLISHED,
)


@dataclass(frozen=True)
class Reserve:
    program: Program
    members: int  # members at the end of the year evaluated


def seed_reserves(
    docs: Documents,
    people: People,
    rng: random.Random,
    anchors: Anchors,
    *,
    count: int,
    managers: list[PydanticObjectId],
    executive: PydanticObjectId,
) -> list[Reserve]:
    reserves = []
    for index in range(count):
        reserve = program(
            f"Talent reserve {DEPARTMENTS[index % len(DEPARTMENTS)]} {index + 1}",
            kind=ProgramKind.TALENT_RESERVE,
            status=ProgramStatus.ACTIVE,
            managers=[managers[index % len(managers)]],
            starts_on=date(anchors.year - 2, 1, 10),
        )
        reserve.ends_on = None
        docs.add(reserve)
        size = LARGEST if index == 0 else OTHERS
        _members(docs, people, rng, anchors, reserve, size=size, executive=executive)
        _around(docs, people, rng, anchors, reserve, size=size, executive=executive)
        reserves.append(Reserve(reserve, size))
    return reserves


def _members(
    docs: Documents,
    people: People,
    rng: random.Random,
    anchors: Anchors,
    reserve: Program,
    *,
    size: int,
    executive: PydanticObjectId,
) -> None:
    tutors = [id_of(t) for t in people.take(-(-size // TUTEES_PER_TUTOR), title="Director")]
    seen: set[tuple[PydanticObjectId, PydanticObjectId, Role]] = set()
    first_day = date(anchors.year - 1, 1, 15)
    for n, member in enumerate(people.take(size, title="Team lead")):
        since = first_day + timedelta(days=rng.randint(0, 320))
        tutor = tutors[n // TUTEES_PER_TUTOR]
        status = EnrollmentStatus.PUBLISHED if rng.random() < 0.97 else EnrollmentStatus.APPROVED
        admitted = _admission(reserve, id_of(member), status, since, executive)
        docs.add(admitted)
        enroll(docs, reserve, tutor, Role.MENTOR, joined=since, seen=seen)
        starts_on = since
        if rng.random() < 0.1:  # a first tutor, changed after some months
            earlier = rng.choice(tutors)
            starts_on = since + timedelta(days=rng.randint(60, 200))
            make_pair(
                docs,
                reserve,
                earlier,
                id_of(member),
                starts_on=since,
                status=PairStatus.ENDED_EARLY,
                ended_on=starts_on,
            )
        pair = make_pair(
            docs, reserve, tutor, id_of(member), starts_on=starts_on, status=PairStatus.ACTIVE
        )
        add_goals(docs, pair, rng, count=3, today=anchors.today)
        add_check_ins(docs, pair, rng, today=anchors.today)
        add_records(docs, rng, anchors, admitted, tutor, until=anchors.today)


def _around(
    docs: Documents,
    people: People,
    rng: random.Random,
    anchors: Anchors,
    reserve: Program,
    *,
    size: int,
    executive: PydanticObjectId,
) -> None:
    """Applications at the other steps, an admission announced with an objection waiting for
    HR, members who left during the year, and the selections made so far."""
    recent = anchors.today - timedelta(days=20)
    for n in range(max(2, size // 10)):
        status = (EnrollmentStatus.APPLIED, EnrollmentStatus.REJECTED, EnrollmentStatus.WITHDRAWN)
        docs.add(_admission(reserve, people.one(), status[n % 3], recent, executive))
    announced = _admission(
        reserve, people.one(), EnrollmentStatus.APPROVED, anchors.today + timedelta(days=4), None
    )
    objected = _admission(
        reserve, people.one(), EnrollmentStatus.APPROVED, anchors.today - timedelta(days=2), None
    )
    objected.pending_objections = 1
    docs.add(announced, objected)
    docs.add(
        EnrollmentObjection(
            enrollment_id=id_of(objected),
            program_id=id_of(reserve),
            participant_id=objected.participant_id,
            by_id=people.one(),
            reason="Has not led a team yet.",
        )
    )
    for _ in range(max(1, size // 30)):
        since = date(anchors.year - 1, 3, 1) + timedelta(days=rng.randint(0, 200))
        left = _admission(
            reserve, people.one(), EnrollmentStatus.WITHDRAWN, since, executive, admitted=True
        )
        docs.add(left)
        add_records(docs, rng, anchors, left, people.one(), until=date(anchors.year, 6, 30))
    members = [
        d.participant_id
        for d in docs.of(Enrollment)
        if isinstance(d, Enrollment)
        and d.program_id == reserve.id
        and d.status == EnrollmentStatus.PUBLISHED
    ]
    for year in (anchors.year - 1, anchors.year):
        chosen = rng.sample(members, 3)
        record = SelectionRecord(
            participant_ids=chosen, note="First in the evaluation.", by_id=executive
        )
        docs.add(OutstandingSelection(program_id=id_of(reserve), year=year, current=record))


def _admission(
    reserve: Program,
    participant_id: PydanticObjectId,
    status: EnrollmentStatus,
    publicity_ends: date,
    executive: PydanticObjectId | None,
    *,
    admitted: bool = False,
) -> Enrollment:
    """A talent-reserve application at `status`, its publicity period ending on
    `publicity_ends` once approved (or `admitted` before it was withdrawn)."""
    applied = at(publicity_ends) - timedelta(days=40)
    steps = STEPS[: STEPS.index(status) + 1] if status in STEPS else (STEPS[0], status)
    history = [
        EnrollmentTransition(
            from_status=None if n == 0 else steps[n - 1],
            to_status=step,
            at=applied + timedelta(days=8 * n),
            by_id=executive if step == EnrollmentStatus.APPROVED else participant_id,
        )
        for n, step in enumerate(steps)
    ]
    approved = status in (EnrollmentStatus.APPROVED, EnrollmentStatus.PUBLISHED)
    return Enrollment(
        id=PydanticObjectId(),
        program_id=id_of(reserve),
        participant_id=participant_id,
        role=Role.MENTEE,
        status=status,
        decided_by_id=executive if approved else None,
        disclosed_to_managers=True,
        history=history,
        application=TalentApplication(
            echelon=2,
            motivation="Ready for more responsibility.",
            development_plan=DevelopmentPlan(goals=["Run a team"], activities=["Rotation"]),
        ),
        publicity_ends_at=at(publicity_ends, 0) if approved or admitted else None,
        created_at=applied,
        updated_at=history[-1].at,
    )


def add_records(
    docs: Documents,
    rng: random.Random,
    anchors: Anchors,
    member: Enrollment,
    tutor: PydanticObjectId,
    *,
    until: date,
) -> None:
    """A member's activities every quarter up to `until`, and their report and their tutor's
    assessment of every closed quarter (a few missing in the last one)."""
    assert member.publicity_ends_at is not None
    since = member.publicity_ends_at.date()
    who = {
        "enrollment_id": id_of(member),
        "program_id": member.program_id,
        "participant_id": member.participant_id,
    }
    for quarter in quarters_between(since, until):
        first, last = period_bounds(quarter)
        first, last = max(first, since), min(last, until)
        for kind, odds in ACTIVITY_ODDS.items():
            for chance in odds:
                if rng.random() < chance:
                    ended_on = first + timedelta(days=rng.randint(0, (last - first).days))
                    docs.add(
                        DevelopmentActivity(
                            **who,
                            kind=kind,
                            title=f"{kind.title().replace('_', ' ')} {quarter}",
                            started_on=ended_on - timedelta(days=rng.randint(0, 4)),
                            ended_on=ended_on,
                            hours=rng.choice((1.5, 4, 8, 16)),
                            logged_by_id=tutor if kind == Kind.TUTORING else member.participant_id,
                            created_at=at(ended_on, 18),
                            updated_at=at(ended_on, 18),
                        )
                    )
        if quarter > anchors.quarter or last < period_bounds(quarter)[1]:
            continue  # not closed yet
        present = 0.88 if quarter == anchors.quarter else 0.97
        on_time = rng.random() < 0.9
        submitted = at(due_on(quarter) - timedelta(days=rng.randint(1, 14) if on_time else -9))
        if rng.random() < present:
            docs.add(
                ProgressReport(
                    **who,
                    quarter=quarter,
                    work="Delivered the quarter's objectives.",
                    study="Finished the leadership module.",
                    next_steps="Rotation to operations.",
                    submitted_by_id=member.participant_id,
                    submitted_at=submitted,
                    on_time=on_time,
                    created_at=submitted,
                    updated_at=submitted,
                )
            )
        if rng.random() < present:
            docs.add(
                MentorAssessment(
                    **who,
                    tutor_id=tutor,
                    quarter=quarter,
                    ratings=[Rating(competency=c, score=rng.randint(2, 5)) for c in COMPETENCIES],
                    comment="Steady progress.",
                    submitted_at=submitted,
                    on_time=on_time,
                    created_at=submitted,
                    updated_at=submitted,
                )
            )
