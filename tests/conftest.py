"""Test harness: one real MongoDB-compatible server per session, a fresh database per test.

The server is the embedded SecantusDB, or the MongoDB at `MENTORSHIP_MONGODB_URL` when set.
"""

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient

from services.graphql_api.app import create_app as create_graphql_app
from services.graphql_api.settings import GraphQLSettings
from services.surveys.app import create_app as create_surveys_app
from services.surveys.settings import SurveySettings
from shared.db import create_client, init_documents
from shared.embedded import EmbeddedMongoServer, free_port
from tests.asgi import serve, serve_on_socket

EXTERNAL_MONGODB_URL = os.environ.get("MENTORSHIP_MONGODB_URL")
# Tests run in development mode (development secrets, tokens issued by the tests); production,
# the default, has tests of its own that say so. Set before any settings are made, session-wide
# fixtures included.
os.environ["MENTORSHIP_ENV"] = "development"


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Settings read MENTORSHIP_* variables and `.env`; tests state what they need explicitly.
    for name in list(os.environ):
        if name.startswith("MENTORSHIP_") and name != "MENTORSHIP_ENV":
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def mongodb_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of the session's server."""
    if EXTERNAL_MONGODB_URL:
        yield EXTERNAL_MONGODB_URL
        return
    root = tmp_path_factory.mktemp("embedded")
    with EmbeddedMongoServer(data_dir=root / "db", port=free_port()) as server:
        yield server.url


@pytest.fixture(scope="session")
async def mongo_client(mongodb_url: str) -> AsyncIterator[AsyncMongoClient[Any]]:
    client = create_client(mongodb_url, app_name="tests")
    yield client
    await client.close()


@pytest.fixture
async def database_name(mongo_client: AsyncMongoClient[Any]) -> AsyncIterator[str]:
    """A fresh database with every model bound to it and its indexes created; dropped after."""
    name = f"test_{uuid.uuid4().hex[:16]}"
    await init_documents(mongo_client, name)
    yield name
    await mongo_client.drop_database(name)


@pytest.fixture
def graphql_settings(mongodb_url: str, database_name: str) -> GraphQLSettings:
    return GraphQLSettings(mongodb_url=mongodb_url, database=database_name)


@pytest.fixture
def survey_settings(mongodb_url: str, database_name: str) -> SurveySettings:
    return SurveySettings(mongodb_url=mongodb_url, database=database_name, background_jobs=False)


@pytest.fixture
async def graphql_http(
    graphql_settings: GraphQLSettings, mongo_client: AsyncMongoClient[Any]
) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for the GraphQL API app, lifespan run, on the test's database."""
    async with serve(create_graphql_app(graphql_settings, mongo_client=mongo_client)) as client:
        yield client


@pytest.fixture
async def surveys_http(
    survey_settings: SurveySettings, mongo_client: AsyncMongoClient[Any]
) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for the survey service app, lifespan run, on the test's database."""
    async with serve(create_surveys_app(survey_settings, mongo_client=mongo_client)) as client:
        yield client


@pytest.fixture
async def survey_server(
    survey_settings: SurveySettings, mongo_client: AsyncMongoClient[Any]
) -> AsyncIterator[str]:
    """The survey service on a real port, served by uvicorn; its base URL."""
    app = create_surveys_app(survey_settings, mongo_client=mongo_client)
    async with serve_on_socket(app) as port:
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def graphql_schema() -> Any:
    from services.graphql_api.schema import build_schema

    return build_schema(GraphQLSettings())


@pytest.fixture
def gql(graphql_schema: Any, database_name: str) -> Any:
    """Run GraphQL operations as a chosen viewer against the test's database."""
    from tests.graphql.client import GraphQLTester

    return GraphQLTester(schema=graphql_schema, settings=GraphQLSettings())
