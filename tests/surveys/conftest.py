"""A program with active pairs, its manager's token, and a round-launching helper."""

import email
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller

from services.surveys.settings import SurveySettings
from shared.embedded import free_port
from shared.enums import PairStatus, ViewerRole
from shared.models import Pair, Participant, Program
from shared.tokens import issue_development_token
from tests.factories import make_pair, make_participant, make_program


@dataclass
class Inbox:
    """A real local SMTP server's mailbox; it refuses the addresses in `refused`."""

    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refused:
            return "550 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        self.recipients.extend(envelope.rcpt_tos)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]

    def settings(self, base: SurveySettings) -> SurveySettings:
        """`base` sending through this server."""
        return base.model_copy(
            update={
                "smtp_host": "127.0.0.1",
                "smtp_port": self.port,
                "smtp_security": "none",
                "smtp_sender": "Mentoring <mentoring@example.com>",
            }
        )


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    handler = Inbox(port=free_port())
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    try:
        yield handler
    finally:
        controller.stop()


@dataclass
class SurveyWorld:
    program: Program
    manager: Participant
    pairs: list[Pair]
    people: dict[str, Participant]
    manager_headers: dict[str, str]


@pytest.fixture
async def world(survey_settings: SurveySettings) -> SurveyWorld:
    manager = await make_participant(name="Lukas Manager", email="lukas@example.com")
    program = await make_program(name="Master & Apprentice", manager_ids=[manager.id])
    people: dict[str, Participant] = {}
    pairs = []
    for n, (mentor, mentee) in enumerate([("Tomasz", "Daniel"), ("Ines", "Chloe")]):
        people[mentor] = await make_participant(name=mentor, email=f"{mentor.lower()}@example.com")
        people[mentee] = await make_participant(name=mentee, email=f"{mentee.lower()}@example.com")
        pairs.append(await make_pair(program=program, mentor=people[mentor], mentee=people[mentee]))
        assert n < 2
    # A proposed pair gets no survey.
    await make_pair(program=program, status=PairStatus.PROPOSED)
    assert manager.id is not None
    token = issue_development_token(
        survey_settings,
        participant_id=manager.id,
        roles=frozenset({ViewerRole.PROGRAM_MANAGER}),
    )
    return SurveyWorld(
        program=program,
        manager=manager,
        pairs=pairs,
        people=people,
        manager_headers={"Authorization": f"Bearer {token}"},
    )


def round_body(program: Program, **overrides: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {
        "programId": str(program.id),
        "label": "Check-in, November",
        "opensAt": (now - timedelta(minutes=1)).isoformat(),
        "closesAt": (now + timedelta(days=14)).isoformat(),
        **overrides,
    }


async def launch(client: httpx.AsyncClient, world: SurveyWorld, **overrides: Any) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/rounds", json=round_body(world.program, **overrides), headers=world.manager_headers
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def token_of(link: str) -> str:
    return link.rsplit("/s/", 1)[1]


def link_for(body: dict[str, Any], person: Participant) -> str:
    return next(item["link"] for item in body["links"] if item["participantId"] == str(person.id))
