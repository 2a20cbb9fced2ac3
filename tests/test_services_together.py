"""Both services running and talking over HTTP: survey rounds launched through GraphQL."""

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
from bson import ObjectId
from pymongo import AsyncMongoClient

from services.graphql_api.app import create_app as create_graphql_app
from services.graphql_api.core.ids import parse_id_of
from services.graphql_api.settings import GraphQLSettings
from services.surveys.links import hash_token
from shared.embedded import free_port
from shared.enums import ViewerRole
from shared.models import Invitation, Pair, Participant, SurveyRound
from shared.tokens import issue_development_token
from tests.asgi import serve
from tests.factories import make_pair, make_participant, make_program
from tests.graphql.client import gid

LAUNCH = """mutation($input: SurveyRoundLaunchInput!) { surveyRoundLaunch(input: $input) {
  surveyRound { id label status invited submitted responseRate } userErrors { code message } } }"""
CLOSE = """mutation($input: SurveyRoundCloseInput!) { surveyRoundClose(input: $input) {
  surveyRound { status invited } userErrors { code } } }"""
REMIND = """mutation($input: SurveyRoundRemindInput!) { surveyRoundRemind(input: $input) {
  surveyRound { status } userErrors { code } } }"""


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
                "query": "query($id: ID!) { program(id: $id) { surveyRounds { edges { node { "
                "label invited status } } } } }",
                "variables": {"id": gid(program)},
            },
            headers=headers,
        )

    assert launched["userErrors"] == []
    assert launched["surveyRound"]["invited"] == 4
    assert reminded["surveyRound"] == {"status": "OPEN"}
    assert closed["surveyRound"] == {"status": "CLOSED", "invited": 4}
    assert [e["code"] for e in again["userErrors"]] == ["INVALID_TRANSITION"]
    assert listed.json()["data"]["program"]["surveyRounds"]["edges"] == [
        {"node": {"label": "Check-in via GraphQL", "invited": 4, "status": "CLOSED"}}
    ]
    assert await Invitation.find(Invitation.reminders_sent == 1).count() == 4


LAUNCH_WITH_LINKS = """mutation($input: SurveyRoundLaunchInput!) { surveyRoundLaunch(
  input: $input) { surveyRound { id invited } links { role url expiresAt participant { id name }
  pair { id } } userErrors { code message } } }"""


async def test_a_launch_returns_the_links_once_when_asked(
    survey_server: str, graphql_settings: GraphQLSettings, mongo_client: AsyncMongoClient[Any]
) -> None:
    program, headers = await _manager_world(graphql_settings)
    pairs = await Pair.find({"program_id": program.id}).to_list()
    async with (
        await _graphql(survey_server, graphql_settings, mongo_client) as client,
        httpx.AsyncClient(base_url=survey_server) as participant,
    ):

        async def launch(query: str, **extra: Any) -> dict[str, Any]:
            variables = {"input": {**_launch_input(program), **extra}}
            response = await client.post(
                "/graphql", json={"query": query, "variables": variables}, headers=headers
            )
            body: dict[str, Any] = response.json()
            assert "errors" not in body, body
            payload: dict[str, Any] = body["data"]["surveyRoundLaunch"]
            assert payload["userErrors"] == []
            return payload

        with_links = await launch(LAUNCH_WITH_LINKS, returnLinks=True)
        without = await launch(LAUNCH_WITH_LINKS)
        links = with_links["links"]
        # Each link opens its survey page, for the person it names.
        pages = [await participant.get(urlsplit(link["url"]).path) for link in links]
        again = await client.post(
            "/graphql",
            json={
                "query": "query($id: ID!) { node(id: $id) { ... on SurveyRound { invited } } }",
                "variables": {"id": with_links["surveyRound"]["id"]},
            },
            headers=headers,
        )

    people = {str(p.mentor_id) for p in pairs} | {str(p.mentee_id) for p in pairs}
    assert with_links["surveyRound"]["invited"] == len(links) == 4
    assert {parse_id_of(link["participant"]["id"], "Participant") for link in links} == {
        ObjectId(person) for person in people
    }
    assert sorted(link["role"] for link in links) == ["MENTEE", "MENTEE", "MENTOR", "MENTOR"]
    assert {parse_id_of(link["pair"]["id"], "Pair") for link in links} == {p.id for p in pairs}
    assert all(link["url"].startswith("http") and "/s/" in link["url"] for link in links)
    assert [page.status_code for page in pages] == [200] * 4
    for link, page in zip(links, pages, strict=True):  # about the right counterpart
        pair = next(p for p in pairs if p.id == parse_id_of(link["pair"]["id"], "Pair"))
        side = pair.mentee_id if link["role"] == "MENTOR" else pair.mentor_id
        counterpart = await Participant.get(side)
        assert counterpart is not None and counterpart.name in page.text
    assert without["links"] is None and without["surveyRound"]["invited"] == 4
    # The links exist only in that answer: the stored invitations hold their hashes only.
    stored = await Invitation.find(
        {"round_id": parse_id_of(with_links["surveyRound"]["id"], "SurveyRound")}
    ).to_list()
    tokens = {urlsplit(link["url"]).path.rsplit("/", 1)[-1] for link in links}
    assert {i.token_hash for i in stored} == {hash_token(token) for token in tokens}
    assert again.json()["data"]["node"] == {"invited": 4}


REMIND_WITH_LINKS = """mutation($input: SurveyRoundRemindInput!) { surveyRoundRemind(
  input: $input) { surveyRound { status } links { role url participant { id } }
  userErrors { code } } }"""


async def test_a_reminder_returns_the_fresh_links_when_asked(
    survey_server: str, graphql_settings: GraphQLSettings, mongo_client: AsyncMongoClient[Any]
) -> None:
    program, headers = await _manager_world(graphql_settings)
    async with (
        await _graphql(survey_server, graphql_settings, mongo_client) as client,
        httpx.AsyncClient(base_url=survey_server) as participant,
    ):

        async def run(query: str, value: dict[str, Any]) -> dict[str, Any]:
            response = await client.post(
                "/graphql", json={"query": query, "variables": {"input": value}}, headers=headers
            )
            body: dict[str, Any] = response.json()
            assert "errors" not in body, body
            return body["data"]

        launch = {**_launch_input(program), "returnLinks": True}
        launched = (await run(LAUNCH_WITH_LINKS, launch))["surveyRoundLaunch"]
        round_id = launched["surveyRound"]["id"]
        reminded = (await run(REMIND_WITH_LINKS, {"id": round_id, "returnLinks": True}))[
            "surveyRoundRemind"
        ]
        first_links = [await participant.get(urlsplit(x["url"]).path) for x in launched["links"]]
        fresh_links = [await participant.get(urlsplit(x["url"]).path) for x in reminded["links"]]
        quiet = (await run(REMIND_WITH_LINKS, {"id": round_id}))["surveyRoundRemind"]

    assert reminded["userErrors"] == [] and len(reminded["links"]) == 4
    assert {x["participant"]["id"] for x in reminded["links"]} == {
        x["participant"]["id"] for x in launched["links"]
    }
    assert quiet["links"] is None and quiet["surveyRound"] == {"status": "OPEN"}
    # The reminder's links replaced the launch's.
    assert [page.status_code for page in first_links] == [404] * 4
    assert [page.status_code for page in fresh_links] == [200] * 4


async def test_a_mentor_gets_no_links(
    survey_server: str, graphql_settings: GraphQLSettings, mongo_client: AsyncMongoClient[Any]
) -> None:
    program, _ = await _manager_world(graphql_settings)
    pair = await Pair.find_one({"program_id": program.id})
    assert pair is not None
    token = issue_development_token(graphql_settings, participant_id=pair.mentor_id)
    async with await _graphql(survey_server, graphql_settings, mongo_client) as client:
        response = await client.post(
            "/graphql",
            json={
                "query": LAUNCH_WITH_LINKS,
                "variables": {"input": {**_launch_input(program), "returnLinks": True}},
            },
            headers={"Authorization": f"Bearer {token}"},
        )

    payload = response.json()["data"]["surveyRoundLaunch"]
    assert payload["links"] is None and payload["surveyRound"] is None
    assert [e["code"] for e in payload["userErrors"]] == ["FORBIDDEN"]
    assert await SurveyRound.count() == 0


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
