"""Pairs: PROPOSED -> ACTIVE -> COMPLETED or ENDED_EARLY; PROPOSED -> DECLINED.

A mentor's PROPOSED plus ACTIVE pairs never exceed their capacity, also when proposals arrive
at the same moment: the mentor's open-pair counter is raised by a conditional update in the
same transaction that inserts the pair, and lowered in the one that closes it.
"""

from datetime import UTC, date, datetime, timedelta

from beanie import PydanticObjectId
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.errors import DuplicateKeyError

from services.graphql_api.domain.access import Actor
from services.graphql_api.domain.errors import DomainError, ErrorCode, Issue, forbidden
from services.graphql_api.domain.inputs import PairCompletion, PairCreate
from services.graphql_api.domain.persistence import get_or_fail, update_if_unchanged
from shared.db import in_transaction
from shared.enums import EnrollmentStatus, PairOutcome, PairStatus, ProgramKind, ProgramStatus, Role
from shared.matching import assess_match
from shared.models import Enrollment, Pair, PairHealth, Participant, Program

APPRENTICESHIP_OUTCOMES = frozenset(
    {PairOutcome.PASSED_ON_TIME, PairOutcome.EXTENDED, PairOutcome.NOT_PASSED}
)


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
    await _require_approved(program, mentor, Role.MENTOR, "mentor_id")
    await _require_approved(program, mentee, Role.MENTEE, "mentee_id")
    match = assess_match(mentor, mentee)
    today = datetime.now(UTC).date()
    pair = Pair(
        program_id=program.id,
        mentor_id=mentor.id,
        mentee_id=mentee.id,
        match_score=match.score,
        match_reasons=match.reasons,
        planned_end_on=_planned_end(program, today),
    )

    async def propose(session: AsyncClientSession) -> Pair:
        await _reserve_mentor_slot(mentor, session)
        try:
            await pair.insert(session=session)
        except DuplicateKeyError:
            raise DomainError.of(
                ErrorCode.DUPLICATE,
                "These two already have an open pair in this program.",
                "mentee_id",
            ) from None
        return pair

    return await in_transaction(propose)


async def accept_pair(*, actor: Actor, pair_id: PydanticObjectId) -> Pair:
    """PROPOSED -> ACTIVE, by either side (mutual choice) or a manager; the clock starts."""
    pair = await _pair_for(actor, pair_id, participants_may=True)
    _require(pair, PairStatus.PROPOSED, PairStatus.ACTIVE)
    program = await get_or_fail(Program, pair.program_id, what="Program")
    if program.status != ProgramStatus.ACTIVE:
        raise DomainError.of(ErrorCode.PROGRAM_NOT_ACTIVE, "The program is not active.")
    today = datetime.now(UTC).date()
    return await update_if_unchanged(
        pair,
        expected={"status": PairStatus.PROPOSED},
        changes={
            "status": PairStatus.ACTIVE,
            "starts_on": today,
            "planned_end_on": _planned_end(program, today),
        },
    )


async def decline_pair(*, actor: Actor, pair_id: PydanticObjectId, reason: str) -> Pair:
    pair = await _pair_for(actor, pair_id, participants_may=True)
    _require(pair, PairStatus.PROPOSED, PairStatus.DECLINED)
    return await _close(pair, PairStatus.DECLINED, end_reason=reason)


async def complete_pair(*, actor: Actor, pair_id: PydanticObjectId, data: PairCompletion) -> Pair:
    """ACTIVE -> COMPLETED with an outcome; apprenticeships record the exam outcome."""
    pair = await _pair_for(actor, pair_id, participants_may=False)
    _require(pair, PairStatus.ACTIVE, PairStatus.COMPLETED)
    program = await get_or_fail(Program, pair.program_id, what="Program")
    is_apprenticeship = program.kind == ProgramKind.APPRENTICESHIP
    if (data.outcome in APPRENTICESHIP_OUTCOMES) != is_apprenticeship:
        allowed = (
            APPRENTICESHIP_OUTCOMES
            if is_apprenticeship
            else (set(PairOutcome) - APPRENTICESHIP_OUTCOMES)
        )
        raise DomainError.of(
            ErrorCode.INVALID,
            "Outcome must be one of " + ", ".join(sorted(allowed)) + " for this program.",
            "outcome",
        )
    return await _close(pair, PairStatus.COMPLETED, outcome=data.outcome, end_reason=data.note)


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
    reserved = await Participant.get_pymongo_collection().update_one(
        {"_id": mentor.id, "$expr": {"$lt": ["$open_mentor_pairs", "$mentor_capacity"]}},
        {"$inc": {"open_mentor_pairs": 1}},
        session=session,
    )
    if reserved.modified_count != 1:
        raise DomainError.of(
            ErrorCode.CAPACITY_EXCEEDED,
            f"{mentor.name} already mentors as many pairs as their capacity "
            f"({mentor.mentor_capacity}) allows.",
            "mentor_id",
        )


async def _require_approved(
    program: Program, participant: Participant, role: Role, field: str
) -> None:
    enrollment = await Enrollment.find_one(
        {
            "program_id": program.id,
            "participant_id": participant.id,
            "role": role.value,
            "status": EnrollmentStatus.APPROVED.value,
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
