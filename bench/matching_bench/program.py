"""The program the mentees choose in: one ACTIVE onboarding program added to a seeded company,
with its approved mentors (capacities 1 to 5, no open pair anywhere) and mentees, drawn first
from the employees who take part in nothing, then from new hires.

Who asks whom: each mentee one mentor, chosen by popularity (a few mentors are wanted by many
more mentees than they have places); a share of mentees send a second request to another
mentor at the same moment (two devices, a change of mind), which the platform must refuse.
"""

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from beanie import PydanticObjectId
from pymongo import AsyncMongoClient, UpdateOne

from bench.survey_bench.world import BATCH, enrollment, id_of, person, program, utc_seconds
from shared.enums import ProgramKind, ProgramStatus, Role
from shared.models import Enrollment, Participant

PROGRAM_NAME = "Onboarding mutual choice"
CAPACITIES = (1, 2, 3, 4, 5)
POPULARITY_SIGMA = 0.8  # lognormal weights: the most wanted asked about 8 times the mean
SECOND_REQUESTS = 0.05  # of mentees, who also ask a second mentor at once


@dataclass(frozen=True)
class Ask:
    """A mentee's request; `second` when the mentee sent another one at the same moment."""

    mentee_id: PydanticObjectId
    mentor_id: PydanticObjectId
    second: bool = False


@dataclass(frozen=True)
class ChoiceProgram:
    """The seeded program, its members and the requests to send, in order."""

    program_id: PydanticObjectId
    capacities: dict[PydanticObjectId, int]  # of each mentor
    mentees: list[PydanticObjectId]
    asks: list[Ask]
    from_idle: int  # members who were employees taking part in nothing
    hired: int  # members added to the headcount

    @property
    def places(self) -> int:
        return sum(self.capacities.values())


async def _idle_employees(db: Any) -> list[PydanticObjectId]:
    """Employees with no enrollment who manage no program, in the order they were added."""
    busy = set(await db.enrollments.distinct("participant_id"))
    async for found in db.programs.find({}, {"manager_ids": 1}):
        busy.update(found.get("manager_ids", []))
    cursor = db.participants.find({}, {"_id": 1}, sort=[("_id", 1)])
    return [PydanticObjectId(doc["_id"]) async for doc in cursor if doc["_id"] not in busy]


async def seed_choice_program(
    client: AsyncMongoClient[Any],
    database: str,
    *,
    rng: random.Random,
    mentees: int,
    mentors: int,
) -> ChoiceProgram:
    """Add the program and its members to the company already seeded in `database`."""
    db = client[database]
    now = utc_seconds()
    idle = await _idle_employees(db)
    headcount = await db.participants.count_documents({})
    wanted = mentees + mentors
    hires = [
        person(headcount + n, rng, created_at=now - timedelta(days=30))
        for n in range(max(0, wanted - len(idle)))
    ]
    for start in range(0, len(hires), BATCH):
        await Participant.insert_many(hires[start : start + BATCH])
    members = idle[:wanted] + [id_of(hire) for hire in hires]
    rng.shuffle(members)
    mentor_ids, mentee_ids = members[:mentors], members[mentors:]
    capacities = {mentor: rng.choice(CAPACITIES) for mentor in mentor_ids}
    await db.participants.bulk_write(
        [
            UpdateOne({"_id": m}, {"$set": {"mentor_capacity": c, "open_mentor_pairs": 0}})
            for m, c in capacities.items()
        ]
    )
    managed = await db.programs.find_one({"status": ProgramStatus.ACTIVE.value})
    assert managed is not None, "the company has active programs"
    choice = program(
        PROGRAM_NAME,
        kind=ProgramKind.ONBOARDING,
        status=ProgramStatus.ACTIVE,
        managers=managed["manager_ids"][:1],
        starts_on=now.date(),
    )
    await choice.insert()
    joined = now - timedelta(days=7)
    enrollments = [enrollment(choice, m, Role.MENTOR, joined) for m in mentor_ids]
    enrollments += [enrollment(choice, m, Role.MENTEE, joined) for m in mentee_ids]
    for start in range(0, len(enrollments), BATCH):
        await Enrollment.insert_many(enrollments[start : start + BATCH])
    return ChoiceProgram(
        id_of(choice),
        capacities,
        mentee_ids,
        _asks(mentee_ids, mentor_ids, rng),
        from_idle=min(len(idle), wanted),
        hired=len(hires),
    )


def _asks(
    mentee_ids: list[PydanticObjectId], mentor_ids: list[PydanticObjectId], rng: random.Random
) -> list[Ask]:
    """One request a mentee, to a mentor chosen by popularity; a mentee's second request
    right after their first, so that both are under way together."""
    weights = [rng.lognormvariate(0, POPULARITY_SIGMA) for _ in mentor_ids]
    asks = []
    for mentee in mentee_ids:
        chosen = rng.choices(mentor_ids, weights)[0]
        asks.append(Ask(mentee, chosen))
        if len(mentor_ids) > 1 and rng.random() < SECOND_REQUESTS:
            other = chosen
            while other == chosen:
                other = rng.choices(mentor_ids, weights)[0]
            asks.append(Ask(mentee, other, second=True))
    return asks
