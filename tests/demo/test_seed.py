"""Demo data: a believable organisation, consistent with the domain rules, seeded once."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from services.demo.access import DEMO_ROUND, reissue_demo_links
from services.demo.seed import seed_demo_data
from services.surveys.builtin_templates import ensure_builtin_templates
from services.surveys.links import hash_token
from services.surveys.results import rebuild_results
from services.surveys.rounds import create_round
from shared.enums import (
    MEMBER_STATUSES,
    EnrollmentStatus,
    GoalStatus,
    HealthStatus,
    PairStatus,
    ProgramKind,
    ProgramStatus,
    Role,
    RoundStatus,
)
from shared.models import (
    CheckIn,
    Enrollment,
    Goal,
    Invitation,
    Pair,
    PairHealth,
    Participant,
    Program,
    Recognition,
    RoundResult,
    SurveyResponse,
    SurveyRound,
)
from tests.factories import make_pair, make_program
from tests.surveys.conftest import token_of

pytestmark = pytest.mark.usefixtures("database_name")


async def _counts() -> dict[str, int]:
    return {
        model.__name__: await model.count()
        for model in (Participant, Program, Enrollment, Pair, Goal, CheckIn)
    }


async def test_seeding_twice_changes_nothing() -> None:
    first = await seed_demo_data()
    after_first = await _counts()

    second = await seed_demo_data()

    assert first.seeded and not second.seeded
    assert await _counts() == after_first
    assert {name: first.counts[name] for name in after_first} == after_first


async def test_the_demo_organisation_is_believable() -> None:
    await seed_demo_data()
    participants = await Participant.find_all().to_list()
    programs = {p.kind: p for p in await Program.find_all().to_list()}
    pairs = await Pair.find_all().to_list()
    enrollments = await Enrollment.find_all().to_list()

    assert 35 <= len(participants) <= 45
    assert len({p.department for p in participants}) >= 5
    assert all(p.skills for p in participants)
    assert {p.echelon for p in participants} >= {1, 2, 3}
    apprenticeship = programs[ProgramKind.APPRENTICESHIP]
    assert (apprenticeship.status, apprenticeship.duration_months) == (ProgramStatus.ACTIVE, 12)
    assert programs[ProgramKind.TALENT_RESERVE].status == ProgramStatus.ACTIVE
    assert 12 <= len(pairs) <= 18
    assert len({pair.status for pair in pairs}) >= 4
    assert len({e.status for e in enrollments}) == len(EnrollmentStatus)
    goals = await Goal.find_all().to_list()
    assert any(goal.milestones for goal in goals)
    assert len({goal.status for goal in goals}) >= 3
    assert await CheckIn.count() > len(pairs)


async def test_demo_pairs_follow_the_domain_rules() -> None:
    await seed_demo_data()
    people = {p.id: p for p in await Participant.find_all().to_list()}
    members = {"status": {"$in": [status.value for status in MEMBER_STATUSES]}}
    approved = {
        (e.program_id, e.participant_id, e.role) for e in await Enrollment.find(members).to_list()
    }
    pairs = await Pair.find_all().to_list()
    open_pairs = Counter(
        pair.mentor_id for pair in pairs if pair.status in (PairStatus.PROPOSED, PairStatus.ACTIVE)
    )

    for pair in pairs:
        assert pair.mentor_id != pair.mentee_id
        assert (pair.program_id, pair.mentor_id, Role.MENTOR) in approved
        assert (pair.program_id, pair.mentee_id, Role.MENTEE) in approved
    for mentor_id, count in open_pairs.items():
        assert count <= people[mentor_id].mentor_capacity
    for person in people.values():
        assert person.open_mentor_pairs == open_pairs.get(person.id, 0)
    for goal in await Goal.find_all().to_list():
        assert (goal.status == GoalStatus.ACHIEVED) == (goal.progress == 100)
    for enrollment in await Enrollment.find_all().to_list():
        assert enrollment.history[-1].to_status == enrollment.status


async def test_the_demo_holds_a_year_of_feedback() -> None:
    await seed_demo_data()
    released = {r.id: (r.roles, r.mentors) for r in await RoundResult.find_all().to_list()}

    rounds = await SurveyRound.find_all().to_list()
    at_risk = await PairHealth.find(PairHealth.status == HealthStatus.AT_RISK).to_list()
    await rebuild_results()
    rebuilt = {r.id: (r.roles, r.mentors) for r in await RoundResult.find_all().to_list()}

    by_program = Counter(r.program_id for r in rounds)
    assert sorted(by_program.values()) == [4, 5]  # four past quarters, plus one open now
    assert len({f"{r.opens_at:%Y-%m}" for r in rounds}) == 5
    assert await SurveyResponse.count() > 60
    assert len(at_risk) == 2
    assert await Recognition.count() > 0
    closed = [r for r in rounds if r.status == RoundStatus.CLOSED]
    assert closed and await RoundResult.count() == len(closed)  # every closed round released
    assert released == rebuilt  # the same code path as real submissions and releases


async def test_demo_links_come_from_the_demos_own_round_only() -> None:
    await seed_demo_data()
    apprenticeship = await Program.find_one({"kind": ProgramKind.APPRENTICESHIP.value})
    assert apprenticeship is not None
    now = datetime.now(UTC)
    # A round a real user launched after the demo, newer than the demo's: links already sent.
    users_round, _ = await create_round(
        program=apprenticeship,
        label="Check-in sent by e-mail",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=7),
    )
    sent = {
        i.id: i.token_hash for i in await Invitation.find({"round_id": users_round.id}).to_list()
    }

    links = await reissue_demo_links("http://localhost:8001")

    demo_round = await SurveyRound.find_one({"label": DEMO_ROUND})
    assert demo_round is not None
    after = {
        i.id: i.token_hash for i in await Invitation.find({"round_id": users_round.id}).to_list()
    }
    assert after == sent  # the links people were sent still work
    assert [link.role for link in links] == ["mentee", "mentor"]
    for link in links:
        invitation = await Invitation.find_one({"token_hash": hash_token(token_of(link.link))})
        assert invitation is not None and invitation.round_id == demo_round.id


async def test_without_the_demo_no_links_are_touched() -> None:
    await ensure_builtin_templates()
    program = await make_program()
    await make_pair(program=program, status=PairStatus.ACTIVE)
    now = datetime.now(UTC)
    await create_round(
        program=program, label="Check-in", opens_at=now, closes_at=now + timedelta(days=7)
    )
    before = [i.token_hash for i in await Invitation.find_all().to_list()]

    links = await reissue_demo_links("http://localhost:8001")

    assert links == []
    assert [i.token_hash for i in await Invitation.find_all().to_list()] == before


async def test_demo_dates_follow_the_mentoring_they_describe() -> None:
    await seed_demo_data()
    pairs = {p.id: p for p in await Pair.find_all().to_list()}
    today = datetime.now(UTC).date()

    for goal in await Goal.find_all().to_list():
        pair = pairs[goal.pair_id]
        assert pair.starts_on is not None and pair.planned_end_on is not None
        if goal.target_date:
            assert pair.starts_on <= goal.target_date <= pair.planned_end_on, goal.title
        if goal.achieved_at:
            assert goal.achieved_at.date() <= today, goal.title
        for milestone in goal.milestones:
            if milestone.due_on:
                assert milestone.due_on <= pair.planned_end_on, milestone.title
            if milestone.done_at:
                assert milestone.done_at.date() <= today, milestone.title
    for response in await SurveyResponse.find_all().to_list():
        pair = pairs[response.pair_id]
        assert pair.starts_on is not None
        assert response.submitted_at.date() >= pair.starts_on
