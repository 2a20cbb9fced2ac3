"""The survey service's jobs, how often each runs, and the loop that runs them.

Each job runs under its own lease, so with several replicas one runs it at a time; the daily
one runs once per UTC day. `run_job` also serves `POST /api/v1/jobs/{name}/run`, which runs
a job now whatever its schedule.
"""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.surveys.automation.daily import run_daily_refresh
from services.surveys.automation.pair_changes import SYNC_JOB, sync_changes
from services.surveys.automation.reminders import send_due_reminders
from services.surveys.automation.scheduled_rounds import launch_due_rounds
from services.surveys.automation.talent_publication import JOB as PUBLICATION_JOB
from services.surveys.automation.talent_publication import publish_due_admissions
from services.surveys.leases import acquire, release
from services.surveys.results import release_closed_rounds
from services.surveys.settings import SurveySettings
from shared.models import utc_now

logger = logging.getLogger(__name__)

JOB_LEASE_SECONDS = 15 * 60
SCHEDULER_TICK_SECONDS = 5.0

JobResult = dict[str, Any]


async def _scheduled_rounds(settings: SurveySettings, now: datetime) -> JobResult:
    return (await launch_due_rounds(settings, now=now)).as_json()


async def _reminders(settings: SurveySettings, now: datetime) -> JobResult:
    return (await send_due_reminders(settings, now=now)).as_json()


async def _pair_sync(settings: SurveySettings, now: datetime) -> JobResult:
    return (await sync_changes(settings, now=now)).as_json()


async def _results(settings: SurveySettings, now: datetime) -> JobResult:
    return (await release_closed_rounds()).as_json()


async def _publication(settings: SurveySettings, now: datetime) -> JobResult:
    return (await publish_due_admissions(now=now)).as_json()


async def _daily(settings: SurveySettings, now: datetime) -> JobResult:
    return (await run_daily_refresh(now=now)).as_json()


@dataclass(frozen=True)
class Job:
    """A background job: whether it is on, how often it runs, and what it does."""

    name: str
    description: str
    run: Callable[[SurveySettings, datetime], Awaitable[JobResult]]
    enabled: Callable[[SurveySettings], bool]
    interval: Callable[[SurveySettings], float]
    daily: bool = False


JOBS: dict[str, Job] = {
    job.name: job
    for job in (
        Job(
            "scheduled-rounds",
            "Launch the check-in rounds programs' cadences make due; close expired rounds.",
            _scheduled_rounds,
            enabled=lambda s: s.auto_rounds,
            interval=lambda s: s.job_interval_seconds,
        ),
        Job(
            "reminders",
            "Remind those who have not answered before their link expires.",
            _reminders,
            enabled=lambda s: s.auto_reminders,
            interval=lambda s: s.job_interval_seconds,
        ),
        Job(
            SYNC_JOB,
            "React to ended pairs, recorded outcomes and changed recognition rules.",
            _pair_sync,
            enabled=lambda s: True,
            interval=lambda s: s.pair_sync_interval_seconds,
        ),
        Job(
            "results",
            "Add up closed rounds and release their figures; refresh their mentors' recognitions.",
            _results,
            enabled=lambda s: True,
            interval=lambda s: s.job_interval_seconds,
        ),
        Job(
            PUBLICATION_JOB,
            "Publish talent-reserve admissions whose publicity period ended without an "
            "objection upheld or waiting.",
            _publication,
            enabled=lambda s: True,
            interval=lambda s: s.pair_sync_interval_seconds,
        ),
        Job(
            "daily",
            "Re-assess every active pair and refresh current recognitions.",
            _daily,
            enabled=lambda s: s.daily_refresh,
            interval=lambda s: s.job_interval_seconds,
            daily=True,
        ),
    )
}


class JobBusy(RuntimeError):
    """Another replica is running the job right now."""


async def run_job(
    name: str,
    settings: SurveySettings,
    *,
    holder: str,
    now: datetime | None = None,
    on_schedule: bool = False,
) -> JobResult | None:
    """Run one job now under its lease and return what it did. On schedule, a daily job that
    already ran today returns None, as does any job another replica holds; otherwise a held
    job raises `JobBusy`."""
    job = JOBS[name]
    now = now or utc_now()
    day = now.date().isoformat()
    lease = await acquire(
        name,
        holder,
        seconds=JOB_LEASE_SECONDS,
        unless_completed_on=day if job.daily and on_schedule else None,
        now=now,
    )
    if lease is None:
        if on_schedule:
            return None
        raise JobBusy(f"The {name} job is running on another replica.")
    try:
        result = await job.run(settings, now)
    except BaseException:
        await release(lease)
        raise
    await release(lease, completed_on=day if job.daily else None)
    logger.info("%s: %s", name, result)
    return result


async def run_due_jobs(
    settings: SurveySettings, *, holder: str, last_started: dict[str, float]
) -> list[str]:
    """One pass of the scheduler: run each job that is on and whose interval has passed since
    `last_started` (kept by the caller); returns the names of those that ran here."""
    ran = []
    for job in JOBS.values():
        if not job.enabled(settings):
            continue
        started = last_started.get(job.name)
        if started is not None and time.monotonic() - started < job.interval(settings):
            continue
        last_started[job.name] = time.monotonic()
        try:
            if await run_job(job.name, settings, holder=holder, on_schedule=True) is not None:
                ran.append(job.name)
        except Exception as error:  # retried at its next interval
            logger.warning("the %s job failed: %s: %s", job.name, type(error).__name__, error)
    return ran


async def run_scheduler(settings: SurveySettings, *, holder: str) -> None:
    """Run the jobs at their intervals, forever."""
    last_started: dict[str, float] = {}
    while True:
        await run_due_jobs(settings, holder=holder, last_started=last_started)
        await asyncio.sleep(SCHEDULER_TICK_SECONDS)
