"""The Relay `Node` interface, and the visible-or-null loading every relation goes through."""

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry
from bson import ObjectId
from strawberry.dataloader import DataLoader

T = TypeVar("T")
Document = dict[str, Any]


@strawberry.interface(description="An object with a global ID, fetchable with `node(id:)`.")
class Node:
    id: strawberry.ID = strawberry.field(description="Opaque, globally unique ID.")


async def load_visible(
    loader: DataLoader[ObjectId, Document | None],
    object_id: ObjectId | None,
    sees: Callable[[Document], Awaitable[bool]],
    to_node: Callable[[Document], T],
) -> T | None:
    """The object, or None when it is missing or the viewer may not see it."""
    if object_id is None:
        return None
    document = await loader.load(object_id)
    if document is None or not await sees(document):
        return None
    return to_node(document)
