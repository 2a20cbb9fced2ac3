"""The `mentorship` command line as the README uses it: issuing a development token."""

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from services.demo.access import DEMO_ADMIN_EMAIL
from services.demo.seed import seed_demo_data
from shared.embedded import free_port
from shared.enums import ViewerRole
from shared.models import Participant
from shared.settings import MentorshipSettings
from shared.tokens import verify_access_token

REPO = Path(__file__).resolve().parents[1]
# Guards the test run against a command that hangs; the command must finish well within it.
HANG_GUARD_SECONDS = 25


def _mentorship(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - the project's own command line
        [sys.executable, "-m", "services.cli", *args],
        env={**os.environ, **env},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_SECONDS,
        check=False,
    )


async def test_a_development_token_for_a_demo_admin(mongodb_url: str, database_name: str) -> None:
    await seed_demo_data()
    admin = await Participant.find_one({"email": DEMO_ADMIN_EMAIL})
    assert admin is not None
    env = {"MENTORSHIP_MONGODB_URL": mongodb_url, "MENTORSHIP_DATABASE": database_name}

    # In a thread: the session's database client keeps working while the command runs.
    issued = await asyncio.to_thread(
        _mentorship, "token", DEMO_ADMIN_EMAIL, "--role", "ADMIN", env=env
    )
    unknown = await asyncio.to_thread(
        _mentorship, "token", "someone@example.com", "--role", "ADMIN", env=env
    )

    assert issued.returncode == 0, issued.stderr
    claims = verify_access_token(issued.stdout.strip(), MentorshipSettings(env="development"))
    assert (claims.participant_id, claims.roles) == (admin.id, frozenset({ViewerRole.ADMIN}))
    assert unknown.returncode == 1
    assert "no participant has the e-mail someone@example.com" in unknown.stderr


def test_without_a_database_the_token_command_says_so_and_stops() -> None:
    nowhere = f"mongodb://127.0.0.1:{free_port()}/?serverSelectionTimeoutMS=500"

    result = _mentorship("token", DEMO_ADMIN_EMAIL, env={"MENTORSHIP_MONGODB_URL": nowhere})

    assert result.returncode == 1
    assert result.stderr.startswith("error: MongoDB did not answer within 3 s")
    assert "Traceback" not in result.stderr


def test_production_issues_no_development_tokens() -> None:
    production = {
        "MENTORSHIP_ENV": "production",
        "MENTORSHIP_MONGODB_URL": "mongodb://db.internal:27017/?replicaSet=rs0",
        "MENTORSHIP_SERVICE_TOKEN": "s3cure-" + "x" * 40,
        "MENTORSHIP_JWT_PUBLIC_KEY": "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----",
        "MENTORSHIP_SURVEYS_PUBLIC_URL": "https://surveys.example.com",
    }

    result = _mentorship("token", DEMO_ADMIN_EMAIL, env=production)

    assert result.returncode == 1
    assert "development tokens are issued with MENTORSHIP_ENV=development only" in result.stderr
