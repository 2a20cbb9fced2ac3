"""The talent-publication job: admissions whose publicity period is over are recorded as
PUBLISHED once each, by however many replicas run it, and nothing else is touched."""

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from services.surveys.automation.jobs import JOBS, run_job
from services.surveys.automation.talent_publication import JOB
from services.surveys.settings import SurveySettings
from shared.enums import EnrollmentStatus
from shared.models import Enrollment, utc_now
from shared.talent.publication import publish_due
from tests.factories import make_participant
from tests.factories.talent import make_application, make_talent_program


async def _admission(**fields: Any) -> Enrollment:
    program = await make_talent_program()
    return await make_application(
        program=program,
        participant=await make_participant(),
        status=EnrollmentStatus.APPROVED,
        **fields,
    )


@pytest.mark.usefixtures("database_name")
async def test_replicas_publish_each_due_admission_once() -> None:
    now = utc_now()
    due = [await _admission(publicity_ends_at=now - timedelta(hours=n + 1)) for n in range(5)]
    announced = await _admission(publicity_ends_at=now + timedelta(days=1))
    objected = await _admission(publicity_ends_at=now - timedelta(hours=1), pending_objections=1)

    runs = await asyncio.gather(*(publish_due(now=now, batch=2) for _ in range(3)))
    again = await publish_due(now=now)

    assert sum(runs) == 5 and again == 0
    for admission in due:
        stored = await Enrollment.get(admission.id)
        assert stored is not None and stored.status == EnrollmentStatus.PUBLISHED
        published = [h for h in stored.history if h.to_status == EnrollmentStatus.PUBLISHED]
        assert len(published) == 1 and published[0].at == admission.publicity_ends_at
    for untouched in (announced, objected):
        stored = await Enrollment.get(untouched.id)
        assert stored is not None and stored.status == EnrollmentStatus.APPROVED


@pytest.mark.usefixtures("database_name")
async def test_the_scheduler_runs_the_publication_job(survey_settings: SurveySettings) -> None:
    admission = await _admission(publicity_ends_at=utc_now() + timedelta(days=7))

    before = await run_job(JOB, survey_settings, holder="test")
    after = await run_job(JOB, survey_settings, holder="test", now=utc_now() + timedelta(days=8))

    assert JOBS[JOB].enabled(survey_settings)
    assert before == {"published": 0} and after == {"published": 1}
    stored = await Enrollment.get(admission.id)
    assert stored is not None and stored.status == EnrollmentStatus.PUBLISHED
