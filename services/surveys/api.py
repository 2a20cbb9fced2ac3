"""The JSON API under `/api/v1`: rounds for program managers and the GraphQL API, and the
survey flow for custom frontends. Errors are RFC 9457 problem details."""

import csv
import io
from datetime import datetime
from typing import Annotated, Any

from beanie import PydanticObjectId
from bson.errors import InvalidId
from fastapi import APIRouter, BackgroundTasks, Depends, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, JsonValue, StringConstraints, field_validator
from pydantic.alias_generators import to_camel

from services.surveys import rounds, template_versions
from services.surveys.access import Caller, authenticate, require_manager
from services.surveys.answers import scale_of
from services.surveys.delivery import mail_links
from services.surveys.errors import Forbidden, InvalidRequest, NotFound
from services.surveys.feedback_worker import wake_worker
from services.surveys.invitations import open_survey, submit_answers
from services.surveys.links import survey_link
from services.surveys.rate_limit import limit_rate
from services.surveys.settings import SurveySettings
from services.surveys.template_versions import TemplateChange
from shared.enums import InvitationState, Role, ViewerRole
from shared.feedback.rates import InvitationCounts
from shared.models import Invitation, Program, SurveyRound, SurveyTemplate

router = APIRouter(prefix="/api/v1")


class CamelModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


class RoundCreate(CamelModel):
    program_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{24}$")]
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    opens_at: datetime
    closes_at: datetime
    templates: dict[Role, str] | None = Field(
        default=None, description="Template key per audience; the check-in surveys by default."
    )

    @field_validator("opens_at", "closes_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("give a time zone, e.g. 2026-12-01T09:00:00Z")
        return value


class AnswerIn(CamelModel):
    question_id: Annotated[str, StringConstraints(max_length=40)]
    value: JsonValue = Field(
        default=None,
        description="A number for scales, a string for text and single choice, a list for "
        "multiple choice; null to leave an optional question unanswered.",
    )


class ResponseIn(CamelModel):
    answers: list[AnswerIn] = Field(max_length=100)


def get_settings(request: Request) -> SurveySettings:
    settings: SurveySettings = request.app.state.settings
    return settings


Settings = Annotated[SurveySettings, Depends(get_settings)]


def get_caller(request: Request, settings: Settings) -> Caller:
    return authenticate(request, settings)


CallerDep = Annotated[Caller, Depends(get_caller)]


def _object_id(value: str, what: str) -> PydanticObjectId:
    try:
        return PydanticObjectId(value)
    except (InvalidId, TypeError):
        raise NotFound(f"No such {what}.") from None


def _round_json(survey_round: SurveyRound, counts: InvitationCounts) -> dict[str, Any]:
    return {
        "id": str(survey_round.id),
        "programId": str(survey_round.program_id),
        "label": survey_round.label,
        "opensAt": survey_round.opens_at.isoformat(),
        "closesAt": survey_round.closes_at.isoformat(),
        "status": survey_round.status.value,
        "invited": counts.invited,
        "submitted": counts.submitted,
        "byState": counts.by_state,
        "responseRate": counts.response_rate,
        "releasedAt": survey_round.released_at.isoformat() if survey_round.released_at else None,
    }


def _links_json(settings: SurveySettings, issued: list[rounds.IssuedLink]) -> list[dict[str, Any]]:
    return [
        {
            "invitationId": str(link.invitation.id),
            "pairId": str(link.invitation.pair_id),
            "participantId": str(link.invitation.participant_id),
            "role": link.invitation.role.value,
            "link": survey_link(settings.surveys_public_url, link.token),
            "expiresAt": link.invitation.expires_at.isoformat(),
        }
        for link in issued
    ]


def _links_csv(links: list[dict[str, Any]]) -> Response:
    buffer = io.StringIO()
    columns = ["invitationId", "pairId", "participantId", "role", "link", "expiresAt"]
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows(links)
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8")


async def _managed_round(round_id: str, caller: Caller) -> SurveyRound:
    survey_round = await rounds.get_round(_object_id(round_id, "survey round"))
    program = await Program.get(survey_round.program_id)
    if program is None:
        raise NotFound("No such survey round.")
    require_manager(caller, program)
    return survey_round


@router.post(
    "/rounds",
    status_code=201,
    summary="Launch a survey round",
    responses={201: {"description": "The round and every link (shown only this once)."}},
)
async def create_round(
    body: RoundCreate,
    request: Request,
    caller: CallerDep,
    settings: Settings,
    background: BackgroundTasks,
) -> Any:
    """Invite the mentor and the mentee of every ACTIVE pair of the program. The links are in
    this response only (as JSON, or CSV with `Accept: text/csv`); they are also e-mailed when
    SMTP is configured."""
    program = await Program.get(_object_id(body.program_id, "program"))
    if program is None:
        raise InvalidRequest(
            "No such program.", errors=[{"field": "programId", "message": "not found"}]
        )
    require_manager(caller, program)
    survey_round, issued = await rounds.create_round(
        program=program,
        label=body.label,
        opens_at=body.opens_at,
        closes_at=body.closes_at,
        template_keys=body.templates,
        created_by=PydanticObjectId(caller.participant_id) if caller.participant_id else None,
    )
    background.add_task(mail_links, settings, issued)
    links = _links_json(settings, issued)
    if "text/csv" in request.headers.get("accept", ""):
        response = _links_csv(links)
        response.status_code = 201
        return response
    counts = await rounds.counts_of(survey_round)
    return JSONResponse({"round": _round_json(survey_round, counts), "links": links}, 201)


@router.get("/rounds/{round_id}", summary="A round's progress")
async def get_round(round_id: str, caller: CallerDep) -> dict[str, Any]:
    """Invitations by state and the response rate."""
    survey_round = await _managed_round(round_id, caller)
    counts = await rounds.counts_of(survey_round)
    return _round_json(survey_round, counts)


@router.post("/rounds/{round_id}/close", summary="Close a round")
async def close_round(round_id: str, caller: CallerDep) -> dict[str, Any]:
    """Unanswered links expire now."""
    survey_round = await rounds.close_round(await _managed_round(round_id, caller))
    counts = await rounds.counts_of(survey_round)
    return _round_json(survey_round, counts)


@router.post("/rounds/{round_id}/reminders", summary="Remind those who have not answered")
async def send_reminders(
    round_id: str, caller: CallerDep, settings: Settings, background: BackgroundTasks
) -> dict[str, Any]:
    """Each unanswered invitation gets a fresh link (earlier links stop working), counted
    per invitation, and a reminder e-mail when SMTP is configured."""
    survey_round = await _managed_round(round_id, caller)
    reminded = await rounds.remind(survey_round)
    background.add_task(mail_links, settings, reminded, reminder=True)
    return {"reminded": len(reminded), "links": _links_json(settings, reminded)}


@router.post("/invitations/{invitation_id}/reissue", summary="A new link for one invitation")
async def reissue(
    invitation_id: str, caller: CallerDep, settings: Settings, background: BackgroundTasks
) -> dict[str, Any]:
    """The old link stops working at once; the new one is in this response only."""
    invitation = await Invitation.get(_object_id(invitation_id, "invitation"))
    program = await Program.get(invitation.program_id) if invitation else None
    if invitation is None or program is None:
        raise NotFound("No such invitation.")
    require_manager(caller, program)
    issued = await rounds.reissue_link(invitation)
    background.add_task(mail_links, settings, [issued])
    return _links_json(settings, [issued])[0]


@router.get(
    "/invitations/{token}",
    summary="The survey behind a link",
    dependencies=[Depends(limit_rate)],
)
async def get_invitation(token: str, settings: Settings) -> dict[str, Any]:
    """For custom frontends: the questions and their context. Marks the invitation OPENED."""
    view = await open_survey(token)
    return {
        "state": view.invitation.state.value,
        "closesAt": view.closes_at.isoformat(),
        "program": {"name": view.program_name},
        "about": {"name": view.counterpart_name, "role": _other(view.invitation.role)},
        "privacy": {
            "summary": view.privacy_summary,
            "minGroupSize": view.min_group_size,
            "audiences": [
                {"audience": group.audience.value, "explanation": group.explanation}
                for group in view.question_groups
            ],
        },
        "survey": {
            "title": view.template.title,
            "introduction": view.template.introduction,
            "questions": [
                {
                    "id": q.id,
                    "kind": q.kind.value,
                    "audience": q.audience.value,
                    "invites": q.invites.value if q.kind.value == "TEXT" else None,
                    "prompt": q.prompt,
                    "required": q.required,
                    "options": q.options,
                    "min": (scale_of(q) or (None, None))[0],
                    "max": (scale_of(q) or (None, None))[1],
                    "lowLabel": q.low_label,
                    "highLabel": q.high_label,
                    "maxLength": min(
                        q.max_length or settings.text_answer_max_length,
                        settings.text_answer_max_length,
                    )
                    if q.kind.value == "TEXT"
                    else None,
                }
                for q in view.questions
            ],
        },
    }


@router.post(
    "/invitations/{token}/response",
    status_code=201,
    summary="Answer the survey behind a link",
    dependencies=[Depends(limit_rate)],
)
async def post_response(
    token: str, body: ResponseIn, request: Request, settings: Settings
) -> dict[str, Any]:
    """Values: a number for scales, a string for text and single choice, a list for multiple
    choice. Stored exactly once: a second submission gets 409."""
    values: dict[str, Any] = {}
    for answer in body.answers:
        if answer.question_id in values:
            raise InvalidRequest(f"Question “{answer.question_id}” is answered twice.")
        values[answer.question_id] = answer.value
    response = await submit_answers(token, values, text_limit=settings.text_answer_max_length)
    wake_worker(request.app)
    return {
        "status": InvitationState.SUBMITTED.value,
        "submittedAt": response.submitted_at.isoformat(),
    }


def _template_json(template: SurveyTemplate) -> dict[str, Any]:
    return {
        "key": template.key,
        "version": template.version,
        "audience": template.audience.value,
        "kind": template.kind.value,
        "title": template.title,
        "introduction": template.introduction,
        "questions": [q.model_dump(mode="json") for q in template.questions],
    }


@router.get("/templates", summary="The current survey templates")
async def list_templates(caller: CallerDep) -> list[dict[str, Any]]:
    """The current version of every template."""
    found = await SurveyTemplate.find(SurveyTemplate.is_current == True).to_list()  # noqa: E712
    return [_template_json(t) for t in sorted(found, key=lambda t: t.key)]


@router.put("/templates/{key}", summary="Change a survey template")
async def change_template(key: str, body: TemplateChange, caller: CallerDep) -> dict[str, Any]:
    """Admins only. A version already used by a round is kept as it is and a new version is
    made; responses keep the version they answered."""
    if not (caller.is_service or ViewerRole.ADMIN in caller.roles):
        raise Forbidden("Only admins change survey templates.")
    return _template_json(await template_versions.change_template(key, body))


def _other(role: Role) -> str:
    return Role.MENTOR.value if role == Role.MENTEE else Role.MENTEE.value
