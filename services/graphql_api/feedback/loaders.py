"""Per-request loaders of what the survey service writes: buckets, rounds, health, responses."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from bson import ObjectId
from strawberry.dataloader import DataLoader

from shared.enums import HealthStatus, Role, StatScope
from shared.models import (
    FeedbackStat,
    Goal,
    Invitation,
    PairHealth,
    Recognition,
    SurveyResponse,
    SurveyRound,
)

Document = dict[str, Any]
# Months of program buckets one command reads (two buckets each): the embedded server matches
# `$in` by scanning the list, which stays cheap up to a few hundred keys.
CELLS_PER_COMMAND = 120


def _program_month_cells() -> DataLoader[tuple[ObjectId, str], list[Document]]:
    """A program's month buckets (one per respondent role), read by key."""

    async def load(keys: Sequence[tuple[ObjectId, str]]) -> list[list[Document]]:
        wanted: dict[str, tuple[ObjectId, str]] = {}
        for program_id, month in keys:
            for role in Role:
                bucket_id = FeedbackStat.key(StatScope.PROGRAM, program_id, program_id, month, role)
                wanted[bucket_id] = (program_id, month)
        found: dict[tuple[ObjectId, str], list[Document]] = defaultdict(list)
        cursor = FeedbackStat.get_pymongo_collection().find({"_id": {"$in": list(wanted)}})
        async for bucket in cursor.batch_size(len(wanted) + 1):
            found[wanted[bucket["_id"]]].append(bucket)
        return [found[key] for key in keys]

    return DataLoader(load_fn=load, max_batch_size=CELLS_PER_COMMAND)


def _grouped_by(
    field: str, collection: Any, query: Document | None = None
) -> DataLoader[ObjectId, list[Document]]:
    async def load(ids: Sequence[ObjectId]) -> list[list[Document]]:
        found: dict[ObjectId, list[Document]] = defaultdict(list)
        cursor = collection.find({field: {"$in": list(ids)}, **(query or {})}).batch_size(10_000)
        async for document in cursor:
            found[document[field]].append(document)
        return [found[i] for i in ids]

    return DataLoader(load_fn=load)


def _invitation_counts() -> DataLoader[ObjectId, dict[tuple[str, str], int]]:
    """Per round: invitations by (role, state)."""

    async def load(round_ids: Sequence[ObjectId]) -> list[dict[tuple[str, str], int]]:
        counts: dict[ObjectId, dict[tuple[str, str], int]] = defaultdict(dict)
        pipeline: list[Document] = [
            {"$match": {"round_id": {"$in": list(round_ids)}}},
            {
                "$group": {
                    "_id": {"r": "$round_id", "role": "$role", "s": "$state"},
                    "n": {"$sum": 1},
                }
            },
        ]
        async with await Invitation.get_pymongo_collection().aggregate(
            pipeline, batchSize=10_000
        ) as cursor:
            async for row in cursor:
                key = row["_id"]
                counts[key["r"]][(key["role"], key["s"])] = row["n"]
        return [counts[r] for r in round_ids]

    return DataLoader(load_fn=load)


def _at_risk_counts() -> DataLoader[ObjectId, int]:
    async def load(program_ids: Sequence[ObjectId]) -> list[int]:
        pipeline: list[Document] = [
            {
                "$match": {
                    "program_id": {"$in": list(program_ids)},
                    "status": HealthStatus.AT_RISK.value,
                }
            },
            {"$group": {"_id": "$program_id", "n": {"$sum": 1}}},
        ]
        counts: dict[ObjectId, int] = {}
        async with await PairHealth.get_pymongo_collection().aggregate(pipeline) as cursor:
            async for row in cursor:
                counts[row["_id"]] = row["n"]
        return [counts.get(p, 0) for p in program_ids]

    return DataLoader(load_fn=load)


def _goal_counts() -> DataLoader[ObjectId, dict[str, int]]:
    """Per program: goals by status."""

    async def load(program_ids: Sequence[ObjectId]) -> list[dict[str, int]]:
        pipeline: list[Document] = [
            {"$match": {"program_id": {"$in": list(program_ids)}}},
            {"$group": {"_id": {"p": "$program_id", "s": "$status"}, "n": {"$sum": 1}}},
        ]
        counts: dict[ObjectId, dict[str, int]] = defaultdict(dict)
        async with await Goal.get_pymongo_collection().aggregate(pipeline) as cursor:
            async for row in cursor:
                counts[row["_id"]["p"]][row["_id"]["s"]] = row["n"]
        return [counts[p] for p in program_ids]

    return DataLoader(load_fn=load)


class FeedbackLoaders:
    """Built lazily the first time a request asks for feedback."""

    def __init__(self) -> None:
        self.program_month_cells = _program_month_cells()
        self.rounds_by_program = _grouped_by("program_id", SurveyRound.get_pymongo_collection())
        self.invitation_counts = _invitation_counts()
        self.health_by_pair = _grouped_by("pair_id", PairHealth.get_pymongo_collection())
        self.responses_by_pair = _grouped_by("pair_id", SurveyResponse.get_pymongo_collection())
        self.at_risk_counts = _at_risk_counts()
        self.goal_counts = _goal_counts()
        self.recognitions_by_mentor = _grouped_by("mentor_id", Recognition.get_pymongo_collection())
