"""Liveness and readiness probes, the same for both services."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from shared.db import DatabaseUnavailableError, ping
from shared.liveness import Liveness

router = APIRouter(tags=["health"])


def liveness_of(request: Request) -> Liveness:
    liveness = getattr(request.app.state, "liveness", None)
    if liveness is None:
        liveness = request.app.state.liveness = Liveness()
    return liveness


@router.get(
    "/healthz",
    summary="The process can serve",
    responses={503: {"description": "It cannot any more; restart it."}},
)
async def healthz(request: Request) -> Any:
    """200 while the process serves requests and its background work runs; 503 with the
    reasons when something broke that only a restart repairs. It does not touch the
    database: a database that is down makes the service unready, not dead."""
    problems = liveness_of(request).problems()
    if problems:
        return JSONResponse(status_code=503, content={"status": "failing", "problems": problems})
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="The service can serve traffic",
    responses={503: {"description": "The database does not answer."}},
)
async def readyz(request: Request) -> Any:
    """200 when the database answers `ping` in time, else 503 with the reason, within 2 seconds."""
    try:
        await ping(request.app.state.mongo_client)
    except DatabaseUnavailableError as error:
        return JSONResponse(
            status_code=503, content={"status": "unavailable", "reason": str(error)}
        )
    except Exception as error:
        # Not the database being away but the client failing: it will not heal by itself.
        liveness_of(request).fault(f"database client failed: {type(error).__name__}")
        return JSONResponse(
            status_code=503, content={"status": "unavailable", "reason": "database client failed"}
        )
    return {"status": "ready"}
