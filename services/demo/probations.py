"""The apprentices' probations in the demo, each played by the rules of
`shared.apprenticeship.probation` on the days it happened.

Most apprentices passed the qualification exam and their master confirmed them on time; Aisha
failed it, was given three more months and passed the retake (EXTENDED); Mateo's master asked
for six more months before the exam, which HR accepted: his probation and his pair's planned
end moved, and he sits the exam soon. The apprenticeship started eleven months ago, so these
steps lie months back: they are written with the models rather than played now. An apprentice
who passed has their qualification-exam goal achieved the day they did; Mateo's aims at the
new exam date.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from beanie import PydanticObjectId

from services.demo.cast import HR_PARTNER, PROGRAM_MANAGER, Cast, at
from shared.apprenticeship.probation import (
    add_calendar_months,
    exam_due_on,
    open_probation,
    with_exam,
    with_extension_decided,
    with_recommendation,
)
from shared.enums import GoalStatus, PairStatus, ProbationDecision
from shared.models import Goal, Pair, Program
from shared.models.apprenticeship import (
    Probation,
    ProbationRecommendation,
    QualificationExam,
)

PASS_MARK = 60
EXAM_GOAL = "qualification exam"  # how the seeded goal of every apprenticeship pair is titled


@dataclass(frozen=True)
class ProbationStory:
    """One apprentice's probation: the score of each sitting of the exam, in order, and the
    extension the master asked for (after a failed sitting, or before any)."""

    exam_scores: tuple[float, ...] = ()
    extend_by_months: int = 0
    extension_reason: str = ""


STORIES: dict[str, ProbationStory] = {
    "Daniel Osei": ProbationStory(exam_scores=(86,)),
    "Mateo Rossi": ProbationStory(
        extend_by_months=6,
        extension_reason="Mateo needs more supervised time on the CNC machines before he sits "
        "the exam; we agreed on two practice sessions a week.",
    ),
    "Chloe Dubois": ProbationStory(exam_scores=(78,)),
    "Aisha Bello": ProbationStory(
        exam_scores=(52, 81),
        extend_by_months=3,
        extension_reason="Aisha missed the pass mark on root-cause analysis; three more months "
        "of audits together and she retakes it.",
    ),
    "Yusuf Demir": ProbationStory(exam_scores=(91,)),
    "Emily Chen": ProbationStory(exam_scores=(74,)),
    "Noah Fischer": ProbationStory(exam_scores=(88,)),
}
CONFIRMATION = "Passed the qualification exam and works safely on their own: confirm on time."
EXTENSION_ACCEPTED = "Agreed with the head of production."


async def seed_probations(cast: Cast, program: Program, *, today: date) -> None:
    """Record the probation of every apprenticeship pair that started."""
    pairs = await Pair.find(
        {
            "program_id": program.id,
            "status": {"$in": [PairStatus.ACTIVE.value, PairStatus.COMPLETED.value]},
        }
    ).to_list()
    for pair in sorted(pairs, key=lambda p: cast.name_of(p.mentee_id)):
        assert pair.starts_on is not None
        story = STORIES.get(cast.name_of(pair.mentee_id), ProbationStory())
        probation = _played(story, pair, program, cast, today=min(today, pair.ended_on or today))
        pair.probation = probation
        if pair.planned_end_on is not None:
            # An accepted extension moves the pair's planned end with the probation.
            pair.planned_end_on = add_calendar_months(
                pair.planned_end_on, probation.extended_months
            )
        await pair.replace()
        await _follow_exam_goal(pair.id, probation)


def _played(
    story: ProbationStory, pair: Pair, program: Program, cast: Cast, *, today: date
) -> Probation:
    """The probation after the story's steps that fall on or before `today`, in order."""
    assert pair.starts_on is not None
    probation = open_probation(pair.starts_on, program.probation_months)
    if story.extend_by_months and not story.exam_scores:
        return _extended(
            probation, story, pair, cast, probation.ends_on - timedelta(days=24), today
        )
    for score in story.exam_scores:
        sat_on = exam_due_on(probation) - timedelta(days=7)
        if sat_on + timedelta(days=1) > today:
            break
        exam = QualificationExam(
            taken_on=sat_on,
            passed=score >= PASS_MARK,
            score=score,
            by_id=cast.id(PROGRAM_MANAGER),
            at=at(sat_on + timedelta(days=1)),
        )
        probation = with_exam(probation, exam, sat_on + timedelta(days=1))
        if exam.passed:
            return _confirmed(probation, pair, sat_on + timedelta(days=4), today)
        probation = _extended(probation, story, pair, cast, sat_on + timedelta(days=3), today)
    return probation


def _confirmed(probation: Probation, pair: Pair, day: date, today: date) -> Probation:
    if day > today:
        return probation
    confirmation = ProbationRecommendation(
        decision=ProbationDecision.CONFIRM_ON_TIME,
        reason=CONFIRMATION,
        by_id=pair.mentor_id,
        at=at(day, 15),
    )
    return with_recommendation(probation, confirmation, day)


def _extended(
    probation: Probation, story: ProbationStory, pair: Pair, cast: Cast, day: date, today: date
) -> Probation:
    """The master asks for the story's extension on `day`; HR accepts it four days later."""
    decided_on = day + timedelta(days=4)
    if decided_on > today:
        return probation
    request = ProbationRecommendation(
        decision=ProbationDecision.EXTEND,
        extend_by_months=story.extend_by_months,
        reason=story.extension_reason,
        by_id=pair.mentor_id,
        at=at(day, 16),
    )
    probation = with_recommendation(probation, request, day)
    return with_extension_decided(
        probation,
        accepted=True,
        by_id=cast.id(HR_PARTNER),
        at=at(decided_on, 11),
        comment=EXTENSION_ACCEPTED,
    )


async def _follow_exam_goal(pair_id: PydanticObjectId | None, probation: Probation) -> None:
    """The pair's qualification-exam goal: achieved the day the exam was passed, with its
    milestones done by then; otherwise aimed at the exam's (possibly moved) due date."""
    passed = next((exam for exam in probation.exams if exam.passed), None)
    async for goal in Goal.find({"pair_id": pair_id}):
        if EXAM_GOAL not in goal.title.lower():
            continue
        if passed is None:
            goal.target_date = exam_due_on(probation)
        else:
            goal.status, goal.progress, goal.achieved_at = GoalStatus.ACHIEVED, 100, passed.at
            goal.target_date = passed.taken_on + timedelta(days=7)  # the exam was due then
            for milestone in goal.milestones:
                due = min(milestone.due_on or passed.taken_on, passed.taken_on)
                milestone.done_at = at(due - timedelta(days=2))
        await goal.replace()
