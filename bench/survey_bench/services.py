"""The processes a survey benchmark runs: the database, the survey service (and the bare
baseline app) under uvicorn exactly as in production, and the round launched through the API.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from pymongo import AsyncMongoClient, monitoring

from bench.survey_bench.quiet import wait_quiet
from shared.embedded import EmbeddedMongoServer, free_port
from shared.processes import spawn, terminate
from shared.settings import DEVELOPMENT_SERVICE_TOKEN

REPO = Path(__file__).resolve().parents[2]
# uvicorn arguments naming each app: the survey service is made by its factory.
SURVEY_APP = ("--factory", "services.surveys.app:create_app")
BARE_APP = ("bench.survey_bench.bare_insert_app:app",)
# The defaults (300 a minute per address, 20 per link) would refuse a load test coming from one
# address.
RATE_LIMIT = "1000000/minute"
# The last line of a traceback: "pymongo.errors.NetworkTimeout: ...".
EXCEPTION_LINE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Timeout|Failure)\w*): ", re.M)


def progress(message: str) -> None:
    """A line about what the benchmark is doing, shown at once."""
    print(f"... {message}", flush=True)


class SetupError(RuntimeError):
    """The benchmark could not set up what it measures."""


@dataclass
class AppProcess:
    """An app served by uvicorn on a local port, its output going to `log_path`."""

    name: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def logged_exceptions(self) -> Counter[str]:
        """The exceptions its log reports, by type (uvicorn logs warnings and errors only)."""
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return Counter(match.group(1) for match in EXCEPTION_LINE.finditer(text))


@dataclass
class Bench:
    """The database URL and everything started for one benchmark run."""

    url: str
    log_dir: Path
    embedded: bool
    apps: list[AppProcess] = field(default_factory=list)

    def start_app(self, name: str, app: tuple[str, ...], database: str) -> AppProcess:
        """`python -m uvicorn <app>` on a free port, in development mode with the database and
        the rate limits set, everything else left at its default."""
        port = free_port()
        command = [sys.executable, "-m", "uvicorn", *app, "--host", "127.0.0.1"]
        command += ["--port", str(port), "--no-access-log", "--log-level", "warning"]
        env = {
            "MENTORSHIP_ENV": "development",
            "MENTORSHIP_MONGODB_URL": self.url,
            "MENTORSHIP_DATABASE": database,
            "MENTORSHIP_SURVEY_RATE_LIMIT": RATE_LIMIT,
            "MENTORSHIP_SURVEY_LINK_RATE_LIMIT": RATE_LIMIT,
        }
        log_path = self.log_dir / f"{name}.log"
        with log_path.open("ab") as log:
            process = spawn(command, env=env, cwd=REPO, log=log)
        started = AppProcess(name, port, process, log_path)
        self.apps.append(started)
        return started

    async def wait_quiet(self, client: AsyncMongoClient[Any]) -> float | None:
        """Until the apps (and the embedded server) are idle: see `quiet.wait_quiet`."""
        pids = [app.process.pid for app in self.apps]
        return await wait_quiet(client, pids, include_server=self.embedded, report=progress)

    def error_report(self) -> list[str]:
        """A line per app whose log reports exceptions: which, how often, and where."""
        return [
            f"{app.name}: "
            + ", ".join(f"{name} x{n}" for name, n in found.most_common())
            + f" (see {app.log_path})"
            for app in self.apps
            if (found := app.logged_exceptions())
        ]


@contextmanager
def bench_processes(*, cache_size: str = "512M") -> Iterator[Bench]:
    """The embedded server (or MENTORSHIP_MONGODB_URL), stopped with every app afterwards.
    Logs are kept (and their place printed) only when an app logged an error."""
    url = os.environ.get("MENTORSHIP_MONGODB_URL")
    scratch = Path(tempfile.mkdtemp(prefix="survey-bench-"))
    server = None
    if not url:
        server = EmbeddedMongoServer(
            data_dir=scratch / "db", port=free_port(), cache_size=cache_size
        )
        server.start()
        url = server.url
    bench = Bench(url=url, log_dir=scratch / "logs", embedded=server is not None)
    bench.log_dir.mkdir()
    try:
        yield bench
    finally:
        for app in bench.apps:
            terminate(app.process)
        if server is not None:
            server.stop()
        keep_logs = bool(bench.error_report())
        shutil.rmtree(scratch / "db", ignore_errors=True)
        if not keep_logs and not os.environ.get("BENCH_KEEP_LOGS"):
            shutil.rmtree(scratch, ignore_errors=True)


def bench_client(
    url: str, *, listeners: Sequence[monitoring.CommandListener] = ()
) -> AsyncMongoClient[Any]:
    """The benchmark's own client: like the services' (`shared.db.create_client`), but patient,
    so that a database busy with what is measured does not fail the benchmark itself;
    `listeners` watch its commands."""
    return AsyncMongoClient(
        url,
        tz_aware=True,
        appname="bench",
        serverSelectionTimeoutMS=120_000,
        connectTimeoutMS=60_000,
        event_listeners=list(listeners),
    )


def wait_ready(app: AppProcess, *, timeout: float = 120.0) -> None:
    """Until `GET /readyz` answers 200; a process that exits or never answers is a setup error."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if app.process.poll() is not None:
            raise SetupError(f"{app.name} exited at start; see {app.log_path}")
        try:
            if httpx.get(f"{app.base_url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SetupError(f"{app.name} was not ready within {timeout:g} s; see {app.log_path}")


def service_token() -> str:
    """What the survey service accepts from other services: in development, the built-in one."""
    return os.environ.get("MENTORSHIP_SERVICE_TOKEN") or DEVELOPMENT_SERVICE_TOKEN


@dataclass(frozen=True)
class SurveyLink:
    token: str
    role: str


async def launch_round(
    http: httpx.AsyncClient, app: AppProcess, program_id: str
) -> list[SurveyLink]:
    """`POST /api/v1/rounds` with the service token, open since a minute ago for 14 days;
    returns each link's token (the part after `/s/`) and role."""
    now = datetime.now(UTC)
    response = await http.post(
        f"{app.base_url}/api/v1/rounds",
        headers={"Authorization": f"Bearer {service_token()}"},
        json={
            "programId": program_id,
            "label": f"Benchmark round {now:%Y-%m-%d %H:%M:%S}",
            "opensAt": (now - timedelta(minutes=1)).isoformat(),
            "closesAt": (now + timedelta(days=14)).isoformat(),
        },
        timeout=300,
    )
    if response.status_code != 201:
        raise SetupError(f"launching a round: {response.status_code} {response.text[:300]}")
    return [
        SurveyLink(token=link["link"].rsplit("/s/", 1)[1], role=link["role"])
        for link in response.json()["links"]
    ]
