"""Both services over HTTP: a concern raised through GraphQL shows in the pair's health as soon
as the GraphQL API has told the survey service, with no sweep in between."""

from typing import Any

from pymongo import AsyncMongoClient

from services.graphql_api.app import create_app as create_graphql_app
from services.graphql_api.settings import GraphQLSettings
from shared.enums import ConcernStatus, MentoringPlanStatus, ViewerRole
from shared.feedback.periods import quarter_key
from shared.models import MentoringPlan, PairHealth, utc_now
from shared.tokens import issue_development_token
from tests.asgi import serve
from tests.factories.apprenticeship import make_apprenticeship
from tests.graphql.client import gid

RAISE = """mutation($input: ConcernRaiseInput!) { concernRaise(input: $input) {
  concern { id status } userErrors { code } } }"""
RESOLVE = """mutation($input: ConcernResolveInput!) { concernResolve(input: $input) {
  concern { status } userErrors { code } } }"""


async def _reasons(pair_id: Any) -> list[str]:
    health = await PairHealth.find_one({"pair_id": pair_id})
    assert health is not None
    return [reason.code.value for reason in health.reasons]


async def test_raising_and_resolving_a_concern_reassess_the_pair_at_once(
    survey_server: str, graphql_settings: GraphQLSettings, mongo_client: AsyncMongoClient[Any]
) -> None:
    world = await make_apprenticeship()
    await MentoringPlan(
        pair_id=world.pair.id,  # type: ignore[arg-type]
        program_id=world.pair.program_id,
        mentor_id=world.pair.mentor_id,
        mentee_id=world.pair.mentee_id,
        quarter=quarter_key(utc_now()),
        status=MentoringPlanStatus.APPROVED,
    ).insert()
    tuned = graphql_settings.model_copy(update={"surveys_url": survey_server})
    app = create_graphql_app(tuned, mongo_client=mongo_client)

    def bearer(participant: Any, roles: frozenset[Any] = frozenset()) -> dict[str, str]:
        token = issue_development_token(tuned, participant_id=participant.id, roles=roles)
        return {"Authorization": f"Bearer {token}"}

    async with serve(app) as client:
        raised = await client.post(
            "/graphql",
            json={
                "query": RAISE,
                "variables": {"input": {"pairId": gid(world.pair), "text": "No time for me."}},
            },
            headers=bearer(world.mentee),
        )
        await app.state.survey_notices.settle()
        after_raise = await _reasons(world.pair.id)
        concern_id = raised.json()["data"]["concernRaise"]["concern"]["id"]
        resolved = await client.post(
            "/graphql",
            json={
                "query": RESOLVE,
                "variables": {"input": {"id": concern_id, "note": "Agreed a slot"}},
            },
            headers=bearer(world.manager, frozenset({ViewerRole.PROGRAM_MANAGER})),
        )
        await app.state.survey_notices.settle()
        after_resolve = await _reasons(world.pair.id)

    assert raised.json()["data"]["concernRaise"]["concern"]["status"] == ConcernStatus.OPEN.value
    assert after_raise == ["CONCERN_RAISED"]
    assert resolved.json()["data"]["concernResolve"] == {
        "concern": {"status": "RESOLVED"},
        "userErrors": [],
    }
    assert after_resolve == []
