"""Upgrading what an earlier version stored, once, by one replica: its month buckets dropped,
health assessments without a severity given one, recognitions without rank keys ranked."""

import asyncio
from datetime import UTC, datetime

from bson import ObjectId

from services.surveys.migrations import OLD_STATISTICS_COLLECTION, upgrade_stored_feedback
from services.surveys.results import release_closed_rounds
from shared.enums import HealthStatus, Role, RoundStatus
from shared.models import Enrollment, JobLease, PairHealth, Participant, Recognition
from tests.factories import make_pair, make_program
from tests.factories.surveys import make_response, make_round


async def test_ranks_of_an_earlier_version_are_scored_again_once(database_name: str) -> None:
    program = await make_program(min_group_size=3, recognition={"min_responses": 3})
    pair = await make_pair(program=program)
    mentor = await Participant.get(pair.mentor_id)
    survey_round = await make_round(program_id=program.id, status=RoundStatus.CLOSED)
    for n, score in enumerate((4.0, 5.0, 3.0)):  # three mentees of one mentor
        mentee_pair = (
            pair if n == 0 else await make_pair(program=program, mentor=mentor, enroll=False)
        )
        await make_response(
            pair=mentee_pair, role=Role.MENTEE, satisfaction=score, round_id=survey_round.id
        )
    now = datetime.now(UTC)
    await Recognition.get_pymongo_collection().insert_one(
        {
            "program_id": program.id,
            "mentor_id": pair.mentor_id,
            "period": f"{now.year}",
            "score": 0.1,
            "rank": 1,
            "evidence": {"responses": 1},
        }
    )

    upgraded = await asyncio.gather(*(upgrade_stored_feedback(holder=f"r{n}") for n in range(3)))
    again = await upgrade_stored_feedback(holder="later")

    assert sorted(upgraded) == [False, False, True] and again is False
    # The stale standing is scored again: from released rounds only, so none yet; the
    # results job releases the closed round and ranks the mentor.
    assert await Recognition.find({"period": f"{now.year}"}).count() == 0
    await release_closed_rounds()
    (ranked,) = await Recognition.find({"period": f"{survey_round.opens_at.year}"}).to_list()
    assert ranked.rank_key and ranked.evidence.responses == 3 and ranked.score == 0.75


async def test_month_buckets_are_dropped_and_severities_set_after_the_earlier_upgrade(
    database_name: str,
) -> None:
    """A database the previous upgrade ran on: its buckets go, and lists of pairs by health
    (worst first, by severity) see every assessment it stored."""
    database = PairHealth.get_pymongo_collection().database
    now = datetime.now(UTC)
    await database[OLD_STATISTICS_COLLECTION].insert_one(
        {"_id": "program:PROGRAM:program:2026-05:MENTEE", "responses": 3}
    )
    await JobLease.get_pymongo_collection().insert_many(
        [
            {"name": "migration:keyed-statistics-and-ranks", "last_completed_on": "2026-05-01"},
            {"name": "statistics-rebuild", "holder": None},
        ]
    )
    pair_ids = {status: ObjectId() for status in HealthStatus}
    await PairHealth.get_pymongo_collection().insert_many(
        [
            {
                "pair_id": pair_id,
                "program_id": ObjectId(),
                "status": status.value,
                "reasons": [],
                "evaluated_at": now,
            }
            for status, pair_id in pair_ids.items()
        ]
    )

    upgraded = await upgrade_stored_feedback(holder="r0")
    again = await upgrade_stored_feedback(holder="r1")

    assert (upgraded, again) == (True, False)
    assert OLD_STATISTICS_COLLECTION not in await database.list_collection_names()
    assert await JobLease.find_one({"name": "statistics-rebuild"}) is None
    by_pair = {h.pair_id: h.severity for h in await PairHealth.find_all().to_list()}
    assert {status: by_pair[pair_id] for status, pair_id in pair_ids.items()} == {
        HealthStatus.HEALTHY: 0,
        HealthStatus.WATCH: 1,
        HealthStatus.AT_RISK: 2,
    }


async def test_enrollments_of_an_earlier_version_disclose_only_what_the_person_chose(
    database_name: str,
) -> None:
    program = await make_program()
    volunteer, nominee, returned = ObjectId(), ObjectId(), ObjectId()
    manager = ObjectId()

    def stored(person: ObjectId, *moves: tuple[str, ObjectId]) -> dict[str, object]:
        return {
            "program_id": program.id,
            "participant_id": person,
            "role": "MENTEE",
            "status": moves[-1][0],
            "history": [
                {"from_status": before[0] if before else None, "to_status": status, "by_id": by}
                for before, (status, by) in zip([None, *moves], moves, strict=False)
            ],
        }

    await Enrollment.get_pymongo_collection().insert_many(
        [
            stored(volunteer, ("APPLIED", volunteer), ("APPROVED", manager)),
            stored(nominee, ("APPLIED", manager), ("APPROVED", manager)),
            # nominated, withdrew, then applied again of their own accord
            stored(returned, ("APPLIED", manager), ("WITHDRAWN", returned), ("APPLIED", returned)),
        ]
    )

    upgraded = await upgrade_stored_feedback(holder="r0")

    disclosed = {
        e.participant_id: e.disclosed_to_managers for e in await Enrollment.find_all().to_list()
    }
    assert upgraded is True
    assert disclosed == {volunteer: True, nominee: False, returned: True}
