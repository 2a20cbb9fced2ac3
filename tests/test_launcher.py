"""`mentorship run` end to end: everything up, URLs printed, Ctrl-C stops all, data kept."""

import asyncio
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from shared.embedded import free_port
from shared.models import Participant, SurveyRound

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("MENTORSHIP_MONGODB_URL")), reason="exercises the embedded database"
)
READY_LINE = "Press Ctrl-C to stop."


def _start(
    tmp_path: Path, ports: dict[str, int], extra: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        **(extra or {}),
        "MENTORSHIP_DATA_DIR": str(tmp_path / "var"),
        "MENTORSHIP_EMBEDDED_PORT": str(ports["db"]),
        "MENTORSHIP_GRAPHQL_PORT": str(ports["graphql"]),
        "MENTORSHIP_SURVEYS_PORT": str(ports["surveys"]),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "services.cli", "run"],
        env=env,
        cwd=Path(__file__).resolve().parents[1],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _read_until_ready(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    output = []
    for line in process.stdout:
        output.append(line)
        if line.strip() == READY_LINE:
            return "".join(output)
    raise AssertionError("the platform exited before it was ready:\n" + "".join(output))


def _token_after(banner: str, role: str) -> str:
    """The line under the last banner entry for `role` (a token, or a survey link)."""
    lines = banner.splitlines()
    index = max(i for i, line in enumerate(lines) if line.strip().startswith(role + " "))
    return lines[index + 1].strip()


def _query(ports: dict[str, int], token: str, fields: str) -> dict[str, Any]:
    """The data of a query as the holder of `token`: their roles and name, and `fields`."""
    response = httpx.post(
        f"http://127.0.0.1:{ports['graphql']}/graphql",
        json={"query": f"{{ viewer {{ roles participant {{ name }} }} {fields} }}"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()
    assert "errors" not in response, response
    data: dict[str, Any] = response["data"]
    return data


def _stop(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGINT)
    remaining, _ = process.communicate(timeout=60)
    return remaining


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_run_starts_everything_and_ctrl_c_stops_it(tmp_path: Path) -> None:
    ports = {"db": free_port(), "graphql": free_port(), "surveys": free_port()}

    first = _start(tmp_path, ports)
    try:
        banner = _read_until_ready(first)
        ready = [
            httpx.get(f"http://127.0.0.1:{ports[name]}/readyz", timeout=5).status_code
            for name in ("graphql", "surveys")
        ]
        typename = httpx.post(
            f"http://127.0.0.1:{ports['graphql']}/graphql",
            json={"query": "{ __typename }"},
            timeout=5,
        ).json()
        survey_link = _token_after(banner, "mentee")  # the survey link printed for a mentee
        survey_page = httpx.get(survey_link, timeout=10)
        programs = _query(ports, _token_after(banner, "admin"), "programs { totalCount }")
        # The policies' people: the head has a resubmitted plan to decide.
        waiting = "mentoringPlans(filter: {status: [SUBMITTED]}) { totalCount }"
        policy_logins = {
            label: _query(ports, _token_after(banner, label), query)
            for label, query in (("head", waiting), ("hr", ""), ("executive", ""))
        }
    finally:
        tail = _stop(first)

    assert "Seeded demo data." in banner
    assert f"http://127.0.0.1:{ports['graphql']}/graphql" in banner
    assert f"http://127.0.0.1:{ports['surveys']}/docs" in banner
    assert f"mongodb://127.0.0.1:{ports['db']}/" in banner
    assert ready == [200, 200]
    assert typename == {"data": {"__typename": "Query"}}
    assert programs["viewer"]["roles"] == ["ADMIN"]
    assert programs["programs"] == {"totalCount": 4}  # the draft one too
    assert {label: data["viewer"] for label, data in policy_logins.items()} == {
        "head": {"roles": ["DEPARTMENT_HEAD"], "participant": {"name": "Henrik Larsen"}},
        "hr": {"roles": ["HR"], "participant": {"name": "Sofia Marchetti"}},
        "executive": {"roles": ["EXECUTIVE"], "participant": {"name": "Charlotte Lambert"}},
    }
    assert policy_logins["head"]["mentoringPlans"] == {"totalCount": 1}
    for role in ("manager", "mentor", "mentee"):
        assert _token_after(banner, role)
    assert survey_link.startswith(f"http://localhost:{ports['surveys']}/s/")
    assert survey_page.status_code == 200 and "Send my answers" in survey_page.text
    assert first.returncode == 0, tail
    assert not any(_listening(port) for port in ports.values())

    second = _start(tmp_path, ports)
    try:
        banner_again = _read_until_ready(second)
    finally:
        _stop(second)

    assert "Using the data already there." in banner_again


async def test_run_on_a_configured_database_adds_no_demo_data(
    tmp_path: Path, mongodb_url: str, database_name: str
) -> None:
    ports = {"graphql": free_port(), "surveys": free_port()}
    configured = {"MENTORSHIP_MONGODB_URL": mongodb_url, "MENTORSHIP_DATABASE": database_name}

    # In a thread: the session's database client keeps working while the platform runs.
    def run_until_ready() -> str:
        process = _start(tmp_path, {"db": free_port(), **ports}, configured)
        try:
            return _read_until_ready(process)
        finally:
            _stop(process)

    banner = await asyncio.to_thread(run_until_ready)

    assert "Using the configured database; no demo data is added." in banner
    assert await Participant.count() == 0
    assert await SurveyRound.count() == 0
