"""Calls to the survey service, which owns rounds: with the service token, a bounded timeout,
and its refusals turned into domain errors; and notices of changes it reacts to."""

import asyncio
import logging
from typing import Any

import httpx
from bson import ObjectId

from services.graphql_api.domain.errors import DomainError, ErrorCode
from services.graphql_api.settings import GraphQLSettings

logger = logging.getLogger(__name__)

STATUS_CODES = {
    403: ErrorCode.FORBIDDEN,
    404: ErrorCode.NOT_FOUND,
    409: ErrorCode.INVALID_TRANSITION,
    422: ErrorCode.INVALID,
}


def survey_http_client(settings: GraphQLSettings) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=settings.surveys_url,
        timeout=httpx.Timeout(settings.surveys_timeout_seconds),
        headers={"Authorization": f"Bearer {settings.secret('service_token')}"},
    )


async def call_survey_service(
    client: httpx.AsyncClient, method: str, path: str, *, json: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The JSON answer of the survey service; a DomainError when it refuses or cannot be
    reached (SURVEY_SERVICE_UNAVAILABLE), never a hang past the timeout."""
    try:
        response = await client.request(method, path, json=json)
    except httpx.HTTPError:
        raise DomainError.of(
            ErrorCode.SURVEY_SERVICE_UNAVAILABLE,
            "The survey service cannot be reached right now; please try again shortly.",
        ) from None
    if response.status_code >= 500:
        raise DomainError.of(
            ErrorCode.SURVEY_SERVICE_UNAVAILABLE,
            "The survey service failed to answer; please try again shortly.",
        )
    body: dict[str, Any] = response.json() if response.content else {}
    if response.status_code >= 400:
        code = STATUS_CODES.get(response.status_code, ErrorCode.INVALID)
        raise DomainError.of(code, str(body.get("detail") or "The survey service refused."))
    return body


class SurveyServiceNotices:
    """Tells the survey service that a pair or a program changed, without making the
    mutation wait: it revokes an ended pair's links, sends its end-of-program survey and
    refreshes recognitions. A notice that cannot be delivered is only logged: the survey
    service also sweeps recent changes every minute."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client
        self._pending: set[asyncio.Task[None]] = set()

    def pair_changed(self, pair_id: ObjectId) -> None:
        self._send(f"/api/v1/pairs/{pair_id}/changed")

    def program_changed(self, program_id: ObjectId) -> None:
        self._send(f"/api/v1/programs/{program_id}/changed")

    def _send(self, path: str) -> None:
        task = asyncio.create_task(self._post(path))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _post(self, path: str) -> None:
        try:
            response = await self._client.post(path)
        except httpx.HTTPError as error:
            logger.warning("survey service not told of %s: %s", path, type(error).__name__)
            return
        if response.status_code >= 400:
            logger.warning("survey service refused %s: %s", path, response.status_code)

    async def settle(self) -> None:
        """Wait for the notices under way (at shutdown, and in tests)."""
        while self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)
