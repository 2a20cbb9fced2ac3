"""The year-end evaluation of a talent pool, on a crafted year of records, and the selection
of its outstanding members."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest

from shared.enums import DevelopmentActivityKind, EnrollmentStatus, GoalStatus, PairStatus
from shared.models import Enrollment, Participant, Program
from tests.factories import make_goal, make_pair, make_participant, make_program
from tests.factories.talent import (
    make_activity,
    make_application,
    make_assessment,
    make_member,
    make_report,
    make_talent_program,
    midnight,
)
from tests.graphql.client import MANAGER, GraphQLTester, error_codes, gid, nodes
from tests.graphql.test_talent_reserve import EXECUTIVE, HR

# Two years back: every report of the year is long due, whatever today is.
YEAR = datetime.now(UTC).year - 2
INTERNAL, EXTERNAL = (
    DevelopmentActivityKind.INTERNAL_TRAINING,
    DevelopmentActivityKind.EXTERNAL_TRAINING,
)


def q(n: int) -> str:
    return f"{YEAR}-Q{n}"


def day(month: int, dom: int = 15, year: int = YEAR) -> date:
    return date(year, month, dom)


@dataclass
class Year:
    program: Program
    manager: Participant
    tutor: Participant
    members: dict[str, Enrollment]
    people: dict[str, Participant]


async def _member(program: Program, name: str, people: dict[str, Participant]) -> Enrollment:
    people[name] = await make_participant(name=name)
    return await make_member(program=program, participant=people[name], since=midnight(day(1, 1)))


async def _goals(program: Program, tutor: Participant, member: Participant, *goals: Any) -> None:
    pair = await make_pair(
        program=program, mentor=tutor, mentee=member, enroll=False, status=PairStatus.COMPLETED
    )
    for status, achieved_at in goals:
        await make_goal(
            pair=pair,
            status=status,
            achieved_at=achieved_at,
            created_at=midnight(day(1, 10)),
        )


@pytest.fixture
async def year(database_name: str) -> Year:
    manager = await make_participant(name="Mira Manager")
    tutor = await make_participant(name="Tom Tutor")
    program = await make_talent_program(manager_ids=[manager.id])
    people: dict[str, Participant] = {}
    members = {
        name: await _member(program, name, people)
        for name in ("Alba", "Bruno", "Carla", "Dora", "Emil")
    }

    # Alba: excellent ratings, every report on time, every minimum met, both goals achieved.
    alba = members["Alba"]
    for n, scores in enumerate(([5, 5], [5, 4], [4, 4], [5, 5]), start=1):
        await make_assessment(member=alba, tutor=tutor, quarter=q(n), scores=scores)
        await make_report(member=alba, quarter=q(n))
        await make_activity(member=alba, kind=INTERNAL, ended_on=day(3 * n))
    await make_activity(member=alba, kind=EXTERNAL, ended_on=day(9))
    achieved = (GoalStatus.ACHIEVED, midnight(day(6)))
    await _goals(program, tutor, people["Alba"], achieved, achieved)

    # Bruno and Dora alike: average ratings twice, half the reports on time (one late, one
    # missing), internal training in two quarters only, half their goals.
    for name in ("Bruno", "Dora"):
        member = members[name]
        for n in (1, 2):
            await make_assessment(member=member, tutor=tutor, quarter=q(n), scores=[3])
            await make_activity(member=member, kind=INTERNAL, ended_on=day(3 * n))
        await make_report(member=member, quarter=q(1))
        await make_report(member=member, quarter=q(2), on_time=False)
        await make_report(member=member, quarter=q(4))
        await _goals(
            program,
            tutor,
            people[name],
            achieved,
            (GoalStatus.IN_PROGRESS, None),
            (GoalStatus.DROPPED, None),
            (GoalStatus.ACHIEVED, midnight(day(11, year=YEAR - 1))),  # an earlier year's
        )

    # Carla: no assessment and no goal (left out of her score), three reports of four on
    # time, every minimum met (two trainings in one quarter count once).
    carla = members["Carla"]
    for n in (1, 2, 3):
        await make_report(member=carla, quarter=q(n))
    for month in (2, 3, 6, 9, 12):
        await make_activity(member=carla, kind=INTERNAL, ended_on=day(month))
    await make_activity(member=carla, kind=EXTERNAL, ended_on=day(5))
    # Emil did nothing at all.

    # Not ranked: an application, a withdrawn member, a member of another reserve, and an
    # activity of another year.
    await make_application(program=program, participant=await make_participant(name="Applicant"))
    await make_application(
        program=program,
        participant=await make_participant(name="Gone"),
        status=EnrollmentStatus.WITHDRAWN,
        publicity_ends_at=midnight(day(1, 1)),
    )
    await make_member(
        program=await make_talent_program(),
        participant=await make_participant(name="Elsewhere"),
        since=midnight(day(1, 1)),
    )
    await make_activity(member=members["Emil"], kind=EXTERNAL, ended_on=day(1, year=YEAR + 1))
    return Year(program, manager, tutor, members, people)


EVALUATION = """query($id: ID!, $year: Int) { program(id: $id) { yearEndEvaluation(year: $year) {
  year weights { component weight }
  standings { totalCount edges { node {
    name rank score selected
    parts { component weight value }
    evidence { assessments meanAssessment reportsOnTime reportsOwed minimumsMet
      minimumsCounted goalsAchieved goalsCounted }
  } } }
  selection { current { note selected { name } selectedBy { name } } history { note } }
} } }"""


async def _evaluation(gql: GraphQLTester, y: Year, **viewer: Any) -> Any:
    data = await gql.data(EVALUATION, {"id": gid(y.program), "year": YEAR}, **viewer)
    return data["program"]["yearEndEvaluation"]


async def test_members_are_ranked_by_the_documented_composite(
    gql: GraphQLTester, year: Year
) -> None:
    evaluation = await _evaluation(gql, year, viewer=year.manager, roles=MANAGER)

    standings = nodes(evaluation["standings"])
    assert [(s["name"], s["rank"], s["score"]) for s in standings] == [
        ("Alba", 1, 0.9625),  # 0.4 * (4.625 - 1) / 4 + 0.2 + 0.25 + 0.15
        ("Carla", 2, 0.888889),  # (0.2 * 3/4 + 0.25 * 1) / (0.2 + 0.25)
        ("Bruno", 3, 0.475),  # 0.4 * 0.5 + 0.2 * 0.5 + 0.25 * 2/5 + 0.15 * 1/2
        ("Dora", 3, 0.475),
        ("Emil", 5, 0.0),
    ]
    assert evaluation["weights"] == [
        {"component": "TUTOR_ASSESSMENTS", "weight": 0.4},
        {"component": "REPORTS_ON_TIME", "weight": 0.2},
        {"component": "DEVELOPMENT_ACTIVITIES", "weight": 0.25},
        {"component": "GOALS_ACHIEVED", "weight": 0.15},
    ]
    bruno = standings[2]
    assert bruno["evidence"] == {
        "assessments": 2,
        "meanAssessment": 3.0,
        "reportsOnTime": 2,
        "reportsOwed": 4,
        "minimumsMet": 2,
        "minimumsCounted": 5,
        "goalsAchieved": 1,
        "goalsCounted": 2,
    }
    assert [p["value"] for p in bruno["parts"]] == [0.5, 0.5, 0.4, 0.5]
    carla = standings[1]
    assert [p["value"] for p in carla["parts"]] == [None, 0.75, 1.0, None]
    assert evaluation["selection"] is None


async def test_a_program_weighs_the_parts_its_own_way(gql: GraphQLTester, year: Year) -> None:
    async def weigh(*weights: tuple[str, float]) -> Any:
        return await gql.mutate(
            "programUpdate",
            {
                "id": gid(year.program),
                "yearEndWeights": [{"component": c, "weight": w} for c, w in weights],
            },
            "program { yearEndWeights { component weight } }",
            viewer=year.manager,
            roles=MANAGER,
        )

    refused = [
        await weigh(("REPORTS_ON_TIME", 0.5), ("REPORTS_ON_TIME", 0.5)),
        await weigh(("REPORTS_ON_TIME", 0.0)),
        await weigh(("GOALS_ACHIEVED", 1.5)),
    ]
    only_reports = await weigh(("REPORTS_ON_TIME", 1.0))
    evaluation = await _evaluation(gql, year, viewer=year.manager, roles=MANAGER)

    assert [error_codes(payload) for payload in refused] == [["INVALID"]] * 3
    assert only_reports["program"]["yearEndWeights"] == [
        {"component": "REPORTS_ON_TIME", "weight": 1.0}
    ]
    assert [(s["name"], s["rank"], s["score"]) for s in nodes(evaluation["standings"])] == [
        ("Alba", 1, 1.0),  # every report on time
        ("Carla", 2, 0.75),
        ("Bruno", 3, 0.5),
        ("Dora", 3, 0.5),
        ("Emil", 5, 0.0),
    ]
    assert [(w["component"], w["weight"]) for w in evaluation["weights"]] == [
        ("TUTOR_ASSESSMENTS", 0.0),
        ("REPORTS_ON_TIME", 1.0),
        ("DEVELOPMENT_ACTIVITIES", 0.0),
        ("GOALS_ACHIEVED", 0.0),
    ]


async def test_the_evaluation_is_for_hr_top_management_and_the_programs_managers(
    gql: GraphQLTester, year: Year
) -> None:
    member = year.people["Alba"]

    by_hr = await _evaluation(gql, year, viewer=member, roles=HR)
    by_executive = await _evaluation(gql, year, viewer=year.tutor, roles=EXECUTIVE)
    by_member = await _evaluation(gql, year, viewer=member)
    by_tutor = await _evaluation(gql, year, viewer=year.tutor)

    assert by_hr["standings"]["totalCount"] == by_executive["standings"]["totalCount"] == 5
    assert by_member is None and by_tutor is None


SELECTION = "selection { year current { note selected { name } } history { note } }"


async def test_hr_or_top_management_record_the_selection(gql: GraphQLTester, year: Year) -> None:
    y = year
    choice = {
        "programId": gid(y.program),
        "year": YEAR,
        "participantIds": [gid(y.people["Alba"]), gid(y.people["Carla"])],
        "note": "Top two of the year",
    }
    by_hr = await gql.mutate("outstandingSelect", choice, SELECTION, viewer=y.tutor, roles=HR)
    replaced = await gql.mutate(
        "outstandingSelect",
        {**choice, "participantIds": [gid(y.people["Alba"])], "note": "Alba only"},
        SELECTION,
        viewer=y.manager,
        roles=EXECUTIVE,
    )
    by_manager = await gql.mutate(
        "outstandingSelect", choice, SELECTION, viewer=y.manager, roles=MANAGER
    )
    outsider = await gql.mutate(
        "outstandingSelect",
        {**choice, "participantIds": [gid(await make_participant(name="Applicant 2"))]},
        SELECTION,
        viewer=y.tutor,
        roles=HR,
    )
    future = await gql.mutate(
        "outstandingSelect",
        {**choice, "year": datetime.now(UTC).year + 1},
        SELECTION,
        viewer=y.tutor,
        roles=HR,
    )
    not_a_reserve = await gql.mutate(
        "outstandingSelect",
        {**choice, "programId": gid(await make_program())},
        SELECTION,
        viewer=y.tutor,
        roles=HR,
    )
    evaluation = await _evaluation(gql, y, viewer=y.manager, roles=MANAGER)

    assert by_hr["selection"]["current"]["selected"] == [{"name": "Alba"}, {"name": "Carla"}]
    assert replaced["selection"]["current"] == {"note": "Alba only", "selected": [{"name": "Alba"}]}
    assert replaced["selection"]["history"] == [{"note": "Top two of the year"}]
    assert error_codes(by_manager) == ["FORBIDDEN"]
    assert error_codes(outsider) == ["NOT_ENROLLED"]
    assert outsider["userErrors"][0]["field"] == ["input", "participantIds"]
    assert error_codes(future) == error_codes(not_a_reserve) == ["INVALID"]
    assert {s["name"]: s["selected"] for s in nodes(evaluation["standings"])} == {
        "Alba": True,
        "Carla": False,
        "Bruno": False,
        "Dora": False,
        "Emil": False,
    }
    selection = evaluation["selection"]
    assert selection["current"]["selectedBy"] == {"name": "Mira Manager"}
    assert selection["history"] == [{"note": "Top two of the year"}]


async def test_a_year_out_of_range_is_the_clients_mistake(gql: GraphQLTester, year: Year) -> None:
    result = await gql.run(
        EVALUATION, {"id": gid(year.program), "year": 99999}, viewer=year.manager, roles=MANAGER
    )

    assert result.errors is not None
    assert result.errors[0].extensions == {"code": "BAD_USER_INPUT"}
