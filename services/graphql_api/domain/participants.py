"""Participants: the directory of employees, kept by admins and, for their own profile, by
the participants themselves."""

from beanie import PydanticObjectId
from pymongo.errors import DuplicateKeyError

from services.graphql_api.domain.access import Actor
from services.graphql_api.domain.errors import DomainError, ErrorCode, forbidden
from services.graphql_api.domain.inputs import ParticipantCreate, ParticipantFields
from services.graphql_api.domain.persistence import get_or_fail
from shared.models import Participant

# What people may change about themselves; the rest is HR data kept by admins.
SELF_SERVICE_FIELDS = frozenset(
    {"name", "title", "skills", "development_needs", "interests", "languages", "mentor_capacity"}
)


async def create_participant(*, actor: Actor, data: ParticipantCreate) -> Participant:
    if not (actor.is_admin or actor.is_program_manager):
        raise forbidden("Only admins and program managers add participants.")
    fields = data.model_dump(exclude_none=True)
    fields["email"] = str(data.email).lower()
    participant = Participant(**fields, name_key=data.name.casefold())
    try:
        return await participant.insert()
    except DuplicateKeyError:
        raise _duplicate_email(fields["email"]) from None


async def update_participant(
    *, actor: Actor, participant_id: PydanticObjectId, data: ParticipantFields
) -> Participant:
    participant = await get_or_fail(Participant, participant_id, what="Participant")
    changes = data.model_dump(exclude_none=True)
    if not actor.is_admin:
        if not actor.is_self(participant.id):
            raise forbidden("You may only change your own profile.")
        refused = sorted(set(changes) - SELF_SERVICE_FIELDS)
        if refused:
            raise DomainError.of(
                ErrorCode.FORBIDDEN, "Only an admin may change this field.", refused[0]
            )
    if "email" in changes:
        changes["email"] = str(changes["email"]).lower()
    if "name" in changes:
        changes["name_key"] = changes["name"].casefold()
    for name, value in changes.items():
        setattr(participant, name, value)
    try:
        await participant.save()
    except DuplicateKeyError:
        raise _duplicate_email(participant.email) from None
    return participant


def _duplicate_email(email: str) -> DomainError:
    return DomainError.of(
        ErrorCode.DUPLICATE, f"Someone is already registered with {email}.", "email"
    )
