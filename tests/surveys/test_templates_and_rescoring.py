"""Template versions kept for old responses, and re-scoring after the scorer changes."""

from typing import Any

import httpx

from services.surveys.rescoring import rescore, rescore_responses
from services.surveys.results import release_closed_rounds
from services.surveys.rounds import close_round
from services.surveys.sentiment import SCORER_VERSION
from services.surveys.settings import SurveySettings
from shared.enums import Role
from shared.models import RoundResult, SurveyResponse, SurveyRound, SurveyTemplate
from tests.surveys.conftest import SurveyWorld, launch, link_for, token_of

NEW_MENTOR_SURVEY: dict[str, Any] = {
    "title": "Mentoring check-in",
    "introduction": "Two quick questions.",
    "questions": [
        {
            "id": "satisfaction",
            "kind": "LIKERT_5",
            "prompt": "How satisfied are you?",
            "counts_toward_satisfaction": True,
            "audience": "PROGRAM_TEAM",
        },
        {"id": "comments", "kind": "TEXT", "prompt": "Anything else?", "required": False},
    ],
}


def _service(settings: SurveySettings) -> dict[str, str]:
    return {"Authorization": f"Bearer {settings.secret('service_token')}"}


async def test_changing_a_used_template_makes_a_new_version(
    surveys_http: httpx.AsyncClient, world: SurveyWorld, survey_settings: SurveySettings
) -> None:
    body = await launch(surveys_http, world)
    old_token = token_of(link_for(body, world.people["Tomasz"]))

    changed = await surveys_http.put(
        "/api/v1/templates/mentor-check-in",
        json=NEW_MENTOR_SURVEY,
        headers=_service(survey_settings),
    )
    by_manager = await surveys_http.put(
        "/api/v1/templates/mentor-check-in",
        json=NEW_MENTOR_SURVEY,
        headers=world.manager_headers,
    )
    old_survey = await surveys_http.get(f"/api/v1/invitations/{old_token}")
    await surveys_http.post(
        f"/api/v1/invitations/{old_token}/response",
        json={
            "answers": [
                {"questionId": "satisfaction", "value": 4},
                {"questionId": "engagement", "value": 4},
                {"questionId": "program_support", "value": 4},
            ]
        },
    )

    assert changed.json()["version"] == 2
    assert by_manager.status_code == 403
    assert len(old_survey.json()["survey"]["questions"]) == 5  # the round keeps version 1
    stored = await SurveyResponse.find_one()
    assert stored is not None and stored.template_version == 1
    versions = await SurveyTemplate.find(SurveyTemplate.key == "mentor-check-in").to_list()
    assert sorted((t.version, t.is_current) for t in versions) == [(1, False), (2, True)]
    new_round = await launch(surveys_http, world, label="Next round")
    new_token = token_of(link_for(new_round, world.people["Tomasz"]))
    new_survey = await surveys_http.get(f"/api/v1/invitations/{new_token}")
    assert [q["id"] for q in new_survey.json()["survey"]["questions"]] == [
        "satisfaction",
        "comments",
    ]


async def test_an_unused_template_is_edited_in_place(
    surveys_http: httpx.AsyncClient, survey_settings: SurveySettings
) -> None:
    changed = await surveys_http.put(
        "/api/v1/templates/mentor-check-in",
        json=NEW_MENTOR_SURVEY,
        headers=_service(survey_settings),
    )
    invalid = await surveys_http.put(
        "/api/v1/templates/mentor-check-in",
        json={**NEW_MENTOR_SURVEY, "questions": NEW_MENTOR_SURVEY["questions"] * 2},
        headers=_service(survey_settings),
    )

    assert changed.json()["version"] == 1
    assert invalid.status_code == 422
    assert await SurveyTemplate.find(SurveyTemplate.key == "mentor-check-in").count() == 1


async def test_a_confidential_question_cannot_count_toward_a_pairs_satisfaction(
    surveys_http: httpx.AsyncClient, survey_settings: SurveySettings
) -> None:
    question = {**NEW_MENTOR_SURVEY["questions"][0], "audience": "CONFIDENTIAL"}

    refused = await surveys_http.put(
        "/api/v1/templates/mentor-check-in",
        json={**NEW_MENTOR_SURVEY, "questions": [question]},
        headers=_service(survey_settings),
    )

    assert refused.status_code == 422
    assert "audience must be PROGRAM_TEAM" in refused.text
    stored = await SurveyTemplate.find_one({"key": "mentor-check-in", "is_current": True})
    assert stored is not None and stored.questions[0].audience == "PROGRAM_TEAM"


async def _answered_by_an_older_scorer(
    client: httpx.AsyncClient, world: SurveyWorld
) -> dict[str, Any]:
    """A round where Daniel praised his mentor, his comment left unscored by an older version."""
    body = await launch(client, world)
    token = token_of(link_for(body, world.people["Daniel"]))
    answered = await client.post(
        f"/api/v1/invitations/{token}/response",
        json={
            "answers": [
                {"questionId": "satisfaction", "value": 4},
                {"questionId": "usefulness", "value": 4},
                {"questionId": "meeting_frequency", "value": "About right"},
                {"questionId": "nps", "value": 8},
                {"questionId": "went_well", "value": "Her feedback is invaluable."},
            ]
        },
    )
    assert answered.status_code == 201, answered.text
    await SurveyResponse.get_pymongo_collection().update_many(
        {}, {"$set": {"scorer_version": "old", "sentiments": []}}
    )
    return body


async def test_rescoring_updates_responses_scored_by_another_version(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    await _answered_by_an_older_scorer(surveys_http, world)

    first = await rescore_responses()
    second = await rescore_responses()

    stored = await SurveyResponse.find_one()
    assert (first, second) == (1, 0)
    assert stored is not None and stored.scorer_version == SCORER_VERSION
    assert [s.label for s in stored.sentiments] == ["POSITIVE"]


async def test_rescoring_adds_the_released_rounds_up_again(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    body = await _answered_by_an_older_scorer(surveys_http, world)
    survey_round = await SurveyRound.get(body["round"]["id"])
    assert survey_round is not None
    await close_round(survey_round)
    await release_closed_rounds()

    async def mentee_comments() -> tuple[int, int]:
        result = await RoundResult.get(body["round"]["id"])
        assert result is not None
        mentees = next(r for r in result.roles if r.role == Role.MENTEE)
        return mentees.comments.comments, mentees.comments.positive

    before = await mentee_comments()
    done = await rescore()

    assert (done.responses, done.rounds) == (1, 1)
    assert before == (0, 0)  # released while the comment was unscored
    assert await mentee_comments() == (1, 1)
