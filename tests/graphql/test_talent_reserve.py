"""The talent reserve's admission: an application form, a recommendation by the applicant's
department head, HR's review, top management's decision, the publicity period with its
objections, and the pool the published members form."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from services.surveys.automation.jobs import run_job
from services.surveys.automation.talent_publication import JOB
from services.surveys.settings import SurveySettings
from shared.enums import EnrollmentStatus, ObjectionStatus, Role, ViewerRole
from shared.models import Enrollment, EnrollmentObjection, Participant, Program, utc_now
from tests.factories import make_enrollment, make_participant, make_program
from tests.factories.talent import (
    APPLICATION,
    make_application,
    make_member,
    make_talent_program,
)
from tests.graphql.client import ADMIN, MANAGER, GraphQLTester, error_codes, gid, nodes

HEAD = frozenset({ViewerRole.DEPARTMENT_HEAD})
HR = frozenset({ViewerRole.HR})
EXECUTIVE = frozenset({ViewerRole.EXECUTIVE})

ENROLLMENT = """enrollment {
  id status publicityEndsAt
  application { echelon motivation developmentPlan { goals activities } }
  history { fromStatus toStatus note by { name } }
  recommendedBy { name } decidedBy { name }
}"""
OBJECTION = "objection { id status reason decisionNote by { name } decidedBy { name } }"


@dataclass
class Reserve:
    program: Program
    manager: Participant
    applicant: Participant
    head: Participant
    hr: Participant
    executive: Participant
    colleague: Participant


@pytest.fixture
async def reserve(database_name: str) -> Reserve:
    manager = await make_participant(name="Mira Manager", department="People")
    return Reserve(
        program=await make_talent_program(manager_ids=[manager.id], publicity_days=7),
        manager=manager,
        applicant=await make_participant(name="Ana Applicant", department="Engineering"),
        head=await make_participant(name="Hugo Head", department="Engineering"),
        hr=await make_participant(name="Hana HR", department="People"),
        executive=await make_participant(name="Ella Executive", department="Board"),
        colleague=await make_participant(name="Cole Colleague", department="Engineering"),
    )


async def _apply(gql: GraphQLTester, r: Reserve, **extra: Any) -> dict[str, Any]:
    payload = {
        "programId": gid(r.program),
        "participantId": gid(r.applicant),
        "role": "MENTEE",
        "application": APPLICATION,
        **extra,
    }
    return await gql.mutate("enrollmentApply", payload, ENROLLMENT, viewer=r.applicant)


async def _to_approved(gql: GraphQLTester, r: Reserve) -> str:
    enrollment_id = (await _apply(gql, r))["enrollment"]["id"]
    steps = [
        ("enrollmentRecommend", {"id": enrollment_id}, r.head, HEAD),
        ("enrollmentReview", {"id": enrollment_id, "pass": True}, r.hr, HR),
        ("enrollmentDecide", {"id": enrollment_id, "approve": True}, r.executive, EXECUTIVE),
    ]
    for name, payload, viewer, roles in steps:
        done = await gql.mutate(name, payload, ENROLLMENT, viewer=viewer, roles=roles)
        assert done["userErrors"] == [], (name, done)
    return str(enrollment_id)


async def _end_publicity(enrollment_id: str) -> None:
    """The publicity period is over: its end moves to a moment ago."""
    stored = await Enrollment.find_one({"status": EnrollmentStatus.APPROVED.value})
    assert stored is not None and gid(stored) == enrollment_id
    await Enrollment.get_pymongo_collection().update_one(
        {"_id": stored.id}, {"$set": {"publicity_ends_at": utc_now() - timedelta(minutes=1)}}
    )


async def test_an_application_goes_from_the_department_through_hr_and_top_management(
    gql: GraphQLTester, reserve: Reserve
) -> None:
    r = reserve
    applied = await _apply(gql, r)
    enrollment_id = applied["enrollment"]["id"]
    recommended = await gql.mutate(
        "enrollmentRecommend",
        {"id": enrollment_id, "note": "Leads our platform work"},
        ENROLLMENT,
        viewer=r.head,
        roles=HEAD,
    )
    reviewed = await gql.mutate(
        "enrollmentReview",
        {"id": enrollment_id, "pass": True, "note": "Meets the echelon's criteria"},
        ENROLLMENT,
        viewer=r.hr,
        roles=HR,
    )
    approved = await gql.mutate(
        "enrollmentDecide",
        {"id": enrollment_id, "approve": True},
        ENROLLMENT,
        viewer=r.executive,
        roles=EXECUTIVE,
    )

    assert applied["enrollment"]["application"] == APPLICATION
    assert recommended["enrollment"]["status"] == "RECOMMENDED"
    assert reviewed["enrollment"]["status"] == "HR_REVIEWED"
    enrollment = approved["enrollment"]
    assert enrollment["status"] == "APPROVED"
    assert [(h["toStatus"], h["by"]["name"]) for h in enrollment["history"]] == [
        ("APPLIED", "Ana Applicant"),
        ("RECOMMENDED", "Hugo Head"),
        ("HR_REVIEWED", "Hana HR"),
        ("APPROVED", "Ella Executive"),
    ]
    assert enrollment["recommendedBy"] == {"name": "Hugo Head"}
    assert enrollment["decidedBy"] == {"name": "Ella Executive"}
    stored = await Enrollment.find_one()
    assert stored is not None and stored.publicity_ends_at is not None
    assert stored.publicity_ends_at - stored.history[-1].at == pytest.approx(
        timedelta(days=7), abs=timedelta(seconds=5)
    )


async def test_a_talent_reserve_application_needs_its_form_and_no_other_takes_one(
    gql: GraphQLTester, reserve: Reserve
) -> None:
    r = reserve
    without = await _apply(gql, r, application=None)
    as_tutor = await _apply(gql, r, role="MENTOR")
    onboarding = await make_program()
    elsewhere = await gql.mutate(
        "enrollmentApply",
        {
            "programId": gid(onboarding),
            "participantId": gid(r.applicant),
            "role": "MENTEE",
            "application": APPLICATION,
        },
        ENROLLMENT,
        viewer=r.applicant,
    )
    bad_echelon = await _apply(gql, r, application={**APPLICATION, "echelon": 4})

    assert error_codes(without) == ["INVALID"]
    assert without["userErrors"][0]["field"] == ["input", "application"]
    assert error_codes(as_tutor) == error_codes(elsewhere) == ["INVALID"]
    assert bad_echelon["userErrors"][0]["field"] == ["input", "application", "echelon"]
    assert await Enrollment.count() == 0


async def test_each_step_belongs_to_its_role(gql: GraphQLTester, reserve: Reserve) -> None:
    r = reserve
    enrollment_id = (await _apply(gql, r))["enrollment"]["id"]
    other_head = await make_participant(department="Sales")

    attempts: dict[str, tuple[str, dict[str, Any], Participant, frozenset[ViewerRole]]] = {
        "manager recommends": ("enrollmentRecommend", {}, r.manager, MANAGER),
        "admin recommends": ("enrollmentRecommend", {}, r.manager, ADMIN),
        "head of another department": ("enrollmentRecommend", {}, other_head, HEAD),
        "the applicant as head": ("enrollmentRecommend", {}, r.applicant, HEAD),
    }
    codes = {
        label: error_codes(
            await gql.mutate(name, {"id": enrollment_id, **extra}, ENROLLMENT, viewer=v, roles=ro)
        )
        for label, (name, extra, v, ro) in attempts.items()
    }
    await gql.mutate(
        "enrollmentRecommend", {"id": enrollment_id}, ENROLLMENT, viewer=r.head, roles=HEAD
    )
    review_by_head = await gql.mutate(
        "enrollmentReview",
        {"id": enrollment_id, "pass": True},
        ENROLLMENT,
        viewer=r.head,
        roles=HEAD,
    )
    decide_by_hr = await gql.mutate(
        "enrollmentDecide",
        {"id": enrollment_id, "approve": True},
        ENROLLMENT,
        viewer=r.hr,
        roles=HR,
    )
    await gql.mutate(
        "enrollmentReview", {"id": enrollment_id, "pass": True}, ENROLLMENT, viewer=r.hr, roles=HR
    )
    decide_by_manager = await gql.mutate(
        "enrollmentDecide",
        {"id": enrollment_id, "approve": True},
        ENROLLMENT,
        viewer=r.manager,
        roles=MANAGER,
    )

    assert codes == {label: ["FORBIDDEN"] for label in attempts}
    assert error_codes(review_by_head) == ["FORBIDDEN"]
    assert error_codes(decide_by_hr) == ["FORBIDDEN"]
    assert error_codes(decide_by_manager) == ["FORBIDDEN"]
    stored = await Enrollment.find_one()
    assert stored is not None and stored.status == EnrollmentStatus.HR_REVIEWED


async def test_steps_follow_their_order(gql: GraphQLTester, reserve: Reserve) -> None:
    r = reserve
    enrollment_id = (await _apply(gql, r))["enrollment"]["id"]

    review_first = await gql.mutate(
        "enrollmentReview", {"id": enrollment_id, "pass": True}, ENROLLMENT, viewer=r.hr, roles=HR
    )
    decide_first = await gql.mutate(
        "enrollmentDecide",
        {"id": enrollment_id, "approve": True},
        ENROLLMENT,
        viewer=r.executive,
        roles=EXECUTIVE,
    )
    await gql.mutate(
        "enrollmentRecommend", {"id": enrollment_id}, ENROLLMENT, viewer=r.head, roles=HEAD
    )
    decide_before_review = await gql.mutate(
        "enrollmentDecide",
        {"id": enrollment_id, "approve": True},
        ENROLLMENT,
        viewer=r.executive,
        roles=EXECUTIVE,
    )
    recommend_again = await gql.mutate(
        "enrollmentRecommend", {"id": enrollment_id}, ENROLLMENT, viewer=r.head, roles=HEAD
    )

    for payload in (review_first, decide_first, decide_before_review):
        assert error_codes(payload) == ["INVALID_TRANSITION"]
    assert error_codes(recommend_again) == ["INVALID_TRANSITION"]


async def test_the_same_person_never_takes_two_steps(gql: GraphQLTester, reserve: Reserve) -> None:
    r = reserve
    enrollment_id = (await _apply(gql, r))["enrollment"]["id"]
    head_and_hr = HEAD | HR
    await gql.mutate(
        "enrollmentRecommend", {"id": enrollment_id}, ENROLLMENT, viewer=r.head, roles=head_and_hr
    )

    reviews_own_recommendation = await gql.mutate(
        "enrollmentReview",
        {"id": enrollment_id, "pass": True},
        ENROLLMENT,
        viewer=r.head,
        roles=head_and_hr,
    )
    await gql.mutate(
        "enrollmentReview", {"id": enrollment_id, "pass": True}, ENROLLMENT, viewer=r.hr, roles=HR
    )
    decides_own_review = await gql.mutate(
        "enrollmentDecide",
        {"id": enrollment_id, "approve": True},
        ENROLLMENT,
        viewer=r.hr,
        roles=HR | EXECUTIVE,
    )
    applicant_decides = await gql.mutate(
        "enrollmentDecide",
        {"id": enrollment_id, "approve": True},
        ENROLLMENT,
        viewer=r.applicant,
        roles=EXECUTIVE,
    )

    assert error_codes(reviews_own_recommendation) == ["SAME_PERSON_TWICE"]
    assert error_codes(decides_own_review) == ["SAME_PERSON_TWICE"]
    assert error_codes(applicant_decides) == ["SAME_PERSON_TWICE"]


async def test_hr_rejects_with_a_note_and_top_management_with_a_reason(
    gql: GraphQLTester, reserve: Reserve
) -> None:
    r = reserve
    first = await make_application(
        program=r.program, participant=r.applicant, status=EnrollmentStatus.RECOMMENDED
    )
    second = await make_application(
        program=r.program, participant=r.colleague, status=EnrollmentStatus.HR_REVIEWED
    )

    silent = await gql.mutate(
        "enrollmentReview", {"id": gid(first), "pass": False}, ENROLLMENT, viewer=r.hr, roles=HR
    )
    failed = await gql.mutate(
        "enrollmentReview",
        {"id": gid(first), "pass": False, "note": "Joined three months ago"},
        ENROLLMENT,
        viewer=r.hr,
        roles=HR,
    )
    unexplained = await gql.mutate(
        "enrollmentDecide",
        {"id": gid(second), "approve": False},
        ENROLLMENT,
        viewer=r.executive,
        roles=EXECUTIVE,
    )
    declined = await gql.mutate(
        "enrollmentDecide",
        {"id": gid(second), "approve": False, "reason": "No opening this year"},
        ENROLLMENT,
        viewer=r.executive,
        roles=EXECUTIVE,
    )
    on_other_program = await gql.mutate(
        "enrollmentReview",
        {
            "id": gid(
                await make_enrollment(
                    program=await make_program(),
                    participant=r.applicant,
                    role=Role.MENTEE,
                    status=EnrollmentStatus.RECOMMENDED,
                )
            ),
            "pass": True,
        },
        ENROLLMENT,
        viewer=r.hr,
        roles=HR,
    )

    assert error_codes(silent) == ["INVALID"]
    assert silent["userErrors"][0]["field"] == ["input", "note"]
    assert failed["enrollment"]["status"] == "REJECTED"
    assert failed["enrollment"]["history"][-1]["note"] == "Joined three months ago"
    assert error_codes(unexplained) == ["INVALID"]
    assert declined["enrollment"]["status"] == "REJECTED"
    assert error_codes(on_other_program) == ["INVALID"]


async def test_other_programs_keep_the_managers_own_flow(
    gql: GraphQLTester, reserve: Reserve
) -> None:
    r = reserve
    tutor_application = await make_enrollment(
        program=r.program,
        participant=r.head,
        role=Role.MENTOR,
        status=EnrollmentStatus.APPLIED,
    )

    recommended = await gql.mutate(
        "enrollmentRecommend",
        {"id": gid(tutor_application)},
        ENROLLMENT,
        viewer=r.manager,
        roles=MANAGER,
    )
    approved = await gql.mutate(
        "enrollmentDecide",
        {"id": gid(tutor_application), "approve": True},
        ENROLLMENT,
        viewer=r.manager,
        roles=MANAGER,
    )

    assert recommended["enrollment"]["status"] == "RECOMMENDED"
    assert approved["enrollment"]["status"] == "APPROVED"
    assert approved["enrollment"]["publicityEndsAt"] is None


POOL = """query($program: ID!, $echelon: Int) {
  talentPool(programId: $program, echelon: $echelon) {
    totalCount
    edges { node { name department echelon enrollmentId memberSince
      enrollment { application { motivation } } } }
  }
}"""
ANNOUNCED = """query($program: ID!) { program(id: $program) {
  talentAnnouncements { totalCount edges { node { name echelon publicityEndsAt enrollmentId } } }
} }"""


async def test_an_admission_is_published_once_its_publicity_period_is_over(
    gql: GraphQLTester, reserve: Reserve, survey_settings: SurveySettings
) -> None:
    r = reserve
    enrollment_id = await _to_approved(gql, r)
    program = {"program": gid(r.program)}
    announced = await gql.data(ANNOUNCED, program, viewer=r.colleague)
    pool_during = await gql.data(POOL, program, viewer=r.colleague)
    await _end_publicity(enrollment_id)

    shown = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Enrollment { status } } }",
        {"id": enrollment_id},
        viewer=r.applicant,
    )
    stored_before = await Enrollment.find_one()
    ran = await run_job(JOB, survey_settings, holder="test")
    again = await run_job(JOB, survey_settings, holder="test")
    stored = await Enrollment.find_one()
    pool = await gql.data(POOL, program, viewer=r.colleague)
    other_echelon = await gql.data(POOL, {**program, "echelon": 1}, viewer=r.colleague)

    (item,) = nodes(announced["program"]["talentAnnouncements"])
    assert item["name"] == "Ana Applicant" and item["enrollmentId"] == enrollment_id
    assert pool_during["talentPool"]["totalCount"] == 0
    assert shown["node"]["status"] == "PUBLISHED"
    assert stored_before is not None and stored_before.status == EnrollmentStatus.APPROVED
    assert ran == {"published": 1} and again == {"published": 0}
    assert stored is not None and stored.status == EnrollmentStatus.PUBLISHED
    assert [h.to_status for h in stored.history].count(EnrollmentStatus.PUBLISHED) == 1
    assert stored.history[-1].at == stored.publicity_ends_at
    (member,) = nodes(pool["talentPool"])
    assert member["name"] == "Ana Applicant" and member["department"] == "Engineering"
    assert member["echelon"] == 2
    # Publication names the member; the application itself stays with those who may read it.
    assert member["enrollment"] is None
    assert other_echelon["talentPool"]["totalCount"] == 0


async def test_the_pool_and_memberships_show_published_members_only(
    gql: GraphQLTester, reserve: Reserve
) -> None:
    r = reserve
    await make_member(program=r.program, participant=r.applicant, echelon=1)
    await make_member(program=r.program, participant=r.colleague, echelon=3)
    await make_application(
        program=r.program,
        participant=r.head,
        status=EnrollmentStatus.APPROVED,
        publicity_ends_at=utc_now() + timedelta(days=3),
    )
    await make_application(program=r.program, participant=r.hr, status=EnrollmentStatus.APPLIED)

    everyone = await gql.data(
        POOL, {"program": gid(r.program)}, viewer=r.executive, roles=EXECUTIVE
    )
    first_echelon = await gql.data(
        POOL, {"program": gid(r.program), "echelon": 1}, viewer=r.colleague
    )
    memberships = await gql.data(
        """query($id: ID!) { node(id: $id) { ... on Participant {
          talentPoolMemberships { edges { node { echelon program { name } } } } } } }""",
        {"id": gid(r.applicant)},
        viewer=r.applicant,
    )

    assert [m["name"] for m in nodes(everyone["talentPool"])] == ["Ana Applicant", "Cole Colleague"]
    # HR and top management read the applications of the pool.
    assert nodes(everyone["talentPool"])[0]["enrollment"]["application"] is not None
    assert [m["name"] for m in nodes(first_echelon["talentPool"])] == ["Ana Applicant"]
    (membership,) = nodes(memberships["node"]["talentPoolMemberships"])
    assert membership == {"echelon": 1, "program": {"name": r.program.name}}


async def test_an_objection_holds_the_publication_until_hr_dismisses_it(
    gql: GraphQLTester, reserve: Reserve, survey_settings: SurveySettings
) -> None:
    r = reserve
    enrollment_id = await _to_approved(gql, r)
    objected = await gql.mutate(
        "enrollmentObject",
        {"id": enrollment_id, "reason": "The project results were not theirs"},
        OBJECTION,
        viewer=r.colleague,
    )
    twice = await gql.mutate(
        "enrollmentObject", {"id": enrollment_id, "reason": "Again"}, OBJECTION, viewer=r.colleague
    )
    own = await gql.mutate(
        "enrollmentObject", {"id": enrollment_id, "reason": "Me?"}, OBJECTION, viewer=r.applicant
    )
    await _end_publicity(enrollment_id)
    ran = await run_job(JOB, survey_settings, holder="test")
    held = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Enrollment { status } } }",
        {"id": enrollment_id},
        viewer=r.applicant,
    )
    late = await gql.mutate(
        "enrollmentObject", {"id": enrollment_id, "reason": "Late"}, OBJECTION, viewer=r.manager
    )
    objection_id = objected["objection"]["id"]
    by_colleague = await gql.mutate(
        "enrollmentObjectionDecide",
        {"id": objection_id, "uphold": False},
        OBJECTION,
        viewer=r.colleague,
    )
    by_reviewer = await gql.mutate(
        "enrollmentObjectionDecide",
        {"id": objection_id, "uphold": False},
        OBJECTION,
        viewer=r.hr,
        roles=HR,
    )
    other_hr = await make_participant(name="Omar HR")
    dismissed = await gql.mutate(
        "enrollmentObjectionDecide",
        {"id": objection_id, "uphold": False, "note": "Checked with the project lead"},
        OBJECTION,
        viewer=other_hr,
        roles=HR,
    )
    decided_twice = await gql.mutate(
        "enrollmentObjectionDecide",
        {"id": objection_id, "uphold": True, "note": "Changed my mind"},
        OBJECTION,
        viewer=other_hr,
        roles=HR,
    )
    published = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Enrollment { status } } }",
        {"id": enrollment_id},
        viewer=r.applicant,
    )

    assert objected["objection"]["status"] == "PENDING"
    assert objected["objection"]["by"] == {"name": "Cole Colleague"}
    assert error_codes(twice) == ["DUPLICATE"]
    assert error_codes(own) == ["FORBIDDEN"]
    assert ran == {"published": 0}
    assert held["node"]["status"] == "APPROVED"
    assert error_codes(late) == ["INVALID_TRANSITION"]
    assert error_codes(by_colleague) == ["FORBIDDEN"]
    assert error_codes(by_reviewer) == ["SAME_PERSON_TWICE"]
    assert dismissed["objection"]["status"] == "DISMISSED"
    assert dismissed["objection"]["decidedBy"] == {"name": "Omar HR"}
    assert error_codes(decided_twice) == ["INVALID_TRANSITION"]
    assert published["node"]["status"] == "PUBLISHED"


async def test_an_upheld_objection_rejects_the_admission(
    gql: GraphQLTester, reserve: Reserve
) -> None:
    r = reserve
    enrollment_id = await _to_approved(gql, r)
    first = await gql.mutate(
        "enrollmentObject",
        {"id": enrollment_id, "reason": "Misconduct"},
        OBJECTION,
        viewer=r.colleague,
    )
    second = await gql.mutate(
        "enrollmentObject", {"id": enrollment_id, "reason": "Same"}, OBJECTION, viewer=r.manager
    )
    other_hr = await make_participant(name="Omar HR")
    unexplained = await gql.mutate(
        "enrollmentObjectionDecide",
        {"id": first["objection"]["id"], "uphold": True},
        OBJECTION,
        viewer=other_hr,
        roles=HR,
    )
    upheld = await gql.mutate(
        "enrollmentObjectionDecide",
        {"id": first["objection"]["id"], "uphold": True, "note": "Confirmed by the audit"},
        OBJECTION + " objection { enrollment { status history { note } } }",
        viewer=other_hr,
        roles=HR,
    )
    await _end_publicity_of_rejected()
    pool = await gql.data(POOL, {"program": gid(r.program)}, viewer=r.colleague)

    assert error_codes(unexplained) == ["INVALID"]
    assert upheld["objection"]["status"] == "UPHELD"
    assert upheld["objection"]["enrollment"]["status"] == "REJECTED"
    assert upheld["objection"]["enrollment"]["history"][-1]["note"] == "Confirmed by the audit"
    lapsed = await EnrollmentObjection.find_one({"reason": "Same"})
    assert second["objection"]["status"] == "PENDING"
    assert lapsed is not None and lapsed.status == ObjectionStatus.LAPSED
    assert pool["talentPool"]["totalCount"] == 0


async def _end_publicity_of_rejected() -> None:
    await Enrollment.get_pymongo_collection().update_many(
        {}, {"$set": {"publicity_ends_at": utc_now() - timedelta(minutes=1)}}
    )


async def test_who_reads_an_application_and_its_objections(
    gql: GraphQLTester, reserve: Reserve
) -> None:
    r = reserve
    enrollment_id = await _to_approved(gql, r)
    objection = await gql.mutate(
        "enrollmentObject",
        {"id": enrollment_id, "reason": "Concern"},
        OBJECTION,
        viewer=r.colleague,
    )
    query = """query($id: ID!) { node(id: $id) { ... on Enrollment {
      application { echelon } objections { totalCount edges { node { reason } } } } } }"""
    readers = {
        "applicant": (r.applicant, frozenset()),
        "department head": (r.head, HEAD),
        "hr": (r.hr, HR),
        "executive": (r.executive, EXECUTIVE),
        "manager": (r.manager, MANAGER),
        "colleague": (r.colleague, frozenset()),
        "other head": (await make_participant(department="Sales"), HEAD),
    }
    seen = {}
    for label, (viewer, roles) in readers.items():
        node = (await gql.data(query, {"id": enrollment_id}, viewer=viewer, roles=roles))["node"]
        seen[label] = (
            None
            if node is None
            else (
                node["application"]["echelon"],
                node["objections"] and node["objections"]["totalCount"],
            )
        )
    objection_node = (
        """query($id: ID!) { node(id: $id) { ... on EnrollmentObjection { reason } } }"""
    )
    objection_id = {"id": objection["objection"]["id"]}
    raiser = await gql.data(objection_node, objection_id, viewer=r.colleague)
    applicant = await gql.data(objection_node, objection_id, viewer=r.applicant)

    assert seen == {
        "applicant": (2, None),
        "department head": (2, None),
        "hr": (2, 1),
        "executive": (2, 1),
        "manager": (2, 1),
        "colleague": None,
        "other head": None,
    }
    assert raiser["node"] == {"reason": "Concern"}
    assert applicant["node"] is None


async def test_withdrawing_an_objected_admission_lets_its_objections_lapse(
    gql: GraphQLTester, reserve: Reserve
) -> None:
    r = reserve
    enrollment_id = await _to_approved(gql, r)
    await gql.mutate(
        "enrollmentObject",
        {"id": enrollment_id, "reason": "Concern"},
        OBJECTION,
        viewer=r.colleague,
    )

    withdrawn = await gql.mutate(
        "enrollmentWithdraw", {"id": enrollment_id}, ENROLLMENT, viewer=r.applicant
    )
    again = await _apply(gql, r)

    assert withdrawn["enrollment"]["status"] == "WITHDRAWN"
    objection = await EnrollmentObjection.find_one()
    assert objection is not None and objection.status == ObjectionStatus.LAPSED
    assert again["enrollment"]["status"] == "APPLIED"
    assert again["enrollment"]["publicityEndsAt"] is None
    stored = await Enrollment.find_one()
    assert stored is not None and stored.pending_objections == 0


async def test_heads_find_their_departments_applications_and_hr_every_one(
    gql: GraphQLTester, reserve: Reserve
) -> None:
    r = reserve
    await make_application(program=r.program, participant=r.applicant)
    await make_application(
        program=r.program, participant=await make_participant(department="Sales")
    )
    await make_enrollment(program=await make_program(), participant=r.colleague, role=Role.MENTEE)
    query = """query($id: ID!) { program(id: $id) {
      enrollments { totalCount edges { node { participant { name department } } } } } }"""

    by_head = await gql.data(query, {"id": gid(r.program)}, viewer=r.head, roles=HEAD)
    by_hr = await gql.data(query, {"id": gid(r.program)}, viewer=r.hr, roles=HR)
    by_colleague = await gql.data(query, {"id": gid(r.program)}, viewer=r.colleague)

    head_sees = nodes(by_head["program"]["enrollments"])
    assert [e["participant"] for e in head_sees] == [
        {"name": "Ana Applicant", "department": "Engineering"}
    ]
    assert by_hr["program"]["enrollments"]["totalCount"] == 2
    assert by_colleague["program"]["enrollments"]["totalCount"] == 0


async def test_a_published_member_is_paired_with_a_tutor(
    gql: GraphQLTester, reserve: Reserve
) -> None:
    r = reserve
    await make_member(program=r.program, participant=r.applicant)
    await make_enrollment(program=r.program, participant=r.head, role=Role.MENTOR)

    paired = await gql.mutate(
        "pairCreate",
        {"programId": gid(r.program), "mentorId": gid(r.head), "menteeId": gid(r.applicant)},
        "pair { status mentor { name } }",
        viewer=r.manager,
        roles=MANAGER,
    )

    assert paired["userErrors"] == []
    assert paired["pair"]["mentor"] == {"name": "Hugo Head"}
