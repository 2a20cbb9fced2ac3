"""No N+1: the number of MongoDB commands depends on the query's shape, not on the data size."""

from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pymongo import AsyncMongoClient, monitoring

from shared.db import init_documents
from shared.enums import Role
from tests.factories import (
    make_check_in,
    make_enrollment,
    make_goal,
    make_pair,
    make_participant,
    make_program,
)
from tests.graphql.client import ADMIN, MANAGER, GraphQLTester

NESTED = """query($first: Int!) {
  programs(first: $first) { totalCount edges { node {
    name
    managers { edges { node { name email recognitions { edges { node { rank } } } } } }
    satisfaction { availability averageScore responseRate }
    satisfactionTrend(granularity: QUARTER) { period averageScore }
    insights { atRiskPairs goalAchievementRate themes { theme } responseRates { label } }
    surveyRounds { totalCount edges { node { label invited } } }
    recognitions { totalCount edges { node { rank mentor { name } } } }
    stats { checkInsLast30Days pairsByStatus { status count } }
    enrollments { totalCount edges { node { status participant { name } } } }
    pairs { totalCount edges { node {
      status
      mentor { name email }
      health { status }
      feedback { roundLabel }
      mentee { name developmentNeeds }
      goals(first: 10) { totalCount edges { node { title milestones { title done } } } }
      checkIns(first: 5) { edges { node { heldOn } } }
    } } }
  } } }
}"""


class CommandCounter(monitoring.CommandListener):
    def __init__(self) -> None:
        self.commands: list[str] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        target = event.command.get(event.command_name)
        self.commands.append(f"{event.command_name}:{target}")

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


def grown(few: list[str], many: list[str]) -> Counter[str]:
    """The commands sent for many items beyond those sent for a few, less the one extra batch
    a loader may send when the records it follows arrive in different turns of the event loop
    (what a timing changes); an N+1 adds a command for every further item."""
    extra = Counter(many) - Counter(few)
    return Counter({command: n for command, n in extra.items() if n > 1})


@pytest.fixture
async def counter(mongodb_url: str, database_name: str) -> AsyncIterator[CommandCounter]:
    listener = CommandCounter()
    client: AsyncMongoClient[Any] = AsyncMongoClient(
        mongodb_url, tz_aware=True, event_listeners=[listener]
    )
    await init_documents(client, database_name)
    yield listener
    await client.close()


async def _programs(count: int, manager: Any) -> None:
    for _ in range(count):
        program = await make_program(manager_ids=[manager.id])
        await make_enrollment(program=program, participant=manager, role=Role.MENTOR)
        for _ in range(2):
            pair = await make_pair(program=program)
            await make_goal(pair=pair, milestones=[{"title": "Step"}])
            await make_check_in(pair=pair)


async def _commands_for(gql: GraphQLTester, counter: CommandCounter, **viewer: Any) -> list[str]:
    counter.commands.clear()
    data = await gql.data(NESTED, {"first": 60}, **viewer)
    assert data["programs"]["edges"]
    return list(counter.commands)


@pytest.mark.parametrize("as_manager", [False, True], ids=["admin", "manager"])
async def test_round_trips_do_not_grow_with_the_number_of_programs(
    gql: GraphQLTester, counter: CommandCounter, as_manager: bool
) -> None:
    manager = await make_participant()
    viewer: dict[str, Any] = {"viewer": manager, "roles": MANAGER if as_manager else ADMIN}

    await _programs(5, manager)
    with_five = await _commands_for(gql, counter, **viewer)
    await _programs(45, manager)
    with_fifty = await _commands_for(gql, counter, **viewer)

    # Every list is loaded for all programs at once: ten times the programs, no more commands.
    assert not grown(with_five, with_fifty), (with_five, with_fifty)
    assert "getMore" not in with_fifty, with_fifty
    # One command or two per list (its page, its count), whatever the number of programs.
    assert len(with_five) <= 34
