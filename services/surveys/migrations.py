"""One-time upgrades of what the survey service stores, run by the first replica to start.

- Statistics buckets keyed by ObjectId (before a bucket's `_id` was its key) are rebuilt
  from the responses, and their old indexes dropped.
- Recognitions ranked before ranks were kept by `rank_key` are scored again.
"""

import logging
from contextlib import suppress

from pymongo.errors import OperationFailure

from services.surveys.leases import acquire, release
from services.surveys.recognition import refresh_program
from services.surveys.statistics import rebuild_statistics
from shared.models import FeedbackStat, JobLease, Recognition, utc_now

logger = logging.getLogger(__name__)

MIGRATION = "migration:keyed-statistics-and-ranks"
OLD_STATISTICS_INDEXES = ("bucket_in_program_unique", "program")


async def _already_done() -> bool:
    state = await JobLease.get_pymongo_collection().find_one({"name": MIGRATION})
    return bool(state and state.get("last_completed_on"))


async def upgrade_stored_feedback(*, holder: str) -> bool:
    """Run the upgrades if they are needed and no other replica is running them; True when
    something was upgraded."""
    if await _already_done():
        return False
    lease = await acquire(MIGRATION, holder, seconds=3600)
    if lease is None:
        return False
    upgraded = False
    try:
        stats = FeedbackStat.get_pymongo_collection()
        if await stats.find_one({"_id": {"$type": "objectId"}}, {"_id": 1}) is not None:
            logger.info("rebuilding feedback statistics with keyed buckets (one-time upgrade)")
            for name in OLD_STATISTICS_INDEXES:
                with suppress(OperationFailure):  # not there
                    await stats.drop_index(name)
            await rebuild_statistics()
            upgraded = True
        program_ids = await Recognition.get_pymongo_collection().distinct(
            "program_id", {"rank_key": {"$exists": False}}
        )
        for program_id in program_ids:
            await refresh_program(program_id)
            upgraded = True
    except BaseException:
        await release(lease)
        raise
    await release(lease, completed_on=utc_now().date().isoformat())
    return upgraded
