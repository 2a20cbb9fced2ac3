"""The survey flow in JSON for custom frontends, exactly-once storage, and abuse limits."""

import asyncio
import json
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient

from services.surveys.app import create_app
from services.surveys.health import evaluate_pair
from services.surveys.settings import SurveySettings
from shared.models import SurveyResponse
from tests.asgi import serve, serve_clients
from tests.factories import make_check_in
from tests.surveys.conftest import SurveyWorld, launch, link_for, token_of

ANSWERS = {
    "answers": [
        {"questionId": "satisfaction", "value": 2},
        {"questionId": "usefulness", "value": 3},
        {"questionId": "meeting_frequency", "value": "Too rarely"},
        {"questionId": "nps", "value": 4},
        {"questionId": "could_be_better", "value": "He cancels most of our meetings."},
    ]
}


async def _token(client: httpx.AsyncClient, world: SurveyWorld, name: str = "Daniel") -> str:
    return token_of(link_for(await launch(client, world), world.people[name]))


async def test_a_frontend_reads_the_survey_and_answers_it(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    token = await _token(surveys_http, world, "Tomasz")

    survey = await surveys_http.get(f"/api/v1/invitations/{token}")
    answered = await surveys_http.post(
        f"/api/v1/invitations/{token}/response",
        json={
            "answers": [
                {"questionId": "satisfaction", "value": 5},
                {"questionId": "engagement", "value": 4},
                {"questionId": "program_support", "value": 1},
            ]
        },
    )

    body = survey.json()
    assert body["about"] == {"name": "Daniel", "role": "MENTEE"}  # a mentor sees the mentee
    assert body["program"] == {"name": "Master & Apprentice"}
    question = body["survey"]["questions"][0]
    assert (question["id"], question["kind"], question["min"], question["max"]) == (
        "satisfaction",
        "LIKERT_5",
        1,
        5,
    )
    assert answered.status_code == 201 and answered.json()["status"] == "SUBMITTED"
    stored = await SurveyResponse.find_one()
    # The pair's satisfaction is seen with the pair: the confidential question about the
    # program's support (answered 1) is not part of it.
    assert stored is not None and stored.satisfaction == 4.5 and stored.nps is None


async def test_each_question_says_who_will_see_the_answer_before_it_is_given(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    token = await _token(surveys_http, world)

    body = (await surveys_http.get(f"/api/v1/invitations/{token}")).json()

    audiences = {q["id"]: q["audience"] for q in body["survey"]["questions"]}
    assert audiences == {
        "satisfaction": "PROGRAM_TEAM",
        "usefulness": "PROGRAM_TEAM",
        "meeting_frequency": "PROGRAM_TEAM",
        "went_well": "PROGRAM_TEAM",
        "could_be_better": "PROGRAM_TEAM",
        "manager_note": "PROGRAM_TEAM",
        "nps": "CONFIDENTIAL",
        "program_better": "CONFIDENTIAL",
    }
    invites = {q["id"]: q["invites"] for q in body["survey"]["questions"]}
    assert invites["could_be_better"] == "IMPROVEMENT" and invites["went_well"] == "PRAISE"
    assert invites["satisfaction"] is None
    privacy = body["privacy"]
    assert [a["audience"] for a in privacy["audiences"]] == ["PROGRAM_TEAM", "CONFIDENTIAL"]
    confidential = privacy["audiences"][1]["explanation"]
    assert f"at least {privacy['minGroupSize']} people" in confidential
    assert "never sees" in privacy["audiences"][0]["explanation"]
    assert "program team" in privacy["summary"] and "confidential" in privacy["summary"]


async def test_negative_comments_are_scored_and_themed(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    token = await _token(surveys_http, world)

    await surveys_http.post(f"/api/v1/invitations/{token}/response", json=ANSWERS)

    stored = await SurveyResponse.find_one()
    assert stored is not None
    sentiment = stored.sentiments[0]
    assert (sentiment.question_id, sentiment.label) == ("could_be_better", "NEGATIVE")
    assert "AVAILABILITY" in {t.theme for t in sentiment.themes}
    assert stored.satisfaction == 2.5 and stored.nps == 4


@pytest.mark.parametrize(
    ("answers", "question"),
    [
        ([{"questionId": "satisfaction", "value": 6}], "satisfaction"),
        ([{"questionId": "satisfaction", "value": True}], "satisfaction"),
        ([{"questionId": "meeting_frequency", "value": "Daily"}], "meeting_frequency"),
        ([{"questionId": "went_well", "value": "x" * 2001}], "went_well"),
        ([{"questionId": "unknown", "value": 1}], "unknown"),
    ],
)
async def test_invalid_answers_are_a_problem_detail_and_nothing_is_stored(
    surveys_http: httpx.AsyncClient, world: SurveyWorld, answers: list[Any], question: str
) -> None:
    token = await _token(surveys_http, world)
    complete = {a["questionId"]: a for a in ANSWERS["answers"]}
    complete.update({a["questionId"]: a for a in answers})

    response = await surveys_http.post(
        f"/api/v1/invitations/{token}/response", json={"answers": list(complete.values())}
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert question in {e["questionId"] for e in response.json()["errors"]}
    assert await SurveyResponse.count() == 0


async def test_a_lone_surrogate_in_a_comment_is_a_clear_problem_not_a_crash(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    token = await _token(surveys_http, world)
    answers = [*ANSWERS["answers"], {"questionId": "went_well", "value": "Great \ud800 mentor"}]

    response = await surveys_http.post(
        f"/api/v1/invitations/{token}/response",
        content=json.dumps({"answers": answers}),  # JSON escapes the surrogate as \ud800
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["questionId"] for e in response.json()["errors"]] == ["went_well"]
    assert await SurveyResponse.count() == 0


async def test_a_body_that_is_not_utf8_json_is_a_problem_document(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    token = await _token(surveys_http, world)
    latin1 = b'{"answers": [{"questionId": "went_well", "value": "caf\xe9"}]}'

    response = await surveys_http.post(
        f"/api/v1/invitations/{token}/response",
        content=latin1,
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "The request body is not valid JSON in UTF-8."
    assert token not in response.text
    assert await SurveyResponse.count() == 0


async def test_two_hundred_concurrent_submissions_store_exactly_one(
    survey_settings: SurveySettings, mongo_client: AsyncMongoClient[Any], world: SurveyWorld
) -> None:
    generous = survey_settings.model_copy(
        update={"survey_rate_limit": "1000/minute", "survey_link_rate_limit": "1000/minute"}
    )
    async with serve(create_app(generous, mongo_client=mongo_client)) as client:
        token = await _token(client, world)

        responses = await asyncio.gather(
            *(
                client.post(f"/api/v1/invitations/{token}/response", json=ANSWERS)
                for _ in range(200)
            )
        )

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * 199
    assert await SurveyResponse.count() == 1


async def test_an_oversized_body_is_refused_with_413(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    token = await _token(surveys_http, world)
    huge = {"answers": [{"questionId": "went_well", "value": "y" * 70_000}]}

    encoded = json.dumps(huge).encode()

    async def streamed() -> Any:  # no Content-Length: the size is only known while reading
        for start in range(0, len(encoded), 8192):
            yield encoded[start : start + 8192]

    declared = await surveys_http.post(f"/api/v1/invitations/{token}/response", json=huge)
    chunked = await surveys_http.post(
        f"/api/v1/invitations/{token}/response",
        content=streamed(),
        headers={"Content-Type": "application/json"},
    )

    for response in (declared, chunked):
        assert response.status_code == 413
        assert response.headers["content-type"] == "application/problem+json"
    assert await SurveyResponse.count() == 0


async def test_too_many_requests_from_one_address_get_429_with_retry_after(
    survey_settings: SurveySettings, mongo_client: AsyncMongoClient[Any], world: SurveyWorld
) -> None:
    limited = survey_settings.model_copy(update={"survey_rate_limit": "5/minute"})
    async with serve(create_app(limited, mongo_client=mongo_client)) as client:
        statuses = [(await client.get(f"/s/unknown-token-{n}")).status_code for n in range(7)]
        api = await client.get("/api/v1/invitations/unknown-token")

    assert statuses == [404] * 5 + [429] * 2
    assert api.status_code == 429
    assert int(api.headers["retry-after"]) >= 1
    assert api.json()["status"] == 429
    assert "your address" in api.json()["detail"]


async def test_one_link_is_limited_whatever_address_the_requests_come_from(
    survey_settings: SurveySettings, mongo_client: AsyncMongoClient[Any], world: SurveyWorld
) -> None:
    limited = survey_settings.model_copy(update={"survey_link_rate_limit": "3/minute"})
    async with serve_clients(create_app(limited, mongo_client=mongo_client)) as client_from:
        token = await _token(client_from("127.0.0.1"), world)
        statuses = [  # a new client address for every request
            (await client_from(f"203.0.113.{n}").get(f"/api/v1/invitations/{token}")).status_code
            for n in range(5)
        ]
        other_link = await client_from("127.0.0.1").get("/api/v1/invitations/another-link")

    assert statuses == [200] * 3 + [429] * 2
    assert other_link.status_code == 404  # other links are not held back


async def test_a_client_cannot_name_its_own_address_in_x_forwarded_for(
    survey_settings: SurveySettings, mongo_client: AsyncMongoClient[Any]
) -> None:
    limited = survey_settings.model_copy(update={"survey_rate_limit": "3/minute"})
    async with serve(create_app(limited, mongo_client=mongo_client)) as client:
        statuses = [
            (
                await client.get(f"/s/guess-{n}", headers={"X-Forwarded-For": f"198.51.100.{n}"})
            ).status_code
            for n in range(5)
        ]

    assert statuses == [404] * 3 + [429] * 2


async def test_ipv6_clients_are_counted_per_64_block(
    survey_settings: SurveySettings, mongo_client: AsyncMongoClient[Any]
) -> None:
    limited = survey_settings.model_copy(update={"survey_rate_limit": "3/minute"})
    async with serve_clients(create_app(limited, mongo_client=mongo_client)) as client_from:
        statuses = [  # four addresses of one subscriber's /64
            (await client_from(f"2001:db8:1:2::{n + 1}").get(f"/s/guess-{n}")).status_code
            for n in range(4)
        ]
        next_block = await client_from("2001:db8:1:3::1").get("/s/guess-x")

    assert statuses == [404] * 3 + [429]
    assert next_block.status_code == 404


async def test_responses_say_how_much_of_each_limit_is_left(
    survey_settings: SurveySettings, mongo_client: AsyncMongoClient[Any], world: SurveyWorld
) -> None:
    limited = survey_settings.model_copy(
        update={"survey_rate_limit": "10/minute", "survey_link_rate_limit": "2/minute"}
    )
    async with serve(create_app(limited, mongo_client=mongo_client)) as client:
        token = await _token(client, world)
        first = await client.get(f"/api/v1/invitations/{token}")
        await client.get(f"/s/{token}")
        refused = await client.get(f"/s/{token}")

    assert first.headers["ratelimit-policy"] == '"client";q=10;w=60, "link";q=2;w=60'
    assert first.headers["ratelimit"].startswith('"client";r=9;t=')
    assert '"link";r=1;t=' in first.headers["ratelimit"]
    assert refused.status_code == 429
    assert '"link";r=0;t=' in refused.headers["ratelimit"]
    assert int(refused.headers["retry-after"]) >= 1


async def test_comments_in_languages_the_scorer_does_not_read_are_stored_not_scored(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    token = await _token(surveys_http, world)
    criticism = {
        "went_well": "导师经常取消我们的会议，而且很难联系到他。",  # noqa: RUF001
        "could_be_better": (
            "Il mio mentore cancella spesso i nostri incontri ed è difficile da raggiungere."
        ),
    }

    await surveys_http.post(
        f"/api/v1/invitations/{token}/response",
        json={
            "answers": [
                *ANSWERS["answers"][:4],
                *({"questionId": q, "value": text} for q, text in criticism.items()),
            ]
        },
    )

    stored = await SurveyResponse.find_one()
    assert stored is not None
    by_question = {s.question_id: s for s in stored.sentiments}
    assert (by_question["went_well"].label, by_question["went_well"].language) == (
        "NOT_SCORED",
        "zh",
    )
    assert (by_question["could_be_better"].label, by_question["could_be_better"].language) == (
        "NOT_SCORED",
        "it",
    )
    assert all(s.polarity == 0.0 and not s.themes for s in stored.sentiments)


async def _health_after_answering(
    client: httpx.AsyncClient, world: SurveyWorld, question_id: str, comment: str, nps: int
) -> tuple[str, list[str]]:
    """Daniel, who meets his mentor regularly, answers well with one comment; the pair's
    health right after."""
    token = await _token(client, world)
    await make_check_in(pair=world.pairs[0])
    await client.post(
        f"/api/v1/invitations/{token}/response",
        json={
            "answers": [
                {"questionId": "satisfaction", "value": 4},
                {"questionId": "usefulness", "value": 5},
                {"questionId": "meeting_frequency", "value": "Too rarely"},
                {"questionId": "nps", "value": nps},
                {"questionId": question_id, "value": comment},
            ]
        },
    )
    assessed = await evaluate_pair(world.pairs[0].id)  # type: ignore[arg-type]
    assert assessed is not None
    return assessed.status.value, [r.code.value for r in assessed.reasons]


@pytest.mark.parametrize(
    ("comment", "health"),
    [
        ("More frequent meetings would help", ("HEALTHY", [])),
        ("My mentor cancelled our last three meetings.", ("WATCH", ["NEGATIVE_COMMENT"])),
    ],
)
async def test_a_suggestion_never_makes_a_pair_unhealthy_but_a_reported_problem_does(
    surveys_http: httpx.AsyncClient,
    world: SurveyWorld,
    comment: str,
    health: tuple[str, list[str]],
) -> None:
    found = await _health_after_answering(surveys_http, world, "could_be_better", comment, nps=9)

    assert found == health


async def test_a_confidential_comment_never_reaches_a_pairs_health(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    confidential = "My mentor is rude and never shows up."

    found = await _health_after_answering(
        surveys_http, world, "program_better", confidential, nps=2
    )

    assert found == ("HEALTHY", [])
