"""What matching reads of programs: the rules, the approved members and their profiles, and who
is or was paired with whom. Flat indexed queries, for many programs at once where a loader
batches them.

Matching considers approved members (APPROVED, or PUBLISHED in a talent reserve) who are
active; a mentor's free places are their capacity minus their open pairs in every program.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from bson import ObjectId

from shared.enums import MEMBER_STATUSES, Role
from shared.matching import Compatibility, MatchingAnswers, MatchingRules, MatchProfile, assess
from shared.models import Enrollment, Pair, Participant, Program

Document = dict[str, Any]
MEMBER_STATUS_VALUES = [status.value for status in MEMBER_STATUSES]
IDS_PER_QUERY = 500


def rules_of(program: Program | Document) -> MatchingRules:
    """The program's matching rules: its own, or the defaults for its kind."""
    if not isinstance(program, dict):
        return program.matching_rules or MatchingRules.for_program_kind(program.kind)
    stored = program.get("matching_rules")
    if stored:
        return MatchingRules.model_validate(stored)
    return MatchingRules.for_program_kind(program["kind"])


def profile_of(participant: Participant | Document) -> MatchProfile:
    """A participant as matching sees them, from the model or a raw document."""
    if not isinstance(participant, dict):
        return MatchProfile.of(participant, participant.matching_answers)
    doc: Document = participant
    return MatchProfile(
        id=str(doc["_id"]),
        department=doc.get("department", ""),
        title=doc.get("title", ""),
        level=doc.get("level", ""),
        echelon=doc.get("echelon"),
        skills=tuple(doc.get("skills", ())),
        development_needs=tuple(doc.get("development_needs", ())),
        interests=tuple(doc.get("interests", ())),
        languages=tuple(doc.get("languages", ())),
        mentor_capacity=doc.get("mentor_capacity", 0),
        open_mentor_pairs=doc.get("open_mentor_pairs", 0),
        answers=MatchingAnswers.model_validate(doc.get("matching_answers") or {}),
    )


def assess_pair(mentor: Participant, mentee: Participant, program: Program) -> Compatibility:
    """The compatibility of a mentor and a mentee under the program's rules."""
    return assess(profile_of(mentor), profile_of(mentee), rules_of(program))


async def members(
    program_ids: Iterable[ObjectId], role: Role, participant_ids: Iterable[ObjectId] | None = None
) -> dict[ObjectId, list[ObjectId]]:
    """The approved members of each program in `role`, in the order they enrolled; only those
    of `participant_ids` when given."""
    query: Document = {
        "program_id": {"$in": list(program_ids)},
        "role": role.value,
        "status": {"$in": MEMBER_STATUS_VALUES},
    }
    if participant_ids is not None:
        query["participant_id"] = {"$in": list(participant_ids)}
    found: dict[ObjectId, list[ObjectId]] = defaultdict(list)
    cursor = Enrollment.get_pymongo_collection().find(
        query, {"program_id": 1, "participant_id": 1}, sort=[("_id", 1)]
    )
    async for doc in cursor:
        found[doc["program_id"]].append(doc["participant_id"])
    return found


async def active_people(participant_ids: Iterable[ObjectId]) -> dict[ObjectId, Document]:
    """The participants among `participant_ids` who are active, by id."""
    ids = list(dict.fromkeys(participant_ids))
    found: dict[ObjectId, Document] = {}
    collection = Participant.get_pymongo_collection()
    for start in range(0, len(ids), IDS_PER_QUERY):
        chunk = ids[start : start + IDS_PER_QUERY]
        async for doc in collection.find({"_id": {"$in": chunk}}).batch_size(len(chunk) + 1):
            if doc.get("active", True):
                found[doc["_id"]] = doc
    return found


async def pairings(
    program_ids: Iterable[ObjectId], mentee_ids: Iterable[ObjectId] | None = None
) -> list[Document]:
    """Every pair (any status) of the programs, or of those mentees in them: program, mentor,
    mentee and whether it is open."""
    projection = {"program_id": 1, "mentor_id": 1, "mentee_id": 1, "is_open": 1}
    programs = list(program_ids)
    collection = Pair.get_pymongo_collection()
    if mentee_ids is None:
        query: Document = {"program_id": {"$in": programs}}
    else:
        # The mentee leads: a few pairs each, where a program holds many.
        query = {"mentee_id": {"$in": list(mentee_ids)}, "program_id": {"$in": programs}}
    return [doc async for doc in collection.find(query, projection)]


def paired_mentors(pairs: Iterable[Document]) -> dict[tuple[ObjectId, ObjectId], set[ObjectId]]:
    """(program, mentee) -> the mentors they are or were paired with there."""
    found: dict[tuple[ObjectId, ObjectId], set[ObjectId]] = defaultdict(set)
    for pair in pairs:
        found[(pair["program_id"], pair["mentee_id"])].add(pair["mentor_id"])
    return found
