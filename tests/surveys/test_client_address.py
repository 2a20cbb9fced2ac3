"""Who the client is, behind a proxy or not, as every launch path serves the apps
(`mentorship serve`): forwarding headers count only from the configured proxies."""

from typing import Any

import httpx
from pymongo import AsyncMongoClient

from services.surveys.app import create_app
from services.surveys.settings import SurveySettings
from tests.asgi import serve_on_socket


async def _guesses(settings: SurveySettings, mongo_client: AsyncMongoClient[Any]) -> list[int]:
    """Five requests from this host, each naming another client in X-Forwarded-For."""
    app = create_app(settings, mongo_client=mongo_client)
    async with (
        serve_on_socket(app, settings) as port,
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client,
    ):
        return [
            (
                await client.get(
                    f"/s/guess-{n}", headers={"X-Forwarded-For": f"198.51.100.{n + 1}"}
                )
            ).status_code
            for n in range(5)
        ]


async def test_forwarding_headers_from_an_unconfigured_peer_are_ignored(
    survey_settings: SurveySettings, mongo_client: AsyncMongoClient[Any]
) -> None:
    limited = survey_settings.model_copy(update={"survey_rate_limit": "3/minute"})

    statuses = await _guesses(limited, mongo_client)

    assert statuses == [404] * 3 + [429] * 2  # loopback is not a proxy unless configured


async def test_a_configured_proxy_names_the_client(
    survey_settings: SurveySettings, mongo_client: AsyncMongoClient[Any]
) -> None:
    behind_proxy = survey_settings.model_copy(
        update={"survey_rate_limit": "3/minute", "trusted_proxies": ["127.0.0.1/32"]}
    )

    statuses = await _guesses(behind_proxy, mongo_client)

    assert statuses == [404] * 5  # five clients, one request each
