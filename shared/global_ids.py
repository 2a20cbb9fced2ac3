"""Opaque global IDs, the ones the GraphQL API hands to frontends: the type name and the
database id, `Type:objectid`, base64url-encoded without padding.

Both services read them: the GraphQL API for every `ID`, the survey service's REST API
wherever it takes a database id, so a frontend may pass either form.
"""

import base64
import binascii
import re
from enum import StrEnum

from bson import ObjectId
from bson.errors import InvalidId

RAW_ID = re.compile(r"^[0-9a-f]{24}$")


class NodeType(StrEnum):
    """The type names global IDs carry."""

    CHECK_IN = "CheckIn"
    ENROLLMENT = "Enrollment"
    GOAL = "Goal"
    INVITATION = "Invitation"
    PAIR = "Pair"
    PARTICIPANT = "Participant"
    PROGRAM = "Program"
    SURVEY_ROUND = "SurveyRound"


class InvalidGlobalIdError(ValueError):
    """The ID is malformed or names another type. The message is safe to show."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def to_global_id(type_name: str, object_id: ObjectId) -> str:
    """The global ID of the `type_name` object with database id `object_id`."""
    raw = f"{type_name}:{object_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


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


def database_id(value: str, type_name: str, field: str | None = None) -> ObjectId:
    """The database id behind `value`: a raw database id (24 lower-case hex digits), or the
    global ID of a `type_name`. Anything else raises `InvalidGlobalIdError`."""
    if RAW_ID.match(value):
        return ObjectId(value)
    return parse_id_of(value, type_name, field)
