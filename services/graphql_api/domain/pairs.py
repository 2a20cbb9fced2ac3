"""Pairs: PROPOSED -> ACTIVE -> COMPLETED or ENDED_EARLY; PROPOSED -> DECLINED.

An apprenticeship's probation opens when the pair starts. It completes with the outcome its
probation settled (`shared.apprenticeship.probation`): PASSED_ON_TIME, NOT_PASSED, or EXTENDED
once an extended probation is confirmed. An accepted extension never closes the pair: it moves
the planned end and the pair stays ACTIVE (`domain.probation`).

A proposed pair starts once its mentor and its mentee have both accepted it (a mentee's
request is their acceptance), or when a program manager starts it with a reason.

A mentor's PROPOSED plus ACTIVE pairs never exceed their capacity, also when proposals arrive
at the same moment: the mentor's open-pair counter is raised by a conditional update in the
same transaction that inserts the pair, and lowered in the one that closes it.
"""

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from beanie import PydanticObjectId
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.errors import DuplicateKeyError

from services.graphql_api.domain.access import Actor
from services.graphql_api.domain.errors import DomainError, ErrorCode, Issue, forbidden
from services.graphql_api.domain.inputs import PairCompletion, PairCreate
from services.graphql_api.domain.matching_pool import assess_pair
from services.graphql_api.domain.persistence import (
    encode_for_storage,
    get_or_fail,
    update_if_unchanged,
)
from shared.apprenticeship.probation import APPRENTICESHIP_OUTCOMES, open_probation
from shared.db import in_transaction, update_and_read
from shared.enums import (
    MEMBER_STATUSES,
    PairOutcome,
    PairStatus,
    ProgramKind,
    ProgramStatus,
    Role,
)
from shared.matching import Compatibility
from shared.models import Enrollment, Pair, PairHealth, Participant, Program, utc_now
from shared.models.pairs import ForcedActivation


async def create_pair(*, actor: Actor, data: PairCreate) -> Pair:
    """Propose a pair in an ACTIVE program between two approved participants."""
    program = await get_or_fail(Program, data.program_id, what="Program", field="program_id")
    if not await actor.manages(program.id):
        raise forbidden("Only admins and this program's managers may propose pairs.")
    if program.status != ProgramStatus.ACTIVE:
        raise DomainError.of(
            ErrorCode.PROGRAM_NOT_ACTIVE, "Pairs are formed in active programs only.", "program_id"
        )
    if data.mentor_id == data.mentee_id:
        raise DomainError.of(
            ErrorCode.SAME_PERSON, "A mentor cannot mentor themselves.", "mentee_id"
        )
    mentor = await get_or_fail(Participant, data.mentor_id, what="Mentor", field="mentor_id")
    mentee = await get_or_fail(Participant, data.mentee_id, what="Mentee", field="mentee_id")
    await require_member(program, mentor, Role.MENTOR, "mentor_id")
    await require_member(program, mentee, Role.MENTEE, "mentee_id")
    match = assess_pair(mentor, mentee, program)
    pair = new_pair(program, mentor, mentee, match, proposed_by_id=actor.participant_id)
    return await insert_proposed(pair, mentor)


def new_pair(
    program: Program,
    mentor: Participant,
    mentee: Participant,
    match: Compatibility,
    **fields: Any,
) -> Pair:
    """A PROPOSED pair with its match assessment (the score to two decimals), planned to run
    the program's duration from today; `fields` says who proposed it and how."""
    return Pair(
        program_id=program.id,
        mentor_id=mentor.id,
        mentee_id=mentee.id,
        match_score=round(match.score, 2),
        match_reasons=[reason.message for reason in match.reasons],
        match_details=list(match.reasons),
        planned_end_on=_planned_end(program, datetime.now(UTC).date()),
        **fields,
    )


async def insert_proposed(
    pair: Pair,
    mentor: Participant,
    *,
    also: Callable[[AsyncClientSession], Awaitable[None]] | None = None,
) -> Pair:
    """Insert a PROPOSED pair, reserving one of the mentor's places in the same transaction
    (and doing `also` in it). Refused with CAPACITY_EXCEEDED when no place is free, DUPLICATE
    when the two already have an open pair in the program, MENTEE_ALREADY_PAIRED when a pair
    formed by matching meets the mentee's other one."""

    async def propose(session: AsyncClientSession) -> Pair:
        await _reserve_mentor_slot(mentor, session)
        try:
            await pair.insert(session=session)
        except DuplicateKeyError as error:
            if "open_matched_mentee_unique" in str(error):
                raise DomainError.of(
                    ErrorCode.MENTEE_ALREADY_PAIRED,
                    "The mentee already has an open pair from matching in this program.",
                    "mentee_id",
                ) from None
            raise DomainError.of(
                ErrorCode.DUPLICATE,
                "These two already have an open pair in this program.",
                "mentee_id",
            ) from None
        if also is not None:
            await also(session)
        return pair

    return await in_transaction(propose)


async def accept_pair(*, actor: Actor, pair_id: PydanticObjectId) -> Pair:
    """The mentor or the mentee accepts a PROPOSED pair; once both have (a mentee's request
    is their acceptance) it becomes ACTIVE and the clock starts. Accepting twice changes
    nothing. Program managers outside the pair start it with `activate_pair` instead.

    Each acceptance is one atomic update that returns the pair as it then stands, so when
    both sides accept at once exactly one of them sees both acceptances and starts it."""
    pair = await _pair_for(actor, pair_id, participants_may=True)
    side = _side(actor, pair)
    if side is None:
        raise forbidden(
            "Only the pair's mentor and mentee accept it; a program manager starts it without "
            "their acceptance with `pairActivate` and a reason."
        )
    _require(pair, PairStatus.PROPOSED, PairStatus.ACTIVE)
    program = await _active_program(pair)
    pairs = Pair.get_pymongo_collection()
    accepted, now = f"accepted_by_{side}_at", utc_now()
    stored = await update_and_read(
        pairs,
        {"_id": pair.id, "status": PairStatus.PROPOSED.value, accepted: None},
        {"$set": {accepted: now, "updated_at": now}},
    )
    if stored is None:  # accepted before, or no longer proposed
        current = await get_or_fail(Pair, pair_id, what="Pair")
        _require(current, PairStatus.PROPOSED, PairStatus.ACTIVE)
        return current
    if stored.get("accepted_by_mentor_at") and stored.get("accepted_by_mentee_at"):
        started = await update_and_read(
            pairs,
            {
                "_id": pair.id,
                "status": PairStatus.PROPOSED.value,
                "accepted_by_mentor_at": {"$ne": None},
                "accepted_by_mentee_at": {"$ne": None},
            },
            {"$set": encode_for_storage({**_start(program), "updated_at": utc_now()})},
        )
        stored = started or await pairs.find_one({"_id": pair.id})
    return Pair.model_validate(stored)


async def activate_pair(*, actor: Actor, pair_id: PydanticObjectId, reason: str) -> Pair:
    """PROPOSED -> ACTIVE by the program's managers without both sides' acceptance, with a
    reason kept on the pair with who started it and when."""
    pair = await get_or_fail(Pair, pair_id, what="Pair")
    if not await actor.manages(pair.program_id):
        raise forbidden("Only admins and this program's managers start a pair this way.")
    _require(pair, PairStatus.PROPOSED, PairStatus.ACTIVE)
    program = await _active_program(pair)
    forced = ForcedActivation(by_id=actor.participant_id, at=utc_now(), reason=reason)
    return await update_if_unchanged(
        pair,
        expected={"status": PairStatus.PROPOSED},
        changes={**_start(program), "forced_activation": forced},
    )


def _side(actor: Actor, pair: Pair) -> str | None:
    if actor.is_self(pair.mentor_id):
        return "mentor"
    return "mentee" if actor.is_self(pair.mentee_id) else None


async def _active_program(pair: Pair) -> Program:
    program = await get_or_fail(Program, pair.program_id, what="Program")
    if program.status != ProgramStatus.ACTIVE:
        raise DomainError.of(ErrorCode.PROGRAM_NOT_ACTIVE, "The program is not active.")
    return program


def _start(program: Program) -> dict[str, object]:
    """What starting a pair today sets: the dates and, for an apprenticeship, its probation."""
    today = datetime.now(UTC).date()
    changes: dict[str, object] = {
        "status": PairStatus.ACTIVE,
        "starts_on": today,
        "planned_end_on": _planned_end(program, today),
    }
    if program.kind == ProgramKind.APPRENTICESHIP:
        changes["probation"] = open_probation(today, program.probation_months)
    return changes


async def decline_pair(*, actor: Actor, pair_id: PydanticObjectId, reason: str) -> Pair:
    pair = await _pair_for(actor, pair_id, participants_may=True)
    _require(pair, PairStatus.PROPOSED, PairStatus.DECLINED)
    return await _close(pair, PairStatus.DECLINED, end_reason=reason)


async def complete_pair(*, actor: Actor, pair_id: PydanticObjectId, data: PairCompletion) -> Pair:
    """ACTIVE -> COMPLETED with an outcome: the goals' for most programs; for an
    apprenticeship, the one its probation settled."""
    pair = await _pair_for(actor, pair_id, participants_may=False)
    _require(pair, PairStatus.ACTIVE, PairStatus.COMPLETED)
    program = await get_or_fail(Program, pair.program_id, what="Program")
    if program.kind == ProgramKind.APPRENTICESHIP:
        outcome = _settled_outcome(pair, data.outcome)
    elif data.outcome is None or data.outcome in APPRENTICESHIP_OUTCOMES:
        allowed = sorted(set(PairOutcome) - APPRENTICESHIP_OUTCOMES)
        raise DomainError.of(
            ErrorCode.INVALID,
            "Outcome must be one of " + ", ".join(allowed) + " for this program.",
            "outcome",
        )
    else:
        outcome = data.outcome
    return await _close(pair, PairStatus.COMPLETED, outcome=outcome, end_reason=data.note)


def _settled_outcome(pair: Pair, asked: PairOutcome | None) -> PairOutcome:
    """The outcome an apprenticeship's probation settled; refused while it is not settled,
    and when the outcome asked for is another."""
    probation = pair.probation
    if probation is None or probation.outcome is None or probation.settled_on is None:
        until = f" (extended to {probation.ends_on})" if probation and probation.outcome else ""
        raise DomainError.of(
            ErrorCode.INVALID_TRANSITION,
            f"The apprentice's probation{until} is not settled: record the qualification exam "
            "and the mentor's recommendation first.",
        )
    if asked is not None and asked != probation.outcome:
        raise DomainError.of(
            ErrorCode.INVALID,
            f"The probation settled as {probation.outcome}; the pair completes with it.",
            "outcome",
        )
    return probation.outcome


async def end_pair(*, actor: Actor, pair_id: PydanticObjectId, reason: str) -> Pair:
    """ACTIVE -> ENDED_EARLY; either side or a manager may end it, with a reason."""
    pair = await _pair_for(actor, pair_id, participants_may=True)
    _require(pair, PairStatus.ACTIVE, PairStatus.ENDED_EARLY)
    if not reason:
        raise DomainError.of(ErrorCode.INVALID, "Say why the pair ends early.", "reason")
    return await _close(pair, PairStatus.ENDED_EARLY, end_reason=reason)


async def _close(
    pair: Pair, target: PairStatus, *, end_reason: str, outcome: PairOutcome | None = None
) -> Pair:
    changes: dict[str, object] = {"status": target, "is_open": False, "end_reason": end_reason}
    if target != PairStatus.DECLINED:
        changes["ended_on"] = datetime.now(UTC).date()
    if outcome is not None:
        changes["outcome"] = outcome

    async def close(session: AsyncClientSession) -> Pair:
        await update_if_unchanged(
            pair, expected={"status": pair.status}, changes=changes, session=session
        )
        await Participant.get_pymongo_collection().update_one(
            {"_id": pair.mentor_id, "open_mentor_pairs": {"$gt": 0}},
            {"$inc": {"open_mentor_pairs": -1}},
            session=session,
        )
        # Health describes active pairs: an ended pair leaves the lists of pairs at risk.
        await PairHealth.get_pymongo_collection().delete_one({"pair_id": pair.id}, session=session)
        return pair

    return await in_transaction(close)


async def _reserve_mentor_slot(mentor: Participant, session: AsyncClientSession) -> None:
    """Take one of the mentor's places, if one is free. The condition is flat (a `$expr`
    comparing two fields reads every participant on the embedded server): the capacity as
    read, and fewer open pairs than it; a capacity changed meanwhile is read again once."""
    participants = Participant.get_pymongo_collection()
    capacity = mentor.mentor_capacity
    for _ in range(2):
        reserved = await participants.update_one(
            {
                "_id": mentor.id,
                "mentor_capacity": capacity,
                "open_mentor_pairs": {"$lt": capacity},
            },
            {"$inc": {"open_mentor_pairs": 1}},
            session=session,
        )
        if reserved.modified_count == 1:
            return
        current = await participants.find_one(
            {"_id": mentor.id}, {"mentor_capacity": 1}, session=session
        )
        if current is None or current.get("mentor_capacity", 0) == capacity:
            break
        capacity = current.get("mentor_capacity", 0)
    raise DomainError.of(
        ErrorCode.CAPACITY_EXCEEDED,
        f"{mentor.name} already mentors as many pairs as their capacity ({capacity}) allows.",
        "mentor_id",
    )


async def require_member(
    program: Program, participant: Participant, role: Role, field: str
) -> None:
    """Refused with NOT_ENROLLED unless the participant is an approved member in `role`."""
    enrollment = await Enrollment.find_one(
        {
            "program_id": program.id,
            "participant_id": participant.id,
            "role": role.value,
            # Talent-reserve members are stored PUBLISHED once announced.
            "status": {"$in": [status.value for status in MEMBER_STATUSES]},
        }
    )
    if enrollment is None:
        raise DomainError(
            Issue(
                ErrorCode.NOT_ENROLLED,
                f"{participant.name} has no approved {role.lower()} enrollment in this program.",
                (field,),
            )
        )


async def _pair_for(actor: Actor, pair_id: PydanticObjectId, *, participants_may: bool) -> Pair:
    pair = await get_or_fail(Pair, pair_id, what="Pair")
    if await actor.manages(pair.program_id):
        return pair
    if participants_may and (actor.is_self(pair.mentor_id) or actor.is_self(pair.mentee_id)):
        return pair
    raise forbidden("Only this pair's mentor, mentee or program managers may do this.")


def _require(pair: Pair, source: PairStatus, target: PairStatus) -> None:
    if pair.status != source:
        raise DomainError.of(
            ErrorCode.INVALID_TRANSITION,
            f"Only a {source} pair can become {target}; this one is {pair.status}.",
        )


def _planned_end(program: Program, start: date) -> date:
    planned = start + timedelta(days=round(program.duration_months * 30.44))
    return min(planned, program.ends_on) if program.ends_on else planned
