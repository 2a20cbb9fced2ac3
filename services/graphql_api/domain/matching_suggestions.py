"""Suggestions: the approved, active mentors of a program with a free place, ranked for one of
its approved mentees by `shared.matching.suggest` under the program's rules; never the mentee,
never a mentor they are or were paired with in the program (any status), never one a rule
disqualifies or who scores below the program's minimum. Computed for many (program, mentee)
keys at once, in a fixed handful of queries."""

from collections.abc import Sequence

from bson import ObjectId

from services.graphql_api.domain.matching_pool import (
    active_people,
    members,
    paired_mentors,
    pairings,
    profile_of,
    rules_of,
)
from shared.enums import Role
from shared.matching import MentorSuggestion, suggest
from shared.matching.suggestions import MAX_SUGGESTIONS
from shared.models import Program

MenteeInProgram = tuple[ObjectId, ObjectId]  # (program id, mentee id)


async def suggestions_for(keys: Sequence[MenteeInProgram]) -> list[list[MentorSuggestion] | None]:
    """The best `MAX_SUGGESTIONS` mentors for each key, best first; None where the person is
    not an approved, active mentee of the program."""
    program_ids = list({program_id for program_id, _ in keys})
    mentee_ids = list({mentee_id for _, mentee_id in keys})
    programs = {
        doc["_id"]: doc
        async for doc in Program.get_pymongo_collection().find({"_id": {"$in": program_ids}})
    }
    mentors = await members(program_ids, Role.MENTOR)
    mentees = await members(program_ids, Role.MENTEE, mentee_ids)
    people = await active_people(
        [*mentee_ids, *(mentor for ids in mentors.values() for mentor in ids)]
    )
    paired = paired_mentors(await pairings(program_ids, mentee_ids))
    found: list[list[MentorSuggestion] | None] = []
    for program_id, mentee_id in keys:
        program = programs.get(program_id)
        if program is None or mentee_id not in people or mentee_id not in mentees[program_id]:
            found.append(None)
            continue
        candidates = [profile_of(people[i]) for i in mentors.get(program_id, []) if i in people]
        found.append(
            suggest(
                profile_of(people[mentee_id]),
                candidates,
                rules=rules_of(program),
                exclusions={str(i) for i in paired.get((program_id, mentee_id), set())},
                first=MAX_SUGGESTIONS,
            )
        )
    return found
