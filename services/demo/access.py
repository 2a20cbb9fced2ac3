"""Development access tokens for the demo organisation's admin, manager, mentor and mentee."""

from dataclasses import dataclass

from shared.db import open_database
from shared.enums import ViewerRole
from shared.models import Participant
from shared.settings import MentorshipSettings
from shared.tokens import issue_development_token


@dataclass(frozen=True)
class DemoLogin:
    label: str
    name: str
    token: str


DEMO_LOGINS: tuple[tuple[str, str, frozenset[ViewerRole]], ...] = (
    ("admin", "amara.okafor@northwind-demo.example", frozenset({ViewerRole.ADMIN})),
    ("manager", "lukas.brandt@northwind-demo.example", frozenset({ViewerRole.PROGRAM_MANAGER})),
    ("mentor", "tomasz.nowak@northwind-demo.example", frozenset()),
    ("mentee", "daniel.osei@northwind-demo.example", frozenset()),
)


async def demo_logins(settings: MentorshipSettings) -> list[DemoLogin]:
    """A token per demo role, for trying the API; the people must exist (seeded)."""
    logins = []
    async with open_database(settings, app_name="demo-tokens"):
        for label, email, roles in DEMO_LOGINS:
            person = await Participant.find_one(Participant.email == email)
            if person is not None and person.id is not None:
                token = issue_development_token(settings, participant_id=person.id, roles=roles)
                logins.append(DemoLogin(label=label, name=person.name, token=token))
    return logins


async def token_for_email(
    settings: MentorshipSettings, *, email: str, roles: frozenset[ViewerRole]
) -> str | None:
    """A development token for the participant with `email`, or None if there is none."""
    async with open_database(settings, app_name="token"):
        person = await Participant.find_one(Participant.email == email.strip().lower())
    if person is None or person.id is None:
        return None
    return issue_development_token(settings, participant_id=person.id, roles=roles)
