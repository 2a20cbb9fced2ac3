"""How much the GraphQL layer costs on top of the database, on a large nested query.

Seeds 50 programs x 20 pairs x 4 goals (with milestones) and 6 check-ins per pair, then times
`programs(first: 50) { pairs { mentor mentee goals { milestones } checkIns } managers stats }`
through the HTTP app, and a raw driver fetch of the same documents (and the same statistics)
against the same database, alternating the two. The raw fetch issues the same query shapes as
the API's loaders, so the ratio is what GraphQL, authorization and HTTP add on top.
Prints the median of each and their ratio. Target: the ratio is at most 1.5.

Run: `.venv/bin/python bench/graphql_nested.py` (embedded server, or MENTORSHIP_MONGODB_URL).
"""

import asyncio
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from bson import ObjectId

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.graphql_api.app import create_app
from services.graphql_api.loaders import (
    IDS_PER_COMMAND,
    NEWEST_FIRST_BY_DATE,
    PARENTS_PER_COMMAND,
)
from services.graphql_api.pagination import PageRequest, fetch_pages
from services.graphql_api.settings import GraphQLSettings
from shared.db import create_client, init_documents
from shared.embedded import EmbeddedMongoServer, free_port
from shared.enums import ViewerRole
from shared.tokens import issue_development_token

PROGRAMS, PAIRS, GOALS, CHECK_INS, ROUNDS = 50, 20, 4, 6, 7
DATABASE = "bench_graphql_nested"
QUERY = """{ programs(first: 50) { edges { node { id name
  managers { edges { node { id name } } }
  stats { checkInsLast30Days pairsByStatus { status count } goalsByStatus { status count } }
  pairs(first: 20) { edges { node { id status
    mentor { id name } mentee { id name }
    goals(first: 10) { edges { node { id title progress milestones { title done } } } }
    checkIns(first: 10) { edges { node { id heldOn durationMinutes } } }
  } } }
} } } }"""


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


async def seed(db: Any) -> ObjectId:
    now = _now()
    stamp = {"created_at": now, "updated_at": now}
    admin = ObjectId()
    people: list[dict[str, Any]] = [
        {
            "_id": admin,
            "name": "Admin",
            "email": "admin@bench.example",
            "name_key": "admin",
            **stamp,
        }
    ]
    programs, pairs, goals, check_ins = [], [], [], []
    for p in range(PROGRAMS):
        program_id = ObjectId()
        programs.append(
            {
                "_id": program_id,
                "name": f"Program {p}",
                "name_key": f"program {p}",
                "kind": "ONBOARDING",
                "format": "FORMAL",
                "status": "ACTIVE",
                "objectives": [],
                "competencies": [],
                "duration_months": 12,
                "check_in_cadence_days": 14,
                "survey_cadence": "QUARTERLY",
                "min_group_size": 5,
                "manager_ids": [admin],
                **stamp,
            }
        )
        for q in range(PAIRS):
            mentor, mentee, pair_id = ObjectId(), ObjectId(), ObjectId()
            for person, role in ((mentor, "mentor"), (mentee, "mentee")):
                people.append(
                    {
                        "_id": person,
                        "name": f"{role} {p}-{q}",
                        "name_key": f"{role} {p}-{q}",
                        "email": f"{role}.{p}.{q}@bench.example",
                        "skills": ["Python"],
                        **stamp,
                    }
                )
            pairs.append(
                {
                    "_id": pair_id,
                    "program_id": program_id,
                    "mentor_id": mentor,
                    "mentee_id": mentee,
                    "status": "ACTIVE",
                    "is_open": True,
                    "match_reasons": [],
                    **stamp,
                }
            )
            for g in range(GOALS):
                goals.append(
                    {
                        "_id": ObjectId(),
                        "pair_id": pair_id,
                        "program_id": program_id,
                        "title": f"Goal {g}",
                        "status": "IN_PROGRESS",
                        "progress": 40,
                        "milestones": [
                            {"id": ObjectId(), "title": "Plan", "due_on": now, "done_at": now},
                            {"id": ObjectId(), "title": "Practise", "due_on": now, "done_at": None},
                        ],
                        **stamp,
                    }
                )
            for c in range(CHECK_INS):
                check_ins.append(
                    {
                        "_id": ObjectId(),
                        "pair_id": pair_id,
                        "program_id": program_id,
                        "held_on": now - timedelta(days=14 * c),
                        "duration_minutes": 45,
                        "topics": ["Goals"],
                        **stamp,
                    }
                )
    for name, documents in (
        ("participants", people),
        ("programs", programs),
        ("pairs", pairs),
        ("goals", goals),
        ("check_ins", check_ins),
    ):
        await db[name].insert_many(documents)
    return admin


def _chunks(ids: list[ObjectId], size: int) -> list[list[ObjectId]]:
    return [ids[start : start + size] for start in range(0, len(ids), size)]


async def _pages(collection: Any, field: str, ids: list[ObjectId], first: int, **kw: Any) -> int:
    batches = await asyncio.gather(
        *(
            fetch_pages(collection, field, chunk, {}, PageRequest(first=first), **kw)
            for chunk in _chunks(ids, PARENTS_PER_COMMAND)
        )
    )
    return sum(len(page.documents) for pages in batches for page in pages.values())


async def raw_fetch(db: Any) -> int:
    """The same documents and statistics with the driver alone: the same query shapes and the
    same number of keys per command as the API's loaders, without GraphQL."""
    programs = await db.programs.find({}).sort("_id", 1).limit(51).to_list()
    program_ids = [p["_id"] for p in programs]
    pair_pages = await asyncio.gather(
        *(
            fetch_pages(db.pairs, "program_id", chunk, {}, PageRequest(first=20))
            for chunk in _chunks(program_ids, PARENTS_PER_COMMAND)
        )
    )
    pairs = [doc for pages in pair_pages for page in pages.values() for doc in page.documents]
    pair_ids = [p["_id"] for p in pairs]
    people_ids = list({pid for p in pairs for pid in (p["mentor_id"], p["mentee_id"])})
    people = await asyncio.gather(
        *(
            db.participants.find({"_id": {"$in": chunk}}).to_list()
            for chunk in _chunks(people_ids, IDS_PER_COMMAND)
        )
    )
    managers = await db.participants.find(
        {"_id": {"$in": list({m for p in programs for m in p["manager_ids"]})}}
    ).to_list()
    goals = await _pages(db.goals, "pair_id", pair_ids, 10)
    check_ins = await _pages(db.check_ins, "pair_id", pair_ids, 10, ordering=NEWEST_FIRST_BY_DATE)
    since = _now() - timedelta(days=30)
    stats = 0
    for collection, match in (
        (db.pairs, {}),
        (db.goals, {}),
        (db.check_ins, {"held_on": {"$gte": since}}),
    ):
        cursor = await collection.aggregate(
            [
                {"$match": {"program_id": {"$in": program_ids}, **match}},
                {"$group": {"_id": {"p": "$program_id", "s": "$status"}, "n": {"$sum": 1}}},
            ]
        )
        stats += len(await cursor.to_list())
    found = sum(map(len, people)) + len(managers) + goals + check_ins + stats
    return len(programs) + len(pairs) + found


async def main() -> None:
    url = os.environ.get("MENTORSHIP_MONGODB_URL")
    server = None
    if not url:
        server = EmbeddedMongoServer(data_dir=Path(tempfile.mkdtemp()) / "db", port=free_port())
        server.start()
        url = server.url
    client = create_client(url)
    try:
        await client.drop_database(DATABASE)
        await init_documents(client, DATABASE)
        admin = await seed(client[DATABASE])
        settings = GraphQLSettings(env="development", mongodb_url=url, database=DATABASE)
        token = issue_development_token(
            settings, participant_id=admin, roles=frozenset({ViewerRole.ADMIN})
        )
        app = create_app(settings, mongo_client=client)
        async with LifespanManager(app) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(
                transport=transport,
                base_url="http://bench",
                headers={"Authorization": f"Bearer {token}"},
            ) as http:

                async def graphql() -> None:
                    response = await http.post("/graphql", json={"query": QUERY})
                    body = response.json()
                    assert "errors" not in body, body["errors"]
                    assert len(body["data"]["programs"]["edges"]) == PROGRAMS

                async def raw() -> None:
                    assert await raw_fetch(client[DATABASE]) > PROGRAMS * PAIRS

                timings: dict[str, list[float]] = {"graphql": [], "raw": []}
                await graphql()
                await raw()  # warm up both paths
                for _ in range(ROUNDS):
                    for name, run in (("graphql", graphql), ("raw", raw)):
                        started = time.perf_counter()
                        await run()
                        timings[name].append(time.perf_counter() - started)
        graphql_median = statistics.median(timings["graphql"])
        raw_median = statistics.median(timings["raw"])
        print(
            f"data: {PROGRAMS} programs x {PAIRS} pairs x {GOALS} goals, {CHECK_INS} check-ins/pair"
        )
        print(f"graphql over HTTP app   median {graphql_median * 1000:8.1f} ms ({ROUNDS} rounds)")
        print(f"raw driver fetch        median {raw_median * 1000:8.1f} ms ({ROUNDS} rounds)")
        print(f"ratio graphql / raw     {graphql_median / raw_median:.2f}  (target <= 1.5)")
        await client.drop_database(DATABASE)
    finally:
        await client.close()
        if server is not None:
            server.stop()


if __name__ == "__main__":
    asyncio.run(main())
