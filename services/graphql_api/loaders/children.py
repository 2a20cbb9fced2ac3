"""Loaders of the lists under a parent (a program's pairs, a pair's goals, ...): pages of the
visible items, and their counts, for many parents at once. Each list has a name
(`Program.pairs`), which its cursors carry: a cursor of one list is refused by another."""

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from beanie import Document as BeanieDocument
from bson import ObjectId

from services.graphql_api.domain.access import Actor, Filter, Visibility
from services.graphql_api.loaders import (
    NEWEST_FIRST_BY_DATE,
    OLDEST_OPENED_FIRST,
    PARENTS_PER_COMMAND,
)
from services.graphql_api.loaders.base import RequestLoader
from services.graphql_api.pagination import (
    BY_ID,
    Ordering,
    Page,
    PageRequest,
    count_by_parent,
    fetch_pages,
)
from shared.models import CheckIn, Enrollment, Goal, Pair, SurveyRound

Statuses = tuple[str, ...] | None
# Further equality conditions on the children, as (field, value) pairs: `(("period", "2026"),)`.
Where = tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class ChildListKey:
    """One page of the list under one parent, optionally only items in some statuses (and
    matching `where`)."""

    parent_id: ObjectId
    request: PageRequest
    statuses: Statuses = None
    where: Where = ()


@dataclass(frozen=True)
class ChildRelation:
    """A list under a parent: its name (`Program.pairs`), the children's model, the field
    naming their parent, what of it the actor may see, and the list's order."""

    name: str
    model: type[BeanieDocument]
    parent_field: str
    visibility: Callable[[Actor], Awaitable[Visibility]]
    ordering: Ordering = BY_ID

    @property
    def list_ordering(self) -> Ordering:
        """The list's order, its cursors belonging to this list."""
        return self.ordering.of_list(self.name)


def _narrowing(statuses: Statuses, where: Where) -> Filter:
    found: Filter = {"status": {"$in": list(statuses)}} if statuses else {}
    return {**found, **dict(where)}


async def everything(actor: Actor) -> Visibility:
    """No narrowing by viewer: the field's permission decides who sees the list at all."""
    return None


class ChildCountLoader(RequestLoader[tuple[ObjectId, Statuses, Where], int]):
    """How many visible children each parent has, optionally only in some statuses."""

    relation: ClassVar[ChildRelation]
    keys_per_command = PARENTS_PER_COMMAND

    def narrowing(self, statuses: Statuses, where: Where) -> Filter:
        """The conditions on the children beyond their parent (a subclass may add its own)."""
        return _narrowing(statuses, where)

    async def batch_load(self, keys: Sequence[tuple[ObjectId, Statuses, Where]]) -> list[int]:
        relation = self.relation
        visibility = await relation.visibility(self.actor)
        groups: dict[tuple[Statuses, Where], list[ObjectId]] = defaultdict(list)
        for parent_id, statuses, where in keys:
            groups[(statuses, where)].append(parent_id)
        results: dict[tuple[ObjectId, Statuses, Where], int] = {}
        for (statuses, where), parent_ids in groups.items():
            counts = await count_by_parent(
                relation.model.get_pymongo_collection(),
                relation.parent_field,
                parent_ids,
                self.narrowing(statuses, where),
                visibility,
            )
            results.update({(pid, statuses, where): n for pid, n in counts.items()})
        return [results[key] for key in keys]


class ChildPagesLoader(RequestLoader[ChildListKey, Page]):
    """One page of visible children per parent; `count_loader` counts the same list."""

    relation: ClassVar[ChildRelation]
    count_loader: ClassVar[type[ChildCountLoader]]
    keys_per_command = PARENTS_PER_COMMAND

    def narrowing(self, statuses: Statuses, where: Where) -> Filter:
        """The conditions on the children beyond their parent (a subclass may add its own)."""
        return _narrowing(statuses, where)

    async def batch_load(self, keys: Sequence[ChildListKey]) -> list[Page]:
        relation = self.relation
        visibility = await relation.visibility(self.actor)
        groups: dict[tuple[PageRequest, Statuses, Where], list[ObjectId]] = defaultdict(list)
        for key in keys:
            groups[(key.request, key.statuses, key.where)].append(key.parent_id)
        results: dict[ChildListKey, Page] = {}
        for (request, statuses, where), parent_ids in groups.items():
            pages = await fetch_pages(
                relation.model.get_pymongo_collection(),
                relation.parent_field,
                parent_ids,
                self.narrowing(statuses, where),
                request,
                relation.list_ordering,
                visibility,
            )
            for parent_id, page in pages.items():
                results[ChildListKey(parent_id, request, statuses, where)] = page
        return [results[key] for key in keys]


PAIRS_BY_PROGRAM = ChildRelation("Program.pairs", Pair, "program_id", Actor.pair_visibility)
PAIRS_BY_MENTOR = ChildRelation(
    "Participant.pairsAsMentor", Pair, "mentor_id", Actor.pair_visibility
)
PAIRS_BY_MENTEE = ChildRelation(
    "Participant.pairsAsMentee", Pair, "mentee_id", Actor.pair_visibility
)
ENROLLMENTS_BY_PROGRAM = ChildRelation(
    "Program.enrollments", Enrollment, "program_id", Actor.enrollment_visibility
)
ENROLLMENTS_BY_PARTICIPANT = ChildRelation(
    "Participant.enrollments", Enrollment, "participant_id", Actor.enrollment_visibility
)
GOALS_BY_PAIR = ChildRelation("Pair.goals", Goal, "pair_id", Actor.pair_child_visibility)
CHECK_INS_BY_PAIR = ChildRelation(
    "Pair.checkIns", CheckIn, "pair_id", Actor.pair_child_visibility, NEWEST_FIRST_BY_DATE
)
# Rounds are for admins and the program's managers: the field's permission says who.
ROUNDS_BY_PROGRAM = ChildRelation(
    "Program.surveyRounds", SurveyRound, "program_id", everything, OLDEST_OPENED_FIRST
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


class RoundCountByProgramLoader(ChildCountLoader):
    """The number of a program's survey rounds."""

    relation = ROUNDS_BY_PROGRAM


class RoundsByProgramPageLoader(ChildPagesLoader):
    """A page of a program's survey rounds, the earliest opened first."""

    relation = ROUNDS_BY_PROGRAM
    count_loader = RoundCountByProgramLoader
