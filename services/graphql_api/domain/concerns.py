"""Concerns a mentee raises about their mentoring: OPEN -> RESOLVED.

Only the pair's mentee raises one, while the pair is ACTIVE. The program's managers, admins
and the head of the mentee's department read it and resolve it with a note; the pair's mentor
never learns of it: to them a concern does not exist, also when they hold another role (see
`apprenticeship_access`). An open concern makes the pair unhealthy (`CONCERN_RAISED`).
"""

from beanie import PydanticObjectId

from services.graphql_api.domain.access import Actor
from services.graphql_api.domain.apprenticeship_access import sees_concern
from services.graphql_api.domain.errors import DomainError, ErrorCode, forbidden, not_found
from services.graphql_api.domain.inputs import ConcernRaise, ConcernResolve
from services.graphql_api.domain.persistence import get_or_fail, update_if_unchanged
from shared.enums import ConcernStatus, PairStatus
from shared.models import Concern, Pair, utc_now


async def raise_concern(*, actor: Actor, data: ConcernRaise) -> Concern:
    """The mentee raises a concern about the mentoring in their active pair."""
    pair = await get_or_fail(Pair, data.pair_id, what="Pair", field="pair_id")
    if not actor.is_self(pair.mentee_id):
        raise forbidden("Only the pair's mentee raises a concern about its mentoring.")
    if pair.status != PairStatus.ACTIVE:
        raise DomainError.of(
            ErrorCode.PAIR_NOT_ACTIVE, "Concerns are raised about active pairs only."
        )
    concern = Concern(
        pair_id=pair.id,
        program_id=pair.program_id,
        mentor_id=pair.mentor_id,
        mentee_id=pair.mentee_id,
        text=data.text,
    )
    return await concern.insert()


async def resolve_concern(
    *, actor: Actor, concern_id: PydanticObjectId, data: ConcernResolve
) -> Concern:
    """OPEN -> RESOLVED with a note, by the program's managers, an admin or the head of the
    mentee's department. Someone who may not read the concern is told it does not exist."""
    concern = await get_or_fail(Concern, concern_id, what="Concern")
    if not await sees_concern(actor, concern.model_dump(by_alias=True)):
        raise not_found("Concern")
    may_resolve = await actor.manages(concern.program_id) or await actor.heads_department_of(
        concern.mentee_id
    )
    if not may_resolve:
        raise forbidden(
            "Only the program's managers and the head of the mentee's department resolve concerns."
        )
    if concern.status != ConcernStatus.OPEN:
        raise DomainError.of(ErrorCode.INVALID_TRANSITION, "The concern is resolved already.")
    return await update_if_unchanged(
        concern,
        expected={"status": ConcernStatus.OPEN},
        changes={
            "status": ConcernStatus.RESOLVED,
            "resolved_by_id": PydanticObjectId(actor.participant_id)
            if actor.participant_id
            else None,
            "resolved_at": utc_now(),
            "resolution_note": data.note,
        },
    )
