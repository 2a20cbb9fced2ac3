"""RFC 9457 problem details for the JSON API."""

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

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
