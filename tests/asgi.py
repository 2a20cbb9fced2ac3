"""Serving an ASGI app in tests: in-process to an httpx client, or on a real port."""

import asyncio
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import httpx
import uvicorn
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from services.serving import uvicorn_config
from shared.settings import MentorshipSettings

# Start-up creates indexes and templates; on a busy shared machine that can outlast the
# library's 5 s default. Shutdown gives background tasks a grace to finish (see
# `shared.liveness.stop_tasks`).
STARTUP_TIMEOUT = 60
SHUTDOWN_TIMEOUT = 60


@asynccontextmanager
async def serve(
    app: FastAPI, base_url: str = "http://testserver"
) -> AsyncIterator[httpx.AsyncClient]:
    async with LifespanManager(
        app, startup_timeout=STARTUP_TIMEOUT, shutdown_timeout=SHUTDOWN_TIMEOUT
    ) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
            yield client


@asynccontextmanager
async def serve_clients(
    app: FastAPI, base_url: str = "http://testserver"
) -> AsyncIterator[Callable[[str], httpx.AsyncClient]]:
    """Serve `app` in-process; yields a function that gives a client calling from an address."""
    clients: list[httpx.AsyncClient] = []
    async with LifespanManager(
        app, startup_timeout=STARTUP_TIMEOUT, shutdown_timeout=SHUTDOWN_TIMEOUT
    ) as manager:

        def client_from(host: str) -> httpx.AsyncClient:
            transport = httpx.ASGITransport(app=manager.app, client=(host, 50_000))
            clients.append(httpx.AsyncClient(transport=transport, base_url=base_url))
            return clients[-1]

        try:
            yield client_from
        finally:
            for client in clients:
                await client.aclose()


@asynccontextmanager
async def serve_on_socket(
    app: FastAPI, settings: MentorshipSettings | None = None
) -> AsyncIterator[int]:
    """Serve `app` with uvicorn on a real local port, configured as `mentorship serve` does;
    yields the port once the app has started. The socket listens first, so early connections
    wait in its backlog."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    async with LifespanManager(
        app, startup_timeout=STARTUP_TIMEOUT, shutdown_timeout=SHUTDOWN_TIMEOUT
    ) as manager:
        config = uvicorn_config(
            manager.app, settings or MentorshipSettings(), lifespan="off", log_level="warning"
        )
        server = uvicorn.Server(config)
        task = asyncio.create_task(server.serve(sockets=[listener]))
        try:
            yield listener.getsockname()[1]
        finally:
            server.should_exit = True
            await task
            listener.close()
