"""Who sees what: each role against their own and other people's objects, and private fields.

The world: two programs. In the first, `manager` manages, `mentor` mentors `mentee`; in the
second, an `outsider_mentor` mentors an `outsider_mentee`. `bystander` has no part in either.
"""

from dataclasses import dataclass
from typing import Any

import pytest

from shared.enums import ProgramStatus, Role
from shared.models import CheckIn, Goal, Pair, Participant, Program
from tests.factories import (
    make_check_in,
    make_enrollment,
    make_goal,
    make_pair,
    make_participant,
    make_program,
)
from tests.graphql.client import ADMIN, MANAGER, GraphQLTester, error_codes, gid


@dataclass
class World:
    manager: Participant
    mentor: Participant
    mentee: Participant
    outsider_mentor: Participant
    outsider_mentee: Participant
    bystander: Participant
    program: Program
    other_program: Program
    draft: Program
    pair: Pair
    other_pair: Pair
    goal: Goal
    other_goal: Goal
    check_in: CheckIn
    other_check_in: CheckIn


@pytest.fixture
async def world(gql: GraphQLTester) -> World:
    manager = await make_participant(name="Manager", email="manager@example.com")
    program = await make_program(name="Own program", manager_ids=[manager.id])
    other_program = await make_program(name="Other program")
    draft = await make_program(name="Draft", status=ProgramStatus.DRAFT)
    mentor = await make_participant(name="Mentor", email="mentor@example.com")
    mentee = await make_participant(
        name="Mentee", email="mentee@example.com", development_needs=["Negotiation"]
    )
    outsider_mentor = await make_participant(name="Outsider mentor")
    outsider_mentee = await make_participant(name="Outsider mentee")
    pair = await make_pair(program=program, mentor=mentor, mentee=mentee)
    other_pair = await make_pair(
        program=other_program, mentor=outsider_mentor, mentee=outsider_mentee
    )
    await make_enrollment(program=program, participant=manager, role=Role.MENTOR)
    return World(
        manager=manager,
        mentor=mentor,
        mentee=mentee,
        outsider_mentor=outsider_mentor,
        outsider_mentee=outsider_mentee,
        bystander=await make_participant(name="Bystander"),
        program=program,
        other_program=other_program,
        draft=draft,
        pair=pair,
        other_pair=other_pair,
        goal=await make_goal(pair=pair, title="Own goal"),
        other_goal=await make_goal(pair=other_pair, title="Other goal"),
        check_in=await make_check_in(pair=pair),
        other_check_in=await make_check_in(pair=other_pair),
    )


def _viewer(world: World, role: str) -> dict[str, Any]:
    if role == "admin":
        return {"viewer": world.bystander, "roles": ADMIN}
    if role == "manager":
        return {"viewer": world.manager, "roles": MANAGER}
    return {"viewer": getattr(world, role)}


async def _node(gql: GraphQLTester, world: World, role: str, global_id: str) -> Any:
    data = await gql.data(
        "query($id: ID!) { node(id: $id) { id } }", {"id": global_id}, **_viewer(world, role)
    )
    return data["node"]


# (role, object, visible?) for each role against own and other objects.
VISIBILITY = [
    ("admin", "other_pair", True),
    ("admin", "draft", True),
    ("manager", "pair", True),
    ("manager", "goal", True),
    ("manager", "check_in", True),
    ("manager", "other_pair", False),
    ("manager", "other_goal", False),
    ("manager", "draft", False),
    ("mentor", "pair", True),
    ("mentor", "goal", True),
    ("mentor", "check_in", True),
    ("mentor", "other_pair", False),
    ("mentor", "other_check_in", False),
    ("mentee", "pair", True),
    ("mentee", "goal", True),
    ("mentee", "other_goal", False),
    ("mentee", "draft", False),
    ("mentee", "other_program", True),  # active programs are open to browse and apply
    ("bystander", "pair", False),
    ("bystander", "goal", False),
    ("bystander", "check_in", False),
    ("bystander", "mentee", False),
]


@pytest.mark.parametrize(("role", "target", "visible"), VISIBILITY)
async def test_objects_are_visible_only_to_those_entitled(
    gql: GraphQLTester, world: World, role: str, target: str, visible: bool
) -> None:
    global_id = gid(getattr(world, target))

    node = await _node(gql, world, role, global_id)

    assert (node is not None) == visible


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin", {"Mentor", "Mentee", "Outsider mentor", "Outsider mentee"}),
        ("manager", {"Mentor", "Mentee"}),
        ("mentor", {"Mentor", "Mentee"}),
        ("bystander", set()),
    ],
)
async def test_pair_lists_and_counts_hold_only_visible_pairs(
    gql: GraphQLTester, world: World, role: str, expected: set[str]
) -> None:
    data = await gql.data(
        "{ pairs { totalCount edges { node { mentor { name } mentee { name } } } } }",
        **_viewer(world, role),
    )

    names = {
        person["name"]
        for edge in data["pairs"]["edges"]
        for person in (edge["node"]["mentor"], edge["node"]["mentee"])
    }
    assert names == expected
    assert data["pairs"]["totalCount"] == len(expected) // 2


@pytest.mark.parametrize(
    ("role", "sees_private"),
    [("admin", True), ("manager", True), ("mentee", True), ("mentor", False), ("bystander", None)],
)
async def test_private_fields_only_for_admins_managers_of_a_shared_program_and_self(
    gql: GraphQLTester, world: World, role: str, sees_private: bool | None
) -> None:
    data = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Participant { name email developmentNeeds } } }",
        {"id": gid(world.mentee)},
        **_viewer(world, role),
    )

    if sees_private is None:
        assert data["node"] is None  # a bystander does not see the mentee at all
    elif sees_private:
        assert data["node"] == {
            "name": "Mentee",
            "email": "mentee@example.com",
            "developmentNeeds": ["Negotiation"],
        }
    else:
        assert data["node"] == {"name": "Mentee", "email": None, "developmentNeeds": None}


async def test_a_manager_sees_no_private_fields_outside_their_programs(
    gql: GraphQLTester, world: World
) -> None:
    data = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Participant { name email } } }",
        {"id": gid(world.outsider_mentee)},
        viewer=world.manager,
        roles=MANAGER,
    )

    assert data["node"] == {"name": "Outsider mentee", "email": None}


async def test_program_stats_are_for_admins_and_its_managers(
    gql: GraphQLTester, world: World
) -> None:
    query = "query($id: ID!) { program(id: $id) { stats { checkInsLast30Days } } }"

    as_manager = await gql.data(
        query, {"id": gid(world.program)}, viewer=world.manager, roles=MANAGER
    )
    as_mentee = await gql.data(query, {"id": gid(world.program)}, viewer=world.mentee)

    assert as_manager["program"]["stats"] == {"checkInsLast30Days": 1}
    assert as_mentee["program"]["stats"] is None


# (role, mutation on own objects, on other objects)
MUTATIONS = [
    ("manager", "pairEnd", "pair", "other_pair"),
    ("mentor", "pairEnd", "pair", "other_pair"),
    ("mentee", "goalUpdate", "goal", "other_goal"),
    ("manager", "programUpdate", "program", "other_program"),
]


@pytest.mark.parametrize(("role", "mutation", "own", "other"), MUTATIONS)
async def test_mutations_on_other_peoples_objects_are_forbidden(
    gql: GraphQLTester, world: World, role: str, mutation: str, own: str, other: str
) -> None:
    extra = {
        "pairEnd": {"reason": "Testing"},
        "goalUpdate": {"progress": 10},
        "programUpdate": {"description": "Changed"},
    }[mutation]

    on_other = await gql.mutate(
        mutation, {"id": gid(getattr(world, other)), **extra}, "__typename", **_viewer(world, role)
    )
    on_own = await gql.mutate(
        mutation, {"id": gid(getattr(world, own)), **extra}, "__typename", **_viewer(world, role)
    )

    assert error_codes(on_other) == ["FORBIDDEN"]
    assert on_own["userErrors"] == []


async def test_anonymous_requests_get_an_authentication_error(gql: GraphQLTester) -> None:
    result = await gql.run("{ programs { totalCount } }")

    assert result.data is None
    assert result.errors is not None
    assert result.errors[0].extensions == {"code": "UNAUTHENTICATED"}


PRIVATE = "query($id: ID!) { node(id: $id) { ... on Participant { email developmentNeeds } } }"


async def _private_fields(gql: GraphQLTester, person: Participant, manager: Participant) -> Any:
    data = await gql.data(PRIVATE, {"id": gid(person)}, viewer=manager, roles=MANAGER)
    return data["node"]


async def _enroll(
    gql: GraphQLTester, program: Program, person: Participant, **actor: Any
) -> dict[str, Any]:
    payload = await gql.mutate(
        "enrollmentApply",
        {"programId": gid(program), "participantId": gid(person), "role": "MENTEE"},
        "enrollment { id status }",
        **actor,
    )
    assert payload["userErrors"] == []
    return dict(payload["enrollment"])


async def test_a_manager_learns_nothing_private_by_nominating_someone(gql: GraphQLTester) -> None:
    manager = await make_participant(name="Curious manager")
    program = await make_program(manager_ids=[manager.id])
    target = await make_participant(
        email="target@example.com", development_needs=["Managing anxiety"]
    )

    enrollment = await _enroll(gql, program, target, viewer=manager, roles=MANAGER)
    nominated = await _private_fields(gql, target, manager)
    for step, input in (
        ("enrollmentRecommend", {"id": enrollment["id"]}),
        ("enrollmentDecide", {"id": enrollment["id"], "approve": True}),
    ):
        await gql.mutate(step, input, "enrollment { status }", viewer=manager, roles=MANAGER)
    approved_by_themselves = await _private_fields(gql, target, manager)

    assert nominated == {"email": None, "developmentNeeds": None}
    assert approved_by_themselves == {"email": None, "developmentNeeds": None}


async def test_a_person_who_applies_or_an_admin_approves_is_seen_by_the_managers(
    gql: GraphQLTester,
) -> None:
    manager = await make_participant()
    program = await make_program(manager_ids=[manager.id])
    volunteer = await make_participant(email="volunteer@example.com", development_needs=["Sql"])
    nominee = await make_participant(email="nominee@example.com", development_needs=["Python"])

    await _enroll(gql, program, volunteer, viewer=volunteer)
    enrollment = await _enroll(gql, program, nominee, viewer=manager, roles=MANAGER)
    await gql.mutate(
        "enrollmentRecommend",
        {"id": enrollment["id"]},
        "enrollment { status }",
        viewer=manager,
        roles=MANAGER,
    )
    await gql.mutate(
        "enrollmentDecide",
        {"id": enrollment["id"], "approve": True},
        "enrollment { status }",
        roles=ADMIN,
    )

    assert await _private_fields(gql, volunteer, manager) == {
        "email": "volunteer@example.com",
        "developmentNeeds": ["Sql"],
    }
    assert await _private_fields(gql, nominee, manager) == {
        "email": "nominee@example.com",
        "developmentNeeds": ["Python"],
    }


async def test_withdrawing_hides_the_private_fields_again(gql: GraphQLTester) -> None:
    manager = await make_participant()
    program = await make_program(manager_ids=[manager.id])
    person = await make_participant(email="leaving@example.com", development_needs=["Sql"])

    enrollment = await _enroll(gql, program, person, viewer=person)
    while_applied = await _private_fields(gql, person, manager)
    await gql.mutate(
        "enrollmentWithdraw", {"id": enrollment["id"]}, "enrollment { status }", viewer=person
    )
    after_withdrawing = await _private_fields(gql, person, manager)

    assert while_applied == {"email": "leaving@example.com", "developmentNeeds": ["Sql"]}
    assert after_withdrawing == {"email": None, "developmentNeeds": None}
