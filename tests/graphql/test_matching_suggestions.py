"""`Program.matchSuggestions`: the ranking and its reasons, who is left out, and who may ask."""

from dataclasses import dataclass
from typing import Any

from shared.enums import EnrollmentStatus, PairStatus, Role, ViewerRole
from shared.matching import CommunicationStyle, MatchingAnswers, MeetingFormat
from shared.models import Participant
from tests.factories import make_enrollment, make_pair, make_participant, make_program
from tests.factories.matching import MatchingProgram, make_matching_program
from tests.graphql.client import ADMIN, MANAGER, GraphQLTester, gid

SUGGESTIONS = """query($program: ID!, $mentee: ID!, $first: Int!) {
  program(id: $program) {
    matchSuggestions(menteeId: $mentee, first: $first) {
      rank score mentor { name } reasons { code text effect disqualifying }
    }
  }
}"""
LIKES = MatchingAnswers(
    communication_style=CommunicationStyle.STRUCTURED, meeting_format=MeetingFormat.REMOTE
)


@dataclass
class Crafted:
    world: MatchingProgram
    mentee: Participant
    best: Participant
    partial: Participant
    distant: Participant


async def _suggestions(
    gql: GraphQLTester,
    world: MatchingProgram,
    mentee: Participant,
    first: int = 10,
    *,
    viewer: Participant | None = None,
    roles: frozenset[ViewerRole] = frozenset(),
) -> list[Any] | None:
    data = await gql.data(
        SUGGESTIONS,
        {"program": gid(world.program), "mentee": gid(mentee), "first": first},
        viewer=viewer,
        roles=roles,
    )
    suggestions: list[Any] | None = data["program"]["matchSuggestions"]
    return suggestions


async def _crafted() -> Crafted:
    """A Junior engineer who wants Python and public speaking, and mentors of every kind."""
    world = await make_matching_program()
    mentee = await world.mentee(
        name="Maya",
        department="Engineering",
        level="Junior",
        development_needs=["Python", "Public speaking"],
        interests=["Chess", "Running"],
        languages=["English"],
        matching_answers=LIKES,
    )
    best = await world.mentor(
        name="Best fit",
        department="Product",
        level="Senior",
        skills=["python", "Public Speaking"],
        interests=["chess"],
        languages=["English"],
        matching_answers=LIKES,
    )
    partial = await world.mentor(
        name="Partial fit",
        department="Engineering",
        level="Mid",
        skills=["Python"],
        languages=["English"],
    )
    distant = await world.mentor(
        name="Distant fit",
        department="Sales",
        level="Senior",
        skills=["Negotiation"],
        languages=["English", "German"],
    )
    await world.mentor(
        name="No common language",
        department="Product",
        level="Senior",
        skills=["Python", "Public speaking"],
        languages=["German"],
    )
    await world.mentor(
        name="No free place",
        department="Product",
        level="Senior",
        skills=["Python", "Public speaking"],
        mentor_capacity=1,
        open_mentor_pairs=1,
    )
    await world.mentor(
        name="Gone",
        department="Product",
        level="Senior",
        skills=["Python", "Public speaking"],
        active=False,
    )
    applicant = await make_participant(
        name="Only applied", department="Product", level="Senior", skills=["Python"]
    )
    await make_enrollment(
        program=world.program,
        participant=applicant,
        role=Role.MENTOR,
        status=EnrollmentStatus.APPLIED,
    )
    elsewhere = await make_participant(name="Other program", skills=["Python", "Public speaking"])
    await make_enrollment(program=await make_program(), participant=elsewhere, role=Role.MENTOR)
    # The mentee is a mentor of the program too: never suggested to herself.
    await make_enrollment(program=world.program, participant=mentee, role=Role.MENTOR)
    return Crafted(world, mentee, best, partial, distant)


async def test_mentors_are_ranked_with_their_score_and_reasons(gql: GraphQLTester) -> None:
    crafted = await _crafted()
    world = crafted.world
    mentee = crafted.mentee

    suggestions = await _suggestions(gql, world, mentee, viewer=mentee)

    assert suggestions is not None
    assert [s["mentor"] for s in suggestions] == [
        {"name": "Best fit"},
        {"name": "Partial fit"},
        {"name": "Distant fit"},
    ]
    assert [s["rank"] for s in suggestions] == [1, 2, 3]
    assert [round(s["score"], 3) for s in suggestions] == [0.95, 0.475, 0.35]
    best = suggestions[0]["reasons"]
    # The strongest first: each covered need (named to the mentee herself), then the rest.
    assert sorted((r["code"], r["text"]) for r in best[:2]) == [
        ("NEED_COVERED", "Mentor's skills cover a development need: Public speaking"),
        ("NEED_COVERED", "Mentor's skills cover a development need: Python"),
    ]
    codes = {r["code"] for r in best}
    assert codes == {
        "NEED_COVERED",
        "LEVEL_GAP",
        "SHARED_LANGUAGE",
        "OUTSIDE_PERSPECTIVE",
        "SHARED_INTEREST",
        "STYLE_MATCH",
        "FORMAT_MATCH",
    }
    assert round(sum(r["effect"] for r in best), 6) == 0.95
    assert not any(r["disqualifying"] for r in best)


async def test_current_and_past_mentors_are_never_suggested(gql: GraphQLTester) -> None:
    crafted = await _crafted()
    world = crafted.world
    mentee = crafted.mentee
    await make_pair(
        program=world.program,
        mentor=crafted.best,
        mentee=mentee,
        enroll=False,
        status=PairStatus.DECLINED,
    )
    await make_pair(
        program=world.program,
        mentor=crafted.partial,
        mentee=mentee,
        enroll=False,
        status=PairStatus.ACTIVE,
    )
    # A pair in another program does not count against this one.
    await make_pair(
        mentor=crafted.distant,
        mentee=mentee,
        status=PairStatus.COMPLETED,
    )

    suggestions = await _suggestions(gql, world, mentee, viewer=mentee)

    assert [s["mentor"] for s in suggestions or []] == [{"name": "Distant fit"}]


async def test_first_limits_the_list(gql: GraphQLTester) -> None:
    crafted = await _crafted()
    world = crafted.world

    top = await _suggestions(gql, world, crafted.mentee, first=1, roles=ADMIN)
    result = await gql.run(
        SUGGESTIONS,
        {"program": gid(world.program), "mentee": gid(crafted.mentee), "first": 101},
        roles=ADMIN,
    )

    assert [s["mentor"] for s in top or []] == [{"name": "Best fit"}]
    assert result.errors and result.errors[0].extensions == {"code": "BAD_USER_INPUT"}


async def test_only_the_mentee_and_the_programs_managers_see_the_suggestions(
    gql: GraphQLTester,
) -> None:
    crafted = await _crafted()
    world = crafted.world
    mentee = crafted.mentee
    other_mentee = await world.mentee(name="Other mentee", development_needs=["Python"])
    mentor = crafted.best

    own = await _suggestions(gql, world, mentee, viewer=mentee)
    by_other_mentee = await _suggestions(gql, world, mentee, viewer=other_mentee)
    by_mentor = await _suggestions(gql, world, mentee, viewer=mentor)
    by_manager = await _suggestions(gql, world, mentee, viewer=world.manager, roles=MANAGER)
    by_other_manager = await _suggestions(
        gql, world, mentee, viewer=await make_participant(), roles=MANAGER
    )

    assert own and by_manager == own
    assert by_other_mentee is None and by_mentor is None and by_other_manager is None


async def test_someone_who_is_not_an_approved_mentee_has_no_suggestions(
    gql: GraphQLTester,
) -> None:
    crafted = await _crafted()
    world = crafted.world

    result = await gql.run(
        SUGGESTIONS,
        {"program": gid(world.program), "mentee": gid(crafted.best), "first": 5},
        roles=ADMIN,
    )

    assert result.errors is not None
    assert result.errors[0].extensions == {"code": "BAD_USER_INPUT"}
    assert "not an approved, active mentee" in result.errors[0].message


async def test_the_programs_rules_change_the_ranking(gql: GraphQLTester) -> None:
    crafted = await _crafted()
    world = crafted.world

    changed = await gql.mutate(
        "programMatchingRulesSet",
        {"programId": gid(world.program), "rules": {"minScore": 0.4}},
        "program { matchingRules { minScore isDefault needWeight } }",
        viewer=world.manager,
        roles=MANAGER,
    )
    suggestions = await _suggestions(gql, world, crafted.mentee, roles=ADMIN)

    assert changed["program"]["matchingRules"] == {
        "minScore": 0.4,
        "isDefault": False,
        "needWeight": 0.45,
    }
    assert [s["mentor"] for s in suggestions or []] == [
        {"name": "Best fit"},
        {"name": "Partial fit"},
    ]


async def test_a_malformed_mentee_id_is_the_clients_mistake(gql: GraphQLTester) -> None:
    crafted = await _crafted()

    result = await gql.run(
        SUGGESTIONS,
        {"program": gid(crafted.world.program), "mentee": gid(crafted.world.program), "first": 5},
        viewer=crafted.mentee,
    )

    assert result.errors is not None
    assert result.errors[0].extensions == {"code": "BAD_USER_INPUT"}
    assert "is not the ID of a Participant" in result.errors[0].message
