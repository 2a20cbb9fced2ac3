"""Opaque global IDs for GraphQL: the encoding lives in `shared.global_ids`, which the survey
service reads too; here they become `strawberry.ID`s."""

import strawberry
from bson import ObjectId

from shared.global_ids import InvalidGlobalIdError, parse_global_id, parse_id_of
from shared.global_ids import to_global_id as encode_global_id

__all__ = ["InvalidGlobalIdError", "parse_global_id", "parse_id_of", "to_global_id"]


def to_global_id(type_name: str, object_id: ObjectId) -> strawberry.ID:
    return strawberry.ID(encode_global_id(type_name, object_id))
