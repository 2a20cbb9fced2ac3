"""Talent-pool members' development: activities against the program's minimums, quarterly
progress reports, tutor assessments, and who is missing what this quarter."""

from datetime import UTC, date, datetime, timedelta

import pytest

from shared.enums import DevelopmentActivityKind, EnrollmentStatus, ViewerRole
from shared.feedback.periods import quarter_key
from shared.models import ProgressReport, utc_now
from tests.factories import make_pair, make_participant
from tests.factories.talent import (
    Pool,
    make_activity,
    make_application,
    make_assessment,
    make_member,
    make_pool,
    make_report,
    make_talent_program,
)
from tests.graphql.client import MANAGER, GraphQLTester, error_codes, gid, nodes

HR = frozenset({ViewerRole.HR})
TODAY = datetime.now(UTC).date()
QUARTER = quarter_key(TODAY)
REPORT = {
    "work": "Shipped the billing rewrite.",
    "study": "Finance basics.",
    "nextSteps": "Rotation.",
}


@pytest.fixture
async def pool(database_name: str) -> Pool:
    return await make_pool()


def _activity(pool: Pool, **fields: object) -> dict[str, object]:
    return {
        "enrollmentId": gid(pool.enrollment),
        "kind": "INTERNAL_TRAINING",
        "title": "Negotiation workshop",
        "startedOn": TODAY.isoformat(),
        "endedOn": TODAY.isoformat(),
        "hours": 6,
        **fields,
    }


ACTIVITY = "activity { kind title hours loggedBy { name } }"


async def test_the_member_and_their_tutor_log_activities(gql: GraphQLTester, pool: Pool) -> None:
    by_member = await gql.mutate(
        "developmentActivityLog", _activity(pool), ACTIVITY, viewer=pool.member
    )
    by_tutor = await gql.mutate(
        "developmentActivityLog",
        _activity(pool, kind="EXTERNAL_TRAINING", title="Strategy seminar"),
        ACTIVITY,
        viewer=pool.tutor,
    )
    by_outsider = await gql.mutate(
        "developmentActivityLog", _activity(pool), ACTIVITY, viewer=pool.outsider
    )
    backwards = await gql.mutate(
        "developmentActivityLog",
        _activity(
            pool, startedOn=TODAY.isoformat(), endedOn=(TODAY - timedelta(days=1)).isoformat()
        ),
        ACTIVITY,
        viewer=pool.member,
    )
    ahead = await gql.mutate(
        "developmentActivityLog",
        _activity(pool, endedOn=(TODAY + timedelta(days=1)).isoformat()),
        ACTIVITY,
        viewer=pool.member,
    )

    assert by_member["activity"]["loggedBy"] == {"name": "Ana Member"}
    assert by_tutor["activity"]["loggedBy"] == {"name": "Tom Tutor"}
    assert error_codes(by_outsider) == ["FORBIDDEN"]
    assert backwards["userErrors"][0]["field"] == ["input", "endedOn"]
    assert error_codes(ahead) == ["INVALID"]


async def test_only_members_of_the_pool_have_records(gql: GraphQLTester, pool: Pool) -> None:
    announced = await make_application(
        program=pool.program,
        participant=pool.outsider,
        status=EnrollmentStatus.APPROVED,
        publicity_ends_at=utc_now() + timedelta(days=2),
    )

    activity = await gql.mutate(
        "developmentActivityLog",
        {**_activity(pool), "enrollmentId": gid(announced)},
        ACTIVITY,
        viewer=pool.outsider,
    )
    report = await gql.mutate(
        "progressReportSubmit",
        {"enrollmentId": gid(announced), "quarter": QUARTER, **REPORT},
        "report { quarter }",
        viewer=pool.outsider,
    )

    assert error_codes(activity) == error_codes(report) == ["NOT_ENROLLED"]
    assert activity["userErrors"][0]["field"] == ["input", "enrollmentId"]


PROGRESS = """query($id: ID!) { node(id: $id) { ... on Participant {
  talentPoolMemberships { edges { node {
    developmentProgress { year share slots { kind per period required done met } }
    developmentActivities { totalCount edges { node { title } } }
    tutor { name }
  } } } } } }"""


async def test_progress_is_counted_against_the_programs_minimums(
    gql: GraphQLTester, pool: Pool
) -> None:
    await make_activity(
        member=pool.enrollment, kind=DevelopmentActivityKind.INTERNAL_TRAINING, ended_on=TODAY
    )
    before = await gql.data(PROGRESS, {"id": gid(pool.member)}, viewer=pool.member)
    changed = await gql.mutate(
        "programUpdate",
        {
            "id": gid(pool.program),
            "publicityDays": 10,
            "developmentMinimums": [
                {"kind": "CERTIFICATION", "count": 2, "per": "YEAR"},
                {"kind": "INTERNAL_TRAINING", "count": 1, "per": "QUARTER"},
            ],
        },
        "program { publicityDays developmentMinimums { kind count per } }",
        viewer=pool.manager,
        roles=MANAGER,
    )
    twice = await gql.mutate(
        "programUpdate",
        {
            "id": gid(pool.program),
            "developmentMinimums": [
                {"kind": "CERTIFICATION", "count": 1, "per": "YEAR"},
                {"kind": "CERTIFICATION", "count": 2, "per": "QUARTER"},
            ],
        },
        "program { id }",
        viewer=pool.manager,
        roles=MANAGER,
    )
    after = await gql.data(PROGRESS, {"id": gid(pool.member)}, viewer=pool.member)

    (membership,) = nodes(before["node"]["talentPoolMemberships"])
    slots = {(s["kind"], s["period"]): s for s in membership["developmentProgress"]["slots"]}
    assert slots[("INTERNAL_TRAINING", QUARTER)]["met"] is True
    external = slots[("EXTERNAL_TRAINING", str(TODAY.year))]
    assert (external["done"], external["required"], external["met"]) == (0, 1, False)
    assert membership["tutor"] == {"name": "Tom Tutor"}
    assert membership["developmentActivities"]["totalCount"] == 1
    assert changed["program"] == {
        "publicityDays": 10,
        "developmentMinimums": [
            {"kind": "CERTIFICATION", "count": 2, "per": "YEAR"},
            {"kind": "INTERNAL_TRAINING", "count": 1, "per": "QUARTER"},
        ],
    }
    assert error_codes(twice) == ["INVALID"]
    (membership,) = nodes(after["node"]["talentPoolMemberships"])
    kinds = {s["kind"] for s in membership["developmentProgress"]["slots"]}
    assert kinds == {"CERTIFICATION", "INTERNAL_TRAINING"}


async def test_development_records_are_for_the_member_tutor_and_hr(
    gql: GraphQLTester, pool: Pool
) -> None:
    await make_activity(
        member=pool.enrollment, kind=DevelopmentActivityKind.ROTATION, ended_on=TODAY
    )
    readers = {
        "member": (pool.member, frozenset()),
        "tutor": (pool.tutor, frozenset()),
        "hr": (pool.outsider, HR),
        "manager": (pool.manager, MANAGER),
        "colleague": (pool.outsider, frozenset()),
    }
    query = """query($program: ID!) { talentPool(programId: $program) { edges { node {
      name developmentActivities { totalCount } progressReports { totalCount } tutor { name }
    } } } }"""
    seen = {}
    for label, (viewer, roles) in readers.items():
        data = await gql.data(query, {"program": gid(pool.program)}, viewer=viewer, roles=roles)
        (member,) = nodes(data["talentPool"])
        assert member["name"] == "Ana Member"
        activities = member["developmentActivities"]
        seen[label] = activities and activities["totalCount"]

    assert seen == {"member": 1, "tutor": 1, "hr": 1, "manager": 1, "colleague": None}


REPORT_FIELDS = "report { quarter work onTime revision dueOn }"


async def test_a_member_reports_each_quarter_and_may_replace_it_until_due(
    gql: GraphQLTester, pool: Pool
) -> None:
    report = {"enrollmentId": gid(pool.enrollment), "quarter": QUARTER, **REPORT}
    first = await gql.mutate("progressReportSubmit", report, REPORT_FIELDS, viewer=pool.member)
    replaced = await gql.mutate(
        "progressReportSubmit",
        {**report, "work": "Shipped the billing rewrite and the audit."},
        REPORT_FIELDS,
        viewer=pool.member,
    )
    by_tutor = await gql.mutate("progressReportSubmit", report, REPORT_FIELDS, viewer=pool.tutor)
    malformed = await gql.mutate(
        "progressReportSubmit", {**report, "quarter": "2026-5"}, REPORT_FIELDS, viewer=pool.member
    )
    next_year = f"{TODAY.year + 1}-Q1"
    ahead = await gql.mutate(
        "progressReportSubmit", {**report, "quarter": next_year}, REPORT_FIELDS, viewer=pool.member
    )
    before_joining = await gql.mutate(
        "progressReportSubmit", {**report, "quarter": "2001-Q1"}, REPORT_FIELDS, viewer=pool.member
    )

    assert first["report"]["revision"] == 1 and first["report"]["onTime"] is True
    assert replaced["report"]["revision"] == 2
    assert replaced["report"]["work"].endswith("and the audit.")
    assert await ProgressReport.count() == 1
    assert error_codes(by_tutor) == ["FORBIDDEN"]
    assert malformed["userErrors"][0]["field"] == ["input", "quarter"]
    assert error_codes(ahead) == error_codes(before_joining) == ["INVALID"]


async def test_a_report_after_its_due_date_is_late_and_final(gql: GraphQLTester) -> None:
    program = await make_talent_program()
    member = await make_participant()
    enrollment = await make_member(
        program=program, participant=member, since=utc_now() - timedelta(days=400)
    )
    past = quarter_key(TODAY - timedelta(days=200))
    report = {"enrollmentId": gid(enrollment), "quarter": past, **REPORT}

    late = await gql.mutate("progressReportSubmit", report, REPORT_FIELDS, viewer=member)
    again = await gql.mutate("progressReportSubmit", report, REPORT_FIELDS, viewer=member)

    assert late["report"]["onTime"] is False
    assert date.fromisoformat(late["report"]["dueOn"]) < TODAY
    assert error_codes(again) == ["INVALID_TRANSITION"]


ASSESSMENT_FIELDS = "assessment { quarter meanScore ratings { competency score } tutor { name } }"


async def test_the_tutor_assesses_the_member_each_quarter(gql: GraphQLTester, pool: Pool) -> None:
    assessment = {
        "enrollmentId": gid(pool.enrollment),
        "quarter": QUARTER,
        "ratings": [
            {"competency": "leadership", "score": 4},
            {"competency": "Strategy", "score": 3},
        ],
        "comment": "Steady progress.",
    }
    by_tutor = await gql.mutate(
        "mentorAssessmentSubmit", assessment, ASSESSMENT_FIELDS, viewer=pool.tutor
    )
    by_member = await gql.mutate(
        "mentorAssessmentSubmit", assessment, ASSESSMENT_FIELDS, viewer=pool.member
    )
    by_manager = await gql.mutate(
        "mentorAssessmentSubmit", assessment, ASSESSMENT_FIELDS, viewer=pool.manager, roles=MANAGER
    )
    unknown = await gql.mutate(
        "mentorAssessmentSubmit",
        {**assessment, "ratings": [{"competency": "Juggling", "score": 4}]},
        ASSESSMENT_FIELDS,
        viewer=pool.tutor,
    )
    out_of_scale = await gql.mutate(
        "mentorAssessmentSubmit",
        {**assessment, "ratings": [{"competency": "Strategy", "score": 6}]},
        ASSESSMENT_FIELDS,
        viewer=pool.tutor,
    )
    twice = await gql.mutate(
        "mentorAssessmentSubmit",
        {**assessment, "ratings": [{"competency": "Strategy", "score": 2}] * 2},
        ASSESSMENT_FIELDS,
        viewer=pool.tutor,
    )

    assert by_tutor["assessment"] == {
        "quarter": QUARTER,
        "meanScore": 3.5,
        "ratings": [
            {"competency": "Leadership", "score": 4},
            {"competency": "Strategy", "score": 3},
        ],
        "tutor": {"name": "Tom Tutor"},
    }
    assert error_codes(by_member) == error_codes(by_manager) == ["FORBIDDEN"]
    assert error_codes(unknown) == error_codes(out_of_scale) == error_codes(twice) == ["INVALID"]
    assert unknown["userErrors"][0]["field"] == ["input", "ratings"]


DUE = """query($id: ID!, $quarter: String) { program(id: $id) {
  talentReserveDue(quarter: $quarter) { totalCount edges { node {
    name reportMissing assessmentMissing tutor { name } behind { kind period done required }
  } } }
} }"""


async def test_hr_sees_who_is_missing_what_this_quarter(gql: GraphQLTester, pool: Pool) -> None:
    diligent = await make_participant(name="Dina Diligent")
    diligent_tutor = await make_participant(name="Dan Tutor")
    await make_pair(program=pool.program, mentor=diligent_tutor, mentee=diligent, enroll=False)
    done = await make_member(program=pool.program, participant=diligent)
    await make_report(member=done, quarter=QUARTER)
    await make_assessment(member=done, tutor=diligent_tutor, quarter=QUARTER, scores=[4])
    for kind in (
        DevelopmentActivityKind.INTERNAL_TRAINING,
        DevelopmentActivityKind.EXTERNAL_TRAINING,
    ):
        await make_activity(member=done, kind=kind, ended_on=TODAY)
    await make_report(member=pool.enrollment, quarter=QUARTER)
    untutored = await make_participant(name="Una Untutored")
    await make_member(program=pool.program, participant=untutored)

    seen_by_hr = await gql.data(DUE, {"id": gid(pool.program)}, viewer=pool.outsider, roles=HR)
    seen_by_member = await gql.data(DUE, {"id": gid(pool.program)}, viewer=pool.member)
    bad_quarter = await gql.run(
        DUE, {"id": gid(pool.program), "quarter": "Q5"}, viewer=pool.outsider, roles=HR
    )

    due = {item["name"]: item for item in nodes(seen_by_hr["program"]["talentReserveDue"])}
    assert set(due) == {"Ana Member", "Una Untutored"}
    ana, una = due["Ana Member"], due["Una Untutored"]
    assert (ana["reportMissing"], ana["assessmentMissing"]) == (False, True)
    assert ana["tutor"] == {"name": "Tom Tutor"}
    assert {(b["kind"], b["period"]) for b in ana["behind"]} == {
        ("INTERNAL_TRAINING", QUARTER),
        ("EXTERNAL_TRAINING", str(TODAY.year)),
    }
    assert (una["reportMissing"], una["assessmentMissing"], una["tutor"]) == (True, True, None)
    assert seen_by_member["program"]["talentReserveDue"] is None
    assert bad_quarter.errors is not None
