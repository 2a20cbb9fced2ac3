"""Enrollments: voluntary applications through recommendation to a decision."""

from shared.enums import EnrollmentStatus, PairStatus, ProgramStatus, Role
from shared.models import Enrollment
from tests.factories import make_enrollment, make_pair, make_participant, make_program
from tests.graphql.client import ADMIN, MANAGER, GraphQLTester, error_codes, gid

ENROLLMENT = "enrollment { id status role history { fromStatus toStatus note by { name } } }"


async def test_an_application_moves_through_recommendation_to_approval(gql: GraphQLTester) -> None:
    manager = await make_participant(name="Hana Manager")
    applicant = await make_participant(name="Kenji Applicant")
    program = await make_program(manager_ids=[manager.id])

    applied = await gql.mutate(
        "enrollmentApply",
        {"programId": gid(program), "participantId": gid(applicant), "role": "MENTEE"},
        ENROLLMENT,
        viewer=applicant,
    )
    enrollment_id = applied["enrollment"]["id"]
    recommended = await gql.mutate(
        "enrollmentRecommend",
        {"id": enrollment_id, "note": "Strong candidate"},
        ENROLLMENT,
        viewer=manager,
        roles=MANAGER,
    )
    approved = await gql.mutate(
        "enrollmentDecide",
        {"id": enrollment_id, "approve": True},
        ENROLLMENT,
        viewer=manager,
        roles=MANAGER,
    )

    assert applied["enrollment"]["status"] == "APPLIED"
    assert recommended["enrollment"]["status"] == "RECOMMENDED"
    history = approved["enrollment"]["history"]
    assert [(h["fromStatus"], h["toStatus"]) for h in history] == [
        (None, "APPLIED"),
        ("APPLIED", "RECOMMENDED"),
        ("RECOMMENDED", "APPROVED"),
    ]
    assert history[1]["note"] == "Strong candidate"
    assert history[2]["by"] == {"name": "Hana Manager"}


async def test_decisions_follow_the_order_of_the_process(gql: GraphQLTester) -> None:
    manager = await make_participant()
    program = await make_program(manager_ids=[manager.id])
    enrollment = await make_enrollment(
        program=program,
        participant=await make_participant(),
        role=Role.MENTOR,
        status=EnrollmentStatus.APPLIED,
    )

    decided_early = await gql.mutate(
        "enrollmentDecide",
        {"id": gid(enrollment), "approve": True},
        ENROLLMENT,
        viewer=manager,
        roles=MANAGER,
    )
    await gql.mutate(
        "enrollmentRecommend", {"id": gid(enrollment)}, ENROLLMENT, viewer=manager, roles=MANAGER
    )
    rejected_without_reason = await gql.mutate(
        "enrollmentDecide",
        {"id": gid(enrollment), "approve": False},
        ENROLLMENT,
        viewer=manager,
        roles=MANAGER,
    )

    assert error_codes(decided_early) == ["INVALID_TRANSITION"]
    assert error_codes(rejected_without_reason) == ["INVALID"]
    assert rejected_without_reason["userErrors"][0]["field"] == ["input", "reason"]


async def test_people_apply_only_for_themselves(gql: GraphQLTester) -> None:
    program = await make_program()
    me, colleague = await make_participant(), await make_participant()

    payload = await gql.mutate(
        "enrollmentApply",
        {"programId": gid(program), "participantId": gid(colleague), "role": "MENTEE"},
        ENROLLMENT,
        viewer=me,
    )

    assert error_codes(payload) == ["FORBIDDEN"]
    assert await Enrollment.count() == 0


async def test_applying_twice_is_a_duplicate_but_reapplying_after_withdrawing_works(
    gql: GraphQLTester,
) -> None:
    program = await make_program()
    me = await make_participant()
    apply = {"programId": gid(program), "participantId": gid(me), "role": "MENTOR"}

    first = await gql.mutate("enrollmentApply", apply, ENROLLMENT, viewer=me)
    twice = await gql.mutate("enrollmentApply", apply, ENROLLMENT, viewer=me)
    withdrawn = await gql.mutate(
        "enrollmentWithdraw", {"id": first["enrollment"]["id"]}, ENROLLMENT, viewer=me
    )
    again = await gql.mutate("enrollmentApply", apply, ENROLLMENT, viewer=me)

    assert error_codes(twice) == ["DUPLICATE"]
    assert withdrawn["enrollment"]["status"] == "WITHDRAWN"
    assert again["enrollment"]["status"] == "APPLIED"
    assert again["enrollment"]["id"] == first["enrollment"]["id"]
    assert await Enrollment.count() == 1


async def test_closed_programs_take_no_applications(gql: GraphQLTester) -> None:
    program = await make_program(status=ProgramStatus.CLOSED)
    me = await make_participant()

    payload = await gql.mutate(
        "enrollmentApply",
        {"programId": gid(program), "participantId": gid(me), "role": "MENTEE"},
        ENROLLMENT,
        viewer=me,
    )

    assert error_codes(payload) == ["PROGRAM_NOT_ACTIVE"]


async def test_withdrawing_needs_the_open_pair_ended_first(gql: GraphQLTester) -> None:
    pair = await make_pair(status=PairStatus.ACTIVE)
    enrollment = await Enrollment.find_one(
        Enrollment.participant_id == pair.mentee_id, Enrollment.program_id == pair.program_id
    )
    assert enrollment is not None
    mentee = await make_participant()  # someone else may not withdraw it either

    by_other = await gql.mutate(
        "enrollmentWithdraw", {"id": gid(enrollment)}, ENROLLMENT, viewer=mentee
    )
    by_admin = await gql.mutate(
        "enrollmentWithdraw", {"id": gid(enrollment)}, ENROLLMENT, roles=ADMIN
    )

    assert error_codes(by_other) == ["FORBIDDEN"]
    assert error_codes(by_admin) == ["INVALID_TRANSITION"]


async def test_only_managers_recommend(gql: GraphQLTester) -> None:
    program = await make_program()
    me = await make_participant()
    enrollment = await make_enrollment(
        program=program, participant=me, role=Role.MENTEE, status=EnrollmentStatus.APPLIED
    )

    payload = await gql.mutate(
        "enrollmentRecommend", {"id": gid(enrollment)}, ENROLLMENT, viewer=me
    )

    assert error_codes(payload) == ["FORBIDDEN"]
