"""Invitations and reminders by e-mail, received by a real local SMTP server."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient

from services.surveys.app import create_app
from services.surveys.mail import SurveyEmail, send
from services.surveys.settings import SurveySettings
from shared.models import Invitation
from tests.asgi import serve
from tests.surveys.conftest import Inbox, SurveyWorld, launch, link_for


@pytest.fixture
async def mailing_http(
    survey_settings: SurveySettings, mongo_client: AsyncMongoClient[Any], inbox: Inbox
) -> AsyncIterator[httpx.AsyncClient]:
    async with serve(
        create_app(inbox.settings(survey_settings), mongo_client=mongo_client)
    ) as client:
        yield client


def _bodies(message: EmailMessage) -> tuple[str, str]:
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain is not None and html is not None
    return plain.get_content(), html.get_content()  # type: ignore[attr-defined]


async def test_each_invitee_receives_a_message_with_their_link(
    mailing_http: httpx.AsyncClient, world: SurveyWorld, inbox: Inbox
) -> None:
    body = await launch(mailing_http, world)

    assert len(inbox.messages) == 4
    (message,) = inbox.to("daniel@example.com")
    plain, html = _bodies(message)
    link = link_for(body, world.people["Daniel"])
    assert "Master & Apprentice" in str(message["Subject"])
    assert link in plain and f'href="{link}"' in html
    assert "About your mentoring with: Tomasz" in plain
    assert "Open until:" in plain
    invitation = await Invitation.find_one(Invitation.participant_id == world.people["Daniel"].id)
    assert invitation is not None and invitation.last_mailed_at is not None
    assert invitation.delivery_error == ""


async def test_reminders_carry_the_new_link(
    mailing_http: httpx.AsyncClient, world: SurveyWorld, inbox: Inbox
) -> None:
    body = await launch(mailing_http, world)
    inbox.messages.clear()

    reminders = await mailing_http.post(
        f"/api/v1/rounds/{body['round']['id']}/reminders", headers=world.manager_headers
    )

    assert len(inbox.messages) == 4
    (message,) = inbox.to("chloe@example.com")
    plain, _ = _bodies(message)
    assert str(message["Subject"]).startswith("Reminder:")
    assert link_for(reminders.json(), world.people["Chloe"]) in plain
    assert link_for(body, world.people["Chloe"]) not in plain


@pytest.mark.parametrize(
    "name",
    [
        "Daniel <attacker@evil.example>, Daniel",
        "Eve\r\nBcc: attacker@evil.example",
    ],
)
async def test_a_name_never_adds_a_recipient_or_breaks_the_message(
    survey_settings: SurveySettings, inbox: Inbox, name: str
) -> None:
    settings = inbox.settings(survey_settings)
    mail = SurveyEmail(
        to_address="daniel@example.com",
        to_name=name,
        counterpart_name="Ada",
        program_name="Engineering",
        link="https://surveys.example.com/s/abc",
        closes_at=datetime(2026, 12, 1, tzinfo=UTC),
    )

    failure = await send(settings, mail)

    assert failure is None
    assert inbox.recipients == ["daniel@example.com"]
    (message,) = inbox.messages
    assert message["To"].addresses[0].addr_spec == "daniel@example.com"
    assert len(message["To"].addresses) == 1 and "Bcc" not in message
