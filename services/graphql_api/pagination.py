"""Keyset pagination: opaque cursors, pages of one list, and pages of many lists at once.

A page is ordered by `_id` (creation order) or by one field then `_id`. A cursor holds the sort
values of the last item seen, so pages stay stable when objects are inserted or deleted.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bson import ObjectId
from pymongo.asynchronous.collection import AsyncCollection

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

Document = dict[str, Any]
Filter = dict[str, Any]


class InvalidCursorError(ValueError):
    """A cursor this server did not issue, or one for another list."""


class InvalidPageSizeError(ValueError):
    """`first` outside 0..100."""


@dataclass(frozen=True)
class Ordering:
    """Sort on `field` (None: `_id` only) in `direction` (1 or -1), ties broken by `_id`."""

    field: str | None = None
    direction: int = 1

    @property
    def sort(self) -> list[tuple[str, int]]:
        keys = [(self.field, self.direction)] if self.field else []
        return [*keys, ("_id", self.direction)]

    def cursor_for(self, document: Document) -> str:
        values: list[Any] = [str(document["_id"])]
        if self.field:
            values.insert(0, _encode_value(document.get(self.field)))
        raw = json.dumps(values, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def after_filter(self, cursor: str) -> Filter:
        values = _decode_cursor(cursor)
        if len(values) != (2 if self.field else 1):
            raise InvalidCursorError("The cursor does not belong to this list.")
        operator = "$gt" if self.direction == 1 else "$lt"
        try:
            last_id = ObjectId(values[-1])
        except Exception as error:
            raise InvalidCursorError("The cursor is not valid.") from error
        if not self.field:
            return {"_id": {operator: last_id}}
        last_value = _decode_value(values[0])
        return {
            "$or": [
                {self.field: {operator: last_value}},
                {self.field: last_value, "_id": {operator: last_id}},
            ]
        }


BY_ID = Ordering()


@dataclass(frozen=True)
class PageRequest:
    """`first` items after the cursor `after`."""

    first: int = DEFAULT_PAGE_SIZE
    after: str | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.first <= MAX_PAGE_SIZE:
            raise InvalidPageSizeError(f"`first` must be between 0 and {MAX_PAGE_SIZE}.")


@dataclass(frozen=True)
class Page:
    """One page of raw documents, with what the connection needs to describe it."""

    documents: list[Document]
    has_next_page: bool
    has_previous_page: bool
    ordering: Ordering

    def cursor(self, document: Document) -> str:
        return self.ordering.cursor_for(document)


def _page(documents: list[Document], request: PageRequest, ordering: Ordering) -> Page:
    return Page(
        documents=documents[: request.first],
        has_next_page=len(documents) > request.first,
        has_previous_page=request.after is not None,
        ordering=ordering,
    )


def _with_cursor(query: Filter, request: PageRequest, ordering: Ordering) -> Filter:
    if request.after is None:
        return query
    return (
        {"$and": [query, ordering.after_filter(request.after)]}
        if query
        else (ordering.after_filter(request.after))
    )


async def fetch_page(
    collection: AsyncCollection[Document],
    query: Filter,
    request: PageRequest,
    ordering: Ordering = BY_ID,
) -> Page:
    """One page of `query`, fetching one extra document to know whether more follow."""
    limit = request.first + 1
    cursor = (
        collection.find(_with_cursor(query, request, ordering))
        .sort(ordering.sort)
        .limit(limit)
        .batch_size(limit + 1)
    )
    return _page(await cursor.to_list(), request, ordering)


async def fetch_pages(
    collection: AsyncCollection[Document],
    parent_field: str,
    parent_ids: list[ObjectId],
    query: Filter,
    request: PageRequest,
    ordering: Ordering = BY_ID,
) -> dict[ObjectId, Page]:
    """The same page of many lists (say, the first 20 pairs of each of 50 programs) in one
    command: the children of all parents in page order, cut to `first + 1` per parent by the
    server (`$group` with `$firstN`), so only what the pages show crosses the wire."""
    unique_ids = list(dict.fromkeys(parent_ids))
    if not unique_ids:
        return {}
    limit = request.first + 1
    match = _with_cursor({**query, parent_field: {"$in": unique_ids}}, request, ordering)
    pipeline: list[dict[str, Any]] = [
        {"$match": match},
        {"$sort": {parent_field: 1, **dict(ordering.sort)}},
        {
            "$group": {
                "_id": f"${parent_field}",
                "page": {"$firstN": {"n": limit, "input": "$$ROOT"}},
            }
        },
    ]
    grouped: dict[ObjectId, list[Document]] = {parent_id: [] for parent_id in unique_ids}
    # One batch larger than the largest possible result, so no getMore round trip follows.
    async with await collection.aggregate(pipeline, batchSize=len(unique_ids) + 1) as cursor:
        async for row in cursor:
            grouped[row["_id"]] = row["page"]
    return {
        parent_id: _page(documents, request, ordering) for parent_id, documents in grouped.items()
    }


async def count_by_parent(
    collection: AsyncCollection[Document],
    parent_field: str,
    parent_ids: list[ObjectId],
    query: Filter,
) -> dict[ObjectId, int]:
    """How many documents match `query` under each parent, in one command."""
    counts = dict.fromkeys(parent_ids, 0)
    pipeline = [
        {"$match": {**query, parent_field: {"$in": list(counts)}}},
        {"$group": {"_id": f"${parent_field}", "n": {"$sum": 1}}},
    ]
    async with await collection.aggregate(pipeline, batchSize=len(counts) + 1) as cursor:
        async for row in cursor:
            counts[row["_id"]] = row["n"]
    return counts


def _decode_cursor(cursor: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as error:
        raise InvalidCursorError("The cursor is not valid.") from error
    if not isinstance(values, list) or not values:
        raise InvalidCursorError("The cursor is not valid.")
    return values


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$date": value.astimezone(UTC).isoformat()}
    if isinstance(value, ObjectId):
        return {"$oid": str(value)}
    return value


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        try:
            if "$date" in value:
                return datetime.fromisoformat(value["$date"])
            if "$oid" in value:
                return ObjectId(value["$oid"])
        except (TypeError, ValueError) as error:
            raise InvalidCursorError("The cursor is not valid.") from error
        raise InvalidCursorError("The cursor is not valid.")
    return value
