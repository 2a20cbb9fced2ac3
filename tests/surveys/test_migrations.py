"""Upgrading what an earlier version stored: statistics keyed by ObjectId and recognitions
ranked without rank keys are rebuilt once, by one replica."""

import asyncio
from datetime import UTC, datetime

from bson import ObjectId
from pymongo import ASCENDING

from services.surveys.migrations import upgrade_stored_feedback
from services.surveys.results import release_closed_rounds
from shared.enums import Role, RoundStatus
from shared.models import FeedbackStat, Recognition
from tests.factories import make_pair, make_program
from tests.factories.surveys import make_response, make_round


async def test_statistics_and_ranks_of_an_earlier_version_are_rebuilt_once(
    database_name: str,
) -> None:
    program = await make_program(min_group_size=3, recognition={"min_responses": 3})
    pair = await make_pair(program=program)
    survey_round = await make_round(program_id=program.id, status=RoundStatus.CLOSED)
    for score in (4.0, 5.0, 3.0):
        await make_response(
            pair=pair, role=Role.MENTEE, satisfaction=score, round_id=survey_round.id
        )
    stats = FeedbackStat.get_pymongo_collection()
    await stats.create_index(
        [("scope", ASCENDING), ("scope_id", ASCENDING), ("program_id", ASCENDING)],
        name="bucket_in_program_unique",
    )
    now = datetime.now(UTC)
    await stats.insert_one(  # an earlier version's bucket, wrong by now
        {
            "_id": ObjectId(),
            "scope": "PROGRAM",
            "scope_id": program.id,
            "program_id": program.id,
            "period_kind": "MONTH",
            "period": f"{now:%Y-%m}",
            "role": "MENTEE",
            "responses": 1,
        }
    )
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
    buckets = await stats.find({}).to_list()
    assert len(buckets) == 6 and all(isinstance(b["_id"], str) for b in buckets)
    key = FeedbackStat.key("PROGRAM", program.id, program.id, f"{now:%Y-%m}", Role.MENTEE)
    program_month = next(b for b in buckets if b["_id"] == key)
    assert program_month["responses"] == 3
    assert "bucket_in_program_unique" not in await stats.index_information()
    # The stale standing is scored again: from released rounds only, so none yet; the
    # results job releases the closed round and ranks the mentor.
    assert await Recognition.find({"period": f"{now.year}"}).count() == 0
    await release_closed_rounds()
    (ranked,) = await Recognition.find({"period": f"{survey_round.opens_at.year}"}).to_list()
    assert ranked.rank_key and ranked.evidence.responses == 3 and ranked.score == 0.75
