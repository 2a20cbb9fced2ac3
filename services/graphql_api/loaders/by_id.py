"""Loaders of single documents by their id, for the collections the GraphQL API owns."""

from collections.abc import Sequence
from typing import ClassVar

from beanie import Document as BeanieDocument
from bson import ObjectId

from services.graphql_api.loaders import IDS_PER_COMMAND
from services.graphql_api.loaders.base import Document, RequestLoader
from shared.models import CheckIn, Enrollment, Goal, Pair, Participant, Program


class DocumentByIdLoader(RequestLoader[ObjectId, Document | None]):
    """Documents of `model`'s collection by id (None where missing), one `find` per batch."""

    model: ClassVar[type[BeanieDocument]]
    keys_per_command = IDS_PER_COMMAND

    async def batch_load(self, keys: Sequence[ObjectId]) -> list[Document | None]:
        unique = list(dict.fromkeys(keys))
        collection = self.model.get_pymongo_collection()
        cursor = collection.find({"_id": {"$in": unique}}).batch_size(len(unique) + 1)
        found = {doc["_id"]: doc async for doc in cursor}
        return [found.get(object_id) for object_id in keys]


class ParticipantByIdLoader(DocumentByIdLoader):
    """Participants by id."""

    model = Participant


class ProgramByIdLoader(DocumentByIdLoader):
    """Programs by id."""

    model = Program


class EnrollmentByIdLoader(DocumentByIdLoader):
    """Enrollments by id."""

    model = Enrollment


class PairByIdLoader(DocumentByIdLoader):
    """Pairs by id."""

    model = Pair


class GoalByIdLoader(DocumentByIdLoader):
    """Goals by id."""

    model = Goal


class CheckInByIdLoader(DocumentByIdLoader):
    """Check-ins by id."""

    model = CheckIn
