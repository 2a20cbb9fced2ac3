"""What a program's satisfaction figures cost in a company's database with two years of
history, beside the driver alone reading the same documents, one request at a time and 20 at
once.

Seeds a company (`bench/survey_bench/company.py`: 5,000 people, 300 programs, 3,000 ACTIVE
pairs) with a closed check-in round a month for two years in every ACTIVE program, 75% of
the links answered, and every round released by the survey service's own
`release_closed_rounds()` (see `bench/survey_bench/history.py`); then this month's round,
opened 3 days ago and still open in every ACTIVE program, 40% of its links answered so far.

The query is a manager's dashboard: `program { satisfaction satisfactionTrend(granularity:
MONTH) surveyRounds { invited submitted } insights { themes { theme } } }` (the last 12
months), through the GraphQL app, in process over HTTP. A released round's invitation counts
come from its `RoundResult`; only the open round's invitations are counted. The floor is a
bare-driver read of the same documents with the API's query shapes: the program, its rounds,
its released `RoundResult`s (with the projection the API uses), the invitation counts of its
unreleased rounds, its at-risk pairs and its goals by status.

1. In the largest program (300 pairs), the query and the floor one at a time, alternating.
   Prints the median of each and their ratio. Target: at most 1.5.
2. The query for 20 programs at once (the 20 largest: 2 of 300 pairs, 10 of 50, 8 of 20),
   beside 20 concurrent floor reads of the same programs, alternating. Prints the median
   time of a batch of 20, the throughput of each and their ratio. Target: the GraphQL
   throughput at least 1 / 1.5 of the floor's (the same bound as one at a time).

Before measuring, checks that the API's `surveyRounds` counts match the invitations stored.

Run: `.venv/bin/python bench/trend_scaling.py` (embedded server, or MENTORSHIP_MONGODB_URL).
BENCH_COMPANY_SCALE=0.1 seeds a company a tenth of the size for a quicker run.
"""

import asyncio
import random
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from bson import ObjectId

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.survey_bench.company import COMPANY_SCALE, seed_company_world
from bench.survey_bench.figures import alternate, verdict
from bench.survey_bench.history import seed_open_rounds, seed_survey_history
from bench.survey_bench.services import bench_client, bench_processes, progress
from bench.survey_bench.world import ProgramWorld
from services.graphql_api.app import create_app
from services.graphql_api.core.ids import parse_id_of, to_global_id
from services.graphql_api.settings import GraphQLSettings
from shared.enums import HealthStatus, ViewerRole
from shared.models import SurveyResponse
from shared.tokens import issue_development_token

MONTHS_AGO = range(24, 0, -1)  # a round a month for two years, the last one closed
ANSWERED, ANSWERED_SO_FAR = 0.75, 0.40
ROUNDS, RATIO_TARGET = 15, 1.5
CONCURRENT, CONCURRENT_ROUNDS = 20, 10
DATABASE = "bench_trend_scaling"
QUERY = """query($id: ID!) { program(id: $id) {
  satisfaction { availability responses averageScore nps responseRate roundsCovered { id } }
  satisfactionTrend(granularity: MONTH) { period availability responses averageScore nps }
  surveyRounds(first: 100) { edges { node { id status invited submitted } } }
  insights { themes { theme } }
} }"""
RESULT_PROJECTION = {"mentors": 0, "confidential_comments": 0}
AT_RISK = HealthStatus.AT_RISK.value


async def seed(client: Any, rng: random.Random) -> tuple[list[ProgramWorld], int]:
    """The company, its history and this month's open rounds; returns the ACTIVE programs
    (largest first) and the number of responses stored."""
    programs, _ = await seed_company_world(client, DATABASE, rng=rng, scale=COMPANY_SCALE)
    invitations = 2 * sum(world.pairs for world in programs) * len(MONTHS_AGO)
    await seed_survey_history(
        programs, responses=round(ANSWERED * invitations), rng=rng, months_ago=MONTHS_AGO
    )
    await seed_open_rounds(programs, answered=ANSWERED_SO_FAR, rng=rng)
    return programs, await SurveyResponse.count()


async def aggregated(collection: Any, pipeline: list[dict[str, Any]]) -> list[Any]:
    cursor = await collection.aggregate(pipeline)
    return await cursor.to_list()


async def raw_read(db: Any, program_id: ObjectId) -> int:
    """The documents the query reads, with the driver alone and the API's query shapes: the
    invitations of released rounds are not read (their result holds their counts)."""
    program = await db.programs.find_one({"_id": program_id})
    rounds = await db.survey_rounds.find({"program_id": {"$in": [program_id]}}).to_list()
    results = await db.round_results.find(
        {"program_id": {"$in": [program_id]}}, RESULT_PROJECTION
    ).to_list()
    released = {result["_id"] for result in results}
    unreleased = [r["_id"] for r in rounds if r["_id"] not in released]
    group = {"_id": {"r": "$round_id", "role": "$role", "s": "$state"}, "n": {"$sum": 1}}
    counts, at_risk, goals = await asyncio.gather(
        aggregated(
            db.invitations, [{"$match": {"round_id": {"$in": unreleased}}}, {"$group": group}]
        ),
        aggregated(
            db.pair_health,
            [
                {"$match": {"program_id": {"$in": [program_id]}, "status": AT_RISK}},
                {"$group": {"_id": "$program_id", "n": {"$sum": 1}}},
            ],
        ),
        aggregated(
            db.goals,
            [
                {"$match": {"program_id": {"$in": [program_id]}}},
                {"$group": {"_id": {"p": "$program_id", "s": "$status"}, "n": {"$sum": 1}}},
            ],
        ),
    )
    assert program is not None and results and counts and goals
    return len(rounds) + len(results) + len(counts) + len(at_risk) + len(goals)


async def check_counts(db: Any, program: dict[str, Any]) -> None:
    """The API's `surveyRounds` counts (from released results, or counted for the open round)
    are the invitations and responses the database holds."""
    for edge in program["surveyRounds"]["edges"]:
        shown = edge["node"]
        round_id = parse_id_of(shown["id"], "SurveyRound")
        live = {"round_id": round_id, "state": {"$ne": "REVOKED"}}
        invited = await db.invitations.count_documents(live)
        submitted = await db.responses.count_documents({"round_id": round_id})
        assert (shown["invited"], shown["submitted"]) == (invited, submitted), (shown, invited)


def print_ratio(label: str, ratio: float, target: str, passed: bool) -> None:
    print(f"{label:<24} {ratio:.2f}  (target {target})  {verdict(passed)}")


async def measure(http: httpx.AsyncClient, db: Any, programs: list[ProgramWorld]) -> None:
    """One request at a time in the largest program, then 20 at once in 20 programs."""

    async def graphql(world: ProgramWorld) -> dict[str, Any]:
        variables = {"id": to_global_id("Program", world.program_id)}
        response = await http.post("/graphql", json={"query": QUERY, "variables": variables})
        body = response.json()
        assert "errors" not in body, body["errors"]
        found: dict[str, Any] = body["data"]["program"]
        assert len(found["satisfactionTrend"]) == 12, body
        assert len(found["surveyRounds"]["edges"]) == len(MONTHS_AGO) + 1, body
        return found

    largest, batch = programs[0], programs[:CONCURRENT]
    found = await graphql(largest)
    assert found["satisfaction"]["responses"] and found["insights"]["themes"], found
    await check_counts(db, found)
    single = await alternate(
        {"graphql": lambda: graphql(largest), "raw": lambda: raw_read(db, largest.program_id)},
        ROUNDS,
    )
    print(f"measured in '{largest.program_name}' ({largest.pairs} pairs), last 12 months")
    print(f"graphql over HTTP app   median {single['graphql'] * 1000:8.1f} ms ({ROUNDS} rounds)")
    print(f"raw driver read         median {single['raw'] * 1000:8.1f} ms ({ROUNDS} rounds)")
    ratio = single["graphql"] / single["raw"]
    print_ratio("ratio graphql / raw", ratio, f"<= {RATIO_TARGET}", ratio <= RATIO_TARGET)

    async def graphql_batch() -> None:
        await asyncio.gather(*(graphql(world) for world in batch))

    async def raw_batch() -> None:
        await asyncio.gather(*(raw_read(db, world.program_id) for world in batch))

    together = await alternate({"graphql": graphql_batch, "raw": raw_batch}, CONCURRENT_ROUNDS)
    sizes = sorted({world.pairs for world in batch})
    print(
        f"{len(batch)} concurrent requests, one per program "
        f"({', '.join(str(n) for n in sizes)} pairs), {CONCURRENT_ROUNDS} rounds"
    )
    for name, label in (("graphql", "graphql over HTTP app"), ("raw", "raw driver reads")):
        print(
            f"{label:<24}median {together[name] * 1000:8.1f} ms a batch, "
            f"{len(batch) / together[name]:6.1f} requests/s"
        )
    throughput = together["raw"] / together["graphql"]
    floor = 1 / RATIO_TARGET
    print_ratio("throughput graphql / raw", throughput, f">= {floor:.2f}", throughput >= floor)


async def main() -> None:
    rng = random.Random(20_261_123)
    with bench_processes(cache_size="1G") as bench:
        client = bench_client(bench.url)
        try:
            started = time.perf_counter()
            programs, stored = await seed(client, rng)
            db = client[DATABASE]
            released = await db.round_results.count_documents({})
            progress(
                f"seeded {stored:,} responses, released {released:,} rounds "
                f"in {time.perf_counter() - started:.0f} s"
            )
            program = await db.programs.find_one({"_id": programs[0].program_id})
            assert program is not None
            settings = GraphQLSettings(env="development", mongodb_url=bench.url, database=DATABASE)
            token = issue_development_token(
                settings,
                participant_id=program["manager_ids"][0],
                roles=frozenset({ViewerRole.ADMIN}),
            )
            print(
                f"company at scale {COMPANY_SCALE:g}: {released:,} released rounds, "
                f"{len(programs)} open rounds, {stored:,} responses"
            )
            async with LifespanManager(create_app(settings)) as manager:
                transport = httpx.ASGITransport(app=manager.app)
                async with httpx.AsyncClient(
                    transport=transport,
                    base_url="http://bench",
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=300,
                ) as http:
                    await measure(http, db, programs)
            # The embedded server's data goes with it; dropping a company takes minutes.
            if not bench.embedded:
                await client.drop_database(DATABASE)
        finally:
            await client.close()


if __name__ == "__main__":
    asyncio.run(main())
