"""Mutual choice: a mentee asks a mentor of their program to mentor them.

The request is a PROPOSED pair requested by the mentee, who accepts it by asking; the mentor
accepts it (`pairAccept`: it starts) or declines it (`pairDecline`), and the mentee may
withdraw it the same way. Asking takes one of the mentor's places at once, like any proposed
pair, so a mentor never holds more requests and pairs than their capacity.

A mentee asks while they have no open pair or request in the program, and never a mentor
they are or were paired with there (one who declined them included). The program's
disqualifying rules apply (a shared language where required; a talent-reserve tutor must be
a manager above the member); its minimum score does not: the choice is the mentee's.
"""

from beanie import PydanticObjectId

from services.graphql_api.domain.access import Actor
from services.graphql_api.domain.errors import DomainError, ErrorCode, forbidden
from services.graphql_api.domain.matching_inputs import MentorshipRequest
from services.graphql_api.domain.matching_pool import assess_pair, pairings
from services.graphql_api.domain.pairs import insert_proposed, new_pair, require_member
from services.graphql_api.domain.persistence import get_or_fail
from shared.enums import PairOrigin, ProgramStatus, Role
from shared.models import Pair, Participant, Program, utc_now


async def request_mentorship(*, actor: Actor, data: MentorshipRequest) -> Pair:
    """The actor, an approved mentee of the program, asks an approved mentor of it."""
    if actor.participant_id is None:
        raise forbidden("Only a mentee of the program asks for a mentor.")
    program = await get_or_fail(Program, data.program_id, what="Program", field="program_id")
    mentee = await get_or_fail(Participant, PydanticObjectId(actor.participant_id), what="You")
    await require_member(program, mentee, Role.MENTEE, "program_id")
    if program.status != ProgramStatus.ACTIVE:
        raise DomainError.of(
            ErrorCode.PROGRAM_NOT_ACTIVE, "Pairs are formed in active programs only.", "program_id"
        )
    if data.mentor_id == mentee.id:
        raise DomainError.of(ErrorCode.SAME_PERSON, "You cannot mentor yourself.", "mentor_id")
    mentor = await get_or_fail(Participant, data.mentor_id, what="Mentor", field="mentor_id")
    await require_member(program, mentor, Role.MENTOR, "mentor_id")
    if not mentor.active:
        raise DomainError.of(
            ErrorCode.NOT_ELIGIBLE, f"{mentor.name} is not available to mentor.", "mentor_id"
        )
    assert program.id is not None and mentee.id is not None
    for earlier in await pairings([program.id], [mentee.id]):
        if earlier["mentor_id"] == mentor.id:
            raise DomainError.of(
                ErrorCode.PAIRED_BEFORE,
                f"You are or were paired with {mentor.name} in this program already.",
                "mentor_id",
            )
        if earlier["is_open"]:
            raise DomainError.of(
                ErrorCode.MENTEE_ALREADY_PAIRED,
                "You already have an open pair or request in this program.",
                "program_id",
            )
    match = assess_pair(mentor, mentee, program)
    if ruled_out := [reason for reason in match.reasons if reason.disqualifying]:
        raise DomainError.of(ErrorCode.NOT_ELIGIBLE, ruled_out[0].message + ".", "mentor_id")
    pair = new_pair(
        program,
        mentor,
        mentee,
        match,
        origin=PairOrigin.MENTEE_REQUEST,
        proposed_by_id=mentee.id,
        request_message=data.message,
        accepted_by_mentee_at=utc_now(),
        matched=True,
    )
    return await insert_proposed(pair, mentor)
