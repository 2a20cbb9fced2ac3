"""Program-wide matching proposals: who they pair and leave out, and applying all or part of
them, also at the same moment."""

import asyncio
from typing import Any

import pytest

from services.graphql_api.domain import matching_proposals
from shared.enums import PairStatus, Role
from shared.models import Pair, Participant
from tests.factories import make_enrollment, make_pair
from tests.factories.matching import MatchingProgram, make_matching_program
from tests.graphql.client import ADMIN, MANAGER, GraphQLTester, error_codes, gid, nodes

PROPOSAL = """proposal { id pairCount total totalScore
  pairs(first: 100) { totalCount edges { node {
    mentee { name } mentor { name } score preferenceRank preferenceBonus appliedAt
    reasons { code } pair { status origin } } } }
  unmatched(first: 100) { edges { node { mentee { name } code message } } } }"""
APPLIED = """proposal { pairs(first: 100) { edges { node { mentee { name } appliedAt } } } }
  pairs { status origin mentor { name } mentee { name } matchScore matchReasonDetails { code }
    acceptedByMentorAt acceptedByMenteeAt }"""


async def _create(gql: GraphQLTester, world: MatchingProgram, **viewer: Any) -> dict[str, Any]:
    who = viewer or {"viewer": world.manager, "roles": MANAGER}
    return await gql.mutate(
        "matchingProposalCreate", {"programId": gid(world.program)}, PROPOSAL, **who
    )


async def _apply(
    gql: GraphQLTester, proposal_id: str, pairs: list[tuple[Participant, Participant]] | None
) -> dict[str, Any]:
    chosen: dict[str, Any] = {"id": proposal_id}
    if pairs is not None:
        chosen["pairs"] = [{"menteeId": gid(a), "mentorId": gid(b)} for a, b in pairs]
    return await gql.mutate("matchingProposalApply", chosen, APPLIED, roles=ADMIN)


async def _open_pairs(mentor: Participant) -> int:
    stored = await Participant.get(mentor.id)
    assert stored is not None
    return stored.open_mentor_pairs


def _pairs_of(payload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["mentee"]["name"]: p for p in nodes(payload["proposal"]["pairs"])}


async def test_a_proposal_pairs_the_unpaired_mentees_best(gql: GraphQLTester) -> None:
    world = await make_matching_program()
    cnc = await world.mentor(name="Tomasz", skills=["CNC machining"], mentor_capacity=1)
    quality = await world.mentor(name="Ines", skills=["Quality control"], mentor_capacity=1)
    daniel = await world.mentee(name="Daniel", development_needs=["CNC machining"])
    chloe = await world.mentee(name="Chloe", development_needs=["CNC machining"])
    await world.mentee(name="Aisha", development_needs=["Quality control"])
    paired = await world.mentee(name="Already paired")
    await make_pair(program=world.program, mentee=paired, enroll=False)
    # Chloe was Ines's mentee before; Daniel would rather have Ines.
    await make_pair(
        program=world.program,
        mentor=quality,
        mentee=chloe,
        enroll=False,
        status=PairStatus.DECLINED,
    )
    preferred = await gql.mutate(
        "matchPreferencesSet",
        {"programId": gid(world.program), "mentorIds": [gid(quality), gid(cnc)]},
        "preferences { mentors { name } }",
        viewer=daniel,
    )

    payload = await _create(gql, world)

    proposal = payload["proposal"]
    pairs = _pairs_of(payload)
    assert preferred["preferences"] == {"mentors": [{"name": "Ines"}, {"name": "Tomasz"}]}
    # Daniel's first choice would leave Aisha without a mentor: the plan matches both.
    assert {name: p["mentor"]["name"] for name, p in pairs.items()} == {
        "Daniel": "Tomasz",
        "Aisha": "Ines",
    }
    assert pairs["Daniel"]["preferenceRank"] == 2 and pairs["Daniel"]["preferenceBonus"] == 0.1
    assert pairs["Aisha"]["preferenceRank"] is None
    assert pairs["Daniel"]["reasons"][0] == {"code": "NEED_COVERED"}
    assert all(p["appliedAt"] is None and p["pair"] is None for p in pairs.values())
    assert proposal["pairCount"] == 2
    assert round(proposal["totalScore"], 9) == round(sum(p["score"] for p in pairs.values()), 9)
    assert round(proposal["total"] - proposal["totalScore"], 9) == 0.1
    unmatched = nodes(proposal["unmatched"])
    assert [(u["mentee"]["name"], u["code"]) for u in unmatched] == [("Chloe", "CAPACITY_TAKEN")]
    assert await Pair.find({"origin": "MATCHING_PROPOSAL"}).count() == 0  # nothing applied yet


async def test_a_proposal_is_applied_in_part_then_in_full(gql: GraphQLTester) -> None:
    world = await make_matching_program()
    mentors = [await world.mentor(name=f"Mentor {n}", mentor_capacity=1) for n in range(3)]
    mentees = [await world.mentee(name=f"Mentee {n}") for n in range(3)]
    proposal = (await _create(gql, world))["proposal"]
    planned = {p["mentee"]["name"]: p["mentor"]["name"] for p in nodes(proposal["pairs"])}
    by_name = {person.name: person for person in (*mentors, *mentees)}
    first = ("Mentee 0", planned["Mentee 0"])
    stranger = (mentees[1], mentees[2])  # not a pair of the proposal

    partial = await _apply(gql, proposal["id"], [(by_name[first[0]], by_name[first[1]]), stranger])
    repeated = await _apply(gql, proposal["id"], [(by_name[first[0]], by_name[first[1]])])
    rest = await _apply(gql, proposal["id"], None)

    assert [(p["mentee"]["name"], p["mentor"]["name"]) for p in partial["pairs"]] == [first]
    created = partial["pairs"][0]
    assert created["status"] == "PROPOSED" and created["origin"] == "MATCHING_PROPOSAL"
    assert created["acceptedByMentorAt"] is None and created["acceptedByMenteeAt"] is None
    assert created["matchReasonDetails"]
    assert error_codes(partial) == ["NOT_FOUND"]
    assert partial["userErrors"][0]["field"] == ["input", "pairs", "1"]
    assert "Mentee 1 with Mentee 2" in partial["userErrors"][0]["message"]
    assert _pairs_of(partial)["Mentee 0"]["appliedAt"] is not None
    assert error_codes(repeated) == ["DUPLICATE"] and repeated["pairs"] == []
    assert sorted(p["mentee"]["name"] for p in rest["pairs"]) == ["Mentee 1", "Mentee 2"]
    assert rest["userErrors"] == []
    assert all(p["appliedAt"] for p in _pairs_of(rest).values())
    assert [await _open_pairs(mentor) for mentor in mentors] == [1, 1, 1]


async def test_a_large_proposal_is_applied_a_bounded_batch_per_request(
    gql: GraphQLTester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(matching_proposals, "APPLIED_PER_REQUEST", 2)
    world = await make_matching_program()
    people = []
    for n in range(5):
        people.append(
            (await world.mentee(name=f"Mentee {n}"), await world.mentor(name=f"Mentor {n}"))
        )
    proposal = (await _create(gql, world))["proposal"]
    batch = "pairs { mentee { name } } remaining userErrors { code }"

    batches = []
    for _ in range(3):
        applied = await gql.mutate(
            "matchingProposalApply", {"id": proposal["id"]}, batch, roles=ADMIN
        )
        batches.append((len(applied["pairs"]), applied["remaining"]))
    listed = await _apply(gql, proposal["id"], people[:3])

    assert proposal["pairCount"] == 5
    assert batches == [(2, 3), (2, 1), (1, 0)]
    assert error_codes(listed) == ["INVALID"]
    assert listed["userErrors"][0]["message"] == "Apply at most 2 pairs in one request."
    assert await Pair.find({"program_id": world.program.id}).count() == 5


async def test_a_pair_that_no_longer_fits_is_reported_and_the_others_created(
    gql: GraphQLTester,
) -> None:
    world = await make_matching_program()
    mentors = [await world.mentor(mentor_capacity=1) for _ in range(2)]
    busy = await world.mentee(name="Busy now")
    free = await world.mentee(name="Still free")
    proposal = (await _create(gql, world))["proposal"]
    # Meanwhile Busy asks a mentor of her own, outside the proposal.
    latecomer = await world.mentor(name="Her own choice")
    await gql.mutate(
        "mentorshipRequest",
        {"programId": gid(world.program), "mentorId": gid(latecomer)},
        "pair { id }",
        viewer=busy,
    )

    applied = await _apply(gql, proposal["id"], None)

    assert [p["mentee"]["name"] for p in applied["pairs"]] == ["Still free"]
    assert error_codes(applied) == ["MENTEE_ALREADY_PAIRED"]
    assert applied["userErrors"][0]["field"] is None
    assert applied["userErrors"][0]["message"].startswith("Busy now with ")
    assert await Pair.find({"mentee_id": free.id, "status": "PROPOSED"}).count() == 1
    assert sum([await _open_pairs(mentor) for mentor in mentors]) == 1


async def test_applications_at_once_never_exceed_a_mentors_capacity(gql: GraphQLTester) -> None:
    # A mentor's places are shared by every program: two programs' proposals both count on
    # the same two places.
    first, second = await make_matching_program(), await make_matching_program()
    mentor = await first.mentor(name="Shared mentor", mentor_capacity=2)
    await make_enrollment(program=second.program, participant=mentor, role=Role.MENTOR)
    for world in (first, second):
        for _ in range(2):
            await world.mentee()
    proposals = [(await _create(gql, world))["proposal"] for world in (first, second)]
    assert [p["pairCount"] for p in proposals] == [2, 2]

    applied = await asyncio.gather(
        *(_apply(gql, p["id"], None) for p in proposals),
        *(_apply(gql, p["id"], None) for p in proposals),  # and each twice
    )

    created = [pair for payload in applied for pair in payload["pairs"]]
    refused = sorted(code for payload in applied for code in error_codes(payload))
    assert len(created) == 2
    assert set(refused) <= {"CAPACITY_EXCEEDED", "DUPLICATE", "MENTEE_ALREADY_PAIRED"}
    assert len(refused) == 6
    assert await Pair.find({"mentor_id": mentor.id, "is_open": True}).count() == 2
    assert await _open_pairs(mentor) == 2


async def test_only_the_programs_managers_make_and_see_proposals(gql: GraphQLTester) -> None:
    world = await make_matching_program()
    await world.mentor()
    mentee = await world.mentee()
    proposal = (await _create(gql, world))["proposal"]

    by_mentee = await _create(gql, world, viewer=mentee)
    applied_by_mentee = await gql.mutate(
        "matchingProposalApply", {"id": proposal["id"]}, "pairs { id }", viewer=mentee
    )
    seen = """query($id: ID!, $program: ID!) {
      node(id: $id) { id }
      program(id: $program) { matchingProposals { totalCount edges { node { id } } } }
    }"""
    variables = {"id": proposal["id"], "program": gid(world.program)}
    as_mentee = await gql.data(seen, variables, viewer=mentee)
    as_manager = await gql.data(seen, variables, viewer=world.manager, roles=MANAGER)

    assert error_codes(by_mentee) == ["FORBIDDEN"]
    assert error_codes(applied_by_mentee) == ["FORBIDDEN"]
    assert as_mentee == {"node": None, "program": {"matchingProposals": None}}
    assert as_manager["node"] == {"id": proposal["id"]}
    assert as_manager["program"]["matchingProposals"]["totalCount"] == 1
