"""Endpoints for operators and for the GraphQL API: run a background job now, say that a pair
or a program changed, and read the feedback worker's backlog. All take the service token or
an admin's access token."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Gauge, generate_latest
from pydantic import BaseModel, Field

from services.surveys.access import Caller, current_caller
from services.surveys.api import MANAGED, stored_id
from services.surveys.api_models import CamelModel
from services.surveys.automation.jobs import JOBS, JobBusy, run_job
from services.surveys.automation.pair_changes import handle_pair, handle_program
from services.surveys.errors import Conflict, Forbidden, NotFound
from services.surveys.feedback_worker import backlog
from services.surveys.leases import replica_name
from services.surveys.problems import problem_responses
from shared.enums import ViewerRole
from shared.global_ids import NodeType

router = APIRouter(prefix="/api/v1", tags=["operations"])


def operator(caller: Annotated[Caller, Depends(current_caller)]) -> Caller:
    """The service token, or an admin."""
    if not (caller.is_service or ViewerRole.ADMIN in caller.roles):
        raise Forbidden("Only admins and the platform's services may do this.")
    return caller


Operator = Annotated[Caller, Depends(operator)]


class JobRun(BaseModel):
    """What a job did."""

    job: str = Field(description="The job's name.")
    result: dict[str, Any] = Field(description="Counts of what it did, by kind.")


class ChangeReaction(CamelModel):
    """What reacting to a change did."""

    pairs_seen: int
    links_revoked: int = Field(description="Pending check-in links of ended pairs revoked.")
    end_of_program_invited: int = Field(description="End-of-program survey links sent.")
    recognitions_refreshed: int
    programs_rescored: int


PairId = Annotated[str, Path(description="The pair's database id, or its GraphQL ID.")]
ProgramId = Annotated[str, Path(description="The program's database id, or its GraphQL ID.")]


@router.post(
    "/jobs/{name}/run",
    response_model=JobRun,
    responses=problem_responses(
        *MANAGED, 409, say={404: "There is no such job.", 409: "Another replica runs it now."}
    ),
    summary="Run a background job now",
    description="Jobs: "
    + "; ".join(f"`{job.name}`: {job.description}" for job in JOBS.values())
    + " 409 while another replica runs the same job.",
)
async def run_job_now(name: str, request: Request, caller: Operator) -> JobRun:
    if name not in JOBS:
        raise NotFound(f"There is no job “{name}”; the jobs are {', '.join(JOBS)}.")
    try:
        result = await run_job(name, request.app.state.settings, holder=replica_name())
    except JobBusy as error:
        raise Conflict(str(error)) from None
    assert result is not None
    return JobRun(job=name, result=result)


@router.post(
    "/pairs/{pair_id}/changed",
    summary="A pair changed; react now",
    response_model=ChangeReaction,
    responses=problem_responses(*MANAGED),
)
async def pair_changed(pair_id: PairId, request: Request, caller: Operator) -> ChangeReaction:
    """Sent by the GraphQL API when a pair ends, is declined or gets its outcome: revokes the
    pair's check-in links, sends the end-of-program survey, refreshes the mentor's
    recognition. Saying it twice does nothing more."""
    done = await handle_pair(stored_id(pair_id, NodeType.PAIR, "pair"), request.app.state.settings)
    return ChangeReaction.model_validate(done.as_json())


@router.post(
    "/programs/{program_id}/changed",
    summary="A program changed; react now",
    response_model=ChangeReaction,
    responses=problem_responses(*MANAGED),
)
async def program_changed(program_id: ProgramId, caller: Operator) -> ChangeReaction:
    """Sent by the GraphQL API when a program's recognition rules, group size or kind change:
    its mentors are scored again."""
    done = await handle_program(stored_id(program_id, NodeType.PROGRAM, "program"))
    return ChangeReaction.model_validate(done.as_json())


@router.get(
    "/metrics",
    summary="The feedback worker's backlog (Prometheus text format)",
    response_class=Response,
    responses={
        200: {"content": {CONTENT_TYPE_LATEST: {"schema": {"type": "string"}}}},
        **problem_responses(401, 403, 503),
    },
)
async def metrics(caller: Operator) -> Response:
    """Events not handled yet, those of them whose handling failed, and the age of the
    oldest one."""
    found = await backlog()
    registry = CollectorRegistry()
    for name, description, value in (
        ("pending", "Feedback events not handled yet (pair health, notices).", found.pending),
        ("failing", "Feedback events whose handling failed and waits for a retry.", found.failing),
        (
            "oldest_age_seconds",
            "Age of the oldest feedback event not done.",
            found.oldest_age_seconds,
        ),
    ):
        Gauge(f"mentorship_feedback_events_{name}", description, registry=registry).set(value)
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
