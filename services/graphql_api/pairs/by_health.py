"""Pairs of a program by health, worst first: the list a program manager acts on."""

from typing import Any

from bson import ObjectId

from services.graphql_api.context import Info
from services.graphql_api.core.connections import Connection, build_connection
from services.graphql_api.domain.errors import DomainError, ErrorCode, forbidden
from services.graphql_api.loaders.by_id import PairByIdLoader
from services.graphql_api.pagination import Ordering, Page, PageRequest, count, fetch_page
from shared.enums import HealthStatus, PairStatus
from shared.models import Pair as StoredPair
from shared.models import PairHealth

Document = dict[str, Any]
# Worst first (AT_RISK, then WATCH, then HEALTHY), then the latest assessed pair first.
WORST_FIRST = Ordering(field="severity", direction=-1, list_name="pairs")


async def pairs_by_health(
    info: Info,
    program_id: ObjectId | None,
    health: list[HealthStatus],
    narrowing: dict[str, Any],
    first: int,
    after: str | None,
    ordering: Ordering = WORST_FIRST,
) -> Connection[Any]:
    """The program's active pairs whose latest assessment is in `health`, worst first (or
    in `ordering` on `severity`), each narrowed further by `narrowing` (pair fields). Admins
    and the program's managers only; never the pairs the viewer mentors (their health may
    carry the mentee's concern, which the mentor never learns of)."""
    from services.graphql_api.pairs.types import Pair

    if program_id is None:
        raise DomainError.of(
            ErrorCode.INVALID, "Filtering by health needs a programId.", ("filter", "programId")
        )
    if not await info.context.viewer.manages(program_id):
        raise forbidden("Only admins and this program's managers see the health of its pairs.")
    if (mentor := await _mentor_in(info, program_id)) is not None:
        asked = narrowing.get("mentor_id")
        hidden = {"$ne": mentor} if asked is None else ([] if asked == mentor else asked)
        narrowing = {**narrowing, "mentor_id": hidden}
    request = PageRequest(first=first, after=after)
    query = {"program_id": program_id}
    branches = [{"status": status.value} for status in dict.fromkeys(health)]
    collection = PairHealth.get_pymongo_collection()
    loader = info.context.loaders.get(PairByIdLoader)
    kept: list[tuple[Document, Document]] = []
    page = await fetch_page(collection, query, request, ordering, branches)
    while True:
        pairs = await loader.load_many([h["pair_id"] for h in page.documents])
        kept += [
            (h, p)
            for h, p in zip(page.documents, pairs, strict=True)
            if p is not None and _matches(p, narrowing)
        ]
        if len(kept) >= request.first or not page.has_next_page:
            break
        cursor = page.cursor(page.documents[-1])
        page = await fetch_page(
            collection, query, PageRequest(request.first, cursor), ordering, branches
        )
    more = len(kept) > request.first or page.has_next_page
    shown = kept[: request.first]
    by_health = {h["_id"]: p for h, p in shown}
    result = Page(
        documents=[h for h, _ in shown],
        has_next_page=more,
        has_previous_page=after is not None,
        ordering=ordering,
    )

    async def total() -> int:
        if narrowing:
            return len(await _all_matching(info, query, branches, narrowing))
        return await count(collection, query, branches)

    return build_connection(result, lambda h: Pair.from_doc(by_health[h["_id"]]), total)


def _matches(pair: Document, narrowing: dict[str, Any]) -> bool:
    if pair["status"] != PairStatus.ACTIVE.value:
        return False  # an assessment left behind by a pair that just ended
    return all(_holds(pair.get(name), value) for name, value in narrowing.items())


def _holds(found: Any, wanted: Any) -> bool:
    if isinstance(wanted, list):
        return found in wanted
    if isinstance(wanted, dict) and "$ne" in wanted:
        return bool(found != wanted["$ne"])
    return bool(found == wanted)


async def _mentor_in(info: Info, program_id: ObjectId) -> ObjectId | None:
    """The viewer, when they mentor a pair of the program (one indexed query)."""
    me = info.context.viewer.participant_id
    if me is None:
        return None
    mentors = await StoredPair.get_pymongo_collection().find_one(
        {"mentor_id": me, "program_id": program_id}, {"_id": 1}
    )
    return me if mentors is not None else None


async def _all_matching(
    info: Info, query: Document, branches: list[Document], narrowing: dict[str, Any]
) -> list[Document]:
    found = []
    for branch in branches:
        cursor = PairHealth.get_pymongo_collection().find({**query, **branch}, {"pair_id": 1})
        found += [h["pair_id"] async for h in cursor]
    pairs = await info.context.loaders.get(PairByIdLoader).load_many(found)
    return [p for p in pairs if p is not None and _matches(p, narrowing)]
