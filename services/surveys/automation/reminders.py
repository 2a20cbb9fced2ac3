"""Reminders by e-mail to those who have not answered: a message with a fresh link, which
replaces the old link only once the message is accepted (`delivery.remind_by_mail`). A failed
delivery is recorded on the invitation and leaves the old link working; without SMTP no
reminder goes out at all, since nobody would receive the new links.

An unanswered invitation is reminded once its link expires within
`reminder_days_before_close` days, at most `max_reminders` times and never twice within
`reminder_interval_hours` (counting reminders sent by hand). Replicas running this at the same
moment send one reminder: each holds the invitation while it delivers, and counts the reminder
by a compare-and-set on the invitation's reminder count.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from services.surveys.delivery import remind_by_mail
from services.surveys.rounds import unanswered
from services.surveys.settings import SurveySettings
from shared.enums import RoundStatus
from shared.models import Invitation, SurveyRound, utc_now


@dataclass
class RemindersSent:
    rounds: int = 0
    reminded: int = 0  # mailed a new link
    failed: int = 0  # not delivered: their old link still works, the failure is recorded

    def as_json(self) -> dict[str, int]:
        return {"rounds": self.rounds, "reminded": self.reminded, "failed": self.failed}


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
    done = RemindersSent()
    if not settings.smtp_host:
        return done
    # Links never outlive their round, so rounds closing later hold none that are due.
    horizon = now + timedelta(days=settings.reminder_days_before_close)
    horizon += timedelta(days=settings.end_of_program_survey_days)  # end-of-program rounds
    async for survey_round in SurveyRound.find(
        {"status": RoundStatus.OPEN.value, "closes_at": {"$gt": now, "$lte": horizon}}
    ):
        done.rounds += 1
        assert survey_round.id is not None
        due = [i for i in await unanswered(survey_round.id) if _due(i, settings, now)]
        outcome = await remind_by_mail(settings, due, now=now)
        done.reminded += outcome.reminded
        done.failed += outcome.failed
    return done
