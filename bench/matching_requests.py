"""Mutual choice under load: a program's mentees all ask for a mentor within minutes of an
e-mail, then the mentors accept, beside the bare driver writing as many documents at the
same concurrency in the same run.

Seeds a company (`bench/survey_bench/company.py`: 5,000 people, 300 programs, 3,000 ACTIVE
pairs) and adds one ACTIVE onboarding program (`bench/matching_bench/program.py`) with 300
approved mentors (capacities 1 to 5, no open pair) and 500 approved mentees, taken from the
employees who take part in nothing, then new hires. Each mentee asks one mentor chosen by
popularity, so the most wanted mentors are asked more often than they have places; 5% of
them send a second request to another mentor at the same moment.

Through the GraphQL app in process over HTTP, each request with its sender's development
token, 25 at once:
1. `mentorshipRequest {programId, mentorId, message}` for every request;
2. `pairAccept {id}` by the mentor for every request created, in random order.
Beside each, the floor (`bench/matching_bench/floor.py`): the bare driver inserting as many
request-shaped pair documents (then updating as many of them as an acceptance does) into a
collection with the pairs' indexes, 25 at once, run before and after the mutations.

Prints each run's throughput and p50/p95 latency, the throughput ratio (mutations per second
/ floor writes per second, the floor the mean of its two runs), what the mutations returned
(created, each user error's code, any 5xx, GraphQL error or request left unanswered), the
database commands they sent, then checks: no mentor holds more open pairs than their
capacity, no mentee has two open requests or pairs in the program, every mentor's
`open_mentor_pairs` equals their open pairs, the stored requests are the ones the API
created, every accepted one is ACTIVE, and no request met a bug. Exit code 1 when a check
fails; no target on the ratio.

Run: `.venv/bin/python bench/matching_requests.py` (embedded server, or
MENTORSHIP_MONGODB_URL). `--scale 0.1` for a company, mentors and mentees a tenth the size.
"""

import argparse
import asyncio
import random
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from beanie import PydanticObjectId

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.matching_bench.checks import run_checks
from bench.matching_bench.commands import CommandProfile
from bench.matching_bench.floor import floor_inserts, floor_updates, fresh_collection, request_shape
from bench.matching_bench.load import DONE, Outcome, Run, at_concurrency, mutate
from bench.matching_bench.program import ChoiceProgram, seed_choice_program
from bench.matching_bench.report import (
    Burst,
    bug_check,
    print_bursts,
    print_checks,
    print_outcomes,
    print_world,
)
from bench.policy_bench.commands import SentCommand
from bench.survey_bench.company import COMPANY_SCALE, seed_company_world
from bench.survey_bench.services import bench_client, bench_processes, progress
from services.graphql_api.app import create_app
from services.graphql_api.core.ids import to_global_id
from services.graphql_api.settings import GraphQLSettings
from shared.tokens import issue_development_token

DATABASE = "bench_matching_requests"
MENTEES, MENTORS, CONCURRENCY = 500, 300, 25
MESSAGE = "I read your profile: could you mentor me this year?"
REQUEST = """mutation($input: MentorshipRequestInput!) { mentorshipRequest(input: $input) {
  pair { id status } userErrors { code field message } } }"""
ACCEPT = """mutation($input: PairAcceptInput!) { pairAccept(input: $input) {
  pair { id status startsOn } userErrors { code field message } } }"""
Call = Callable[[], Awaitable[Outcome]]


class Sender:
    """Mutations through the app, each with its sender's development token."""

    def __init__(self, http: httpx.AsyncClient, settings: GraphQLSettings) -> None:
        self.http, self.settings = http, settings
        self.tokens: dict[PydanticObjectId, str] = {}

    def call(self, who: PydanticObjectId, mutation: str, document: str, **input: Any) -> Call:
        if who not in self.tokens:
            self.tokens[who] = issue_development_token(self.settings, participant_id=who)
        token = self.tokens[who]
        return lambda: mutate(
            self.http, token, mutation=mutation, document=document, input=input, noun="pair"
        )


class Measurement:
    """Each burst of mutations between two runs of its floor, its commands recorded."""

    def __init__(self, db: Any, profile: CommandProfile, concurrency: int) -> None:
        self.db, self.profile, self.concurrency = db, profile, concurrency
        self.sent: list[SentCommand] = []
        self.refused: Counter[str] = Counter()

    async def burst(self, name: str, calls: list[Call]) -> Run:
        progress(f"{name}: {len(calls)} at concurrency {self.concurrency}")
        self.profile.start()
        try:
            return await at_concurrency(name, calls, self.concurrency)
        finally:
            self.sent, self.refused = self.profile.stop()

    def recorded(self, run: Run, floors: tuple[Run, Run]) -> Burst:
        return Burst(run, floors, self.sent, self.refused)

    async def measure(
        self, sender: Sender, world: ChoiceProgram, rng: random.Random
    ) -> tuple[Burst, Burst]:
        """The requests, then the mentors' acceptances of those created, in random order."""
        program = to_global_id("Program", world.program_id)
        asks = [
            sender.call(
                ask.mentee_id,
                "mentorshipRequest",
                REQUEST,
                programId=program,
                mentorId=to_global_id("Participant", ask.mentor_id),
                message=MESSAGE,
            )
            for ask in world.asks
        ]
        shape = await request_shape(world)
        before, after = [await fresh_collection(self.db, f"floor_pairs_{n}") for n in (1, 2)]
        count, concurrency = len(asks), self.concurrency
        progress(f"floor: {count} inserts, then again after the requests")
        first, first_ids = await floor_inserts(before, shape, count, concurrency, name="insert_one")
        requests = await self.burst("mentorshipRequest", asks)
        second, second_ids = await floor_inserts(
            after, shape, count, concurrency, name="insert_one"
        )
        requested = self.recorded(requests, (first, second))
        created = [
            (ask.mentor_id, outcome.node["id"])
            for ask, outcome in zip(world.asks, requests.outcomes, strict=True)
            if outcome.result == DONE and outcome.node
        ]
        rng.shuffle(created)
        accepts = [sender.call(mentor, "pairAccept", ACCEPT, id=pair) for mentor, pair in created]
        progress(f"floor: {len(accepts)} updates, then again after the acceptances")
        first = await floor_updates(
            before, first_ids[: len(accepts)], concurrency, name="update_one"
        )
        acceptances = await self.burst("pairAccept", accepts)
        second = await floor_updates(
            after, second_ids[: len(accepts)], concurrency, name="update_one"
        )
        for collection in (before, after):
            await collection.drop()
        return requested, self.recorded(acceptances, (first, second))


def scaled(count: int, scale: float) -> int:
    return max(2, round(count * scale))


async def main(options: argparse.Namespace) -> int:
    rng = random.Random(20_261_205)
    profile = CommandProfile()
    with bench_processes(cache_size="1G") as processes:
        client = bench_client(processes.url, listeners=[profile])
        try:
            started = time.perf_counter()
            await seed_company_world(client, DATABASE, rng=rng, scale=options.scale)
            db = client[DATABASE]
            company = [
                f"{await db[name].count_documents({}):,} {name}"
                for name in ("participants", "programs", "pairs")
            ]
            world = await seed_choice_program(
                client,
                DATABASE,
                rng=rng,
                mentees=scaled(MENTEES, options.scale),
                mentors=scaled(MENTORS, options.scale),
            )
            progress(f"seeded in {time.perf_counter() - started:.0f} s")
            print_world(options.scale, company, world)
            settings = GraphQLSettings(
                env="development", mongodb_url=processes.url, database=DATABASE
            )
            app = create_app(settings, mongo_client=client)
            async with (
                LifespanManager(app) as manager,
                httpx.AsyncClient(
                    # A crash in the app is answered 500, as a server would, and counted.
                    transport=httpx.ASGITransport(app=manager.app, raise_app_exceptions=False),
                    base_url="http://bench",
                    timeout=300,
                ) as http,
            ):
                measurement = Measurement(db, profile, options.concurrency)
                requests, accepts = await measurement.measure(Sender(http, settings), world, rng)
            print_bursts([requests, accepts], options.concurrency)
            print_outcomes(requests, accepts, world)
            checks = await run_checks(
                db, world, requested=requests.run.done(), accepted=accepts.run.done()
            )
            checks.append(bug_check([requests.run, accepts.run]))
            print_checks(checks)
            # The embedded server's data goes with it; dropping a company takes a while.
            if not processes.embedded:
                await client.drop_database(DATABASE)
            return 0 if all(check.passed for check in checks) else 1
        finally:
            await client.close()


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale",
        type=float,
        default=COMPANY_SCALE,
        help="the company's, the mentors' and the mentees' numbers (1: 300 programs, 300 "
        "mentors, 500 mentees)",
    )
    parser.add_argument(
        "--concurrency", type=int, default=CONCURRENCY, help="mutations under way at once"
    )
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(asyncio.run(main(arguments())))
