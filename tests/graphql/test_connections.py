"""Lists that can grow are connections: a program's managers, its ranking of mentors, a
mentor's standings and a round's confidential comments page with `first`/`after`, count with
`totalCount`, and show only what the viewer may see."""

from typing import Any

from shared.enums import RoundStatus, SurveyKind
from shared.models import Participant, Program, Recognition, RoundResult
from shared.models.results import ConfidentialComments, ReleasedComment
from tests.factories import make_participant, make_program
from tests.factories.surveys import make_round
from tests.graphql.client import ADMIN, MANAGER, GraphQLTester, gid, nodes


async def pages(
    gql: GraphQLTester, query: str, variables: dict[str, Any], path: list[str], **viewer: Any
) -> tuple[list[Any], list[int]]:
    """Every item of the connection at `path`, a page of two at a time, and the page sizes;
    `totalCount` checked on each page."""
    items: list[Any] = []
    sizes: list[int] = []
    after = None
    while True:
        found: Any = await gql.data(query, {**variables, "first": 2, "after": after}, **viewer)
        for step in path:
            found = found[step]
        items += nodes(found)
        sizes.append(len(found["edges"]))
        assert found["totalCount"] >= len(items)
        if not found["pageInfo"]["hasNextPage"]:
            assert found["totalCount"] == len(items)
            return items, sizes
        after = found["pageInfo"]["endCursor"]


MANAGERS = """query($id: ID!, $first: Int!, $after: String) { program(id: $id) {
  managers(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name } } } } }"""


async def test_a_programs_managers_page_in_the_order_they_joined(gql: GraphQLTester) -> None:
    managers = [await make_participant(name=f"Manager {n}") for n in range(5)]
    program = await make_program(manager_ids=[m.id for m in reversed(managers)])
    mentee = await make_participant()

    as_admin, sizes = await pages(
        gql, MANAGERS, {"id": gid(program)}, ["program", "managers"], roles=ADMIN
    )
    as_mentee, _ = await pages(
        gql, MANAGERS, {"id": gid(program)}, ["program", "managers"], viewer=mentee
    )

    assert [m["name"] for m in as_admin] == [f"Manager {n}" for n in range(5)]
    assert sizes == [2, 2, 1]
    assert as_mentee == as_admin  # the managers of an open program are seen by everyone


async def _standings(program: Program, mentors: list[Participant], period: str) -> None:
    assert program.id is not None
    for rank, mentor in enumerate(mentors, start=1):
        assert mentor.id is not None
        await Recognition(
            program_id=program.id,
            mentor_id=mentor.id,
            period=period,
            score=1 - rank / 100,
            rank=rank,
            rank_key=f"{rank:04d}",
        ).insert()


RANKING = """query($id: ID!, $first: Int!, $after: String) { program(id: $id) {
  recognitions(period: "2026", first: $first, after: $after) { totalCount
    pageInfo { hasNextPage endCursor } edges { node { rank mentor { name } } } } } }"""


async def test_a_programs_ranking_pages_best_first_and_a_mentor_sees_their_own_entry(
    gql: GraphQLTester,
) -> None:
    manager = await make_participant(name="Manager")
    program = await make_program(manager_ids=[manager.id])
    mentors = [await make_participant(name=f"Mentor {n}") for n in range(1, 6)]
    await _standings(program, mentors, "2026")
    await _standings(await make_program(), mentors[:2], "2026")  # another program's ranking

    ranking, sizes = await pages(
        gql,
        RANKING,
        {"id": gid(program)},
        ["program", "recognitions"],
        viewer=manager,
        roles=MANAGER,
    )
    own, _ = await pages(
        gql, RANKING, {"id": gid(program)}, ["program", "recognitions"], viewer=mentors[3]
    )

    assert [(r["rank"], r["mentor"]["name"]) for r in ranking] == [
        (n, f"Mentor {n}") for n in range(1, 6)
    ]
    assert sizes == [2, 2, 1]
    assert own == [{"rank": 4, "mentor": {"name": "Mentor 4"}}]


STANDINGS = """query($id: ID!, $first: Int!, $after: String) { node(id: $id) {
  ... on Participant { recognitions(first: $first, after: $after) { totalCount
    pageInfo { hasNextPage endCursor } edges { node { period rank } } } } } }"""


async def test_a_mentors_standings_page_newest_period_first(gql: GraphQLTester) -> None:
    mentor = await make_participant(name="Mentor")
    manager = await make_participant(name="Manager")
    managed = await make_program(manager_ids=[manager.id])
    for period in ("2025", "2026-Q1", "2026"):
        await _standings(managed, [mentor], period)
    for period in ("2025", "2026"):
        await _standings(await make_program(), [mentor], period)

    own, sizes = await pages(
        gql, STANDINGS, {"id": gid(mentor)}, ["node", "recognitions"], viewer=mentor
    )
    as_manager, _ = await pages(
        gql, STANDINGS, {"id": gid(mentor)}, ["node", "recognitions"], viewer=manager, roles=MANAGER
    )

    assert [r["period"] for r in own] == ["2026-Q1", "2026", "2026", "2025", "2025"]
    assert sizes == [2, 2, 1]
    # A manager sees the standings in the programs they manage only.
    assert [r["period"] for r in as_manager] == ["2026-Q1", "2026", "2025"]


async def test_a_viewer_who_manages_nothing_sees_no_ranking(gql: GraphQLTester) -> None:
    program = await make_program()
    await _standings(program, [await make_participant()], "2026")
    outsider = await make_participant()

    found, sizes = await pages(
        gql, RANKING, {"id": gid(program)}, ["program", "recognitions"], viewer=outsider
    )

    assert found == [] and sizes == [0]


COMMENTS = """query($id: ID!, $round: ID!, $first: Int!, $after: String) { program(id: $id) {
  confidentialComments(roundId: $round) { comments(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { text themes } } } } } }"""


async def test_a_rounds_confidential_comments_page_in_their_released_order(
    gql: GraphQLTester,
) -> None:
    program = await make_program(min_group_size=3)
    assert program.id is not None
    survey_round = await make_round(program_id=program.id, status=RoundStatus.CLOSED)
    texts = [f"Idea {n}: more structure" for n in (3, 0, 4, 1, 2)]  # stored shuffled
    await RoundResult(
        id=survey_round.id,
        program_id=program.id,
        label="Round",
        kind=SurveyKind.CHECK_IN,
        opens_at=survey_round.opens_at,
        closes_at=survey_round.closes_at,
        released_at=survey_round.closes_at,
        confidential_comments=[
            ConfidentialComments(
                question_id="program_better",
                prompt="What could the program do better?",
                commenters=len(texts),
                comments=[
                    ReleasedComment(
                        text=text,
                        label="NEUTRAL",
                        polarity=0.0,
                        intent="SUGGESTION",
                        language="en",
                        themes=["PROGRAM_ORGANISATION"],
                    )
                    for text in texts
                ],
            )
        ],
    ).insert()
    variables = {"id": gid(program), "round": gid(survey_round)}

    found: list[Any] = []
    after, sizes = None, []
    while True:
        data = await gql.data(COMMENTS, {**variables, "first": 2, "after": after}, roles=ADMIN)
        (question,) = data["program"]["confidentialComments"]
        found += nodes(question["comments"])
        sizes.append(len(question["comments"]["edges"]))
        assert question["comments"]["totalCount"] == len(texts)
        if not question["comments"]["pageInfo"]["hasNextPage"]:
            break
        after = question["comments"]["pageInfo"]["endCursor"]

    assert [c["text"] for c in found] == texts and sizes == [2, 2, 1]
    assert all(c["themes"] == ["PROGRAM_ORGANISATION"] for c in found)
