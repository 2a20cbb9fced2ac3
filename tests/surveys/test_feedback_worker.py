"""The feedback worker: submissions never wait for it or fail with it, and every response gets
its pair re-assessed and its notice, through failures, crashes part-way and takeovers."""

import asyncio
import random
from typing import Any

import httpx
import pytest
from bson import ObjectId
from prometheus_client.parser import text_string_to_metric_families

from services.surveys import outbox
from services.surveys.feedback_worker import WORKER_LEASE, FeedbackWorker, backlog, drain
from services.surveys.leases import acquire, renew
from services.surveys.outbox import handle_batch
from services.surveys.settings import SurveySettings
from shared.models import (
    FeedbackEvent,
    FeedbackNotice,
    JobLease,
    PairHealth,
    Recognition,
    SurveyResponse,
    utc_now,
)
from tests.factories import make_pair, make_participant
from tests.surveys.conftest import SurveyWorld, launch, token_of

COMMENTS = [
    "My mentor is patient and her advice is insightful.",
    "He cancels most of our meetings and is hard to reach.",
    "We meet every second week.",
    "Great sessions, but they are always rushed.",
    "",
]


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


def _answers(rng: random.Random, role: str) -> list[dict[str, Any]]:
    if role == "MENTEE":
        answers = [
            {"questionId": "satisfaction", "value": rng.randint(1, 5)},
            {"questionId": "usefulness", "value": rng.randint(1, 5)},
            {"questionId": "meeting_frequency", "value": rng.choice(["Too rarely", "About right"])},
            {"questionId": "nps", "value": rng.randint(0, 10)},
        ]
        for question in ("went_well", "could_be_better"):
            comment = rng.choice(COMMENTS)
            if comment:
                answers.append({"questionId": question, "value": comment})
        return answers
    return [
        {"questionId": "satisfaction", "value": rng.randint(1, 5)},
        {"questionId": "engagement", "value": rng.randint(1, 5)},
        {"questionId": "program_support", "value": rng.randint(1, 5)},
        {"questionId": "comments", "value": rng.choice(COMMENTS) or None},
    ]


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


@pytest.fixture
async def bigger_world(world: SurveyWorld) -> SurveyWorld:
    """The survey world with eight more active pairs: 20 links a round."""
    for n in range(8):
        mentor = await make_participant(name=f"Mentor {n}")
        mentee = await make_participant(name=f"Mentee {n}")
        world.pairs.append(await make_pair(program=world.program, mentor=mentor, mentee=mentee))
    return world


async def _done(stored: int) -> bool:
    """Every event handled, and each response's notice written."""
    return (await backlog()).pending == 0 and await FeedbackNotice.count() == stored


async def _until(condition: Any, *, seconds: float) -> None:
    """Wait for background work to reach a state, checking often, failing after `seconds`."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not await condition():
        assert asyncio.get_running_loop().time() < deadline, "background work did not finish"
        await asyncio.sleep(0.05)


def _service_token() -> str:
    from shared.settings import DEVELOPMENT_SERVICE_TOKEN

    return DEVELOPMENT_SERVICE_TOKEN


def _gauges(text: str) -> dict[str, float]:
    """The worker's gauges in a Prometheus text exposition, by short name."""
    prefix = "mentorship_feedback_events_"
    return {
        family.name.removeprefix(prefix): family.samples[0].value
        for family in text_string_to_metric_families(text)
        if family.name.startswith(prefix)
    }


async def test_a_submission_is_stored_at_once_and_handled_by_the_worker(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    stored = await _submit_all(surveys_http, world, rounds=1)

    before = (await FeedbackEvent.count(), await FeedbackNotice.count(), await PairHealth.count())
    handled = await drain()

    assert stored == await SurveyResponse.count() == 4
    assert before == (4, 0, 0)  # stored and waiting; nothing derived by the submission
    assert handled == 4
    assert await FeedbackEvent.count() == 0
    assert await FeedbackNotice.count() == 4
    assert await PairHealth.count() == len(world.pairs)
    assert await Recognition.count() == 0  # rankings move when a round is released


async def test_submissions_succeed_while_pair_health_fails_and_are_retried_later(
    surveys_http: httpx.AsyncClient,
    world: SurveyWorld,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("downstream failure")

    monkeypatch.setattr(outbox, "assess_pairs", broken)

    stored = await _submit_all(surveys_http, world, rounds=1)
    await drain()
    failing = await FeedbackEvent.find_all().to_list()
    metrics = await surveys_http.get(
        "/api/v1/metrics", headers={"Authorization": f"Bearer {_service_token()}"}
    )
    gauges = _gauges(metrics.text)
    monkeypatch.undo()
    not_due_yet = await handle_batch()
    retried = await handle_batch(now=max(e.retry_at for e in failing if e.retry_at))

    assert stored == 4
    assert await FeedbackNotice.count() == 4  # subscribers hear of it despite the failure
    assert all(e.attempts == 1 for e in failing) and len(failing) == 4
    assert "pair health: RuntimeError" in failing[0].last_error
    assert (gauges["pending"], gauges["failing"]) == (4, 4)
    assert (not_due_yet, retried) == (0, 4)
    assert await FeedbackEvent.count() == 0
    assert await PairHealth.count() == len(world.pairs)


async def test_a_worker_that_dies_mid_batch_only_repeats_work(
    surveys_http: httpx.AsyncClient,
    bigger_world: SurveyWorld,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stored = await _submit_all(surveys_http, bigger_world, rounds=2)
    real_notify = outbox._notify
    calls = 0

    async def dies_after_notifying(*args: Any, **kwargs: Any) -> None:
        nonlocal calls
        calls += 1
        await real_notify(*args, **kwargs)
        if calls == 2:
            raise WorkerKilled("after assessing and notifying, before deleting the events")

    monkeypatch.setattr(outbox, "_notify", dies_after_notifying)
    first = await handle_batch(limit=7)
    with pytest.raises(WorkerKilled):
        await handle_batch(limit=7)
    left_after_crash = await FeedbackEvent.count()
    monkeypatch.undo()

    # A new worker takes over (the dead one's lease would have expired) and finishes.
    await drain(holder="restarted")

    assert (stored, first, left_after_crash) == (40, 7, 33)
    assert await FeedbackEvent.count() == 0
    assert await FeedbackNotice.count() == 40  # one per response, the repeat wrote none
    assert await PairHealth.count() == len(bigger_world.pairs)


async def test_a_replica_that_lost_its_lease_stops_working(database_name: str) -> None:
    stalled = await acquire(WORKER_LEASE, "stalled", seconds=0.3)
    assert stalled is not None
    worker = FeedbackWorker(holder="stalled", lease_seconds=0.3, idle_seconds=0.05)
    successor = await acquire(WORKER_LEASE, "successor", seconds=30, force=True)
    assert successor is not None and successor.epoch == stalled.epoch + 1

    await asyncio.wait_for(worker.work(stalled), timeout=10)  # returns at its next renewal

    lease = await JobLease.find_one({"name": WORKER_LEASE})
    assert lease is not None and (lease.holder, lease.epoch) == ("successor", successor.epoch)
    assert await renew(stalled) is False


async def test_three_replicas_with_takeovers_handle_every_response(
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
    assert await FeedbackNotice.count() == stored == 60
    assert await PairHealth.count() == len(bigger_world.pairs)


async def test_events_stored_by_an_earlier_version_are_handled(world: SurveyWorld) -> None:
    """Before figures came from released rounds only, events carried what they added to the
    month buckets and went PENDING -> COUNTED; both kinds may wait in the outbox."""
    now = utc_now()
    pair = world.pairs[0]
    common = {
        "program_id": world.program.id,
        "pair_id": pair.id,
        "mentor_id": pair.mentor_id,
        "role": "MENTEE",
        "submitted_at": now,
        "attempts": 0,
        "last_error": "",
        "created_at": now,
        "updated_at": now,
    }
    await FeedbackEvent.get_pymongo_collection().insert_many(
        [
            {
                **common,
                "response_id": ObjectId(),
                "stage": "PENDING",
                "increments": [["responses", 1]],
                "retry_at": None,
            },
            {**common, "response_id": ObjectId(), "stage": "COUNTED", "retry_at": now},
        ]
    )

    handled = await drain()

    assert handled == 2
    assert await FeedbackEvent.count() == 0
    assert await FeedbackNotice.count() == 2
    assert await PairHealth.find_one({"pair_id": pair.id}) is not None


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
    assert before["pending"] == 4 and before["failing"] == 0
    assert before["oldest_age_seconds"] > 0
    assert after == {"pending": 0, "failing": 0, "oldest_age_seconds": 0}
    assert anonymous.status_code == 401


async def test_the_worker_in_the_service_handles_submissions_as_they_arrive(
    survey_settings: Any, mongo_client: Any, world: SurveyWorld
) -> None:
    from services.surveys.app import create_app
    from tests.asgi import serve

    settings = survey_settings.model_copy(update={"background_jobs": True, "auto_rounds": False})
    started = utc_now()
    async with serve(create_app(settings, mongo_client=mongo_client)) as client:
        stored = await _submit_all(client, world, rounds=1)
        await _until(lambda: _done(stored), seconds=30)
        ready = await client.get("/readyz")

    notices = await FeedbackNotice.find_all().to_list()
    assert len(notices) == 4 and all(n.created_at >= started for n in notices)
    assert await PairHealth.count() == len(world.pairs)
    assert ready.status_code == 200
