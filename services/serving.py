"""`mentorship serve`: one service under uvicorn, configured from the settings.

Every launch path starts the services this way (`make run`, the Dockerfile, docker-compose), so
they agree on who the client is: uvicorn takes the client's address from `X-Forwarded-For`
only when the connection comes from one of `MENTORSHIP_TRUSTED_PROXIES`, and otherwise keeps
the connection's peer. (Plain `uvicorn` trusts loopback by default, which would let anything on
the same host, or a proxy that passes the header through, name any address it likes.)
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import uvicorn
from fastapi import FastAPI

from shared.settings import MentorshipSettings


def _graphql_api() -> FastAPI:
    from services.graphql_api.app import create_app

    return create_app()


def _surveys() -> FastAPI:
    from services.surveys.app import create_app

    return create_app()


@dataclass(frozen=True)
class Service:
    name: str
    create_app: Callable[[], FastAPI]  # reads its settings from the environment

    def address(self, settings: MentorshipSettings) -> tuple[str, int]:
        if self.name == "graphql-api":
            return settings.graphql_host, settings.graphql_port
        return settings.surveys_host, settings.surveys_port


SERVICES = {
    service.name: service
    for service in (
        Service("graphql-api", _graphql_api),
        Service("surveys", _surveys),
    )
}


def uvicorn_config(app: Any, settings: MentorshipSettings, **options: Any) -> uvicorn.Config:
    """A uvicorn configuration that trusts forwarding headers from the configured proxies only."""
    trusted = settings.trusted_proxies
    return uvicorn.Config(
        app,
        proxy_headers=bool(trusted),
        forwarded_allow_ips=",".join(trusted) if trusted else "",
        server_header=False,
        **options,
    )


def serve(
    name: str,
    settings: MentorshipSettings,
    *,
    host: str | None = None,
    port: int | None = None,
    access_log: bool = True,
) -> int:
    """Run one service in the foreground until it is stopped; `SettingsError` when its
    configuration is incomplete."""
    service = SERVICES[name]
    default_host, default_port = service.address(settings)
    config = uvicorn_config(
        service.create_app(),
        settings,
        host=host or default_host,
        port=port or default_port,
        access_log=access_log,
    )
    server = uvicorn.Server(config)
    server.run()
    return 0 if server.started else 1
