"""What the GraphQL API brings up to date at every start: probations without their stage, and
active apprenticeships started before probations were stored."""

import logging
from datetime import UTC, date, datetime
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from services.graphql_api.app import create_app
from services.graphql_api.settings import GraphQLSettings
from services.graphql_api.upgrades import store_probation_stages
from shared.enums import PairStatus, ProgramKind
from shared.models import Pair
from tests.asgi import serve
from tests.factories import make_pair, make_program


async def _stored() -> dict[Any, Any]:
    return {doc["_id"]: doc.get("probation") async for doc in Pair.get_pymongo_collection().find()}


async def test_earlier_probations_get_their_stage_and_the_rest_stay(
    database_name: str, caplog: pytest.LogCaptureFixture
) -> None:
    program = await make_program(kind=ProgramKind.APPRENTICESHIP, probation_months=6)
    passed = await make_pair(program=program)
    unrecorded = await make_pair(program=program, starts_on=date(2026, 3, 31))
    not_started = await make_pair(program=program, status=PairStatus.PROPOSED, starts_on=None)
    unreadable = await make_pair(program=program)
    ordinary = await make_pair(program=await make_program())
    pairs = Pair.get_pymongo_collection()
    # As an earlier version stored them: a probation without its stage, none at all, and one
    # that cannot be read.
    exam = {"taken_on": datetime(2026, 5, 1, tzinfo=UTC), "passed": True, "by_id": None}
    await pairs.update_one(
        {"_id": passed.id},
        {"$set": {"probation": {"ends_on": datetime(2026, 9, 1, tzinfo=UTC), "exams": [exam]}}},
    )
    await pairs.update_one({"_id": unreadable.id}, {"$set": {"probation": {"exams": []}}})
    await pairs.update_many(
        {"_id": {"$in": [unrecorded.id, ordinary.id]}}, {"$unset": {"probation": ""}}
    )

    with caplog.at_level(logging.WARNING):
        changed = await store_probation_stages()
    again = await store_probation_stages()

    stored = await _stored()
    assert (changed, again) == (2, 0)
    assert stored[passed.id]["stage"] == "CONFIRMATION_DUE"
    assert stored[unrecorded.id]["stage"] == "EXAM_DUE"
    assert stored[unrecorded.id]["ends_on"] == datetime(2026, 9, 30, tzinfo=UTC)
    assert stored[not_started.id] is None and stored[ordinary.id] is None
    assert stored[unreadable.id] == {"exams": []}
    assert f"pair {unreadable.id}" in caplog.text


async def test_the_api_brings_them_up_to_date_when_it_starts(
    mongodb_url: str, database_name: str, mongo_client: AsyncMongoClient[Any]
) -> None:
    program = await make_program(kind=ProgramKind.APPRENTICESHIP)
    pair = await make_pair(program=program)
    # Written without its stage after an earlier start, by a replica of an earlier version.
    await Pair.get_pymongo_collection().update_one(
        {"_id": pair.id}, {"$unset": {"probation.stage": ""}}
    )

    settings = GraphQLSettings(mongodb_url=mongodb_url, database=database_name)
    async with serve(create_app(settings, mongo_client=mongo_client)) as client:
        ready = await client.get("/readyz")

    assert ready.status_code == 200
    assert (await _stored())[pair.id]["stage"] == "EXAM_DUE"
