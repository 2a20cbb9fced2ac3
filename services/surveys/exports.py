"""`GET /api/v1/rounds/{id}/results`: what admins and a program's managers may see of one
round, as JSON or as CSV (`Accept: text/csv`), under the rules of `shared.feedback.privacy`
(the GraphQL API reads the same `shared.feedback.reports`).

- Participation (invited, answered per side) always: it is visible by design.
- Figures, question distributions and confidential comments once the round is released;
  before that `availability` is PENDING. Each is withheld (null, `INSUFFICIENT_RESPONSES`)
  unless enough distinct people stand behind it.
- Program-team answers with their pair, as soon as they are given: the program team may see
  them anyway. Never a confidential answer linked to a person, a pair or a moment.
"""

import csv
import io
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from services.surveys import rounds
from services.surveys.api import CSV, MANAGED, CallerDep, RoundId, managed_round, round_public
from services.surveys.errors import NotFound
from services.surveys.problems import problem_responses
from services.surveys.results_models import RoundResults
from services.surveys.template_versions import used_version
from shared.feedback.privacy import Figures
from shared.feedback.reports import (
    Availability,
    CommentList,
    QuestionResult,
    RoleReport,
    RoundReport,
    availability_of,
    round_report,
    team_view,
)
from shared.global_ids import NodeType, to_global_id
from shared.models import Program, RoundResult, SurveyResponse
from shared.models.results import ReleasedComment
from shared.models.surveys import Question

router = APIRouter(prefix="/api/v1")
FIGURE_ITEMS = ("invited", "answered", "respondents", "responses", "averageSatisfaction", "nps")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = (
    "section",
    "role",
    "pair_id",
    "question_id",
    "question",
    "audience",
    "availability",
    "item",
    "value",
    "sentiment",
    "intent",
    "themes",
)


@router.get(
    "/rounds/{round_id}/results",
    summary="What a manager may see of a round's answers",
    response_model=RoundResults,
    responses={
        200: {
            "description": "The round's results as JSON, or as CSV with `Accept: text/csv` "
            f"(one row per figure, option count or comment; columns {', '.join(CSV_COLUMNS)}).",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        },
        **problem_responses(*MANAGED),
    },
)
async def round_results(round_id: RoundId, request: Request, caller: CallerDep) -> Any:
    """Participation; once the round is released, its figures per side, each scale and choice
    question's distribution and the confidential comments (shuffled, without person, pair or
    time), each only when enough distinct people stand behind it; and the program-team
    answers with their pair. Admins, the program's managers and the service token only."""
    survey_round = await managed_round(round_id, caller)
    program = await Program.get(survey_round.program_id)
    if program is None:
        raise NotFound("No such survey round.")
    result = await RoundResult.get(survey_round.id)
    report = None if result is None else round_report(result, program.min_group_size)
    team = [row async for row in _team_answers(survey_round.id)]
    body = {
        "round": round_public(survey_round, await rounds.counts_of(survey_round)).model_dump(
            by_alias=True
        ),
        "availability": (Availability.PENDING if report is None else Availability.AVAILABLE),
        "minGroupSize": program.min_group_size,
        **_released_json(report),
        "programTeamAnswers": team,
    }
    if "text/csv" in request.headers.get("accept", ""):
        return _csv(body)
    return body


async def _team_answers(round_id: Any) -> Any:
    """Each response's program-team answers with its pair and side."""
    questions: dict[Any, dict[str, Question]] = {}
    cursor = SurveyResponse.get_pymongo_collection().find({"round_id": round_id})
    async for response in cursor.sort("_id", 1).batch_size(1000):
        template_id = response["template_id"]
        if template_id not in questions:
            template = await used_version(template_id)
            questions[template_id] = {q.id: q for q in template.questions} if template else {}
        view = team_view(response, questions[template_id])
        yield {
            "pairId": str(response["pair_id"]),
            "pairGlobalId": to_global_id(NodeType.PAIR, response["pair_id"]),
            "role": response["role"],
            "submittedAt": response["submitted_at"],
            "satisfaction": response.get("satisfaction"),
            "answers": [
                {"questionId": a.question_id, "question": a.prompt, "values": a.values}
                for a in view.answers
            ],
            "comments": [
                {"questionId": c.question_id, "question": c.prompt, **_comment_json(c.comment)}
                for c in view.comments
            ],
        }


def _released_json(report: RoundReport | None) -> dict[str, Any]:
    if report is None:
        return {"roles": [], "questions": [], "confidentialComments": []}
    return {
        "roles": [_role_json(role) for role in report.roles],
        "questions": [_question_json(q) for q in report.questions],
        "confidentialComments": [_comments_json(c) for c in report.comments],
    }


def _role_json(role: RoleReport) -> dict[str, Any]:
    figures = role.figures
    shown = figures.any_shown
    return {
        "role": role.role.value,
        "invited": role.invited,
        "respondents": role.respondents,
        "availability": availability_of(figures).value,
        "responses": figures.responses if shown else None,
        "averageSatisfaction": figures.average_satisfaction if shown else None,
        "nps": figures.nps if shown else None,
        "comments": _comment_figures(figures) if figures.comment_parts_shown else None,
    }


def _comment_figures(figures: Figures) -> dict[str, Any]:
    return {
        "count": figures.comments,
        "positiveShare": figures.comment_share(figures.positive),
        "negativeShare": figures.comment_share(figures.negative),
        "suggestionShare": figures.comment_share(figures.suggestions),
        "averagePolarity": figures.average_polarity,
        "notScored": dict(sorted(figures.not_scored.items())),
        "themes": [
            {
                "theme": name,
                "mentions": theme.mentions,
                "negative": theme.negative,
                "suggestions": theme.suggestions,
                "averagePolarity": theme.average_polarity,
            }
            for name, theme in sorted(figures.themes.items())
        ],
    }


def _question_json(question: QuestionResult) -> dict[str, Any]:
    return {
        "role": question.role.value,
        "questionId": question.question_id,
        "question": question.prompt,
        "kind": question.kind.value,
        "audience": question.audience.value,
        "availability": question.availability.value,
        "answerers": question.answerers,
        "distribution": (
            None
            if question.counts is None
            else [{"value": o, "count": question.counts.get(o, 0)} for o in question.options]
        ),
    }


def _comment_json(comment: ReleasedComment) -> dict[str, Any]:
    """A comment's words and how they read."""
    return {
        "text": comment.text,
        "sentiment": comment.label,
        "polarity": comment.polarity,
        "intent": comment.intent,
        "language": comment.language,
        "themes": comment.themes,
    }


def _comments_json(comments: CommentList) -> dict[str, Any]:
    return {
        "questionId": comments.question_id,
        "question": comments.prompt,
        "availability": comments.availability.value,
        "comments": (
            None if comments.comments is None else [_comment_json(c) for c in comments.comments]
        ),
    }


def _csv(body: dict[str, Any]) -> Response:
    """One row per figure, option count or comment (long format: easy to pivot)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, restval="")
    writer.writeheader()
    for role in body["roles"] or _participation_only(body):
        for item in (
            "invited",
            "answered",
            "respondents",
            "responses",
            "averageSatisfaction",
            "nps",
        ):
            if item in role:
                writer.writerow(
                    {
                        "section": "figures",
                        "role": role["role"],
                        "availability": role.get("availability", body["availability"].value),
                        "item": item,
                        "value": _cell(role[item]),
                    }
                )
    for question in body["questions"]:
        base = {
            "section": "question",
            "role": question["role"],
            "question_id": question["questionId"],
            "question": _text(question["question"]),
            "audience": question["audience"],
            "availability": question["availability"],
        }
        for option in question["distribution"] or [{"value": "", "count": None}]:
            writer.writerow({**base, "item": option["value"], "value": _cell(option["count"])})
    for comments in body["confidentialComments"]:
        base = {
            "section": "confidential_comment",
            "question_id": comments["questionId"],
            "question": _text(comments["question"]),
            "audience": "CONFIDENTIAL",
            "availability": comments["availability"],
        }
        for comment in comments["comments"] or [{}]:
            writer.writerow(
                {
                    **base,
                    "value": _text(comment.get("text")),
                    "sentiment": comment.get("sentiment", ""),
                    "intent": comment.get("intent", ""),
                    "themes": " ".join(comment.get("themes", [])),
                }
            )
    for response in body["programTeamAnswers"]:
        base = {"role": response["role"], "pair_id": response["pairId"]}
        for answer in response["answers"]:
            writer.writerow(
                {
                    **base,
                    "section": "program_team_answer",
                    "question_id": answer["questionId"],
                    "question": _text(answer["question"]),
                    "audience": "PROGRAM_TEAM",
                    "value": _text("; ".join(answer["values"])),
                }
            )
        for comment in response["comments"]:
            writer.writerow(
                {
                    **base,
                    "section": "program_team_comment",
                    "question_id": comment["questionId"],
                    "question": _text(comment["question"]),
                    "audience": "PROGRAM_TEAM",
                    "value": _text(comment["text"]),
                    "sentiment": comment["sentiment"],
                    "intent": comment["intent"],
                    "themes": " ".join(comment["themes"]),
                }
            )
    return Response(buffer.getvalue(), media_type=CSV)


def _participation_only(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Before release: how many were invited and answered, nothing else."""
    survey_round = body["round"]
    return [
        {"role": "ALL", "invited": survey_round["invited"], "answered": survey_round["submitted"]}
    ]


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _text(value: str | None) -> str:
    """Free text as a cell: text a spreadsheet would run as a formula is kept as text."""
    text = value or ""
    return "'" + text if text[:1] in FORMULA_STARTS else text
