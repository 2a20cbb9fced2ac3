"""The matching fields of `Program`: its rules, a mentee's suggestions and preferences, and its
proposals.

A mentee's suggestions and preferences are for the mentee, admins and the program's managers:
for anyone else the field is null, the API's way for a field the viewer may not see (as
`Program.stats`), so a query over many programs never fails for one of them."""

from typing import Annotated, Any

import strawberry
from bson import ObjectId
from strawberry.permission import BasePermission

from services.graphql_api.context import Info
from services.graphql_api.core.connections import After, Connection, First
from services.graphql_api.core.ids import parse_id_of
from services.graphql_api.core.lists import child_connection
from services.graphql_api.domain.errors import DomainError, ErrorCode
from services.graphql_api.domain.matching import sees_matching_of
from services.graphql_api.domain.matching_pool import rules_of
from services.graphql_api.matching.loaders import (
    MatchPreferencesLoader,
    MatchSuggestionsLoader,
    ProposalsByProgramLoader,
)
from services.graphql_api.matching.proposals import MatchingProposal
from services.graphql_api.matching.rules import MatchingRules
from services.graphql_api.matching.types import MatchPreferences, MatchSuggestion
from services.graphql_api.pagination import PageRequest
from services.graphql_api.permissions import InProgram, ManagesProgram, NullUnlessPermitted

MenteeId = Annotated[strawberry.ID, strawberry.argument(description="The mentee's ID.")]


def matching_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """The values `MatchingProgramFields` needs from a stored program."""
    return {"matching_source": {"kind": doc["kind"], "matching_rules": doc.get("matching_rules")}}


class SeesMenteeMatching(BasePermission):
    """The mentee named by the field's `menteeId`, admins and the program's managers."""

    message = "Only the mentee, admins and this program's managers may see this."

    async def has_permission(self, source: InProgram, info: Info, **kwargs: Any) -> bool:
        mentee_id = parse_id_of(kwargs["mentee_id"], "Participant", "menteeId")
        return await sees_matching_of(info.context.viewer, source.owning_program_id(), mentee_id)


@strawberry.type(description="A program's matching: rules, suggestions, preferences, proposals.")
class MatchingProgramFields:
    db_id: strawberry.Private[ObjectId]
    matching_source: strawberry.Private[dict[str, Any]]

    def owning_program_id(self) -> ObjectId:
        return self.db_id

    @strawberry.field(
        description="How the program scores and proposes pairs: its own rules, or the "
        "defaults for its kind (`isDefault`). Its managers change them with "
        "`programMatchingRulesSet`."
    )
    def matching_rules(self) -> MatchingRules:
        stored = self.matching_source["matching_rules"]
        return MatchingRules.of(rules_of(self.matching_source), is_default=not stored)

    @strawberry.field(
        description="Mentors to suggest to one of the program's approved mentees, best first: "
        "approved, active mentors with a free place, never the mentee, never a mentor they are "
        "or were paired with in the program, none a rule rules out or scoring below the "
        "program's minimum. For the mentee, admins and the program's managers; null for "
        "others. An error (BAD_USER_INPUT) when the person is not an approved, active mentee "
        "of the program.",
        extensions=[NullUnlessPermitted(SeesMenteeMatching())],
    )
    async def match_suggestions(
        self,
        info: Info,
        mentee_id: MenteeId,
        first: Annotated[
            int, strawberry.argument(description="How many suggestions: from 0 to 100.")
        ] = 10,
    ) -> list[MatchSuggestion] | None:
        PageRequest(first=first)  # 0 to 100, as every list
        mentee = parse_id_of(mentee_id, "Participant", "menteeId")
        found = await info.context.loaders.get(MatchSuggestionsLoader).load((self.db_id, mentee))
        if found is None:
            raise DomainError.of(
                ErrorCode.NOT_ENROLLED,
                "They are not an approved, active mentee of this program.",
                ("menteeId",),
            )
        return [
            MatchSuggestion(
                mentor_id=ObjectId(suggestion.mentor_id),
                mentee_id=mentee,
                reason_models=suggestion.reasons,
                rank=rank,
                score=suggestion.score,
            )
            for rank, suggestion in enumerate(found[:first], 1)
        ]

    @strawberry.field(
        description="The mentors a mentee ranked (`matchPreferencesSet`), first choice first; "
        "an empty list when they ranked none. For the mentee, admins and the program's "
        "managers; null for others.",
        extensions=[NullUnlessPermitted(SeesMenteeMatching())],
    )
    async def match_preferences(self, info: Info, mentee_id: MenteeId) -> MatchPreferences | None:
        mentee = parse_id_of(mentee_id, "Participant", "menteeId")
        doc = await info.context.loaders.get(MatchPreferencesLoader).load((self.db_id, mentee))
        return MatchPreferences.from_doc(doc or {"mentee_id": mentee})

    @strawberry.field(
        description="The program's matching proposals, the newest first; admins and the "
        "program's managers only (null for others).",
        extensions=[NullUnlessPermitted(ManagesProgram())],
    )
    async def matching_proposals(
        self, info: Info, first: First = 20, after: After = None
    ) -> Connection[MatchingProposal] | None:
        return await child_connection(
            info,
            ProposalsByProgramLoader,
            self.db_id,
            first,
            after,
            None,
            MatchingProposal.from_doc,
        )
