"""Goals, milestones and check-ins: consistent progress and dates, by the pair itself."""

from datetime import date, timedelta

from shared.enums import PairStatus
from shared.models import CheckIn, Goal, Participant
from tests.factories import make_goal, make_pair, make_participant
from tests.graphql.client import ADMIN, GraphQLTester, error_codes, gid

GOAL = "goal { id title status progress achievedAt targetDate milestones { id title done } }"


async def test_the_mentee_sets_a_goal_and_reaches_it(gql: GraphQLTester) -> None:
    pair = await make_pair()
    mentee = await Participant.get(pair.mentee_id)

    created = await gql.mutate(
        "goalCreate",
        {"pairId": gid(pair), "title": "Run a safety briefing", "targetDate": "2030-01-31"},
        GOAL,
        viewer=mentee,
    )
    goal_id = created["goal"]["id"]
    started = await gql.mutate("goalUpdate", {"id": goal_id, "progress": 40}, GOAL, viewer=mentee)
    finished = await gql.mutate("goalUpdate", {"id": goal_id, "progress": 100}, GOAL, viewer=mentee)

    assert created["goal"]["status"] == "NOT_STARTED"
    assert started["goal"]["status"] == "IN_PROGRESS"
    assert finished["goal"]["status"] == "ACHIEVED"
    assert finished["goal"]["achievedAt"] is not None


async def test_achieved_means_progress_100(gql: GraphQLTester) -> None:
    pair = await make_pair()
    goal = await make_goal(pair=pair, progress=30)
    mentor = await Participant.get(pair.mentor_id)

    contradictory = await gql.mutate(
        "goalUpdate", {"id": gid(goal), "status": "ACHIEVED", "progress": 50}, GOAL, viewer=mentor
    )
    achieved = await gql.mutate(
        "goalUpdate", {"id": gid(goal), "status": "ACHIEVED"}, GOAL, viewer=mentor
    )
    out_of_range = await gql.mutate(
        "goalUpdate", {"id": gid(goal), "progress": 101}, GOAL, viewer=mentor
    )

    assert error_codes(contradictory) == ["INVALID"]
    assert contradictory["userErrors"][0]["field"] == ["input", "progress"]
    assert achieved["goal"]["progress"] == 100
    assert error_codes(out_of_range) == ["INVALID"]
    stored = await Goal.get(goal.id)
    assert stored is not None and (stored.status, stored.progress) == ("ACHIEVED", 100)


async def test_goal_dates_and_pair_state_are_checked(gql: GraphQLTester) -> None:
    ended = await make_pair(status=PairStatus.ENDED_EARLY)
    active = await make_pair(starts_on=date(2026, 1, 10))

    for_ended = await gql.mutate(
        "goalCreate",
        {"pairId": gid(ended), "title": "Too late"},
        GOAL,
        viewer=await Participant.get(ended.mentee_id),
    )
    before_start = await gql.mutate(
        "goalCreate",
        {"pairId": gid(active), "title": "Backdated", "targetDate": "2025-12-31"},
        GOAL,
        viewer=await Participant.get(active.mentee_id),
    )

    assert error_codes(for_ended) == ["PAIR_NOT_ACTIVE"]
    assert error_codes(before_start) == ["INVALID"]
    assert before_start["userErrors"][0]["field"] == ["input", "targetDate"]


async def test_a_target_after_the_pairs_planned_end_is_refused(gql: GraphQLTester) -> None:
    pair = await make_pair(starts_on=date(2026, 1, 10), planned_end_on=date(2026, 12, 31))
    mentee = await Participant.get(pair.mentee_id)
    goal = await make_goal(pair=pair)

    created = await gql.mutate(
        "goalCreate",
        {"pairId": gid(pair), "title": "Someday", "targetDate": "2027-03-01"},
        GOAL,
        viewer=mentee,
    )
    moved = await gql.mutate(
        "goalUpdate", {"id": gid(goal), "targetDate": "2027-01-01"}, GOAL, viewer=mentee
    )
    on_the_last_day = await gql.mutate(
        "goalUpdate", {"id": gid(goal), "targetDate": "2026-12-31"}, GOAL, viewer=mentee
    )

    assert error_codes(created) == ["INVALID"] and error_codes(moved) == ["INVALID"]
    assert "planned end (2026-12-31)" in created["userErrors"][0]["message"]
    assert on_the_last_day["goal"]["targetDate"] == "2026-12-31"


async def test_outsiders_may_not_touch_a_pairs_goals(gql: GraphQLTester) -> None:
    pair = await make_pair()
    goal = await make_goal(pair=pair)
    outsider = await make_participant()

    created = await gql.mutate(
        "goalCreate", {"pairId": gid(pair), "title": "Sneaky"}, GOAL, viewer=outsider
    )
    updated = await gql.mutate(
        "goalUpdate", {"id": gid(goal), "progress": 90}, GOAL, viewer=outsider
    )

    assert error_codes(created) == error_codes(updated) == ["FORBIDDEN"]
    assert await Goal.count() == 1


async def test_milestones_are_added_and_completed_once(gql: GraphQLTester) -> None:
    pair = await make_pair()
    goal = await make_goal(pair=pair)
    mentor = await Participant.get(pair.mentor_id)

    added = await gql.mutate(
        "milestoneAdd",
        {"goalId": gid(goal), "title": "Shadow a shift", "dueOn": "2030-02-01"},
        GOAL,
        viewer=mentor,
    )
    milestone_id = added["goal"]["milestones"][0]["id"]
    done = await gql.mutate(
        "milestoneComplete", {"goalId": gid(goal), "milestoneId": milestone_id}, GOAL, viewer=mentor
    )
    twice = await gql.mutate(
        "milestoneComplete", {"goalId": gid(goal), "milestoneId": milestone_id}, GOAL, viewer=mentor
    )
    unknown = await gql.mutate(
        "milestoneComplete",
        {"goalId": gid(goal), "milestoneId": "6b0000000000000000000000"},
        GOAL,
        viewer=mentor,
    )

    assert added["goal"]["milestones"] == [
        {"id": milestone_id, "title": "Shadow a shift", "done": False}
    ]
    assert done["goal"]["milestones"][0]["done"] is True
    assert error_codes(twice) == ["INVALID_TRANSITION"]
    assert error_codes(unknown) == ["NOT_FOUND"]


async def test_a_goal_holds_at_most_50_milestones(gql: GraphQLTester) -> None:
    pair = await make_pair()
    goal = await make_goal(pair=pair, milestones=[{"title": f"Step {n}"} for n in range(50)])

    payload = await gql.mutate(
        "milestoneAdd",
        {"goalId": gid(goal), "title": "One too many"},
        GOAL,
        viewer=await Participant.get(pair.mentor_id),
    )

    assert error_codes(payload) == ["INVALID"]
    stored = await Goal.get(goal.id)
    assert stored is not None and len(stored.milestones) == 50


async def test_check_ins_are_logged_for_active_pairs_on_real_dates(gql: GraphQLTester) -> None:
    pair = await make_pair(starts_on=date.today() - timedelta(days=30))
    proposed = await make_pair(status=PairStatus.PROPOSED)
    mentor = await Participant.get(pair.mentor_id)
    today = date.today()
    selection = "checkIn { heldOn durationMinutes topics loggedBy { name } }"

    logged = await gql.mutate(
        "checkInLog",
        {
            "pairId": gid(pair),
            "heldOn": today.isoformat(),
            "durationMinutes": 45,
            "topics": ["Exam preparation"],
            "notes": "Went through the mock exam.",
        },
        selection,
        viewer=mentor,
    )
    future = await gql.mutate(
        "checkInLog",
        {
            "pairId": gid(pair),
            "heldOn": (today + timedelta(days=1)).isoformat(),
            "durationMinutes": 45,
        },
        selection,
        viewer=mentor,
    )
    too_long = await gql.mutate(
        "checkInLog",
        {"pairId": gid(pair), "heldOn": today.isoformat(), "durationMinutes": 2000},
        selection,
        viewer=mentor,
    )
    not_active = await gql.mutate(
        "checkInLog",
        {"pairId": gid(proposed), "heldOn": today.isoformat(), "durationMinutes": 30},
        selection,
        roles=ADMIN,
    )

    assert logged["checkIn"]["loggedBy"] == {"name": mentor.name}  # type: ignore[union-attr]
    assert logged["checkIn"]["topics"] == ["Exam preparation"]
    assert error_codes(future) == ["INVALID"]
    assert error_codes(too_long) == ["INVALID"]
    assert too_long["userErrors"][0]["field"] == ["input", "durationMinutes"]
    assert error_codes(not_active) == ["PAIR_NOT_ACTIVE"]
    assert await CheckIn.count() == 1
