"""The REST API takes the GraphQL IDs frontends hold wherever it takes a database id, refuses
one of the wrong type as a problem document, and shows both forms of the ids it returns."""

import httpx
import pytest
from bson import ObjectId

from services.graphql_api.core.ids import to_global_id as graphql_id
from shared.global_ids import (
    InvalidGlobalIdError,
    NodeType,
    database_id,
    parse_global_id,
    to_global_id,
)
from shared.settings import DEVELOPMENT_SERVICE_TOKEN
from tests.graphql.client import gid
from tests.surveys.conftest import SurveyWorld, launch, round_body, token_of

SERVICE = {"Authorization": f"Bearer {DEVELOPMENT_SERVICE_TOKEN}"}


def test_the_graphql_api_and_the_survey_service_encode_ids_alike() -> None:
    object_id = ObjectId()

    encoded = to_global_id(NodeType.PAIR, object_id)

    assert graphql_id("Pair", object_id) == encoded
    assert parse_global_id(encoded) == ("Pair", object_id)
    assert database_id(encoded, NodeType.PAIR) == object_id
    assert database_id(str(object_id), NodeType.PAIR) == object_id
    for wrong in (to_global_id(NodeType.PROGRAM, object_id), "not-an-id", ""):
        with pytest.raises(InvalidGlobalIdError):
            database_id(wrong, NodeType.PAIR)


async def test_a_round_is_reached_by_its_graphql_id(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    launched = await launch(surveys_http, world)
    round_id = launched["round"]["id"]
    global_id = launched["round"]["globalId"]
    headers = world.manager_headers

    by_raw = await surveys_http.get(f"/api/v1/rounds/{round_id}", headers=headers)
    by_global = await surveys_http.get(f"/api/v1/rounds/{global_id}", headers=headers)
    results = await surveys_http.get(f"/api/v1/rounds/{global_id}/results", headers=headers)
    reminded = await surveys_http.post(f"/api/v1/rounds/{global_id}/reminders", headers=headers)
    closed = await surveys_http.post(f"/api/v1/rounds/{global_id}/close", headers=headers)

    assert parse_global_id(global_id) == ("SurveyRound", ObjectId(round_id))
    assert by_global.status_code == 200 and by_global.json() == by_raw.json()
    assert results.status_code == 200 and results.json()["round"]["id"] == round_id
    assert reminded.status_code == 200 and reminded.json()["reminded"] == 4
    assert closed.status_code == 200 and closed.json()["status"] == "CLOSED"


async def test_an_id_of_another_type_names_no_round(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    launched = await launch(surveys_http, world)
    same_id_as_a_program = to_global_id(NodeType.PROGRAM, ObjectId(launched["round"]["id"]))

    for wrong in (same_id_as_a_program, gid(world.program), "bm90IGFuIGlk", "x" * 300):
        response = await surveys_http.get(f"/api/v1/rounds/{wrong}", headers=world.manager_headers)
        assert response.status_code == 404, wrong
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["detail"] == "No such survey round."


async def test_a_round_is_launched_for_the_graphql_id_of_its_program(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    launched = await launch(surveys_http, world, programId=gid(world.program))
    wrong_type = await surveys_http.post(
        "/api/v1/rounds",
        json=round_body(world.program, programId=gid(world.pairs[0])),
        headers=world.manager_headers,
    )

    assert launched["round"]["programId"] == str(world.program.id)
    assert launched["round"]["programGlobalId"] == gid(world.program)
    assert wrong_type.status_code == 422
    assert wrong_type.headers["content-type"] == "application/problem+json"
    assert wrong_type.json()["errors"][0]["field"] == "programId"


async def test_links_carry_the_graphql_ids_of_their_pair_and_person(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    launched = await launch(surveys_http, world)

    pairs = {gid(pair) for pair in world.pairs}
    people = {gid(person) for person in world.people.values()}
    for link in launched["links"]:
        assert link["pairGlobalId"] in pairs
        assert link["participantGlobalId"] in people
        assert parse_global_id(link["pairGlobalId"])[1] == ObjectId(link["pairId"])
        assert parse_global_id(link["participantGlobalId"])[1] == ObjectId(link["participantId"])


async def test_an_invitation_is_reissued_by_its_graphql_id(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    launched = await launch(surveys_http, world)
    invitation_id = ObjectId(launched["links"][0]["invitationId"])

    reissued = await surveys_http.post(
        f"/api/v1/invitations/{to_global_id(NodeType.INVITATION, invitation_id)}/reissue",
        headers=world.manager_headers,
    )
    wrong_type = await surveys_http.post(
        f"/api/v1/invitations/{to_global_id(NodeType.PAIR, invitation_id)}/reissue",
        headers=world.manager_headers,
    )

    assert reissued.status_code == 200
    assert reissued.json()["invitationId"] == str(invitation_id)
    old_link = await surveys_http.get(
        f"/api/v1/invitations/{token_of(launched['links'][0]['link'])}"
    )
    new_link = await surveys_http.get(f"/api/v1/invitations/{token_of(reissued.json()['link'])}")
    assert old_link.status_code == 404 and new_link.status_code == 200
    assert wrong_type.status_code == 404
    assert wrong_type.json()["detail"] == "No such invitation."


async def test_the_graphql_api_may_name_changed_pairs_and_programs_by_graphql_id(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    pair = await surveys_http.post(f"/api/v1/pairs/{gid(world.pairs[0])}/changed", headers=SERVICE)
    program = await surveys_http.post(
        f"/api/v1/programs/{gid(world.program)}/changed", headers=SERVICE
    )
    swapped = await surveys_http.post(
        f"/api/v1/pairs/{gid(world.program)}/changed", headers=SERVICE
    )

    assert pair.status_code == 200 and pair.json()["pairsSeen"] == 1
    assert program.status_code == 200 and program.json()["programsRescored"] == 0
    assert swapped.status_code == 404
    assert swapped.headers["content-type"] == "application/problem+json"
