"""Concurrent changes to one object: exactly one wins, nothing is applied twice."""

import asyncio

import pytest

from services.graphql_api.domain.errors import DomainError, ErrorCode
from services.graphql_api.domain.persistence import update_if_unchanged
from shared.enums import EnrollmentStatus, Role
from shared.models import Enrollment
from tests.factories import make_enrollment, make_participant, make_program
from tests.graphql.client import ADMIN, GraphQLTester, error_codes, gid


async def test_simultaneous_recommendations_apply_once(gql: GraphQLTester) -> None:
    program = await make_program()
    enrollment = await make_enrollment(
        program=program,
        participant=await make_participant(),
        role=Role.MENTEE,
        status=EnrollmentStatus.APPLIED,
    )

    payloads = await asyncio.gather(
        *(
            gql.mutate("enrollmentRecommend", {"id": gid(enrollment)}, "__typename", roles=ADMIN)
            for _ in range(8)
        )
    )

    winners = [p for p in payloads if not p["userErrors"]]
    assert len(winners) == 1
    assert {c for p in payloads for c in error_codes(p)} <= {"CONFLICT", "INVALID_TRANSITION"}
    stored = await Enrollment.get(enrollment.id)
    assert stored is not None and len(stored.history) == 1  # the factory wrote no history
    assert stored.status == EnrollmentStatus.RECOMMENDED


@pytest.mark.usefixtures("database_name")
async def test_a_stale_write_is_refused_with_conflict() -> None:
    enrollment = await make_enrollment(
        program=await make_program(),
        participant=await make_participant(),
        role=Role.MENTOR,
        status=EnrollmentStatus.APPLIED,
    )
    stale = await Enrollment.get(enrollment.id)
    assert stale is not None
    await enrollment.set({Enrollment.status: EnrollmentStatus.WITHDRAWN})

    with pytest.raises(DomainError) as refused:
        await update_if_unchanged(
            stale,
            expected={"status": EnrollmentStatus.APPLIED},
            changes={"status": EnrollmentStatus.RECOMMENDED},
        )

    assert refused.value.issues[0].code == ErrorCode.CONFLICT
    stored = await Enrollment.get(enrollment.id)
    assert stored is not None and stored.status == EnrollmentStatus.WITHDRAWN
