"""Does a 12-month satisfaction trend cost more as history grows? It should not: it reads the
program's month buckets, never the responses.

Seeds two databases directly (responses and their statistics, computed with the service's
own bucket rules): one with 10,000 stored responses, one with 1,000,000, each spread over
three years of one program. Runs one GraphQL API process per database and times
`program { satisfactionTrend(granularity: MONTH) }` against both, alternating, over HTTP.
Prints the median of each and their ratio. Target: the ratio is at most 1.3.

Run: `.venv/bin/python bench/trend_scaling.py` (embedded server, or MENTORSHIP_MONGODB_URL).
Set BENCH_LARGE_RESPONSES to try another size.
"""

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from bson import ObjectId

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.graphql_api.core.ids import to_global_id
from services.graphql_api.settings import GraphQLSettings
from services.surveys.statistics import fold, nested_fields
from shared.db import create_client, init_documents
from shared.embedded import EmbeddedMongoServer, free_port
from shared.enums import Role, ViewerRole
from shared.processes import spawn, terminate
from shared.tokens import issue_development_token

SMALL, LARGE = 10_000, int(os.environ.get("BENCH_LARGE_RESPONSES", "1000000"))
PAIRS, MONTHS, ROUNDS, BATCH = 200, 36, 15, 20_000
QUERY = """query($id: ID!) { program(id: $id) {
  satisfactionTrend(granularity: MONTH) { period availability responses averageScore nps }
} }"""


async def seed(db: Any, responses: int) -> tuple[ObjectId, ObjectId]:
    """One program with `responses` responses over 36 months; returns (program, admin)."""
    now = datetime.now(UTC).replace(microsecond=0)
    admin, program = ObjectId(), ObjectId()
    stamp = {"created_at": now, "updated_at": now}
    await db.participants.insert_one(
        {
            "_id": admin,
            "name": "Admin",
            "name_key": "admin",
            "email": "admin@bench.example",
            **stamp,
        }
    )
    await db.programs.insert_one(
        {
            "_id": program,
            "name": "Benchmark program",
            "name_key": "benchmark program",
            "kind": "ONBOARDING",
            "format": "FORMAL",
            "status": "ACTIVE",
            "duration_months": 12,
            "check_in_cadence_days": 14,
            "survey_cadence": "QUARTERLY",
            "min_group_size": 5,
            "manager_ids": [admin],
            **stamp,
        }
    )
    pairs = [(ObjectId(), ObjectId()) for _ in range(PAIRS)]  # (pair, mentor)
    sums: dict[str, tuple[dict[str, Any], dict[str, float]]] = {}
    batch: list[dict[str, Any]] = []
    for n in range(responses):
        pair_id, mentor_id = pairs[n % PAIRS]
        role = Role.MENTEE if n % 2 else Role.MENTOR
        submitted_at = now - timedelta(minutes=(n * 9973) % (MONTHS * 30 * 24 * 60))
        document = {
            "_id": ObjectId(),
            "invitation_id": ObjectId(),
            "round_id": ObjectId(),
            "program_id": program,
            "pair_id": pair_id,
            "respondent_id": ObjectId(),
            "mentor_id": mentor_id,
            "role": role.value,
            "template_id": ObjectId(),
            "template_version": 1,
            "answers": [],
            "satisfaction": 1 + (n * 7) % 5,
            "satisfaction_normalized": ((n * 7) % 5) / 4,
            "nps": (n * 3) % 11,
            "sentiments": [],
            "scorer_version": "bench",
            "submitted_at": submitted_at,
            **stamp,
        }
        batch.append(document)
        for bucket_id, (fields, inc) in fold([document]).items():
            _, total = sums.setdefault(bucket_id, (fields, {}))
            for name, amount in inc.items():
                total[name] = total.get(name, 0) + amount
        if len(batch) == BATCH:
            await db.responses.insert_many(batch, ordered=False)
            batch.clear()
    if batch:
        await db.responses.insert_many(batch, ordered=False)
    buckets = [{**fields, **nested_fields(total), **stamp} for fields, total in sums.values()]
    for start in range(0, len(buckets), BATCH):
        await db.feedback_stats.insert_many(buckets[start : start + BATCH], ordered=False)
    return program, admin


def start_api(url: str, database: str, port: int) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "services.graphql_api.app:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    env = {"MENTORSHIP_MONGODB_URL": url, "MENTORSHIP_DATABASE": database}
    return spawn(command, env=env, cwd=Path(__file__).resolve().parents[1])


def wait_ready(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the API on port {port} did not become ready")


async def main() -> None:
    url = os.environ.get("MENTORSHIP_MONGODB_URL")
    server = None
    if not url:
        server = EmbeddedMongoServer(data_dir=Path(tempfile.mkdtemp()) / "db", port=free_port())
        server.start()
        url = server.url
    client = create_client(url)
    apis: list[subprocess.Popen[bytes]] = []
    try:
        targets = {}
        for label, size in (("10k", SMALL), (f"{LARGE // 1000}k", LARGE)):
            name = f"bench_trend_{size}"
            await client.drop_database(name)
            await init_documents(client, name)
            started = time.perf_counter()
            program, admin = await seed(client[name], size)
            print(f"seeded {size:>9,} responses in {time.perf_counter() - started:6.1f} s")
            token = issue_development_token(
                GraphQLSettings(), participant_id=admin, roles=frozenset({ViewerRole.ADMIN})
            )
            port = free_port()
            apis.append(start_api(url, name, port))
            targets[label] = (port, token, to_global_id("Program", program), name)
        for port, *_ in targets.values():
            wait_ready(port)
        timings: dict[str, list[float]] = {label: [] for label in targets}
        with httpx.Client(timeout=60) as http:

            def run(label: str) -> None:
                port, token, program_id, _ = targets[label]
                response = http.post(
                    f"http://127.0.0.1:{port}/graphql",
                    json={"query": QUERY, "variables": {"id": program_id}},
                    headers={"Authorization": f"Bearer {token}"},
                )
                points = response.json()["data"]["program"]["satisfactionTrend"]
                assert len(points) == 12 and points[-1]["responses"], response.text

            for label in targets:
                run(label)  # warm up
            for _ in range(ROUNDS):
                for label in targets:
                    started = time.perf_counter()
                    run(label)
                    timings[label].append(time.perf_counter() - started)
        medians = {label: statistics.median(values) for label, values in timings.items()}
        small, large = list(medians)
        for label, value in medians.items():
            print(
                f"12-month trend, {label:>6} responses: median {value * 1000:7.1f} ms "
                f"({ROUNDS} rounds)"
            )
        print(f"ratio {large} / {small}: {medians[large] / medians[small]:.2f}  (target <= 1.3)")
        for _, _, _, name in targets.values():
            await client.drop_database(name)
    finally:
        for api in apis:
            terminate(api)
        await client.close()
        if server is not None:
            server.stop()


if __name__ == "__main__":
    asyncio.run(main())
