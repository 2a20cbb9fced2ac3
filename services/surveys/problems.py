"""RFC 9457 problem details for the JSON API."""

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from services.surveys.errors import SurveyError

PROBLEM_JSON = "application/problem+json"


def problem_response(
    status: int, title: str, detail: str, *, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def instance_of(request: Request) -> str:
    """The problem's `instance`: the route's path template, so that a secret in the URL (a
    survey link's token) is never echoed back."""
    route = request.scope.get("route")
    return getattr(route, "path", None) or "/"


async def survey_error_handler(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, SurveyError)
    return problem_response(
        error.status, error.title, error.detail, instance=instance_of(request), **error.extra
    )


async def validation_error_handler(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    errors = [
        {
            "field": ".".join(str(part) for part in item["loc"] if part != "body"),
            "message": str(item["msg"]),
        }
        for item in error.errors()
    ]
    return problem_response(
        422,
        "Invalid request",
        "The request body does not have the expected shape.",
        instance=instance_of(request),
        errors=errors,
    )


HTTP_PROBLEMS = {
    400: ("Bad request", "The request body is not valid JSON in UTF-8."),
    404: ("Not found", "There is nothing at this address."),
    405: ("Method not allowed", "This address does not take that method."),
}


async def http_error_handler(request: Request, error: Exception) -> JSONResponse:
    """The framework's own refusals (an unparsable body, an unknown path, a wrong method) as
    problem documents too, in words for people."""
    assert isinstance(error, HTTPException)
    title, detail = HTTP_PROBLEMS.get(error.status_code, ("Request refused", str(error.detail)))
    return problem_response(
        error.status_code,
        title,
        detail,
        headers=dict(error.headers or {}),
        instance=instance_of(request),
    )
