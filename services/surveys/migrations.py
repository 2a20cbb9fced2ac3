"""One-time upgrades of what the survey service stores, run by the first replica to start.

- The month buckets an earlier version counted responses into (`feedback_stats`) are gone:
  figures come from released rounds only (`RoundResult`), so the collection is dropped, with
  the marker its rebuild left in `job_leases`. Closed rounds never released are released by
  the `results` job on its own.
- Health assessments stored before they carried a `severity` get the one their status has.
- Recognitions ranked before ranks were kept by `rank_key` are scored again.
"""

import logging

from services.surveys.leases import acquire, release
from services.surveys.recognition import refresh_program
from shared.models import JobLease, PairHealth, Recognition, utc_now
from shared.models.feedback import SEVERITY

logger = logging.getLogger(__name__)

MIGRATION = "migration:round-results-only"
OLD_STATISTICS_COLLECTION = "feedback_stats"
OLD_REBUILD_MARKER = "statistics-rebuild"


async def _already_done() -> bool:
    state = await JobLease.get_pymongo_collection().find_one({"name": MIGRATION})
    return bool(state and state.get("last_completed_on"))


async def _drop_old_statistics() -> bool:
    leases = JobLease.get_pymongo_collection()
    database = leases.database
    found = await database.list_collection_names(filter={"name": OLD_STATISTICS_COLLECTION})
    if found:
        logger.info("dropping the old feedback statistics (one-time upgrade)")
        await database.drop_collection(OLD_STATISTICS_COLLECTION)
    marker = await leases.delete_one({"name": OLD_REBUILD_MARKER})
    return bool(found) or marker.deleted_count > 0


async def _set_missing_severities() -> bool:
    health = PairHealth.get_pymongo_collection()
    changed = 0
    for status, severity in SEVERITY.items():
        updated = await health.update_many(
            {"status": status.value, "severity": {"$exists": False}},
            {"$set": {"severity": severity}},
        )
        changed += updated.modified_count
    return changed > 0


async def _rank_unranked_recognitions() -> bool:
    program_ids = await Recognition.get_pymongo_collection().distinct(
        "program_id", {"rank_key": {"$exists": False}}
    )
    for program_id in program_ids:
        await refresh_program(program_id)
    return bool(program_ids)


async def upgrade_stored_feedback(*, holder: str) -> bool:
    """Run the upgrades if they are needed and no other replica is running them; True when
    something was upgraded."""
    if await _already_done():
        return False
    lease = await acquire(MIGRATION, holder, seconds=3600)
    if lease is None:
        return False
    try:
        dropped = await _drop_old_statistics()
        severities = await _set_missing_severities()
        ranked = await _rank_unranked_recognitions()
    except BaseException:
        await release(lease)
        raise
    await release(lease, completed_on=utc_now().date().isoformat())
    return dropped or severities or ranked
