"""The survey service's ASGI app: `services.surveys.app:app`."""

from typing import Any

from fastapi import FastAPI
from pymongo import AsyncMongoClient

from services.surveys.settings import SurveySettings
from shared.db import database_lifespan
from shared.health import router as health_router
from shared.settings import SettingsError, load_settings


def create_app(
    settings: SurveySettings | None = None, *, mongo_client: AsyncMongoClient[Any] | None = None
) -> FastAPI:
    """Build the app; `mongo_client` lets tests share one client instead of opening another."""
    settings = settings or load_settings(SurveySettings)
    app = FastAPI(
        title="Mentorship survey service",
        description="Survey rounds, personal survey links, the survey page and feedback scoring.",
        version="1.0.0",
        lifespan=database_lifespan(settings, client=mongo_client, app_name="surveys"),
    )
    app.include_router(health_router)
    return app


def _app_from_environment() -> FastAPI:
    try:
        return create_app()
    except SettingsError as error:
        raise SystemExit(f"surveys: {error}") from None


app = _app_from_environment()
