"""The apprenticeship's policy in the demo: probations (`probations`), the masters' quarterly
mentoring plans and the apprentices' concerns.

Plans of past quarters were filed as each quarter began and approved by the head of
production (one returned and resubmitted first); they are written with the models. This
quarter's are played now through the domain functions: most approved, Mateo's returned (his
pair shows PLAN_MISSING), Chloe's returned and resubmitted (waiting for the head). Mateo raised
a concern months ago that the program manager resolved; Emily raises one now, so her pair
shows CONCERN_RAISED.
"""

from datetime import date, timedelta

from services.demo.cast import PROGRAM_MANAGER, Cast, at
from services.demo.probations import seed_probations
from services.graphql_api.domain.concerns import raise_concern
from services.graphql_api.domain.inputs import (
    ConcernRaise,
    MentoringPlanDecision,
    MentoringPlanSubmit,
)
from services.graphql_api.domain.mentoring_plans import decide_plan, submit_plan
from shared.apprenticeship.plans import PLAN_GRACE_DAYS
from shared.apprenticeship.probation import exam_due_on
from shared.enums import (
    ConcernStatus,
    MentoringPlanStatus,
    PairStatus,
    ProgramKind,
    ProgramStatus,
)
from shared.feedback.periods import period_bounds, quarter_key
from shared.models import Concern, MentoringPlan, Pair, Program
from shared.models.apprenticeship import PlanStep

# What a plan sets out, per competency of the program.
OBJECTIVES = {
    "Safety procedures": "Run the lockout-tagout procedure alone on every machine of the line",
    "Quality control": "Carry out first-article inspections and record them without help",
    "Equipment maintenance": "Do the weekly preventive maintenance round of one cell",
    "CNC machining": "Set up and run a two-axis CNC job from the drawing",
    "Process documentation": "Write the work instruction for one process step",
}
ACTIVITIES = {
    "Safety procedures": "Join the shift safety walk every Monday",
    "Quality control": "Inspect incoming goods together twice a week",
    "Equipment maintenance": "Join the maintenance team's Friday round",
    "CNC machining": "Two supervised CNC set-ups a week, reviewed together",
    "Process documentation": "Draft, review and publish one work instruction",
}
# One past plan was returned once before it was approved: whose, and which of their plans.
RESUBMITTED_BEFORE = ("Aisha Bello", 1)
RETURNED_COMMENT = "Say which audits Aisha joins and how you will review her findings."
RETURNED_NOW = {
    "Mateo Rossi": "Plan the exam preparation: the exam is due on {exam_due}. Add the practice "
    "sessions you agreed and when you will check his progress.",
    "Chloe Dubois": "Name the audits Chloe will join and how you will check her reports.",
}
RESUBMITTED_NOW = "Chloe Dubois"
SETTLED_CONCERN = (
    "Mateo Rossi",
    "Our sessions were cancelled three times this month and I practise on the machines alone.",
    "Spoke with Tomasz and the shift lead: the Tuesday sessions are back in the rota; we "
    "check again next month.",
)
OPEN_CONCERN = (
    "Emily Chen",
    "Grace is often called away to supplier audits and our sessions shrink to a few minutes. "
    "I would like a fixed weekly slot.",
)


async def seed_apprenticeships(cast: Cast, *, today: date) -> None:
    """Probations, plans and concerns of the demo's active apprenticeship program."""
    program = await Program.find_one(
        {"kind": ProgramKind.APPRENTICESHIP.value, "status": ProgramStatus.ACTIVE.value}
    )
    assert program is not None
    await seed_probations(cast, program, today=today)
    pairs = await Pair.find({"program_id": program.id}).to_list()
    started = sorted(
        (pair for pair in pairs if pair.starts_on is not None),
        key=lambda pair: cast.name_of(pair.mentee_id),
    )
    past = [plan for pair in started for plan in _past_plans(cast, program, pair, today)]
    if past:
        await MentoringPlan.insert_many(past)
    await Concern.insert_many([_settled_concern(cast, pairs, today)])
    for pair in started:
        if pair.status == PairStatus.ACTIVE:
            await _plan_this_quarter(cast, program, pair, today)
    mentee, text = OPEN_CONCERN
    pair = next(p for p in pairs if p.mentee_id == cast.id(mentee))
    await raise_concern(actor=cast.member(mentee), data=ConcernRaise(pair_id=pair.id, text=text))


def _focus(cast: Cast, program: Program, pair: Pair, quarter: str) -> list[str]:
    """The two competencies a quarter's plan works on: the apprentice's needs first, in turn."""
    index = int(quarter[:4]) * 4 + int(quarter[-1])
    needs = cast.people[cast.name_of(pair.mentee_id)].development_needs
    ordered = [c for c in needs if c in OBJECTIVES] + [
        c for c in program.competencies if c in OBJECTIVES and c not in needs
    ]
    return [ordered[index % len(ordered)], ordered[(index + 1) % len(ordered)]]


def _content(competencies: list[str]) -> dict[str, list[str]]:
    return {
        "objectives": [OBJECTIVES[c] for c in competencies],
        "activities": [ACTIVITIES[c] for c in competencies] + ["Fortnightly review together"],
        "competencies": competencies,
    }


def _past_plans(cast: Cast, program: Program, pair: Pair, today: date) -> list[MentoringPlan]:
    """A plan for every past quarter of the pair, filed as the quarter began (or as the pair
    started) and approved by the head of the apprentice's department a few days later."""
    assert pair.starts_on is not None
    mentee = cast.name_of(pair.mentee_id)
    head = cast.id(cast.head_of_department(mentee))
    current = quarter_key(today)
    quarter = quarter_key(pair.starts_on + timedelta(days=PLAN_GRACE_DAYS))
    last = quarter_key(pair.ended_on) if pair.ended_on else current
    plans: list[MentoringPlan] = []
    while quarter < current and quarter <= last:
        filed = max(
            period_bounds(quarter)[0] - timedelta(days=4), pair.starts_on + timedelta(days=3)
        )
        steps = [
            PlanStep(
                status=MentoringPlanStatus.SUBMITTED, revision=1, by_id=pair.mentor_id, at=at(filed)
            )
        ]
        if (mentee, len(plans)) == RESUBMITTED_BEFORE:
            steps += [
                PlanStep(
                    status=MentoringPlanStatus.RETURNED,
                    revision=1,
                    by_id=head,
                    at=at(filed + timedelta(days=2), 14),
                    comment=RETURNED_COMMENT,
                ),
                PlanStep(
                    status=MentoringPlanStatus.SUBMITTED,
                    revision=2,
                    by_id=pair.mentor_id,
                    at=at(filed + timedelta(days=4)),
                ),
            ]
        decided_at = at(steps[-1].at.date() + timedelta(days=3), 14)
        steps.append(
            PlanStep(
                status=MentoringPlanStatus.APPROVED,
                revision=steps[-1].revision,
                by_id=head,
                at=decided_at,
            )
        )
        plans.append(
            MentoringPlan(
                pair_id=pair.id,
                program_id=pair.program_id,
                mentor_id=pair.mentor_id,
                mentee_id=pair.mentee_id,
                quarter=quarter,
                status=MentoringPlanStatus.APPROVED,
                revision=steps[-1].revision,
                submitted_at=steps[-2].at,
                decided_by_id=head,
                decided_at=decided_at,
                history=steps,
                created_at=steps[0].at,
                updated_at=decided_at,
                **_content(_focus(cast, program, pair, quarter)),
            )
        )
        quarter = quarter_key(period_bounds(quarter)[1] + timedelta(days=1))
    return plans


async def _plan_this_quarter(cast: Cast, program: Program, pair: Pair, today: date) -> None:
    """The master files this quarter's plan now and the head of the apprentice's department
    decides it: approved, or returned (and for Chloe resubmitted)."""
    mentee = cast.name_of(pair.mentee_id)
    mentor = cast.member(cast.name_of(pair.mentor_id))
    head = cast.head(cast.head_of_department(mentee))
    focus = _focus(cast, program, pair, quarter_key(today))
    submitted = MentoringPlanSubmit(pair_id=pair.id, quarter=quarter_key(today), **_content(focus))
    plan = await submit_plan(actor=mentor, data=submitted)
    assert plan.id is not None
    comment = RETURNED_NOW.get(mentee)
    if comment is None:
        await decide_plan(actor=head, plan_id=plan.id, data=MentoringPlanDecision(approve=True))
        return
    assert pair.probation is not None
    comment = comment.format(exam_due=exam_due_on(pair.probation).isoformat())
    returned = MentoringPlanDecision(approve=False, comment=comment)
    await decide_plan(actor=head, plan_id=plan.id, data=returned)
    if mentee == RESUBMITTED_NOW:
        revised = _content(focus)
        revised["activities"].insert(0, "Join the supplier audits on Tuesdays; review each report")
        await submit_plan(
            actor=mentor,
            data=MentoringPlanSubmit(pair_id=pair.id, quarter=quarter_key(today), **revised),
        )


def _settled_concern(cast: Cast, pairs: list[Pair], today: date) -> Concern:
    """A concern raised eleven weeks ago and resolved by the program manager a week later."""
    mentee, text, note = SETTLED_CONCERN
    pair = next(p for p in pairs if p.mentee_id == cast.id(mentee))
    raised, resolved = at(today - timedelta(days=78), 19), at(today - timedelta(days=71), 12)
    return Concern(
        pair_id=pair.id,
        program_id=pair.program_id,
        mentor_id=pair.mentor_id,
        mentee_id=pair.mentee_id,
        text=text,
        status=ConcernStatus.RESOLVED,
        raised_at=raised,
        resolved_by_id=cast.id(PROGRAM_MANAGER),
        resolved_at=resolved,
        resolution_note=note,
        created_at=raised,
        updated_at=resolved,
    )
