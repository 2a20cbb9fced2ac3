"""Leases in the database: which replica runs a background job now.

One document per job name. A replica holds the lease until `expires_at` and renews it while
it works; another takes it over once it has expired. `epoch` grows every time the lease
changes hands, so a replica that lost its lease (a stalled one waking up after a takeover)
cannot renew it.
"""

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pymongo.errors import DuplicateKeyError

from shared.models import JobLease, utc_now


@dataclass(frozen=True)
class Lease:
    """A lease as held by one replica."""

    name: str
    holder: str
    epoch: int
    seconds: float

    def _filter(self) -> dict[str, Any]:
        return {"name": self.name, "holder": self.holder, "epoch": self.epoch}


def replica_name() -> str:
    """Who holds a lease: this host and process."""
    return f"{socket.gethostname()}:{os.getpid()}"


async def acquire(
    name: str,
    holder: str,
    *,
    seconds: float,
    force: bool = False,
    unless_completed_on: str | None = None,
    now: datetime | None = None,
) -> Lease | None:
    """Take (or keep) the lease of `name` for `seconds`; None when another replica holds it
    (unless `force`, which takes it anyway) or the job already completed on that day."""
    now = now or utc_now()
    collection = JobLease.get_pymongo_collection()
    current = await collection.find_one({"name": name})
    expires_at = now + timedelta(seconds=seconds)
    if current is None:
        try:
            await collection.insert_one(
                {
                    "name": name,
                    "holder": holder,
                    "epoch": 1,
                    "expires_at": expires_at,
                    "last_completed_on": None,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        except DuplicateKeyError:
            return None  # another replica created it a moment ago
        return Lease(name, holder, 1, seconds)
    if unless_completed_on is not None and current.get("last_completed_on") == unless_completed_on:
        return None
    mine = current.get("holder") == holder
    free = current.get("holder") is None or (current.get("expires_at") or now) <= now
    if not (mine or free or force):
        return None
    epoch = int(current.get("epoch", 0)) + (0 if mine else 1)
    seen_epoch = current.get("epoch", {"$exists": False})
    taken = await collection.update_one(
        # Compare-and-set on what was read: of two replicas taking over at once, one wins.
        {"name": name, "holder": current.get("holder"), "epoch": seen_epoch},
        {"$set": {"holder": holder, "epoch": epoch, "expires_at": expires_at, "updated_at": now}},
    )
    return Lease(name, holder, epoch, seconds) if taken.modified_count == 1 else None


async def renew(lease: Lease, *, now: datetime | None = None) -> bool:
    """Extend a held lease; False when it has changed hands."""
    now = now or utc_now()
    renewed = await JobLease.get_pymongo_collection().update_one(
        lease._filter(),
        {"$set": {"expires_at": now + timedelta(seconds=lease.seconds), "updated_at": now}},
    )
    return renewed.matched_count == 1


async def release(lease: Lease, *, completed_on: str | None = None) -> None:
    """Give the lease up (recording the day a daily job completed)."""
    changes: dict[str, Any] = {"holder": None, "expires_at": None, "updated_at": utc_now()}
    if completed_on is not None:
        changes["last_completed_on"] = completed_on
    await JobLease.get_pymongo_collection().update_one(lease._filter(), {"$set": changes})
