"""RFC 9457 problem details for the JSON API: the documents sent, and how OpenAPI shows them."""

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from services.surveys.errors import SurveyError

PROBLEM_JSON = "application/problem+json"


class ProblemItem(BaseModel):
    """One thing to correct: a field of the request, or a question of the survey."""

    field: str | None = Field(default=None, description="The field, dotted (`answers.0.value`).")
    question_id: str | None = Field(
        default=None, alias="questionId", description="The survey question."
    )
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem document, the body of every error of the JSON API."""

    type: str = Field(description="Always `about:blank`: the status says what happened.")
    title: str = Field(description="A short summary, the same for every problem of its kind.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What happened, in words for people; safe to show.")
    instance: str | None = Field(
        default=None,
        description="The route's path template (never the URL itself: it may hold a link).",
    )
    errors: list[ProblemItem] | None = Field(
        default=None, description="With 422: each field or answer that needs attention."
    )


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


# How each status reads in the API documentation, unless an operation says more.
PROBLEM_MEANINGS = {
    400: "The body is not JSON in UTF-8.",
    401: "No token, or one that is not valid: send `Authorization: Bearer <token>`.",
    403: "The token's holder may not do this.",
    404: "Nothing has this id (or this link does not work).",
    409: "What it would change is not in a state that allows it.",
    410: "The survey has closed.",
    413: "The body is larger than the service accepts (64 KiB unless configured).",
    422: "The request has the wrong shape or breaks a rule; `errors` says where.",
    429: "Too many requests from this client or for this link: wait `Retry-After` seconds.",
    503: "The database cannot be reached; nothing was stored. Retry after `Retry-After` seconds.",
}
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 1},
    }
}
RATE_LIMIT_HEADERS = {
    "RateLimit-Policy": {
        "description": 'Each limit that counted this request, as `"name";q=<requests>;w=<seconds>`'
        " (IETF draft-ietf-httpapi-ratelimit-headers).",
        "schema": {"type": "string"},
    },
    "RateLimit": {
        "description": 'Where each limit stands, as `"name";r=<requests left>;t=<seconds>`.',
        "schema": {"type": "string"},
    },
}
PROBLEM_SCHEMA_REF = {"$ref": "#/components/schemas/Problem"}


def problem_responses(
    *statuses: int, say: dict[int, str] | None = None, rate_limited: bool = False
) -> dict[int | str, dict[str, Any]]:
    """The `responses` of an operation for the problems it may send, each documented as
    `application/problem+json`; `say` words a status for this operation."""
    documented: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        headers: dict[str, Any] = {}
        if status in (429, 503):
            headers.update(RETRY_AFTER)
        if rate_limited:
            headers.update(RATE_LIMIT_HEADERS)
        documented[status] = {
            "description": (say or {}).get(status, PROBLEM_MEANINGS[status]),
            "content": {PROBLEM_JSON: {"schema": PROBLEM_SCHEMA_REF}},
            **({"headers": headers} if headers else {}),
        }
    return documented


def document_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Complete an OpenAPI document made by FastAPI: the `Problem` schema the operations refer
    to, and no trace of FastAPI's own validation error shape, which this service never sends."""
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(problem.pop("$defs", {}))
    schemas["Problem"] = problem
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            unsent = operation.get("responses", {}).get("422", {})
            if "HTTPValidationError" in str(unsent.get("content", "")):
                del operation["responses"]["422"]
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    return schema
