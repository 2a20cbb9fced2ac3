"""Check-in rounds launched by each program's survey cadence, and rounds closed when their
time is up.

The rule of when a round is due is `shared.feedback.schedule` (the GraphQL API shows the same
schedule). A scheduled round carries its period as `schedule_key`, unique per program, so
replicas racing to launch it make one round; the others' attempts fail harmlessly.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pymongo.errors import DuplicateKeyError

from services.surveys.delivery import mail_links
from services.surveys.errors import Conflict
from services.surveys.rounds import close_round, create_round
from services.surveys.settings import SurveySettings
from shared.enums import ProgramStatus, RoundStatus, SurveyCadence, SurveyKind
from shared.feedback.schedule import is_periodic, next_round_at, period_key
from shared.models import Program, SurveyRound, utc_now

CADENCE_LABELS = {
    SurveyCadence.MONTHLY: "Monthly check-in",
    SurveyCadence.QUARTERLY: "Quarterly check-in",
    SurveyCadence.SEMIANNUAL: "Half-yearly check-in",
}


@dataclass
class ScheduledRounds:
    """What a pass of the scheduler did."""

    launched: list[dict[str, Any]] = field(default_factory=list)
    already_launched: int = 0
    skipped_without_pairs: int = 0
    closed: int = 0
    invited: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "launched": self.launched,
            "alreadyLaunched": self.already_launched,
            "skippedWithoutPairs": self.skipped_without_pairs,
            "invited": self.invited,
            "closed": self.closed,
        }


async def last_check_in_round_at(program_id: Any) -> datetime | None:
    """When the program's latest check-in round opened."""
    cursor = SurveyRound.get_pymongo_collection().find(
        {"program_id": program_id}, {"opens_at": 1, "kind": 1}
    )
    opened = [
        r["opens_at"]
        async for r in cursor
        if r.get("kind", SurveyKind.CHECK_IN.value) == SurveyKind.CHECK_IN.value
    ]
    return max(opened, default=None)


def _label(cadence: SurveyCadence, period: str, now: datetime) -> str:
    when = f"{now:%B %Y}" if cadence == SurveyCadence.MONTHLY else period.replace("-", " ")
    return f"{CADENCE_LABELS[cadence]}, {when}"


async def launch_due_rounds(
    settings: SurveySettings, *, now: datetime | None = None
) -> ScheduledRounds:
    """Launch (and mail) the round of every active program whose cadence says one is due,
    and close the open rounds whose closing time has passed."""
    now = now or utc_now()
    done = ScheduledRounds()
    async for program in Program.find({"status": ProgramStatus.ACTIVE.value}):
        if not is_periodic(program.survey_cadence):
            continue
        due = next_round_at(
            cadence=program.survey_cadence,
            active=True,
            starts_on=program.starts_on,
            ends_on=program.ends_on,
            last_round_at=await last_check_in_round_at(program.id),
            now=now,
        )
        if due is None or due > now:
            continue
        period = period_key(program.survey_cadence, now.date())
        try:
            survey_round, issued = await create_round(
                program=program,
                label=_label(program.survey_cadence, period, now),
                opens_at=now,
                closes_at=now + timedelta(days=settings.scheduled_round_days),
                schedule_key=f"{SurveyKind.CHECK_IN.value}:{period}",
                now=now,
            )
        except DuplicateKeyError:
            done.already_launched += 1  # another replica launched it a moment ago
            continue
        except Conflict:
            done.skipped_without_pairs += 1
            continue
        await mail_links(settings, issued)
        done.invited += len(issued)
        done.launched.append(
            {"programId": str(program.id), "roundId": str(survey_round.id), "period": period}
        )
    done.closed = await close_due_rounds(now=now)
    return done


async def close_due_rounds(*, now: datetime) -> int:
    """Close the open rounds whose closing time has passed; returns how many."""
    closed = 0
    async for survey_round in SurveyRound.find(
        {"status": RoundStatus.OPEN.value, "closes_at": {"$lte": now}}
    ):
        try:
            await close_round(survey_round, now=now)
            closed += 1
        except Conflict:
            continue  # closed meanwhile
    return closed
