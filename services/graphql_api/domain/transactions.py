"""Multi-document writes: all of them or none."""

from collections.abc import Awaitable, Callable
from typing import TypeVar

from pymongo.asynchronous.client_session import AsyncClientSession

from shared.models import Participant

T = TypeVar("T")


async def in_transaction(work: Callable[[AsyncClientSession], Awaitable[T]]) -> T:
    """Run `work` in a transaction, retried by the driver on transient conflicts; a
    `DomainError` raised inside aborts it and reaches the caller."""
    client = Participant.get_pymongo_collection().database.client
    async with client.start_session() as session:
        return await session.with_transaction(work)
