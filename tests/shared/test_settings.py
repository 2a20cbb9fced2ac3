"""Settings: development needs no configuration; production refuses unsafe secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from shared.settings import (
    DEVELOPMENT_JWT_SECRET,
    DEVELOPMENT_SERVICE_TOKEN,
    MentorshipSettings,
    SettingsError,
    load_settings,
)

PUBLIC_KEY = "-----BEGIN PUBLIC KEY-----\nMIIBIjAN...\n-----END PUBLIC KEY-----\n"
STRONG = "s3cure-" + "x" * 40

PRODUCTION = {
    "MENTORSHIP_ENV": "production",
    "MENTORSHIP_MONGODB_URL": "mongodb://db.internal:27017/?replicaSet=rs0",
    "MENTORSHIP_SERVICE_TOKEN": STRONG,
    "MENTORSHIP_JWT_PUBLIC_KEY": PUBLIC_KEY,
    "MENTORSHIP_SURVEYS_PUBLIC_URL": "https://surveys.example.com/",
}


def _with_env(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)


def test_development_runs_with_no_configuration() -> None:
    settings = load_settings(MentorshipSettings)

    assert settings.uses_embedded_database
    assert settings.effective_mongodb_url == "mongodb://127.0.0.1:27018/"
    assert settings.secret("jwt_secret") == DEVELOPMENT_JWT_SECRET
    assert settings.secret("service_token") == DEVELOPMENT_SERVICE_TOKEN
    assert (settings.graphql_port, settings.surveys_port) == (8000, 8001)
    assert settings.surveys_url == "http://127.0.0.1:8001"


def test_environment_variables_use_the_mentorship_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    _with_env(
        monkeypatch,
        {
            "MENTORSHIP_MONGODB_URL": "mongodb://mongo:27017/",
            "MENTORSHIP_DATABASE": "acme",
            "MENTORSHIP_SURVEYS_PORT": "9001",
            "MENTORSHIP_SURVEYS_PUBLIC_URL": "https://feedback.acme.example/",
        },
    )

    settings = load_settings(MentorshipSettings)

    assert settings.effective_mongodb_url == "mongodb://mongo:27017/"
    assert settings.database == "acme"
    assert settings.surveys_url == "http://127.0.0.1:9001"
    assert settings.surveys_public_url == "https://feedback.acme.example"


def test_production_is_the_default_and_refuses_to_start_unconfigured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MENTORSHIP_ENV")

    with pytest.raises(SettingsError) as refused:
        load_settings(MentorshipSettings)

    assert "production configuration is unsafe" in str(refused.value)
    assert "MENTORSHIP_SERVICE_TOKEN is missing" in str(refused.value)


def test_blank_variables_count_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    _with_env(monkeypatch, {"MENTORSHIP_JWT_SECRET": "", "MENTORSHIP_MONGODB_URL": " "})

    settings = load_settings(MentorshipSettings)

    assert settings.secret("jwt_secret") == DEVELOPMENT_JWT_SECRET
    assert settings.uses_embedded_database


def test_a_complete_production_configuration_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    _with_env(monkeypatch, PRODUCTION)

    settings = load_settings(MentorshipSettings)

    assert settings.is_production
    assert settings.secret("service_token") == STRONG


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("MENTORSHIP_SERVICE_TOKEN", None, "MENTORSHIP_SERVICE_TOKEN is missing"),
        ("MENTORSHIP_SERVICE_TOKEN", "changethis", "MENTORSHIP_SERVICE_TOKEN is a placeholder"),
        ("MENTORSHIP_SERVICE_TOKEN", DEVELOPMENT_SERVICE_TOKEN, "is a placeholder"),
        ("MENTORSHIP_SERVICE_TOKEN", "short-token", "shorter than 32 characters"),
        ("MENTORSHIP_JWT_SECRET", "secret", "MENTORSHIP_JWT_SECRET is set to a placeholder"),
        ("MENTORSHIP_JWT_PUBLIC_KEY", None, "MENTORSHIP_JWT_PUBLIC_KEY must hold the PEM"),
        ("MENTORSHIP_MONGODB_URL", None, "MENTORSHIP_MONGODB_URL must point at a MongoDB"),
        ("MENTORSHIP_SURVEYS_PUBLIC_URL", None, "MENTORSHIP_SURVEYS_PUBLIC_URL must be"),
    ],
)
def test_production_refuses_missing_or_placeholder_secrets(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str | None, message: str
) -> None:
    _with_env(monkeypatch, PRODUCTION)
    if value is None:
        monkeypatch.delenv(variable)
    else:
        monkeypatch.setenv(variable, value)

    with pytest.raises(SettingsError) as refused:
        load_settings(MentorshipSettings)

    assert message in str(refused.value)


@pytest.mark.parametrize("service", ["graphql-api", "surveys"])
def test_a_service_refuses_to_start_in_production_with_a_placeholder_secret(
    service: str, tmp_path: Path
) -> None:
    env = {**os.environ, **PRODUCTION, "MENTORSHIP_SERVICE_TOKEN": "changeme"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])

    started = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "services.cli", "serve", service, "--port", "1"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert started.returncode != 0
    assert "MENTORSHIP_SERVICE_TOKEN is a placeholder" in started.stderr
    assert "Traceback" not in started.stderr
