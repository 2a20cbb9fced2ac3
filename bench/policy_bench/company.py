"""A company for the policy reads: 5,000 people, 300 programs (40 apprenticeship cohorts, 10
talent reserves, the rest onboarding, leadership and peer programs, some closed or still in
draft) holding about 3,000 pairs with their enrollments, goals and check-ins, and the
recognition standings of every program's mentors for each quarter and year they mentored in.
A fifth of the talent-reserve members are also mentees in a leadership program.

`scale` keeps each program's size and has fewer programs of each kind (at least one), so the
largest talent reserve keeps its 300 members at any scale."""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from beanie import PydanticObjectId
from pymongo import AsyncMongoClient

from bench.policy_bench.apprenticeships import seed_apprenticeships
from bench.policy_bench.reserves import Reserve, seed_reserves
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
from bench.survey_bench.world import DEPARTMENTS, id_of, prepare_database, program
from services.surveys.ranking import rank_key
from shared.enums import EnrollmentStatus, PairStatus, ProgramKind, ProgramStatus, Role
from shared.models import Enrollment, Pair, Program, Recognition
from shared.models.feedback import RecognitionEvidence

PEOPLE, PROGRAMS, PAIRS = 5_000, 300, 3_000
APPRENTICESHIPS, RESERVES, INACTIVE, MANAGERS = 40, 10, 30, 40
ORDINARY_KINDS = (ProgramKind.ONBOARDING, ProgramKind.LEADERSHIP, ProgramKind.PEER)
SHARED_MEMBERS = 0.2  # of talent-reserve members, also mentees in a leadership program
RANKED_QUARTERS = 8


@dataclass(frozen=True)
class PolicyWorld:
    anchors: Anchors
    hr_id: PydanticObjectId
    reserve: Reserve  # the largest
    apprenticeships: int
    documents: dict[str, int]  # per collection


def scaled(count: int, scale: float) -> int:
    return max(1, round(count * scale))


async def seed_policy_world(
    client: AsyncMongoClient[Any], database: str, *, rng: random.Random, scale: float, today: date
) -> PolicyWorld:
    """Drop `database` and seed the company in it (Beanie stays bound to it)."""
    await prepare_database(client, database)
    anchors = Anchors.of(today)
    docs, people = Documents(), People(rng, today=today)
    hr = people.one(department="People", title="HR partner")
    executive = people.one(title="Chief operating officer")
    managers = [people.one(title="Program manager") for _ in range(MANAGERS)]
    reserves = seed_reserves(
        docs,
        people,
        rng,
        anchors,
        count=scaled(RESERVES, scale),
        managers=managers,
        executive=executive,
    )
    apprenticeships = seed_apprenticeships(
        docs, people, rng, anchors, count=scaled(APPRENTICESHIPS, scale), managers=managers
    )
    members = [
        d.participant_id
        for d in docs.of(Enrollment)
        if isinstance(d, Enrollment) and d.status == EnrollmentStatus.PUBLISHED
    ]
    ordinary = scaled(PROGRAMS - RESERVES - APPRENTICESHIPS, scale)
    _ordinary_programs(
        docs,
        people,
        rng,
        anchors,
        count=ordinary,
        pairs=max(ordinary, round(PAIRS * scale) - len(docs.of(Pair))),
        inactive=round(INACTIVE * scale),
        managers=managers,
        shared=rng.sample(members, round(SHARED_MEMBERS * len(members))),
    )
    _recognitions(docs, rng, anchors)
    people.fill_to(round(PEOPLE * scale))
    docs.add(*people.everyone)
    await docs.insert()
    counts = {
        model.get_collection_name(): len(documents) for model, documents in docs.by_model.items()
    }
    return PolicyWorld(anchors, hr, reserves[0], len(apprenticeships), counts)


def _ordinary_programs(
    docs: Documents,
    people: People,
    rng: random.Random,
    anchors: Anchors,
    *,
    count: int,
    pairs: int,
    inactive: int,
    managers: list[PydanticObjectId],
    shared: list[PydanticObjectId],
) -> None:
    """Onboarding, leadership and peer programs of uneven sizes sharing `pairs` pairs (the
    last `inactive` closed or in draft, a draft without pairs); the `shared` people are
    mentees in leadership programs."""
    statuses = [ProgramStatus.ACTIVE] * (count - inactive) + [
        ProgramStatus.CLOSED if n % 2 else ProgramStatus.DRAFT for n in range(inactive)
    ]
    weights = [rng.lognormvariate(0, 0.8) if s != ProgramStatus.DRAFT else 0 for s in statuses]
    sizes = [max(1, round(pairs * w / sum(weights))) if w else 0 for w in weights]
    for index, (status, size) in enumerate(zip(statuses, sizes, strict=True)):
        kind = ORDINARY_KINDS[index % len(ORDINARY_KINDS)]
        starts_on = anchors.today - timedelta(days=rng.randint(30, 700))
        if status == ProgramStatus.CLOSED:
            starts_on = min(starts_on, anchors.today - timedelta(days=400))
        department = DEPARTMENTS[index % len(DEPARTMENTS)]
        ordinary = program(
            f"{kind.title()} {department} {index + 1}",
            kind=kind,
            status=status,
            managers=[managers[index % len(managers)], managers[(index + 7) % len(managers)]],
            starts_on=starts_on,
        )
        docs.add(ordinary)
        mentors = [id_of(m) for m in people.take(-(-size // 2), department=department)]
        seen: set[tuple[PydanticObjectId, PydanticObjectId, Role]] = set()
        for n in range(size):
            mentee = shared.pop() if shared and kind == ProgramKind.LEADERSHIP else people.one()
            pair_starts = starts_on + timedelta(days=rng.randint(0, 20))
            for who, role in ((mentors[n // 2], Role.MENTOR), (mentee, Role.MENTEE)):
                enroll(docs, ordinary, who, role, joined=pair_starts, seen=seen)
            roll = rng.random()
            status_of_pair = PairStatus.ACTIVE
            if status == ProgramStatus.CLOSED or roll < 0.1:
                status_of_pair = PairStatus.COMPLETED
            elif roll < 0.15:
                status_of_pair = PairStatus.ENDED_EARLY
            ended = status_of_pair != PairStatus.ACTIVE
            ends_on = min(pair_starts + timedelta(days=rng.randint(60, 365)), anchors.today)
            pair = make_pair(
                docs,
                ordinary,
                mentors[n // 2],
                mentee,
                starts_on=pair_starts,
                status=status_of_pair,
                ended_on=ends_on if ended else None,
                match_score=round(rng.uniform(0.55, 0.95), 2),
            )
            add_goals(docs, pair, rng, count=2, today=anchors.today)
            add_check_ins(docs, pair, rng, today=anchors.today)


def _recognitions(docs: Documents, rng: random.Random, anchors: Anchors) -> None:
    """Every program's mentors ranked for each closed quarter they mentored in (the last
    eight at most) and for those quarters' years."""
    mentors: dict[PydanticObjectId, set[PydanticObjectId]] = defaultdict(set)
    started: dict[PydanticObjectId, date] = {}
    for pair in docs.of(Pair):
        assert isinstance(pair, Pair) and pair.starts_on is not None
        mentors[pair.program_id].add(pair.mentor_id)
        started[pair.program_id] = min(started.get(pair.program_id, pair.starts_on), pair.starts_on)
    programs = {id_of(p): p for p in docs.of(Program)}
    for program_id, ranked in mentors.items():
        first = started[program_id]
        quarters = [q for q in quarters_between(first, anchors.today) if q <= anchors.quarter]
        quarters = quarters[-RANKED_QUARTERS:]
        periods = quarters + sorted({q[:4] for q in quarters})
        for period in periods:
            scores = {mentor: round(rng.uniform(0.35, 0.95), 4) for mentor in ranked}
            ordered = sorted(scores, key=lambda m: (-scores[m], str(m)))
            computed = at(anchors.today) - timedelta(days=rng.randint(1, 60))
            for rank, mentor in enumerate(ordered, start=1):
                docs.add(
                    Recognition(
                        program_id=program_id,
                        mentor_id=mentor,
                        period=period,
                        score=scores[mentor],
                        rank=rank,
                        rank_key=rank_key(scores[mentor], mentor),
                        evidence=RecognitionEvidence(
                            responses=rng.randint(5, 30),
                            average_satisfaction=round(rng.uniform(3, 5), 2),
                            goals_achieved=rng.randint(0, 4),
                            goals_counted=4,
                        ),
                        rules=str(programs[program_id].recognition.min_responses),
                        computed_at=computed,
                        created_at=computed,
                        updated_at=computed,
                    )
                )
