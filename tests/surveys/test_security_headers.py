"""The survey link's token never leaks: no referrer, no cache, no framing, no echo in errors."""

import httpx

from tests.surveys.conftest import SurveyWorld, launch, link_for, token_of


async def test_the_survey_page_is_served_with_a_strict_policy(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    body = await launch(surveys_http, world)
    token = token_of(link_for(body, world.people["Daniel"]))

    page = await surveys_http.get(f"/s/{token}")
    flow = await surveys_http.get(f"/api/v1/invitations/{token}")

    assert page.status_code == 200 and flow.status_code == 200
    for response in (page, flow):
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src" not in policy  # the page runs no script


async def test_a_problem_document_never_echoes_the_token(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    secret = "x" * 43

    missing = await surveys_http.get(f"/api/v1/invitations/{secret}")
    invalid = await surveys_http.post(
        f"/api/v1/invitations/{secret}/response", json={"answers": "not a list"}
    )

    assert missing.status_code == 404 and invalid.status_code == 422
    for response in (missing, invalid):
        assert secret not in response.text
    assert missing.json()["instance"] == "/api/v1/invitations/{token}"
