"""Program-wide matching proposals: made by the program's managers, applied in whole or part.

**Create.** Every approved, active mentee of the program without an open pair there is paired
with an approved, active mentor by `shared.matching.propose_pairs` (the most mentees matched,
then the highest total of scores and preference bonuses), under each mentor's free places
(capacity minus open pairs in every program), never with a mentor the mentee is or was
paired with in the program, under the program's rules and with the mentees' preferences. The
proposal is stored (in one transaction) with the unmatched mentees and why and the totals, and
each of its pairs with its score and reasons. It changes nothing until applied.

**Apply.** Each chosen pair (when none are chosen: the next `APPLIED_PER_REQUEST` pairs not
applied yet, in the proposal's order) becomes a PROPOSED pair from the proposal, which both
sides then accept. A request applies at most `APPLIED_PER_REQUEST` pairs, so it stays short
whatever the program's size; `remaining` says how many are left for the next request.
Partial application is allowed: each pair is checked again and created on its own, in its own
transaction (the mentor's place reserved, the pair inserted, the proposal's pair marked
applied; a few such transactions run at once, and pairs come out in the proposal's order); a
pair that no longer fits (the mentee has an open pair by now, the mentor no free place, either
is no longer an approved member, it was applied before) is reported as a user error naming it,
and the others are created. Concurrent applications never exceed a mentor's capacity (the
conditional reservation), never give a mentee two pairs from matching (a partial unique index)
and never apply a proposal's pair twice (a conditional update of it).
"""

import asyncio
from dataclasses import dataclass, field

from beanie import PydanticObjectId
from bson import ObjectId
from pymongo.asynchronous.client_session import AsyncClientSession

from services.graphql_api.domain.access import Actor
from services.graphql_api.domain.errors import DomainError, ErrorCode, Issue, forbidden
from services.graphql_api.domain.matching_inputs import ProposalApply
from services.graphql_api.domain.matching_pool import (
    active_people,
    members,
    pairings,
    profile_of,
    rules_of,
)
from services.graphql_api.domain.pairs import insert_proposed, new_pair
from services.graphql_api.domain.persistence import get_or_fail
from shared.db import in_transaction
from shared.enums import PairOrigin, ProgramStatus, Role
from shared.matching import Compatibility, propose_pairs
from shared.models import (
    MatchingProposal,
    MatchPreference,
    Pair,
    Participant,
    Program,
    ProposalPair,
    utc_now,
)
from shared.models.matching import ProposalUnmatched


async def create_proposal(*, actor: Actor, program_id: PydanticObjectId) -> MatchingProposal:
    """A new proposal for the program's unpaired mentees (see the module's documentation)."""
    program = await get_or_fail(Program, program_id, what="Program", field="program_id")
    if not await actor.manages(program.id):
        raise forbidden("Only admins and this program's managers make matching proposals.")
    if program.status == ProgramStatus.CLOSED:
        raise DomainError.of(
            ErrorCode.PROGRAM_NOT_ACTIVE, "A closed program forms no pairs.", "program_id"
        )
    assert program.id is not None
    mentee_ids = (await members([program.id], Role.MENTEE)).get(program.id, [])
    mentor_ids = (await members([program.id], Role.MENTOR)).get(program.id, [])
    people = await active_people([*mentee_ids, *mentor_ids])
    pairs = await pairings([program.id])
    paired = {pair["mentee_id"] for pair in pairs if pair["is_open"]}
    mentees = [people[i] for i in mentee_ids if i in people and i not in paired]
    mentors = [people[i] for i in mentor_ids if i in people]
    preferred = {
        str(doc["mentee_id"]): [str(mentor_id) for mentor_id in doc.get("mentor_ids", [])]
        async for doc in MatchPreference.get_pymongo_collection().find(
            {"program_id": program.id}, {"mentee_id": 1, "mentor_ids": 1}
        )
    }
    rules = rules_of(program)
    proposal = propose_pairs(
        mentees=[profile_of(doc) for doc in mentees],
        mentors=[profile_of(doc) for doc in mentors],
        rules=rules,
        preferred_mentors=preferred,
        exclusions={(str(pair["mentee_id"]), str(pair["mentor_id"])) for pair in pairs},
    )
    stored = MatchingProposal(
        program_id=program.id,
        created_by_id=actor.participant_id,
        rules=rules,
        pair_count=len(proposal.pairs),
        unmatched=[
            ProposalUnmatched(
                mentee_id=PydanticObjectId(left.mentee_id), code=left.code, message=left.message
            )
            for left in proposal.unmatched
        ],
        total=proposal.total,
        total_score=proposal.total_score,
    )
    stored.id = PydanticObjectId()
    entries = [
        ProposalPair(
            proposal_id=stored.id,
            program_id=program.id,
            mentee_id=PydanticObjectId(pair.mentee_id),
            mentor_id=PydanticObjectId(pair.mentor_id),
            score=pair.score,
            preference_rank=pair.preference_rank,
            bonus=pair.bonus,
            reasons=list(pair.reasons),
        )
        for pair in proposal.pairs
    ]

    async def store(session: AsyncClientSession) -> MatchingProposal:
        await stored.insert(session=session)
        if entries:
            await ProposalPair.insert_many(entries, session=session)
        return stored

    return await in_transaction(store, seconds=None)


APPLIED_AT_ONCE = 8
# Pairs one request applies at most: about a second of work on a real server.
APPLIED_PER_REQUEST = 100


@dataclass
class Application:
    """What applying a proposal did: the pairs created, and why the others were not."""

    proposal: MatchingProposal
    created: list[Pair] = field(default_factory=list)
    refused: list[Issue] = field(default_factory=list)
    remaining: int = 0  # pairs of the proposal not applied yet


@dataclass(frozen=True)
class _Standing:
    """The people of the chosen pairs as they stand now, read once for every pair."""

    people: dict[ObjectId, Participant]
    mentees: set[ObjectId]
    mentors: set[ObjectId]
    paired: set[tuple[ObjectId, ObjectId]]
    open_mentees: set[ObjectId]  # as read: the transactions' guards see what changed since


async def apply_proposal(*, actor: Actor, data: ProposalApply) -> Application:
    """Create PROPOSED pairs from a proposal (see the module's documentation)."""
    proposal = await get_or_fail(MatchingProposal, data.proposal_id, what="Proposal")
    if not await actor.manages(proposal.program_id):
        raise forbidden("Only admins and this program's managers apply matching proposals.")
    program = await get_or_fail(Program, proposal.program_id, what="Program")
    if program.status != ProgramStatus.ACTIVE:
        raise DomainError.of(
            ErrorCode.PROGRAM_NOT_ACTIVE, "Pairs are formed in active programs only."
        )
    assert proposal.id is not None
    if data.pairs is not None and len(data.pairs) > APPLIED_PER_REQUEST:
        raise DomainError.of(
            ErrorCode.INVALID,
            f"Apply at most {APPLIED_PER_REQUEST} pairs in one request.",
            "pairs",
        )
    entries = await _entries(proposal.id, data)
    chosen: list[tuple[tuple[ObjectId, ObjectId], int | None]]
    if data.pairs is None:
        chosen = [((e.mentee_id, e.mentor_id), None) for e in entries.values()]
    else:
        chosen = [((c.mentee_id, c.mentor_id), n) for n, c in enumerate(data.pairs)]
    standing = await _standing(program, [key for key, _ in chosen])
    # Pairs are created a few at a time: each in its own transaction, whose commit is most of
    # its time; pairs of the same mentor meet on the mentor's counter, and the transactions'
    # retries on that conflict keep them within capacity.
    slots = asyncio.Semaphore(APPLIED_AT_ONCE)

    async def one(key: tuple[ObjectId, ObjectId], position: int | None) -> Pair | Issue:
        async with slots:
            try:
                entry = entries.get(key)
                if entry is None:
                    raise DomainError.of(ErrorCode.NOT_FOUND, "This pair is not in the proposal.")
                return await _apply(actor, program, entry, standing)
            except DomainError as error:
                issue = error.issues[0]
                where = ("pairs", str(position)) if position is not None else None
                message = f"{_names(key, standing.people)}: {issue.message}"
                return Issue(issue.code, message, where)

    outcomes = await asyncio.gather(*(one(key, position) for key, position in chosen))
    remaining = await ProposalPair.get_pymongo_collection().count_documents(
        {"proposal_id": proposal.id, "pair_id": None}
    )
    return Application(
        proposal=proposal,
        created=[outcome for outcome in outcomes if isinstance(outcome, Pair)],
        refused=[outcome for outcome in outcomes if isinstance(outcome, Issue)],
        remaining=remaining,
    )


async def _entries(
    proposal_id: ObjectId, data: ProposalApply
) -> dict[tuple[ObjectId, ObjectId], ProposalPair]:
    """The proposal's pairs asked for, or all those not applied yet; by (mentee, mentor)."""
    query: dict[str, object] = {"proposal_id": proposal_id}
    if data.pairs is None:
        query["pair_id"] = None
        found = await ProposalPair.find(query).sort("_id").limit(APPLIED_PER_REQUEST).to_list()
    else:
        query["mentee_id"] = {"$in": list({choice.mentee_id for choice in data.pairs})}
        found = await ProposalPair.find(query).sort("_id").to_list()
    return {(entry.mentee_id, entry.mentor_id): entry for entry in found}


async def _standing(program: Program, keys: list[tuple[ObjectId, ObjectId]]) -> _Standing:
    assert program.id is not None
    mentee_ids = {mentee for mentee, _ in keys}
    mentor_ids = {mentor for _, mentor in keys}
    found = await Participant.find({"_id": {"$in": list(mentee_ids | mentor_ids)}}).to_list()
    pairs = await pairings([program.id], mentee_ids)
    return _Standing(
        people={person.id: person for person in found if person.id is not None},
        mentees=set((await members([program.id], Role.MENTEE, mentee_ids)).get(program.id, [])),
        mentors=set((await members([program.id], Role.MENTOR, mentor_ids)).get(program.id, [])),
        paired={(pair["mentee_id"], pair["mentor_id"]) for pair in pairs},
        open_mentees={pair["mentee_id"] for pair in pairs if pair["is_open"]},
    )


async def _apply(actor: Actor, program: Program, entry: ProposalPair, standing: _Standing) -> Pair:
    """One pair, checked again and created; the pre-read checks are repeated by the
    transaction's own guards where a concurrent change could slip between (capacity, the
    mentee's one pair from matching, the entry applied once)."""
    if entry.pair_id is not None:
        raise DomainError.of(ErrorCode.DUPLICATE, "This pair was applied already.")
    mentee, mentor = standing.people.get(entry.mentee_id), standing.people.get(entry.mentor_id)
    if mentee is None or entry.mentee_id not in standing.mentees or not mentee.active:
        raise DomainError.of(
            ErrorCode.NOT_ENROLLED, "The mentee is no longer an approved, active mentee."
        )
    if mentor is None or entry.mentor_id not in standing.mentors or not mentor.active:
        raise DomainError.of(
            ErrorCode.NOT_ENROLLED, "The mentor is no longer an approved, active mentor."
        )
    if (entry.mentee_id, entry.mentor_id) in standing.paired:
        raise DomainError.of(
            ErrorCode.PAIRED_BEFORE, "They are or were paired in this program already."
        )
    if entry.mentee_id in standing.open_mentees:
        raise DomainError.of(
            ErrorCode.MENTEE_ALREADY_PAIRED,
            "The mentee has an open pair or request in this program by now.",
        )
    match = Compatibility(score=entry.score, reasons=tuple(entry.reasons))
    pair = new_pair(
        program,
        mentor,
        mentee,
        match,
        origin=PairOrigin.MATCHING_PROPOSAL,
        proposed_by_id=actor.participant_id,
        proposal_id=entry.proposal_id,
        matched=True,
    )

    async def mark_applied(session: AsyncClientSession) -> None:
        now = utc_now()
        marked = await ProposalPair.get_pymongo_collection().update_one(
            {"_id": entry.id, "pair_id": None},
            {"$set": {"pair_id": pair.id, "applied_at": now, "updated_at": now}},
            session=session,
        )
        if marked.modified_count != 1:
            raise DomainError.of(ErrorCode.DUPLICATE, "This pair was applied already.")

    return await insert_proposed(pair, mentor, also=mark_applied)


def _names(key: tuple[ObjectId, ObjectId], people: dict[ObjectId, Participant]) -> str:
    mentee, mentor = (people.get(person_id) for person_id in key)
    mentee_name = mentee.name if mentee else "The mentee"
    return f"{mentee_name} with {mentor.name if mentor else 'the mentor'}"
