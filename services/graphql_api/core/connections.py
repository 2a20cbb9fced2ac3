"""Relay connections: `edges { cursor node }`, `pageInfo` and `totalCount`."""

from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

import strawberry

from services.graphql_api.pagination import Page

NodeT = TypeVar("NodeT")


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
