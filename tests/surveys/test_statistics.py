"""Feedback statistics: kept up to date with every response, and rebuilt to the same numbers."""

import random
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from services.surveys.feedback_worker import drain
from services.surveys.statistics import rebuild_statistics
from shared.enums import PeriodKind, StatScope
from shared.models import FeedbackEvent, FeedbackNotice, FeedbackStat, SurveyResponse
from tests.surveys.conftest import SurveyWorld, launch, link_for, token_of

COMMENTS = [
    "My mentor is patient and her advice is insightful.",
    "He cancels most of our meetings and is hard to reach.",
    "We meet every second week.",
    "Great sessions, but they are always rushed.",
    "",
]


def _answers(rng: random.Random, role: str) -> list[dict[str, Any]]:
    if role == "MENTEE":
        answers = [
            {"questionId": "satisfaction", "value": rng.randint(1, 5)},
            {"questionId": "usefulness", "value": rng.randint(1, 5)},
            {"questionId": "meeting_frequency", "value": rng.choice(["Too rarely", "About right"])},
            {"questionId": "nps", "value": rng.randint(0, 10)},
        ]
        for question in ("went_well", "could_be_better"):
            comment = rng.choice(COMMENTS)
            if comment:
                answers.append({"questionId": question, "value": comment})
        return answers
    return [
        {"questionId": "satisfaction", "value": rng.randint(1, 5)},
        {"questionId": "engagement", "value": rng.randint(1, 5)},
        {"questionId": "program_support", "value": rng.randint(1, 5)},
        {"questionId": "comments", "value": rng.choice(COMMENTS) or None},
    ]


async def _answer_rounds(client: httpx.AsyncClient, world: SurveyWorld, rounds: int) -> None:
    rng = random.Random(7)
    for n in range(rounds):
        body = await launch(client, world, label=f"Round {n}")
        for item in body["links"]:
            if rng.random() < 0.8:
                response = await client.post(
                    f"/api/v1/invitations/{token_of(item['link'])}/response",
                    json={"answers": _answers(rng, item["role"])},
                )
                assert response.status_code == 201, response.text


def _comparable(stat: FeedbackStat) -> tuple[Any, dict[str, Any]]:
    data = stat.model_dump(exclude={"revision_id", "created_at", "updated_at"})
    key = (
        data.pop("scope"),
        data.pop("scope_id"),
        data.pop("period_kind"),
        data.pop("period"),
        data.pop("role"),
    )
    return key, data


def _assert_close(left: Any, right: Any) -> None:
    if isinstance(left, dict):
        assert left.keys() == right.keys()
        for name in left:
            _assert_close(left[name], right[name])
    elif isinstance(left, float) or isinstance(right, float):
        assert left == pytest.approx(right, abs=1e-9)
    else:
        assert left == right


async def test_rebuilt_buckets_equal_the_incremental_ones(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    await _answer_rounds(surveys_http, world, rounds=3)
    await drain()
    incremental = dict(_comparable(s) for s in await FeedbackStat.find_all().to_list())

    counted = await rebuild_statistics()
    rebuilt = dict(_comparable(s) for s in await FeedbackStat.find_all().to_list())

    assert counted == await SurveyResponse.count()
    assert incremental.keys() == rebuilt.keys()
    for key in incremental:
        _assert_close(incremental[key], rebuilt[key])


async def test_a_response_counts_in_six_buckets_with_its_numbers(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    body = await launch(surveys_http, world)
    token = token_of(link_for(body, world.people["Daniel"]))
    await surveys_http.post(
        f"/api/v1/invitations/{token}/response",
        json={
            "answers": [
                {"questionId": "satisfaction", "value": 4},
                {"questionId": "usefulness", "value": 2},
                {"questionId": "meeting_frequency", "value": "Too rarely"},
                {"questionId": "nps", "value": 10},
                {"questionId": "could_be_better", "value": "He cancels most of our meetings."},
            ]
        },
    )
    pending = await FeedbackEvent.count()
    await drain()

    stats = await FeedbackStat.find_all().to_list()
    program_month = next(
        s for s in stats if s.scope == StatScope.PROGRAM and s.period_kind == PeriodKind.MONTH
    )

    assert len(stats) == 6
    assert {s.scope for s in stats} == set(StatScope)
    now = datetime.now(UTC)
    assert program_month.period == f"{now:%Y-%m}"
    assert (program_month.responses, program_month.satisfaction_sum) == (1, 3.0)
    assert program_month.satisfaction_sq_sum == 9.0
    assert (program_month.nps_promoters, program_month.text_count) == (1, 1)
    assert program_month.negative_count == 1
    assert program_month.themes["AVAILABILITY"].negative == 1
    assert (pending, await FeedbackEvent.count(), await FeedbackNotice.count()) == (1, 0, 1)


async def test_rebuilding_removes_buckets_no_response_supports(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    await _answer_rounds(surveys_http, world, rounds=1)
    await drain()
    await SurveyResponse.get_pymongo_collection().delete_many({})

    await rebuild_statistics()

    assert await FeedbackStat.count() == 0
