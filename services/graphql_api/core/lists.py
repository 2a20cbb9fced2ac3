"""Connections over top-level lists and over lists under a parent object."""

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from bson import ObjectId
from pymongo.asynchronous.collection import AsyncCollection

from services.graphql_api.context import Info
from services.graphql_api.core.connections import Connection, build_connection
from services.graphql_api.filters import Visibility
from services.graphql_api.loaders.children import ChildListKey, ChildPagesLoader, Statuses, Where
from services.graphql_api.pagination import Ordering, Page, PageRequest, count, fetch_page

NodeT = TypeVar("NodeT")
Document = dict[str, Any]


async def child_connection(
    info: Info,
    loader_class: type[ChildPagesLoader],
    parent_id: ObjectId,
    first: int,
    after: str | None,
    statuses: Statuses,
    to_node: Callable[[Document], NodeT],
    where: Where = (),
) -> Connection[NodeT]:
    """A page of the visible items under `parent_id`, batched with its siblings' pages."""
    page, total = await child_page(info, loader_class, parent_id, first, after, statuses, where)
    return build_connection(page, to_node, total)


async def child_page(
    info: Info,
    loader_class: type[ChildPagesLoader],
    parent_id: ObjectId,
    first: int,
    after: str | None,
    statuses: Statuses = None,
    where: Where = (),
) -> tuple[Page, Callable[[], Awaitable[int]]]:
    """The page of raw documents under `parent_id`, and how to count the whole list."""
    loaders = info.context.loaders
    request = PageRequest(first=first, after=after)
    page = await loaders.get(loader_class).load(ChildListKey(parent_id, request, statuses, where))
    counter = loaders.get(loader_class.count_loader)
    return page, lambda: counter.load((parent_id, statuses, where))


async def root_connection(
    collection: AsyncCollection[Document],
    query: dict[str, Any],
    first: int,
    after: str | None,
    to_node: Callable[[Document], NodeT],
    ordering: Ordering,
    visibility: Visibility = None,
) -> Connection[NodeT]:
    """A page of the visible items of a top-level list matching `query`, in `ordering` (whose
    list name the cursors carry)."""
    request = PageRequest(first=first, after=after)
    page = await fetch_page(collection, query, request, ordering, visibility)

    async def total() -> int:
        return await count(collection, query, visibility)

    return build_connection(page, to_node, total)
