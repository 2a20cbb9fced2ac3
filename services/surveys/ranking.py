"""A program's ranking of its mentors for one period, kept one change at a time.

Each standing has a `rank_key` that sorts like (score descending, mentor id ascending). A
change renumbers only the stretch of the ranking the changed scores moved through (to its end
when a mentor enters or leaves it), in one transaction, so ranks always read 1..n; a score
computed earlier never replaces one computed later.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bson import ObjectId
from pymongo import DeleteOne, InsertOne, UpdateOne
from pymongo.asynchronous.client_session import AsyncClientSession

from shared.db import in_transaction
from shared.models import Recognition, utc_now
from shared.models.feedback import RecognitionEvidence

Document = dict[str, Any]


@dataclass(frozen=True)
class Scored:
    mentor_id: ObjectId
    score: float | None  # None: not eligible
    evidence: RecognitionEvidence
    # What the mentor may see when the evidence rests on answers they may not see: then they
    # see this, and neither score nor rank. None: they may see the whole standing.
    mentor_evidence: RecognitionEvidence | None = None


def rank_key(score: float, mentor_id: ObjectId) -> str:
    """Sorts like (score descending, mentor id ascending): "0.2500:<mentor id>" for 0.75."""
    return f"{1 - score:.4f}:{mentor_id}"


async def place_scores(
    program: Document, period: str, scored: list[Scored], now: datetime, *, rules: str = ""
) -> None:
    """Store new scores and renumber the part of the ranking they moved through."""
    collection = Recognition.get_pymongo_collection()
    base = {"program_id": program["_id"], "period": period}

    async def work(session: AsyncClientSession) -> None:
        current = {
            doc["mentor_id"]: doc
            async for doc in collection.find(
                {**base, "mentor_id": {"$in": [s.mentor_id for s in scored]}}, session=session
            )
        }
        writes: list[Any] = []
        touched: list[str] = []
        net = 0
        for entry in scored:
            old = current.get(entry.mentor_id)
            if old is not None and old.get("computed_at") and old["computed_at"] > now:
                continue  # a computation that started later already stored its result
            if entry.score is None:
                if old is not None:
                    writes.append(DeleteOne({"_id": old["_id"]}))
                    touched.append(old.get("rank_key") or "")
                    net -= 1
                continue
            key = rank_key(entry.score, entry.mentor_id)
            fields = {
                "score": entry.score,
                "rank_key": key,
                "evidence": entry.evidence.model_dump(),
                "shown_to_mentor": entry.mentor_evidence is None,
                "mentor_evidence": (
                    None if entry.mentor_evidence is None else entry.mentor_evidence.model_dump()
                ),
                "rules": rules,
                "computed_at": now,
                "updated_at": utc_now(),
            }
            if old is None:
                doc = {**base, "mentor_id": entry.mentor_id, "rank": 1, **fields}
                writes.append(InsertOne({**doc, "created_at": now}))
                touched.append(key)
                net += 1
            else:
                writes.append(UpdateOne({"_id": old["_id"]}, {"$set": fields}))
                if old.get("rank_key") != key:
                    touched.extend([old.get("rank_key") or "", key])
        if writes:
            await collection.bulk_write(writes, session=session)
        if touched:
            await _renumber(base, min(touched), None if net else max(touched), session)

    await in_transaction(work)


async def _renumber(
    base: Document, low: str, high: str | None, session: AsyncClientSession
) -> None:
    """Give the mentors whose keys lie in [low, high] (or from low on) ranks in key order."""
    collection = Recognition.get_pymongo_collection()
    rank = await collection.count_documents({**base, "rank_key": {"$lt": low}}, session=session)
    window = {"$gte": low} if high is None else {"$gte": low, "$lte": high}
    writes = []
    async for doc in collection.find(
        {**base, "rank_key": window}, {"rank": 1}, session=session
    ).sort("rank_key", 1):
        rank += 1
        if doc.get("rank") != rank:
            writes.append(UpdateOne({"_id": doc["_id"]}, {"$set": {"rank": rank}}))
    if writes:
        await collection.bulk_write(writes, session=session)
