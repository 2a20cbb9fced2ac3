"""Per-request DataLoaders: every relation and list is fetched in batches, so the number of
database commands of a query depends on its shape, not on how many objects it returns."""

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from bson import ObjectId
from pymongo.asynchronous.collection import AsyncCollection
from strawberry.dataloader import DataLoader

from services.graphql_api.domain.access import Actor, Filter, Visibility
from services.graphql_api.feedback.loaders import FeedbackLoaders
from services.graphql_api.pagination import (
    BY_ID,
    Ordering,
    Page,
    PageRequest,
    count_by_parent,
    fetch_pages,
)
from shared.models import CheckIn, Enrollment, Goal, Pair, Participant, Program

Document = dict[str, Any]
# Most keys one command carries. Bounded `$in` lists keep each command cheap for the server
# (and the embedded one matches `$in` by scanning the list); a query's round trips grow only
# by one per this many objects of a kind.
IDS_PER_COMMAND = 250
PARENTS_PER_COMMAND = 100
NEWEST_FIRST_BY_DATE = Ordering(field="held_on", direction=-1)


Statuses = tuple[str, ...] | None
VisibilityOf = Callable[[], Awaitable[Visibility]]  # a bound Actor method


@dataclass(frozen=True)
class ChildListKey:
    """One page of the list under one parent, optionally only items in some statuses."""

    parent_id: ObjectId
    request: PageRequest
    statuses: Statuses = None


def _status_filter(statuses: Statuses) -> Filter:
    return {"status": {"$in": list(statuses)}} if statuses else {}


def _by_id_loader(collection: AsyncCollection[Document]) -> DataLoader[ObjectId, Document | None]:
    async def load(ids: Sequence[ObjectId]) -> list[Document | None]:
        unique = list(dict.fromkeys(ids))
        cursor = collection.find({"_id": {"$in": unique}}).batch_size(len(unique) + 1)
        found = {doc["_id"]: doc async for doc in cursor}
        return [found.get(object_id) for object_id in ids]

    return DataLoader(load_fn=load, max_batch_size=IDS_PER_COMMAND)


def _pages_loader(
    collection: AsyncCollection[Document],
    parent_field: str,
    visibility_of: VisibilityOf,
    ordering: Ordering = BY_ID,
) -> DataLoader[ChildListKey, Page]:
    async def load(keys: Sequence[ChildListKey]) -> list[Page]:
        visibility = await visibility_of()
        groups: dict[tuple[PageRequest, Statuses], list[ObjectId]] = defaultdict(list)
        for key in keys:
            groups[(key.request, key.statuses)].append(key.parent_id)
        results: dict[ChildListKey, Page] = {}
        for (request, statuses), parent_ids in groups.items():
            pages = await fetch_pages(
                collection,
                parent_field,
                parent_ids,
                _status_filter(statuses),
                request,
                ordering,
                visibility,
            )
            for parent_id, page in pages.items():
                results[ChildListKey(parent_id, request, statuses)] = page
        return [results[key] for key in keys]

    return DataLoader(load_fn=load, max_batch_size=PARENTS_PER_COMMAND)


def _counts_loader(
    collection: AsyncCollection[Document], parent_field: str, visibility_of: VisibilityOf
) -> DataLoader[tuple[ObjectId, Statuses], int]:
    async def load(keys: Sequence[tuple[ObjectId, Statuses]]) -> list[int]:
        visibility = await visibility_of()
        groups: dict[Statuses, list[ObjectId]] = defaultdict(list)
        for parent_id, statuses in keys:
            groups[statuses].append(parent_id)
        results: dict[tuple[ObjectId, Statuses], int] = {}
        for statuses, parent_ids in groups.items():
            counts = await count_by_parent(
                collection, parent_field, parent_ids, _status_filter(statuses), visibility
            )
            results.update({(pid, statuses): n for pid, n in counts.items()})
        return [results[key] for key in keys]

    return DataLoader(load_fn=load, max_batch_size=PARENTS_PER_COMMAND)


@dataclass(frozen=True)
class ProgramStatsData:
    pairs_by_status: dict[str, int]
    goals_by_status: dict[str, int]
    check_ins_last_30_days: int


def _program_stats_loader() -> DataLoader[ObjectId, ProgramStatsData]:
    async def grouped(collection: AsyncCollection[Document], ids: list[ObjectId]) -> Any:
        pipeline: list[dict[str, Any]] = [
            {"$match": {"program_id": {"$in": ids}}},
            {"$group": {"_id": {"p": "$program_id", "s": "$status"}, "n": {"$sum": 1}}},
        ]
        counts: dict[ObjectId, dict[str, int]] = defaultdict(dict)
        async with await collection.aggregate(pipeline, batchSize=1000) as cursor:
            async for row in cursor:
                counts[row["_id"]["p"]][row["_id"]["s"]] = row["n"]
        return counts

    async def load(ids: Sequence[ObjectId]) -> list[ProgramStatsData]:
        unique = list(dict.fromkeys(ids))
        pairs = await grouped(Pair.get_pymongo_collection(), unique)
        goals = await grouped(Goal.get_pymongo_collection(), unique)
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
            for pid in ids
        ]

    return DataLoader(load_fn=load, max_batch_size=PARENTS_PER_COMMAND)


def _private_access_loader(actor: Actor) -> DataLoader[ObjectId, bool]:
    """Whether the actor may see a participant's e-mail and development needs."""

    async def load(ids: Sequence[ObjectId]) -> list[bool]:
        if actor.is_admin:
            return [True] * len(ids)
        allowed = {pid for pid in ids if actor.is_self(pid)}
        enrollments = await actor.private_fields_enrollment_filter()
        if enrollments is not None:
            # participant_id first: its index yields a few enrollments per person, where the
            # managed programs' program_id yields every enrollment of those programs.
            allowed.update(
                await Enrollment.get_pymongo_collection().distinct(
                    "participant_id", {"participant_id": {"$in": list(ids)}, **enrollments}
                )
            )
        return [pid in allowed for pid in ids]

    return DataLoader(load_fn=load, max_batch_size=IDS_PER_COMMAND)


@dataclass
class Loaders:
    """Every loader of one request; built fresh for each, so nothing leaks between viewers."""

    actor: Actor
    participant: DataLoader[ObjectId, Document | None] = field(init=False)
    program: DataLoader[ObjectId, Document | None] = field(init=False)
    enrollment: DataLoader[ObjectId, Document | None] = field(init=False)
    pair: DataLoader[ObjectId, Document | None] = field(init=False)
    goal: DataLoader[ObjectId, Document | None] = field(init=False)
    check_in: DataLoader[ObjectId, Document | None] = field(init=False)
    pairs_by_program: DataLoader[ChildListKey, Page] = field(init=False)
    pairs_by_mentor: DataLoader[ChildListKey, Page] = field(init=False)
    pairs_by_mentee: DataLoader[ChildListKey, Page] = field(init=False)
    enrollments_by_program: DataLoader[ChildListKey, Page] = field(init=False)
    enrollments_by_participant: DataLoader[ChildListKey, Page] = field(init=False)
    goals_by_pair: DataLoader[ChildListKey, Page] = field(init=False)
    check_ins_by_pair: DataLoader[ChildListKey, Page] = field(init=False)
    counts: dict[str, DataLoader[tuple[ObjectId, Statuses], int]] = field(init=False)
    program_stats: DataLoader[ObjectId, ProgramStatsData] = field(init=False)
    private_access: DataLoader[ObjectId, bool] = field(init=False)
    feedback: "FeedbackLoaders | None" = None  # built on first use
    recognitions: "DataLoader[tuple[ObjectId, str], list[Document]] | None" = None

    def __post_init__(self) -> None:
        actor = self.actor
        pairs = Pair.get_pymongo_collection()
        enrollments = Enrollment.get_pymongo_collection()
        goals = Goal.get_pymongo_collection()
        check_ins = CheckIn.get_pymongo_collection()
        self.participant = _by_id_loader(Participant.get_pymongo_collection())
        self.program = _by_id_loader(Program.get_pymongo_collection())
        self.enrollment = _by_id_loader(enrollments)
        self.pair = _by_id_loader(pairs)
        self.goal = _by_id_loader(goals)
        self.check_in = _by_id_loader(check_ins)
        pair_visibility, child_visibility = actor.pair_visibility, actor.pair_child_visibility
        enrollment_visibility = actor.enrollment_visibility
        self.pairs_by_program = _pages_loader(pairs, "program_id", pair_visibility)
        self.pairs_by_mentor = _pages_loader(pairs, "mentor_id", pair_visibility)
        self.pairs_by_mentee = _pages_loader(pairs, "mentee_id", pair_visibility)
        self.enrollments_by_program = _pages_loader(
            enrollments, "program_id", enrollment_visibility
        )
        self.enrollments_by_participant = _pages_loader(
            enrollments, "participant_id", enrollment_visibility
        )
        self.goals_by_pair = _pages_loader(goals, "pair_id", child_visibility)
        self.check_ins_by_pair = _pages_loader(
            check_ins, "pair_id", child_visibility, NEWEST_FIRST_BY_DATE
        )
        self.counts = {
            "pairs_by_program": _counts_loader(pairs, "program_id", pair_visibility),
            "pairs_by_mentor": _counts_loader(pairs, "mentor_id", pair_visibility),
            "pairs_by_mentee": _counts_loader(pairs, "mentee_id", pair_visibility),
            "enrollments_by_program": _counts_loader(
                enrollments, "program_id", enrollment_visibility
            ),
            "enrollments_by_participant": _counts_loader(
                enrollments, "participant_id", enrollment_visibility
            ),
            "goals_by_pair": _counts_loader(goals, "pair_id", child_visibility),
            "check_ins_by_pair": _counts_loader(check_ins, "pair_id", child_visibility),
        }
        self.program_stats = _program_stats_loader()
        self.private_access = _private_access_loader(actor)
