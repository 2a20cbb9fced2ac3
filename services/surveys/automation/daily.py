"""The daily refresh: what changes with time alone, or outside the surveys.

Every active pair is assessed again (check-ins and goals change, time passes), and every
mentor ranked in the current quarter or year is scored again (goals achieved, outcomes).
Both are done in batches; neither reads responses.
"""

from dataclasses import dataclass
from datetime import datetime

from services.surveys.health import evaluate_active_pairs
from services.surveys.recognition import MentorPeriod, refresh_recognitions
from shared.enums import ProgramStatus
from shared.feedback.periods import recognition_periods
from shared.models import Program, Recognition, utc_now

MENTORS_PER_BATCH = 200


@dataclass
class DailyRefresh:
    pairs_assessed: int = 0
    recognitions_refreshed: int = 0
    recognitions_failed: int = 0

    def as_json(self) -> dict[str, int]:
        return {
            "pairsAssessed": self.pairs_assessed,
            "recognitionsRefreshed": self.recognitions_refreshed,
            "recognitionsFailed": self.recognitions_failed,
        }


async def refresh_current_recognitions(*, now: datetime) -> tuple[int, int]:
    """Score again every mentor ranked in the current quarter or year; (refreshed, failed)."""
    refreshed = failed = 0
    periods = recognition_periods(now)
    batch: set[MentorPeriod] = set()
    programs = Program.get_pymongo_collection().find(
        {"status": ProgramStatus.ACTIVE.value}, {"_id": 1}
    )
    async for program in programs:
        for period in periods:
            cursor = Recognition.get_pymongo_collection().find(
                {"program_id": program["_id"], "period": period}, {"mentor_id": 1}
            )
            async for ranked in cursor:
                batch.add(MentorPeriod(program["_id"], ranked["mentor_id"], period))
        if len(batch) >= MENTORS_PER_BATCH:
            failed += len(await refresh_recognitions(batch, now=now))
            refreshed += len(batch)
            batch = set()
    if batch:
        failed += len(await refresh_recognitions(batch, now=now))
        refreshed += len(batch)
    return refreshed - failed, failed


async def run_daily_refresh(*, now: datetime | None = None) -> DailyRefresh:
    now = now or utc_now()
    done = DailyRefresh(pairs_assessed=await evaluate_active_pairs(now=now))
    done.recognitions_refreshed, done.recognitions_failed = await refresh_current_recognitions(
        now=now
    )
    return done
