"""The demo's cross-team program is ready for matching: unpaired mentees with suggestions and
preferences, a request waiting for its mentor, and a proposal to make."""

from typing import Any

import pytest

from services.demo.seed import seed_demo_data
from shared.enums import PairOrigin, PairStatus, ViewerRole
from shared.models import MatchPreference, Pair, Participant, Program
from tests.graphql.client import GraphQLTester, gid, nodes

pytestmark = pytest.mark.usefixtures("database_name")

PROGRAM = "Cross-team Mentoring 2026"


async def _person(name: str) -> Participant:
    found = await Participant.find_one({"name": name})
    assert found is not None
    return found


async def test_the_demo_has_mentees_to_match(gql: GraphQLTester) -> None:
    await seed_demo_data()
    program = await Program.find_one({"name": PROGRAM})
    assert program is not None
    sara, lukas = await _person("Sara Lindqvist"), await _person("Lukas Brandt")
    manager: dict[str, Any] = {"viewer": lukas, "roles": frozenset({ViewerRole.PROGRAM_MANAGER})}

    suggested = await gql.data(
        """query($program: ID!, $mentee: ID!) { program(id: $program) {
          matchSuggestions(menteeId: $mentee, first: 3) { mentor { name } reasons { code } }
          matchPreferences(menteeId: $mentee) { mentors { name } } } }""",
        {"program": gid(program), "mentee": gid(sara)},
        viewer=sara,
    )
    proposal = await gql.mutate(
        "matchingProposalCreate",
        {"programId": gid(program)},
        "proposal { pairCount pairs(first: 10) { edges { node { mentee { name } "
        "mentor { name } preferenceRank } } } unmatched { edges { node { mentee { name } } } } }",
        **manager,
    )

    first = suggested["program"]["matchSuggestions"][0]
    assert first["mentor"] == {"name": "Diego Hernandez"}
    assert {"code": "NEED_COVERED"} in first["reasons"]
    assert suggested["program"]["matchPreferences"]["mentors"][0] == {"name": "Diego Hernandez"}
    pairs = {
        p["mentee"]["name"]: (p["mentor"]["name"], p["preferenceRank"])
        for p in nodes(proposal["proposal"]["pairs"])
    }
    # Lucy's request waits for William; the four other mentees are proposed mentors.
    assert set(pairs) == {"Sara Lindqvist", "Carlos Mendes", "Nadia Rahman", "Fatima Zahra"}
    assert pairs["Sara Lindqvist"] == ("Diego Hernandez", 1)
    assert pairs["Carlos Mendes"] == ("Samuel Adeyemi", 1)
    request = await Pair.find_one({"program_id": program.id})
    assert request is not None and request.origin == PairOrigin.MENTEE_REQUEST
    assert request.status == PairStatus.PROPOSED and request.accepted_by_mentor_at is None
    assert await MatchPreference.find({"program_id": program.id}).count() == 3
