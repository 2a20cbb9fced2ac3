"""The year's outstanding candidates: mentors whose apprentices passed on time first, then by
recognition score, on a crafted data set; and who may see the list."""

from datetime import date, timedelta
from typing import Any

from bson import ObjectId

from shared.enums import PairOutcome, PairStatus, ProgramKind
from shared.models import Participant, Program, Recognition
from shared.models.apprenticeship import Probation
from shared.models.feedback import RecognitionEvidence
from tests.factories import make_pair, make_participant, make_program
from tests.factories.apprenticeship import EXECUTIVE, HR
from tests.graphql.client import ADMIN, MANAGER, GraphQLTester, gid, nodes

YEAR = str(date.today().year)
CANDIDATES = """query($year: String!, $programId: ID) {
  outstandingCandidates(year: $year, programId: $programId) { totalCount edges { node {
    rank mentor { name } apprenticesPassedOnTime apprenticesExtended apprenticesNotPassed
    apprenticeshipsSettled recognitionScore recognitions { period score } } } } }"""


async def _settled(program: Program, mentor: Participant, outcome: PairOutcome, on: date) -> None:
    probation = Probation(ends_on=on + timedelta(days=10), outcome=outcome, settled_on=on)
    status = PairStatus.COMPLETED if outcome != PairOutcome.EXTENDED else PairStatus.ACTIVE
    await make_pair(
        program=program, mentor=mentor, enroll=False, status=status, probation=probation
    )


async def _standing(program: Program, mentor: Participant, score: float) -> None:
    await Recognition(
        program_id=program.id,  # type: ignore[arg-type]
        mentor_id=mentor.id,  # type: ignore[arg-type]
        period=YEAR,
        score=score,
        rank=1,
        evidence=RecognitionEvidence(responses=6, average_satisfaction=4.5),
    ).insert()


async def _world() -> tuple[Program, Participant]:
    manager = await make_participant(name="Manager")
    program = await make_program(kind=ProgramKind.APPRENTICESHIP, manager_ids=[manager.id])
    today = date.today()
    last_year = date(today.year - 1, 6, 30)
    people = {name: await make_participant(name=name) for name in "ABCDEF"}
    for _ in range(2):
        await _settled(program, people["A"], PairOutcome.PASSED_ON_TIME, today)
    await _settled(program, people["B"], PairOutcome.PASSED_ON_TIME, today)
    await _standing(program, people["B"], 0.9)
    await _settled(program, people["C"], PairOutcome.PASSED_ON_TIME, today)
    await _settled(program, people["C"], PairOutcome.NOT_PASSED, today)
    await _standing(program, people["C"], 0.5)
    await _settled(program, people["D"], PairOutcome.NOT_PASSED, today)
    await _standing(program, people["D"], 0.95)
    await _settled(program, people["E"], PairOutcome.PASSED_ON_TIME, last_year)  # not this year
    await _settled(program, people["E"], PairOutcome.EXTENDED, today)
    await _standing(program, people["F"], 0.99)
    other = await make_program(kind=ProgramKind.APPRENTICESHIP)
    await _settled(other, people["D"], PairOutcome.PASSED_ON_TIME, today)  # another program
    return program, manager


async def test_mentors_whose_apprentices_passed_on_time_come_first(gql: GraphQLTester) -> None:
    program, manager = await _world()

    data = await gql.data(
        CANDIDATES, {"year": YEAR, "programId": gid(program)}, viewer=manager, roles=MANAGER
    )

    found = nodes(data["outstandingCandidates"])
    assert [(c["rank"], c["mentor"]["name"]) for c in found] == [
        (1, "A"),
        (2, "B"),  # one on time, score 0.9
        (3, "C"),  # one on time, score 0.5
        (4, "F"),  # none settled, score 0.99
        (5, "D"),  # score 0.95, one not passed
        (6, "E"),  # extended, no standing
    ]
    first, third, last = found[0], found[2], found[5]
    assert (first["apprenticesPassedOnTime"], first["apprenticeshipsSettled"]) == (2, 2)
    assert first["recognitionScore"] is None and first["recognitions"] == []
    assert (third["apprenticesNotPassed"], third["recognitionScore"]) == (1, 0.5)
    assert third["recognitions"] == [{"period": YEAR, "score": 0.5}]
    assert (last["apprenticesExtended"], last["apprenticesPassedOnTime"]) == (1, 0)


async def test_hr_and_executives_rank_every_apprenticeship_program(gql: GraphQLTester) -> None:
    await _world()
    viewer = await make_participant()

    as_hr = await gql.data(CANDIDATES, {"year": YEAR}, viewer=viewer, roles=HR)
    as_executive = await gql.data(CANDIDATES, {"year": YEAR}, viewer=viewer, roles=EXECUTIVE)

    for data in (as_hr, as_executive):
        found = nodes(data["outstandingCandidates"])
        # Across both programs D has one apprentice on time too.
        assert [c["mentor"]["name"] for c in found][:4] == ["A", "D", "B", "C"]


async def test_others_may_not_see_the_candidates(gql: GraphQLTester) -> None:
    program, _ = await _world()
    mentor = await make_participant()
    other_manager = await make_participant()
    await make_program(manager_ids=[other_manager.id])

    async def refusal(variables: dict[str, Any], **viewer: Any) -> str:
        result = await gql.run(CANDIDATES, variables, **viewer)
        assert result.errors is not None and result.data is None
        return str(result.errors[0].extensions["code"])  # type: ignore[index]

    assert await refusal({"year": YEAR}, viewer=mentor) == "FORBIDDEN"
    assert (
        await refusal(
            {"year": YEAR, "programId": gid(program)}, viewer=other_manager, roles=MANAGER
        )
        == "FORBIDDEN"
    )
    assert await refusal({"year": "this year"}, roles=ADMIN) == "BAD_USER_INPUT"
    unknown = {
        "year": YEAR,
        "programId": gid(Program(id=ObjectId(), name="x", name_key="x", kind=ProgramKind.PEER)),
    }
    assert await refusal(unknown, roles=ADMIN) == "BAD_USER_INPUT"
    own = await gql.data(CANDIDATES, {"year": YEAR}, viewer=other_manager, roles=MANAGER)
    assert own["outstandingCandidates"]["totalCount"] == 0  # manages no apprenticeship
