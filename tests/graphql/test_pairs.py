"""Pairs: who may be paired, capacity under concurrency, and the pair life cycle."""

import asyncio
from datetime import date

from services.graphql_api.domain.errors import DomainError, ErrorCode
from services.graphql_api.domain.pairs import insert_proposed
from shared.enums import EnrollmentStatus, PairStatus, ProgramKind, ProgramStatus, Role
from shared.models import Pair, Participant, Program
from tests.factories import make_enrollment, make_pair, make_participant, make_program
from tests.graphql.client import ADMIN, MANAGER, GraphQLTester, error_codes, gid

PAIR = "pair { id status matchScore matchReasons mentor { name } mentee { name } startsOn }"


async def _approved(program: Program, role: Role, **fields: object) -> Participant:
    person = await make_participant(**fields)
    await make_enrollment(program=program, participant=person, role=role)
    return person


async def test_a_manager_proposes_a_pair_with_a_match_assessment(gql: GraphQLTester) -> None:
    manager = await make_participant()
    program = await make_program(manager_ids=[manager.id])
    mentor = await _approved(
        program, Role.MENTOR, name="Tomasz", skills=["CNC machining"], department="Production"
    )
    mentee = await _approved(
        program, Role.MENTEE, name="Daniel", development_needs=["cnc machining"]
    )

    payload = await gql.mutate(
        "pairCreate",
        {"programId": gid(program), "mentorId": gid(mentor), "menteeId": gid(mentee)},
        PAIR,
        viewer=manager,
        roles=MANAGER,
    )

    pair = payload["pair"]
    assert pair["status"] == "PROPOSED"
    assert pair["mentor"] == {"name": "Tomasz"} and pair["mentee"] == {"name": "Daniel"}
    assert pair["matchScore"] > 0.3
    assert "Mentor's skills cover a development need: cnc machining" in pair["matchReasons"]
    stored_mentor = await Participant.get(mentor.id)
    assert stored_mentor is not None and stored_mentor.open_mentor_pairs == 1


async def test_pairing_rules_are_reported_as_user_errors(gql: GraphQLTester) -> None:
    program = await make_program()
    draft = await make_program(status=ProgramStatus.DRAFT)
    mentor = await _approved(program, Role.MENTOR)
    mentee = await _approved(program, Role.MENTEE)
    applicant = await make_participant()
    await make_enrollment(
        program=program, participant=applicant, role=Role.MENTEE, status=EnrollmentStatus.APPLIED
    )

    async def create(program_id: str, mentor_id: str, mentee_id: str) -> list[str]:
        payload = await gql.mutate(
            "pairCreate",
            {"programId": program_id, "mentorId": mentor_id, "menteeId": mentee_id},
            PAIR,
            roles=ADMIN,
        )
        return error_codes(payload)

    assert await create(gid(draft), gid(mentor), gid(mentee)) == ["PROGRAM_NOT_ACTIVE"]
    assert await create(gid(program), gid(mentor), gid(mentor)) == ["SAME_PERSON"]
    assert await create(gid(program), gid(mentor), gid(applicant)) == ["NOT_ENROLLED"]
    assert await create(gid(program), gid(mentee), gid(mentor)) == ["NOT_ENROLLED"]
    assert await create(gid(program), gid(mentor), gid(mentee)) == []
    assert await create(gid(program), gid(mentor), gid(mentee)) == ["DUPLICATE"]
    assert await create(gid(program), gid(program), gid(mentee)) == ["INVALID"]
    assert await Pair.count() == 1


async def test_capacity_is_never_exceeded(gql: GraphQLTester) -> None:
    program = await make_program()
    mentor = await _approved(program, Role.MENTOR, mentor_capacity=1)
    first, second = await _approved(program, Role.MENTEE), await _approved(program, Role.MENTEE)

    accepted = await gql.mutate(
        "pairCreate",
        {"programId": gid(program), "mentorId": gid(mentor), "menteeId": gid(first)},
        PAIR,
        roles=ADMIN,
    )
    refused = await gql.mutate(
        "pairCreate",
        {"programId": gid(program), "mentorId": gid(mentor), "menteeId": gid(second)},
        PAIR,
        roles=ADMIN,
    )

    assert accepted["userErrors"] == []
    assert error_codes(refused) == ["CAPACITY_EXCEEDED"]
    assert refused["userErrors"][0]["field"] == ["input", "mentorId"]


async def test_concurrent_proposals_never_exceed_capacity(gql: GraphQLTester) -> None:
    program = await make_program()
    mentor = await _approved(program, Role.MENTOR, mentor_capacity=2)
    mentees = [await _approved(program, Role.MENTEE) for _ in range(8)]

    payloads = await asyncio.gather(
        *(
            gql.mutate(
                "pairCreate",
                {"programId": gid(program), "mentorId": gid(mentor), "menteeId": gid(mentee)},
                PAIR,
                roles=ADMIN,
            )
            for mentee in mentees
        )
    )

    created = [p for p in payloads if p["pair"] is not None]
    assert len(created) == 2
    assert sorted(code for p in payloads for code in error_codes(p)) == ["CAPACITY_EXCEEDED"] * 6
    assert await Pair.find(Pair.mentor_id == mentor.id).count() == 2
    stored = await Participant.get(mentor.id)
    assert stored is not None and stored.open_mentor_pairs == 2


async def test_a_pair_runs_from_proposal_to_completion(gql: GraphQLTester) -> None:
    pair = await make_pair(status=PairStatus.PROPOSED)
    program = await Program.get(pair.program_id)
    assert program is not None
    await program.set({Program.kind: ProgramKind.APPRENTICESHIP})
    mentee = await Participant.get(pair.mentee_id)
    mentor = await Participant.get(pair.mentor_id)

    await gql.mutate("pairAccept", {"id": gid(pair)}, "pair { status }", viewer=mentor)
    accepted = await gql.mutate(
        "pairAccept",
        {"id": gid(pair)},
        "pair { status startsOn plannedEndOn probation { endsOn } }",
        viewer=mentee,
    )
    unsettled = await gql.mutate("pairComplete", {"id": gid(pair)}, PAIR, roles=ADMIN)
    await gql.mutate(
        "qualificationExamRecord",
        {"pairId": gid(pair), "takenOn": date.today().isoformat(), "passed": True},
        "pair { id }",
        roles=ADMIN,
    )
    await gql.mutate(
        "probationRecommend",
        {"pairId": gid(pair), "decision": "CONFIRM_ON_TIME"},
        "pair { id }",
        viewer=mentor,
    )
    by_mentee = await gql.mutate("pairComplete", {"id": gid(pair)}, PAIR, viewer=mentee)
    wrong_outcome = await gql.mutate(
        "pairComplete", {"id": gid(pair), "outcome": "GOALS_MET"}, PAIR, roles=ADMIN
    )
    completed = await gql.mutate(
        "pairComplete",
        {"id": gid(pair), "note": "Exam passed"},
        "pair { status outcome endReason endedOn }",
        roles=ADMIN,
    )

    assert accepted["pair"]["status"] == "ACTIVE" and accepted["pair"]["startsOn"] is not None
    assert accepted["pair"]["probation"]["endsOn"] > accepted["pair"]["startsOn"]
    assert error_codes(unsettled) == ["INVALID_TRANSITION"]
    assert error_codes(by_mentee) == ["FORBIDDEN"]
    assert error_codes(wrong_outcome) == ["INVALID"]
    assert completed["pair"]["status"] == "COMPLETED"
    assert completed["pair"]["outcome"] == "PASSED_ON_TIME"
    stored = await Participant.get(pair.mentor_id)
    assert stored is not None and stored.open_mentor_pairs == 0


async def test_other_programs_complete_with_a_goal_outcome(gql: GraphQLTester) -> None:
    pair = await make_pair()

    missing = await gql.mutate("pairComplete", {"id": gid(pair)}, PAIR, roles=ADMIN)
    apprenticeship_outcome = await gql.mutate(
        "pairComplete", {"id": gid(pair), "outcome": "PASSED_ON_TIME"}, PAIR, roles=ADMIN
    )
    completed = await gql.mutate(
        "pairComplete", {"id": gid(pair), "outcome": "GOALS_MET"}, "pair { outcome }", roles=ADMIN
    )

    assert error_codes(missing) == ["INVALID"]
    assert error_codes(apprenticeship_outcome) == ["INVALID"]
    assert completed["pair"] == {"outcome": "GOALS_MET"}


async def test_declining_and_ending_free_the_mentors_capacity(gql: GraphQLTester) -> None:
    proposed = await make_pair(status=PairStatus.PROPOSED)
    active = await make_pair(status=PairStatus.ACTIVE)
    mentor = await Participant.get(active.mentor_id)

    declined = await gql.mutate(
        "pairDecline",
        {"id": gid(proposed), "reason": "Different time zones"},
        "pair { status endReason }",
        roles=ADMIN,
    )
    no_reason = await gql.mutate("pairEnd", {"id": gid(active), "reason": " "}, PAIR, viewer=mentor)
    ended = await gql.mutate(
        "pairEnd", {"id": gid(active), "reason": "Moved abroad"}, "pair { status }", viewer=mentor
    )
    ended_again = await gql.mutate(
        "pairEnd", {"id": gid(active), "reason": "Again"}, PAIR, viewer=mentor
    )

    assert declined["pair"] == {"status": "DECLINED", "endReason": "Different time zones"}
    assert error_codes(no_reason) == ["INVALID"]
    assert ended["pair"]["status"] == "ENDED_EARLY"
    assert error_codes(ended_again) == ["INVALID_TRANSITION"]
    for pair in (proposed, active):
        stored = await Participant.get(pair.mentor_id)
        assert stored is not None and stored.open_mentor_pairs == 0


async def test_a_declined_pair_can_be_proposed_again(gql: GraphQLTester) -> None:
    pair = await make_pair(status=PairStatus.PROPOSED)
    await gql.mutate("pairDecline", {"id": gid(pair)}, PAIR, roles=ADMIN)

    again = await gql.mutate(
        "pairCreate",
        {
            "programId": gid(await Program.get(pair.program_id)),  # type: ignore[arg-type]
            "mentorId": gid(await Participant.get(pair.mentor_id)),  # type: ignore[arg-type]
            "menteeId": gid(await Participant.get(pair.mentee_id)),  # type: ignore[arg-type]
        },
        PAIR,
        roles=ADMIN,
    )

    assert again["userErrors"] == []
    assert again["pair"]["status"] == "PROPOSED"


async def test_a_place_is_counted_against_the_capacity_stored_now(database_name: str) -> None:
    program = await make_program()
    raised = await make_participant(mentor_capacity=1)
    lowered = await make_participant(mentor_capacity=2)
    # Each already mentors one pair; then their capacities change after they were read.
    read = {p.id: await Participant.get(p.id) for p in (raised, lowered)}
    for mentor, capacity in ((raised, 2), (lowered, 1)):
        await make_pair(program=program, mentor=mentor)
        await Participant.find_one(Participant.id == mentor.id).set(
            {Participant.mentor_capacity: capacity}
        )

    async def propose(mentor: Participant) -> list[str]:
        stale = read[mentor.id]
        assert stale is not None
        pair = Pair(
            program_id=program.id,  # type: ignore[arg-type]
            mentor_id=mentor.id,  # type: ignore[arg-type]
            mentee_id=(await make_participant()).id,  # type: ignore[arg-type]
        )
        try:
            await insert_proposed(pair, stale)
        except DomainError as error:
            return [issue.code for issue in error.issues]
        return []

    assert await propose(raised) == []
    assert await propose(lowered) == [ErrorCode.CAPACITY_EXCEEDED]
    stored = {p.id: await Participant.get(p.id) for p in (raised, lowered)}
    counts = {key: mentor.open_mentor_pairs for key, mentor in stored.items() if mentor}
    assert counts == {raised.id: 2, lowered.id: 1}
