"""Opaque global IDs: the type name and the database id, base64url-encoded."""

import base64
import binascii

import strawberry
from bson import ObjectId
from bson.errors import InvalidId


class InvalidGlobalIdError(ValueError):
    """The ID is malformed or names another type. The message is safe to show."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def to_global_id(type_name: str, object_id: ObjectId) -> strawberry.ID:
    raw = f"{type_name}:{object_id}".encode()
    return strawberry.ID(base64.urlsafe_b64encode(raw).decode().rstrip("="))


def parse_global_id(global_id: str, field: str | None = None) -> tuple[str, ObjectId]:
    """The type name and database id inside a global ID (`field`: the input that held it)."""
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        type_name, _, raw_id = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
        return type_name, ObjectId(raw_id)
    except (binascii.Error, UnicodeDecodeError, InvalidId, ValueError, TypeError):
        raise InvalidGlobalIdError(f"“{global_id}” is not a valid ID.", field) from None


def parse_id_of(global_id: str, type_name: str, field: str | None = None) -> ObjectId:
    """The database id of a global ID that must name `type_name`."""
    found_type, object_id = parse_global_id(global_id, field)
    if found_type != type_name:
        raise InvalidGlobalIdError(f"“{global_id}” is not the ID of a {type_name}.", field)
    return object_id
