"""What releasing a closed survey round costs in a company's database, beside the driver alone
reading what the release reads.

Why: a round's figures reach nobody until the results job (`services.surveys.results`) has
added it up into its `RoundResult`, and it reads each round's invitations and responses once
to do so. The largest unit of its work is the round of the largest program; a pass releases
up to a page of rounds and refreshes the recognitions of their mentors. Both should cost
little more than reading their documents.

Seeds a company (`bench/survey_bench/company.py` with the `ONE_LARGE_PROGRAM` tiers: 5,000
people, 300 programs, 3,000 ACTIVE pairs, one program of 1,000 of them, the rest of 4 to 50)
with quarterly check-in rounds for a year in every ACTIVE program, 75% of their links answered
(`bench/survey_bench/history.py`), every round released by the service's own
`release_closed_rounds()` except the latest round of 31 programs: they stay closed and
unreleased, as the results job finds them, 70% of their links answered, with comments. One is
the large program's (2,000 invitations, about 1,400 responses), 30 are ordinary programs'
(picked at random among the others).

Measures, alternating each with its floor so that noise hits both alike (medians of
`--repetitions`, after one warm-up each):

1. `release_round(round_doc)` of the large program's round (idempotent: it replaces the
   result), against the floor: `find({"round_id": id})` over invitations and responses,
   fully iterated with the bare PyMongo async driver. Prints both, their ratio and the
   responses added up per second. Target: release at most 3 times the floor.
2. `release_closed_rounds(limit=30)` releasing the 30 ordinary rounds in one pass (the
   refresh of their mentors' recognitions included), against the same floor for those 30
   rounds, and beside `release_round()` of the same rounds one by one, which shows what the
   recognitions cost. The rounds are marked unreleased again before each run (not timed).

Run: `.venv/bin/python bench/round_release.py` (embedded server, or MENTORSHIP_MONGODB_URL).
`--scale 0.1` seeds a company a tenth of the size (fewer programs of each size; the large
program keeps its 1,000 pairs) for a quicker run; BENCH_COMPANY_SCALE sets its default.
"""

import argparse
import asyncio
import random
import statistics
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.survey_bench.company import (
    COMPANY_SCALE,
    ONE_LARGE_PROGRAM,
    ONE_LARGE_PROGRAM_EXTRA_PAIRS,
    seed_company_world,
)
from bench.survey_bench.figures import verdict
from bench.survey_bench.history import QUARTERLY_FOR_A_YEAR, seed_survey_history
from bench.survey_bench.services import bench_client, bench_processes, progress
from bench.survey_bench.world import ProgramWorld
from services.surveys.results import release_closed_rounds, release_round
from shared.enums import RoundStatus

DATABASE = "bench_round_release"
HISTORY_ANSWERED, PENDING_ANSWERED = 0.75, 0.70
LATEST = QUARTERLY_FOR_A_YEAR[-1]  # months ago: the round left unreleased
ORDINARY_ROUNDS = 30
RATIO_TARGET = 3.0


def responses_for(programs: Sequence[ProgramWorld], rounds_each: int, answered: float) -> int:
    """How many of these programs' links are answered: both sides of each pair, each round."""
    return round(answered * 2 * sum(world.pairs for world in programs) * rounds_each)


async def seed(client: Any, rng: random.Random, scale: float) -> tuple[ProgramWorld, list[Any]]:
    """The company, its released history and the rounds left to release; returns the large
    program and the ids of the ordinary programs whose latest round is pending."""
    programs, _ = await seed_company_world(
        client,
        DATABASE,
        rng=rng,
        scale=scale,
        tiers=ONE_LARGE_PROGRAM,
        extra_pairs=ONE_LARGE_PROGRAM_EXTRA_PAIRS,
    )
    large, others = programs[0], programs[1:]
    ordinary = rng.sample(others, min(ORDINARY_ROUNDS, len(others)))
    pending = [large, *ordinary]
    settled = [world for world in programs if world not in pending]
    earlier = [months for months in QUARTERLY_FOR_A_YEAR if months != LATEST]
    for worlds, months_ago in ((settled, QUARTERLY_FOR_A_YEAR), (pending, earlier)):
        responses = responses_for(worlds, len(months_ago), HISTORY_ANSWERED)
        await seed_survey_history(worlds, responses=responses, rng=rng, months_ago=months_ago)
    for worlds in ([large], ordinary):
        responses = responses_for(worlds, 1, PENDING_ANSWERED)
        await seed_survey_history(
            worlds, responses=responses, rng=rng, months_ago=(LATEST,), release=False
        )
    return large, [world.program_id for world in ordinary]


async def bare_read(db: Any, round_ids: Sequence[Any]) -> int:
    """The floor: each round's invitations and responses, fully iterated with the driver."""
    read = 0
    for round_id in round_ids:
        for collection in (db.invitations, db.responses):
            async for _ in collection.find({"round_id": round_id}):
                read += 1
    return read


async def alternate(
    runs: dict[str, Callable[[], Awaitable[Any]]],
    repetitions: int,
    before_each: Callable[[], Awaitable[Any]] | None = None,
) -> dict[str, float]:
    """Median seconds of each run, the runs alternating; one untimed warm-up each first."""
    timings: dict[str, list[float]] = {name: [] for name in runs}
    for repetition in range(repetitions + 1):
        for name, run in runs.items():
            if before_each is not None:
                await before_each()
            began = time.perf_counter()
            await run()
            if repetition:
                timings[name].append(time.perf_counter() - began)
    return {name: statistics.median(found) for name, found in timings.items()}


async def measure_large_round(db: Any, large: ProgramWorld, repetitions: int) -> None:
    round_doc = await db.survey_rounds.find_one(
        {"program_id": large.program_id, "released_at": None}
    )
    assert round_doc is not None, "the large program's round is missing"
    round_id = round_doc["_id"]
    invitations = await db.invitations.count_documents({"round_id": round_id})
    responses = await db.responses.count_documents({"round_id": round_id})
    comments = await db.responses.count_documents(
        {"round_id": round_id, "sentiments.0": {"$exists": True}}
    )
    progress(f"release_round of '{large.program_name}', {repetitions} repetitions")

    async def release() -> None:
        result = await release_round(round_doc)
        assert sum(role.responses for role in result.roles) == responses

    async def floor() -> None:
        assert await bare_read(db, [round_id]) == invitations + responses

    medians = await alternate({"release": release, "floor": floor}, repetitions)
    ratio = medians["release"] / medians["floor"]
    print(
        f"one round of '{large.program_name}' ({large.pairs} pairs): {invitations:,} "
        f"invitations, {responses:,} responses ({responses / invitations:.0%}), "
        f"{comments:,} with comments"
    )
    print(f"release_round           median {medians['release'] * 1000:8.1f} ms")
    print(f"bare driver read        median {medians['floor'] * 1000:8.1f} ms")
    print(
        f"ratio release / floor   {ratio:.2f}  (target <= {RATIO_TARGET:g})  "
        f"{verdict(ratio <= RATIO_TARGET)}"
    )
    print(f"responses per second    {responses / medians['release']:,.0f}")


async def measure_pass(db: Any, ordinary: list[Any], repetitions: int) -> None:
    rounds = await db.survey_rounds.find(
        {"program_id": {"$in": ordinary}, "released_at": None}
    ).to_list()
    round_ids = [r["_id"] for r in rounds]
    pending = {"status": RoundStatus.CLOSED.value, "released_at": None}
    assert await db.survey_rounds.count_documents(pending) == len(round_ids)
    invitations = await db.invitations.count_documents({"round_id": {"$in": round_ids}})
    responses = await db.responses.count_documents({"round_id": {"$in": round_ids}})
    progress(f"release_closed_rounds of {len(round_ids)} rounds, {repetitions} repetitions")
    refreshed: list[int] = []

    async def unrelease() -> None:
        await db.survey_rounds.update_many(
            {"_id": {"$in": round_ids}}, {"$set": {"released_at": None}}
        )

    async def release_pass() -> None:
        done = await release_closed_rounds(limit=len(round_ids))
        assert len(done.rounds) == len(round_ids) and not done.recognitions_failed, done
        refreshed.append(done.recognitions_refreshed)

    async def rounds_alone() -> None:
        for survey_round in rounds:
            await release_round(survey_round)

    async def floor() -> None:
        assert await bare_read(db, round_ids) == invitations + responses

    medians = await alternate(
        {"release": release_pass, "rounds": rounds_alone, "floor": floor},
        repetitions,
        before_each=unrelease,
    )
    print(
        f"{len(round_ids)} rounds of ordinary programs: {invitations:,} invitations, "
        f"{responses:,} responses; {refreshed[-1]:,} recognitions refreshed a pass"
    )
    print(f"release_closed_rounds   median {medians['release'] * 1000:8.1f} ms")
    print(
        f"  of which release_round median {medians['rounds'] * 1000:8.1f} ms "
        "(the same rounds one by one, recognitions not refreshed)"
    )
    print(f"bare driver read        median {medians['floor'] * 1000:8.1f} ms")
    print(f"ratio pass / floor      {medians['release'] / medians['floor']:.2f}")
    print(
        f"rounds per second       {len(round_ids) / medians['release']:,.1f}  "
        f"({responses / medians['release']:,.0f} responses per second)"
    )


async def main(scale: float, repetitions: int) -> None:
    rng = random.Random(20_261_124)
    with bench_processes(cache_size="1G") as bench:
        client = bench_client(bench.url)
        try:
            started = time.perf_counter()
            large, ordinary = await seed(client, rng, scale)
            db = client[DATABASE]
            people = await db.participants.count_documents({})
            programs = await db.programs.count_documents({})
            pairs = await db.pairs.count_documents({})
            stored = await db.responses.count_documents({})
            released = await db.round_results.count_documents({})
            progress(
                f"seeded {stored:,} responses, released {released:,} rounds "
                f"in {time.perf_counter() - started:.0f} s"
            )
            print(
                f"company at scale {scale:g}: {people:,} people, {programs} programs, "
                f"{pairs:,} pairs, {stored:,} responses, {released:,} rounds released before"
            )
            await measure_large_round(db, large, repetitions)
            await measure_pass(db, ordinary, repetitions)
            # The embedded server's data goes with it; dropping a company takes minutes.
            if not bench.embedded:
                await client.drop_database(DATABASE)
        finally:
            await client.close()


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale",
        type=float,
        default=COMPANY_SCALE,
        help="the company's size (1: 300 programs, 3,000 pairs); the large program keeps "
        "its 1,000 pairs",
    )
    parser.add_argument("--repetitions", type=int, default=7, help="timed runs of each")
    return parser.parse_args()


if __name__ == "__main__":
    options = arguments()
    asyncio.run(main(options.scale, options.repetitions))
