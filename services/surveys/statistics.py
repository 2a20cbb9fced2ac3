"""Feedback statistics: running sums per program, pair and mentor, per month and quarter, per
respondent role. The feedback worker folds each batch of new responses into their buckets,
one `$inc` per bucket; `rebuild_statistics()` recomputes every bucket from the responses
(drift repair) and must give the same numbers."""

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from pymongo import ReplaceOne, UpdateOne
from pymongo.asynchronous.client_session import AsyncClientSession

from services.surveys.leases import Lease, LeaseLost, acquire, release, renew
from services.surveys.sentiment import NEGATIVE_THRESHOLD, POSITIVE_THRESHOLD
from shared.enums import EventStage, PeriodKind, SentimentLabel, StatScope
from shared.feedback.periods import month_key, quarter_key
from shared.feedback.rates import NPS_COUNT_FIELDS, nps_category
from shared.models import FeedbackEvent, FeedbackStat, JobLease, SurveyResponse, utc_now

REBUILD_PROGRESS_EVERY = 10_000
REBUILD_MARKER = "statistics-rebuild"
REBUILD_LEASE_SECONDS = 3600
WORKER_LEASE = "feedback-worker"
# Per command: buckets a rebuild writes, and events or buckets it names by id (long `$in`
# lists are slow to match on the embedded server).
WRITES_PER_COMMAND = 1000
EVENTS_PER_COMMAND = 100
RESPONSE_FIELDS = {
    "program_id": 1,
    "pair_id": 1,
    "mentor_id": 1,
    "role": 1,
    "satisfaction": 1,
    "nps": 1,
    "sentiments": 1,
    "submitted_at": 1,
}

Response = SurveyResponse | dict[str, Any]


def _field(response: Response, name: str) -> Any:
    return response[name] if isinstance(response, dict) else getattr(response, name)


def _field_or_none(response: Response, name: str) -> Any:
    if isinstance(response, dict):
        return response.get(name)
    return getattr(response, name, None)


def bucket_fields(response: Response) -> Iterator[dict[str, Any]]:
    """The six buckets a response counts in: program, pair and mentor (each within the
    program) x its month and its quarter, for the respondent's role."""
    submitted_at = _field(response, "submitted_at")
    program_id = _field(response, "program_id")
    for scope, scope_id in (
        (StatScope.PROGRAM, program_id),
        (StatScope.PAIR, _field(response, "pair_id")),
        (StatScope.MENTOR, _field(response, "mentor_id")),
    ):
        for period_kind, period in (
            (PeriodKind.MONTH, month_key(submitted_at)),
            (PeriodKind.QUARTER, quarter_key(submitted_at)),
        ):
            role = _field(response, "role")
            yield {
                "_id": FeedbackStat.key(scope, scope_id, program_id, period, role),
                "scope": scope.value,
                "scope_id": scope_id,
                "program_id": program_id,
                "period_kind": period_kind.value,
                "period": period,
                "role": str(role),
            }


def increments(response: Response) -> dict[str, float]:
    """What one response adds to each of its buckets."""
    inc: dict[str, float] = {"responses": 1}
    satisfaction = _field(response, "satisfaction")
    if satisfaction is not None:
        inc["satisfaction_count"] = 1
        inc["satisfaction_sum"] = satisfaction
        inc["satisfaction_sq_sum"] = satisfaction**2
    nps = _field(response, "nps")
    if nps is not None:
        inc[NPS_COUNT_FIELDS[nps_category(nps)]] = 1
    for sentiment in _field(response, "sentiments"):
        if _field(sentiment, "label") == SentimentLabel.NOT_SCORED:
            continue  # a language the scorer does not read: in no sentiment figure
        polarity = _field(sentiment, "polarity")
        _add(inc, "text_count", 1)
        _add(inc, "polarity_sum", polarity)
        if polarity > POSITIVE_THRESHOLD:
            _add(inc, "positive_count", 1)
        elif polarity < NEGATIVE_THRESHOLD:
            _add(inc, "negative_count", 1)
        for theme in _field(sentiment, "themes"):
            prefix = f"themes.{_field(theme, 'theme')}."
            theme_polarity = _field(theme, "polarity")
            _add(inc, prefix + "mentions", 1)
            _add(inc, prefix + "polarity_sum", theme_polarity)
            if theme_polarity > POSITIVE_THRESHOLD:
                _add(inc, prefix + "positive", 1)
            elif theme_polarity < NEGATIVE_THRESHOLD:
                _add(inc, prefix + "negative", 1)
    return inc


def _add(values: dict[str, float], name: str, amount: float) -> None:
    values[name] = values.get(name, 0) + amount


def fold(responses: Iterable[Response]) -> dict[str, tuple[dict[str, Any], dict[str, float]]]:
    """The buckets of many responses, each with its identity and the sum of what they add.
    A feedback event stands for its response: it carries the response's bucket identity
    and, as `increments`, what the response adds (worked out when it was stored)."""
    buckets: dict[str, tuple[dict[str, Any], dict[str, float]]] = {}
    for response in responses:
        carried = _field_or_none(response, "increments")
        inc = dict(carried) if carried is not None else increments(response)
        for fields in bucket_fields(response):
            _, total = buckets.setdefault(fields["_id"], (fields, {}))
            for name, amount in inc.items():
                _add(total, name, amount)
    return buckets


async def add_to_buckets(responses: Iterable[Response], session: AsyncClientSession) -> int:
    """Add responses to their buckets: one upserting `$inc` per bucket. Returns how many
    buckets were touched."""
    now = utc_now()
    writes = [
        UpdateOne(
            {"_id": bucket_id},
            {
                "$inc": total,
                "$set": {"updated_at": now},
                "$setOnInsert": {
                    **{k: v for k, v in fields.items() if k != "_id"},
                    "created_at": now,
                },
            },
            upsert=True,
        )
        for bucket_id, (fields, total) in fold(responses).items()
    ]
    if writes:
        await FeedbackStat.get_pymongo_collection().bulk_write(writes, session=session)
    return len(writes)


class RebuildInProgress(RuntimeError):
    """The statistics are being rebuilt, or a rebuild was interrupted: nothing is counted
    until a rebuild completes."""


async def rebuilding(session: AsyncClientSession | None = None) -> bool:
    """Whether a rebuild has started and not completed."""
    marker = await JobLease.get_pymongo_collection().find_one(
        {"name": REBUILD_MARKER}, {"holder": 1}, session=session
    )
    return bool(marker and marker.get("holder"))


async def _mark_rebuilding(holder: str | None) -> None:
    now = utc_now()
    await JobLease.get_pymongo_collection().update_one(
        {"name": REBUILD_MARKER},
        {"$set": {"holder": holder, "updated_at": now}, "$setOnInsert": {"created_at": now}},
        upsert=True,
    )


async def rebuild_statistics(
    progress: Callable[[int], None] | None = None, *, lease: Lease | None = None
) -> int:
    """Recompute every bucket from the stored responses and replace what is stored; returns
    how many responses were counted. Buckets no response supports any more are removed.

    The feedback worker's lease is taken over for the while (or pass it, taken over already):
    the responses read here count exactly once, whether or not the worker had counted them,
    and those stored meanwhile are left for the worker. The buckets are written in batches (a
    company's do not fit one transaction), so readers may see a mix of old and new buckets
    until it ends; a marker stops every worker from counting until a rebuild completes, so an
    interrupted rebuild leaves the statistics waiting for the next one, never counted twice."""
    own_lease = lease is None
    if lease is None:
        lease = await acquire(WORKER_LEASE, "rebuild", seconds=REBUILD_LEASE_SECONDS, force=True)
        assert lease is not None
    try:
        await _mark_rebuilding(lease.holder)
        counted = await _rebuild(lease, progress)
        await _mark_rebuilding(None)
    finally:
        if own_lease:
            await release(lease)
    return counted


async def _rebuild(lease: Lease, progress: Callable[[int], None] | None) -> int:
    sums: dict[str, tuple[dict[str, Any], dict[str, float]]] = {}
    counted_ids: set[Any] = set()
    async for response in SurveyResponse.get_pymongo_collection().find({}, RESPONSE_FIELDS):
        for bucket_id, (fields, inc) in fold([response]).items():
            _, total = sums.setdefault(bucket_id, (fields, {}))
            for name, amount in inc.items():
                _add(total, name, amount)
        counted_ids.add(response["_id"])
        if progress is not None and len(counted_ids) % REBUILD_PROGRESS_EVERY == 0:
            progress(len(counted_ids))
    stats = FeedbackStat.get_pymongo_collection()
    now = utc_now()
    buckets = [
        ReplaceOne(
            {"_id": bucket_id},
            {**fields, **nested_fields(total), "created_at": now, "updated_at": now},
            upsert=True,
        )
        for bucket_id, (fields, total) in sums.items()
    ]
    for start in range(0, len(buckets), WRITES_PER_COMMAND):
        if not await renew(lease):
            raise LeaseLost("the feedback worker's lease changed hands during a rebuild")
        await stats.bulk_write(buckets[start : start + WRITES_PER_COMMAND], ordered=False)
    stale = [bucket["_id"] async for bucket in stats.find({}, {"_id": 1})]
    stale = [bucket_id for bucket_id in stale if bucket_id not in sums]
    for start in range(0, len(stale), EVENTS_PER_COMMAND):
        await stats.delete_many({"_id": {"$in": stale[start : start + EVENTS_PER_COMMAND]}})
    pending = await _pending_events_of(counted_ids)
    for start in range(0, len(pending), EVENTS_PER_COMMAND):
        await FeedbackEvent.get_pymongo_collection().update_many(
            {"_id": {"$in": pending[start : start + EVENTS_PER_COMMAND]}},
            {"$set": {"stage": EventStage.COUNTED.value, "retry_at": now, "updated_at": now}},
        )
    if progress is not None:
        progress(len(counted_ids))
    return len(counted_ids)


async def _pending_events_of(response_ids: set[Any]) -> list[Any]:
    """Events not yet counted whose responses the rebuild has counted."""
    cursor = FeedbackEvent.get_pymongo_collection().find(
        {"stage": EventStage.PENDING.value}, {"response_id": 1}
    )
    return [event["_id"] async for event in cursor if event["response_id"] in response_ids]


def nested_fields(flat: dict[str, float]) -> dict[str, Any]:
    """`themes.X.mentions`-style keys as nested documents."""
    nested: dict[str, Any] = {}
    for name, value in flat.items():
        target = nested
        *parents, leaf = name.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = value
    return nested
