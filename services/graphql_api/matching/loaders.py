"""Loaders of matching: suggestions and preferences per (program, mentee), proposals by id,
a program's proposals and a proposal's pairs."""

from collections.abc import Sequence

from services.graphql_api.domain.matching_suggestions import MenteeInProgram, suggestions_for
from services.graphql_api.loaders import PARENTS_PER_COMMAND
from services.graphql_api.loaders.base import Document, RequestLoader
from services.graphql_api.loaders.by_id import DocumentByIdLoader
from services.graphql_api.loaders.children import (
    ChildCountLoader,
    ChildPagesLoader,
    ChildRelation,
    everything,
)
from services.graphql_api.pagination import Ordering
from shared.matching import MentorSuggestion
from shared.models import MatchingProposal, MatchPreference, ProposalPair

# Proposals are for admins and the program's managers: the fields' permissions say who.
PROPOSALS_BY_PROGRAM = ChildRelation(
    "Program.matchingProposals",
    MatchingProposal,
    "program_id",
    everything,
    Ordering(direction=-1),
)
PAIRS_BY_PROPOSAL = ChildRelation("MatchingProposal.pairs", ProposalPair, "proposal_id", everything)


class MatchSuggestionsLoader(RequestLoader[MenteeInProgram, list[MentorSuggestion] | None]):
    """The ranked mentors for each (program, mentee); None for someone who is not an approved,
    active mentee there. A fixed handful of commands per batch."""

    keys_per_command = PARENTS_PER_COMMAND

    async def batch_load(
        self, keys: Sequence[MenteeInProgram]
    ) -> list[list[MentorSuggestion] | None]:
        return await suggestions_for(keys)


class MatchPreferencesLoader(RequestLoader[MenteeInProgram, Document | None]):
    """Each mentee's stored preferences in a program (None when never set): one command."""

    keys_per_command = PARENTS_PER_COMMAND

    async def batch_load(self, keys: Sequence[MenteeInProgram]) -> list[Document | None]:
        query = {
            "program_id": {"$in": list({program for program, _ in keys})},
            "mentee_id": {"$in": list({mentee for _, mentee in keys})},
        }
        found = {
            (doc["program_id"], doc["mentee_id"]): doc
            async for doc in MatchPreference.get_pymongo_collection().find(query)
        }
        return [found.get(key) for key in keys]


class MatchingProposalByIdLoader(DocumentByIdLoader):
    """Matching proposals by id."""

    model = MatchingProposal


class ProposalCountByProgramLoader(ChildCountLoader):
    """The number of a program's matching proposals."""

    relation = PROPOSALS_BY_PROGRAM


class ProposalsByProgramLoader(ChildPagesLoader):
    """A page of a program's matching proposals, the newest first."""

    relation = PROPOSALS_BY_PROGRAM
    count_loader = ProposalCountByProgramLoader


class PairCountByProposalLoader(ChildCountLoader):
    """The number of a proposal's pairs."""

    relation = PAIRS_BY_PROPOSAL


class PairsByProposalLoader(ChildPagesLoader):
    """A page of a proposal's pairs, in the proposal's order."""

    relation = PAIRS_BY_PROPOSAL
    count_loader = PairCountByProposalLoader
