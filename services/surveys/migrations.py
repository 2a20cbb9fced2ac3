"""One-time upgrades of what the survey service stores, run by the first replica to start.

- The month buckets an earlier version counted responses into (`feedback_stats`) are gone:
  figures come from released rounds only (`RoundResult`), so the collection is dropped, with
  the marker its rebuild left in `job_leases`. Closed rounds never released are released by
  the `results` job on its own.
- Health assessments stored before they carried a `severity` get the one their status has.
- Recognitions ranked before ranks were kept by `rank_key` are scored again.
- Enrollments stored before `disclosed_to_managers` existed disclose the person's private fields
  to the program's managers when the person applied themselves (the latest move to APPLIED is
  theirs); the rest stay private, as a manager's nomination now leaves them.

Each upgrade runs once, under its own lease, so one added later still runs on a database the
earlier ones have already upgraded.
"""

import logging
from collections.abc import Awaitable, Callable

from pymongo import UpdateOne

from services.surveys.leases import acquire, release
from services.surveys.recognition import refresh_program
from shared.enums import EnrollmentStatus
from shared.models import Enrollment, JobLease, PairHealth, Recognition, utc_now
from shared.models.feedback import SEVERITY

logger = logging.getLogger(__name__)

MIGRATION = "migration:round-results-only"
DISCLOSURE_MIGRATION = "migration:enrollment-disclosure"
OLD_STATISTICS_COLLECTION = "feedback_stats"
OLD_REBUILD_MARKER = "statistics-rebuild"


async def _already_done(name: str) -> bool:
    state = await JobLease.get_pymongo_collection().find_one({"name": name})
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


async def _disclose_self_applied_enrollments() -> bool:
    enrollments = Enrollment.get_pymongo_collection()
    updates = []
    async for stored in enrollments.find(
        {"disclosed_to_managers": {"$exists": False}},
        {"participant_id": 1, "history": 1},
    ):
        applied_by = [
            step.get("by_id")
            for step in stored.get("history", [])
            if step.get("to_status") == EnrollmentStatus.APPLIED.value
        ]
        disclosed = bool(applied_by) and applied_by[-1] == stored["participant_id"]
        updates.append(
            UpdateOne(
                {"_id": stored["_id"], "disclosed_to_managers": {"$exists": False}},
                {"$set": {"disclosed_to_managers": disclosed}},
            )
        )
    if updates:
        await enrollments.bulk_write(updates, ordered=False)
    return bool(updates)


async def _round_results_only() -> bool:
    dropped = await _drop_old_statistics()
    severities = await _set_missing_severities()
    ranked = await _rank_unranked_recognitions()
    return dropped or severities or ranked


UPGRADES: list[tuple[str, Callable[[], Awaitable[bool]]]] = [
    (MIGRATION, _round_results_only),
    (DISCLOSURE_MIGRATION, _disclose_self_applied_enrollments),
]


async def _run_once(name: str, upgrade: Callable[[], Awaitable[bool]], holder: str) -> bool:
    if await _already_done(name):
        return False
    lease = await acquire(name, holder, seconds=3600)
    if lease is None:
        return False
    try:
        changed = await upgrade()
    except BaseException:
        await release(lease)
        raise
    await release(lease, completed_on=utc_now().date().isoformat())
    return changed


async def upgrade_stored_feedback(*, holder: str) -> bool:
    """Run the upgrades that are needed and that no other replica is running; True when
    something was upgraded."""
    changed = False
    for name, upgrade in UPGRADES:
        changed = await _run_once(name, upgrade, holder) or changed
    return changed
