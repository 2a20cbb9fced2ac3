"""Liveness and readiness probes, the same for both services."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from shared.db import DatabaseUnavailableError, ping

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is up")
async def healthz() -> dict[str, str]:
    """Answers as long as the process serves requests; it does not touch the database."""
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
    return {"status": "ready"}
