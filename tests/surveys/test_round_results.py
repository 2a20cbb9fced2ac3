"""Releasing a closed round: what it adds up to, counted in distinct people, once."""

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from services.surveys.results import rebuild_results, release_closed_rounds
from services.surveys.settings import SurveySettings
from shared.enums import Role, ViewerRole
from shared.models import Pair, Participant, Program, RoundResult, SurveyRound
from shared.tokens import issue_development_token
from tests.factories import make_enrollment, make_pair, make_participant, make_program
from tests.surveys.conftest import round_body, token_of


@dataclass
class Cohort:
    """A program where one mentor has five mentees and another two."""

    program: Program
    big_mentor: Participant
    small_mentor: Participant
    pairs: list[Pair]
    headers: dict[str, str]


@pytest.fixture
async def cohort(survey_settings: SurveySettings) -> Cohort:
    manager = await make_participant(name="Manager")
    program = await make_program(manager_ids=[manager.id])
    big, small = await make_participant(name="Big"), await make_participant(name="Small")
    pairs = []
    for mentor, mentees in ((big, 5), (small, 2)):
        await make_enrollment(program=program, participant=mentor, role=Role.MENTOR)
        for _ in range(mentees):
            mentee = await make_participant()
            await make_enrollment(program=program, participant=mentee, role=Role.MENTEE)
            pairs.append(
                await make_pair(program=program, mentor=mentor, mentee=mentee, enroll=False)
            )
    assert manager.id is not None
    token = issue_development_token(
        survey_settings, participant_id=manager.id, roles=frozenset({ViewerRole.PROGRAM_MANAGER})
    )
    return Cohort(program, big, small, pairs, {"Authorization": f"Bearer {token}"})


def mentee_answers(n: int, comment: str | None = None, secret: str | None = None) -> list[Any]:
    answers: list[dict[str, Any]] = [
        {"questionId": "satisfaction", "value": 1 + n % 5},
        {"questionId": "usefulness", "value": 5},
        {"questionId": "meeting_frequency", "value": "Too rarely" if n % 2 else "About right"},
        {"questionId": "nps", "value": 10 - n % 11},
    ]
    if comment:
        answers.append({"questionId": "went_well", "value": comment})
    if secret:
        answers.append({"questionId": "program_better", "value": secret})
    return answers


async def launch_round(client: httpx.AsyncClient, cohort: Cohort, label: str) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/rounds", json=round_body(cohort.program, label=label), headers=cohort.headers
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def answer(client: httpx.AsyncClient, link: str, answers: list[Any]) -> None:
    response = await client.post(
        f"/api/v1/invitations/{token_of(link)}/response", json={"answers": answers}
    )
    assert response.status_code == 201, response.text


async def close(client: httpx.AsyncClient, cohort: Cohort, body: dict[str, Any]) -> None:
    response = await client.post(
        f"/api/v1/rounds/{body['round']['id']}/close", headers=cohort.headers
    )
    assert response.status_code == 200, response.text


async def test_a_round_is_released_only_once_closed_and_counts_distinct_people(
    surveys_http: httpx.AsyncClient, cohort: Cohort
) -> None:
    body = await launch_round(surveys_http, cohort, "Check-in")
    mentee_links = [item["link"] for item in body["links"] if item["role"] == "MENTEE"]
    for n, link in enumerate(mentee_links[:6]):
        await answer(
            surveys_http,
            link,
            mentee_answers(
                n,
                comment="My mentor is helpful and patient." if n < 5 else None,
                secret=f"Program idea number {n}" if n < 5 else None,
            ),
        )

    assert (await release_closed_rounds()).rounds == []  # open: nothing released
    assert await RoundResult.count() == 0
    await close(surveys_http, cohort, body)
    released = await release_closed_rounds()

    assert released.rounds == [body["round"]["id"]]
    result = await RoundResult.get(body["round"]["id"])
    assert result is not None
    mentees = next(r for r in result.roles if r.role == Role.MENTEE)
    mentors = next(r for r in result.roles if r.role == Role.MENTOR)
    assert (mentees.invited, mentees.respondents, mentees.responses) == (7, 6, 6)
    assert (mentors.invited, mentors.respondents, mentors.responses) == (7, 0, 0)
    assert mentees.satisfaction_count == 6
    assert mentees.nps_promoters == 2 and mentees.nps_passives == 2
    # Program-team and confidential comments are separate parts, each with its commenters.
    assert mentees.comments.commenters == 5 and mentees.comments.comments == 5
    assert mentees.confidential.commenters == 5 and mentees.confidential.comments == 5
    frequency = next(q for q in mentees.questions if q.question_id == "meeting_frequency")
    assert frequency.answerers == 6 and frequency.audience == "PROGRAM_TEAM"
    assert frequency.counts == {"Too rarely": 3, "About right": 3, "Too often": 0}
    nps = next(q for q in mentees.questions if q.question_id == "nps")
    assert nps.audience == "CONFIDENTIAL" and sum(nps.counts.values()) == 6
    assert list(nps.counts) == [str(n) for n in range(11)]
    # Mentor atoms hold only program-team answers of their own mentees.
    by_mentor = {m.mentor_id: m for m in result.mentors}
    assert by_mentor[cohort.big_mentor.id].respondents == 5
    assert by_mentor[cohort.big_mentor.id].comments.commenters == 5
    assert by_mentor[cohort.small_mentor.id].respondents == 1
    # Confidential comments are released as words only, in an order of their own.
    (secrets,) = result.confidential_comments
    assert secrets.question_id == "program_better" and secrets.commenters == 5
    assert sorted(c.text for c in secrets.comments) == [
        f"Program idea number {n}" for n in range(5)
    ]
    stored = result.model_dump()["confidential_comments"][0]["comments"][0]
    assert set(stored) == {"text", "label", "polarity", "intent", "language", "themes"}
    survey_round = await SurveyRound.get(body["round"]["id"])
    assert survey_round is not None and survey_round.released_at is not None
    assert (await release_closed_rounds()).rounds == []  # released once


async def test_one_person_answering_many_rounds_is_one_person_in_each(
    surveys_http: httpx.AsyncClient, cohort: Cohort
) -> None:
    first = cohort.pairs[0]
    for n in range(3):
        body = await launch_round(surveys_http, cohort, f"Round {n}")
        link = next(
            item["link"] for item in body["links"] if item["participantId"] == str(first.mentee_id)
        )
        await answer(surveys_http, link, mentee_answers(n, comment="Great advice."))
        await close(surveys_http, cohort, body)
    await release_closed_rounds()

    results = await RoundResult.find_all().to_list()
    assert len(results) == 3
    for result in results:
        mentees = next(r for r in result.roles if r.role == Role.MENTEE)
        assert (mentees.respondents, mentees.comments.commenters) == (1, 1)


async def test_rebuilding_gives_what_the_release_gave(
    surveys_http: httpx.AsyncClient, cohort: Cohort
) -> None:
    body = await launch_round(surveys_http, cohort, "Check-in")
    for n, item in enumerate(body["links"]):
        if item["role"] == "MENTEE":
            await answer(surveys_http, item["link"], mentee_answers(n, comment="Helpful."))
    await close(surveys_http, cohort, body)
    await release_closed_rounds()
    released = await RoundResult.get(body["round"]["id"])
    await RoundResult.get_pymongo_collection().update_one(
        {"_id": released.id if released else None}, {"$set": {"roles": []}}
    )  # drift

    assert await rebuild_results() == 1

    rebuilt = await RoundResult.get(body["round"]["id"])
    assert released is not None and rebuilt is not None
    assert rebuilt.roles == released.roles and rebuilt.mentors == released.mentors


async def test_comments_not_scored_are_counted_by_language_and_in_no_sentiment_figure(
    surveys_http: httpx.AsyncClient, cohort: Cohort
) -> None:
    body = await launch_round(surveys_http, cohort, "Check-in")
    mentee_links = [item["link"] for item in body["links"] if item["role"] == "MENTEE"]
    comments = [
        "我的导师总是取消我们的会面，我觉得很失望。",  # noqa: RUF001 (Chinese punctuation)
        "Il mio mentore annulla sempre i nostri incontri, sono molto deluso.",
        *["My mentor is helpful and patient."] * 5,
    ]
    for n, (link, comment) in enumerate(zip(mentee_links, comments, strict=True)):
        await answer(surveys_http, link, mentee_answers(n, comment=comment))
    await close(surveys_http, cohort, body)
    await release_closed_rounds()

    result = await RoundResult.get(body["round"]["id"])
    assert result is not None
    mentees = next(r for r in result.roles if r.role == Role.MENTEE)
    assert mentees.comments.not_scored == {"zh": 1, "it": 1}
    assert (mentees.comments.commenters, mentees.comments.comments) == (5, 5)
    assert mentees.comments.negative == 0 and mentees.comments.positive == 5
