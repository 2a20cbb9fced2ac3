"""Survey rounds in GraphQL: a program's rounds with their invitations counted, as a list, a
page, or one round by its ID. Rounds are for admins and the program's managers."""

from typing import Any

from bson import ObjectId
from bson.errors import InvalidId

from services.graphql_api.context import Info
from services.graphql_api.core.connections import Connection, build_connection
from services.graphql_api.core.ids import parse_id_of
from services.graphql_api.core.lists import child_page
from services.graphql_api.feedback.loaders import (
    InvitationCountsByRoundLoader,
    RoundResultsByProgramLoader,
    RoundsByProgramLoader,
    SurveyRoundByIdLoader,
)
from services.graphql_api.feedback.types import SurveyRound
from services.graphql_api.loaders.children import RoundsByProgramPageLoader
from shared.enums import InvitationState, Role
from shared.feedback.rates import InvitationCounts
from shared.models import RoundResult

Document = dict[str, Any]
SUBMITTED, EXPIRED = InvitationState.SUBMITTED.value, InvitationState.EXPIRED.value
RAW_ID_LENGTH = 24  # hexadecimal digits of an ObjectId


def parse_round_id(value: str, field: str | None = "id") -> ObjectId:
    """A survey round's ID: its global ID, or the survey service's own id of the round (as
    its REST API shows it)."""
    if len(value) == RAW_ID_LENGTH:
        try:
            return ObjectId(value)
        except (InvalidId, TypeError):
            pass  # not hexadecimal: read it as a global ID
    return parse_id_of(value, "SurveyRound", field)


async def program_rounds(info: Info, program_id: ObjectId) -> list[Document]:
    """Every round of the program, the earliest opened first."""
    rounds = await info.context.loaders.get(RoundsByProgramLoader).load(program_id)
    return sorted(rounds, key=lambda r: (r["opens_at"], r["_id"]))


async def released_results(info: Info, program_id: ObjectId) -> dict[ObjectId, RoundResult]:
    """The program's released round results (without mentors and comments), by round id."""
    found = await info.context.loaders.get(RoundResultsByProgramLoader).load(program_id)
    return {result.id: result for result in found if result.id is not None}


async def invitation_counts(
    info: Info,
    rounds: list[Document],
    role: Role | None,
    results: dict[ObjectId, RoundResult],
) -> list[InvitationCounts]:
    """Each round's invitations by state, of one role or both. A released round's are in its
    result (they no longer change); only the others' invitations are counted, so a request
    reads no more invitations than the open rounds hold."""
    pending = [r["_id"] for r in rounds if r["_id"] not in results]
    loader = info.context.loaders.get(InvitationCountsByRoundLoader)
    counted = dict(zip(pending, await loader.load_many(pending), strict=True))
    counts = []
    for survey_round in rounds:
        by_state: dict[str, int] = {}
        result = results.get(survey_round["_id"])
        if result is not None:
            for tally in result.roles:
                if role in (None, tally.role):
                    by_state[SUBMITTED] = by_state.get(SUBMITTED, 0) + tally.responses
                    unanswered = max(0, tally.invited - tally.responses)
                    by_state[EXPIRED] = by_state.get(EXPIRED, 0) + unanswered
        else:
            for (invitation_role, state), n in counted[survey_round["_id"]].items():
                if role is None or invitation_role == role.value:
                    by_state[state] = by_state.get(state, 0) + n
        counts.append(InvitationCounts(by_state))
    return counts


async def survey_rounds(
    info: Info, program_id: ObjectId, first: int, after: str | None
) -> Connection[SurveyRound]:
    """A page of the program's rounds, the earliest opened first."""
    page, total = await child_page(info, RoundsByProgramPageLoader, program_id, first, after)
    results = await released_results(info, program_id)
    counts = await invitation_counts(info, page.documents, None, results)
    nodes = {
        doc["_id"]: SurveyRound.from_doc(doc, count)
        for doc, count in zip(page.documents, counts, strict=True)
    }
    return build_connection(page, lambda doc: nodes[doc["_id"]], total)


async def visible_survey_round(info: Info, round_id: ObjectId) -> SurveyRound | None:
    """The round, or None when missing or the viewer does not manage its program."""
    found = await info.context.loaders.get(SurveyRoundByIdLoader).load(round_id)
    if found is None or not await info.context.viewer.manages(found["program_id"]):
        return None
    results = await released_results(info, found["program_id"])
    (counts,) = await invitation_counts(info, [found], None, results)
    return SurveyRound.from_doc(found, counts)
