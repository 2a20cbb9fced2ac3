"""Feedback statistics: running sums per program, pair and mentor, per month and quarter, per
respondent role. A stored response adds to its six buckets with `$inc` in the transaction that
stores it; `rebuild_statistics()` recomputes every bucket from the responses (drift repair)."""

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from pymongo import DeleteMany, InsertOne, UpdateOne
from pymongo.asynchronous.client_session import AsyncClientSession

from services.surveys.sentiment import NEGATIVE_THRESHOLD, POSITIVE_THRESHOLD
from shared.db import in_transaction
from shared.enums import PeriodKind, StatScope
from shared.models import FeedbackStat, SurveyResponse, utc_now

NPS_PROMOTER_MIN, NPS_DETRACTOR_MAX = 9, 6
REBUILD_PROGRESS_EVERY = 10_000

# scope, scope id, program id, period kind, period, role
BucketKey = tuple[str, Any, Any, str, str, str]


def month_of(at: datetime) -> str:
    return f"{at.year:04d}-{at.month:02d}"


def quarter_of(at: datetime) -> str:
    return f"{at.year:04d}-Q{(at.month - 1) // 3 + 1}"


def bucket_keys(response: SurveyResponse) -> Iterator[BucketKey]:
    """The six buckets a response counts in."""
    periods = (
        (PeriodKind.MONTH.value, month_of(response.submitted_at)),
        (PeriodKind.QUARTER.value, quarter_of(response.submitted_at)),
    )
    scopes = (
        (StatScope.PROGRAM.value, response.program_id),
        (StatScope.PAIR.value, response.pair_id),
        (StatScope.MENTOR.value, response.mentor_id),
    )
    for scope, scope_id in scopes:
        for period_kind, period in periods:
            yield scope, scope_id, response.program_id, period_kind, period, response.role.value


def increments(response: SurveyResponse) -> dict[str, float]:
    """What one response adds to each of its buckets."""
    inc: dict[str, float] = {"responses": 1}
    if response.satisfaction is not None:
        inc["satisfaction_count"] = 1
        inc["satisfaction_sum"] = response.satisfaction
        inc["satisfaction_sq_sum"] = response.satisfaction**2
    if response.nps is not None:
        if response.nps >= NPS_PROMOTER_MIN:
            inc["nps_promoters"] = 1
        elif response.nps <= NPS_DETRACTOR_MAX:
            inc["nps_detractors"] = 1
        else:
            inc["nps_passives"] = 1
    for sentiment in response.sentiments:
        _add(inc, "text_count", 1)
        _add(inc, "polarity_sum", sentiment.polarity)
        if sentiment.polarity > POSITIVE_THRESHOLD:
            _add(inc, "positive_count", 1)
        elif sentiment.polarity < NEGATIVE_THRESHOLD:
            _add(inc, "negative_count", 1)
        for theme in sentiment.themes:
            prefix = f"themes.{theme.theme}."
            _add(inc, prefix + "mentions", 1)
            _add(inc, prefix + "polarity_sum", theme.polarity)
            if theme.polarity > POSITIVE_THRESHOLD:
                _add(inc, prefix + "positive", 1)
            elif theme.polarity < NEGATIVE_THRESHOLD:
                _add(inc, prefix + "negative", 1)
    return inc


def _add(values: dict[str, float], name: str, amount: float) -> None:
    values[name] = values.get(name, 0) + amount


def _filter(key: BucketKey) -> dict[str, Any]:
    scope, scope_id, program_id, period_kind, period, role = key
    return {
        "scope": scope,
        "scope_id": scope_id,
        "program_id": program_id,
        "period_kind": period_kind,
        "period": period,
        "role": role,
    }


async def record_response(response: SurveyResponse, session: AsyncClientSession) -> None:
    """Add a response to its buckets, inside the transaction that stores it."""
    inc, now = increments(response), utc_now()
    updates = [
        UpdateOne(
            _filter(key),
            {
                "$inc": inc,
                "$set": {"updated_at": now},
                "$setOnInsert": {"created_at": now},
            },
            upsert=True,
        )
        for key in bucket_keys(response)
    ]
    await FeedbackStat.get_pymongo_collection().bulk_write(updates, session=session)


async def rebuild_statistics(progress: Callable[[int], None] | None = None) -> int:
    """Recompute every bucket from the stored responses and replace what is stored; returns
    how many responses were counted. Buckets no response supports any more are removed."""
    sums: dict[BucketKey, dict[str, float]] = defaultdict(dict)
    counted = 0
    async for response in SurveyResponse.find_all():
        inc = increments(response)
        for key in bucket_keys(response):
            bucket = sums[key]
            for name, amount in inc.items():
                bucket[name] = bucket.get(name, 0) + amount
        counted += 1
        if progress is not None and counted % REBUILD_PROGRESS_EVERY == 0:
            progress(counted)
    now = utc_now()
    writes: list[Any] = [DeleteMany({})]
    for key, bucket in sums.items():
        document = {**_filter(key), "created_at": now}
        document["updated_at"] = now
        document.update(_nest(bucket))
        writes.append(InsertOne(document))
    collection = FeedbackStat.get_pymongo_collection()
    await in_transaction(lambda session: collection.bulk_write(writes, session=session))
    if progress is not None:
        progress(counted)
    return counted


def _nest(flat: dict[str, float]) -> dict[str, Any]:
    """`themes.X.mentions`-style keys as nested documents."""
    nested: dict[str, Any] = {}
    for name, value in flat.items():
        target = nested
        *parents, leaf = name.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = value
    return nested
