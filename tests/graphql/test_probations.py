"""The list of probations: HR finds the exams to record and the extensions to decide, soonest
ending first, and acts on them; each viewer sees the apprenticeships they follow, no others."""

import base64
import json
from datetime import date, timedelta
from typing import Any

from shared.enums import PairStatus, ViewerRole
from shared.models import Participant
from tests.factories import make_pair, make_participant, make_program
from tests.factories.apprenticeship import (
    EXECUTIVE,
    HEAD,
    HR,
    make_apprenticeship,
)
from tests.graphql.client import ADMIN, MANAGER, GraphQLTester, error_codes, gid, nodes

LIST = """query($filter: ProbationFilter, $first: Int! = 20, $after: String) {
  probations(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { pairId startsOn probation { endsOn stage }
      mentor { name } mentee { name } program { id } pair { id } } } } }"""


async def _list(
    gql: GraphQLTester,
    viewer: Participant | None = None,
    roles: Any = frozenset(),
    **filter: Any,
) -> dict[str, Any]:
    data = await gql.data(LIST, {"filter": filter or None}, viewer=viewer, roles=roles)
    listed: dict[str, Any] = data["probations"]
    return listed


async def _cases(gql: GraphQLTester, viewer: Any = None, roles: Any = HR, **filter: Any) -> list:
    hr = viewer or await make_participant(name="Hilde HR", department="People")
    return [
        (case["pairId"], case["probation"]["stage"])
        for case in nodes(await _list(gql, hr, roles, **filter))
    ]


async def _act(gql: GraphQLTester, name: str, input: dict[str, Any], **viewer: Any) -> None:
    payload = await gql.mutate(name, input, "pair { id }", **viewer)
    assert payload["userErrors"] == [], payload


async def test_hr_finds_what_waits_soonest_ending_first_and_acts_on_it(
    gql: GraphQLTester,
) -> None:
    hr = await make_participant(name="Hilde HR", department="People")
    first = await make_apprenticeship(started_days_ago=150)
    second = await make_apprenticeship(program=first.program, started_days_ago=100)
    elsewhere = await make_apprenticeship(started_days_ago=60, department="Assembly")
    await make_apprenticeship(program=first.program, status=PairStatus.COMPLETED)
    await make_pair(program=await make_program())
    one, two, three = gid(first.pair), gid(second.pair), gid(elsewhere.pair)

    listed = await _list(gql, hr, HR)
    assert [(c["pairId"], c["probation"]["stage"]) for c in nodes(listed)] == [
        (one, "EXAM_DUE"),
        (two, "EXAM_DUE"),
        (three, "EXAM_DUE"),
    ]
    assert listed["totalCount"] == 3
    case = nodes(listed)[0]
    assert (case["mentor"]["name"], case["mentee"]["name"]) == ("Tomasz Master", "Ada Apprentice")
    assert case["program"] == {"id": gid(first.program)}
    assert case["pair"] is None  # HR follows the probation, not the pair's goals and check-ins

    # HR records the first exam with the ID from the list; the mentor asks to extend the second.
    taken_on = (date.today() - timedelta(days=1)).isoformat()
    exam = {"pairId": one, "takenOn": taken_on, "passed": True, "score": 80}
    await _act(gql, "qualificationExamRecord", exam, viewer=hr, roles=HR)
    extend = {"pairId": two, "decision": "EXTEND", "extendByMonths": 3, "reason": "More practice"}
    await _act(gql, "probationRecommend", extend, viewer=second.mentor)
    assert await _cases(gql, hr) == [
        (one, "CONFIRMATION_DUE"),
        (two, "EXTENSION_PENDING"),
        (three, "EXAM_DUE"),
    ]
    assert await _cases(gql, hr, stage=["EXTENSION_PENDING"]) == [(two, "EXTENSION_PENDING")]
    # One at a time, the pages merge the stages in the same order.
    paged, after = [], None
    while True:
        data = await gql.data(LIST, {"first": 1, "after": after}, viewer=hr, roles=HR)
        paged += [case["pairId"] for case in nodes(data["probations"])]
        if not data["probations"]["pageInfo"]["hasNextPage"]:
            break
        after = data["probations"]["pageInfo"]["endCursor"]
    assert paged == [one, two, three]

    # Accepted, the extension moves the second's end after the third's.
    decision = {"pairId": two, "approve": True, "comment": "Agreed"}
    await _act(gql, "probationExtensionDecide", decision, viewer=hr, roles=HR)
    confirm = {"pairId": one, "decision": "CONFIRM_ON_TIME", "reason": "Ready"}
    await _act(gql, "probationRecommend", confirm, viewer=first.mentor)
    assert await _cases(gql, hr) == [(three, "EXAM_DUE"), (two, "EXAM_DUE")]
    assert await _cases(gql, hr, stage=["CONFIRMED", "NOT_PASSED"]) == [(one, "CONFIRMED")]


async def test_each_viewer_sees_the_probations_they_follow(gql: GraphQLTester) -> None:
    world = await make_apprenticeship(department="Production")
    colleague = await make_apprenticeship(program=world.program, department="Assembly")
    other = await make_apprenticeship(department="Assembly")
    everyone = {gid(w.pair) for w in (world, colleague, other)}
    stranger = await make_participant(department="Production")

    async def seen(viewer: Participant | None, roles: Any = frozenset()) -> set[str]:
        listed = await _list(gql, viewer, roles)
        assert listed["totalCount"] == len(nodes(listed))
        return {case["pairId"] for case in nodes(listed)}

    assert await seen(await make_participant(), HR) == everyone
    assert await seen(None, ADMIN) == everyone
    assert await seen(world.manager, MANAGER) == {gid(world.pair), gid(colleague.pair)}
    assert await seen(other.head, HEAD) == {gid(colleague.pair), gid(other.pair)}
    assert await seen(world.mentor) == {gid(world.pair)}
    assert await seen(world.mentee) == {gid(world.pair)}
    assert await seen(stranger) == set()
    assert await seen(stranger, EXECUTIVE) == set()
    assert await seen(stranger, frozenset({ViewerRole.PROGRAM_MANAGER})) == set()
    # A program's manager sees the pair too; a department head follows it without seeing it.
    managed = nodes(await _list(gql, world.manager, MANAGER))
    assert all(case["pair"] is not None for case in managed)
    headed = nodes(await _list(gql, other.head, HEAD))
    assert [case["pair"] for case in headed] == [None, None]


async def test_pages_and_the_end_date_filter(gql: GraphQLTester) -> None:
    program = (await make_apprenticeship(started_days_ago=170)).program
    later = [
        await make_apprenticeship(program=program, started_days_ago=days_ago)
        for days_ago in (160, 130, 100, 70)
    ]
    await make_apprenticeship(started_days_ago=175)  # another program's
    hr = await make_participant()

    seen: list[tuple[str, str]] = []
    after = None
    while True:
        data = await gql.data(
            LIST,
            {"filter": {"programId": gid(program)}, "first": 2, "after": after},
            viewer=hr,
            roles=HR,
        )
        page = data["probations"]
        seen += [(case["pairId"], case["probation"]["endsOn"]) for case in nodes(page)]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    fourth_ends = seen[3][1]
    by_fourth = await _cases(gql, hr, programId=gid(program), endsBy=fourth_ends)

    assert len(seen) == 5 and [pair for pair, _ in seen[1:]] == [gid(w.pair) for w in later]
    assert [ends for _, ends in seen] == sorted(ends for _, ends in seen)
    assert [pair for pair, _ in by_fourth] == [pair for pair, _ in seen[:4]]
    other_list = await gql.run(
        "query($after: String) { mentoringPlans(after: $after) { totalCount } }",
        {"after": after},
        viewer=hr,
        roles=HR,
    )
    assert other_list.errors is not None
    assert "another list" in other_list.errors[0].message


async def test_hr_cannot_record_the_exam_of_their_own_apprentice(gql: GraphQLTester) -> None:
    world = await make_apprenticeship()
    hr_mentor = world.mentor  # the master works in HR too

    payload = await gql.mutate(
        "qualificationExamRecord",
        {"pairId": gid(world.pair), "takenOn": date.today().isoformat(), "passed": True},
        "pair { id }",
        viewer=hr_mentor,
        roles=HR,
    )

    assert error_codes(payload) == ["SAME_PERSON"]
    assert await _cases(gql) == [(gid(world.pair), "EXAM_DUE")]


async def test_a_cursor_naming_a_time_without_a_zone_reads_it_as_utc(gql: GraphQLTester) -> None:
    world = await make_apprenticeship(started_days_ago=30)
    hr = await make_participant()
    payload = {
        "list": "probations",
        "order": ["probation.ends_on", 1],
        "after": [{"$date": "2000-01-01T00:00:00"}, "0" * 24],
    }
    cursor = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")
    ends_by = (date.today() + timedelta(days=400)).isoformat()

    result = await gql.run(
        LIST, {"filter": {"endsBy": ends_by}, "after": cursor}, viewer=hr, roles=HR
    )

    assert result.errors is None, result.errors
    assert result.data is not None
    assert [c["pairId"] for c in nodes(result.data["probations"])] == [gid(world.pair)]
