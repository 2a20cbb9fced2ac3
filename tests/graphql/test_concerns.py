"""Concerns: the mentee raises one, the program's managers and the head of the mentee's
department read and resolve it, and the mentor never learns of it by any path."""

from typing import Any

import pytest

from services.surveys.health import evaluate_pair
from shared.enums import ViewerRole
from shared.models import Concern, Program
from tests.factories import make_participant
from tests.factories.apprenticeship import HEAD, Apprenticeship, make_apprenticeship
from tests.graphql.client import ADMIN, MANAGER, GraphQLTester, error_codes, gid, nodes

CONCERN = "concern { id text status mentee { name } mentor { name } resolvedBy { name } }"
READ = """query($pair: ID!, $concern: ID!) {
  node(id: $pair) { ... on Pair { concerns { totalCount edges { node { text } } } } }
  concern: node(id: $concern) { id ... on Concern { text } }
  concerns { totalCount edges { node { text } } }
  open: concerns(filter: {status: [OPEN]}) { totalCount }
}"""

HEALTH = """query($program: ID!) {
  pairs(filter: {programId: $program, health: [HEALTHY, WATCH, AT_RISK]}) {
    totalCount edges { node { health { reasons { code } } } } }
  all: pairs { edges { node { health { status } } } } }"""


async def _raise(gql: GraphQLTester, world: Apprenticeship, text: str) -> dict[str, Any]:
    return await gql.mutate(
        "concernRaise", {"pairId": gid(world.pair), "text": text}, CONCERN, viewer=world.mentee
    )


async def _read(
    gql: GraphQLTester, world: Apprenticeship, concern_id: str, viewer: Any, roles: Any
) -> dict[str, Any]:
    variables = {"pair": gid(world.pair), "concern": concern_id}
    return await gql.data(READ, variables, viewer=viewer, roles=roles)


async def test_a_mentee_raises_a_concern_that_managers_and_the_head_read_and_resolve(
    gql: GraphQLTester,
) -> None:
    world = await make_apprenticeship()

    raised = await _raise(gql, world, "My master skips our sessions.")
    concern_id = raised["concern"]["id"]
    as_manager = await _read(gql, world, concern_id, world.manager, MANAGER)
    as_head = await _read(gql, world, concern_id, world.head, HEAD)
    as_mentee = await _read(gql, world, concern_id, world.mentee, frozenset())
    resolved = await gql.mutate(
        "concernResolve",
        {"id": concern_id, "note": "Talked to the master; sessions are back on."},
        CONCERN,
        viewer=world.head,
        roles=HEAD,
    )

    assert raised["userErrors"] == []
    assert raised["concern"]["status"] == "OPEN"
    assert raised["concern"]["mentee"] == {"name": "Ada Apprentice"}
    for seen in (as_manager, as_mentee):
        assert nodes(seen["node"]["concerns"]) == [{"text": "My master skips our sessions."}]
    for seen in (as_manager, as_head, as_mentee):
        assert seen["concern"]["text"] == "My master skips our sessions."
        assert seen["concerns"]["totalCount"] == 1 and seen["open"]["totalCount"] == 1
    assert as_head["node"] is None  # the head reads the concern, not the pair
    assert resolved["concern"]["status"] == "RESOLVED"
    assert resolved["concern"]["resolvedBy"] == {"name": "Hana Head"}


@pytest.mark.parametrize(
    "roles",
    [
        frozenset(),
        frozenset({ViewerRole.ADMIN}),
        frozenset({ViewerRole.PROGRAM_MANAGER}),
        frozenset({ViewerRole.DEPARTMENT_HEAD, ViewerRole.HR, ViewerRole.EXECUTIVE}),
    ],
    ids=["mentor", "mentor-admin", "mentor-managing-the-program", "mentor-heading-the-department"],
)
async def test_the_mentor_never_reads_a_concern(
    gql: GraphQLTester, roles: frozenset[ViewerRole]
) -> None:
    world = await make_apprenticeship()
    if ViewerRole.PROGRAM_MANAGER in roles:
        program = await Program.get(world.program.id)
        assert program is not None
        await program.set({Program.manager_ids: [world.mentor.id]})
    concern_id = (await _raise(gql, world, "Perfunctory mentoring."))["concern"]["id"]

    seen = await _read(gql, world, concern_id, world.mentor, roles)
    resolve = await gql.mutate(
        "concernResolve",
        {"id": concern_id, "note": "Nothing"},
        CONCERN,
        viewer=world.mentor,
        roles=roles,
    )
    on_pairs = await gql.data(
        """query { pairs { edges { node { concerns { totalCount } } } } }""",
        viewer=world.mentor,
        roles=roles,
    )

    assert seen["node"]["concerns"] is None
    assert seen["concern"] is None
    assert seen["concerns"] == {"totalCount": 0, "edges": []}
    assert seen["open"] == {"totalCount": 0}
    assert error_codes(resolve) == ["NOT_FOUND"]
    assert on_pairs["pairs"]["edges"]  # the mentor sees their pair, not its concerns
    assert all(edge["node"]["concerns"] is None for edge in on_pairs["pairs"]["edges"])
    # Nor through the pair's health, which carries CONCERN_RAISED for the program's managers.
    await evaluate_pair(world.pair.id)  # type: ignore[arg-type]
    health = await gql.run(
        HEALTH, {"program": gid(world.program)}, viewer=world.mentor, roles=roles
    )
    if health.errors:
        assert health.errors[0].extensions == {"code": "FORBIDDEN"}
    else:
        assert health.data is not None
        assert health.data["pairs"] == {"totalCount": 0, "edges": []}
        assert health.data["all"]["edges"]  # nor its health
        assert all(e["node"]["health"] is None for e in health.data["all"]["edges"])
    if ViewerRole.PROGRAM_MANAGER not in roles:
        manager_view = await gql.data(
            HEALTH, {"program": gid(world.program)}, viewer=world.manager, roles=MANAGER
        )
        shown = manager_view["pairs"]["edges"][0]["node"]["health"]
        assert {"code": "CONCERN_RAISED"} in shown["reasons"]
    stored = await Concern.find_one({})
    assert stored is not None and stored.status.value == "OPEN"


async def test_others_neither_read_nor_act_on_a_concern(gql: GraphQLTester) -> None:
    world = await make_apprenticeship()
    concern_id = (await _raise(gql, world, "No feedback at all."))["concern"]["id"]
    other_head = await make_participant(department="Sales")
    colleague = await make_participant(department="Production")

    for viewer, roles in ((other_head, HEAD), (colleague, frozenset())):
        seen = await _read(gql, world, concern_id, viewer, roles)
        assert seen["node"] is None and seen["concern"] is None
        assert seen["concerns"]["totalCount"] == 0
    by_mentee = await gql.mutate(
        "concernResolve", {"id": concern_id, "note": "Fine now"}, CONCERN, viewer=world.mentee
    )
    by_other_head = await gql.mutate(
        "concernResolve", {"id": concern_id, "note": "x"}, CONCERN, viewer=other_head, roles=HEAD
    )
    no_note = await gql.mutate(
        "concernResolve", {"id": concern_id, "note": " "}, CONCERN, roles=ADMIN
    )
    resolved = await gql.mutate(
        "concernResolve", {"id": concern_id, "note": "Handled"}, CONCERN, roles=ADMIN
    )
    again = await gql.mutate(
        "concernResolve", {"id": concern_id, "note": "Again"}, CONCERN, roles=ADMIN
    )

    assert error_codes(by_mentee) == ["FORBIDDEN"]
    assert error_codes(by_other_head) == ["NOT_FOUND"]
    assert error_codes(no_note) == ["INVALID"]
    assert resolved["concern"]["status"] == "RESOLVED"
    assert error_codes(again) == ["INVALID_TRANSITION"]


async def test_only_the_mentee_of_an_active_pair_raises_a_concern(gql: GraphQLTester) -> None:
    world = await make_apprenticeship()
    ended = await make_apprenticeship(program=world.program, status="COMPLETED")

    async def codes(pair: Any, text: str, viewer: Any, roles: Any = frozenset()) -> list[str]:
        payload = await gql.mutate(
            "concernRaise", {"pairId": gid(pair), "text": text}, CONCERN, viewer=viewer, roles=roles
        )
        return error_codes(payload)

    assert await codes(world.pair, "x", world.mentor) == ["FORBIDDEN"]
    assert await codes(world.pair, "x", world.manager, MANAGER) == ["FORBIDDEN"]
    assert await codes(world.pair, "x", None, ADMIN) == ["FORBIDDEN"]
    assert await codes(world.pair, "   ", world.mentee) == ["INVALID"]
    assert await codes(ended.pair, "x", ended.mentee) == ["PAIR_NOT_ACTIVE"]
    assert await Concern.count() == 0
