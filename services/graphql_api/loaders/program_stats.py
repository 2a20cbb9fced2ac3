"""A program's activity in numbers: pairs and goals per status, recent check-ins."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bson import ObjectId
from pymongo.asynchronous.collection import AsyncCollection

from services.graphql_api.loaders import PARENTS_PER_COMMAND
from services.graphql_api.loaders.base import Document, RequestLoader
from services.graphql_api.pagination import count_by_parent
from shared.models import CheckIn, Goal, Pair


@dataclass(frozen=True)
class ProgramStatsData:
    """Pairs and goals per status, and check-ins held in the last 30 days."""

    pairs_by_status: dict[str, int]
    goals_by_status: dict[str, int]
    check_ins_last_30_days: int


async def _counts_by_program_and_status(
    collection: AsyncCollection[Document], ids: list[ObjectId]
) -> dict[ObjectId, dict[str, int]]:
    pipeline: list[dict[str, Any]] = [
        {"$match": {"program_id": {"$in": ids}}},
        {"$group": {"_id": {"p": "$program_id", "s": "$status"}, "n": {"$sum": 1}}},
    ]
    counts: dict[ObjectId, dict[str, int]] = defaultdict(dict)
    async with await collection.aggregate(pipeline, batchSize=1000) as cursor:
        async for row in cursor:
            counts[row["_id"]["p"]][row["_id"]["s"]] = row["n"]
    return counts


class ProgramStatsByProgramLoader(RequestLoader[ObjectId, ProgramStatsData]):
    """Each program's statistics: three commands per batch of programs."""

    keys_per_command = PARENTS_PER_COMMAND

    async def batch_load(self, keys: Sequence[ObjectId]) -> list[ProgramStatsData]:
        unique = list(dict.fromkeys(keys))
        pairs = await _counts_by_program_and_status(Pair.get_pymongo_collection(), unique)
        goals = await _counts_by_program_and_status(Goal.get_pymongo_collection(), unique)
        since = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        recent = await count_by_parent(
            CheckIn.get_pymongo_collection(),
            "program_id",
            unique,
            {"held_on": {"$gte": since - timedelta(days=30)}},
        )
        return [
            ProgramStatsData(
                pairs_by_status=pairs.get(pid, {}),
                goals_by_status=goals.get(pid, {}),
                check_ins_last_30_days=recent.get(pid, 0),
            )
            for pid in keys
        ]
