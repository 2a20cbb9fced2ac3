"""Factories for the documents the GraphQL API owns."""

import itertools
from datetime import date, timedelta
from typing import Any

from shared.apprenticeship.probation import open_probation
from shared.enums import (
    OPEN_PAIR_STATUSES,
    EnrollmentStatus,
    PairStatus,
    ProgramKind,
    ProgramStatus,
    Role,
)
from shared.models import CheckIn, Enrollment, Goal, Pair, Participant, Program

_sequence = itertools.count(1)


async def make_participant(**overrides: Any) -> Participant:
    n = next(_sequence)
    name = overrides.pop("name", f"Participant {n}")
    fields: dict[str, Any] = {
        "name": name,
        "name_key": name.lower(),
        "email": f"participant{n}@example.com",
        "department": "Engineering",
        "title": "Engineer",
        "level": "Mid",
        "mentor_capacity": 2,
        **overrides,
    }
    return await Participant(**fields).insert()


async def make_program(**overrides: Any) -> Program:
    n = next(_sequence)
    name = overrides.pop("name", f"Program {n}")
    fields: dict[str, Any] = {
        "name": name,
        "name_key": name.lower(),
        "kind": ProgramKind.ONBOARDING,
        "status": ProgramStatus.ACTIVE,
        "starts_on": date.today() - timedelta(days=30),
        "ends_on": date.today() + timedelta(days=300),
        **overrides,
    }
    return await Program(**fields).insert()


async def make_enrollment(
    *, program: Program, participant: Participant, role: Role, **overrides: Any
) -> Enrollment:
    fields: dict[str, Any] = {
        "program_id": program.id,
        "participant_id": participant.id,
        "role": role,
        "status": EnrollmentStatus.APPROVED,
        "disclosed_to_managers": True,  # they applied themselves
        **overrides,
    }
    return await Enrollment(**fields).insert()


async def make_pair(
    *,
    program: Program | None = None,
    mentor: Participant | None = None,
    mentee: Participant | None = None,
    enroll: bool = True,
    **overrides: Any,
) -> Pair:
    """A pair, creating the program and people it needs; `enroll` adds their enrollments."""
    program = program or await make_program()
    mentor = mentor or await make_participant()
    mentee = mentee or await make_participant()
    if enroll:
        await make_enrollment(program=program, participant=mentor, role=Role.MENTOR)
        await make_enrollment(program=program, participant=mentee, role=Role.MENTEE)
    fields: dict[str, Any] = {
        "program_id": program.id,
        "mentor_id": mentor.id,
        "mentee_id": mentee.id,
        "status": PairStatus.ACTIVE,
        "starts_on": date.today() - timedelta(days=20),
        **overrides,
    }
    fields["is_open"] = fields["status"] in OPEN_PAIR_STATUSES
    started = fields["status"] == PairStatus.ACTIVE and fields["starts_on"] is not None
    if program.kind == ProgramKind.APPRENTICESHIP and started and "probation" not in fields:
        # As starting a pair does: its probation opens that day.
        fields["probation"] = open_probation(fields["starts_on"], program.probation_months)
    pair = await Pair(**fields).insert()
    if pair.is_open:
        await Participant.find_one(Participant.id == mentor.id).inc(  # type: ignore[union-attr]
            {Participant.open_mentor_pairs: 1}
        )
    return pair


async def make_goal(*, pair: Pair, **overrides: Any) -> Goal:
    n = next(_sequence)
    fields: dict[str, Any] = {
        "pair_id": pair.id,
        "program_id": pair.program_id,
        "title": f"Goal {n}",
        **overrides,
    }
    return await Goal(**fields).insert()


async def make_check_in(*, pair: Pair, **overrides: Any) -> CheckIn:
    fields: dict[str, Any] = {
        "pair_id": pair.id,
        "program_id": pair.program_id,
        "held_on": date.today() - timedelta(days=3),
        "duration_minutes": 45,
        "logged_by_id": pair.mentor_id,
        **overrides,
    }
    return await CheckIn(**fields).insert()
