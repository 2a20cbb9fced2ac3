"""The survey flow for custom frontends, under `/api/v1/invitations/{token}`: the same as the
survey page, as JSON. The link's token is the only credential; requests are rate-limited."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request

from services.surveys.answers import scale_of
from services.surveys.api import Settings
from services.surveys.api_models import (
    AudienceExplanation,
    Counterpart,
    Privacy,
    ProgramName,
    QuestionShown,
    ResponseIn,
    ResponseStored,
    SurveyForRespondent,
    SurveyShown,
)
from services.surveys.errors import InvalidRequest
from services.surveys.feedback_worker import wake_worker
from services.surveys.invitations import SurveyView, open_survey, submit_answers
from services.surveys.problems import RATE_LIMIT_HEADERS, problem_responses
from services.surveys.rate_limit import limit_rate
from services.surveys.settings import SurveySettings
from shared.enums import InvitationState, QuestionKind, Role

router = APIRouter(prefix="/api/v1", dependencies=[Depends(limit_rate)])
Token = Annotated[str, Path(description="The token of a survey link: the part after `/s/`.")]


@router.get(
    "/invitations/{token}",
    summary="The survey behind a link",
    response_model=SurveyForRespondent,
    responses={
        200: {"headers": RATE_LIMIT_HEADERS},
        **problem_responses(
            403,
            404,
            410,
            429,
            503,
            say={403: "The survey does not open until its round opens."},
            rate_limited=True,
        ),
    },
)
async def get_invitation(token: Token, settings: Settings) -> SurveyForRespondent:
    """For custom frontends: the questions and their context. Marks the invitation OPENED."""
    return survey_for_respondent(await open_survey(token), settings)


def survey_for_respondent(view: SurveyView, settings: SurveySettings) -> SurveyForRespondent:
    role = view.invitation.role
    return SurveyForRespondent(
        state=view.invitation.state,
        closes_at=view.closes_at,
        program=ProgramName(name=view.program_name),
        about=Counterpart(
            name=view.counterpart_name, role=Role.MENTOR if role == Role.MENTEE else Role.MENTEE
        ),
        privacy=Privacy(
            summary=view.privacy_summary,
            min_group_size=view.min_group_size,
            audiences=[
                AudienceExplanation(audience=group.audience, explanation=group.explanation)
                for group in view.question_groups
            ],
        ),
        survey=SurveyShown(
            title=view.template.title,
            introduction=view.template.introduction,
            questions=[
                QuestionShown(
                    id=q.id,
                    kind=q.kind,
                    audience=q.audience,
                    invites=q.invites if q.kind == QuestionKind.TEXT else None,
                    prompt=q.prompt,
                    required=q.required,
                    options=q.options,
                    min=(scale_of(q) or (None, None))[0],
                    max=(scale_of(q) or (None, None))[1],
                    low_label=q.low_label,
                    high_label=q.high_label,
                    max_length=(
                        min(
                            q.max_length or settings.text_answer_max_length,
                            settings.text_answer_max_length,
                        )
                        if q.kind == QuestionKind.TEXT
                        else None
                    ),
                )
                for q in view.questions
            ],
        ),
    )


@router.post(
    "/invitations/{token}/response",
    status_code=201,
    summary="Answer the survey behind a link",
    response_model=ResponseStored,
    responses={
        201: {"headers": RATE_LIMIT_HEADERS},
        **problem_responses(
            400,
            403,
            404,
            409,
            410,
            413,
            422,
            429,
            503,
            say={
                403: "The survey does not open until its round opens.",
                409: "This link's survey is answered already.",
                422: "Some answers need attention: one item per question in `errors`.",
            },
            rate_limited=True,
        ),
    },
)
async def post_response(
    token: Token, body: ResponseIn, request: Request, settings: Settings
) -> ResponseStored:
    """Values: a number for scales, a string for text and single choice, a list for multiple
    choice. Stored exactly once: a second submission gets 409."""
    values: dict[str, Any] = {}
    for answer in body.answers:
        if answer.question_id in values:
            raise InvalidRequest(f"Question “{answer.question_id}” is answered twice.")
        values[answer.question_id] = answer.value
    response = await submit_answers(token, values, text_limit=settings.text_answer_max_length)
    wake_worker(request.app)
    return ResponseStored(status=InvitationState.SUBMITTED, submitted_at=response.submitted_at)
