"""What the policy reads that compute over a program's records on each request cost in a
company's database, beside the bare driver reading the same documents in the same run.

Seeds a company (`bench/policy_bench/`: 5,000 people, 300 programs of which 40 are
apprenticeship cohorts and 10 talent reserves, about 3,000 pairs with their enrollments,
goals, check-ins and recognition standings). The largest talent reserve has 300 members
admitted last year, each with a tutor, goals, about 20 development activities a year, a
progress report and a tutor's assessment every quarter; the apprenticeships' probations run
over the last two years (exams, recommendations, extensions), most settled on time.

The reads, through the GraphQL app in process over HTTP, as HR:
1. `Program.yearEndEvaluation(year: last year)` of the largest talent reserve (its standings,
   100 a page, with evidence, and the selection);
2. `Program.talentReserveDue(quarter: the last closed quarter)` of the same reserve (100 a
   page, with each member's tutor);
3. `outstandingCandidates(year: last year)` across every apprenticeship program (100 a page,
   with the mentor and their standings).

Each beside its floor (`bench/policy_bench/floors.py`): the documents its answer rests on,
read in plain `find()` calls with flat filters an index serves. Prints for each read the
database commands it sends and its floor's, the median of `--repetitions` runs of each
(alternating, after a warm-up) and their ratio, and the same with 10 requests at once beside
10 floors at once (the throughput ratio: floor batch time / read batch time). No target fails
the script: it stops only on a clearly wrong answer (an error or an empty list).

Run: `.venv/bin/python bench/policy_reads.py` (embedded server, or MENTORSHIP_MONGODB_URL).
`--scale 0.2` seeds a fifth of the company (fewer programs of each kind; the largest reserve
keeps its 300 members) for a quicker run; `--show-commands` prints each command a read sends.
"""

import argparse
import asyncio
import random
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.policy_bench.commands import CommandLog, SentCommand, commands_of, summary
from bench.policy_bench.company import PolicyWorld, seed_policy_world
from bench.policy_bench.floors import candidates_floor, due_floor, year_end_floor
from bench.survey_bench.company import COMPANY_SCALE
from bench.survey_bench.figures import alternate
from bench.survey_bench.services import bench_client, bench_processes, progress
from services.graphql_api.app import create_app
from services.graphql_api.core.ids import to_global_id
from services.graphql_api.settings import GraphQLSettings
from shared.enums import ViewerRole
from shared.tokens import issue_development_token

DATABASE = "bench_policy_reads"
CONCURRENCY = 10
YEAR_END = """query($id: ID!, $year: Int) { program(id: $id) { yearEndEvaluation(year: $year) {
  year
  standings(first: 100) { totalCount edges { node {
    name rank score selected
    parts { component value }
    evidence { assessments meanAssessment reportsOnTime reportsOwed minimumsMet
      minimumsCounted goalsAchieved goalsCounted }
  } } }
  selection { current { note } }
} } }"""
DUE = """query($id: ID!, $quarter: String) { program(id: $id) {
  talentReserveDue(quarter: $quarter, first: 100) { totalCount edges { node {
    name reportMissing assessmentMissing tutor { name } behind { kind period done required }
  } } }
} }"""
CANDIDATES = """query($year: String!) { outstandingCandidates(year: $year, first: 100) {
  totalCount edges { node {
    rank mentor { name } apprenticesPassedOnTime apprenticesExtended apprenticesNotPassed
    recognitionScore recognitions { period score }
  } }
} }"""


@dataclass
class Read:
    """A GraphQL read, how to tell its answer is sound, and its floor."""

    name: str
    query: str
    variables: dict[str, Any]
    path: tuple[str, ...]  # to the connection in `data`
    expected: Callable[[int], bool]  # of its totalCount
    floor: Callable[[], Awaitable[int]]


@dataclass
class Measured:
    read: Read
    commands: list[SentCommand]
    floor_commands: list[SentCommand]
    median: float = 0.0
    floor_median: float = 0.0
    batch: float = 0.0
    floor_batch: float = 0.0


def policy_reads(db: Any, world: PolicyWorld) -> list[Read]:
    reserve_id = world.reserve.program.id
    assert reserve_id is not None
    program = to_global_id("Program", reserve_id)
    year, quarter = world.anchors.year, world.anchors.quarter
    members = world.reserve.members
    return [
        Read(
            f"yearEndEvaluation({year})",
            YEAR_END,
            {"id": program, "year": year},
            ("program", "yearEndEvaluation", "standings"),
            lambda total: total == members,
            lambda: year_end_floor(db, reserve_id, year),
        ),
        Read(
            f"talentReserveDue({quarter})",
            DUE,
            {"id": program, "quarter": quarter},
            ("program", "talentReserveDue"),
            lambda total: 0 < total <= members,
            lambda: due_floor(db, reserve_id, quarter),
        ),
        Read(
            f"outstandingCandidates({year})",
            CANDIDATES,
            {"year": str(year)},
            ("outstandingCandidates",),
            lambda total: total > 0,
            lambda: candidates_floor(db, str(year)),
        ),
    ]


async def ask(http: httpx.AsyncClient, read: Read) -> int:
    """The read through the app; its totalCount, once the answer is found sound."""
    response = await http.post("/graphql", json={"query": read.query, "variables": read.variables})
    body = response.json()
    assert response.status_code == 200 and not body.get("errors"), (read.name, body)
    found: Any = body["data"]
    for key in read.path:
        found = found[key]
    total = int(found["totalCount"])
    assert read.expected(total) and found["edges"], (read.name, total)
    return total


async def measure(
    http: httpx.AsyncClient, log: CommandLog, read: Read, repetitions: int, rounds: int
) -> Measured:
    total = await ask(http, read)
    assert await read.floor() > 0, read.name
    measured = Measured(
        read,
        await commands_of(log, lambda: ask(http, read)),
        await commands_of(log, read.floor),
    )
    progress(f"{read.name}: {total} in the answer, {repetitions} runs and {rounds} batches")
    single = await alternate({"read": lambda: ask(http, read), "floor": read.floor}, repetitions)
    measured.median, measured.floor_median = single["read"], single["floor"]

    async def read_batch() -> None:
        await asyncio.gather(*(ask(http, read) for _ in range(CONCURRENCY)))

    async def floor_batch() -> None:
        await asyncio.gather(*(read.floor() for _ in range(CONCURRENCY)))

    together = await alternate({"read": read_batch, "floor": floor_batch}, rounds)
    measured.batch, measured.floor_batch = together["read"], together["floor"]
    return measured


def print_table(results: list[Measured]) -> None:
    print(
        f"{'read (as HR)':<32}{'commands':>10}{'median ms':>11}{'floor ms':>10}{'ratio':>7}"
        f"{'x10 req/s':>11}{'floor':>8}{'ratio':>7}"
    )
    for m in results:
        print(
            f"{m.read.name:<32}{len(m.commands):>6}/{len(m.floor_commands):<3}"
            f"{m.median * 1000:>11.1f}{m.floor_median * 1000:>10.1f}"
            f"{m.median / m.floor_median:>7.2f}{CONCURRENCY / m.batch:>11.1f}"
            f"{CONCURRENCY / m.floor_batch:>8.1f}{m.floor_batch / m.batch:>7.2f}"
        )
    print("commands: the read's / its floor's; x10: 10 at once, throughput ratio read / floor")
    for m in results:
        print(f"  {m.read.name}: {summary(m.commands)}")
        print(f"  {'floor':>{len(m.read.name)}}: {summary(m.floor_commands)}")


def print_commands(results: list[Measured]) -> None:
    for m in results:
        print(f"commands of {m.read.name}:")
        for command in m.commands:
            print(f"  {command.shown()}")
        print("commands of its floor:")
        for command in m.floor_commands:
            print(f"  {command.shown()}")


async def main(options: argparse.Namespace) -> None:
    rng = random.Random(20_261_122)
    log = CommandLog()
    with bench_processes(cache_size="1G") as bench:
        client = bench_client(bench.url, listeners=[log])
        try:
            started = time.perf_counter()
            today = datetime.now(UTC).date()
            world = await seed_policy_world(
                client, DATABASE, rng=rng, scale=options.scale, today=today
            )
            progress(f"seeded in {time.perf_counter() - started:.0f} s")
            documents = ", ".join(f"{n:,} {name}" for name, n in sorted(world.documents.items()))
            print(f"company at scale {options.scale:g}: {documents}")
            print(
                f"largest talent reserve: {world.reserve.members} members; "
                f"{world.apprenticeships} apprenticeship programs"
            )
            settings = GraphQLSettings(env="development", mongodb_url=bench.url, database=DATABASE)
            token = issue_development_token(
                settings, participant_id=world.hr_id, roles=frozenset({ViewerRole.HR})
            )
            app = create_app(settings, mongo_client=client)
            async with (
                LifespanManager(app) as manager,
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=manager.app),
                    base_url="http://bench",
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=300,
                ) as http,
            ):
                results = [
                    await measure(http, log, read, options.repetitions, options.rounds)
                    for read in policy_reads(client[DATABASE], world)
                ]
            print_table(results)
            if options.show_commands:
                print_commands(results)
            # The embedded server's data goes with it; dropping a company takes a while.
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
        help="the company's size (1: 300 programs, 3,000 pairs); the largest talent reserve "
        "keeps its 300 members",
    )
    parser.add_argument("--repetitions", type=int, default=7, help="timed runs of each read")
    parser.add_argument("--rounds", type=int, default=3, help="timed batches of 10 at once")
    parser.add_argument(
        "--show-commands", action="store_true", help="print each command every read sends"
    )
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(arguments()))
