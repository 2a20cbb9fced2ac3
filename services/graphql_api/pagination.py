"""Keyset pagination: pages of one list, and pages of many lists at once.

A page is ordered by `_id` (creation order) or by one field then `_id` (see `keyset`). A cursor
holds the sort values of the last item seen, so pages stay stable when objects are inserted or
deleted.

Every filter sent is flat (see `filters`): the caller's query, one branch of the viewer's
visibility and the cursor's condition AND-ed field by field. A visibility of several branches
costs one command per branch; their pages are merged here, in the list's order.
"""

import heapq
from dataclasses import dataclass
from typing import Any

from bson import ObjectId
from pymongo.asynchronous.collection import AsyncCollection

from services.graphql_api.filters import Visibility, all_of
from services.graphql_api.keyset import BY_ID, InvalidCursorError, Ordering

__all__ = [
    "BY_ID",
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "InvalidCursorError",
    "InvalidPageSizeError",
    "Ordering",
    "Page",
    "PageRequest",
    "count",
    "count_by_parent",
    "fetch_page",
    "fetch_pages",
]

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

Document = dict[str, Any]
Filter = dict[str, Any]


class InvalidPageSizeError(ValueError):
    """`first` outside 0..100."""


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


def _filters(
    query: Filter,
    visibility: Visibility,
    after: str | None,
    ordering: Ordering,
    lead: tuple[str, ...] = (),
) -> list[Filter]:
    """The flat filters whose results together are the list after `after`: one per
    visibility branch and cursor branch, those that can match nothing left out."""
    cursor = ordering.after_branches(after) if after is not None else [{}]
    found = []
    for branch in visibility if visibility is not None else [{}]:
        for condition in cursor:
            flat = all_of(query, branch, condition, lead=lead)
            if flat is not None:
                found.append(flat)
    return found


def _merged(parts: list[list[Document]], ordering: Ordering, limit: int) -> list[Document]:
    """The first `limit` documents of several sorted lists, in the list's order."""
    if len(parts) == 1:
        return parts[0][:limit]
    merged = heapq.merge(*parts, key=ordering.key, reverse=ordering.direction == -1)
    return list(dict((d["_id"], d) for d in merged).values())[:limit]


def _walks_id_index(flat: Filter, ordering: Ordering) -> bool:
    """A page of the whole collection (or an `_id` range of it) in `_id` order: walking
    the `_id` index spares the embedded server a sort of the whole collection (MongoDB's
    own plan for it)."""
    condition = flat.get("_id", {})
    return (
        ordering.field is None
        and set(flat) <= {"_id"}
        and isinstance(condition, dict)
        and set(condition) <= {"$gt", "$lt"}
    )


async def fetch_page(
    collection: AsyncCollection[Document],
    query: Filter,
    request: PageRequest,
    ordering: Ordering = BY_ID,
    visibility: Visibility = None,
) -> Page:
    """One page of `query`, fetching one extra document to know whether more follow."""
    limit = request.first + 1
    parts = []
    for flat in _filters(query, visibility, request.after, ordering):
        cursor = collection.find(flat).sort(ordering.sort).limit(limit).batch_size(limit + 1)
        if _walks_id_index(flat, ordering):
            cursor = cursor.hint([("_id", 1)])
        parts.append(await cursor.to_list())
    return _page(_merged(parts, ordering, limit), request, ordering)


async def count(
    collection: AsyncCollection[Document], query: Filter, visibility: Visibility = None
) -> int:
    """How many documents `query` matches among the visible ones."""
    total = 0
    for flat in _filters(query, visibility, None, BY_ID):
        if flat:
            total += await collection.count_documents(flat)
        else:
            # The whole collection: `count` reads no document, where count_documents({})
            # is an aggregation that decodes every one of them.
            total += await collection.estimated_document_count()
    return total


async def fetch_pages(
    collection: AsyncCollection[Document],
    parent_field: str,
    parent_ids: list[ObjectId],
    query: Filter,
    request: PageRequest,
    ordering: Ordering = BY_ID,
    visibility: Visibility = None,
) -> dict[ObjectId, Page]:
    """The same page of many lists (say, the first 20 pairs of each of 50 programs) in one
    command per visibility branch: the children of all parents in page order, cut to
    `first + 1` per parent by the server (`$group` with `$firstN`), so only what the pages
    show crosses the wire. The parent field leads the filter: its index is the one to use."""
    unique_ids = list(dict.fromkeys(parent_ids))
    if not unique_ids:
        return {}
    limit = request.first + 1
    parents = {parent_field: {"$in": unique_ids}}
    grouped: dict[ObjectId, list[list[Document]]] = {parent_id: [] for parent_id in unique_ids}
    for match in _filters(
        {**parents, **query}, visibility, request.after, ordering, lead=(parent_field,)
    ):
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
        # One batch larger than the largest possible result, so no getMore round trip follows.
        async with await collection.aggregate(pipeline, batchSize=len(unique_ids) + 1) as cursor:
            async for row in cursor:
                grouped[row["_id"]].append(row["page"])
    return {
        parent_id: _page(_merged(parts or [[]], ordering, limit), request, ordering)
        for parent_id, parts in grouped.items()
    }


async def count_by_parent(
    collection: AsyncCollection[Document],
    parent_field: str,
    parent_ids: list[ObjectId],
    query: Filter,
    visibility: Visibility = None,
) -> dict[ObjectId, int]:
    """How many documents match `query` under each parent, in one command per branch."""
    counts = dict.fromkeys(parent_ids, 0)
    parents = {parent_field: {"$in": list(counts)}}
    for match in _filters({**parents, **query}, visibility, None, BY_ID, lead=(parent_field,)):
        pipeline = [
            {"$match": match},
            {"$group": {"_id": f"${parent_field}", "n": {"$sum": 1}}},
        ]
        async with await collection.aggregate(pipeline, batchSize=len(counts) + 1) as cursor:
            async for row in cursor:
                counts[row["_id"]] += row["n"]
    return counts
