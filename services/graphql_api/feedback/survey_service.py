"""Calls to the survey service, which owns rounds: with the service token, a bounded timeout,
and its refusals turned into domain errors."""

from typing import Any

import httpx

from services.graphql_api.domain.errors import DomainError, ErrorCode
from services.graphql_api.settings import GraphQLSettings

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
