"""Liveness and readiness of both services, including a database that goes away and comes back."""

import asyncio
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pymongo import AsyncMongoClient

from services.graphql_api.app import create_app as create_graphql_app
from services.graphql_api.settings import GraphQLSettings
from services.surveys.app import create_app as create_surveys_app
from services.surveys.settings import SurveySettings
from shared.embedded import EmbeddedMongoServer, free_port
from tests.asgi import serve

# A readiness probe that hangs is as bad as a wrong answer: the platform promises 2 seconds.
READINESS_DEADLINE_SECONDS = 2.0


@pytest.fixture(params=["graphql", "surveys"])
async def service_http(
    request: pytest.FixtureRequest,
    graphql_settings: GraphQLSettings,
    survey_settings: SurveySettings,
    mongo_client: AsyncMongoClient[Any],
) -> AsyncIterator[httpx.AsyncClient]:
    """Each service in turn."""
    app = (
        create_graphql_app(graphql_settings, mongo_client=mongo_client)
        if request.param == "graphql"
        else create_surveys_app(survey_settings, mongo_client=mongo_client)
    )
    async with serve(app) as client:
        yield client


async def test_both_services_are_live_and_ready(service_http: httpx.AsyncClient) -> None:
    client = service_http
    live = await client.get("/healthz")
    ready = await client.get("/readyz")

    assert (live.status_code, live.json()) == (200, {"status": "ok"})
    assert (ready.status_code, ready.json()) == (200, {"status": "ready"})


async def test_graphql_answers_a_typename_query(graphql_http: httpx.AsyncClient) -> None:
    response = await graphql_http.post("/graphql", json={"query": "{ __typename }"})

    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}


async def test_the_survey_service_publishes_its_openapi_document(
    surveys_http: httpx.AsyncClient,
) -> None:
    docs = await surveys_http.get("/docs")
    spec = await surveys_http.get("/openapi.json")

    assert docs.status_code == 200
    assert spec.json()["info"]["title"] == "Mentorship survey service"


def _graphql_app(url: str) -> FastAPI:
    return create_graphql_app(GraphQLSettings(mongodb_url=url, database="health"))


def _surveys_app(url: str) -> FastAPI:
    return create_surveys_app(SurveySettings(mongodb_url=url, database="health"))


@pytest.mark.parametrize("make_app", [_graphql_app, _surveys_app])
async def test_readiness_reports_a_lost_database_and_recovers(
    make_app: Callable[[str], FastAPI], tmp_path: Path
) -> None:
    port = free_port()
    server = EmbeddedMongoServer(data_dir=tmp_path / "db", port=port)
    await asyncio.to_thread(server.start)
    try:
        async with serve(make_app(server.url)) as client:
            assert (await client.get("/readyz")).status_code == 200

            await asyncio.to_thread(server.stop)
            lost = await asyncio.wait_for(client.get("/readyz"), timeout=READINESS_DEADLINE_SECONDS)
            still_live = await client.get("/healthz")

            await asyncio.to_thread(server.start)
            recovered = await client.get("/readyz")
    finally:
        await asyncio.to_thread(server.stop)

    assert lost.status_code == 503
    assert lost.json()["status"] == "unavailable"
    assert "database did not answer" in lost.json()["reason"]
    assert still_live.status_code == 200
    assert recovered.status_code == 200
