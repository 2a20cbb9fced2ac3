"""Who sees the apprenticeship records, as filters for lists and checks for single documents,
consistent with each other.

Mentoring plans: the pair (mentor and mentee), the program's managers, admins and the head of
the mentee's department. Probations (the list of apprenticeships under way): the same, and HR,
who record exams and decide extensions in every apprenticeship program. Concerns: the mentee
who raised them, the program's managers, admins and the head of the mentee's department; never
the pair's mentor, whatever other role they hold. A department head acts for the department
of their own participant record, as it is now (see `Actor.heads_department_of`).
"""

from typing import Any

from bson import ObjectId

from services.graphql_api.domain.access import Actor, Filter
from services.graphql_api.filters import Visibility
from shared.models import Participant

Document = dict[str, Any]


async def department_member_ids(actor: Actor) -> list[ObjectId]:
    """The people of the department the actor heads, the actor left out; none when the actor
    is no department head (one indexed query)."""
    if not actor.is_department_head:
        return []
    department = await actor.department()
    if not department:
        return []
    members = await Participant.get_pymongo_collection().distinct("_id", {"department": department})
    return [member for member in members if not actor.is_self(member)]


def _outside(field: str, values: list[Any]) -> Filter:
    return {field: {"$nin": values}} if values else {}


async def plan_visibility(actor: Actor) -> Visibility:
    """The plans the actor sees, as disjoint flat branches: in a program they manage; of
    their own pairs elsewhere; of their department's mentees elsewhere."""
    if actor.is_admin:
        return None
    return await _of_pairs_seen(actor, "pair_id")


async def probation_visibility(actor: Actor) -> Visibility:
    """The apprenticeship pairs whose probation the actor follows: all (admins and HR), or
    as for plans."""
    if actor.is_admin or actor.is_hr:
        return None
    return await _of_pairs_seen(actor, "_id")


async def _of_pairs_seen(actor: Actor, pair_field: str) -> list[Filter]:
    """Records of pairs (`pair_field` holds the pair's ID) in a program the actor manages; of
    their own pairs elsewhere; of their department's mentees elsewhere: disjoint flat branches."""
    scope = await actor.scope()
    managed, own = list(scope.managed_program_ids), list(scope.pair_ids)
    branches: list[Filter] = [{"program_id": {"$in": managed}}] if managed else []
    if own:
        branches.append({pair_field: {"$in": own}, **_outside("program_id", managed)})
    if members := await department_member_ids(actor):
        branches.append(
            {
                "mentee_id": {"$in": members},
                **_outside("program_id", managed),
                **_outside(pair_field, own),
            }
        )
    return branches


async def sees_plan(actor: Actor, plan: Document) -> bool:
    if actor.is_admin:
        return True
    scope = await actor.scope()
    if plan["program_id"] in scope.managed_program_ids or plan["pair_id"] in scope.pair_ids:
        return True
    return await actor.heads_department_of(plan["mentee_id"])


async def concern_visibility(actor: Actor) -> Visibility:
    """The concerns the actor sees, as disjoint flat branches, none of a pair they mentor:
    everything (admins); in a program they manage; their own elsewhere; their department's
    mentees' elsewhere."""
    me = actor.participant_id
    not_their_mentor = _outside("mentor_id", [me] if me is not None else [])
    if actor.is_admin:
        return [not_their_mentor]
    scope = await actor.scope()
    managed = list(scope.managed_program_ids)
    branches: list[Filter] = (
        [{"program_id": {"$in": managed}, **not_their_mentor}] if managed else []
    )
    if me is not None:
        branches.append({"mentee_id": me, **_outside("program_id", managed)})
    if members := await department_member_ids(actor):
        branches.append(
            {
                "mentee_id": {"$in": members},
                **_outside("program_id", managed),
                **not_their_mentor,
            }
        )
    return branches


async def sees_concern(actor: Actor, concern: Document) -> bool:
    if actor.is_self(concern["mentor_id"]):
        return False
    if actor.is_admin or actor.is_self(concern["mentee_id"]):
        return True
    if concern["program_id"] in (await actor.scope()).managed_program_ids:
        return True
    return await actor.heads_department_of(concern["mentee_id"])


async def reads_concerns_of(actor: Actor, pair: Document) -> bool:
    """Whether the actor may read a pair's concerns at all: never its mentor."""
    return await sees_concern(
        actor,
        {
            "mentor_id": pair["mentor_id"],
            "mentee_id": pair["mentee_id"],
            "program_id": pair["program_id"],
        },
    )
