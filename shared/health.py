"""Liveness and readiness probes, the same for both services."""

from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from shared.db import DatabaseUnavailableError, ping
from shared.liveness import Liveness

router = APIRouter(tags=["health"])


class Alive(BaseModel):
    status: Literal["ok"] = "ok"


class Failing(BaseModel):
    status: Literal["failing"] = "failing"
    problems: list[str] = Field(description="What broke, in words for operators.")


class Ready(BaseModel):
    status: Literal["ready"] = "ready"


class Unready(BaseModel):
    status: Literal["unavailable"] = "unavailable"
    reason: str


def liveness_of(request: Request) -> Liveness:
    liveness = getattr(request.app.state, "liveness", None)
    if liveness is None:
        liveness = request.app.state.liveness = Liveness()
    return liveness


@router.get(
    "/healthz",
    summary="The process can serve",
    response_model=Alive,
    responses={503: {"description": "It cannot any more; restart it.", "model": Failing}},
)
async def healthz(request: Request) -> Any:
    """200 while the process serves requests and its background work runs; 503 with the
    reasons when something broke that only a restart repairs. It does not touch the
    database: a database that is down makes the service unready, not dead."""
    problems = liveness_of(request).problems()
    if problems:
        return JSONResponse(status_code=503, content=Failing(problems=problems).model_dump())
    return Alive()


@router.get(
    "/readyz",
    summary="The service can serve traffic",
    response_model=Ready,
    responses={503: {"description": "The database does not answer.", "model": Unready}},
)
async def readyz(request: Request) -> Any:
    """200 when the database answers `ping` in time, else 503 with the reason, within 2 seconds."""
    try:
        await ping(request.app.state.mongo_client)
    except DatabaseUnavailableError as error:
        return JSONResponse(status_code=503, content=Unready(reason=str(error)).model_dump())
    except Exception as error:
        # Not the database being away but the client failing: it will not heal by itself.
        liveness_of(request).fault(f"database client failed: {type(error).__name__}")
        unready = Unready(reason="database client failed")
        return JSONResponse(status_code=503, content=unready.model_dump())
    return Ready()
