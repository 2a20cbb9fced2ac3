"""The floor: the bare driver writing as many pair documents at the same concurrency, into a
collection of its own with the indexes the pairs collection has. A document is a mentee's
request as the platform stores it (`new_pair()` of a real mentor and mentee of the program,
so the same fields and sizes), each with its own mentee so the unique indexes take it; the
update sets what an acceptance that starts the pair sets."""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from bson import ObjectId

from bench.matching_bench.load import Outcome, Run, at_concurrency, timed
from bench.matching_bench.program import ChoiceProgram
from services.graphql_api.domain.matching_pool import assess_pair
from services.graphql_api.domain.pairs import new_pair
from services.graphql_api.domain.persistence import encode_for_storage
from shared.enums import PairOrigin, PairStatus
from shared.models import Pair, Participant, Program, utc_now

Collection = Any


async def request_shape(world: ChoiceProgram) -> dict[str, Any]:
    """A mentee's request of the program as `mentorshipRequest` stores it, without its id."""
    program = await Program.get(world.program_id)
    mentor = await Participant.get(next(iter(world.capacities)))
    mentee = await Participant.get(world.mentees[0])
    assert program and mentor and mentee, "the program and its members are seeded"
    pair = new_pair(
        program,
        mentor,
        mentee,
        assess_pair(mentor, mentee, program),
        origin=PairOrigin.MENTEE_REQUEST,
        proposed_by_id=mentee.id,
        request_message="Could you mentor me this year?",
        accepted_by_mentee_at=utc_now(),
        matched=True,
    )
    shape: dict[str, Any] = encode_for_storage(pair)
    shape.pop("_id", None)
    return shape


async def fresh_collection(db: Any, name: str) -> Collection:
    """`name`, emptied, with the pairs' indexes."""
    await db.drop_collection(name)
    await db[name].create_indexes(Pair.Settings.indexes)
    return db[name]


async def floor_inserts(
    collection: Collection, shape: dict[str, Any], count: int, concurrency: int, *, name: str
) -> tuple[Run, list[ObjectId]]:
    """`count` requests inserted with `insert_one`; returns their ids."""
    ids = [ObjectId() for _ in range(count)]

    def insert(pair_id: ObjectId) -> Callable[[], Awaitable[Outcome]]:
        document = {**shape, "_id": pair_id, "mentee_id": ObjectId(), "created_at": utc_now()}
        return lambda: timed(lambda: collection.insert_one(document))

    run = await at_concurrency(name, [insert(i) for i in ids], concurrency)
    return run, ids


async def floor_updates(
    collection: Collection, ids: list[ObjectId], concurrency: int, *, name: str
) -> Run:
    """Each of `ids` accepted and started with `update_one` by its id."""

    def accept(pair_id: ObjectId) -> Callable[[], Awaitable[Outcome]]:
        now = utc_now()
        today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        changes = {
            "accepted_by_mentor_at": now,
            "status": PairStatus.ACTIVE.value,
            "starts_on": today,
            "updated_at": now,
        }
        return lambda: timed(lambda: collection.update_one({"_id": pair_id}, {"$set": changes}))

    return await at_concurrency(name, [accept(i) for i in ids], concurrency)
