"""Check-ins: the meetings a pair logs."""

from datetime import UTC, datetime

from services.graphql_api.domain.access import Actor
from services.graphql_api.domain.errors import DomainError, ErrorCode
from services.graphql_api.domain.goals import pair_for_work
from services.graphql_api.domain.inputs import CheckInLog
from shared.enums import PairStatus
from shared.models import CheckIn


async def log_check_in(*, actor: Actor, data: CheckInLog) -> CheckIn:
    """Record a meeting of an active pair, held between the pair's start and today."""
    pair = await pair_for_work(actor, data.pair_id)
    if pair.status != PairStatus.ACTIVE:
        raise DomainError.of(
            ErrorCode.PAIR_NOT_ACTIVE, "Check-ins are logged for active pairs.", "pair_id"
        )
    if data.held_on > datetime.now(UTC).date():
        raise DomainError.of(ErrorCode.INVALID, "A check-in cannot be in the future.", "held_on")
    if pair.starts_on and data.held_on < pair.starts_on:
        raise DomainError.of(
            ErrorCode.INVALID, "The check-in is before the pair started.", "held_on"
        )
    check_in = CheckIn(
        pair_id=pair.id,
        program_id=pair.program_id,
        logged_by_id=actor.participant_id,
        **data.model_dump(exclude={"pair_id"}),
    )
    return await check_in.insert()
