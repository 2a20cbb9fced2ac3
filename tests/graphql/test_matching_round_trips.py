"""No N+1 in matching: suggestions and proposals cost the same database commands whatever the
number of mentors, mentees and pairs they show."""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from shared.db import init_documents
from tests.factories.matching import MatchingProgram, make_matching_program
from tests.graphql.client import MANAGER, GraphQLTester, gid
from tests.graphql.test_round_trips import CommandCounter, grown

QUERY = """query($program: ID!, $mentee: ID!) { program(id: $program) {
  matchSuggestions(menteeId: $mentee, first: 50) {
    score mentor { name email } reasons { code text } }
  matchPreferences(menteeId: $mentee) { mentors { name } }
  matchingRules { minScore }
  matchingProposals(first: 5) { edges { node {
    pairCount createdBy { name }
    pairs(first: 50) { edges { node {
      mentee { name developmentNeeds } mentor { name } reasons { text } pair { status } } } }
    unmatched(first: 50) { edges { node { mentee { name } code } } } } } }
  pairs(first: 50) { edges { node { matchReasons matchReasonDetails { code }
    forcedActivation { by { name } } proposedBy { name } } } }
} }"""


@pytest.fixture
async def counter(mongodb_url: str, database_name: str) -> AsyncIterator[CommandCounter]:
    listener = CommandCounter()
    client: AsyncMongoClient[Any] = AsyncMongoClient(
        mongodb_url, tz_aware=True, event_listeners=[listener]
    )
    await init_documents(client, database_name)
    yield listener
    await client.close()


async def _grow(gql: GraphQLTester, world: MatchingProgram, people: int) -> None:
    """More mentors and mentees, a proposal for them applied, a preference."""
    for _ in range(people):
        await world.mentor(mentor_capacity=2)
        await world.mentee()
    created = await gql.mutate(
        "matchingProposalCreate",
        {"programId": gid(world.program)},
        "proposal { id }",
        viewer=world.manager,
        roles=MANAGER,
    )
    await gql.mutate(
        "matchingProposalApply",
        {"id": created["proposal"]["id"]},
        "pairs { id }",
        viewer=world.manager,
        roles=MANAGER,
    )


async def test_matching_reads_do_not_grow_with_the_program(
    gql: GraphQLTester, counter: CommandCounter
) -> None:
    world = await make_matching_program()
    mentee = await world.mentee(name="Asking")
    variables = {"program": gid(world.program), "mentee": gid(mentee)}
    viewer: dict[str, Any] = {"viewer": world.manager, "roles": MANAGER}

    async def commands() -> list[str]:
        counter.commands.clear()
        data = await gql.data(QUERY, variables, **viewer)
        assert data["program"]["matchSuggestions"]
        return list(counter.commands)

    await _grow(gql, world, 3)
    few = await commands()
    await _grow(gql, world, 30)
    many = await commands()

    assert not grown(few, many), (few, many)
    assert "getMore" not in many
