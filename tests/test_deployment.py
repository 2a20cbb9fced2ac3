"""The shipped deployment (Dockerfile, docker-compose.yml) is safe as it stands: production
mode, secrets from the environment with no defaults, an authenticated database that is not
published, and services started the way that trusts forwarding headers from configured
proxies only. (No container engine runs in CI; this reads what a user would run.)"""

import re
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
REQUIRED = re.compile(r"\$\{(\w+):\?[^}]*\}")


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    return loaded


def test_compose_runs_production_with_every_secret_required_from_the_environment() -> None:
    services = _compose()["services"]
    env = services["graphql-api"]["environment"]

    assert env["MENTORSHIP_ENV"] == "production"
    for name in ("MENTORSHIP_SERVICE_TOKEN", "MENTORSHIP_JWT_PUBLIC_KEY"):
        assert REQUIRED.fullmatch(env[name]), f"{name} must be required, with no default"
    assert "MONGO_APP_PASSWORD" in REQUIRED.findall(env["MENTORSHIP_MONGODB_URL"])
    assert services["surveys"]["environment"] == env
    assert "MENTORSHIP_JWT_SECRET" not in env


def test_the_database_requires_authentication_and_is_not_published() -> None:
    mongo = _compose()["services"]["mongo"]

    assert "ports" not in mongo
    assert REQUIRED.fullmatch(mongo["environment"]["MONGO_INITDB_ROOT_PASSWORD"])
    assert "--keyFile" in " ".join(mongo["entrypoint"])
    app_url = _compose()["services"]["graphql-api"]["environment"]["MENTORSHIP_MONGODB_URL"]
    assert app_url.startswith("mongodb://${MONGO_APP_USERNAME:-mentorship}:")
    assert "authSource=admin" in app_url


def test_services_listen_on_loopback_of_the_host_and_are_started_by_mentorship_serve() -> None:
    services = _compose()["services"]

    for name, port in (("graphql-api", 8000), ("surveys", 8001)):
        assert services[name]["command"][:3] == ["mentorship", "serve", name]
        assert services[name]["ports"] == [
            f"${{MENTORSHIP_PUBLISH_ADDRESS:-127.0.0.1}}:{port}:{port}"
        ]
    dockerfile = (REPO / "Dockerfile").read_text()
    assert 'CMD ["mentorship", "serve", "graphql-api"' in dockerfile
    assert "MENTORSHIP_ENV=production" in dockerfile
    assert "uvicorn" not in dockerfile


def test_demo_data_is_seeded_only_when_asked() -> None:
    assert _compose()["services"]["seed"]["profiles"] == ["demo"]
