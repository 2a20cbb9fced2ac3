"""`mentorship run`: the embedded database, both services and demo data, in one terminal."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import httpx

from services.demo.access import DemoLogin, DemoSurveyLink, demo_logins, demo_survey_links
from services.demo.seed import seed_database
from services.serving import SERVICES
from shared.embedded import EmbeddedMongoServer
from shared.processes import spawn, terminate
from shared.settings import MentorshipSettings

SERVICE_START_TIMEOUT_SECONDS = 60.0


class LaunchError(RuntimeError):
    """Something the platform needs did not come up."""


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    host: str
    port: int

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"


class _Stop(Exception):
    pass


def run_platform(settings: MentorshipSettings) -> int:
    """Start everything, print the URLs, and stop it all on Ctrl-C or SIGTERM."""
    database: EmbeddedMongoServer | None = None
    services: list[subprocess.Popen[bytes]] = []

    def request_stop(signum: int, frame: FrameType | None) -> None:
        raise _Stop

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        if settings.uses_embedded_database:
            database = EmbeddedMongoServer(
                data_dir=settings.data_dir / "db",
                host=settings.embedded_host,
                port=settings.embedded_port,
            )
            print(f"Starting the embedded database on {database.url} ...", flush=True)
            database.start()
        mongodb_url = settings.effective_mongodb_url
        if database is not None:
            seeded = asyncio.run(seed_database(settings)).seeded
            print("Seeded demo data." if seeded else "Using the data already there.", flush=True)
        else:  # a database of the user's: demo people only when asked (`mentorship seed`)
            print("Using the configured database; no demo data is added.", flush=True)
        env = {"MENTORSHIP_MONGODB_URL": mongodb_url}
        specs = _service_specs(settings)
        logs = settings.data_dir / "log"
        logs.mkdir(parents=True, exist_ok=True)
        for spec in specs:
            services.append(_start_service(spec, env=env, log_path=logs / f"{spec.name}.log"))
        for spec, process in zip(specs, services, strict=True):
            _wait_until_ready(spec, process)
        logins = asyncio.run(demo_logins(settings))
        survey_links = asyncio.run(demo_survey_links(settings))
        _print_urls(settings, mongodb_url, logs, logins, survey_links)
        while all(process.poll() is None for process in services):
            time.sleep(0.5)
        raise LaunchError("a service stopped unexpectedly; see the logs in " + str(logs))
    except _Stop:
        print("\nStopping ...", flush=True)
        return 0
    except LaunchError as error:
        print(f"error: {error}", file=sys.stderr, flush=True)
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for process in services:
            terminate(process)
        if database is not None:
            database.stop()
        print("Stopped.", flush=True)


def _service_specs(settings: MentorshipSettings) -> list[ServiceSpec]:
    specs = []
    for name in SERVICES:
        host, port = SERVICES[name].address(settings)
        specs.append(ServiceSpec(name, host, port))
    return specs


def _start_service(
    spec: ServiceSpec, *, env: dict[str, str], log_path: Path
) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "services.cli",
        "serve",
        spec.name,
        "--host",
        spec.host,
        "--port",
        str(spec.port),
        "--no-access-log",
    ]
    with log_path.open("ab") as log:
        return spawn(command, log=log, env=env, cwd=Path(os.getcwd()))


def _wait_until_ready(spec: ServiceSpec, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + SERVICE_START_TIMEOUT_SECONDS
    with httpx.Client(timeout=2.0) as http:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise LaunchError(f"{spec.name} exited at start (code {process.returncode})")
            try:
                if http.get(f"{spec.base_url}/readyz").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
    raise LaunchError(f"{spec.name} did not become ready on {spec.base_url}")


def _print_urls(
    settings: MentorshipSettings,
    mongodb_url: str,
    logs: Path,
    logins: list[DemoLogin],
    survey_links: list[DemoSurveyLink],
) -> None:
    graphql = f"http://{settings.graphql_host}:{settings.graphql_port}"
    surveys = f"http://{settings.surveys_host}:{settings.surveys_port}"
    print(
        "\nThe mentorship platform is running:\n"
        f"  GraphQL API        {graphql}/graphql\n"
        f"  GraphiQL           {graphql}/graphql  (open in a browser)\n"
        f"  Survey service     {surveys}/docs\n"
        f"  MongoDB            {mongodb_url}\n"
        f"  Logs               {logs}/\n",
        flush=True,
    )
    if logins:
        print("Demo access tokens (send as `Authorization: Bearer <token>`):")
        for login in logins:
            print(f"  {login.label:<9} {login.name}\n    {login.token}")
    if survey_links:
        print("Demo survey links (open in a browser; each start issues new ones):")
        for item in survey_links:
            print(f"  {item.role:<8} {item.respondent}\n    {item.link}")
    print("Press Ctrl-C to stop.", flush=True)
