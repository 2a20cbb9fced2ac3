"""Seeded worlds for the survey benchmarks, written directly with Beanie documents.

- `seed_program_world()`: one ACTIVE program with N pairs, its manager, its 2N participants,
  their APPROVED enrollments, and for each pair two goals and a recent check-in (a program in
  use, so pair health and mentor recognition read what they would read in production).
- `company.py` builds a company-sized world from the same pieces.

Every database is dropped first and gets the indexes the models declare and the built-in
survey templates, as the services would create them.
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from beanie import Document, PydanticObjectId
from pymongo import AsyncMongoClient

from services.surveys.builtin_templates import ensure_builtin_templates
from shared.db import init_documents
from shared.enums import (
    EnrollmentStatus,
    GoalStatus,
    PairStatus,
    ProgramKind,
    ProgramStatus,
    Role,
)
from shared.models import (
    CheckIn,
    Enrollment,
    EnrollmentTransition,
    Goal,
    Pair,
    Participant,
    Program,
)

BATCH = 5_000
# Split strings keep the name lists to a few lines.
FIRST_NAMES = (  # noqa: SIM905
    "Aisha Anna Ben Carla Chen David Elena Farid Grace Hana Ines Jonas Kofi Laura Lena "
    "Marco Maria Mei Nadia Omar Paul Priya Rafael Sara Tom Yuki Zoe Lucas Amara Ivan"
).split()
LAST_NAMES = (  # noqa: SIM905
    "Bello Carvalho Chen Dubois Eriksen Fischer Garcia Hoffmann Ito Jansen Kowalski Larsen "
    "Martin Nakamura Okafor Petrov Rossi Schmidt Suzuki Tanaka Novak Weber Silva Khan Costa"
).split()
DEPARTMENTS = (
    "Engineering",
    "Sales",
    "Finance",
    "Operations",
    "Marketing",
    "People",
    "Legal",
    "Support",
)
SKILLS = ("Python", "Negotiation", "Accounting", "Leadership", "SQL", "Design", "Public speaking")
GOAL_TITLES = (
    "Lead a project kickoff",
    "Present at the team review",
    "Learn the deployment process",
    "Build a network across departments",
    "Prepare the certification exam",
)


@dataclass(frozen=True)
class ProgramWorld:
    """A seeded database and the program a benchmark works in."""

    database: str
    program_id: PydanticObjectId
    program_name: str
    pairs: int


@dataclass
class Plan:
    """Documents to insert, collected before one batched insert per collection."""

    people: list[Participant]
    programs: list[Program]
    enrollments: list[Enrollment]
    pairs: list[Pair]
    goals: list[Goal]
    check_ins: list[CheckIn]


def id_of(document: Document) -> PydanticObjectId:
    """The id of a document built with one (every document here is)."""
    assert document.id is not None
    return document.id


def midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def utc_seconds() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


async def prepare_database(client: AsyncMongoClient[Any], database: str) -> None:
    """Drop `database`, create the models' indexes, add the built-in templates; Beanie stays
    bound to it until the next call."""
    await client.drop_database(database)
    await init_documents(client, database)
    await ensure_builtin_templates()


def person(index: int, rng: random.Random, *, created_at: datetime) -> Participant:
    first, last = FIRST_NAMES[index % len(FIRST_NAMES)], LAST_NAMES[index // 7 % len(LAST_NAMES)]
    name = f"{first} {last}"
    return Participant(
        id=PydanticObjectId(),
        name=name,
        name_key=name.lower(),
        email=f"{first}.{last}.{index}@bench.example".lower(),
        department=DEPARTMENTS[index % len(DEPARTMENTS)],
        title=rng.choice(("Engineer", "Analyst", "Specialist", "Team lead", "Manager")),
        level=rng.choice(("L2", "L3", "L4", "L5")),
        echelon=rng.choice((1, 2, 3)),
        skills=rng.sample(SKILLS, 2),
        languages=["English"],
        created_at=created_at,
        updated_at=created_at,
    )


def program(
    name: str,
    *,
    kind: ProgramKind,
    status: ProgramStatus,
    managers: list[PydanticObjectId],
    starts_on: date,
) -> Program:
    created_at = midnight(starts_on) - timedelta(days=30)
    return Program(
        id=PydanticObjectId(),
        name=name,
        name_key=name.lower(),
        description=f"{kind.title().replace('_', ' ')} mentoring.",
        kind=kind,
        status=status,
        objectives=["Grow in the role", "Build a network"],
        competencies=["Communication", "Ownership"],
        duration_months=12,
        check_in_cadence_days=14,
        min_group_size=5,
        manager_ids=managers,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=365) if status != ProgramStatus.DRAFT else None,
        created_at=created_at,
        updated_at=created_at,
    )


def enrollment(
    program_doc: Program, participant_id: PydanticObjectId, role: Role, at: datetime
) -> Enrollment:
    manager = program_doc.manager_ids[0]
    return Enrollment(
        program_id=id_of(program_doc),
        participant_id=participant_id,
        role=role,
        status=EnrollmentStatus.APPROVED,
        decided_by_id=manager,
        history=[
            EnrollmentTransition(from_status=None, to_status=EnrollmentStatus.APPLIED, at=at),
            EnrollmentTransition(
                from_status=EnrollmentStatus.APPLIED,
                to_status=EnrollmentStatus.APPROVED,
                at=at + timedelta(days=2),
                by_id=manager,
            ),
        ],
        created_at=at,
        updated_at=at + timedelta(days=2),
    )


def add_pairs(
    plan: Plan,
    program_doc: Program,
    couples: list[tuple[PydanticObjectId, PydanticObjectId]],
    *,
    starts_on: date,
    rng: random.Random,
) -> None:
    """ACTIVE pairs of (mentor, mentee) in the program, their enrollments, goals and a check-in."""
    program_id = id_of(program_doc)
    joined = midnight(starts_on) - timedelta(days=20)
    enrolled: set[tuple[PydanticObjectId, Role]] = set()
    today = datetime.now(UTC).date()
    for mentor_id, mentee_id in couples:
        for participant_id, role in ((mentor_id, Role.MENTOR), (mentee_id, Role.MENTEE)):
            if (participant_id, role) not in enrolled:
                enrolled.add((participant_id, role))
                plan.enrollments.append(enrollment(program_doc, participant_id, role, joined))
        pair = Pair(
            id=PydanticObjectId(),
            program_id=program_id,
            mentor_id=mentor_id,
            mentee_id=mentee_id,
            status=PairStatus.ACTIVE,
            match_score=round(rng.uniform(0.55, 0.95), 2),
            match_reasons=["Shared skills", "Same language"],
            starts_on=starts_on,
            planned_end_on=starts_on + timedelta(days=365),
            is_open=True,
            created_at=joined,
            updated_at=midnight(starts_on),
        )
        plan.pairs.append(pair)
        for title in rng.sample(GOAL_TITLES, 2):
            plan.goals.append(
                Goal(
                    pair_id=id_of(pair),
                    program_id=program_id,
                    title=title,
                    competency="Communication",
                    status=rng.choice((GoalStatus.IN_PROGRESS, GoalStatus.ACHIEVED)),
                    progress=rng.choice((20, 50, 80, 100)),
                    target_date=today + timedelta(days=rng.randint(30, 180)),
                    created_at=midnight(starts_on),
                    updated_at=midnight(starts_on),
                )
            )
        plan.check_ins.append(
            CheckIn(
                pair_id=id_of(pair),
                program_id=program_id,
                held_on=today - timedelta(days=rng.randint(1, 20)),
                duration_minutes=rng.choice((30, 45, 60)),
                topics=["Goals", "Feedback"],
                logged_by_id=mentor_id,
            )
        )


async def insert_plan(plan: Plan) -> None:
    groups: list[tuple[type[Document], list[Any]]] = [
        (Participant, plan.people),
        (Program, plan.programs),
        (Enrollment, plan.enrollments),
        (Pair, plan.pairs),
        (Goal, plan.goals),
        (CheckIn, plan.check_ins),
    ]
    for model, documents in groups:
        for start in range(0, len(documents), BATCH):
            await model.insert_many(documents[start : start + BATCH])


async def seed_program_world(
    client: AsyncMongoClient[Any], database: str, *, pairs: int, rng: random.Random
) -> ProgramWorld:
    """One ACTIVE program with `pairs` pairs that started about 60 days ago."""
    await prepare_database(client, database)
    now = utc_seconds()
    manager = person(0, rng, created_at=now - timedelta(days=400))
    people = [person(i, rng, created_at=now - timedelta(days=200)) for i in range(1, 2 * pairs + 1)]
    for mentor in people[:pairs]:
        mentor.mentor_capacity, mentor.open_mentor_pairs = 2, 1
    starts_on = now.date() - timedelta(days=60)
    name = f"Onboarding {pairs} pairs"
    program_doc = program(
        name,
        kind=ProgramKind.ONBOARDING,
        status=ProgramStatus.ACTIVE,
        managers=[id_of(manager)],
        starts_on=starts_on,
    )
    plan = Plan([manager, *people], [program_doc], [], [], [], [])
    couples = [(id_of(m), id_of(e)) for m, e in zip(people[:pairs], people[pairs:], strict=True)]
    add_pairs(plan, program_doc, couples, starts_on=starts_on, rng=rng)
    await insert_plan(plan)
    return ProgramWorld(database, id_of(program_doc), name, pairs)
