"""A mentee's development needs stay private in matching: reasons name a need only to those
who may see the mentee's needs (the mentee, admins, managers they disclosed them to); the
mentor and others read the reason without it. Preferences are the mentee's and the managers'."""

from typing import Any

from shared.enums import PairStatus
from shared.models import Participant
from tests.factories import make_pair, make_participant
from tests.factories.matching import MatchingProgram, make_matching_program
from tests.graphql.client import ADMIN, MANAGER, GraphQLTester, gid, nodes

NAMED = "Mentor's skills cover a development need: Stakeholder management"
WITHHELD = "Mentor's skills cover one of the mentee's development needs"
PAIR_REASONS = """query($id: ID!) { node(id: $id) { ... on Pair {
  matchReasons matchReasonDetails { code text } } } }"""


async def _world(*, disclosed: bool) -> tuple[MatchingProgram, Participant, Participant]:
    world = await make_matching_program()
    mentor = await world.mentor(name="Olivia", skills=["Stakeholder management"])
    mentee = await world.mentee(
        name="Zoe", development_needs=["Stakeholder management"], disclosed=disclosed
    )
    return world, mentor, mentee


def _need_texts(texts: list[str]) -> list[str]:
    return [text for text in texts if text.startswith("Mentor's skills cover")]


async def test_a_pairs_reasons_name_the_need_only_to_those_who_may_see_it(
    gql: GraphQLTester,
) -> None:
    world, mentor, mentee = await _world(disclosed=True)
    created = await gql.mutate(
        "pairCreate",
        {"programId": gid(world.program), "mentorId": gid(mentor), "menteeId": gid(mentee)},
        "pair { id }",
        roles=ADMIN,
    )
    pair_id = created["pair"]["id"]

    async def reasons(**viewer: Any) -> dict[str, Any]:
        data = await gql.data(PAIR_REASONS, {"id": pair_id}, **viewer)
        found: dict[str, Any] = data["node"]
        return found

    by_mentee = await reasons(viewer=mentee)
    by_mentor = await reasons(viewer=mentor)
    by_manager = await reasons(viewer=world.manager, roles=MANAGER)
    by_admin = await reasons(roles=ADMIN)

    for seen in (by_mentee, by_manager, by_admin):
        assert _need_texts(seen["matchReasons"]) == [NAMED]
        assert {"code": "NEED_COVERED", "text": NAMED} in seen["matchReasonDetails"]
    assert _need_texts(by_mentor["matchReasons"]) == [WITHHELD]
    assert {"code": "NEED_COVERED", "text": WITHHELD} in by_mentor["matchReasonDetails"]
    assert not any("Stakeholder" in text for text in by_mentor["matchReasons"])


async def test_a_manager_the_mentee_did_not_disclose_to_reads_no_need(gql: GraphQLTester) -> None:
    world, mentor, mentee = await _world(disclosed=False)
    await world.mentor(name="Marcus", skills=["Stakeholder management"])
    pair = await make_pair(
        program=world.program,
        mentor=mentor,
        mentee=mentee,
        enroll=False,
        status=PairStatus.PROPOSED,
        # Stored before reasons carried codes: text only, in both spellings used so far.
        match_reasons=[NAMED, "Mentor's skill matches a development need: Public speaking"],
    )
    suggestions = """query($program: ID!, $mentee: ID!) { program(id: $program) {
      matchSuggestions(menteeId: $mentee) { mentor { name } reasons { code text } } } }"""
    variables = {"program": gid(world.program), "mentee": gid(mentee)}

    stored = await gql.data(PAIR_REASONS, {"id": gid(pair)}, viewer=world.manager, roles=MANAGER)
    by_mentor = await gql.data(PAIR_REASONS, {"id": gid(pair)}, viewer=mentor)
    by_admin = await gql.data(PAIR_REASONS, {"id": gid(pair)}, roles=ADMIN)
    suggested = await gql.data(suggestions, variables, viewer=world.manager, roles=MANAGER)
    own = await gql.data(suggestions, variables, viewer=mentee)

    assert stored["node"]["matchReasons"] == [WITHHELD, WITHHELD]
    assert by_mentor["node"]["matchReasons"] == [WITHHELD, WITHHELD]
    assert by_admin["node"]["matchReasons"][0] == NAMED
    [for_manager] = suggested["program"]["matchSuggestions"]
    assert for_manager["mentor"] == {"name": "Marcus"}
    assert {"code": "NEED_COVERED", "text": WITHHELD} in for_manager["reasons"]
    assert not any("Stakeholder" in r["text"] for r in for_manager["reasons"])
    [for_mentee] = own["program"]["matchSuggestions"]
    assert {"code": "NEED_COVERED", "text": NAMED} in for_mentee["reasons"]


async def test_a_proposals_reasons_withhold_needs_from_managers_without_disclosure(
    gql: GraphQLTester,
) -> None:
    world, _, mentee = await _world(disclosed=False)
    open_mentee = await world.mentee(
        name="Open", development_needs=["Stakeholder management"], disclosed=True
    )

    proposal = await gql.mutate(
        "matchingProposalCreate",
        {"programId": gid(world.program)},
        "proposal { pairs { edges { node { mentee { name } reasons { text } } } } }",
        viewer=world.manager,
        roles=MANAGER,
    )

    texts = {
        pair["mentee"]["name"]: [r["text"] for r in pair["reasons"]]
        for pair in nodes(proposal["proposal"]["pairs"])
    }
    assert set(texts) == {mentee.name, open_mentee.name}
    assert _need_texts(texts["Zoe"]) == [WITHHELD]
    assert _need_texts(texts["Open"]) == [NAMED]


async def test_preferences_are_read_by_the_mentee_and_the_managers_only(
    gql: GraphQLTester,
) -> None:
    world, mentor, mentee = await _world(disclosed=True)
    second = await world.mentor(name="Marcus")
    other_mentee = await world.mentee(name="Other")

    set_ = await gql.mutate(
        "matchPreferencesSet",
        {"programId": gid(world.program), "mentorIds": [gid(second), gid(mentor)]},
        "preferences { mentors { name } updatedAt }",
        viewer=mentee,
    )
    query = """query($program: ID!, $mentee: ID!) { program(id: $program) {
      matchPreferences(menteeId: $mentee) { mentee { name } mentors { name } } } }"""
    variables = {"program": gid(world.program), "mentee": gid(mentee)}

    async def seen(**viewer: Any) -> Any:
        return (await gql.data(query, variables, **viewer))["program"]["matchPreferences"]

    expected = {"mentee": {"name": "Zoe"}, "mentors": [{"name": "Marcus"}, {"name": "Olivia"}]}
    assert set_["userErrors"] == [] and set_["preferences"]["updatedAt"] is not None
    assert await seen(viewer=mentee) == expected
    assert await seen(viewer=world.manager, roles=MANAGER) == expected
    assert await seen(viewer=other_mentee) is None
    assert await seen(viewer=mentor) is None
    assert await seen(viewer=await make_participant(), roles=MANAGER) is None
    never_set = await gql.data(
        query, {**variables, "mentee": gid(other_mentee)}, viewer=other_mentee
    )
    assert never_set["program"]["matchPreferences"]["mentors"] == []


async def test_preferences_name_at_most_three_approved_mentors(gql: GraphQLTester) -> None:
    world, mentor, mentee = await _world(disclosed=True)
    mentors = [mentor, *[await world.mentor() for _ in range(3)]]
    outsider = await make_participant()

    async def codes(mentor_ids: list[str], viewer: Participant = mentee) -> list[str]:
        payload = await gql.mutate(
            "matchPreferencesSet",
            {"programId": gid(world.program), "mentorIds": mentor_ids},
            "preferences { mentors { name } }",
            viewer=viewer,
        )
        return [error["code"] for error in payload["userErrors"]]

    assert await codes([gid(m) for m in mentors]) == ["INVALID"]
    assert await codes([gid(mentor), gid(mentor)]) == ["INVALID"]
    assert await codes([gid(outsider)]) == ["NOT_ENROLLED"]
    assert await codes([gid(mentee)]) == ["SAME_PERSON"]
    assert await codes([gid(mentor)], viewer=mentor) == ["NOT_ENROLLED"]  # not a mentee
    assert await codes([gid(m) for m in mentors[:3]]) == []
    assert await codes([]) == []  # cleared
