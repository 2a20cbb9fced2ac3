"""Mutual choice: a mentee's request, the mentor's answer, two-sided acceptance of proposed
pairs, a manager's forced start, and capacity when it all happens at once."""

import asyncio

from shared.enums import EnrollmentStatus, PairStatus, ProgramStatus, Role
from shared.models import Pair, Participant
from tests.factories import make_enrollment, make_pair, make_participant
from tests.factories.matching import MatchingProgram, make_matching_program
from tests.graphql.client import ADMIN, MANAGER, GraphQLTester, error_codes, gid

PAIR = """pair { id status origin requestMessage acceptedByMentorAt acceptedByMenteeAt startsOn
  mentor { name } mentee { name } proposedBy { name }
  forcedActivation { by { name } at reason } }"""


async def _request(
    gql: GraphQLTester,
    world: MatchingProgram,
    mentee: Participant,
    mentor: Participant,
    **more: str,
) -> dict[str, object]:
    return await gql.mutate(
        "mentorshipRequest",
        {"programId": gid(world.program), "mentorId": gid(mentor), **more},
        PAIR,
        viewer=mentee,
    )


async def _open_pairs(mentor: Participant) -> int:
    stored = await Participant.get(mentor.id)
    assert stored is not None
    return stored.open_mentor_pairs


async def test_a_mentee_asks_and_the_mentor_accepts(gql: GraphQLTester) -> None:
    world = await make_matching_program()
    mentor = await world.mentor(name="Tomasz", skills=["CNC machining"], mentor_capacity=1)
    mentee = await world.mentee(name="Daniel", development_needs=["CNC machining"])
    other = await world.mentor(name="Ines")

    requested = await _request(gql, world, mentee, mentor, message="Could you teach me CNC?")
    second = await _request(gql, world, mentee, other)
    accepted = await gql.mutate("pairAccept", {"id": requested["pair"]["id"]}, PAIR, viewer=mentor)

    pair = requested["pair"]
    assert requested["userErrors"] == []
    assert pair["status"] == "PROPOSED" and pair["origin"] == "MENTEE_REQUEST"
    assert pair["requestMessage"] == "Could you teach me CNC?"
    assert pair["proposedBy"] == {"name": "Daniel"}
    assert pair["acceptedByMenteeAt"] is not None and pair["acceptedByMentorAt"] is None
    assert error_codes(second) == ["MENTEE_ALREADY_PAIRED"]
    assert accepted["pair"]["status"] == "ACTIVE"
    assert accepted["pair"]["acceptedByMentorAt"] is not None
    assert accepted["pair"]["startsOn"] is not None
    assert await _open_pairs(mentor) == 1


async def test_a_mentor_declines_and_the_mentee_asks_someone_else(gql: GraphQLTester) -> None:
    world = await make_matching_program()
    mentor = await world.mentor(name="Tomasz", mentor_capacity=1)
    other = await world.mentor(name="Ines")
    mentee = await world.mentee(name="Daniel")

    requested = await _request(gql, world, mentee, mentor)
    declined = await gql.mutate(
        "pairDecline",
        {"id": requested["pair"]["id"], "reason": "No time this quarter"},
        "pair { status endReason }",
        viewer=mentor,
    )
    again = await _request(gql, world, mentee, mentor)
    elsewhere = await _request(gql, world, mentee, other)

    assert declined["pair"] == {"status": "DECLINED", "endReason": "No time this quarter"}
    assert await _open_pairs(mentor) == 0
    assert error_codes(again) == ["PAIRED_BEFORE"]
    assert elsewhere["userErrors"] == [] and elsewhere["pair"]["mentor"] == {"name": "Ines"}


async def test_requests_follow_the_programs_rules(gql: GraphQLTester) -> None:
    world = await make_matching_program()
    mentor = await world.mentor(languages=["English"])
    mentee = await world.mentee(languages=["English"])
    german = await world.mentor(languages=["German"])
    full = await world.mentor(mentor_capacity=1)
    await make_pair(program=world.program, mentor=full, enroll=False, status=PairStatus.ACTIVE)
    applicant = await make_participant()
    await make_enrollment(
        program=world.program,
        participant=applicant,
        role=Role.MENTEE,
        status=EnrollmentStatus.APPLIED,
    )
    outsider = await make_participant()
    await make_enrollment(program=world.program, participant=outsider, role=Role.MENTOR)
    not_a_mentor = await world.mentee()

    assert error_codes(await _request(gql, world, applicant, mentor)) == ["NOT_ENROLLED"]
    assert error_codes(await _request(gql, world, mentee, not_a_mentor)) == ["NOT_ENROLLED"]
    assert error_codes(await _request(gql, world, mentee, mentee)) == ["SAME_PERSON"]
    no_language = await _request(gql, world, mentee, german)
    assert error_codes(no_language) == ["NOT_ELIGIBLE"]
    assert "No shared language" in no_language["userErrors"][0]["message"]
    assert error_codes(await _request(gql, world, mentee, full)) == ["CAPACITY_EXCEEDED"]
    await world.program.set({"status": ProgramStatus.CLOSED})
    assert error_codes(await _request(gql, world, mentee, outsider)) == ["PROGRAM_NOT_ACTIVE"]
    assert await Pair.find({"origin": "MENTEE_REQUEST"}).count() == 0


async def test_a_pair_a_manager_proposed_needs_both_sides(gql: GraphQLTester) -> None:
    world = await make_matching_program()
    mentor = await world.mentor(name="Tomasz")
    mentee = await world.mentee(name="Daniel")
    proposed = await gql.mutate(
        "pairCreate",
        {"programId": gid(world.program), "mentorId": gid(mentor), "menteeId": gid(mentee)},
        PAIR,
        viewer=world.manager,
        roles=MANAGER,
    )
    pair_id = proposed["pair"]["id"]

    by_mentor = await gql.mutate("pairAccept", {"id": pair_id}, PAIR, viewer=mentor)
    twice = await gql.mutate("pairAccept", {"id": pair_id}, PAIR, viewer=mentor)
    by_manager = await gql.mutate(
        "pairAccept", {"id": pair_id}, PAIR, viewer=world.manager, roles=MANAGER
    )
    by_mentee = await gql.mutate("pairAccept", {"id": pair_id}, PAIR, viewer=mentee)

    assert proposed["pair"]["origin"] == "MANAGER"
    assert proposed["pair"]["proposedBy"] == {"name": "Program Manager"}
    assert by_mentor["pair"]["status"] == "PROPOSED"
    assert by_mentor["pair"]["acceptedByMentorAt"] is not None
    assert by_mentor["pair"]["acceptedByMenteeAt"] is None
    assert twice["pair"] == by_mentor["pair"]
    assert error_codes(by_manager) == ["FORBIDDEN"]
    assert "pairActivate" in by_manager["userErrors"][0]["message"]
    assert by_mentee["pair"]["status"] == "ACTIVE"
    assert by_mentee["pair"]["acceptedByMentorAt"] == by_mentor["pair"]["acceptedByMentorAt"]
    assert by_mentee["pair"]["acceptedByMenteeAt"] is not None
    assert by_mentee["pair"]["forcedActivation"] is None


async def test_a_manager_starts_a_pair_with_a_reason_kept_on_it(gql: GraphQLTester) -> None:
    world = await make_matching_program()
    mentor = await world.mentor()
    mentee = await world.mentee()
    pair = await make_pair(
        program=world.program,
        mentor=mentor,
        mentee=mentee,
        enroll=False,
        status=PairStatus.PROPOSED,
    )

    by_mentee = await gql.mutate(
        "pairActivate", {"id": gid(pair), "reason": "Both agreed in person"}, PAIR, viewer=mentee
    )
    no_reason = await gql.mutate(
        "pairActivate", {"id": gid(pair), "reason": "  "}, PAIR, viewer=world.manager, roles=MANAGER
    )
    started = await gql.mutate(
        "pairActivate",
        {"id": gid(pair), "reason": "Both agreed in person"},
        PAIR,
        viewer=world.manager,
        roles=MANAGER,
    )
    again = await gql.mutate(
        "pairActivate", {"id": gid(pair), "reason": "Again"}, PAIR, roles=ADMIN
    )
    seen_by_mentor = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Pair { status forcedActivation { reason } } } }",
        {"id": gid(pair)},
        viewer=mentor,
    )

    assert error_codes(by_mentee) == ["FORBIDDEN"]
    assert error_codes(no_reason) == ["INVALID"]
    assert started["pair"]["status"] == "ACTIVE" and started["pair"]["startsOn"] is not None
    forced = started["pair"]["forcedActivation"]
    assert forced["by"] == {"name": "Program Manager"}
    assert forced["reason"] == "Both agreed in person" and forced["at"] is not None
    assert started["pair"]["acceptedByMentorAt"] is None
    assert error_codes(again) == ["INVALID_TRANSITION"]
    assert seen_by_mentor["node"] == {
        "status": "ACTIVE",
        "forcedActivation": {"reason": "Both agreed in person"},
    }


async def test_both_sides_accepting_at_once_start_the_pair_once(gql: GraphQLTester) -> None:
    world = await make_matching_program()
    pairs = []
    for _ in range(5):
        mentor, mentee = await world.mentor(), await world.mentee()
        pair = await make_pair(
            program=world.program,
            mentor=mentor,
            mentee=mentee,
            enroll=False,
            status=PairStatus.PROPOSED,
        )
        pairs.append((pair, mentor, mentee))

    payloads = await asyncio.gather(
        *(
            gql.mutate("pairAccept", {"id": gid(pair)}, PAIR, viewer=person)
            for pair, mentor, mentee in pairs
            for person in (mentor, mentee)
        )
    )

    assert all(payload["userErrors"] == [] for payload in payloads)
    for pair, mentor, _ in pairs:
        stored = await Pair.get(pair.id)
        assert stored is not None and stored.status == PairStatus.ACTIVE
        assert stored.accepted_by_mentor_at and stored.accepted_by_mentee_at
        assert stored.starts_on is not None
        assert await _open_pairs(mentor) == 1  # starting takes no second place


async def test_requests_at_once_never_exceed_the_mentors_capacity(gql: GraphQLTester) -> None:
    world = await make_matching_program()
    mentor = await world.mentor(mentor_capacity=2)
    mentees = [await world.mentee() for _ in range(6)]

    payloads = await asyncio.gather(*(_request(gql, world, mentee, mentor) for mentee in mentees))

    created = [payload for payload in payloads if payload["pair"] is not None]
    assert len(created) == 2
    assert sorted(code for p in payloads for code in error_codes(p)) == ["CAPACITY_EXCEEDED"] * 4
    assert await Pair.find({"mentor_id": mentor.id}).count() == 2
    assert await _open_pairs(mentor) == 2


async def test_a_mentee_asking_two_mentors_at_once_gets_one_request(gql: GraphQLTester) -> None:
    world = await make_matching_program()
    mentors = [await world.mentor() for _ in range(3)]
    mentee = await world.mentee()

    payloads = await asyncio.gather(*(_request(gql, world, mentee, mentor) for mentor in mentors))

    assert sum(payload["pair"] is not None for payload in payloads) == 1
    assert (
        sorted(code for p in payloads for code in error_codes(p)) == ["MENTEE_ALREADY_PAIRED"] * 2
    )
    assert await Pair.find({"mentee_id": mentee.id}).count() == 1
    assert sum([await _open_pairs(mentor) for mentor in mentors]) == 1
