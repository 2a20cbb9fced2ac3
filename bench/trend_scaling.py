"""What a program's satisfaction figures cost in a company's database with two years of
history, beside the driver alone reading the same documents.

Seeds a company (`bench/survey_bench/company.py`: 5,000 people, 300 programs, 3,000 ACTIVE
pairs) with a closed check-in round a month for two years in every ACTIVE program, 75% of
the links answered, and every round released by the survey service's own
`release_closed_rounds()` (see `bench/survey_bench/history.py`). Then, in the largest program,
times `program { satisfaction satisfactionTrend(granularity: MONTH) }` (the last 12 months)
through the GraphQL app, in process over HTTP, against a bare-driver read of the same
documents: the program, its rounds, its released `RoundResult`s (with the projection the API
uses) and the invitation counts of the rounds in the range, alternating the two. Prints the
median of each and their ratio. Target: the ratio is at most 1.5.

Run: `.venv/bin/python bench/trend_scaling.py` (embedded server, or MENTORSHIP_MONGODB_URL).
BENCH_COMPANY_SCALE=0.1 seeds a company a tenth of the size for a quicker run.
"""

import asyncio
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from bson import ObjectId

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.survey_bench.company import seed_company_world
from bench.survey_bench.history import seed_survey_history
from bench.survey_bench.services import bench_client, bench_processes, progress
from services.graphql_api.app import create_app
from services.graphql_api.core.ids import to_global_id
from services.graphql_api.settings import GraphQLSettings
from shared.enums import ViewerRole
from shared.tokens import issue_development_token

SCALE = float(os.environ.get("BENCH_COMPANY_SCALE", "1"))
MONTHS_AGO = range(24, 0, -1)  # a round a month for two years, the last one closed
ANSWERED = 0.75
ROUNDS, RATIO_TARGET = 15, 1.5
DATABASE = "bench_trend_scaling"
QUERY = """query($id: ID!) { program(id: $id) {
  satisfaction { availability responses averageScore nps responseRate roundsCovered { id } }
  satisfactionTrend(granularity: MONTH) { period availability responses averageScore nps }
} }"""


async def seed(client: Any, rng: random.Random) -> tuple[ObjectId, str, int]:
    """The company and its history; returns the largest program, its name and the number of
    responses stored."""
    programs, _ = await seed_company_world(client, DATABASE, rng=rng, scale=SCALE)
    invitations = 2 * sum(world.pairs for world in programs) * len(MONTHS_AGO)
    stored = await seed_survey_history(
        programs, responses=round(ANSWERED * invitations), rng=rng, months_ago=MONTHS_AGO
    )
    largest = programs[0]
    return largest.program_id, f"{largest.program_name} ({largest.pairs} pairs)", stored


def twelve_months_before(today: date) -> date:
    """Where the API's default range starts: the first of the month 11 months ago (it ends
    with this month, and no round opens later than today)."""
    year, month = today.year, today.month - 11
    if month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1)


async def raw_read(db: Any, program_id: ObjectId) -> int:
    """The documents the two fields read, with the driver alone and the API's query shapes."""
    program = await db.programs.find_one({"_id": program_id})
    rounds = await db.survey_rounds.find({"program_id": {"$in": [program_id]}}).to_list()
    results = await db.round_results.find(
        {"program_id": {"$in": [program_id]}}, {"mentors": 0, "confidential_comments": 0}
    ).to_list()
    start = twelve_months_before(datetime.now(UTC).date())
    in_range = [r["_id"] for r in rounds if start <= r["opens_at"].date()]
    cursor = await db.invitations.aggregate(
        [
            {"$match": {"round_id": {"$in": in_range}}},
            {
                "$group": {
                    "_id": {"r": "$round_id", "role": "$role", "s": "$state"},
                    "n": {"$sum": 1},
                }
            },
        ]
    )
    counts = await cursor.to_list()
    assert program is not None and results and counts
    return len(rounds) + len(results) + len(counts)


async def main() -> None:
    rng = random.Random(20_261_123)
    with bench_processes(cache_size="1G") as bench:
        client = bench_client(bench.url)
        try:
            started = time.perf_counter()
            program_id, program_name, stored = await seed(client, rng)
            db = client[DATABASE]
            released = await db.round_results.count_documents({})
            progress(
                f"seeded {stored:,} responses, released {released:,} rounds "
                f"in {time.perf_counter() - started:.0f} s"
            )
            program = await db.programs.find_one({"_id": program_id})
            assert program is not None
            settings = GraphQLSettings(mongodb_url=bench.url, database=DATABASE)
            token = issue_development_token(
                settings,
                participant_id=program["manager_ids"][0],
                roles=frozenset({ViewerRole.ADMIN}),
            )
            variables = {"id": to_global_id("Program", program_id)}
            async with LifespanManager(create_app(settings)) as manager:
                transport = httpx.ASGITransport(app=manager.app)
                async with httpx.AsyncClient(
                    transport=transport,
                    base_url="http://bench",
                    headers={"Authorization": f"Bearer {token}"},
                ) as http:

                    async def graphql() -> None:
                        response = await http.post(
                            "/graphql", json={"query": QUERY, "variables": variables}
                        )
                        body = response.json()
                        assert "errors" not in body, body["errors"]
                        found = body["data"]["program"]
                        assert found["satisfaction"]["responses"], body
                        assert len(found["satisfactionTrend"]) == 12, body

                    async def raw() -> None:
                        await raw_read(db, program_id)

                    timings: dict[str, list[float]] = {"graphql": [], "raw": []}
                    await graphql()
                    await raw()  # warm up both paths
                    for _ in range(ROUNDS):
                        for name, run in (("graphql", graphql), ("raw", raw)):
                            began = time.perf_counter()
                            await run()
                            timings[name].append(time.perf_counter() - began)
            graphql_median = statistics.median(timings["graphql"])
            raw_median = statistics.median(timings["raw"])
            print(f"company at scale {SCALE:g}: {released:,} released rounds, {stored:,} responses")
            print(f"measured in '{program_name}', last 12 months")
            print(
                f"graphql over HTTP app   median {graphql_median * 1000:8.1f} ms ({ROUNDS} rounds)"
            )
            print(f"raw driver read         median {raw_median * 1000:8.1f} ms ({ROUNDS} rounds)")
            ratio = graphql_median / raw_median
            print(f"ratio graphql / raw     {ratio:.2f}  (target <= {RATIO_TARGET})")
            await client.drop_database(DATABASE)
        finally:
            await client.close()


if __name__ == "__main__":
    asyncio.run(main())
