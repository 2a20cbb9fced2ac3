"""The survey page at `/s/{token}`: server-rendered, works without JavaScript, on any phone."""

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.surveys.errors import InvalidAnswers, SurveyError
from services.surveys.feedback_worker import wake_worker
from services.surveys.invitations import (
    SurveyView,
    find_invitation,
    open_link,
    open_survey,
    store_answers,
    survey_view,
)
from services.surveys.rate_limit import limit_rate
from services.surveys.rendering import templates
from services.surveys.settings import SurveySettings
from shared.enums import InvitationState, QuestionKind

router = APIRouter(include_in_schema=False)


def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(templates.get_template(name).render(context), status_code=status)


def message_page(error: SurveyError) -> HTMLResponse:
    """The friendly page for an expected failure, with its status code."""
    response = render("message.html", error.status, title=error.title, detail=error.detail)
    retry_after = getattr(error, "retry_after", None)
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


def _form(
    view: SurveyView,
    settings: SurveySettings,
    values: dict[str, Any],
    problems: dict[str, str],
    status: int = 200,
) -> HTMLResponse:
    return render(
        "survey.html",
        status,
        view=view,
        values=values,
        problems=problems,
        text_limit=settings.text_answer_max_length,
    )


@router.get("/s/{token}", dependencies=[Depends(limit_rate)])
async def survey_page(token: str, request: Request) -> Response:
    """The questions; opening the page marks the invitation OPENED."""
    view = await open_survey(token)
    return _form(view, request.app.state.settings, {}, {})


@router.post("/s/{token}", dependencies=[Depends(limit_rate)])
async def submit_page(token: str, request: Request) -> Response:
    """Store the answers and show the thank-you page (303), or show the form again with what
    was entered and a message at each field that needs attention."""
    settings: SurveySettings = request.app.state.settings
    form = await request.form()
    link = await open_link(token)
    values: dict[str, Any] = {}
    repeated: dict[str, str] = {}
    for question in link.template.questions:
        sent = [str(v) for v in form.getlist(question.id)]
        if question.kind == QuestionKind.MULTI_CHOICE:
            values[question.id] = sent
        else:
            values[question.id] = sent[0] if sent else None
            if len(sent) > 1:  # two answers to one question: ask, never pick one silently
                repeated[question.id] = "Give one answer to this question."
    try:
        if repeated:
            raise InvalidAnswers(
                "Some answers need attention.",
                errors=[{"questionId": q, "message": m} for q, m in repeated.items()],
            )
        await store_answers(link, values, text_limit=settings.text_answer_max_length)
    except InvalidAnswers as error:
        problems = {e["questionId"]: e["message"] for e in error.extra.get("errors", [])}
        return _form(await survey_view(link), settings, values, problems, status=422)
    wake_worker(request.app)
    return RedirectResponse(f"/s/{token}/thanks", status_code=303)


@router.get("/s/{token}/thanks", dependencies=[Depends(limit_rate)])
async def thanks_page(token: str) -> Response:
    invitation = await find_invitation(token)
    if invitation.state != InvitationState.SUBMITTED:
        return RedirectResponse(f"/s/{token}", status_code=303)
    return render("thanks.html")
