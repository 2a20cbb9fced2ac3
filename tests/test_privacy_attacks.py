"""Attacks on the privacy promise, run end to end: answers go through the survey API, rounds
close and are released, and the attacker reads GraphQL and the export. Each attack must learn
nothing about an answer it may not see on its own (`shared.feedback.privacy`).

The program's minimum group size is 5. One mentor ("Big") has five mentees, another ("Small")
two.
"""

import csv
import io
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from bson import ObjectId

from services.surveys.results import release_closed_rounds
from shared.models import Participant, SurveyRound
from shared.tokens import issue_development_token
from tests.graphql.client import MANAGER, GraphQLTester, gid, nodes
from tests.surveys.test_round_results import (
    Cohort,
    answer,
    close,
    cohort,
    launch_round,
    mentee_answers,
)

__all__ = ["cohort"]  # the fixture, shared with the survey service's tests

FIGURES = """query($id: ID!, $from: Date, $to: Date) { program(id: $id) {
  satisfaction(from: $from, to: $to) {
    availability responses averageScore nps positiveShare negativeShare suggestionShare
    commentsNotScored { language comments } }
  satisfactionTrend(granularity: QUARTER, from: $from, to: $to) {
    period availability responses averageScore nps averagePolarity negativeShare }
  insights { availability themes { theme mentions negativeMentions averagePolarity } }
  recognitions(period: null, first: 10) { edges { node { rank score evidence { responses
    averageSatisfaction positiveCommentShare } } } }
} }"""
OWN_RECOGNITIONS = """query($id: ID!) { node(id: $id) { ... on Participant {
  recognitions { edges { node { period rank score evidence { responses averageSatisfaction
    positiveCommentShare } } } } } } }"""
RESULTS = """query($id: ID!, $round: ID!) { program(id: $id) {
  questionResults(roundId: $round) { role questionId audience availability answerers
    distribution { value count } }
  confidentialComments(roundId: $round) { questionId availability
    comments { totalCount edges { node { text } } } }
} }"""


async def manager_of(cohort: Cohort) -> Participant:
    manager = await Participant.find_one({"name": "Manager"})
    assert manager is not None
    return manager


async def figures(gql: GraphQLTester, cohort: Cohort, **window: str) -> dict[str, Any]:
    manager = await manager_of(cohort)
    data = await gql.data(
        FIGURES, {"id": gid(cohort.program), **window}, viewer=manager, roles=MANAGER
    )
    found: dict[str, Any] = data["program"]
    found["recognitions"] = nodes(found["recognitions"])
    return found


async def own_recognitions(gql: GraphQLTester, mentor: Participant) -> list[dict[str, Any]]:
    data = await gql.data(OWN_RECOGNITIONS, {"id": gid(mentor)}, viewer=mentor)
    found: list[dict[str, Any]] = nodes(data["node"]["recognitions"])
    return found


def links_by_participant(body: dict[str, Any]) -> dict[str, str]:
    return {item["participantId"]: item["link"] for item in body["links"]}


async def answer_all(
    client: httpx.AsyncClient, cohort: Cohort, body: dict[str, Any], **extra: Any
) -> None:
    links = links_by_participant(body)
    for n, pair in enumerate(cohort.pairs):
        await answer(client, links[str(pair.mentee_id)], mentee_answers(n, **extra))


async def test_watching_figures_around_a_known_answer_reveals_nothing(
    surveys_http: httpx.AsyncClient, gql: GraphQLTester, cohort: Cohort
) -> None:
    first = await launch_round(surveys_http, cohort, "First")
    await answer_all(surveys_http, cohort, first, comment="My mentor is helpful.")
    await close(surveys_http, cohort, first)
    await release_closed_rounds()
    before = await figures(gql, cohort)
    mentor_before = await own_recognitions(gql, cohort.big_mentor)

    second = await launch_round(surveys_http, cohort, "Second")
    known = cohort.pairs[0]  # the attacker knows this mentee just answered, and how
    lone = mentee_answers(0, comment="Awful, my mentor ignores me.", secret="Scrap it.")
    lone[0]["value"], lone[3]["value"] = 1, 0
    await answer(surveys_http, links_by_participant(second)[str(known.mentee_id)], lone)
    while_open = await figures(gql, cohort)
    await close(surveys_http, cohort, second)
    await release_closed_rounds()
    after_release = await figures(gql, cohort)

    assert before["satisfaction"]["availability"] == "AVAILABLE"
    assert while_open == before
    # Released, the second round is one person: it counts in no figure, now or ever. Only
    # the managers' ranking takes in the program-team answer, which they may read anyway.
    assert {**after_release, "recognitions": None} == {**before, "recognitions": None}
    # The mentor's own figures do not move either; the score and rank the lone answer moved
    # are withheld from the mentor rather than shown.
    mentor_after = await own_recognitions(gql, cohort.big_mentor)
    assert [r["evidence"] for r in mentor_after] == [r["evidence"] for r in mentor_before]
    assert all(r["score"] is None and r["rank"] is None for r in mentor_after)


async def test_differences_between_periods_isolate_nobody(
    surveys_http: httpx.AsyncClient, gql: GraphQLTester, cohort: Cohort
) -> None:
    """Everyone answers in February, one mentee again in November (of last year, so both
    fall in one recognition year and two quarters)."""
    year = datetime.now(UTC).year - 1
    february = await launch_round(surveys_http, cohort, "February")
    await answer_all(surveys_http, cohort, february, comment="Helpful.")
    november = await launch_round(surveys_http, cohort, "November")
    lone = mentee_answers(1, comment="Nothing works.")
    lone[0]["value"], lone[3]["value"] = 1, 0
    mentee = cohort.pairs[0].mentee_id
    await answer(surveys_http, links_by_participant(november)[str(mentee)], lone)
    for body, month in ((february, 2), (november, 11)):
        await close(surveys_http, cohort, body)
        moved = datetime(year, month, 15, tzinfo=UTC)
        await SurveyRound.get_pymongo_collection().update_one(
            {"_id": ObjectId(body["round"]["id"])},
            {"$set": {"opens_at": moved}},
        )
    await release_closed_rounds()

    whole_year = await figures(gql, cohort, **{"from": f"{year}-01-01", "to": f"{year}-12-31"})
    first_half = await figures(gql, cohort, **{"from": f"{year}-01-01", "to": f"{year}-06-30"})
    last_quarter = await figures(gql, cohort, **{"from": f"{year}-10-01", "to": f"{year}-12-31"})

    assert whole_year["satisfaction"] == first_half["satisfaction"]
    assert last_quarter["satisfaction"]["availability"] == "INSUFFICIENT_RESPONSES"
    assert last_quarter["satisfaction"]["nps"] is None
    q4 = next(p for p in whole_year["satisfactionTrend"] if p["period"] == f"{year}-Q4")
    assert q4["averageScore"] is None and q4["nps"] is None
    # The mentor's own standing: the year is February alone; the quarter shows nothing.
    own = {r["period"]: r for r in await own_recognitions(gql, cohort.big_mentor)}
    assert own[str(year)]["evidence"]["responses"] == 5
    quarter = own.get(f"{year}-Q4")
    assert quarter is None or (quarter["score"] is None and quarter["evidence"]["responses"] == 0)


async def test_program_minus_mentor_and_one_commenter_among_many_reveal_no_confidential_answer(
    surveys_http: httpx.AsyncClient, gql: GraphQLTester, cohort: Cohort
) -> None:
    """Seven mentees answer and write a program-team comment; one alone also writes a
    confidential one. The manager reads every program-team comment (with its pair): the
    figures must not move with the lone confidential comment."""
    body = await launch_round(surveys_http, cohort, "Check-in")
    links = links_by_participant(body)
    for n, pair in enumerate(cohort.pairs):
        secret = "The program is a waste of everyone's time, terrible." if n == 0 else None
        await answer(
            surveys_http,
            links[str(pair.mentee_id)],
            mentee_answers(n, comment="My mentor is helpful and kind.", secret=secret),
        )
    await close(surveys_http, cohort, body)
    await release_closed_rounds()

    seen = await figures(gql, cohort)
    manager = await manager_of(cohort)
    results = await gql.data(
        RESULTS,
        {"id": gid(cohort.program), "round": body["round"]["id"]},
        viewer=manager,
        roles=MANAGER,
    )
    export = await surveys_http.get(
        f"/api/v1/rounds/{body['round']['id']}/results", headers=cohort.headers
    )
    exported_csv = await surveys_http.get(
        f"/api/v1/rounds/{body['round']['id']}/results",
        headers={**cohort.headers, "Accept": "text/csv"},
    )

    summary = seen["satisfaction"]
    # Only the seven program-team comments, all positive: the confidential one counts nowhere.
    assert (summary["positiveShare"], summary["negativeShare"]) == (1.0, 0.0)
    (comments,) = results["program"]["confidentialComments"]
    assert comments == {
        "questionId": "program_better",
        "availability": "INSUFFICIENT_RESPONSES",
        "comments": None,
    }
    assert "waste" not in export.text and "waste" not in exported_csv.text
    mentees = next(r for r in export.json()["roles"] if r["role"] == "MENTEE")
    assert mentees["comments"]["count"] == 7 and mentees["comments"]["negativeShare"] == 0.0
    # The mentor's own figures hold program-team answers of their own mentees only.
    (own, *_) = await own_recognitions(gql, cohort.big_mentor)
    assert own["evidence"]["responses"] == 5 and own["evidence"]["positiveCommentShare"] == 1.0


async def test_one_person_answering_many_rounds_never_reaches_a_threshold(
    surveys_http: httpx.AsyncClient, gql: GraphQLTester, cohort: Cohort
) -> None:
    mentee = str(cohort.pairs[0].mentee_id)
    for n in range(5):
        body = await launch_round(surveys_http, cohort, f"Week {n}")
        await answer(surveys_http, links_by_participant(body)[mentee], mentee_answers(n))
        await close(surveys_http, cohort, body)
    await release_closed_rounds()

    seen = await figures(gql, cohort)

    assert seen["satisfaction"]["availability"] == "INSUFFICIENT_RESPONSES"
    assert seen["satisfaction"]["averageScore"] is None and seen["satisfaction"]["nps"] is None
    assert all(p["averageScore"] is None for p in seen["satisfactionTrend"])
    assert seen["recognitions"] == []
    own = await own_recognitions(gql, cohort.big_mentor)
    assert all(r["score"] is None and r["evidence"]["responses"] == 0 for r in own)


async def test_question_results_and_the_export_show_what_a_manager_may_see(
    surveys_http: httpx.AsyncClient, gql: GraphQLTester, cohort: Cohort
) -> None:
    body = await launch_round(surveys_http, cohort, "Check-in")
    round_id = body["round"]["id"]
    manager = await manager_of(cohort)
    variables = {"id": gid(cohort.program), "round": round_id}
    links = links_by_participant(body)
    for n, pair in enumerate(cohort.pairs):
        await answer(
            surveys_http,
            links[str(pair.mentee_id)],
            mentee_answers(n, comment=f"Went well {n}", secret=f"=HYPERLINK(idea {n})"),
        )
    pending = await gql.data(RESULTS, variables, viewer=manager, roles=MANAGER)
    pending_export = await surveys_http.get(
        f"/api/v1/rounds/{round_id}/results", headers=cohort.headers
    )
    await close(surveys_http, cohort, body)
    await release_closed_rounds()

    released = await gql.data(RESULTS, variables, viewer=manager, roles=MANAGER)
    as_mentor = await gql.data(RESULTS, variables, viewer=cohort.big_mentor)
    export = (
        await surveys_http.get(f"/api/v1/rounds/{round_id}/results", headers=cohort.headers)
    ).json()
    rows = list(
        csv.DictReader(
            io.StringIO(
                (
                    await surveys_http.get(
                        f"/api/v1/rounds/{round_id}/results",
                        headers={**cohort.headers, "Accept": "text/csv"},
                    )
                ).text
            )
        )
    )

    rounds = await gql.data(
        "query($id: ID!) { program(id: $id) { surveyRounds { edges { node { invited submitted "
        "releasedAt } } } } }",
        {"id": gid(cohort.program)},
        viewer=manager,
        roles=MANAGER,
    )
    (progress,) = nodes(rounds["program"]["surveyRounds"])
    assert (progress["invited"], progress["submitted"]) == (14, 7)  # from the released result
    assert progress["releasedAt"] is not None
    # While the round is open: how many answered, nothing of what they answered.
    assert pending["program"] == {"questionResults": [], "confidentialComments": []}
    early = pending_export.json()
    assert early["availability"] == "PENDING" and early["round"]["submitted"] == 7
    assert early["roles"] == [] and early["confidentialComments"] == []
    assert as_mentor["program"]["questionResults"] is None
    questions = {q["questionId"]: q for q in released["program"]["questionResults"]}
    frequency = questions["meeting_frequency"]
    assert frequency["audience"] == "PROGRAM_TEAM" and frequency["answerers"] == 7
    assert {d["value"]: d["count"] for d in frequency["distribution"]} == {
        "Too rarely": 3,
        "About right": 4,
        "Too often": 0,
    }
    assert questions["nps"]["audience"] == "CONFIDENTIAL"
    assert sum(d["count"] for d in questions["nps"]["distribution"]) == 7
    (ideas,) = released["program"]["confidentialComments"]
    assert ideas["comments"]["totalCount"] == 7
    assert sorted(c["text"] for c in nodes(ideas["comments"])) == [
        f"=HYPERLINK(idea {n})" for n in range(7)
    ]
    # The export: program-team answers with their pair; confidential ones never with it.
    team = export["programTeamAnswers"]
    assert len(team) == 7 and {a["pairId"] for a in team} == {str(p.id) for p in cohort.pairs}
    for response in team:
        shown = {a["questionId"] for a in response["answers"]}
        assert shown == {"satisfaction", "usefulness", "meeting_frequency", "went_well"}
        assert "HYPERLINK" not in str(response)
    exported = {q["questionId"]: q for q in export["questions"]}
    assert exported["meeting_frequency"]["distribution"] == frequency["distribution"]
    confidential_rows = [r for r in rows if r["section"] == "confidential_comment"]
    assert len(confidential_rows) == 7 and all(r["pair_id"] == "" for r in confidential_rows)
    # A comment a spreadsheet would run as a formula stays text.
    assert all(r["value"].startswith("'=HYPERLINK") for r in confidential_rows)
    team_rows = [r for r in rows if r["section"] == "program_team_comment"]
    assert {r["pair_id"] for r in team_rows} == {str(p.id) for p in cohort.pairs}


@pytest.mark.parametrize("viewer", ["mentor", "anonymous"])
async def test_only_the_program_team_may_export_a_round(
    surveys_http: httpx.AsyncClient, cohort: Cohort, survey_settings: Any, viewer: str
) -> None:
    body = await launch_round(surveys_http, cohort, "Check-in")
    headers = {}
    if viewer == "mentor":
        assert cohort.big_mentor.id is not None
        token = issue_development_token(
            survey_settings, participant_id=cohort.big_mentor.id, roles=frozenset()
        )
        headers = {"Authorization": f"Bearer {token}"}

    refused = await surveys_http.get(
        f"/api/v1/rounds/{body['round']['id']}/results", headers=headers
    )

    assert refused.status_code == (403 if viewer == "mentor" else 401)
    assert refused.headers["content-type"].startswith("application/problem+json")
