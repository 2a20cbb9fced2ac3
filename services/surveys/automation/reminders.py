"""Reminders to those who have not answered, on the same path as a manager's reminder: a
fresh link (the old one stops working) and an e-mail.

An unanswered invitation is reminded once its link expires within
`reminder_days_before_close` days, at most `max_reminders` times and never twice within
`reminder_interval_hours` (counting reminders sent by hand). A reminder is counted by a
compare-and-set on the invitation's reminder count, so replicas running this at the same
moment send one.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from services.surveys.delivery import mail_links
from services.surveys.errors import Conflict
from services.surveys.rounds import IssuedLink, reissue_link, unanswered
from services.surveys.settings import SurveySettings
from shared.enums import RoundStatus
from shared.models import Invitation, SurveyRound, utc_now


@dataclass
class RemindersSent:
    rounds: int = 0
    reminded: int = 0
    mailed: int = 0

    def as_json(self) -> dict[str, int]:
        return {"rounds": self.rounds, "reminded": self.reminded, "mailed": self.mailed}


def _due(invitation: Invitation, settings: SurveySettings, now: datetime) -> bool:
    if invitation.expires_at <= now or invitation.reminders_sent >= settings.max_reminders:
        return False
    if invitation.expires_at - now > timedelta(days=settings.reminder_days_before_close):
        return False
    gap = timedelta(hours=settings.reminder_interval_hours)
    last_contact = invitation.last_reminded_at or invitation.link_issued_at
    return last_contact is None or now - last_contact >= gap


async def send_due_reminders(
    settings: SurveySettings, *, now: datetime | None = None
) -> RemindersSent:
    """Remind everyone whose reminder is due in the open rounds closing soon."""
    now = now or utc_now()
    # Links never outlive their round, so rounds closing later hold none that are due.
    horizon = now + timedelta(days=settings.reminder_days_before_close)
    horizon += timedelta(days=settings.end_of_program_survey_days)  # end-of-program rounds
    done = RemindersSent()
    async for survey_round in SurveyRound.find(
        {"status": RoundStatus.OPEN.value, "closes_at": {"$gt": now, "$lte": horizon}}
    ):
        done.rounds += 1
        reminded: list[IssuedLink] = []
        assert survey_round.id is not None
        for invitation in await unanswered(survey_round.id):
            if not _due(invitation, settings, now):
                continue
            try:
                reminded.append(await reissue_link(invitation, reminder=True))
            except Conflict:
                continue  # answered, closed or reminded by another replica meanwhile
        done.reminded += len(reminded)
        done.mailed += await mail_links(settings, reminded, reminder=True)
    return done
