"""The survey service's OpenAPI document is valid, complete and true: what it promises is what
the service sends, errors included."""

from typing import Any

import httpx
import jsonschema
import pytest
from openapi_spec_validator import validate

from tests.surveys.conftest import SurveyWorld, launch, link_for, token_of

SURVEY_FLOW = {
    ("get", "/api/v1/invitations/{token}"),
    ("post", "/api/v1/invitations/{token}/response"),
}
# Each operation and the error statuses it may send.
ERRORS = {
    ("post", "/api/v1/rounds"): {400, 401, 403, 409, 413, 422, 503},
    ("get", "/api/v1/rounds/{round_id}"): {401, 403, 404, 503},
    ("post", "/api/v1/rounds/{round_id}/close"): {401, 403, 404, 409, 503},
    ("post", "/api/v1/rounds/{round_id}/reminders"): {401, 403, 404, 409, 503},
    ("get", "/api/v1/rounds/{round_id}/results"): {401, 403, 404, 503},
    ("post", "/api/v1/invitations/{invitation_id}/reissue"): {401, 403, 404, 409, 503},
    ("get", "/api/v1/invitations/{token}"): {403, 404, 410, 429, 503},
    ("post", "/api/v1/invitations/{token}/response"): {400, 403, 404, 409, 410, 413, 422, 429, 503},
    ("get", "/api/v1/templates"): {401, 503},
    ("put", "/api/v1/templates/{key}"): {400, 401, 403, 404, 413, 422, 503},
    ("post", "/api/v1/jobs/{name}/run"): {401, 403, 404, 409, 503},
    ("post", "/api/v1/pairs/{pair_id}/changed"): {401, 403, 404, 503},
    ("post", "/api/v1/programs/{program_id}/changed"): {401, 403, 404, 503},
    ("get", "/api/v1/metrics"): {401, 403, 503},
}


@pytest.fixture
async def spec(surveys_http: httpx.AsyncClient) -> dict[str, Any]:
    document: dict[str, Any] = (await surveys_http.get("/openapi.json")).json()
    return document


def operations(spec: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method, path): operation
        for path, methods in spec["paths"].items()
        for method, operation in methods.items()
    }


def conforms(spec: dict[str, Any], schema: dict[str, Any], instance: Any) -> None:
    """Raise unless `instance` is valid under `schema` of the document."""
    jsonschema.validate(instance, {**schema, "components": spec["components"]})


def body_schema(
    spec: dict[str, Any], method: str, path: str, status: int, media: str = "application/json"
) -> dict[str, Any]:
    schema: dict[str, Any] = spec["paths"][path][method]["responses"][str(status)]["content"][
        media
    ]["schema"]
    return schema


async def test_the_document_is_valid_openapi(spec: dict[str, Any]) -> None:
    validate(spec)
    assert spec["openapi"].startswith("3.")


async def test_management_takes_a_bearer_token_and_the_survey_flow_takes_none(
    spec: dict[str, Any],
) -> None:
    schemes = spec["components"]["securitySchemes"]
    (name,) = [n for n, s in schemes.items() if (s["type"], s.get("scheme")) == ("http", "bearer")]

    for key, operation in operations(spec).items():
        if not key[1].startswith("/api/v1/"):
            continue
        if key in SURVEY_FLOW:
            assert "security" not in operation, key
        else:
            assert operation["security"] == [{name: []}], key


async def test_every_success_is_a_typed_model(spec: dict[str, Any]) -> None:
    for (method, path), operation in operations(spec).items():
        success = next(r for s, r in operation["responses"].items() if s < "300")
        content = success["content"]
        if "application/json" not in content:
            assert list(content) == ["text/plain; version=1.0.0; charset=utf-8"], path
            continue
        schema = content["application/json"]["schema"]
        ref = schema.get("$ref") or schema.get("items", {}).get("$ref")
        assert ref and ref.startswith("#/components/schemas/"), (method, path, schema)


async def test_every_error_is_a_documented_problem_document(spec: dict[str, Any]) -> None:
    assert "HTTPValidationError" not in str(spec)
    for key, statuses in ERRORS.items():
        responses = operations(spec)[key]["responses"]
        errors = {int(status) for status in responses if status >= "400"}
        assert errors == statuses, key
        for status in statuses:
            content = responses[str(status)]["content"]
            assert content == {
                "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
            }, (key, status)


async def test_csv_is_listed_where_it_is_served(spec: dict[str, Any]) -> None:
    assert "text/csv" in spec["paths"]["/api/v1/rounds"]["post"]["responses"]["201"]["content"]
    results = spec["paths"]["/api/v1/rounds/{round_id}/results"]["get"]["responses"]["200"]
    assert "text/csv" in results["content"]


async def test_waiting_is_documented_with_its_headers(spec: dict[str, Any]) -> None:
    for key, statuses in ERRORS.items():
        responses = operations(spec)[key]["responses"]
        if 429 in statuses:
            assert {"Retry-After", "RateLimit", "RateLimit-Policy"} <= set(
                responses["429"]["headers"]
            )
            success = next(r for s, r in responses.items() if s < "300")
            assert {"RateLimit", "RateLimit-Policy"} <= set(success["headers"])
        assert "Retry-After" in responses["503"]["headers"], key


async def test_problems_sent_are_the_documented_shape(
    surveys_http: httpx.AsyncClient, spec: dict[str, Any], world: SurveyWorld
) -> None:
    problem = {"$ref": "#/components/schemas/Problem"}
    headers = world.manager_headers
    sent = [
        await surveys_http.get("/api/v1/rounds/000000000000000000000000", headers=headers),
        await surveys_http.get("/api/v1/templates"),
        await surveys_http.post("/api/v1/rounds", json={"label": ""}, headers=headers),
        await surveys_http.post(
            "/api/v1/rounds",
            content=b'{"label": "\xff"}',
            headers={**headers, "Content-Type": "application/json"},
        ),
        await surveys_http.post("/api/v1/invitations/nothing/response", content=b"x" * (70 * 1024)),
        await surveys_http.get("/api/v1/metrics", headers=headers),
    ]

    assert [r.status_code for r in sent] == [404, 401, 422, 400, 413, 403]
    for response in sent:
        assert response.headers["content-type"] == "application/problem+json"
        conforms(spec, problem, response.json())
    assert sent[2].json()["errors"][0]["field"]


async def test_success_bodies_are_the_documented_shape(
    surveys_http: httpx.AsyncClient, spec: dict[str, Any], world: SurveyWorld
) -> None:
    headers = world.manager_headers
    launched = await launch(surveys_http, world)
    round_id = launched["round"]["id"]
    token = token_of(link_for(launched, world.people["Daniel"]))
    shown = await surveys_http.get(f"/api/v1/invitations/{token}")
    progress = await surveys_http.get(f"/api/v1/rounds/{round_id}", headers=headers)
    results = await surveys_http.get(f"/api/v1/rounds/{round_id}/results", headers=headers)
    reminded = await surveys_http.post(f"/api/v1/rounds/{round_id}/reminders", headers=headers)

    conforms(spec, body_schema(spec, "post", "/api/v1/rounds", 201), launched)
    conforms(spec, body_schema(spec, "get", "/api/v1/invitations/{token}", 200), shown.json())
    conforms(spec, body_schema(spec, "get", "/api/v1/rounds/{round_id}", 200), progress.json())
    conforms(
        spec, body_schema(spec, "get", "/api/v1/rounds/{round_id}/results", 200), results.json()
    )
    conforms(
        spec,
        body_schema(spec, "post", "/api/v1/rounds/{round_id}/reminders", 200),
        reminded.json(),
    )
