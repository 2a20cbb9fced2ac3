"""Relay connections: `edges { cursor node }`, `pageInfo` and `totalCount`."""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from bson import ObjectId

from services.graphql_api.keyset import Ordering
from services.graphql_api.pagination import Page, PageRequest

NodeT = TypeVar("NodeT")

# The arguments of every connection field.
First = Annotated[int, strawberry.argument(description="How many items to return: from 0 to 100.")]
After = Annotated[
    str | None,
    strawberry.argument(
        description="Return the items after this cursor: the `pageInfo.endCursor` of the "
        "previous page of the same list in the same order; null for the first page."
    ),
]


@strawberry.type(description="Where a page sits in its list, for fetching the next one.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page.")
    has_previous_page: bool = strawberry.field(
        description="Items precede this page (true when the page was asked for `after` a cursor)."
    )
    start_cursor: str | None = strawberry.field(description="Cursor of the first item.")
    end_cursor: str | None = strawberry.field(
        description="Cursor of the last item: pass it as `after` for the next page."
    )


@strawberry.type(description="An item of a list, with the cursor that points at it.")
class Edge(Generic[NodeT]):
    cursor: str = strawberry.field(description="Opaque position of this item in the list.")
    node: NodeT = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list, keyset-paginated: stable across inserts.")
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="How to fetch the next page.")
    _count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many items the whole list holds (all pages).")
    async def total_count(self) -> int:
        return await self._count()


def build_connection(
    page: Page,
    to_node: Callable[[dict[str, Any]], NodeT],
    count: Callable[[], Awaitable[int]],
) -> Connection[NodeT]:
    """A connection over a page of raw documents, turned into nodes with `to_node`."""
    edges = [Edge(cursor=page.cursor(doc), node=to_node(doc)) for doc in page.documents]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        _count=count,
    )


def connection_of_list(
    items: list[NodeT], first: int, after: str | None, list_name: str, owner_id: ObjectId
) -> Connection[NodeT]:
    """A page of a list held in memory, in its own order (say, the comments of a released
    round, stored shuffled): a cursor holds the position, and the owner's id."""
    request = PageRequest(first=first, after=after)
    ordering = Ordering(field="position", list_name=list_name)
    entries = [{"_id": owner_id, "position": n} for n in range(len(items))]
    following = ordering.after(after, entries)[: request.first + 1]
    page = Page(
        documents=following[: request.first],
        has_next_page=len(following) > request.first,
        has_previous_page=after is not None,
        ordering=ordering,
    )

    async def total() -> int:
        return len(items)

    return build_connection(page, lambda entry: items[entry["position"]], total)
