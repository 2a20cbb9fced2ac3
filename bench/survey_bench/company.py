"""A company-sized world: 5,000 people and 300 programs (270 ACTIVE: a few large, most small)
holding 3,000 ACTIVE pairs that started 11 to 13 months ago, each with two goals and a recent
check-in; `history.seed_survey_history()` adds survey rounds and responses on top.

The programs' sizes are tiers of (how many programs, pairs each): `TIERS` by default (two of
300 pairs), or `ONE_LARGE_PROGRAM` (one of 1,000 pairs, the rest small) for what grows with
the size of one program, such as releasing one of its rounds."""

import os
import random
from datetime import timedelta
from typing import Any

from pymongo import AsyncMongoClient

from bench.survey_bench.world import (
    DEPARTMENTS,
    Plan,
    ProgramWorld,
    add_pairs,
    id_of,
    insert_plan,
    person,
    prepare_database,
    program,
    utc_seconds,
)
from shared.enums import ProgramKind, ProgramStatus

Tiers = tuple[tuple[int, int], ...]

# Programs by size: (how many programs, pairs each), and how many of the smallest get one more
# pair to reach exactly 3,000 pairs. Each holds 270 ACTIVE programs.
TIERS: Tiers = ((2, 300), (10, 50), (40, 20), (218, 5))
EXTRA_PAIRS = 10
# The company's size for every benchmark that seeds one (1: 5,000 people, 300 programs).
COMPANY_SCALE = float(os.environ.get("BENCH_COMPANY_SCALE", "1"))
ONE_LARGE_PROGRAM: Tiers = ((1, 1_000), (9, 50), (30, 20), (230, 4))
ONE_LARGE_PROGRAM_EXTRA_PAIRS = 30
PEOPLE, INACTIVE_PROGRAMS, MANAGERS = 5_000, 30, 40
MEASURED_SIZE = 50


def company_program_sizes(
    scale: float = 1.0, *, tiers: Tiers = TIERS, extra_pairs: int = EXTRA_PAIRS
) -> list[int]:
    """Pairs per ACTIVE program, largest first: by default 2 x 300, 10 x 50, 40 x 20, 218 x 5
    or 6. A `scale` below 1 keeps the sizes and has fewer programs of each (at least one)."""
    sizes = [size for count, size in tiers for _ in range(max(1, round(count * scale)))]
    for index in range(len(sizes) - round(extra_pairs * scale), len(sizes)):
        sizes[index] += 1
    return sizes


async def seed_company_world(
    client: AsyncMongoClient[Any],
    database: str,
    *,
    rng: random.Random,
    scale: float = 1.0,
    tiers: Tiers = TIERS,
    extra_pairs: int = EXTRA_PAIRS,
) -> tuple[list[ProgramWorld], ProgramWorld]:
    """5,000 people, 300 programs, 3,000 ACTIVE pairs that started 11 to 13 months ago (times
    `scale`), in programs of the sizes `tiers` gives. Returns the ACTIVE programs (largest
    first) and the first 50-pair one, where the benchmark measures. Mentors have two pairs
    each; some people take part in nothing."""
    await prepare_database(client, database)
    now = utc_seconds()
    sizes = company_program_sizes(scale, tiers=tiers, extra_pairs=extra_pairs)
    pairs = sum(sizes)
    headcount = max(round(PEOPLE * scale), MANAGERS + (pairs + 1) // 2 + pairs)
    people = [person(i, rng, created_at=now - timedelta(days=500)) for i in range(headcount)]
    managers = [id_of(p) for p in people[:MANAGERS]]
    mentors = people[MANAGERS : MANAGERS + (pairs + 1) // 2]
    mentees = people[MANAGERS + len(mentors) : MANAGERS + len(mentors) + pairs]
    for mentor in mentors:
        mentor.mentor_capacity, mentor.open_mentor_pairs = 3, 2
    plan = Plan(people, [], [], [], [], [])
    kinds = list(ProgramKind)
    worlds, next_pair = [], 0
    for index, size in enumerate(sizes):
        kind = kinds[index % len(kinds)]
        starts_on = now.date() - timedelta(days=rng.randint(335, 400))
        name = f"{kind.title().replace('_', ' ')} {DEPARTMENTS[index % 8]} {index + 1}"
        program_doc = program(
            name,
            kind=kind,
            status=ProgramStatus.ACTIVE,
            managers=[managers[index % MANAGERS], managers[(index + 7) % MANAGERS]],
            starts_on=starts_on,
        )
        plan.programs.append(program_doc)
        couples = []
        for _ in range(size):
            mentor, mentee = mentors[next_pair % len(mentors)], mentees[next_pair]
            couples.append((id_of(mentor), id_of(mentee)))
            next_pair += 1
        add_pairs(plan, program_doc, couples, starts_on=starts_on, rng=rng)
        worlds.append(ProgramWorld(database, id_of(program_doc), name, size))
    for index in range(round(INACTIVE_PROGRAMS * scale)):
        status = ProgramStatus.CLOSED if index % 2 else ProgramStatus.DRAFT
        plan.programs.append(
            program(
                f"{status.title()} program {index + 1}",
                kind=kinds[index % len(kinds)],
                status=status,
                managers=[managers[index % MANAGERS]],
                starts_on=now.date() - timedelta(days=rng.randint(30, 700)),
            )
        )
    await insert_plan(plan)
    measured = next(world for world in worlds if world.pairs == MEASURED_SIZE)
    return worlds, measured
