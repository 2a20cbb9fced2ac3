"""Whom the actor may see in private: a participant's e-mail and development needs."""

from collections.abc import Sequence

from bson import ObjectId

from services.graphql_api.loaders import IDS_PER_COMMAND
from services.graphql_api.loaders.base import RequestLoader
from shared.models import Enrollment


class PrivateAccessByParticipantLoader(RequestLoader[ObjectId, bool]):
    """Whether the actor may see each participant's e-mail and development needs: admins
    everyone's, everyone their own, program managers those of their programs' people."""

    keys_per_command = IDS_PER_COMMAND

    async def batch_load(self, keys: Sequence[ObjectId]) -> list[bool]:
        actor = self.actor
        if actor.is_admin:
            return [True] * len(keys)
        allowed = {pid for pid in keys if actor.is_self(pid)}
        enrollments = await actor.private_fields_enrollment_filter()
        if enrollments is not None:
            # participant_id first: its index yields a few enrollments per person, where the
            # managed programs' program_id yields every enrollment of those programs.
            allowed.update(
                await Enrollment.get_pymongo_collection().distinct(
                    "participant_id", {"participant_id": {"$in": list(keys)}, **enrollments}
                )
            )
        return [pid in allowed for pid in keys]
