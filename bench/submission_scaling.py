"""Does one survey submission cost more in a bigger program or a bigger database? It should not.
Sequential time of one submission in a 50-pair and a 500-pair program and in a company-sized
database (5,000 people, 300 programs, 3,000 pairs, 18,000 responses): ratios to the 50-pair
case at most 1.2.

Seeds three databases on one server (see `bench/survey_bench/world.py` and `history.py`):
(a) one ACTIVE program with 50 pairs; (b) one with 500 pairs; (c) a company: 5,000 people,
300 programs (270 ACTIVE: 2 of 300 pairs, 10 of 50, 40 of 20, the rest of 5 or 6), 3,000
ACTIVE pairs, and a year of history: four closed quarterly rounds per program with 18,000
responses among their 24,000 invitations, released with the service's
`release_closed_rounds()`. Every pair has two goals and a recent check-in. In (c) the
submissions go to one of the 50-pair programs, so (c) differs from (a) by what else the
database holds, and (b) from (a) by the size of the program. The embedded server runs with a
2G cache rather than 512M, so that the three databases' working sets stay in memory.

Runs one survey service per database as in production (background work on; the rate limit
raised to 1000000/minute, as the default 60 a minute per address would refuse a benchmark),
waits until they and the database are quiet after start-up (each runs the daily pair-health
pass over its active pairs, which takes long on a company's database), launches a fresh round
in each measured program through `POST /api/v1/rounds`, then submits links one request at a
time through `POST /api/v1/invitations/{token}/response`, alternating a, b, c, a, b, c, ... so
noise hits all three alike: a few warm-up submissions each, then 80 measured each. Prints
the median and p90 of each case and the ratios of the medians b / a and c / a.
Targets: both ratios at most 1.2. The exit code is 0 whatever the figures, 1 when the setup
fails.

Run: `.venv/bin/python bench/submission_scaling.py` (embedded server, or
MENTORSHIP_MONGODB_URL). BENCH_SUBMISSIONS (at most 95) and BENCH_WARMUP change the counts;
BENCH_COMPANY_SCALE=0.3 seeds a company 0.3 times the size (fewer programs of each size, the
measured one still of 50 pairs) for a quicker run.
"""

import asyncio
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.survey_bench.answers import answers_for, response_body
from bench.survey_bench.company import COMPANY_SCALE, company_program_sizes, seed_company_world
from bench.survey_bench.figures import percentile, verdict
from bench.survey_bench.history import seed_survey_history
from bench.survey_bench.services import (
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
from bench.survey_bench.world import ProgramWorld, seed_program_world

SUBMISSIONS = int(os.environ.get("BENCH_SUBMISSIONS", "80"))
WARM_UP = int(os.environ.get("BENCH_WARMUP", "5"))
COMPANY_RESPONSES = round(18_000 * COMPANY_SCALE)
RATIO_TARGET = 1.2
# Three databases, one of a company's size: keep their working sets in the server's cache.
EMBEDDED_CACHE = "2G"


@dataclass
class Case:
    """One database, the program measured in it, and what was measured."""

    label: str
    description: str
    world: ProgramWorld
    app: AppProcess | None = None
    links: list[SurveyLink] = field(default_factory=list)
    timings: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


async def seed_cases(client: Any, rng: random.Random) -> list[Case]:
    """The three databases; prints how long each took to seed."""
    cases = []
    for label, pairs in (("a", 50), ("b", 500)):
        started = time.perf_counter()
        world = await seed_program_world(client, f"bench_scaling_{pairs}", pairs=pairs, rng=rng)
        progress(f"seeded ({label}) in {time.perf_counter() - started:.1f} s")
        cases.append(Case(label, f"one program, {pairs} pairs", world))
    started = time.perf_counter()
    programs, measured = await seed_company_world(
        client, "bench_scaling_company", rng=rng, scale=COMPANY_SCALE
    )
    counted = await seed_survey_history(programs, responses=COMPANY_RESPONSES, rng=rng)
    progress(f"seeded (c) with {counted:,} responses in {time.perf_counter() - started:.1f} s")
    sizes = company_program_sizes(COMPANY_SCALE)
    company = client[measured.database]
    people = await company.participants.count_documents({})
    all_programs = await company.programs.count_documents({})
    description = (
        f"company, {people:,} people, {len(programs)} of {all_programs} programs active "
        f"({min(sizes)}-{max(sizes)} pairs), {sum(sizes):,} pairs, {counted:,} responses; "
        f"measured in '{measured.program_name}' ({measured.pairs} pairs)"
    )
    cases.append(Case("c", description, measured))
    return cases


async def start_services(
    bench: Bench, client: Any, http: httpx.AsyncClient, cases: list[Case]
) -> None:
    """A survey service per database, a fresh round in each, and everything quiet."""
    for case in cases:
        case.app = bench.start_app(f"surveys-{case.label}", SURVEY_APP, case.world.database)
    for case in cases:
        assert case.app is not None
        wait_ready(case.app)
    waited = await bench.wait_quiet(client)
    if waited is None:
        raise SetupError("the survey services stayed busy after start")
    progress(f"survey services ready; their start-up work took {waited:.1f} s")
    for case in cases:
        assert case.app is not None
        case.links = await launch_round(http, case.app, str(case.world.program_id))
        if len(case.links) < WARM_UP + SUBMISSIONS:
            raise SetupError(f"({case.label}) has {len(case.links)} links, too few to measure")
    await bench.wait_quiet(client)


async def submit(
    http: httpx.AsyncClient, case: Case, link: SurveyLink, rng: random.Random
) -> float:
    """One submission; returns its time, and records anything but a 201 as a failure."""
    assert case.app is not None
    body = response_body(answers_for(link.role, rng))
    url = f"{case.app.base_url}/api/v1/invitations/{link.token}/response"
    started = time.perf_counter()
    try:
        response = await http.post(url, json=body)
        if response.status_code != 201:
            case.failures.append(f"{response.status_code} {response.text[:120]}")
    except httpx.HTTPError as error:
        case.failures.append(type(error).__name__)
    return time.perf_counter() - started


async def measure(http: httpx.AsyncClient, cases: list[Case], rng: random.Random) -> None:
    """Submissions one at a time, alternating between the cases; warm-ups are not kept."""
    for number in range(WARM_UP + SUBMISSIONS):
        for case in cases:
            elapsed = await submit(http, case, case.links[number], rng)
            if number >= WARM_UP:
                case.timings.append(elapsed)


def print_report(cases: list[Case]) -> None:
    for case in cases:
        print(f"({case.label}) {case.description}")
    print(f"{'case':<6}{'submissions':>12}{'median ms':>11}{'p90 ms':>9}{'failures':>10}")
    medians = {}
    for case in cases:
        medians[case.label] = statistics.median(case.timings)
        print(
            f"({case.label}){'':<3}{len(case.timings):>12}{medians[case.label] * 1000:>11.1f}"
            f"{percentile(case.timings, 0.9) * 1000:>9.1f}{len(case.failures):>10}"
        )
        for failure in sorted(set(case.failures))[:3]:
            print(f"    e.g. {failure}")
    for label in ("b", "c"):
        ratio = medians[label] / medians["a"]
        print(
            f"ratio {label} / a (medians): {ratio:.2f}  (target <= {RATIO_TARGET})  "
            f"{verdict(ratio <= RATIO_TARGET)}"
        )


async def main() -> int:
    rng = random.Random(20_261_122)
    clock = time.perf_counter()
    with bench_processes(cache_size=EMBEDDED_CACHE) as bench:
        client = bench_client(bench.url)
        try:
            cases = await seed_cases(client, rng)
            async with httpx.AsyncClient(timeout=120) as http:
                await start_services(bench, client, http, cases)
                progress(f"submitting {WARM_UP} + {SUBMISSIONS} per case, alternating")
                await measure(http, cases, rng)
            print_report(cases)
            for line in bench.error_report():
                print(f"service log: {line}")
            for case in cases:
                await client.drop_database(case.world.database)
        finally:
            await client.close()
    print(f"total time {time.perf_counter() - clock:.0f} s")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(asyncio.run(main()))
    except SetupError as error:
        sys.exit(f"setup failed: {error}")
