"""Loaders of the lists under a parent (a program's pairs, a pair's goals, ...): pages of the
visible items, and their counts, for many parents at once."""

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from beanie import Document as BeanieDocument
from bson import ObjectId

from services.graphql_api.domain.access import Actor, Filter, Visibility
from services.graphql_api.loaders import NEWEST_FIRST_BY_DATE, PARENTS_PER_COMMAND
from services.graphql_api.loaders.base import RequestLoader
from services.graphql_api.pagination import (
    BY_ID,
    Ordering,
    Page,
    PageRequest,
    count_by_parent,
    fetch_pages,
)
from shared.models import CheckIn, Enrollment, Goal, Pair

Statuses = tuple[str, ...] | None


@dataclass(frozen=True)
class ChildListKey:
    """One page of the list under one parent, optionally only items in some statuses."""

    parent_id: ObjectId
    request: PageRequest
    statuses: Statuses = None


@dataclass(frozen=True)
class ChildRelation:
    """A list under a parent: the children's model, the field naming their parent, what of
    it the actor may see, and the list's order."""

    model: type[BeanieDocument]
    parent_field: str
    visibility: Callable[[Actor], Awaitable[Visibility]]
    ordering: Ordering = BY_ID


def _status_filter(statuses: Statuses) -> Filter:
    return {"status": {"$in": list(statuses)}} if statuses else {}


class ChildCountLoader(RequestLoader[tuple[ObjectId, Statuses], int]):
    """How many visible children each parent has, optionally only in some statuses."""

    relation: ClassVar[ChildRelation]
    keys_per_command = PARENTS_PER_COMMAND

    async def batch_load(self, keys: Sequence[tuple[ObjectId, Statuses]]) -> list[int]:
        relation = self.relation
        visibility = await relation.visibility(self.actor)
        groups: dict[Statuses, list[ObjectId]] = defaultdict(list)
        for parent_id, statuses in keys:
            groups[statuses].append(parent_id)
        results: dict[tuple[ObjectId, Statuses], int] = {}
        for statuses, parent_ids in groups.items():
            counts = await count_by_parent(
                relation.model.get_pymongo_collection(),
                relation.parent_field,
                parent_ids,
                _status_filter(statuses),
                visibility,
            )
            results.update({(pid, statuses): n for pid, n in counts.items()})
        return [results[key] for key in keys]


class ChildPagesLoader(RequestLoader[ChildListKey, Page]):
    """One page of visible children per parent; `count_loader` counts the same list."""

    relation: ClassVar[ChildRelation]
    count_loader: ClassVar[type[ChildCountLoader]]
    keys_per_command = PARENTS_PER_COMMAND

    async def batch_load(self, keys: Sequence[ChildListKey]) -> list[Page]:
        relation = self.relation
        visibility = await relation.visibility(self.actor)
        groups: dict[tuple[PageRequest, Statuses], list[ObjectId]] = defaultdict(list)
        for key in keys:
            groups[(key.request, key.statuses)].append(key.parent_id)
        results: dict[ChildListKey, Page] = {}
        for (request, statuses), parent_ids in groups.items():
            pages = await fetch_pages(
                relation.model.get_pymongo_collection(),
                relation.parent_field,
                parent_ids,
                _status_filter(statuses),
                request,
                relation.ordering,
                visibility,
            )
            for parent_id, page in pages.items():
                results[ChildListKey(parent_id, request, statuses)] = page
        return [results[key] for key in keys]


PAIRS_BY_PROGRAM = ChildRelation(Pair, "program_id", Actor.pair_visibility)
PAIRS_BY_MENTOR = ChildRelation(Pair, "mentor_id", Actor.pair_visibility)
PAIRS_BY_MENTEE = ChildRelation(Pair, "mentee_id", Actor.pair_visibility)
ENROLLMENTS_BY_PROGRAM = ChildRelation(Enrollment, "program_id", Actor.enrollment_visibility)
ENROLLMENTS_BY_PARTICIPANT = ChildRelation(
    Enrollment, "participant_id", Actor.enrollment_visibility
)
GOALS_BY_PAIR = ChildRelation(Goal, "pair_id", Actor.pair_child_visibility)
CHECK_INS_BY_PAIR = ChildRelation(
    CheckIn, "pair_id", Actor.pair_child_visibility, NEWEST_FIRST_BY_DATE
)


class PairCountByProgramLoader(ChildCountLoader):
    """The number of a program's visible pairs."""

    relation = PAIRS_BY_PROGRAM


class PairsByProgramLoader(ChildPagesLoader):
    """A page of a program's visible pairs."""

    relation = PAIRS_BY_PROGRAM
    count_loader = PairCountByProgramLoader


class PairCountByMentorLoader(ChildCountLoader):
    """The number of the visible pairs a participant mentors in."""

    relation = PAIRS_BY_MENTOR


class PairsByMentorLoader(ChildPagesLoader):
    """A page of the visible pairs a participant mentors in."""

    relation = PAIRS_BY_MENTOR
    count_loader = PairCountByMentorLoader


class PairCountByMenteeLoader(ChildCountLoader):
    """The number of the visible pairs a participant is mentored in."""

    relation = PAIRS_BY_MENTEE


class PairsByMenteeLoader(ChildPagesLoader):
    """A page of the visible pairs a participant is mentored in."""

    relation = PAIRS_BY_MENTEE
    count_loader = PairCountByMenteeLoader


class EnrollmentCountByProgramLoader(ChildCountLoader):
    """The number of a program's visible enrollments."""

    relation = ENROLLMENTS_BY_PROGRAM


class EnrollmentsByProgramLoader(ChildPagesLoader):
    """A page of a program's visible enrollments."""

    relation = ENROLLMENTS_BY_PROGRAM
    count_loader = EnrollmentCountByProgramLoader


class EnrollmentCountByParticipantLoader(ChildCountLoader):
    """The number of a participant's visible enrollments."""

    relation = ENROLLMENTS_BY_PARTICIPANT


class EnrollmentsByParticipantLoader(ChildPagesLoader):
    """A page of a participant's visible enrollments."""

    relation = ENROLLMENTS_BY_PARTICIPANT
    count_loader = EnrollmentCountByParticipantLoader


class GoalCountByPairLoader(ChildCountLoader):
    """The number of a visible pair's goals."""

    relation = GOALS_BY_PAIR


class GoalsByPairLoader(ChildPagesLoader):
    """A page of a visible pair's goals."""

    relation = GOALS_BY_PAIR
    count_loader = GoalCountByPairLoader


class CheckInCountByPairLoader(ChildCountLoader):
    """The number of a visible pair's check-ins."""

    relation = CHECK_INS_BY_PAIR


class CheckInsByPairLoader(ChildPagesLoader):
    """A page of a visible pair's check-ins, newest first."""

    relation = CHECK_INS_BY_PAIR
    count_loader = CheckInCountByPairLoader
