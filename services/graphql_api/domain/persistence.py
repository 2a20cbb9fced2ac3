"""Reading the documents an operation acts on, and writing them back only if unchanged."""

from typing import Any, TypeVar

from beanie import PydanticObjectId
from beanie.odm.utils.encoder import Encoder
from pymongo.asynchronous.client_session import AsyncClientSession

from services.graphql_api.domain.errors import DomainError, ErrorCode, not_found
from shared.models import TimestampedDocument, utc_now

D = TypeVar("D", bound=TimestampedDocument)


async def get_or_fail(
    model: type[D],
    document_id: PydanticObjectId,
    *,
    what: str,
    field: str = "id",
    session: AsyncClientSession | None = None,
) -> D:
    document = await model.get(document_id, session=session)
    if document is None:
        raise not_found(what, field)
    return document


async def update_if_unchanged(
    document: D,
    *,
    expected: dict[str, Any],
    changes: dict[str, Any],
    push: dict[str, Any] | None = None,
    session: AsyncClientSession | None = None,
) -> D:
    """Apply `changes` only if the stored document still matches `expected` (its state as read),
    so two concurrent transitions cannot both succeed; the loser gets CONFLICT."""
    now = utc_now()
    update: dict[str, Any] = {"$set": {**encode_for_storage(changes), "updated_at": now}}
    if push:
        update["$push"] = encode_for_storage(push)
    result = (
        await type(document)
        .get_pymongo_collection()
        .update_one({"_id": document.id, **encode_for_storage(expected)}, update, session=session)
    )
    if result.matched_count != 1:
        raise DomainError.of(ErrorCode.CONFLICT, "It changed meanwhile; reload and try again.")
    for name, value in changes.items():
        setattr(document, name, value)
    document.updated_at = now
    return document


def encode_for_storage(values: Any) -> Any:
    """Values as Beanie stores them: enums as strings, dates as datetimes, models as dicts."""
    return Encoder().encode(values)
