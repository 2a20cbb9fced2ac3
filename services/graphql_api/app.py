"""The GraphQL API's ASGI app, made by `create_app` (`mentorship serve graphql-api` serves it)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from pymongo import AsyncMongoClient
from starlette.requests import HTTPConnection

from services.graphiql import GraphQLRouterWithLocalIDE, serve_graphiql_assets
from services.graphql_api.context import Context, context_for
from services.graphql_api.feedback.survey_service import (
    SurveyServiceNotices,
    survey_http_client,
)
from services.graphql_api.schema import build_schema
from services.graphql_api.settings import GraphQLSettings
from services.graphql_api.upgrades import bring_up_to_date
from shared.body_limit import BodySizeLimitMiddleware
from shared.db import database_lifespan
from shared.health import router as health_router
from shared.settings import load_settings


def create_app(
    settings: GraphQLSettings | None = None, *, mongo_client: AsyncMongoClient[Any] | None = None
) -> FastAPI:
    """Build the app; `mongo_client` lets tests share one client instead of opening another."""
    settings = settings or load_settings(GraphQLSettings)
    open_database = database_lifespan(settings, client=mongo_client, app_name="graphql-api")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with open_database(app), survey_http_client(settings) as surveys_http:
            await bring_up_to_date()
            app.state.surveys_http = surveys_http
            app.state.survey_notices = SurveyServiceNotices(surveys_http)
            try:
                yield
            finally:
                await app.state.survey_notices.settle()

    app = FastAPI(
        title="Mentorship GraphQL API",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.graphql_max_body_bytes)
    app.include_router(health_router)

    async def get_context(connection: HTTPConnection) -> Context:
        state = connection.app.state
        return context_for(connection, settings, state.surveys_http, state.survey_notices)

    graphql = GraphQLRouterWithLocalIDE(
        build_schema(settings),
        context_getter=get_context,
        graphql_ide="graphiql" if settings.graphiql_enabled else None,
        allow_queries_via_get=not settings.is_production,
    )
    app.include_router(graphql, prefix="/graphql")
    if settings.graphiql_enabled:
        serve_graphiql_assets(app)
    return app
