"""Matching settings: a program's rules (its managers), a person's questionnaire answers
(themselves) and a mentee's preferred mentors (themselves), and who may read what.

Who sees a mentee's suggestions and preferences: the mentee, admins and the program's
managers; nobody else, not even the mentors named.
"""

from typing import Any

from beanie import PydanticObjectId
from bson import ObjectId
from pymongo.errors import DuplicateKeyError

from services.graphql_api.domain.access import Actor
from services.graphql_api.domain.errors import DomainError, ErrorCode, forbidden
from services.graphql_api.domain.matching_inputs import (
    MatchingAnswersChange,
    MatchingRulesChange,
    MatchPreferencesSet,
)
from services.graphql_api.domain.matching_pool import members, rules_of
from services.graphql_api.domain.pairs import require_member
from services.graphql_api.domain.persistence import get_or_fail, update_if_unchanged
from shared.db import update_and_read
from shared.enums import ProgramStatus, Role
from shared.matching import MatchingAnswers, MatchingRules
from shared.models import MatchPreference, Participant, Program, utc_now


async def sees_matching_of(actor: Actor, program_id: ObjectId, mentee_id: ObjectId) -> bool:
    """Whether the actor may read a mentee's suggestions and preferences in a program."""
    return actor.is_self(mentee_id) or await actor.manages(program_id)


async def set_matching_rules(
    *, actor: Actor, program_id: PydanticObjectId, change: MatchingRulesChange | None
) -> Program:
    """Change some of a program's matching rules (the others stay), or with None go back to
    the defaults of its kind. Refused for a closed program; CONFLICT if the rules changed
    meanwhile."""
    program = await get_or_fail(Program, program_id, what="Program")
    if not await actor.manages(program.id):
        raise forbidden("Only admins and this program's managers set its matching rules.")
    if program.status == ProgramStatus.CLOSED:
        raise DomainError.of(ErrorCode.INVALID_TRANSITION, "A closed program cannot be changed.")
    rules: MatchingRules | None = None
    if change is not None:
        current = rules_of(program).model_dump()
        rules = MatchingRules(**{**current, **change.model_dump(exclude_none=True)})
    return await update_if_unchanged(
        program,
        expected={"matching_rules": program.matching_rules},
        changes={"matching_rules": rules},
    )


async def set_matching_answers(*, actor: Actor, change: MatchingAnswersChange) -> Participant:
    """The actor's own questionnaire answers: the questions given are set (None clears one),
    the others keep their answer."""
    if actor.participant_id is None:
        raise forbidden("Only a participant answers the matching questionnaire.")
    person = await get_or_fail(Participant, PydanticObjectId(actor.participant_id), what="You")
    answers = MatchingAnswers(
        **{**person.matching_answers.model_dump(), **change.model_dump(exclude_unset=True)}
    )
    return await update_if_unchanged(person, expected={}, changes={"matching_answers": answers})


async def set_preferences(*, actor: Actor, data: MatchPreferencesSet) -> dict[str, Any]:
    """The actor's preferred mentors in a program where they are an approved mentee: up to
    three approved mentors of the program, first choice first; an empty list clears them."""
    program = await get_or_fail(Program, data.program_id, what="Program", field="program_id")
    if actor.participant_id is None:
        raise forbidden("Only a mentee of the program ranks mentors.")
    mentee = await get_or_fail(Participant, PydanticObjectId(actor.participant_id), what="You")
    await require_member(program, mentee, Role.MENTEE, "program_id")
    if program.status == ProgramStatus.CLOSED:
        raise DomainError.of(ErrorCode.PROGRAM_NOT_ACTIVE, "The program is closed.", "program_id")
    if mentee.id in data.mentor_ids:
        raise DomainError.of(ErrorCode.SAME_PERSON, "You cannot mentor yourself.", "mentor_ids")
    assert program.id is not None
    mentors = (await members([program.id], Role.MENTOR, data.mentor_ids)).get(program.id, [])
    if missing := [i for i in data.mentor_ids if i not in set(mentors)]:
        raise DomainError.of(
            ErrorCode.NOT_ENROLLED,
            f"{len(missing)} of them are not approved mentors of this program.",
            "mentor_ids",
        )
    now = utc_now()
    for attempt in (1, 2):
        try:
            stored = await update_and_read(
                MatchPreference.get_pymongo_collection(),
                {"program_id": program.id, "mentee_id": mentee.id},
                {
                    "$set": {"mentor_ids": data.mentor_ids, "updated_at": now},
                    "$setOnInsert": {"created_at": now},
                },
                upsert=True,
            )
            assert stored is not None  # an upsert returns the document
            return dict(stored)
        except DuplicateKeyError:
            # Two first choices at once: the other inserted it; update it now.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")
