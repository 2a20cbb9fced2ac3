"""Mending a member's development record: correcting or removing an activity logged by mistake,
by the people who keep the record while its quarter is open, by HR at any time; what was
replaced or removed is kept, and only what stands counts."""

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from bson import ObjectId

from services.graphql_api.core.ids import to_global_id
from shared.enums import DevelopmentActivityKind, EnrollmentStatus
from shared.feedback.periods import period_bounds, quarter_key
from shared.models import DevelopmentActivity, Enrollment, RemovedDevelopmentActivity
from shared.talent.quarters import due_on
from tests.factories import make_participant
from tests.factories.talent import Pool, make_activity, make_pool
from tests.graphql.client import MANAGER, GraphQLTester, error_codes, gid, nodes
from tests.graphql.test_talent_development import HR, PROGRESS

TODAY = datetime.now(UTC).date()
QUARTER = quarter_key(TODAY)
REMOVED = """query($id: ID!) { node(id: $id) { ... on Participant {
  talentPoolMemberships { edges { node {
    removedActivities { edges { node {
      activity { id title } reason removedAt removedBy { name } } } }
  } } } } } }"""
ACTIVITY = "activity { id kind title hours endedOn corrections { title hours by { name } } }"


@pytest.fixture
async def pool(database_name: str) -> Pool:
    return await make_pool()


def _closed_day() -> date:
    """A day of the latest quarter whose records have closed."""
    day = period_bounds(QUARTER)[0] - timedelta(days=1)
    while due_on(quarter_key(day)) >= TODAY:
        day = period_bounds(quarter_key(day))[0] - timedelta(days=1)
    return day


def _correction(activity: DevelopmentActivity, **fields: Any) -> dict[str, Any]:
    return {
        "id": gid(activity),
        "kind": activity.kind.value,
        "title": activity.title,
        "startedOn": activity.started_on.isoformat(),
        "endedOn": activity.ended_on.isoformat(),
        "hours": activity.hours,
        **fields,
    }


async def _counted(gql: GraphQLTester, pool: Pool) -> tuple[int, int]:
    """The member's internal trainings done this quarter, and their listed activities."""
    data = await gql.data(PROGRESS, {"id": gid(pool.member)}, viewer=pool.member)
    (membership,) = nodes(data["node"]["talentPoolMemberships"])
    slots = {(s["kind"], s["period"]): s for s in membership["developmentProgress"]["slots"]}
    done = slots[("INTERNAL_TRAINING", QUARTER)]["done"]
    return done, membership["developmentActivities"]["totalCount"]


async def test_the_member_corrects_an_activity_and_the_old_version_is_kept(
    gql: GraphQLTester, pool: Pool
) -> None:
    activity = await make_activity(
        member=pool.enrollment, kind=DevelopmentActivityKind.INTERNAL_TRAINING, ended_on=TODAY
    )

    corrected = await gql.mutate(
        "developmentActivityCorrect",
        _correction(activity, title="Negotiation workshop", hours=6, kind="EXTERNAL_TRAINING"),
        ACTIVITY,
        viewer=pool.member,
    )
    again = await gql.mutate(
        "developmentActivityCorrect",
        _correction(activity, title="Negotiation workshop, day 2", hours=7),
        ACTIVITY,
        viewer=pool.tutor,
    )

    assert corrected["userErrors"] == []
    assert corrected["activity"]["kind"] == "EXTERNAL_TRAINING"
    assert again["activity"]["corrections"] == [
        {"title": "Internal_Training activity", "hours": 8, "by": {"name": "Ana Member"}},
        {"title": "Negotiation workshop", "hours": 6, "by": {"name": "Tom Tutor"}},
    ]
    assert (again["activity"]["title"], again["activity"]["hours"]) == (
        "Negotiation workshop, day 2",
        7,
    )
    # Moved to another kind and back: the quarter's count follows what stands.
    assert await _counted(gql, pool) == (1, 1)


async def test_a_removed_activity_counts_nowhere_and_is_kept_aside(
    gql: GraphQLTester, pool: Pool
) -> None:
    kind = DevelopmentActivityKind.INTERNAL_TRAINING
    kept = await make_activity(member=pool.enrollment, kind=kind, ended_on=TODAY)
    twice = await make_activity(member=pool.enrollment, kind=kind, ended_on=TODAY)
    assert await _counted(gql, pool) == (2, 2)

    removed = await gql.mutate(
        "developmentActivityRemove",
        {"id": gid(twice), "reason": "Logged twice"},
        "activity { id title }",
        viewer=pool.member,
    )
    repeated = await gql.mutate(
        "developmentActivityRemove",
        {"id": gid(twice), "reason": "Logged twice"},
        "activity { id }",
        viewer=pool.member,
    )

    assert removed["activity"]["id"] == gid(twice)
    assert error_codes(repeated) == ["NOT_FOUND"]
    assert await _counted(gql, pool) == (1, 1)
    node = await gql.data(
        "query($id: ID!) { node(id: $id) { id } }", {"id": gid(twice)}, viewer=pool.member
    )
    assert node["node"] is None
    aside = await RemovedDevelopmentActivity.find_all().to_list()
    assert [(a.activity_id, a.reason, a.removed_by_id) for a in aside] == [
        (twice.id, "Logged twice", pool.member.id)
    ]
    assert await DevelopmentActivity.get(kept.id) is not None
    # HR (and the member) read what was removed, as it was, with who, when and why.
    hr = await make_participant(name="Hilde HR")
    audit = await gql.data(REMOVED, {"id": gid(pool.member)}, viewer=hr, roles=HR)
    (membership,) = nodes(audit["node"]["talentPoolMemberships"])
    assert [
        (r["activity"]["id"], r["activity"]["title"], r["reason"], r["removedBy"]["name"])
        for r in nodes(membership["removedActivities"])
    ] == [(gid(twice), twice.title, "Logged twice", "Ana Member")]


async def test_a_closed_quarter_is_mended_by_hr_only(gql: GraphQLTester, pool: Pool) -> None:
    closed = _closed_day()
    kind = DevelopmentActivityKind.INTERNAL_TRAINING
    old = await make_activity(member=pool.enrollment, kind=kind, ended_on=closed)
    recent = await make_activity(member=pool.enrollment, kind=kind, ended_on=TODAY)
    hr = await make_participant(name="Hilde HR")

    late = await gql.mutate(
        "developmentActivityCorrect", _correction(old, hours=2), ACTIVITY, viewer=pool.member
    )
    moved_back = await gql.mutate(
        "developmentActivityCorrect",
        _correction(recent, startedOn=closed.isoformat(), endedOn=closed.isoformat()),
        ACTIVITY,
        viewer=pool.tutor,
    )
    removed_late = await gql.mutate(
        "developmentActivityRemove",
        {"id": gid(old), "reason": "Never happened"},
        "activity { id }",
        viewer=pool.tutor,
    )
    by_hr = await gql.mutate(
        "developmentActivityCorrect", _correction(old, hours=2), ACTIVITY, viewer=hr, roles=HR
    )

    assert error_codes(late) == ["INVALID_TRANSITION"]
    assert "ask HR" in late["userErrors"][0]["message"]
    assert error_codes(moved_back) == ["INVALID_TRANSITION"]
    assert error_codes(removed_late) == ["INVALID_TRANSITION"]
    assert by_hr["userErrors"] == [] and by_hr["activity"]["hours"] == 2
    assert by_hr["activity"]["corrections"][0]["by"] is not None
    # Nor may a member (or a tutor) who works in HR mend their own closed record.
    as_own_hr = await gql.mutate(
        "developmentActivityCorrect",
        _correction(old, hours=40),
        ACTIVITY,
        viewer=pool.member,
        roles=HR,
    )
    assert error_codes(as_own_hr) == ["SAME_PERSON"]
    # Logging into a closed quarter is HR's too.
    late_log = {
        "enrollmentId": gid(pool.enrollment),
        "kind": "CERTIFICATION",
        "title": "Certificate that came late",
        "startedOn": closed.isoformat(),
        "endedOn": closed.isoformat(),
        "hours": 1,
    }
    logged = [
        await gql.mutate("developmentActivityLog", late_log, ACTIVITY, viewer=pool.member),
        await gql.mutate("developmentActivityLog", late_log, ACTIVITY, viewer=hr, roles=HR),
    ]
    assert [error_codes(payload) for payload in logged] == [["INVALID_TRANSITION"], []]


async def test_only_those_who_keep_the_record_mend_it(gql: GraphQLTester, pool: Pool) -> None:
    activity = await make_activity(
        member=pool.enrollment, kind=DevelopmentActivityKind.SELF_STUDY, ended_on=TODAY
    )

    async def codes(viewer: Any, roles: Any = frozenset(), **fields: Any) -> list[str]:
        payload = await gql.mutate(
            "developmentActivityCorrect",
            _correction(activity, **fields),
            ACTIVITY,
            viewer=viewer,
            roles=roles,
        )
        return error_codes(payload)

    # Someone who may not read the record learns nothing of it; the program's manager reads it
    # but does not keep it.
    missing = str(to_global_id("DevelopmentActivity", ObjectId()))
    refusals = [
        await gql.mutate(
            "developmentActivityRemove",
            {"id": some_id, "reason": "Probing"},
            "activity { id }",
            viewer=pool.outsider,
        )
        for some_id in (gid(activity), missing)
    ]
    assert refusals[0]["userErrors"] == refusals[1]["userErrors"]
    assert error_codes(refusals[0]) == ["NOT_FOUND"]
    assert await codes(pool.outsider) == ["NOT_FOUND"]
    assert await codes(pool.manager, MANAGER) == ["FORBIDDEN"]
    assert await codes(pool.member, endedOn=(TODAY + timedelta(days=1)).isoformat()) == ["INVALID"]
    assert await codes(pool.member, hours=-1) == ["INVALID"]
    assert await codes(pool.member, endedOn="9999-12-31") == ["INVALID"]
    assert await codes(pool.member, startedOn="0001-01-01") == ["INVALID"]
    assert await codes(pool.member, title=" ") == ["INVALID"]
    removal = await gql.mutate(
        "developmentActivityRemove",
        {"id": gid(activity), "reason": "  "},
        "activity { id }",
        viewer=pool.member,
    )
    assert error_codes(removal) == ["INVALID"]
    unchanged = await DevelopmentActivity.get(activity.id)
    assert unchanged is not None and unchanged.corrections == []
    seen_by_outsider = await gql.data(
        "query($id: ID!) { node(id: $id) { id } }", {"id": gid(activity)}, viewer=pool.outsider
    )
    seen_by_tutor = await gql.data(
        "query($id: ID!) { node(id: $id) { id } }", {"id": gid(activity)}, viewer=pool.tutor
    )
    assert seen_by_outsider["node"] is None
    assert seen_by_tutor["node"] == {"id": gid(activity)}


async def test_two_corrections_at_once_keep_both_versions_or_refuse_one(
    gql: GraphQLTester, pool: Pool
) -> None:
    activity = await make_activity(
        member=pool.enrollment, kind=DevelopmentActivityKind.ROTATION, ended_on=TODAY
    )

    results = await asyncio.gather(
        gql.mutate(
            "developmentActivityCorrect",
            _correction(activity, hours=3),
            ACTIVITY,
            viewer=pool.member,
        ),
        gql.mutate(
            "developmentActivityCorrect",
            _correction(activity, hours=4),
            ACTIVITY,
            viewer=pool.tutor,
        ),
        gql.mutate(
            "developmentActivityRemove",
            {"id": gid(activity), "reason": "Not a rotation"},
            "activity { id }",
            viewer=pool.member,
        ),
    )

    succeeded = [r for r in results if not r["userErrors"]]
    assert {code for r in results for code in error_codes(r)} <= {"CONFLICT", "NOT_FOUND"}
    assert len(succeeded) >= 1
    stored = await DevelopmentActivity.get(activity.id)
    aside = await RemovedDevelopmentActivity.find_all().to_list()
    # Either it was removed (and kept aside once), or it stands with one correction per success.
    if stored is None:
        assert len(aside) == 1
    else:
        assert aside == [] and len(stored.corrections) == len(succeeded)


async def test_a_member_who_left_the_pool_still_mends_an_open_quarter(
    gql: GraphQLTester, pool: Pool
) -> None:
    activity = await make_activity(
        member=pool.enrollment, kind=DevelopmentActivityKind.SELF_STUDY, ended_on=TODAY
    )
    await Enrollment.find_one(Enrollment.id == pool.enrollment.id).set(
        {Enrollment.status: EnrollmentStatus.WITHDRAWN}
    )

    removed = await gql.mutate(
        "developmentActivityRemove",
        {"id": gid(activity), "reason": "Logged by mistake"},
        "activity { id }",
        viewer=pool.member,
    )

    assert removed["userErrors"] == []
    assert await DevelopmentActivity.get(activity.id) is None
