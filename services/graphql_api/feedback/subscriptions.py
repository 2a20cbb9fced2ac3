"""`feedbackReceived`: a live feed of arriving feedback for a program's managers."""

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated

import strawberry

from services.graphql_api.context import Info
from services.graphql_api.core.enums import Role
from services.graphql_api.core.errors import ForbiddenError
from services.graphql_api.core.ids import parse_id_of, to_global_id
from shared.models import FeedbackNotice


@strawberry.type(description="Feedback arrived: which pair and which side (never the answers).")
class FeedbackReceived:
    program_id: strawberry.ID = strawberry.field(description="The program.")
    pair_id: strawberry.ID = strawberry.field(description="The pair the feedback is about.")
    role: Role = strawberry.field(description="Who answered: the mentor or the mentee.")
    received_at: datetime = strawberry.field(description="When it was submitted (UTC).")


@strawberry.type(description="Live updates, over graphql-transport-ws.")
class Subscription:
    @strawberry.subscription(
        description="Each response of the program's surveys once it counts in the program's "
        "figures; for admins and the program's managers. Authenticate with "
        '`{"Authorization": "Bearer <token>"}` in the `connection_init` payload.'
    )
    async def feedback_received(
        self,
        info: Info,
        program_id: Annotated[
            strawberry.ID, strawberry.argument(description="The program to follow.")
        ],
    ) -> AsyncGenerator[FeedbackReceived, None]:
        program = parse_id_of(program_id, "Program")
        if not await info.context.viewer.manages(program):
            raise ForbiddenError("Only admins and this program's managers follow its feedback.")
        pipeline = [{"$match": {"operationType": "insert", "fullDocument.program_id": program}}]
        collection = FeedbackNotice.get_pymongo_collection()
        async with await collection.watch(pipeline) as stream:
            async for change in stream:
                event = change["fullDocument"]
                yield FeedbackReceived(
                    program_id=program_id,
                    pair_id=to_global_id("Pair", event["pair_id"]),
                    role=event["role"],
                    received_at=event["received_at"],
                )
