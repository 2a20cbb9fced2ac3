"""Both services running and talking over HTTP: survey rounds launched through GraphQL."""

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from services.graphql_api.app import create_app as create_graphql_app
from services.graphql_api.settings import GraphQLSettings
from services.surveys.app import create_app as create_surveys_app
from services.surveys.settings import SurveySettings
from shared.embedded import free_port
from shared.enums import ViewerRole
from shared.models import Invitation, Pair, SurveyRound
from shared.tokens import issue_development_token
from tests.asgi import serve, serve_on_socket
from tests.factories import make_pair, make_participant, make_program
from tests.graphql.client import gid

LAUNCH = """mutation($input: SurveyRoundLaunchInput!) { surveyRoundLaunch(input: $input) {
  surveyRound { id label status invited submitted responseRate } userErrors { code message } } }"""
CLOSE = """mutation($input: SurveyRoundCloseInput!) { surveyRoundClose(input: $input) {
  surveyRound { status invited } userErrors { code } } }"""
REMIND = """mutation($input: SurveyRoundRemindInput!) { surveyRoundRemind(input: $input) {
  surveyRound { status } userErrors { code } } }"""


@pytest.fixture
async def survey_server(
    survey_settings: SurveySettings, mongo_client: AsyncMongoClient[Any]
) -> AsyncIterator[str]:
    """The survey service on a real port, served by uvicorn."""
    app = create_surveys_app(survey_settings, mongo_client=mongo_client)
    async with serve_on_socket(app) as port:
        yield f"http://127.0.0.1:{port}"


async def _graphql(
    surveys_url: str, settings: GraphQLSettings, mongo_client: AsyncMongoClient[Any]
) -> Any:
    tuned = settings.model_copy(update={"surveys_url": surveys_url, "surveys_timeout_seconds": 2})
    return serve(create_graphql_app(tuned, mongo_client=mongo_client))


async def _manager_world(settings: GraphQLSettings) -> tuple[Any, dict[str, str]]:
    manager = await make_participant()
    program = await make_program(manager_ids=[manager.id])
    for _ in range(2):
        await make_pair(program=program)
    assert manager.id is not None
    token = issue_development_token(
        settings, participant_id=manager.id, roles=frozenset({ViewerRole.PROGRAM_MANAGER})
    )
    return program, {"Authorization": f"Bearer {token}"}


def _launch_input(program: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {
        "programId": gid(program),
        "label": "Check-in via GraphQL",
        "opensAt": now.isoformat(),
        "closesAt": (now + timedelta(days=7)).isoformat(),
    }


async def test_a_round_is_launched_reminded_and_closed_through_graphql(
    survey_server: str, graphql_settings: GraphQLSettings, mongo_client: AsyncMongoClient[Any]
) -> None:
    program, headers = await _manager_world(graphql_settings)
    async with await _graphql(survey_server, graphql_settings, mongo_client) as client:

        async def run(query: str, value: dict[str, Any]) -> dict[str, Any]:
            response = await client.post(
                "/graphql", json={"query": query, "variables": {"input": value}}, headers=headers
            )
            body: dict[str, Any] = response.json()
            assert "errors" not in body, body
            return body["data"]

        launched = (await run(LAUNCH, _launch_input(program)))["surveyRoundLaunch"]
        round_id = launched["surveyRound"]["id"]
        reminded = (await run(REMIND, {"id": round_id}))["surveyRoundRemind"]
        closed = (await run(CLOSE, {"id": round_id}))["surveyRoundClose"]
        again = (await run(CLOSE, {"id": round_id}))["surveyRoundClose"]
        listed = await client.post(
            "/graphql",
            json={
                "query": "query($id: ID!) { program(id: $id) { surveyRounds { label invited "
                "status } } }",
                "variables": {"id": gid(program)},
            },
            headers=headers,
        )

    assert launched["userErrors"] == []
    assert launched["surveyRound"]["invited"] == 4
    assert reminded["surveyRound"] == {"status": "OPEN"}
    assert closed["surveyRound"] == {"status": "CLOSED", "invited": 4}
    assert [e["code"] for e in again["userErrors"]] == ["INVALID_TRANSITION"]
    assert listed.json()["data"]["program"]["surveyRounds"] == [
        {"label": "Check-in via GraphQL", "invited": 4, "status": "CLOSED"}
    ]
    assert await Invitation.find(Invitation.reminders_sent == 1).count() == 4


async def test_a_survey_service_that_is_down_is_a_user_error_not_a_hang(
    graphql_settings: GraphQLSettings, mongo_client: AsyncMongoClient[Any]
) -> None:
    program, headers = await _manager_world(graphql_settings)
    closed_port = f"http://127.0.0.1:{free_port()}"
    async with await _graphql(closed_port, graphql_settings, mongo_client) as client:
        response = await asyncio.wait_for(
            client.post(
                "/graphql",
                json={"query": LAUNCH, "variables": {"input": _launch_input(program)}},
                headers=headers,
            ),
            timeout=10,
        )

    payload = response.json()["data"]["surveyRoundLaunch"]
    assert payload["surveyRound"] is None
    assert [e["code"] for e in payload["userErrors"]] == ["SURVEY_SERVICE_UNAVAILABLE"]
    assert await SurveyRound.count() == 0


COMPLETE = """mutation($input: PairCompleteInput!) { pairComplete(input: $input) {
  pair { status } userErrors { code } } }"""


async def test_completing_a_pair_through_graphql_sends_its_end_of_program_survey(
    survey_server: str, graphql_settings: GraphQLSettings, mongo_client: AsyncMongoClient[Any]
) -> None:
    program, headers = await _manager_world(graphql_settings)
    pair = await Pair.find_one({"program_id": program.id})
    assert pair is not None
    tuned = graphql_settings.model_copy(update={"surveys_url": survey_server})
    app = create_graphql_app(tuned, mongo_client=mongo_client)
    async with serve(app) as client:
        launched = await client.post(
            "/graphql",
            json={"query": LAUNCH, "variables": {"input": _launch_input(program)}},
            headers=headers,
        )
        completed = await client.post(
            "/graphql",
            json={
                "query": COMPLETE,
                "variables": {"input": {"id": gid(pair), "outcome": "GOALS_MET"}},
            },
            headers=headers,
        )
        await app.state.survey_notices.settle()  # the notice goes out after the answer

    assert launched.json()["data"]["surveyRoundLaunch"]["userErrors"] == []
    assert completed.json()["data"]["pairComplete"] == {
        "pair": {"status": "COMPLETED"},
        "userErrors": [],
    }
    invitations = await Invitation.find({"pair_id": pair.id}).to_list()
    assert sorted((i.kind.value, i.state.value, i.role.value) for i in invitations) == [
        ("CHECK_IN", "REVOKED", "MENTEE"),
        ("CHECK_IN", "REVOKED", "MENTOR"),
        ("END_OF_PROGRAM", "PENDING", "MENTEE"),
        ("END_OF_PROGRAM", "PENDING", "MENTOR"),
    ]
