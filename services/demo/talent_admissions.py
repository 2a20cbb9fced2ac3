"""Admissions to the demo's talent reserve.

The pool was admitted a year ago, before the program started: each member applied with the
form, was recommended by the head of their department, passed HR's review and was approved by
top management, and the admission was announced for the program's publicity period. That is
long over, so the members' applications are written with the models, dated as those steps
were, and the `talent-publication` job then publishes them: the pool, at echelons 1 to 3.

This year's intake is played now through the domain functions, each applicant stopping at one
step: APPLIED (waiting for the head of production), RECOMMENDED (waiting for HR), HR_REVIEWED
(waiting for top management), APPROVED and announced, APPROVED with an objection waiting for
HR, REJECTED at HR's review, and WITHDRAWN by the applicant.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from beanie import PydanticObjectId

from services.demo.cast import EXECUTIVE, PROGRAM_MANAGER, Cast, at
from services.graphql_api.domain import enrollments, objections, talent_pipeline
from services.graphql_api.domain.inputs import (
    ApplicationForm,
    Decision,
    DevelopmentPlanForm,
    EnrollmentApply,
)
from services.surveys.automation.talent_publication import publish_due_admissions
from shared.enums import EnrollmentStatus, ProgramKind, Role
from shared.models import Enrollment, EnrollmentTransition, Program, utc_now
from shared.models.talent import DevelopmentPlan, TalentApplication

APPLIED, RECOMMENDED, HR_REVIEWED, APPROVED, REJECTED, WITHDRAWN = (
    EnrollmentStatus.APPLIED,
    EnrollmentStatus.RECOMMENDED,
    EnrollmentStatus.HR_REVIEWED,
    EnrollmentStatus.APPROVED,
    EnrollmentStatus.REJECTED,
    EnrollmentStatus.WITHDRAWN,
)
# A member who applied for another echelon than the one their record holds.
MEMBER_ECHELONS = {"Mei Lin": 1}  # a regional manager: the middle managers' echelon
MEMBER_ACTIVITIES = (
    "Internal leadership training each quarter",
    "A job rotation through another department",
    "One external course a year",
)
RECOMMENDATION = "Recommended by the department: ready for the reserve's development programme."
REVIEW = "Application complete; the development plan fits the echelon."


@dataclass(frozen=True)
class Applicant:
    """One applicant of this year's intake and how far their application got."""

    name: str
    reaches: EnrollmentStatus
    echelon: int
    motivation: str
    goals: tuple[str, ...]
    activities: tuple[str, ...]
    review_note: str = REVIEW
    objection: tuple[str, str] | None = None  # who objects in the publicity period, and why


INTAKE: tuple[Applicant, ...] = (
    Applicant(
        "Ines Carvalho",
        APPLIED,
        3,
        "I lead the quality inspectors on two shifts and want to grow into the quality "
        "manager's role.",
        ("Lead the plant's quality team", "Own the supplier audit programme"),
        ("Internal leadership training each quarter", "ISO 9001 lead auditor course"),
    ),
    Applicant(
        "Maja Kowalczyk",
        RECOMMENDED,
        3,
        "I run a production team of twelve and would like to prepare for a shift manager role.",
        ("Lead a full shift", "Grow in people leadership"),
        ("Internal leadership training each quarter", "Shadow the head of production"),
    ),
    Applicant(
        "Fatima Zahra",
        HR_REVIEWED,
        3,
        "I guide the newer engineers on our APIs and want to become a technical backbone of "
        "the platform team.",
        ("Own the design of our public APIs", "Grow in distributed systems"),
        ("Architecture guild every month", "An external distributed-systems course"),
    ),
    Applicant(
        "Grace Mensah",
        APPROVED,
        2,
        "I run the plant's process engineering and want to take on the department's technical "
        "leadership.",
        ("Lead process engineering for both lines", "Grow in people leadership"),
        ("Six Sigma Black Belt certification", "A rotation through quality"),
    ),
    Applicant(
        "Rajesh Iyer",
        APPROVED,
        3,
        "I supervise maintenance and want to lead the plant's reliability programme.",
        ("Cut unplanned downtime by a third", "Grow in people leadership"),
        ("A reliability engineering course", "A rotation through production planning"),
        objection=(
            "Tomasz Nowak",
            "Two lost-time incidents in maintenance this year are still under review; please "
            "check the safety record before the admission stands.",
        ),
    ),
    Applicant(
        "Carlos Mendes",
        REJECTED,
        3,
        "I want to grow into the lead of our test automation.",
        ("Lead test automation for two teams",),
        ("An external test architecture course",),
        review_note="Joined less than a year ago: the reserve asks for a full year's "
        "performance review first. Apply again next year.",
    ),
    Applicant(
        "Lucy Evans",
        WITHDRAWN,
        3,
        "I negotiate supplier contracts and want to prepare for a purchasing lead role.",
        ("Lead the purchasing of one category",),
        ("A negotiation course",),
    ),
)


async def seed_talent_admissions(cast: Cast) -> None:
    """The pool's admission a year ago, its publication, and this year's intake."""
    program = await Program.find_one({"kind": ProgramKind.TALENT_RESERVE.value})
    assert program is not None and program.starts_on is not None
    await _admit_pool(cast, program)
    await publish_due_admissions(now=utc_now())
    for applicant in INTAKE:
        await _play(cast, program, applicant)


async def _admit_pool(cast: Cast, program: Program) -> None:
    """Write the members' admission as the reserve's steps recorded it a year ago: all
    approved on one day, announced until a week before the program started."""
    assert program.starts_on is not None
    announced_until = at(program.starts_on - timedelta(days=8), 18)
    approved_at = announced_until - timedelta(days=program.publicity_days)
    members = await Enrollment.find(
        {"program_id": program.id, "role": Role.MENTEE.value, "status": APPROVED.value}
    ).to_list()
    members.sort(key=lambda enrollment: cast.name_of(enrollment.participant_id))
    for order, enrollment in enumerate(members):
        name = cast.name_of(enrollment.participant_id)
        person = cast.people[name]
        head = cast.id(cast.head_of_department(name))
        applied_at = approved_at - timedelta(days=30 - 2 * order, hours=5)
        enrollment.application = TalentApplication(
            echelon=MEMBER_ECHELONS.get(name, person.echelon or 3),
            motivation=f"{person.title}, {person.department}: I want to prepare for a wider "
            f"role and grow in {' and '.join(person.development_needs).lower()}.",
            development_plan=DevelopmentPlan(
                goals=[f"Grow in {need.lower()}" for need in person.development_needs],
                activities=list(MEMBER_ACTIVITIES),
            ),
        )
        enrollment.history = _history(
            (APPLIED, applied_at, enrollment.participant_id, ""),
            (RECOMMENDED, applied_at + timedelta(days=5), head, RECOMMENDATION),
            (HR_REVIEWED, approved_at - timedelta(days=3), cast.id(PROGRAM_MANAGER), REVIEW),
            (APPROVED, approved_at, cast.id(EXECUTIVE), ""),
        )
        enrollment.recommended_by_id, enrollment.decided_by_id = head, cast.id(EXECUTIVE)
        enrollment.publicity_ends_at, enrollment.pending_objections = announced_until, 0
        enrollment.disclosed_to_managers = True  # they applied themselves
        enrollment.created_at = applied_at
        await enrollment.replace()


def _history(
    *steps: tuple[EnrollmentStatus, datetime, PydanticObjectId, str],
) -> list[EnrollmentTransition]:
    transitions: list[EnrollmentTransition] = []
    previous: EnrollmentStatus | None = None
    for status, moment, by_id, note in steps:
        transitions.append(
            EnrollmentTransition(
                from_status=previous, to_status=status, at=moment, by_id=by_id, note=note
            )
        )
        previous = status
    return transitions


async def _play(cast: Cast, program: Program, applicant: Applicant) -> None:
    """Take the applicant's steps through the domain functions, each by the role the
    reserve's policy gives it to, up to where their application stands."""
    me = cast.member(applicant.name)
    form = ApplicationForm(
        echelon=applicant.echelon,
        motivation=applicant.motivation,
        development_plan=DevelopmentPlanForm(
            goals=list(applicant.goals), activities=list(applicant.activities)
        ),
    )
    applied = await enrollments.apply(
        actor=me,
        data=EnrollmentApply(
            program_id=program.id,
            participant_id=cast.id(applicant.name),
            role=Role.MENTEE,
            application=form,
        ),
    )
    assert applied.id is not None
    if applicant.reaches == WITHDRAWN:
        await enrollments.withdraw(actor=me, enrollment_id=applied.id)
        return
    if applicant.reaches == APPLIED:
        return
    head = cast.head(cast.head_of_department(applicant.name))
    await enrollments.recommend(actor=head, enrollment_id=applied.id, note=RECOMMENDATION)
    if applicant.reaches == RECOMMENDED:
        return
    await talent_pipeline.review(
        actor=cast.hr(PROGRAM_MANAGER),
        enrollment_id=applied.id,
        passed=applicant.reaches != REJECTED,
        note=applicant.review_note,
    )
    if applicant.reaches in (HR_REVIEWED, REJECTED):
        return
    approval = Decision(approve=True)
    await enrollments.decide(
        actor=cast.executive(EXECUTIVE), enrollment_id=applied.id, decision=approval
    )
    if applicant.objection is not None:
        objector, reason = applicant.objection
        await objections.object_to(
            actor=cast.member(objector), enrollment_id=applied.id, reason=reason
        )
