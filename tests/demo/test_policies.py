"""The demo shows the apprenticeship and talent-reserve policies at every step, in records that
keep to the rules: plans, probations, concerns, the reserve's intake, pool, quarterly records
and last year's selection."""

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from services.demo.access import DEMO_LOGINS
from services.demo.seed import seed_demo_data
from shared.apprenticeship.probation import add_calendar_months, stage_of
from shared.enums import (
    ConcernStatus,
    EnrollmentStatus,
    HealthReasonCode,
    MentoringPlanStatus,
    ObjectionStatus,
    PairOutcome,
    PairStatus,
    ProgramKind,
    RecommendationStatus,
    Role,
    ViewerRole,
)
from shared.feedback.periods import period_bounds, quarter_key
from shared.models import (
    ALL_DOCUMENTS,
    Concern,
    DevelopmentActivity,
    Enrollment,
    EnrollmentObjection,
    MentorAssessment,
    MentoringPlan,
    OutstandingSelection,
    Pair,
    PairHealth,
    Participant,
    Program,
    ProgressReport,
)
from shared.talent.quarters import due_on
from tests.graphql.client import GraphQLTester, gid, nodes

pytestmark = pytest.mark.usefixtures("database_name")


async def _names() -> dict[Any, str]:
    return {p.id: p.name async for p in Participant.find_all()}


async def _program(kind: ProgramKind) -> Program:
    program = await Program.find_one({"kind": kind.value})
    assert program is not None
    return program


async def _pairs_by_mentee(program: Program) -> dict[str, Pair]:
    names = await _names()
    return {names[p.mentee_id]: p async for p in Pair.find({"program_id": program.id})}


async def test_mentoring_plans_are_approved_returned_and_resubmitted() -> None:
    await seed_demo_data()
    program = await _program(ProgramKind.APPRENTICESHIP)
    names = await _names()
    pairs = await _pairs_by_mentee(program)
    this_quarter = quarter_key(datetime.now(UTC).date())
    plans = await MentoringPlan.find_all().to_list()
    current = {names[p.mentee_id]: p for p in plans if p.quarter == this_quarter}
    health = {h.pair_id: {r.code for r in h.reasons} async for h in PairHealth.find_all()}

    assert {plan.status for plan in plans} == {
        MentoringPlanStatus.APPROVED,
        MentoringPlanStatus.RETURNED,
        MentoringPlanStatus.SUBMITTED,
    }
    # Every step of a plan is decided by the head of the apprentices' department.
    assert {names[p.decided_by_id] for p in plans if p.decided_by_id} == {"Henrik Larsen"}
    assert current["Mateo Rossi"].status == MentoringPlanStatus.RETURNED
    assert "exam is due on" in current["Mateo Rossi"].decision_comment
    resubmitted = current["Chloe Dubois"]
    assert (resubmitted.status, resubmitted.revision) == (MentoringPlanStatus.SUBMITTED, 2)
    assert [step.status for step in resubmitted.history] == [
        MentoringPlanStatus.SUBMITTED,
        MentoringPlanStatus.RETURNED,
        MentoringPlanStatus.SUBMITTED,
    ]
    assert current["Daniel Osei"].status == MentoringPlanStatus.APPROVED
    # A past quarter's plan that went back once before it was approved.
    assert any(p.revision == 2 and p.status == MentoringPlanStatus.APPROVED for p in plans)
    for plan in plans:
        pair = pairs[names[plan.mentee_id]]
        assert pair.starts_on is not None and pair.planned_end_on is not None
        assert plan.history[0].at.date() >= pair.starts_on
        assert plan.history[0].at.date() <= period_bounds(plan.quarter)[1]
        assert set(plan.competencies) <= set(program.competencies)
    assert HealthReasonCode.PLAN_MISSING in health[pairs["Mateo Rossi"].id]
    assert HealthReasonCode.PLAN_MISSING not in health[pairs["Daniel Osei"].id]


async def test_probations_are_passed_extended_and_confirmed() -> None:
    await seed_demo_data()
    program = await _program(ProgramKind.APPRENTICESHIP)
    pairs = await _pairs_by_mentee(program)
    names = await _names()
    today = datetime.now(UTC).date()
    daniel, mateo, aisha = pairs["Daniel Osei"], pairs["Mateo Rossi"], pairs["Aisha Bello"]
    assert daniel.probation and mateo.probation and aisha.probation
    assert daniel.starts_on and mateo.starts_on and daniel.planned_end_on

    exam = daniel.probation.exams[0]
    assert exam.passed and daniel.starts_on <= exam.taken_on <= daniel.probation.ends_on
    assert daniel.probation.outcome == PairOutcome.PASSED_ON_TIME
    assert daniel.probation.settled_on and daniel.probation.settled_on <= today
    # Mateo's master asked for six more months and HR accepted: probation and the pair's
    # planned end moved, the pair runs on and the exam is still ahead.
    extension = mateo.probation.recommendations[-1]
    assert (extension.status, extension.extend_by_months) == (RecommendationStatus.ACCEPTED, 6)
    assert extension.decided_by_id and names[extension.decided_by_id] == "Sofia Marchetti"
    assert mateo.probation.ends_on == add_calendar_months(
        mateo.starts_on, program.probation_months + 6
    )
    assert mateo.probation.ends_on > today and mateo.status == PairStatus.ACTIVE
    planned_length = daniel.planned_end_on - daniel.starts_on  # every pair planned alike
    assert mateo.planned_end_on == add_calendar_months(mateo.starts_on + planned_length, 6)
    assert (mateo.probation.outcome, mateo.probation.settled_on) == (PairOutcome.EXTENDED, None)
    # Aisha failed, was given three months and passed the retake.
    assert [e.passed for e in aisha.probation.exams] == [False, True]
    assert aisha.probation.outcome == PairOutcome.EXTENDED and aisha.probation.settled_on
    for pair in pairs.values():
        if pair.starts_on is not None and pair.status != PairStatus.PROPOSED:
            assert pair.probation is not None, names[pair.mentee_id]
            for taken in pair.probation.exams:
                assert pair.starts_on <= taken.taken_on <= pair.probation.ends_on


async def test_hr_finds_the_apprenticeships_waiting_for_a_step(gql: GraphQLTester) -> None:
    await seed_demo_data()
    email, roles = next((e, r) for label, e, r in DEMO_LOGINS if label == "hr")
    hr = await Participant.find_one({"email": email})
    program = await _program(ProgramKind.APPRENTICESHIP)
    pairs = await _pairs_by_mentee(program)

    data = await gql.data(
        """{ probations(first: 100) { edges { node { mentee { name } probation { stage } } } } }""",
        viewer=hr,
        roles=roles,
    )

    waiting = {n["mentee"]["name"]: n["probation"]["stage"] for n in nodes(data["probations"])}
    assert waiting["Mateo Rossi"] == "EXAM_DUE"  # his extended probation runs on
    assert "Daniel Osei" not in waiting  # confirmed on time
    for name, pair in pairs.items():
        if pair.probation is not None:
            assert pair.probation.stage == stage_of(pair.probation), name


async def test_apprentices_who_passed_put_their_masters_first(gql: GraphQLTester) -> None:
    await seed_demo_data()
    hr = await Participant.find_one({"name": "Sofia Marchetti"})
    year = str(datetime.now(UTC).year)

    data = await gql.data(
        """query($year: String!) { outstandingCandidates(year: $year) {
             edges { node { mentor { name } apprenticesPassedOnTime } } } }""",
        {"year": year},
        viewer=hr,
        roles={ViewerRole.HR},
    )

    ranked = [
        (node["mentor"]["name"], node["apprenticesPassedOnTime"])
        for node in nodes(data["outstandingCandidates"])
    ]
    assert ranked[0] == ("Rajesh Iyer", 2)  # Yusuf and Noah passed on time
    assert dict(ranked)["Tomasz Nowak"] == 1  # Daniel did; Mateo's probation runs on


async def test_an_open_concern_marks_its_pair() -> None:
    await seed_demo_data()
    program = await _program(ProgramKind.APPRENTICESHIP)
    pairs = await _pairs_by_mentee(program)
    concerns = {c.status: c for c in await Concern.find_all().to_list()}

    open_concern = concerns[ConcernStatus.OPEN]
    assert open_concern.pair_id == pairs["Emily Chen"].id
    health = await PairHealth.find_one({"pair_id": open_concern.pair_id})
    assert health is not None
    assert HealthReasonCode.CONCERN_RAISED in {reason.code for reason in health.reasons}
    settled = concerns[ConcernStatus.RESOLVED]
    assert settled.pair_id == pairs["Mateo Rossi"].id and settled.resolution_note
    assert settled.resolved_at is not None and settled.raised_at < settled.resolved_at


async def test_the_talent_intake_stands_at_every_step() -> None:
    await seed_demo_data()
    program = await _program(ProgramKind.TALENT_RESERVE)
    names = await _names()
    now = datetime.now(UTC)
    enrollments = {
        names[e.participant_id]: e
        async for e in Enrollment.find({"program_id": program.id, "role": Role.MENTEE.value})
    }

    statuses = Counter(e.status for e in enrollments.values())
    assert set(statuses) == {
        EnrollmentStatus.APPLIED,
        EnrollmentStatus.RECOMMENDED,
        EnrollmentStatus.HR_REVIEWED,
        EnrollmentStatus.APPROVED,
        EnrollmentStatus.PUBLISHED,
        EnrollmentStatus.REJECTED,
        EnrollmentStatus.WITHDRAWN,
    }
    assert all(e.application is not None for e in enrollments.values())
    for enrollment in enrollments.values():
        steps = [s for s in enrollment.history if s.to_status != EnrollmentStatus.WITHDRAWN]
        takers = [step.by_id for step in steps if step.by_id is not None]
        assert len(takers) == len(set(takers))  # each step of the admission by another person
    announced = enrollments["Grace Mensah"]
    assert announced.status == EnrollmentStatus.APPROVED
    assert announced.publicity_ends_at and announced.publicity_ends_at > now
    objected = enrollments["Rajesh Iyer"]
    assert (objected.status, objected.pending_objections) == (EnrollmentStatus.APPROVED, 1)
    objection = await EnrollmentObjection.find_one({"enrollment_id": objected.id})
    assert objection is not None and objection.status == ObjectionStatus.PENDING
    assert enrollments["Carlos Mendes"].history[-1].note  # HR said why
    pool = [e for e in enrollments.values() if e.status == EnrollmentStatus.PUBLISHED]
    by_echelon = Counter(e.application.echelon for e in pool if e.application)
    assert sorted(by_echelon) == [1, 2, 3] and len(pool) >= 6
    for member in pool:
        assert member.publicity_ends_at and member.publicity_ends_at <= now
        assert [step.to_status for step in member.history] == [
            EnrollmentStatus.APPLIED,
            EnrollmentStatus.RECOMMENDED,
            EnrollmentStatus.HR_REVIEWED,
            EnrollmentStatus.APPROVED,
            EnrollmentStatus.PUBLISHED,
        ]
        assert member.history[-1].at == member.publicity_ends_at  # published by the job


async def test_the_pool_reports_is_assessed_and_develops(gql: GraphQLTester) -> None:
    await seed_demo_data()
    program = await _program(ProgramKind.TALENT_RESERVE)
    today = datetime.now(UTC).date()
    last_quarter = quarter_key(period_bounds(quarter_key(today))[0] - timedelta(days=1))
    tutors = {p.mentor_id async for p in Pair.find({"program_id": program.id})}
    hr = await Participant.find_one({"name": "Sofia Marchetti"})

    reports = await ProgressReport.find_all().to_list()
    assessments = await MentorAssessment.find_all().to_list()
    activities = await DevelopmentActivity.find_all().to_list()
    due = await gql.data(
        """query($id: ID!, $quarter: String) { program(id: $id) {
             talentReserveDue(quarter: $quarter) { totalCount edges { node {
               name reportMissing assessmentMissing behind { kind } } } } } }""",
        {"id": gid(program), "quarter": last_quarter},
        viewer=hr,
        roles={ViewerRole.HR},
    )

    assert len({r.quarter for r in reports}) >= 2
    for report in reports:
        assert report.submitted_at.date() > period_bounds(report.quarter)[1]
        assert report.on_time == (report.submitted_at.date() <= due_on(report.quarter))
    assert any(not report.on_time for report in reports)
    assert all(a.tutor_id in tutors and len(a.ratings) == 3 for a in assessments)
    assert len({a.kind for a in activities}) >= 6
    assert any(a.ended_on >= period_bounds(quarter_key(today))[0] for a in activities)
    missing = {node["name"]: node for node in nodes(due["program"]["talentReserveDue"])}
    assert missing["Laura Schmidt"]["reportMissing"]
    assert missing["Diego Hernandez"]["assessmentMissing"]
    assert {"kind": "INTERNAL_TRAINING"} in missing["Diego Hernandez"]["behind"]
    assert missing["Zoe Martin"]["assessmentMissing"]
    assert "Kenji Watanabe" not in missing  # keeps up


async def test_last_years_outstanding_members_were_selected(gql: GraphQLTester) -> None:
    await seed_demo_data()
    program = await _program(ProgramKind.TALENT_RESERVE)
    year = datetime.now(UTC).year - 1
    executive = await Participant.find_one({"name": "Charlotte Lambert"})

    selection = await OutstandingSelection.find_one({"program_id": program.id, "year": year})
    evaluation = await gql.data(
        """query($id: ID!, $year: Int) { program(id: $id) { yearEndEvaluation(year: $year) {
             standings(first: 2) { edges { node { rank name } } }
             selection { current { selected { name } selectedBy { name } } } } } }""",
        {"id": gid(program), "year": year},
        viewer=executive,
        roles={ViewerRole.EXECUTIVE},
    )

    assert selection is not None and selection.current.by_id is not None
    assert selection.current.at.year == year + 1
    ranked = nodes(evaluation["program"]["yearEndEvaluation"]["standings"])
    chosen = evaluation["program"]["yearEndEvaluation"]["selection"]["current"]
    assert chosen["selectedBy"] == {"name": "Charlotte Lambert"}
    # The two the evaluation lists first.
    assert chosen["selected"] == [{"name": node["name"]} for node in ranked]
    assert ranked[0]["rank"] == 1


async def _snapshot() -> dict[str, Any]:
    """What the policies seeded, without IDs and the moments of steps played now."""
    names = await _names()
    pairs = {p.id: p async for p in Pair.find_all()}
    return {
        "plans": sorted(
            (names[p.mentee_id], p.quarter, p.status, p.revision, tuple(p.competencies))
            for p in await MentoringPlan.find_all().to_list()
        ),
        "probations": sorted(
            (names[p.mentee_id], p.probation.model_dump(exclude={"exams", "recommendations"}))
            for p in pairs.values()
            if p.probation is not None
        ),
        "enrollments": sorted(
            (names[e.participant_id], e.role, e.status, e.application.echelon)
            for e in await Enrollment.find_all().to_list()
            if e.application is not None
        ),
        "reports": sorted(
            (names[r.participant_id], r.quarter, r.on_time, r.work)
            for r in await ProgressReport.find_all().to_list()
        ),
        "assessments": sorted(
            (names[a.participant_id], a.quarter, tuple(r.score for r in a.ratings))
            for a in await MentorAssessment.find_all().to_list()
        ),
        "activities": sorted(
            (names[a.participant_id], a.kind, a.title, a.ended_on)
            for a in await DevelopmentActivity.find_all().to_list()
        ),
        "selection": [
            [names[pid] for pid in s.current.participant_ids]
            for s in await OutstandingSelection.find_all().to_list()
        ],
    }


async def test_the_policies_seed_the_same_demo_every_time() -> None:
    await seed_demo_data()
    first = await _snapshot()
    for model in ALL_DOCUMENTS:
        await model.get_pymongo_collection().delete_many({})

    await seed_demo_data()

    assert await _snapshot() == first


async def test_the_demo_logins_find_their_steps_waiting(gql: GraphQLTester) -> None:
    await seed_demo_data()
    program = await _program(ProgramKind.TALENT_RESERVE)
    names = await _names()
    logins = {label: (email, roles) for label, email, roles in DEMO_LOGINS}
    enrollments = {
        names[e.participant_id]: e
        async for e in Enrollment.find({"program_id": program.id, "role": Role.MENTEE.value})
    }
    waiting_plan = await MentoringPlan.find_one({"status": MentoringPlanStatus.SUBMITTED.value})
    objection = await EnrollmentObjection.find_one({"status": ObjectionStatus.PENDING.value})
    assert waiting_plan is not None and objection is not None

    async def as_login(label: str, mutation: str, input: dict[str, Any], selection: str) -> Any:
        email, roles = logins[label]
        viewer = await Participant.find_one({"email": email})
        return await gql.mutate(mutation, input, selection, viewer=viewer, roles=roles)

    steps = [
        await as_login(
            "head",
            "mentoringPlanDecide",
            {"id": gid(waiting_plan), "approve": True},
            "mentoringPlan { status }",
        ),
        await as_login(
            "head",
            "enrollmentRecommend",
            {"id": gid(enrollments["Ines Carvalho"])},
            "enrollment { status }",
        ),
        await as_login(
            "hr",
            "enrollmentReview",
            {"id": gid(enrollments["Maja Kowalczyk"]), "pass": True},
            "enrollment { status }",
        ),
        await as_login(
            "hr",
            "enrollmentObjectionDecide",
            {"id": gid(objection), "uphold": False, "note": "Checked: both incidents closed."},
            "objection { status }",
        ),
        await as_login(
            "executive",
            "enrollmentDecide",
            {"id": gid(enrollments["Fatima Zahra"]), "approve": True},
            "enrollment { status }",
        ),
    ]

    assert [payload["userErrors"] for payload in steps] == [[]] * len(steps)
    assert [next(iter(payload.values()))["status"] for payload in steps] == [
        "APPROVED",
        "RECOMMENDED",
        "HR_REVIEWED",
        "DISMISSED",
        "APPROVED",
    ]
