"""Schemathesis against both services, served on real ports over a fresh database: the survey
service must keep its OpenAPI document (every status, header, content type and body as
documented, no server error, bad input refused, missing auth refused) and the GraphQL API
must answer every generated query and mutation without a server error.

`make fuzz` runs this with a larger budget: `FUZZ_MAX_EXAMPLES` cases per operation (10 here).
"""

import asyncio
import os
import re
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient

from services.graphql_api.app import create_app as create_graphql_app
from services.graphql_api.settings import GraphQLSettings
from services.surveys.app import create_app as create_surveys_app
from services.surveys.settings import SurveySettings
from shared.enums import ViewerRole
from shared.global_ids import NodeType, to_global_id
from shared.tokens import issue_development_token
from tests.asgi import serve_on_socket
from tests.factories import make_pair, make_participant, make_program

HERE = Path(__file__).parent
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "10"))
# Fixed in CI so a failure reproduces; `make fuzz` draws a new one each run.
SEED = os.environ.get("FUZZ_SEED", "20261121")
RUN_SECONDS = 600
GENERATED_AND_PASSED = re.compile(r"\b([1-9]\d*) generated, \1 passed")


@dataclass
class Services:
    surveys_url: str
    graphql_url: str
    service_token: str
    admin_token: str
    objects: dict[str, str] = field(default_factory=dict)  # FUZZ_* variables


@pytest.fixture
async def services(
    survey_settings: SurveySettings,
    graphql_settings: GraphQLSettings,
    mongo_client: AsyncMongoClient[Any],
) -> AsyncIterator[Services]:
    """Both services on local ports, with a program, its pairs, a round launched for them and
    an admin to act as."""
    admin = await make_participant(name="Ada Admin")
    manager = await make_participant(name="Mo Manager")
    program = await make_program(manager_ids=[manager.id])
    pairs = [await make_pair(program=program) for _ in range(2)]
    assert admin.id and manager.id and program.id and pairs[0].id
    service_token = survey_settings.secret("service_token")
    # Generous limits: the fuzzing is one client; the limit itself is tested elsewhere.
    limits = ("survey_rate_limit", "survey_link_rate_limit")
    surveys = survey_settings.model_copy(
        update={name: "100000/minute" for name in limits if name in SurveySettings.model_fields}
    )
    async with serve_on_socket(create_surveys_app(surveys, mongo_client=mongo_client)) as port:
        surveys_url = f"http://127.0.0.1:{port}"
        launched = await _launch_round(surveys_url, service_token, program.id)
        graphql = graphql_settings.model_copy(update={"surveys_url": surveys_url})
        app = create_graphql_app(graphql, mongo_client=mongo_client)
        async with serve_on_socket(app) as graphql_port:
            yield Services(
                surveys_url=surveys_url,
                graphql_url=f"http://127.0.0.1:{graphql_port}",
                service_token=service_token,
                admin_token=issue_development_token(
                    graphql_settings,
                    participant_id=admin.id,
                    roles=frozenset({ViewerRole.ADMIN}),
                ),
                objects={
                    "FUZZ_ROUND_ID": launched["round"]["id"],
                    "FUZZ_INVITATION_ID": launched["links"][0]["invitationId"],
                    "FUZZ_LINK_TOKEN": launched["links"][1]["link"].rsplit("/s/", 1)[1],
                    # GraphQL IDs here: the REST API takes either form.
                    "FUZZ_PAIR_ID": to_global_id(NodeType.PAIR, pairs[0].id),
                    "FUZZ_PROGRAM_ID": to_global_id(NodeType.PROGRAM, program.id),
                    "FUZZ_PARTICIPANT_ID": to_global_id(NodeType.PARTICIPANT, manager.id),
                },
            )


async def _launch_round(surveys_url: str, token: str, program_id: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    async with httpx.AsyncClient(base_url=surveys_url) as client:
        response = await client.post(
            "/api/v1/rounds",
            json={
                "programId": str(program_id),
                "label": "Check-in to fuzz",
                "opensAt": (now - timedelta(minutes=1)).isoformat(),
                "closesAt": (now + timedelta(days=14)).isoformat(),
            },
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 201, response.text
    launched: dict[str, Any] = response.json()
    return launched


async def schemathesis(
    location: str, token: str, *, config: str, objects: dict[str, str] | None = None
) -> tuple[int, str]:
    """Run the Schemathesis CLI (while this loop serves the apps) with the settings in
    `config` beside this file, its `${FUZZ_*}` filled in; its exit code and report."""
    settings = (HERE / config).read_text(encoding="utf-8")
    for name, value in (objects or {}).items():
        settings = settings.replace(f"${{{name}}}", value)
    filled = Path.cwd() / config  # the test's own temporary directory
    filled.write_text(settings, encoding="utf-8")
    process = await asyncio.create_subprocess_exec(
        str(SCHEMATHESIS),
        "--no-color",
        "--config-file",
        str(filled),
        "run",
        location,
        "--header",
        f"Authorization: Bearer {token}",
        "--max-examples",
        str(MAX_EXAMPLES),
        *(["--seed", SEED] if SEED else []),
        "--generation-database",
        "none",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), RUN_SECONDS)
    assert process.returncode is not None
    print(output.decode())  # the report, shown by `make fuzz` (pytest -s)
    return process.returncode, output.decode()


async def test_the_survey_service_keeps_its_openapi_contract(services: Services) -> None:
    code, report = await schemathesis(
        f"{services.surveys_url}/openapi.json",
        services.service_token,
        config="surveys.toml",
        objects=services.objects,
    )

    assert code == 0, report
    assert GENERATED_AND_PASSED.search(report), report


async def test_the_graphql_api_answers_generated_operations_without_server_errors(
    services: Services,
) -> None:
    code, report = await schemathesis(
        f"{services.graphql_url}/graphql",
        services.admin_token,
        config="graphql.toml",
        objects=services.objects,
    )

    assert code == 0, report
    assert GENERATED_AND_PASSED.search(report), report
