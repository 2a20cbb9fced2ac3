"""Mailing invitations and reminders for issued links, and recording how each went."""

from services.surveys.links import survey_link
from services.surveys.mail import SurveyEmail, send
from services.surveys.rounds import IssuedLink
from services.surveys.settings import SurveySettings
from shared.models import Invitation, Participant, Program, utc_now


async def mail_links(
    settings: SurveySettings, issued: list[IssuedLink], *, reminder: bool = False
) -> int:
    """Send one message per link (when SMTP is configured); returns how many were sent."""
    if not issued or not settings.smtp_host:
        return 0
    people_ids = {i.invitation.participant_id for i in issued} | {
        i.invitation.subject_id for i in issued
    }
    people = {p.id: p async for p in Participant.find({"_id": {"$in": list(people_ids)}})}
    programs = {
        p.id: p
        async for p in Program.find(
            {"_id": {"$in": list({i.invitation.program_id for i in issued})}}
        )
    }
    sent = 0
    for link in issued:
        invitation = link.invitation
        respondent = people.get(invitation.participant_id)
        counterpart = people.get(invitation.subject_id)
        program = programs.get(invitation.program_id)
        if respondent is None or program is None:
            continue
        error = await send(
            settings,
            SurveyEmail(
                to_address=respondent.email,
                to_name=respondent.name,
                counterpart_name=counterpart.name if counterpart else "your counterpart",
                program_name=program.name,
                link=survey_link(settings.surveys_public_url, link.token),
                closes_at=invitation.expires_at,
                reminder=reminder,
            ),
        )
        await Invitation.get_pymongo_collection().update_one(
            {"_id": invitation.id},
            {
                "$set": {
                    "delivery_error": error or "",
                    **({} if error else {"last_mailed_at": utc_now()}),
                }
            },
        )
        sent += error is None
    return sent
