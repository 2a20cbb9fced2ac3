"""`feedbackReceived` over graphql-transport-ws: authenticated on connection, fed by a
change stream on the notices the feedback worker writes."""

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
import websockets
from pymongo import AsyncMongoClient

from services.graphql_api.app import create_app
from services.graphql_api.settings import GraphQLSettings
from shared.enums import Role, ViewerRole
from shared.models import FeedbackNotice, Participant, utc_now
from shared.tokens import issue_development_token
from tests.asgi import serve_on_socket
from tests.factories import make_pair, make_participant, make_program
from tests.graphql.client import gid

SUBSCRIBE = "subscription($id: ID!) { feedbackReceived(programId: $id) { pairId role } }"


@pytest.fixture
async def graphql_server(
    graphql_settings: GraphQLSettings, mongo_client: AsyncMongoClient[Any]
) -> AsyncIterator[str]:
    async with serve_on_socket(create_app(graphql_settings, mongo_client=mongo_client)) as port:
        yield f"ws://127.0.0.1:{port}/graphql"


async def _open(url: str, token: str, program_id: str) -> Any:
    ws = await websockets.connect(url, subprotocols=["graphql-transport-ws"])
    await ws.send(
        json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}})
    )
    assert json.loads(await ws.recv())["type"] == "connection_ack"
    await ws.send(
        json.dumps(
            {
                "id": "1",
                "type": "subscribe",
                "payload": {"query": SUBSCRIBE, "variables": {"id": program_id}},
            }
        )
    )
    return ws


def _errors(message: dict[str, Any]) -> list[dict[str, Any]]:
    """The errors of a subscription message: an `error` before execution, a `next` after."""
    payload = message["payload"]
    return payload if message["type"] == "error" else payload["errors"]


def _token(settings: GraphQLSettings, person: Participant, *roles: ViewerRole) -> str:
    assert person.id is not None
    return issue_development_token(settings, participant_id=person.id, roles=frozenset(roles))


async def test_a_manager_receives_feedback_as_it_arrives(
    graphql_server: str, graphql_settings: GraphQLSettings
) -> None:
    manager = await make_participant()
    program = await make_program(manager_ids=[manager.id])
    pair = await make_pair(program=program)
    token = _token(graphql_settings, manager, ViewerRole.PROGRAM_MANAGER)
    ws = await _open(graphql_server, token, gid(program))
    try:
        message = None
        # The stream opens asynchronously after `subscribe`: notices stored before it opened
        # are not replayed, so store notices until one arrives (bounded).
        for _ in range(40):
            await FeedbackNotice(
                program_id=program.id,  # type: ignore[arg-type]
                pair_id=pair.id,  # type: ignore[arg-type]
                role=Role.MENTEE,
                received_at=utc_now(),
            ).insert()
            try:
                message = json.loads(await asyncio.wait_for(ws.recv(), timeout=0.25))
                break
            except TimeoutError:
                continue
    finally:
        await ws.close()

    assert message is not None and message["type"] == "next"
    assert message["payload"]["data"]["feedbackReceived"] == {"pairId": gid(pair), "role": "MENTEE"}


async def test_only_managers_may_subscribe(
    graphql_server: str, graphql_settings: GraphQLSettings
) -> None:
    program = await make_program()
    pair = await make_pair(program=program)
    mentee = await Participant.get(pair.mentee_id)
    assert mentee is not None
    ws = await _open(graphql_server, _token(graphql_settings, mentee), gid(program))
    try:
        message = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
    finally:
        await ws.close()

    assert message["payload"].get("data") in (None, {"feedbackReceived": None})
    assert "Only admins and this program's managers" in _errors(message)[0]["message"]


async def test_a_connection_without_a_token_is_refused(graphql_server: str) -> None:
    program = await make_program()
    ws = await websockets.connect(graphql_server, subprotocols=["graphql-transport-ws"])
    try:
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        await ws.recv()
        await ws.send(
            json.dumps(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {"query": SUBSCRIBE, "variables": {"id": gid(program)}},
                }
            )
        )
        message = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
    finally:
        await ws.close()

    assert _errors(message)[0]["extensions"] == {"code": "UNAUTHENTICATED"}
