"""Re-scoring stored responses after the sentiment scorer changes (`mentorship rescore`), and
adding the released rounds up again so their figures rest on the new scores."""

from collections.abc import Callable
from dataclasses import dataclass

from pymongo import UpdateOne

from services.surveys.answers import texts_of
from services.surveys.invitations import score_texts
from services.surveys.results import rebuild_results
from services.surveys.sentiment import SCORER_VERSION
from shared.models import SurveyResponse, SurveyTemplate, utc_now

BATCH_SIZE = 500


@dataclass(frozen=True)
class Rescored:
    """What a re-scoring did."""

    responses: int  # re-scored
    rounds: int  # released rounds added up again


async def rescore(
    *, everything: bool = False, progress: Callable[[str], None] | None = None
) -> Rescored:
    """Re-score the responses (`rescore_responses`), then add every released round up again
    (`rebuild_results`), which also refreshes the recognitions resting on them. The rounds are
    added up again even when no response needed re-scoring: an earlier run may have stopped
    between the two steps."""
    responses = await rescore_responses(
        everything=everything,
        progress=None if progress is None else lambda n: progress(f"re-scored {n} responses"),
    )
    rounds = await rebuild_results(
        None if progress is None else lambda n: progress(f"added up {n} released rounds")
    )
    return Rescored(responses=responses, rounds=rounds)


async def rescore_responses(
    *, everything: bool = False, progress: Callable[[int], None] | None = None
) -> int:
    """Score again every response scored by another version (or all with `everything`);
    returns how many were updated. Safe to stop and run again: done ones are skipped."""
    query = {} if everything else {"scorer_version": {"$ne": SCORER_VERSION}}
    templates = {t.id: t async for t in SurveyTemplate.find_all()}
    updated = 0
    batch: list[UpdateOne] = []
    async for response in SurveyResponse.find(query):
        template = templates.get(response.template_id)
        if template is None:
            continue
        sentiments = score_texts(texts_of(template, response.answers))
        batch.append(
            UpdateOne(
                {"_id": response.id},
                {
                    "$set": {
                        "sentiments": [s.model_dump(mode="json") for s in sentiments],
                        "scorer_version": SCORER_VERSION,
                        "updated_at": utc_now(),
                    }
                },
            )
        )
        if len(batch) >= BATCH_SIZE:
            updated += await _flush(batch, progress, updated)
    if batch:
        updated += await _flush(batch, progress, updated)
    return updated


async def _flush(batch: list[UpdateOne], progress: Callable[[int], None] | None, done: int) -> int:
    await SurveyResponse.get_pymongo_collection().bulk_write(batch, ordered=False)
    count = len(batch)
    batch.clear()
    if progress is not None:
        progress(done + count)
    return count
