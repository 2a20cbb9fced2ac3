"""The survey service's ASGI app: `services.surveys.app:app`."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pymongo import AsyncMongoClient

from services.surveys import api, pages
from services.surveys.builtin_templates import ensure_builtin_templates
from services.surveys.errors import SurveyError
from services.surveys.jobs import schedule_forever
from services.surveys.problems import survey_error_handler, validation_error_handler
from services.surveys.rate_limit import ClientRateLimiter, TooManyRequests
from services.surveys.settings import SurveySettings
from shared.body_limit import BodySizeLimitMiddleware
from shared.db import database_lifespan
from shared.health import router as health_router
from shared.settings import SettingsError, load_settings


def create_app(
    settings: SurveySettings | None = None, *, mongo_client: AsyncMongoClient[Any] | None = None
) -> FastAPI:
    """Build the app; `mongo_client` lets tests share one client instead of opening another."""
    settings = settings or load_settings(SurveySettings)
    open_database = database_lifespan(settings, client=mongo_client, app_name="surveys")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with open_database(app):
            await ensure_builtin_templates()
            jobs = None
            if settings.background_jobs:
                jobs = asyncio.create_task(schedule_forever(settings.job_interval_seconds))
            try:
                yield
            finally:
                if jobs is not None:
                    jobs.cancel()
                    with suppress(asyncio.CancelledError):
                        await jobs

    app = FastAPI(
        title="Mentorship survey service",
        description=(
            "Survey rounds, personal survey links, the survey page and feedback scoring. "
            "Errors are RFC 9457 problem details."
        ),
        version="1.0.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.rate_limiter = ClientRateLimiter(
        settings.survey_rate_limit, trusted_proxy_hops=settings.trusted_proxy_hops
    )
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.survey_max_body_bytes)
    app.include_router(health_router)
    app.include_router(api.router)
    app.include_router(pages.router)

    async def handle_survey_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, SurveyError)
        if request.url.path.startswith("/s/"):
            return pages.message_page(error)
        response = await survey_error_handler(request, error)
        if isinstance(error, TooManyRequests):
            response.headers["Retry-After"] = str(error.retry_after)
        return response

    app.add_exception_handler(SurveyError, handle_survey_error)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    return app


def _app_from_environment() -> FastAPI:
    try:
        return create_app()
    except SettingsError as error:
        raise SystemExit(f"surveys: {error}") from None


app = _app_from_environment()
