"""Mentor recognition: the documented score, its order and evidence, and who is eligible."""

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from bson import ObjectId

from services.surveys.automation.jobs import run_job
from services.surveys.automation.pair_changes import handle_pair
from services.surveys.builtin_templates import ensure_builtin_templates
from services.surveys.ranking import Scored, place_scores
from services.surveys.recognition import compute_recognitions
from services.surveys.results import release_closed_rounds
from services.surveys.settings import SurveySettings
from shared.enums import (
    GoalStatus,
    PairOutcome,
    PairStatus,
    ProgramKind,
    Role,
    RoundStatus,
    SentimentLabel,
)
from shared.models import Pair, Program, Recognition, SurveyRound, utc_now
from shared.models.feedback import RecognitionEvidence
from tests.factories import make_goal, make_pair, make_participant, make_program
from tests.factories.surveys import make_response, make_round

pytestmark = pytest.mark.usefixtures("database_name")


async def _mentor_with(
    program: Program,
    name: str,
    scores: list[float],
    comments: list[SentimentLabel | None],
    goals: list[GoalStatus],
):  # type: ignore[no-untyped-def]
    """A mentor with one mentee per answer, all answering one closed round of this year
    (thresholds count distinct mentees); the goals are the first pair's."""
    mentor = await make_participant(name=name)
    when = datetime.now(UTC)
    survey_round = await _closed_round(program, when)
    pairs = []
    for n, (score, comment) in enumerate(zip(scores, comments, strict=True)):
        pairs.append(await make_pair(program=program, mentor=mentor, enroll=n == 0))
        await make_response(
            pair=pairs[-1],
            role=Role.MENTEE,
            satisfaction=score,
            comment=comment,
            submitted_at=when,
            round_id=survey_round.id,
        )
    pair = pairs[0] if pairs else await make_pair(program=program, mentor=mentor)
    for status in goals:
        await make_goal(pair=pair, status=status, progress=100 if status == "ACHIEVED" else 20)
    return mentor, pair


async def _closed_round(program: Program, when: datetime) -> SurveyRound:
    return await make_round(
        program_id=program.id,  # type: ignore[arg-type]
        opens_at=when - timedelta(minutes=5),
        closes_at=when,
        status=RoundStatus.CLOSED,
    )


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
    await release_closed_rounds()
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
    assert await Recognition.find({"period": period}).count() == 2  # Cy is not ranked


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
    await release_closed_rounds()

    ranked = await compute_recognitions(program.id, f"{date.today().year}")  # type: ignore[arg-type]

    assert [r.mentor_id for r in ranked] == [steady.id, late.id]
    assert ranked[0].evidence.apprentices_passed_on_time == 1
    assert ranked[0].score > ranked[1].score


async def test_only_mentors_with_enough_responses_are_eligible() -> None:
    program = await make_program(min_group_size=3)  # default rules: five responses at least
    await _mentor_with(program, "Ada", [5, 5, 5], [None, None, None], [])
    await release_closed_rounds()

    ranked = await compute_recognitions(program.id, f"{date.today().year}")  # type: ignore[arg-type]

    assert ranked == []


async def test_ranks_stay_one_to_n_in_score_order_through_any_change() -> None:
    program = await make_program()
    program_doc = await Program.get_pymongo_collection().find_one({"_id": program.id})
    assert program_doc is not None
    mentors = [ObjectId() for _ in range(12)]
    rng = random.Random(5)
    expected: dict[ObjectId, float] = {}
    for step in range(60):
        changes = [
            Scored(mentor, rng.choice([None, round(rng.random(), 4), 0.5]), RecognitionEvidence())
            for mentor in rng.sample(mentors, rng.randint(1, 4))
        ]
        await place_scores(program_doc, "2026-Q4", changes, utc_now())
        for change in changes:
            if change.score is None:
                expected.pop(change.mentor_id, None)
            else:
                expected[change.mentor_id] = change.score
        stored = await Recognition.find({"program_id": program.id, "period": "2026-Q4"}).to_list()
        by_rank = sorted(stored, key=lambda r: r.rank)
        want = sorted(expected, key=lambda m: (-expected[m], str(m)))
        assert [r.rank for r in by_rank] == list(range(1, len(expected) + 1)), step
        assert [r.mentor_id for r in by_rank] == want, step


async def test_a_score_computed_earlier_never_replaces_a_later_one() -> None:
    program = await make_program()
    program_doc = await Program.get_pymongo_collection().find_one({"_id": program.id})
    assert program_doc is not None
    mentor, later = ObjectId(), utc_now()

    await place_scores(program_doc, "2026", [Scored(mentor, 0.9, RecognitionEvidence())], later)
    earlier = later - timedelta(seconds=5)
    await place_scores(program_doc, "2026", [Scored(mentor, 0.1, RecognitionEvidence())], earlier)

    stored = await Recognition.find_one({"program_id": program.id, "mentor_id": mentor})
    assert stored is not None and stored.score == 0.9


async def _two_mentors(program: Program) -> tuple[Any, Any]:
    """Warm: happier mentees, no goals achieved. Driven: achieves goals, mentees less happy."""
    warm, _ = await _mentor_with(
        program, "Warm", [5, 5, 5], [None] * 3, [GoalStatus.IN_PROGRESS, GoalStatus.IN_PROGRESS]
    )
    driven, _ = await _mentor_with(
        program, "Driven", [3, 3, 3], [None] * 3, [GoalStatus.ACHIEVED, GoalStatus.ACHIEVED]
    )
    return warm, driven


async def test_changing_the_weights_reorders_the_ranking(survey_settings: SurveySettings) -> None:
    program = await make_program(
        min_group_size=3, recognition={**LENIENT, "goals_weight": 0.1, "satisfaction_weight": 0.9}
    )
    warm, driven = await _two_mentors(program)
    await release_closed_rounds()
    year = f"{date.today().year}"
    before = [r.mentor_id for r in await compute_recognitions(program.id, year)]  # type: ignore[arg-type]

    # What `programUpdate` does: new rules, a new `updated_at`; the survey service follows.
    await Program.get_pymongo_collection().update_one(
        {"_id": program.id},
        {
            "$set": {
                "recognition.goals_weight": 0.9,
                "recognition.satisfaction_weight": 0.1,
                "updated_at": utc_now(),
            }
        },
    )
    result = await run_job("pair-sync", survey_settings, holder="test")
    after = await Recognition.find({"program_id": program.id, "period": year}).to_list()

    assert before == [warm.id, driven.id]
    assert result is not None and result["programsRescored"] == 1
    assert [r.mentor_id for r in sorted(after, key=lambda r: r.rank)] == [driven.id, warm.id]
    # Same evidence, new score: only the rules changed.
    assert {r.evidence.average_satisfaction for r in after} == {5.0, 3.0}


async def test_recording_passed_on_time_puts_the_apprentices_master_first(
    survey_settings: SurveySettings,
) -> None:
    await ensure_builtin_templates()  # the ended pair also gets its end-of-program survey
    program = await make_program(
        kind=ProgramKind.APPRENTICESHIP, min_group_size=3, recognition=LENIENT
    )
    first, _ = await _mentor_with(program, "First", [4, 4, 4], [None] * 3, [])
    second, second_pair = await _mentor_with(program, "Second", [4, 4, 4], [None] * 3, [])
    await release_closed_rounds()
    year = f"{date.today().year}"
    tied = [r.mentor_id for r in await compute_recognitions(program.id, year)]  # type: ignore[arg-type]

    # What `pairComplete` does; then the GraphQL API tells the survey service.
    await Pair.get_pymongo_collection().update_one(
        {"_id": second_pair.id},
        {
            "$set": {
                "status": PairStatus.COMPLETED.value,
                "is_open": False,
                "outcome": PairOutcome.PASSED_ON_TIME.value,
                "ended_on": datetime.combine(date.today(), time(), UTC),
                "updated_at": utc_now(),
            }
        },
    )
    await handle_pair(second_pair.id, survey_settings)  # type: ignore[arg-type]
    ranked = await Recognition.find({"program_id": program.id, "period": year}).to_list()

    assert set(tied) == {first.id, second.id}
    leader = min(ranked, key=lambda r: r.rank)
    assert leader.mentor_id == second.id
    assert leader.evidence.apprentices_passed_on_time == 1


async def test_a_mentor_sees_their_standing_only_when_it_rests_on_enough_of_their_mentees() -> None:
    program = await make_program(min_group_size=3, recognition=LENIENT)
    when = datetime.now(UTC)
    survey_round = await _closed_round(program, when)
    many = await make_participant(name="Many")
    for n, score in enumerate((5, 4, 5)):  # three mentees answering one round: a shown atom
        pair = await make_pair(program=program, mentor=many, enroll=n == 0)
        await make_response(pair=pair, satisfaction=score, round_id=survey_round.id)
    one = await make_participant(name="One")
    for n in range(3):  # three mentees answering one round each: three atoms of one person
        pair = await make_pair(program=program, mentor=one, enroll=n == 0)
        alone = await _closed_round(program, when)
        await make_response(pair=pair, satisfaction=5, round_id=alone.id)
    single = await make_participant(name="Single")
    pair = await make_pair(program=program, mentor=single)
    for _ in range(3):  # one mentee answering three rounds: one person, never ranked
        await make_response(
            pair=pair, satisfaction=5, round_id=(await _closed_round(program, when)).id
        )
    await release_closed_rounds()

    ranked = await compute_recognitions(program.id, f"{when.year}")  # type: ignore[arg-type]

    by_mentor = {r.mentor_id: r for r in ranked}
    assert by_mentor[many.id].shown_to_mentor and by_mentor[many.id].mentor_evidence is None
    assert by_mentor[many.id].evidence.average_satisfaction == round(14 / 3, 3)
    assert single.id not in by_mentor
    # The program team ranks "One" on all three answers; the mentor sees none of them.
    hidden = by_mentor[one.id]
    assert hidden.evidence.responses == 3 and hidden.evidence.average_satisfaction == 5.0
    assert not hidden.shown_to_mentor and hidden.mentor_evidence is not None
    assert hidden.mentor_evidence.responses == 0
    assert hidden.mentor_evidence.average_satisfaction is None


async def test_a_confirmation_on_time_reaches_the_evidence_while_the_pair_runs_on(
    survey_settings: SurveySettings,
) -> None:
    program = await make_program(
        kind=ProgramKind.APPRENTICESHIP, min_group_size=3, recognition=LENIENT
    )
    first, _ = await _mentor_with(program, "First", [4, 4, 4], [None] * 3, [])
    second, second_pair = await _mentor_with(program, "Second", [4, 4, 4], [None] * 3, [])
    await release_closed_rounds()
    year = f"{date.today().year}"
    await compute_recognitions(program.id, year)  # type: ignore[arg-type]

    # What `probationRecommend` stores when the mentor confirms a passed exam; the pair stays
    # ACTIVE (the apprenticeship runs past probation), and the GraphQL API tells the service.
    await Pair.get_pymongo_collection().update_one(
        {"_id": second_pair.id},
        {
            "$set": {
                "probation": {
                    "ends_on": datetime.combine(date.today(), time(), UTC),
                    "outcome": PairOutcome.PASSED_ON_TIME.value,
                    "settled_on": datetime.combine(date.today(), time(), UTC),
                },
                "updated_at": utc_now(),
            }
        },
    )
    await handle_pair(second_pair.id, survey_settings)  # type: ignore[arg-type]
    ranked = sorted(
        await Recognition.find({"program_id": program.id, "period": year}).to_list(),
        key=lambda r: r.rank,
    )

    assert [r.mentor_id for r in ranked] == [second.id, first.id]
    assert ranked[0].evidence.apprentices_passed_on_time == 1
    assert ranked[0].evidence.apprenticeships_completed == 1
    stored = await Pair.get(second_pair.id)
    assert stored is not None and stored.status == PairStatus.ACTIVE
