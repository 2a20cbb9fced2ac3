"""Mailing invitations and reminders for issued links, and recording how each went.

Each invitation records its own delivery: `last_mailed_at` when a message was accepted, and
`delivery_error` (empty once one goes through) when it was not.

A reminder by e-mail is all or nothing for each person. Links are stored only as hashes, so a
reminder must carry a new link, and a new link replaces the old one. The new link therefore
takes effect only once the message carrying it has been accepted: a failed delivery leaves the
link the person already has working, with the failure recorded. A short claim on the
invitation keeps replicas from reminding the same person at once.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from beanie import PydanticObjectId

from services.surveys.links import hash_token, new_token, survey_link
from services.surveys.mail import SurveyEmail, send
from services.surveys.rounds import OPEN_STATES, IssuedLink
from services.surveys.settings import SurveySettings
from shared.models import Invitation, Participant, Program, utc_now

# How long one replica holds an invitation while its reminder is being delivered; longer
# than an SMTP exchange may take, so a replica that died mid-way frees it soon after.
REMINDER_CLAIM = timedelta(minutes=10)


class _Addressbook:
    """The people and programs a batch of invitations speaks of, read once."""

    def __init__(
        self,
        people: dict[PydanticObjectId | None, Participant],
        programs: dict[PydanticObjectId | None, Program],
    ) -> None:
        self.people = people
        self.programs = programs

    @classmethod
    async def of(cls, invitations: Iterable[Invitation]) -> "_Addressbook":
        invitations = list(invitations)
        people_ids = {i.participant_id for i in invitations} | {i.subject_id for i in invitations}
        program_ids = {i.program_id for i in invitations}
        people = {p.id: p async for p in Participant.find({"_id": {"$in": list(people_ids)}})}
        programs = {p.id: p async for p in Program.find({"_id": {"$in": list(program_ids)}})}
        return cls(people, programs)

    def message(
        self, settings: SurveySettings, invitation: Invitation, token: str, *, reminder: bool
    ) -> SurveyEmail | None:
        respondent = self.people.get(invitation.participant_id)
        counterpart = self.people.get(invitation.subject_id)
        program = self.programs.get(invitation.program_id)
        if respondent is None or program is None:
            return None
        return SurveyEmail(
            to_address=respondent.email,
            to_name=respondent.name,
            counterpart_name=counterpart.name if counterpart else "your counterpart",
            program_name=program.name,
            link=survey_link(settings.surveys_public_url, token),
            closes_at=invitation.expires_at,
            reminder=reminder,
        )


async def _record(invitation_id: PydanticObjectId | None, error: str | None) -> None:
    changes: dict[str, Any] = {"delivery_error": error or ""}
    if error is None:
        changes["last_mailed_at"] = utc_now()
    await Invitation.get_pymongo_collection().update_one({"_id": invitation_id}, {"$set": changes})


async def mail_links(
    settings: SurveySettings, issued: list[IssuedLink], *, reminder: bool = False
) -> int:
    """Send one message per link already issued (and shown to whoever asked for them), when
    SMTP is configured; records each delivery on its invitation; returns how many were sent."""
    if not issued or not settings.smtp_host:
        return 0
    addressbook = await _Addressbook.of(link.invitation for link in issued)
    sent = 0
    for link in issued:
        message = addressbook.message(settings, link.invitation, link.token, reminder=reminder)
        if message is None:
            continue
        error = await send(settings, message)
        await _record(link.invitation.id, error)
        sent += error is None
    return sent


@dataclass
class Reminded:
    reminded: int = 0  # mailed a new link, which now replaces the old one
    failed: int = 0  # the message was not accepted: the old link still works


async def _claim(invitation: Invitation, now: datetime) -> bool:
    """Hold the invitation for this reminder, if it is still unanswered, no reminder was
    counted since it was read, and no other replica holds it."""
    claimed = await Invitation.get_pymongo_collection().update_one(
        {
            "_id": invitation.id,
            "state": {"$in": list(OPEN_STATES)},
            "reminders_sent": invitation.reminders_sent,
            "reminder_claimed_until": {"$not": {"$gt": now}},
        },
        {"$set": {"reminder_claimed_until": now + REMINDER_CLAIM}},
    )
    return claimed.modified_count == 1


async def _replace_link(invitation: Invitation, token: str) -> None:
    """The mailed link becomes the invitation's link, counted as a reminder; nothing happens
    when it was answered or closed meanwhile (the mailed link then leads to that news)."""
    now = utc_now()
    await Invitation.get_pymongo_collection().update_one(
        {
            "_id": invitation.id,
            "state": {"$in": list(OPEN_STATES)},
            "reminders_sent": invitation.reminders_sent,
        },
        {
            "$set": {
                "token_hash": hash_token(token),
                "link_issued_at": now,
                "last_reminded_at": now,
                "last_mailed_at": now,
                "delivery_error": "",
                "updated_at": now,
            },
            "$inc": {"reminders_sent": 1},
            "$unset": {"reminder_claimed_until": ""},
        },
    )


async def remind_by_mail(
    settings: SurveySettings, invitations: list[Invitation], *, now: datetime | None = None
) -> Reminded:
    """Mail each invitation a reminder with a new link that replaces the old one only once the
    message is accepted. Without SMTP nothing is done: a reminder nobody receives would only
    break the links people have."""
    done = Reminded()
    if not invitations or not settings.smtp_host:
        return done
    now = now or utc_now()
    addressbook = await _Addressbook.of(invitations)
    for invitation in invitations:
        token = new_token()
        message = addressbook.message(settings, invitation, token, reminder=True)
        if message is None or not await _claim(invitation, now):
            continue
        error = await send(settings, message)
        if error is None:
            await _replace_link(invitation, token)
            done.reminded += 1
            continue
        await Invitation.get_pymongo_collection().update_one(
            {"_id": invitation.id},
            {"$set": {"delivery_error": error}, "$unset": {"reminder_claimed_until": ""}},
        )
        done.failed += 1
    return done
