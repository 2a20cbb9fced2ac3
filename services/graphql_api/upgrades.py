"""What the GraphQL API brings up to date in the documents it owns, at every start.

- Apprentices' probations stored without a `stage` (by an earlier version, or by a replica of
  one during a rolling deploy) get theirs; active apprenticeship pairs started before
  probations were stored get the one they opened with. So the list of probations
  (`probations`) holds every apprenticeship under way.

Each step is idempotent and conditional, so replicas starting together do it once, and cheap
once done: it finds nothing to change. A document it cannot read is left as it is and logged,
never blocking the start.
"""

import logging

from pydantic import ValidationError
from pymongo import UpdateOne

from services.graphql_api.domain.persistence import encode_for_storage
from shared.apprenticeship.probation import open_probation, stage_of
from shared.enums import PairStatus, ProgramKind
from shared.models import Pair, Program
from shared.models.apprenticeship import DEFAULT_PROBATION_MONTHS, Probation
from shared.models.base import stored_date

logger = logging.getLogger(__name__)


async def bring_up_to_date() -> int:
    """Every step; how many documents changed."""
    return await store_probation_stages()


async def store_probation_stages() -> int:
    """Give each stored probation its stage, and each active apprenticeship its probation."""
    pairs = Pair.get_pymongo_collection()
    updates = []
    async for stored in pairs.find(
        {"probation.stage": {"$exists": False}, "probation": {"$type": "object"}},
        {"probation": 1},
    ):
        try:
            stage = stage_of(Probation.model_validate(stored["probation"]))
        except ValidationError:
            logger.warning("pair %s: its probation cannot be read; left as it is", stored["_id"])
            continue
        updates.append(
            UpdateOne(
                {"_id": stored["_id"], "probation.stage": {"$exists": False}},
                {"$set": {"probation.stage": stage.value}},
            )
        )
    apprenticeships = Program.get_pymongo_collection().find(
        {"kind": ProgramKind.APPRENTICESHIP.value}, {"probation_months": 1}
    )
    async for program in apprenticeships:
        months = program.get("probation_months", DEFAULT_PROBATION_MONTHS)
        async for stored in pairs.find(
            {"program_id": program["_id"], "status": PairStatus.ACTIVE.value, "probation": None},
            {"starts_on": 1},
        ):
            starts_on = stored_date(stored.get("starts_on"))
            if starts_on is None:
                continue  # not started: its probation opens when it starts
            opened = encode_for_storage(open_probation(starts_on, months))
            unchanged = {"_id": stored["_id"], "probation": None}
            updates.append(UpdateOne(unchanged, {"$set": {"probation": opened}}))
    if not updates:
        return 0
    result = await pairs.bulk_write(updates, ordered=False)
    logger.info("probations brought up to date: %d", result.modified_count)
    return result.modified_count
