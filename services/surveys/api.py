"""Survey rounds and their links under `/api/v1`, for program managers and the GraphQL API
(the survey flow for respondents is `survey_flow_api`, templates `templates_api`). Errors are
RFC 9457 problem details (`problems`).

Wherever a path or a body names a stored object, it takes the database id or the GraphQL ID
of that object's type (`shared.global_ids`); the responses carry both."""

import csv
import io
from typing import Annotated, Any

from beanie import PydanticObjectId
from fastapi import APIRouter, BackgroundTasks, Depends, Path, Request
from fastapi.responses import JSONResponse, Response

from services.surveys import rounds
from services.surveys.access import Caller, current_caller, require_manager
from services.surveys.api_models import (
    LinkPublic,
    RemindersSent,
    RoundCreate,
    RoundLaunched,
    RoundPublic,
)
from services.surveys.delivery import mail_links
from services.surveys.errors import InvalidRequest, NotFound
from services.surveys.links import survey_link
from services.surveys.problems import problem_responses
from services.surveys.settings import SurveySettings
from shared.feedback.rates import InvitationCounts
from shared.global_ids import InvalidGlobalIdError, NodeType, database_id, to_global_id
from shared.models import Invitation, Program, SurveyRound

router = APIRouter(prefix="/api/v1")
CSV = "text/csv; charset=utf-8"
LINK_COLUMNS = ["invitationId", "pairId", "participantId", "role", "link", "expiresAt"]
# Every management operation may meet these.
MANAGED = (401, 403, 404, 503)


def get_settings(request: Request) -> SurveySettings:
    settings: SurveySettings = request.app.state.settings
    return settings


Settings = Annotated[SurveySettings, Depends(get_settings)]
CallerDep = Annotated[Caller, Depends(current_caller)]
RoundId = Annotated[
    str, Path(description="The round's database id, or a GraphQL ID of a `SurveyRound`.")
]
InvitationId = Annotated[
    str, Path(description="The invitation's database id, or a GraphQL ID of an `Invitation`.")
]


def stored_id(value: str, node_type: NodeType, what: str) -> PydanticObjectId:
    """The database id a path names, as a raw id or a GraphQL ID of `node_type`; anything
    else, a GraphQL ID of another type included, names nothing here: 404."""
    try:
        return PydanticObjectId(database_id(value, node_type))
    except InvalidGlobalIdError:
        raise NotFound(f"No such {what}.") from None


def round_public(survey_round: SurveyRound, counts: InvitationCounts) -> RoundPublic:
    assert survey_round.id is not None
    return RoundPublic(
        id=str(survey_round.id),
        global_id=to_global_id(NodeType.SURVEY_ROUND, survey_round.id),
        program_id=str(survey_round.program_id),
        program_global_id=to_global_id(NodeType.PROGRAM, survey_round.program_id),
        label=survey_round.label,
        opens_at=survey_round.opens_at,
        closes_at=survey_round.closes_at,
        status=survey_round.status,
        invited=counts.invited,
        submitted=counts.submitted,
        by_state=dict(counts.by_state),
        response_rate=counts.response_rate,
        released_at=survey_round.released_at,
    )


def _links(settings: SurveySettings, issued: list[rounds.IssuedLink]) -> list[LinkPublic]:
    return [
        LinkPublic(
            invitation_id=str(link.invitation.id),
            pair_id=str(link.invitation.pair_id),
            pair_global_id=to_global_id(NodeType.PAIR, link.invitation.pair_id),
            participant_id=str(link.invitation.participant_id),
            participant_global_id=to_global_id(
                NodeType.PARTICIPANT, link.invitation.participant_id
            ),
            role=link.invitation.role,
            link=survey_link(settings.surveys_public_url, link.token),
            expires_at=link.invitation.expires_at,
        )
        for link in issued
    ]


def _links_csv(links: list[LinkPublic]) -> Response:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=LINK_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(link.model_dump(mode="json", by_alias=True) for link in links)
    return Response(buffer.getvalue(), status_code=201, media_type=CSV)


async def managed_round(round_id: str, caller: Caller) -> SurveyRound:
    survey_round = await rounds.get_round(
        stored_id(round_id, NodeType.SURVEY_ROUND, "survey round")
    )
    program = await Program.get(survey_round.program_id)
    if program is None:
        raise NotFound("No such survey round.")
    require_manager(caller, program)
    return survey_round


@router.post(
    "/rounds",
    status_code=201,
    summary="Launch a survey round",
    response_model=RoundLaunched,
    responses={
        201: {
            "description": "The round and every link (shown only this once), as JSON, or as "
            f"CSV (columns {', '.join(LINK_COLUMNS)}) with `Accept: text/csv`.",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        },
        **problem_responses(
            400,
            401,
            403,
            409,
            413,
            422,
            503,
            say={
                409: "The program is not active, or has no active pairs.",
                422: "The body has the wrong shape, names no program, or its times do not fit.",
            },
        ),
    },
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
    try:
        program_id = database_id(body.program_id, NodeType.PROGRAM, "programId")
    except InvalidGlobalIdError as error:
        raise InvalidRequest(
            str(error), errors=[{"field": "programId", "message": str(error)}]
        ) from None
    program = await Program.get(program_id)
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
    links = _links(settings, issued)
    if "text/csv" in request.headers.get("accept", ""):
        return _links_csv(links)
    launched = RoundLaunched(
        round=round_public(survey_round, await rounds.counts_of(survey_round)), links=links
    )
    return JSONResponse(launched.model_dump(mode="json", by_alias=True), 201)


@router.get(
    "/rounds/{round_id}",
    summary="A round's progress",
    response_model=RoundPublic,
    responses=problem_responses(*MANAGED),
)
async def get_round(round_id: RoundId, caller: CallerDep) -> RoundPublic:
    """Invitations by state and the response rate."""
    survey_round = await managed_round(round_id, caller)
    return round_public(survey_round, await rounds.counts_of(survey_round))


@router.post(
    "/rounds/{round_id}/close",
    summary="Close a round",
    response_model=RoundPublic,
    responses=problem_responses(*MANAGED, 409, say={409: "The round is closed already."}),
)
async def close_round(round_id: RoundId, caller: CallerDep) -> RoundPublic:
    """Unanswered links expire now."""
    survey_round = await rounds.close_round(await managed_round(round_id, caller))
    return round_public(survey_round, await rounds.counts_of(survey_round))


@router.post(
    "/rounds/{round_id}/reminders",
    summary="Remind those who have not answered",
    response_model=RemindersSent,
    responses=problem_responses(*MANAGED, 409, say={409: "The round is closed."}),
)
async def send_reminders(
    round_id: RoundId, caller: CallerDep, settings: Settings, background: BackgroundTasks
) -> RemindersSent:
    """Each unanswered invitation gets a fresh link (earlier links stop working), counted
    per invitation, and a reminder e-mail when SMTP is configured."""
    survey_round = await managed_round(round_id, caller)
    reminded = await rounds.remind(survey_round)
    background.add_task(mail_links, settings, reminded, reminder=True)
    return RemindersSent(reminded=len(reminded), links=_links(settings, reminded))


@router.post(
    "/invitations/{invitation_id}/reissue",
    summary="A new link for one invitation",
    response_model=LinkPublic,
    responses=problem_responses(
        *MANAGED, 409, say={409: "The invitation was answered, revoked or closed."}
    ),
)
async def reissue(
    invitation_id: InvitationId, caller: CallerDep, settings: Settings, background: BackgroundTasks
) -> LinkPublic:
    """The old link stops working at once; the new one is in this response only."""
    found = stored_id(invitation_id, NodeType.INVITATION, "invitation")
    invitation = await Invitation.get(found)
    program = await Program.get(invitation.program_id) if invitation else None
    if invitation is None or program is None:
        raise NotFound("No such invitation.")
    require_manager(caller, program)
    issued = await rounds.reissue_link(invitation)
    background.add_task(mail_links, settings, [issued])
    return _links(settings, [issued])[0]
