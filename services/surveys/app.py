"""The survey service's ASGI app, made by `create_app` (`mentorship serve surveys` serves it)."""

import asyncio
import logging
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pymongo import AsyncMongoClient
from pymongo.errors import PyMongoError
from starlette.exceptions import HTTPException as StarletteHTTPException

from services.surveys import (
    api,
    api_docs,
    exports,
    operations,
    pages,
    survey_flow_api,
    templates_api,
)
from services.surveys.automation.jobs import run_scheduler
from services.surveys.builtin_templates import ensure_builtin_templates
from services.surveys.errors import DatabaseUnavailable, SurveyError, UnexpectedError
from services.surveys.feedback_worker import FeedbackWorker
from services.surveys.leases import replica_name
from services.surveys.migrations import upgrade_stored_feedback
from services.surveys.problems import (
    document_problems,
    http_error_handler,
    survey_error_handler,
    validation_error_handler,
)
from services.surveys.rate_limit import (
    RateLimitHeadersMiddleware,
    SurveyRateLimiter,
    TooManyRequests,
)
from services.surveys.security_headers import SecurityHeadersMiddleware
from services.surveys.settings import SurveySettings
from shared.body_limit import BodySizeLimitMiddleware
from shared.db import DatabaseUnavailableError, database_lifespan, is_unavailable
from shared.health import router as health_router
from shared.liveness import Liveness, stop_tasks
from shared.settings import load_settings

logger = logging.getLogger(__name__)


async def _worker_after_upgrades(worker: FeedbackWorker) -> None:
    while True:
        try:
            await upgrade_stored_feedback(holder=worker.holder)
            break
        except Exception as error:  # the database is away: try again shortly
            logger.warning("stored feedback upgrade paused: %s", type(error).__name__)
            await asyncio.sleep(5)
    await worker.run_forever()


def _start_background_work(app: FastAPI, settings: SurveySettings) -> list[asyncio.Task[None]]:
    """The feedback worker and the scheduler, watched by `/healthz`."""
    liveness: Liveness = app.state.liveness
    work: dict[str, Coroutine[Any, Any, None]] = {}
    if settings.feedback_worker:
        worker = FeedbackWorker()
        app.state.feedback_worker = worker
        work["feedback worker"] = _worker_after_upgrades(worker)
    work["scheduler"] = run_scheduler(settings, holder=replica_name())
    tasks = []
    for name, job in work.items():
        task = asyncio.create_task(job, name=name)
        liveness.watch(name, task)
        tasks.append(task)
    return tasks


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
            tasks = _start_background_work(app, settings) if settings.background_jobs else []
            try:
                yield
            finally:
                await stop_tasks(tasks)

    app = FastAPI(
        title="Mentorship survey service",
        description=(
            "Survey rounds, personal survey links, the survey page and feedback scoring. "
            "Errors are RFC 9457 problem details."
        ),
        version="1.0.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.liveness = Liveness()
    app.state.feedback_worker = None
    app.state.rate_limiter = SurveyRateLimiter(
        settings.survey_rate_limit, settings.survey_link_rate_limit
    )
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.survey_max_body_bytes)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(RateLimitHeadersMiddleware)
    app.include_router(health_router)
    app.include_router(api.router)
    app.include_router(exports.router)
    app.include_router(survey_flow_api.router)
    app.include_router(templates_api.router)
    app.include_router(operations.router)
    app.include_router(pages.router)
    app.include_router(api_docs.router)
    app.mount(api_docs.ASSETS_PATH, api_docs.docs_assets(), name="docs-assets")

    async def handle_survey_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, SurveyError)
        if request.url.path.startswith("/s/"):
            return pages.message_page(error)
        response = await survey_error_handler(request, error)
        if isinstance(error, TooManyRequests | DatabaseUnavailable):
            response.headers["Retry-After"] = str(error.retry_after)
        return response

    async def handle_database_error(request: Request, error: Exception) -> Response:
        if is_unavailable(error):
            return await handle_survey_error(request, DatabaseUnavailable())
        logger.error("database error: %s", error, exc_info=error)
        return await handle_survey_error(request, UnexpectedError())

    app.add_exception_handler(SurveyError, handle_survey_error)
    app.add_exception_handler(PyMongoError, handle_database_error)
    app.add_exception_handler(DatabaseUnavailableError, handle_database_error)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.add_exception_handler(StarletteHTTPException, http_error_handler)
    _document_problems(app)
    return app


def _document_problems(app: FastAPI) -> None:
    """`/openapi.json` completed with the problem documents the service sends."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_problems(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
