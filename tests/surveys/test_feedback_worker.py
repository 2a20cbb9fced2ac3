"""The feedback worker: submissions never wait for it or fail with it, and every response is
counted exactly once, through failures, crashes part-way, takeovers and rebuilds."""

import asyncio
import random
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from services.surveys import outbox, statistics
from services.surveys.feedback_worker import FeedbackWorker, backlog, drain
from services.surveys.leases import LeaseLost, acquire, release
from services.surveys.outbox import count_batch, refresh_batch
from services.surveys.settings import SurveySettings
from services.surveys.statistics import WORKER_LEASE, rebuild_statistics
from shared.enums import EventStage, PeriodKind, StatScope
from shared.models import (
    FeedbackEvent,
    FeedbackNotice,
    FeedbackStat,
    PairHealth,
    SurveyResponse,
    utc_now,
)
from tests.factories import make_pair, make_participant
from tests.surveys.conftest import SurveyWorld, launch, token_of
from tests.surveys.test_statistics import _answers, _assert_close, _comparable


class WorkerKilled(BaseException):
    """The process running a worker dies: nothing after this point of the code runs."""


@pytest.fixture
def survey_settings(mongodb_url: str, database_name: str) -> SurveySettings:
    """Background work off (the tests drive the worker), and room for many submissions."""
    return SurveySettings(
        mongodb_url=mongodb_url,
        database=database_name,
        background_jobs=False,
        survey_rate_limit="10000/minute",
    )


async def _submit_all(client: httpx.AsyncClient, world: SurveyWorld, rounds: int) -> int:
    """Answer every link of `rounds` rounds through the JSON API; returns how many."""
    rng = random.Random(11)
    stored = 0
    for n in range(rounds):
        body = await launch(client, world, label=f"Round {n}")
        for item in body["links"]:
            response = await client.post(
                f"/api/v1/invitations/{token_of(item['link'])}/response",
                json={"answers": _answers(rng, item["role"])},
            )
            assert response.status_code == 201, response.text
            stored += 1
    return stored


async def _bucket_snapshot() -> dict[Any, dict[str, Any]]:
    return dict(_comparable(s) for s in await FeedbackStat.find_all().to_list())


async def _assert_buckets_equal_the_rebuild() -> None:
    incremental = await _bucket_snapshot()
    await rebuild_statistics()
    rebuilt = await _bucket_snapshot()
    assert incremental.keys() == rebuilt.keys()
    for key in incremental:
        _assert_close(incremental[key], rebuilt[key])


async def _program_responses_counted(world: SurveyWorld) -> int:
    buckets = await FeedbackStat.find(
        {
            "scope": StatScope.PROGRAM.value,
            "program_id": world.program.id,
            "period_kind": PeriodKind.MONTH.value,
        }
    ).to_list()
    return sum(bucket.responses for bucket in buckets)


@pytest.fixture
async def bigger_world(world: SurveyWorld) -> SurveyWorld:
    """The survey world with eight more active pairs: 20 links a round."""
    for n in range(8):
        mentor = await make_participant(name=f"Mentor {n}")
        mentee = await make_participant(name=f"Mentee {n}")
        world.pairs.append(await make_pair(program=world.program, mentor=mentor, mentee=mentee))
    return world


async def test_a_submission_is_stored_at_once_and_counted_by_the_worker(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    stored = await _submit_all(surveys_http, world, rounds=1)

    before = (await FeedbackEvent.count(), await _program_responses_counted(world))
    handled = await drain()
    after = (await FeedbackEvent.count(), await _program_responses_counted(world))

    assert stored == await SurveyResponse.count() == 4
    assert before == (4, 0)  # stored and waiting; no statistics touched by the submission
    assert handled == 4
    assert after == (0, 4)
    assert await FeedbackNotice.count() == 4
    assert await PairHealth.count() == len(world.pairs)


async def test_submissions_succeed_while_health_and_recognition_fail(
    surveys_http: httpx.AsyncClient,
    world: SurveyWorld,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("downstream failure")

    monkeypatch.setattr(outbox, "assess_pairs", broken)
    monkeypatch.setattr(outbox, "refresh_recognitions", broken)

    stored = await _submit_all(surveys_http, world, rounds=1)
    await drain()
    failing = await FeedbackEvent.find_all().to_list()
    metrics = await surveys_http.get(
        "/api/v1/metrics", headers={"Authorization": f"Bearer {_service_token()}"}
    )

    assert stored == 4
    assert await _program_responses_counted(world) == 4  # counted despite the failures
    assert [e.stage for e in failing] == [EventStage.COUNTED] * 4
    assert all(e.attempts == 1 for e in failing)
    assert "pair health: RuntimeError" in failing[0].last_error
    assert "recognition: RuntimeError" in failing[0].last_error
    assert _gauges(metrics.text)["failing"] == 4

    monkeypatch.undo()
    retried = await refresh_batch(now=max(e.retry_at for e in failing if e.retry_at))

    assert retried == 4
    assert await FeedbackEvent.count() == 0
    assert await PairHealth.count() == len(world.pairs)


def _service_token() -> str:
    from shared.settings import DEVELOPMENT_SERVICE_TOKEN

    return DEVELOPMENT_SERVICE_TOKEN


async def test_a_worker_that_dies_mid_batch_counts_every_response_once(
    surveys_http: httpx.AsyncClient,
    bigger_world: SurveyWorld,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stored = await _submit_all(surveys_http, bigger_world, rounds=2)
    real_add = outbox.add_to_buckets
    calls = 0

    async def dies_after_writing(*args: Any, **kwargs: Any) -> int:
        nonlocal calls
        calls += 1
        touched = await real_add(*args, **kwargs)
        if calls == 2:
            raise WorkerKilled("after writing the buckets, before the commit")
        return touched

    monkeypatch.setattr(outbox, "add_to_buckets", dies_after_writing)
    lease = await acquire(WORKER_LEASE, "first", seconds=30)
    assert lease is not None
    first = await count_batch(lease, limit=7)
    with pytest.raises(WorkerKilled):
        await count_batch(lease, limit=7)
    after_crash = await _program_responses_counted(bigger_world)
    monkeypatch.undo()

    # A new worker takes over (the dead one's lease would have expired) and finishes.
    await drain(holder="restarted")

    assert (stored, first, after_crash) == (40, 7, 7)
    assert await _program_responses_counted(bigger_world) == 40
    assert await FeedbackEvent.count() == 0
    await _assert_buckets_equal_the_rebuild()


async def test_a_worker_that_stops_after_counting_leaves_only_the_refresh_to_repeat(
    surveys_http: httpx.AsyncClient, bigger_world: SurveyWorld
) -> None:
    await _submit_all(surveys_http, bigger_world, rounds=1)
    lease = await acquire(WORKER_LEASE, "first", seconds=30)
    assert lease is not None

    counted = await count_batch(lease, limit=100)  # the replica stops before refreshing
    await drain(holder="restarted")

    assert counted == 20
    assert await _program_responses_counted(bigger_world) == 20
    assert await FeedbackNotice.count() == 20
    await _assert_buckets_equal_the_rebuild()


async def test_a_replica_that_lost_its_lease_cannot_count(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    await _submit_all(surveys_http, world, rounds=1)
    stalled = await acquire(WORKER_LEASE, "stalled", seconds=30)
    assert stalled is not None
    successor = await acquire(WORKER_LEASE, "successor", seconds=30, force=True)
    assert successor is not None and successor.epoch == stalled.epoch + 1

    with pytest.raises(LeaseLost):
        await count_batch(stalled)
    counted = await count_batch(successor)

    assert counted == 4
    assert await _program_responses_counted(world) == 4


async def test_three_replicas_with_takeovers_count_every_response_once(
    surveys_http: httpx.AsyncClient, bigger_world: SurveyWorld
) -> None:
    workers = [
        FeedbackWorker(
            holder=f"replica-{n}",
            batch_size=5,
            lease_seconds=2,
            idle_seconds=0.05,
            standby_seconds=0.1,
        )
        for n in range(3)
    ]
    tasks = [asyncio.create_task(w.run_forever()) for w in workers]
    takeovers = 0

    async def hand_the_lease_around() -> None:
        # As when a replica stalls and another takes over, every few batches.
        nonlocal takeovers
        while True:
            await asyncio.sleep(0.2)
            takeovers += 1
            await acquire(WORKER_LEASE, f"replica-{takeovers % 3}", seconds=2, force=True)

    chaos = asyncio.create_task(hand_the_lease_around())
    try:
        stored = await _submit_all(surveys_http, bigger_world, rounds=3)
        chaos.cancel()
        await _until(lambda: _done(stored), seconds=60)
    finally:
        for task in [chaos, *tasks]:
            task.cancel()
        await asyncio.gather(chaos, *tasks, return_exceptions=True)

    assert takeovers >= 3
    assert await _program_responses_counted(bigger_world) == stored == 60
    await _assert_buckets_equal_the_rebuild()


async def _done(stored: int) -> bool:
    left = await backlog()
    return left.pending == left.counted == 0 and await FeedbackNotice.count() == stored


async def _until(condition: Any, *, seconds: float) -> None:
    """Wait for background work to reach a state, checking often, failing after `seconds`."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not await condition():
        assert asyncio.get_running_loop().time() < deadline, "background work did not finish"
        await asyncio.sleep(0.05)


async def test_a_rebuild_while_responses_wait_counts_each_once(
    surveys_http: httpx.AsyncClient, bigger_world: SurveyWorld
) -> None:
    await _submit_all(surveys_http, bigger_world, rounds=1)
    lease = await acquire(WORKER_LEASE, "worker", seconds=30)
    assert lease is not None
    await count_batch(lease, limit=8)  # 8 counted, 12 still pending
    await _submit_all(surveys_http, bigger_world, rounds=1)  # 20 more pending

    rebuild_lease = await acquire(WORKER_LEASE, "rebuild", seconds=30, force=True)
    assert rebuild_lease is not None
    counted = await rebuild_statistics(lease=rebuild_lease)
    await release(rebuild_lease)
    stage_after_rebuild = {e.stage for e in await FeedbackEvent.find_all().to_list()}
    await drain()

    assert counted == 40
    assert stage_after_rebuild == {EventStage.COUNTED}
    assert await _program_responses_counted(bigger_world) == 40
    await _assert_buckets_equal_the_rebuild()


async def test_metrics_show_the_backlog_and_its_age(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    headers = {"Authorization": f"Bearer {_service_token()}"}
    await _submit_all(surveys_http, world, rounds=1)

    waiting = await surveys_http.get("/api/v1/metrics", headers=headers)
    await drain()
    empty = await surveys_http.get("/api/v1/metrics", headers=headers)
    anonymous = await surveys_http.get("/api/v1/metrics")

    assert waiting.status_code == 200
    before, after = _gauges(waiting.text), _gauges(empty.text)
    assert before["pending"] == 4 and before["oldest_age_seconds"] > 0
    assert after == {"pending": 0, "counted": 0, "failing": 0, "oldest_age_seconds": 0}
    assert anonymous.status_code == 401


def _gauges(text: str) -> dict[str, float]:
    """The worker's gauges in a Prometheus text exposition, by short name."""
    prefix = "mentorship_feedback_events_"
    return {
        family.name.removeprefix(prefix): family.samples[0].value
        for family in text_string_to_metric_families(text)
        if family.name.startswith(prefix)
    }


async def test_the_worker_in_the_service_counts_submissions_as_they_arrive(
    survey_settings: Any, mongo_client: Any, world: SurveyWorld
) -> None:
    from services.surveys.app import create_app
    from tests.asgi import serve

    settings = survey_settings.model_copy(update={"background_jobs": True, "auto_rounds": False})
    started = utc_now()
    async with serve(create_app(settings, mongo_client=mongo_client)) as client:
        stored = await _submit_all(client, world, rounds=1)
        await _until(lambda: _done(stored), seconds=30)

    assert await _program_responses_counted(world) == 4
    notices = await FeedbackNotice.find_all().to_list()
    assert all(n.created_at >= started for n in notices)


async def test_an_interrupted_rebuild_stops_counting_until_a_rebuild_completes(
    surveys_http: httpx.AsyncClient, world: SurveyWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _submit_all(surveys_http, world, rounds=1)
    real_fold = statistics.fold

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise WorkerKilled("the rebuild's process dies")

    monkeypatch.setattr(statistics, "fold", interrupted)
    with pytest.raises(WorkerKilled):
        await rebuild_statistics()
    monkeypatch.setattr(statistics, "fold", real_fold)

    await drain()
    waiting = (await backlog()).pending
    counted_before_rebuild = await _program_responses_counted(world)
    await rebuild_statistics()
    await drain()

    assert (waiting, counted_before_rebuild) == (4, 0)
    assert await _program_responses_counted(world) == 4
    assert await FeedbackEvent.count() == 0
