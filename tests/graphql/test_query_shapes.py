"""What the GraphQL API sends the database: flat filters an index can serve, for every viewer.

The embedded server reads a whole collection for a top-level `$and` or `$or`; so does MongoDB
for an `$or` whose branches are not all indexed. Visibility is therefore sent as disjoint flat
filters, one command each, merged in the API.
"""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from bson import ObjectId
from pymongo import AsyncMongoClient, monitoring

from services.graphql_api.filters import all_of, flat_and
from shared.db import init_documents
from shared.enums import Role
from tests.factories import (
    make_check_in,
    make_enrollment,
    make_goal,
    make_pair,
    make_participant,
    make_program,
)
from tests.graphql.client import ADMIN, MANAGER, GraphQLTester, gid
from tests.graphql.test_round_trips import NESTED

A, B, C = ObjectId(), ObjectId(), ObjectId()


def test_conditions_on_one_field_are_intersected_exactly() -> None:
    assert flat_and({"program_id": {"$in": [A, B]}}, {"program_id": {"$in": [B, C]}}) == {
        "program_id": B
    }
    assert flat_and({"pair_id": {"$in": [A, B, C]}}, {"pair_id": {"$nin": [A]}}) == {
        "pair_id": {"$in": [B, C]}
    }
    assert flat_and({"_id": {"$gt": A}}, {"status": "ACTIVE"}) == {
        "_id": {"$gt": A},
        "status": "ACTIVE",
    }
    assert flat_and({"n": {"$gte": 2}}, {"n": {"$lt": 5}}) == {"n": {"$gte": 2, "$lt": 5}}


def test_conditions_that_nothing_satisfies_mean_no_query_at_all() -> None:
    assert flat_and({"program_id": A}, {"program_id": {"$in": [B, C]}}) is None
    assert flat_and({"pair_id": {"$in": [A]}}, {"pair_id": {"$nin": [A]}}) is None
    assert flat_and({"status": "ACTIVE"}, None) is None


def test_the_parent_field_and_id_sets_lead_the_filter() -> None:
    merged = flat_and(
        {"status": {"$in": ["ACTIVE"]}, "program_id": {"$nin": [C]}},
        {"pair_id": {"$in": [A, B]}},
        {"_id": {"$in": [A]}},
        lead=("pair_id",),
    )

    assert merged is not None
    assert list(merged) == ["_id", "pair_id", "status", "program_id"]
    assert merged["status"] == "ACTIVE"  # a one-value set as a plain equality


def test_what_cannot_be_intersected_falls_back_to_a_correct_and() -> None:
    left, right = {"name_key": {"$regex": "ann"}}, {"name_key": {"$regex": "son"}}

    assert all_of(left, right) == {"$and": [left, right]}
    assert all_of(left, {}) == left


class Recorder(monitoring.CommandListener):
    """Every read the API sends, with its filter."""

    def __init__(self) -> None:
        self.reads: list[tuple[str, str, dict[str, Any]]] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        command = event.command
        name = event.command_name
        if name in ("find", "count", "distinct"):
            self.reads.append((name, command[name], command.get("filter") or {}))
        elif name == "aggregate":
            first = (command.get("pipeline") or [{}])[0]
            self.reads.append((name, command[name], first.get("$match") or {}))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


@pytest.fixture
async def recorder(mongodb_url: str, database_name: str) -> AsyncIterator[Recorder]:
    listener = Recorder()
    client: AsyncMongoClient[Any] = AsyncMongoClient(
        mongodb_url, tz_aware=True, event_listeners=[listener]
    )
    await init_documents(client, database_name)
    yield listener
    await client.close()


PARTICIPANT = """query($id: ID!) { node(id: $id) { ... on Participant {
  name email pairsAsMentor { totalCount edges { node { goals { totalCount } } } }
  pairsAsMentee { totalCount edges { node { checkIns { edges { node { heldOn } } } } } }
  enrollments { totalCount edges { node { status } } } } } }"""


@pytest.mark.parametrize("viewer_kind", ["admin", "manager", "mentor", "mentee"])
async def test_no_read_wraps_its_filter_in_and_or_or(
    gql: GraphQLTester, recorder: Recorder, viewer_kind: str
) -> None:
    manager = await make_participant()
    program = await make_program(manager_ids=[manager.id])
    await make_enrollment(program=program, participant=manager, role=Role.MENTOR)
    other_program = await make_program()
    pairs = [await make_pair(program=p) for p in (program, program, other_program)]
    for pair in pairs:
        await make_goal(pair=pair)
        await make_check_in(pair=pair)
    mentor, mentee = pairs[2].mentor_id, pairs[2].mentee_id
    viewers: dict[str, dict[str, Any]] = {
        "admin": {"roles": ADMIN},
        "manager": {"viewer": manager, "roles": MANAGER},
        "mentor": {"viewer": await _participant(mentor)},
        "mentee": {"viewer": await _participant(mentee)},
    }

    recorder.reads.clear()
    await gql.data(NESTED, {"first": 20}, **viewers[viewer_kind])
    mentor_record = await _participant(mentor)
    await gql.data(PARTICIPANT, {"id": gid(mentor_record)}, **viewers[viewer_kind])
    reads = list(recorder.reads)

    assert reads
    wrapped = [
        (name, collection, query)
        for name, collection, query in reads
        if "$and" in query or ("$or" in query and collection != "programs")
    ]
    assert wrapped == []


async def _participant(participant_id: ObjectId) -> Any:
    from shared.models import Participant

    return await Participant.get(participant_id)
