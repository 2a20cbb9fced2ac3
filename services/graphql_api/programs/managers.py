"""A program's managers as a connection: pages of the ids the program lists, in id order,
of those the viewer may see."""

from typing import TYPE_CHECKING

from bson import ObjectId

from services.graphql_api.context import Info
from services.graphql_api.core.connections import Connection, build_connection
from services.graphql_api.keyset import BY_ID
from services.graphql_api.loaders.by_id import ParticipantByIdLoader
from services.graphql_api.pagination import Page, PageRequest

if TYPE_CHECKING:
    from services.graphql_api.participants.types import Participant

MANAGERS = BY_ID.of_list("Program.managers")


async def managers_of(
    info: Info, manager_ids: list[ObjectId], first: int, after: str | None
) -> "Connection[Participant]":
    """A page of the program's managers. The ids are in the program already, so the page is
    cut from them; the people are loaded with every other program's managers at once."""
    from services.graphql_api.participants.types import Participant

    request = PageRequest(first=first, after=after)
    visible = await info.context.viewer.visible_participant_ids()
    shown = [{"_id": i} for i in dict.fromkeys(manager_ids) if visible is None or i in visible]
    cut = MANAGERS.after(after, shown)[: request.first + 1]
    people = await info.context.loaders.get(ParticipantByIdLoader).load_many(
        [entry["_id"] for entry in cut[: request.first]]
    )
    page = Page(
        documents=[person for person in people if person is not None],
        has_next_page=len(cut) > request.first,
        has_previous_page=after is not None,
        ordering=MANAGERS,
    )

    async def total() -> int:
        return len(shown)

    return build_connection(page, Participant.from_doc, total)
