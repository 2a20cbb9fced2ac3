"""Factories for the talent reserve: programs, applications at any step, pool members and
their records."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from shared.enums import DevelopmentActivityKind, EnrollmentStatus, ProgramKind, Role
from shared.feedback.periods import start_of
from shared.models import (
    DevelopmentActivity,
    Enrollment,
    EnrollmentTransition,
    MentorAssessment,
    Participant,
    Program,
    ProgressReport,
    utc_now,
)
from shared.models.talent import DevelopmentPlan, Rating, TalentApplication
from tests.factories.domain import make_pair, make_participant, make_program

APPLICATION = {
    "echelon": 2,
    "motivation": "I want to lead the platform team.",
    "developmentPlan": {
        "goals": ["Lead a cross-team project"],
        "activities": ["Rotation to operations", "Leadership course"],
    },
}


async def make_talent_program(**overrides: Any) -> Program:
    return await make_program(kind=ProgramKind.TALENT_RESERVE, **overrides)


def application(echelon: int = 2) -> TalentApplication:
    return TalentApplication(
        echelon=echelon,
        motivation="Ready for more responsibility.",
        development_plan=DevelopmentPlan(goals=["Run a team"], activities=["Rotation"]),
    )


async def make_application(
    *,
    program: Program,
    participant: Participant,
    status: EnrollmentStatus = EnrollmentStatus.APPLIED,
    echelon: int = 2,
    **overrides: Any,
) -> Enrollment:
    """A talent-reserve application filed by the person, at `status`."""
    fields: dict[str, Any] = {
        "program_id": program.id,
        "participant_id": participant.id,
        "role": Role.MENTEE,
        "status": status,
        "disclosed_to_managers": True,
        "application": application(echelon),
        "history": [
            EnrollmentTransition(
                from_status=None, to_status=EnrollmentStatus.APPLIED, by_id=participant.id
            )
        ],
        **overrides,
    }
    return await Enrollment(**fields).insert()


async def make_member(
    *,
    program: Program,
    participant: Participant,
    since: datetime | None = None,
    echelon: int = 2,
) -> Enrollment:
    """A member of the program's pool since `since` (default: 30 days ago)."""
    return await make_application(
        program=program,
        participant=participant,
        status=EnrollmentStatus.PUBLISHED,
        echelon=echelon,
        publicity_ends_at=since or utc_now() - timedelta(days=30),
    )


async def make_activity(
    *,
    member: Enrollment,
    kind: DevelopmentActivityKind,
    ended_on: date,
    **overrides: Any,
) -> DevelopmentActivity:
    fields: dict[str, Any] = {
        "enrollment_id": member.id,
        "program_id": member.program_id,
        "participant_id": member.participant_id,
        "kind": kind,
        "title": f"{kind.value.title()} activity",
        "started_on": ended_on,
        "ended_on": ended_on,
        "hours": 8,
        "logged_by_id": member.participant_id,
        **overrides,
    }
    return await DevelopmentActivity(**fields).insert()


async def make_report(*, member: Enrollment, quarter: str, on_time: bool = True) -> ProgressReport:
    return await ProgressReport(
        enrollment_id=member.id,
        program_id=member.program_id,
        participant_id=member.participant_id,
        quarter=quarter,
        work="Delivered the migration.",
        study="Finished the finance course.",
        next_steps="Rotation to sales.",
        submitted_by_id=member.participant_id,
        on_time=on_time,
    ).insert()


async def make_assessment(
    *, member: Enrollment, tutor: Participant, quarter: str, scores: list[int]
) -> MentorAssessment:
    return await MentorAssessment(
        enrollment_id=member.id,
        program_id=member.program_id,
        participant_id=member.participant_id,
        tutor_id=tutor.id,
        quarter=quarter,
        ratings=[Rating(competency=f"Competency {n}", score=s) for n, s in enumerate(scores)],
    ).insert()


def midnight(day: date) -> datetime:
    return start_of(day)


@dataclass
class Pool:
    """A talent reserve with one member, their tutor, its manager and someone from outside."""

    program: Program
    manager: Participant
    member: Participant
    enrollment: Enrollment
    tutor: Participant
    outsider: Participant


async def make_pool() -> Pool:
    manager = await make_participant(name="Mira Manager")
    program = await make_talent_program(
        manager_ids=[manager.id], competencies=["Leadership", "Strategy"]
    )
    member = await make_participant(name="Ana Member")
    tutor = await make_participant(name="Tom Tutor")
    await make_pair(program=program, mentor=tutor, mentee=member, enroll=False)
    return Pool(
        program=program,
        manager=manager,
        member=member,
        enrollment=await make_member(program=program, participant=member),
        tutor=tutor,
        outsider=await make_participant(name="Otto Outsider"),
    )
