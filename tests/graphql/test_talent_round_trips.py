"""No N+1 in the talent reserve's fields: the commands a query sends depend on its shape, not
on how many programs, members or records it returns."""

from datetime import UTC, datetime
from typing import Any

import pytest

from shared.enums import DevelopmentActivityKind, ViewerRole
from shared.feedback.periods import quarter_key
from shared.models import Participant
from tests.factories import make_pair, make_participant
from tests.factories.talent import (
    make_activity,
    make_assessment,
    make_member,
    make_report,
    make_talent_program,
)
from tests.graphql.client import MANAGER, GraphQLTester, gid
from tests.graphql.test_round_trips import CommandCounter, grown
from tests.graphql.test_round_trips import counter as counter  # the fixture
from tests.graphql.test_talent_reserve import HR

TODAY = datetime.now(UTC).date()
QUARTER = quarter_key(TODAY)

PROGRAMS = """{ programs(first: 50, filter: {kind: [TALENT_RESERVE]}) { edges { node {
  publicityDays developmentMinimums { kind }
  talentAnnouncements { totalCount edges { node { name } } }
  talentReserveDue { totalCount edges { node { name tutor { name } behind { kind } } } }
  yearEndEvaluation { standings { totalCount edges { node { name score participant { name } } } }
    selection { current { note } } }
} } } }"""

POOL = """query($program: ID!) { talentPool(programId: $program, first: 100) { edges { node {
  name department title echelon
  participant { name talentPoolMemberships { totalCount } }
  enrollment { status application { echelon } objections { totalCount } poolMembership { echelon } }
  tutor { name }
  developmentProgress { share slots { done } }
  developmentActivities { totalCount edges { node { title loggedBy { name } } } }
  progressReports { edges { node { quarter } } }
  mentorAssessments { edges { node { meanScore tutor { name } } } }
} } } }"""


async def _reserve(members: int, manager: Participant | None = None) -> Any:
    program = await make_talent_program(manager_ids=[manager.id] if manager else [])
    for _ in range(members):
        person = await make_participant()
        tutor = await make_participant()
        await make_pair(program=program, mentor=tutor, mentee=person, enroll=False)
        member = await make_member(program=program, participant=person)
        await make_activity(
            member=member, kind=DevelopmentActivityKind.INTERNAL_TRAINING, ended_on=TODAY
        )
        await make_report(member=member, quarter=QUARTER)
        await make_assessment(member=member, tutor=tutor, quarter=QUARTER, scores=[4])
    return program


async def _commands(
    gql: GraphQLTester,
    counter: CommandCounter,
    query: str,
    variables: dict[str, Any],
    viewer: Participant,
    roles: frozenset[ViewerRole] = HR,
) -> list[str]:
    counter.commands.clear()
    await gql.data(query, variables, viewer=viewer, roles=roles)
    return list(counter.commands)


async def test_talent_fields_of_many_programs_cost_what_one_costs(
    gql: GraphQLTester, counter: CommandCounter
) -> None:
    hr = await make_participant()
    await _reserve(2)
    one = await _commands(gql, counter, PROGRAMS, {}, hr)
    for _ in range(5):
        await _reserve(2)
    six = await _commands(gql, counter, PROGRAMS, {}, hr)

    assert not grown(one, six), (one, six)


@pytest.mark.parametrize("roles", [HR, MANAGER], ids=["hr", "manager"])
async def test_a_pools_records_cost_the_same_for_two_members_or_twenty(
    gql: GraphQLTester, counter: CommandCounter, roles: frozenset[ViewerRole]
) -> None:
    viewer = await make_participant()
    small, large = await _reserve(2, viewer), await _reserve(20, viewer)
    with_two = await _commands(gql, counter, POOL, {"program": gid(small)}, viewer, roles)
    with_twenty = await _commands(gql, counter, POOL, {"program": gid(large)}, viewer, roles)

    assert not grown(with_two, with_twenty), (with_two, with_twenty)
    assert "getMore" not in with_twenty
