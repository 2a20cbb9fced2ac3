"""How the root lists can be sorted: `orderBy: {field, direction}` on `programs`,
`participants`, `pairs` and `recognitions`.

Every order is a keyset order on one stored field, ties broken by ID, so pages stay stable and
a cursor carries the list and the order it belongs to (see `keyset`). Each field has an index
whose leading keys are that field and `_id` (see the models' `Settings.indexes`). Without
`orderBy` a list keeps its usual order.
"""

from dataclasses import dataclass
from typing import Any

import strawberry

from services.graphql_api.core.enums import graphql_enum
from services.graphql_api.keyset import EARLIEST, LOWEST_NUMBER, Ordering
from shared.enums import DescribedEnum


class OrderDirection(DescribedEnum):
    """Which way a list is sorted."""

    ASC = "ASC", "Ascending: A to Z, earliest or lowest first; empty values first."
    DESC = "DESC", "Descending: Z to A, latest or highest first; empty values last."


class ProgramOrderField(DescribedEnum):
    """What programs can be sorted on."""

    NAME = "NAME", "The name, ignoring case."
    CREATED_AT = "CREATED_AT", "When the program was created."
    STARTS_ON = "STARTS_ON", "The first day; programs without one are empty values."
    STATUS = "STATUS", "The status by its name: ACTIVE, CLOSED, DRAFT."


class ParticipantOrderField(DescribedEnum):
    """What participants can be sorted on."""

    NAME = "NAME", "The full name, ignoring case."
    CREATED_AT = "CREATED_AT", "When they were added."
    DEPARTMENT = "DEPARTMENT", "The department's name."


class PairOrderField(DescribedEnum):
    """What pairs can be sorted on."""

    CREATED_AT = "CREATED_AT", "When the pair was proposed."
    MATCH_SCORE = "MATCH_SCORE", "The compatibility score; pairs without one are empty values."
    STARTS_ON = "STARTS_ON", "When mentoring started; pairs not started are empty values."
    HEALTH = (
        "HEALTH",
        "The latest health assessment, from HEALTHY to AT_RISK (DESC: the worst first). Only "
        "with `filter.health`, whose list is the worst first without `orderBy`.",
    )


class RecognitionOrderField(DescribedEnum):
    """What a ranking of mentors can be sorted on."""

    RANK = "RANK", "The rank: ascending is the best mentor first."


for enum_class, description in (
    (OrderDirection, "Which way a list is sorted."),
    (ProgramOrderField, "What programs can be sorted on."),
    (ParticipantOrderField, "What participants can be sorted on."),
    (PairOrderField, "What pairs can be sorted on."),
    (RecognitionOrderField, "What a ranking of mentors can be sorted on."),
):
    graphql_enum(enum_class, description)


@dataclass(frozen=True)
class SortKey:
    """The stored field an order field sorts on; `lowest` for a field that may be empty."""

    field: str
    lowest: Any = None


SORT_KEYS: dict[DescribedEnum, SortKey] = {
    ProgramOrderField.NAME: SortKey("name_key"),
    ProgramOrderField.CREATED_AT: SortKey("created_at"),
    ProgramOrderField.STARTS_ON: SortKey("starts_on", lowest=EARLIEST),
    ProgramOrderField.STATUS: SortKey("status"),
    ParticipantOrderField.NAME: SortKey("name_key"),
    ParticipantOrderField.CREATED_AT: SortKey("created_at"),
    ParticipantOrderField.DEPARTMENT: SortKey("department"),
    PairOrderField.CREATED_AT: SortKey("created_at"),
    PairOrderField.MATCH_SCORE: SortKey("match_score", lowest=LOWEST_NUMBER),
    PairOrderField.STARTS_ON: SortKey("starts_on", lowest=EARLIEST),
    PairOrderField.HEALTH: SortKey("severity"),
    RecognitionOrderField.RANK: SortKey("rank_key"),
}


@strawberry.input(description="How to sort programs.")
class ProgramOrder:
    field: ProgramOrderField = strawberry.field(description="What to sort on.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Which way; ties are broken by ID."
    )


@strawberry.input(description="How to sort participants.")
class ParticipantOrder:
    field: ParticipantOrderField = strawberry.field(description="What to sort on.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Which way; ties are broken by ID."
    )


@strawberry.input(description="How to sort pairs.")
class PairOrder:
    field: PairOrderField = strawberry.field(description="What to sort on.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Which way; ties are broken by ID."
    )


@strawberry.input(description="How to sort a ranking of mentors.")
class RecognitionOrder:
    field: RecognitionOrderField = strawberry.field(description="What to sort on.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Which way; ties are broken by ID."
    )


AnyOrder = ProgramOrder | ParticipantOrder | PairOrder | RecognitionOrder


def ordering(list_name: str, order: AnyOrder | None, default: Ordering | None = None) -> Ordering:
    """The keyset order of the list `list_name` that `order` asks for (`default`, else
    creation order, when it asks for none)."""
    if order is None:
        return (default or Ordering()).of_list(list_name)
    key = SORT_KEYS[order.field]
    direction = 1 if order.direction == OrderDirection.ASC else -1
    return Ordering(key.field, direction, list_name, key.lowest)
