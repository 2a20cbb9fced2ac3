"""What a burst of requests and acceptances must leave behind, read with the bare driver once
it is over: mentors within their capacity, one open request or pair per mentee in the
program, each mentor's open-pair counter equal to their open pairs, and the pairs stored
exactly the ones the API answered with."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bson import ObjectId

from bench.matching_bench.program import ChoiceProgram
from services.graphql_api.core.ids import parse_id_of
from shared.enums import PairOrigin, PairStatus

OPEN = [PairStatus.PROPOSED.value, PairStatus.ACTIVE.value]
SHOWN = 5  # offenders named in a failed check


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    detail: str


def _named(offenders: list[str]) -> str:
    more = f" and {len(offenders) - SHOWN} more" if len(offenders) > SHOWN else ""
    return "; ".join(offenders[:SHOWN]) + more


def _ids(nodes: list[dict[str, Any]]) -> set[ObjectId]:
    return {ObjectId(parse_id_of(node["id"], "Pair", "id")) for node in nodes}


async def open_pairs_of_mentors(db: Any, mentors: Sequence[ObjectId]) -> Counter[ObjectId]:
    """Each mentor's PROPOSED and ACTIVE pairs, in every program."""
    cursor = await db.pairs.aggregate(
        [
            {"$match": {"mentor_id": {"$in": mentors}, "status": {"$in": OPEN}}},
            {"$group": {"_id": "$mentor_id", "open": {"$sum": 1}}},
        ]
    )
    return Counter({doc["_id"]: doc["open"] async for doc in cursor})


async def run_checks(
    db: Any,
    world: ChoiceProgram,
    *,
    requested: list[dict[str, Any]],
    accepted: list[dict[str, Any]],
) -> list[Check]:
    """The invariants, for the program's mentors and mentees (their pairs in every program
    for the mentors' places), and the stored pairs against the API's answers."""
    mentors = list(world.capacities)
    real = await open_pairs_of_mentors(db, mentors)
    stored = {
        doc["_id"]: doc
        async for doc in db.participants.find(
            {"_id": {"$in": mentors}}, {"mentor_capacity": 1, "open_mentor_pairs": 1, "name": 1}
        )
    }
    over = [
        f"{stored[m]['name']} ({m}): {real[m]} open, capacity {stored[m]['mentor_capacity']}"
        for m in mentors
        if real[m] > stored[m]["mentor_capacity"]
    ]
    drift = [
        f"{stored[m]['name']} ({m}): counter {stored[m].get('open_mentor_pairs')}, {real[m]} open"
        for m in mentors
        if stored[m].get("open_mentor_pairs", 0) != real[m]
    ]
    full = sum(real[m] == stored[m]["mentor_capacity"] for m in mentors)
    per_mentee = Counter(
        [
            doc["mentee_id"]
            async for doc in db.pairs.find(
                {"program_id": world.program_id, "status": {"$in": OPEN}}, {"mentee_id": 1}
            )
        ]
    )
    doubled = [f"mentee {m}: {n} open" for m, n in per_mentee.items() if n > 1]
    in_program = {
        doc["_id"]: doc["status"]
        async for doc in db.pairs.find(
            {"program_id": world.program_id, "origin": PairOrigin.MENTEE_REQUEST.value},
            {"status": 1},
        )
    }
    answered, started = _ids(requested), _ids(accepted)
    unexplained = sorted(map(str, set(in_program) ^ answered))
    not_active = [
        f"{p}: {in_program.get(p, 'missing')}"
        for p in started
        if in_program.get(p) != PairStatus.ACTIVE.value
    ]
    return [
        Check(
            "no mentor holds more open pairs than their capacity",
            not over,
            _named(over) or f"{len(mentors)} mentors, {full} at capacity",
        ),
        Check(
            "no mentee has two open requests or pairs in the program",
            not doubled,
            _named(doubled) or f"{len(per_mentee)} mentees with one each",
        ),
        Check(
            "each mentor's open_mentor_pairs equals their open pairs",
            not drift,
            _named(drift) or f"{len(mentors)} mentors, {sum(real.values())} open pairs",
        ),
        Check(
            "the requests stored are the ones the API created",
            not unexplained,
            _named(unexplained) or f"{len(in_program)} stored",
        ),
        Check(
            "every accepted request is ACTIVE",
            not not_active,
            _named(not_active) or f"{len(started)} ACTIVE",
        ),
    ]
