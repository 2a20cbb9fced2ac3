"""Can the survey service take a round's submissions arriving all at once? A 500-pair program,
1,000 links submitted at concurrency 50 plus 200 retries of used links, beside a bare FastAPI
endpoint doing one insert_one on the same server.

Seeds one ACTIVE program (500 pairs, 1,000 participants and their manager, APPROVED
enrollments, two goals and a recent check-in per pair), starts the survey service as in
production (`python -m uvicorn --factory services.surveys.app:create_app`, background work on)
with one change: MENTORSHIP_SURVEY_RATE_LIMIT=1000000/minute (and the same per link), because
the defaults (300 requests a minute per address, 20 per link) would refuse a load test that
comes from one address. It waits until the service is idle after start-up (its daily
pair-health pass), launches a round through `POST /api/v1/rounds`, and submits every link once
through `POST /api/v1/invitations/{token}/response` with realistic answers, 50 requests in flight;
after the first 300, 200 retries of links already answered (expected: 409) are mixed in at
random. The baseline is `bench/survey_bench/bare_insert_app.py` under the same uvicorn command
line: 1,200 requests with the same kind of JSON body at the same concurrency, run before and
after the burst (their mean throughput is the baseline, to be fair on a noisy machine).

Targets: 1,000 responses stored, no 5xx and no request left unanswered within 120 s; survey
throughput / bare throughput >= 0.3. The exit code is 0
whatever the figures, 1 when the setup fails. Service logs are kept when they report
exceptions (a request the client gave up on can still fail on the server), and their place
is printed.

Run: `.venv/bin/python bench/submission_burst.py` (embedded server, or MENTORSHIP_MONGODB_URL).
Smaller or larger runs: BENCH_PAIRS, BENCH_CONCURRENCY, BENCH_RETRIES.
"""

import asyncio
import os
import random
import sys
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from functools import partial
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.survey_bench.answers import answers_for, response_body
from bench.survey_bench.burst_report import Outcome, print_report
from bench.survey_bench.services import (
    BARE_APP,
    SURVEY_APP,
    AppProcess,
    Bench,
    SetupError,
    SurveyLink,
    bench_client,
    bench_processes,
    launch_round,
    progress,
    wait_ready,
)
from bench.survey_bench.world import seed_program_world
from shared.enums import Role

PAIRS = int(os.environ.get("BENCH_PAIRS", "500"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "50"))
RETRIES = int(os.environ.get("BENCH_RETRIES", "200"))
RETRIES_AFTER = 300  # retries are mixed in after this many first submissions (or a third)
DATABASE = "bench_submission_burst"
REQUEST_TIMEOUT = 120.0

Send = Callable[[], Coroutine[Any, Any, Outcome]]
Runs = dict[str, tuple[list[Outcome], float]]


async def send(http: httpx.AsyncClient, url: str, body: dict[str, Any], kind: str) -> Outcome:
    """One POST; a transport error or timeout is an outcome without a status."""
    started = time.perf_counter()
    try:
        response = await http.post(url, json=body)
        status, error = response.status_code, ""
    except httpx.HTTPError as problem:
        status, error = None, type(problem).__name__
    finished = time.perf_counter()
    return Outcome(kind, status, finished - started, finished, error)


async def run_stream(
    sends: AsyncIterator[Send], concurrency: int, *, report_every: int = 0
) -> tuple[list[Outcome], float]:
    """Every request of `sends`, in order, with at most `concurrency` in flight; returns the
    outcomes and the wall time from the first request to the last answer. With
    `report_every`, says how far it got every that many answers."""
    slots = asyncio.Semaphore(concurrency)
    tasks: list[asyncio.Task[Outcome]] = []
    started, answers = time.perf_counter(), 0

    def answered(_: object) -> None:
        nonlocal answers
        slots.release()
        answers += 1
        if report_every and answers % report_every == 0:
            progress(f"{answers} answered after {time.perf_counter() - started:.0f} s")

    async for request in sends:
        await slots.acquire()
        task = asyncio.create_task(request())
        tasks.append(task)
        task.add_done_callback(answered)
    outcomes = await asyncio.gather(*tasks)
    return outcomes, time.perf_counter() - started


class SubmissionStream:
    """The burst: each link once, in random order, with retries of links whose first
    submission has completed mixed in at random after the first few hundred."""

    def __init__(
        self, http: httpx.AsyncClient, app: AppProcess, links: list[SurveyLink], rng: random.Random
    ) -> None:
        self.http, self.app, self.rng = http, app, rng
        self.links = rng.sample(links, len(links))
        self.bodies = {link.token: response_body(answers_for(link.role, rng)) for link in links}
        head = min(RETRIES_AFTER, len(links) // 3)
        # Each link is retried at most once, so there cannot be more retries than links.
        tail = ["first"] * (len(links) - head) + ["retry"] * min(RETRIES, len(links))
        rng.shuffle(tail)
        self.plan = ["first"] * head + tail
        self.answered: list[str] = []  # completed first submissions not retried yet
        self.changed = asyncio.Event()

    async def _submit(self, token: str, kind: str) -> Outcome:
        url = f"{self.app.base_url}/api/v1/invitations/{token}/response"
        outcome = await send(self.http, url, self.bodies[token], kind)
        if kind == "first":
            self.answered.append(token)
            self.changed.set()
        return outcome

    async def _answered_token(self) -> str:
        while not self.answered:
            self.changed.clear()
            await self.changed.wait()
        return self.answered.pop(self.rng.randrange(len(self.answered)))

    async def __aiter__(self) -> AsyncIterator[Send]:
        firsts = iter(self.links)
        for kind in self.plan:
            token = next(firsts).token if kind == "first" else await self._answered_token()
            yield partial(self._submit, token, kind)


async def bare_stream(
    http: httpx.AsyncClient, app: AppProcess, count: int, rng: random.Random
) -> AsyncIterator[Send]:
    """`count` inserts with bodies like the survey answers."""
    for number in range(count):
        body = response_body(answers_for(rng.choice((Role.MENTOR, Role.MENTEE)), rng))
        yield partial(send, http, f"{app.base_url}/items/bare-{number}", body, "bare")


async def start_services(bench: Bench, client: Any) -> tuple[AppProcess, AppProcess]:
    """The survey service and the bare app, ready and done with their start-up work."""
    survey = bench.start_app("surveys", SURVEY_APP, DATABASE)
    bare = bench.start_app("bare", BARE_APP, DATABASE)
    for app in (survey, bare):
        wait_ready(app)
    start_up = await bench.wait_quiet(client)
    if start_up is None:
        raise SetupError("the services stayed busy after start")
    progress(f"services ready; their start-up work took {start_up:.1f} s")
    return survey, bare


async def measure(
    http: httpx.AsyncClient,
    *,
    bench: Bench,
    client: Any,
    links: list[SurveyLink],
    rng: random.Random,
) -> Runs:
    """Bare inserts, the survey burst, bare inserts again once everything is quiet."""
    survey, bare = bench.apps
    requests = len(links) + RETRIES
    runs: Runs = {}
    progress(f"bare inserts: {requests} requests")
    runs["bare insert, before"] = await run_stream(
        bare_stream(http, bare, requests, rng), CONCURRENCY
    )
    progress(f"survey burst: {len(links)} submissions and {RETRIES} retries")
    runs["survey submissions"] = await run_stream(
        aiter(SubmissionStream(http, survey, links, rng)), CONCURRENCY, report_every=200
    )
    if await bench.wait_quiet(client) is None:
        progress("the services are still busy; running the second bare pass anyway")
    progress("bare inserts again")
    runs["bare insert, after"] = await run_stream(
        bare_stream(http, bare, requests, rng), CONCURRENCY
    )
    return runs


async def main() -> int:
    rng = random.Random(20_261_121)
    clock = time.perf_counter()
    with bench_processes() as bench:
        client = bench_client(bench.url)
        try:
            progress(f"seeding a {PAIRS}-pair program")
            world = await seed_program_world(client, DATABASE, pairs=PAIRS, rng=rng)
            survey, _ = await start_services(bench, client)
            limits = httpx.Limits(
                max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY
            )
            async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT, limits=limits) as http:
                links = await launch_round(http, survey, str(world.program_id))
                if len(links) != 2 * PAIRS:
                    raise SetupError(f"the round has {len(links)} links, not {2 * PAIRS}")
                await bench.wait_quiet(client)
                runs = await measure(http, bench=bench, client=client, links=links, rng=rng)
            stored = await client[DATABASE].responses.count_documents({})
            print(
                f"world: {PAIRS} pairs, {len(links):,} links, {RETRIES} retries, "
                f"concurrency {CONCURRENCY}"
            )
            print_report(runs, stored=stored, links=len(links), retries=RETRIES)
            for line in bench.error_report():
                print(f"service log: {line}")
            await client.drop_database(DATABASE)
        finally:
            await client.close()
    print(f"total time {time.perf_counter() - clock:.0f} s")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(asyncio.run(main()))
    except SetupError as error:
        sys.exit(f"setup failed: {error}")
