"""The viewer: who is asking."""

import strawberry

from services.graphql_api.context import Info
from services.graphql_api.core.enums import ViewerRole
from services.graphql_api.participants.types import Participant
from services.graphql_api.visibility import visible_participant


@strawberry.type(description="The authenticated caller.")
class Viewer:
    roles: list[ViewerRole] = strawberry.field(description="Platform roles from the token.")

    @strawberry.field(description="The viewer's own participant record, if the token names one.")
    async def participant(self, info: Info) -> Participant | None:
        return await visible_participant(info, info.context.viewer.participant_id)
