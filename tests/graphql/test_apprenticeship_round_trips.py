"""No N+1 in the apprenticeship fields: probation, plans and concerns of many pairs, and the
list of probations, cost the same number of MongoDB commands as those of a few; so do the
outstanding candidates of many programs."""

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from shared.db import init_documents
from shared.enums import MentoringPlanStatus, PairOutcome, ViewerRole
from shared.feedback.periods import quarter_key
from shared.models import Concern, MentoringPlan, Pair, Participant, Program, utc_now
from shared.models.apprenticeship import Probation
from tests.factories import make_participant
from tests.factories.apprenticeship import HR, make_apprenticeship
from tests.graphql.client import ADMIN, MANAGER, GraphQLTester
from tests.graphql.test_round_trips import CommandCounter, grown

QUERY = """query { pairs(first: 60) { totalCount edges { node {
  probation { endsOn examDueOn exam { passed } recommendation { decision } }
  mentoringPlans { totalCount edges { node { quarter mentor { name } decidedBy { name } } } }
  concerns { totalCount edges { node { text mentee { name } mentor { name } } } }
} } } }"""


@pytest.fixture
async def counter(mongodb_url: str, database_name: str) -> AsyncIterator[CommandCounter]:
    listener = CommandCounter()
    client: AsyncMongoClient[Any] = AsyncMongoClient(
        mongodb_url, tz_aware=True, event_listeners=[listener]
    )
    await init_documents(client, database_name)
    yield listener
    await client.close()


async def _pairs(count: int, program: Program | None) -> Program:
    for _ in range(count):
        world = await make_apprenticeship(program=program)
        program = world.program
        pair = world.pair
        await MentoringPlan(
            pair_id=pair.id,  # type: ignore[arg-type]
            program_id=pair.program_id,
            mentor_id=pair.mentor_id,
            mentee_id=pair.mentee_id,
            quarter=quarter_key(utc_now()),
            status=MentoringPlanStatus.APPROVED,
            decided_by_id=world.head.id,
        ).insert()
        await Concern(
            pair_id=pair.id,  # type: ignore[arg-type]
            program_id=pair.program_id,
            mentor_id=pair.mentor_id,
            mentee_id=pair.mentee_id,
            text="Too little time",
        ).insert()
    assert program is not None
    return program


@pytest.mark.parametrize("as_manager", [False, True], ids=["admin", "manager"])
async def test_apprenticeship_fields_do_not_grow_with_the_number_of_pairs(
    gql: GraphQLTester, counter: CommandCounter, as_manager: bool
) -> None:
    program = await _pairs(5, None)
    viewer = await Participant.get(program.manager_ids[0])
    roles = MANAGER if as_manager else ADMIN

    counter.commands.clear()
    few = await gql.data(QUERY, viewer=viewer, roles=roles)
    with_five = list(counter.commands)
    await _pairs(20, program)
    counter.commands.clear()
    many = await gql.data(QUERY, viewer=viewer, roles=roles)
    with_many = list(counter.commands)

    assert few["pairs"]["totalCount"] == 5 and many["pairs"]["totalCount"] == 25
    edge = many["pairs"]["edges"][-1]["node"]
    assert edge["mentoringPlans"]["totalCount"] == 1 and edge["concerns"]["totalCount"] == 1
    assert not grown(with_five, with_many), (with_five, with_many)


PROBATIONS = """query { probations(first: 60) { totalCount edges { node {
  pairId probation { endsOn stage } mentor { name } mentee { name } program { name } pair { id }
} } } }"""


@pytest.mark.parametrize("roles", [HR, MANAGER], ids=["hr", "manager"])
async def test_the_list_of_probations_does_not_grow_with_its_length(
    gql: GraphQLTester, counter: CommandCounter, roles: frozenset[ViewerRole]
) -> None:
    program = await _pairs(5, None)
    viewer = await Participant.get(program.manager_ids[0])

    counter.commands.clear()
    few = await gql.data(PROBATIONS, viewer=viewer, roles=roles)
    with_five = list(counter.commands)
    await _pairs(20, program)
    counter.commands.clear()
    many = await gql.data(PROBATIONS, viewer=viewer, roles=roles)
    with_many = list(counter.commands)

    assert few["probations"]["totalCount"] == 5 and many["probations"]["totalCount"] == 25
    assert all(edge["node"]["mentee"]["name"] for edge in many["probations"]["edges"])
    assert not grown(with_five, with_many), (with_five, with_many)


CANDIDATES = """query($year: String!) { outstandingCandidates(year: $year, first: 100) {
  totalCount edges { node { mentor { name } apprenticesPassedOnTime recognitionScore } } } }"""


async def _settled_programs(count: int) -> None:
    for _ in range(count):
        world = await make_apprenticeship()
        settled = Probation(
            ends_on=date.today(), outcome=PairOutcome.PASSED_ON_TIME, settled_on=date.today()
        )
        await Pair.find_one(Pair.id == world.pair.id).set({Pair.probation: settled})


async def test_outstanding_candidates_do_not_grow_with_the_number_of_programs(
    gql: GraphQLTester, counter: CommandCounter
) -> None:
    year = str(date.today().year)
    hr = await make_participant()
    await _settled_programs(2)

    counter.commands.clear()
    few = await gql.data(CANDIDATES, {"year": year}, viewer=hr, roles=HR)
    with_two = list(counter.commands)
    await _settled_programs(10)
    counter.commands.clear()
    many = await gql.data(CANDIDATES, {"year": year}, viewer=hr, roles=HR)
    with_twelve = list(counter.commands)

    assert few["outstandingCandidates"]["totalCount"] == 2
    assert many["outstandingCandidates"]["totalCount"] == 12
    assert not grown(with_two, with_twelve), (with_two, with_twelve)
