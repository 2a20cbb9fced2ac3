"""Development access tokens for the demo organisation's admin, manager, mentor, mentees, head
of department, HR and executive."""

from dataclasses import dataclass

from services.surveys.links import survey_link
from services.surveys.rounds import reissue_link
from shared.db import open_database
from shared.enums import InvitationState, Role, RoundStatus, ViewerRole
from shared.models import Invitation, Participant, SurveyRound
from shared.settings import MentorshipSettings
from shared.tokens import issue_development_token


@dataclass(frozen=True)
class DemoLogin:
    label: str
    name: str
    token: str


DEMO_ADMIN_EMAIL = "amara.okafor@northwind-demo.example"
# The label of the round the demo opens, so `make run` finds it (and only it) again.
DEMO_ROUND = "Demo check-in: try the survey page"
DEMO_LOGINS: tuple[tuple[str, str, frozenset[ViewerRole]], ...] = (
    ("admin", DEMO_ADMIN_EMAIL, frozenset({ViewerRole.ADMIN})),
    ("manager", "lukas.brandt@northwind-demo.example", frozenset({ViewerRole.PROGRAM_MANAGER})),
    ("mentor", "tomasz.nowak@northwind-demo.example", frozenset()),
    ("mentee", "daniel.osei@northwind-demo.example", frozenset()),
    # A mentee of the cross-team program who has yet to choose a mentor.
    ("matching", "sara.lindqvist@northwind-demo.example", frozenset()),
    # The policies' steps: the head of the apprentices' department (plans, concerns, the
    # department's talent-reserve applicants), HR and top management (the talent reserve).
    ("head", "henrik.larsen@northwind-demo.example", frozenset({ViewerRole.DEPARTMENT_HEAD})),
    ("hr", "sofia.marchetti@northwind-demo.example", frozenset({ViewerRole.HR})),
    ("executive", "charlotte.lambert@northwind-demo.example", frozenset({ViewerRole.EXECUTIVE})),
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


@dataclass(frozen=True)
class DemoSurveyLink:
    respondent: str
    role: str
    link: str


async def demo_survey_links(
    settings: MentorshipSettings, *, count: int = 2
) -> list[DemoSurveyLink]:
    """`reissue_demo_links` on the database `settings` name."""
    async with open_database(settings, app_name="demo-links"):
        return await reissue_demo_links(settings.surveys_public_url, count=count)


async def reissue_demo_links(public_url: str, *, count: int = 2) -> list[DemoSurveyLink]:
    """Fresh links to unanswered invitations of the demo's own open round (the one its admin
    launched when the demo was seeded), one per role; nothing when there is no such round.
    Links are stored only as hashes, so each start reissues these (the demo's earlier links
    stop working); no other round's links are touched."""
    links: list[DemoSurveyLink] = []
    admin = await Participant.find_one({"email": DEMO_ADMIN_EMAIL})
    if admin is None:
        return links
    survey_round = await SurveyRound.find_one(
        {"created_by_id": admin.id, "status": RoundStatus.OPEN.value, "label": DEMO_ROUND}
    )
    if survey_round is None:
        return links
    for role in (Role.MENTEE, Role.MENTOR)[:count]:
        invitation = await Invitation.find_one(
            {
                "round_id": survey_round.id,
                "role": role.value,
                "state": {"$in": [InvitationState.PENDING.value, InvitationState.OPENED.value]},
            }
        )
        if invitation is None:
            continue
        issued = await reissue_link(invitation)
        person = await Participant.get(invitation.participant_id)
        links.append(
            DemoSurveyLink(
                respondent=person.name if person else "",
                role=role.value.lower(),
                link=survey_link(public_url, issued.token),
            )
        )
    return links


async def token_for_email(
    settings: MentorshipSettings, *, email: str, roles: frozenset[ViewerRole]
) -> str | None:
    """A development token for the participant with `email`, or None if there is none."""
    async with open_database(settings, app_name="token"):
        person = await Participant.find_one(Participant.email == email.strip().lower())
    if person is None or person.id is None:
        return None
    return issue_development_token(settings, participant_id=person.id, roles=roles)
