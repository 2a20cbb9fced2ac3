"""Serving an ASGI app in tests: in-process to an httpx client, or on a real port."""

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import uvicorn
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

# Start-up creates indexes and templates; on a busy shared machine that can outlast the
# library's 5 s default.
STARTUP_TIMEOUT = 60


@asynccontextmanager
async def serve(
    app: FastAPI, base_url: str = "http://testserver"
) -> AsyncIterator[httpx.AsyncClient]:
    async with LifespanManager(app, startup_timeout=STARTUP_TIMEOUT) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
            yield client


@asynccontextmanager
async def serve_on_socket(app: FastAPI) -> AsyncIterator[int]:
    """Serve `app` with uvicorn on a real local port; yields the port once the app has
    started. The socket listens first, so early connections wait in its backlog."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    async with LifespanManager(app, startup_timeout=STARTUP_TIMEOUT) as manager:
        server = uvicorn.Server(uvicorn.Config(manager.app, lifespan="off", log_level="warning"))
        task = asyncio.create_task(server.serve(sockets=[listener]))
        try:
            yield listener.getsockname()[1]
        finally:
            server.should_exit = True
            await task
            listener.close()
