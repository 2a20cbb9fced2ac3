"""Mentor recognition: the documented score, its order and evidence, and who is eligible."""

from datetime import UTC, date, datetime, timedelta

import pytest

from services.surveys.recognition import compute_recognitions
from services.surveys.statistics import rebuild_statistics
from shared.enums import GoalStatus, PairOutcome, PairStatus, ProgramKind, Role, SentimentLabel
from shared.models import Program, Recognition
from tests.factories import make_goal, make_pair, make_participant, make_program
from tests.factories.surveys import make_response

pytestmark = pytest.mark.usefixtures("database_name")


async def _mentor_with(
    program: Program,
    name: str,
    scores: list[float],
    comments: list[SentimentLabel | None],
    goals: list[GoalStatus],
):  # type: ignore[no-untyped-def]
    mentor = await make_participant(name=name)
    pair = await make_pair(program=program, mentor=mentor)
    when = datetime.now(UTC)
    for score, comment in zip(scores, comments, strict=True):
        await make_response(
            pair=pair, role=Role.MENTEE, satisfaction=score, comment=comment, submitted_at=when
        )
    for status in goals:
        await make_goal(pair=pair, status=status, progress=100 if status == "ACHIEVED" else 20)
    return mentor, pair


LENIENT = {"min_responses": 3}


async def test_mentors_are_ranked_by_the_documented_score_with_evidence() -> None:
    program = await make_program(min_group_size=3, recognition=LENIENT)
    pos, neg = SentimentLabel.POSITIVE, SentimentLabel.NEGATIVE
    ada, _ = await _mentor_with(
        program, "Ada", [5, 5, 5], [pos, pos, None], [GoalStatus.ACHIEVED, GoalStatus.ACHIEVED]
    )
    bo, _ = await _mentor_with(
        program,
        "Bo",
        [4, 4, 4],
        [pos, neg, None],
        [GoalStatus.ACHIEVED, GoalStatus.IN_PROGRESS, GoalStatus.DROPPED],
    )
    await _mentor_with(program, "Cy", [5, 5], [pos, pos], [GoalStatus.ACHIEVED])  # too few
    await rebuild_statistics()
    period = f"{datetime.now(UTC).year}"

    ranked = await compute_recognitions(program.id, period)  # type: ignore[arg-type]

    assert [r.mentor_id for r in ranked] == [ada.id, bo.id]
    assert [r.rank for r in ranked] == [1, 2]
    # Ada: satisfaction 1.0, positive share 1.0, goals 1.0 -> 1.0
    assert ranked[0].score == 1.0
    # Bo: satisfaction 0.75 x 0.4, positive 0.5 x 0.2, goals 0.5 x 0.25, over 0.85
    assert ranked[1].score == round((0.3 + 0.1 + 0.125) / 0.85, 4)
    assert ranked[1].evidence.model_dump() == {
        "responses": 3,
        "average_satisfaction": 4.0,
        "positive_comment_share": 0.5,
        "goals_achieved": 1,
        "goals_counted": 2,
        "apprentices_passed_on_time": 0,
        "apprenticeships_completed": 0,
    }
    assert await Recognition.count() == 2


async def test_apprentices_passing_on_time_count_in_apprenticeships() -> None:
    program = await make_program(
        kind=ProgramKind.APPRENTICESHIP, min_group_size=3, recognition=LENIENT
    )
    steady, pair = await _mentor_with(program, "Steady", [4, 4, 4], [None, None, None], [])
    await pair.set(
        {
            "status": PairStatus.COMPLETED,
            "outcome": PairOutcome.PASSED_ON_TIME,
            "ended_on": date.today() - timedelta(days=1),
        }
    )
    late, late_pair = await _mentor_with(program, "Late", [4, 4, 4], [None, None, None], [])
    await late_pair.set(
        {
            "status": PairStatus.COMPLETED,
            "outcome": PairOutcome.EXTENDED,
            "ended_on": date.today() - timedelta(days=1),
        }
    )
    await rebuild_statistics()

    ranked = await compute_recognitions(program.id, f"{date.today().year}")  # type: ignore[arg-type]

    assert [r.mentor_id for r in ranked] == [steady.id, late.id]
    assert ranked[0].evidence.apprentices_passed_on_time == 1
    assert ranked[0].score > ranked[1].score


async def test_only_mentors_with_enough_responses_are_eligible() -> None:
    program = await make_program(min_group_size=3)  # default rules: five responses at least
    await _mentor_with(program, "Ada", [5, 5, 5], [None, None, None], [])
    await rebuild_statistics()

    ranked = await compute_recognitions(program.id, f"{date.today().year}")  # type: ignore[arg-type]

    assert ranked == []
