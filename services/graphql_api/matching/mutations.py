"""Matching mutations: rules, questionnaire answers, preferences, requests and proposals."""

from typing import TYPE_CHECKING, Annotated

import strawberry
from beanie import PydanticObjectId
from pydantic import ValidationError

from services.graphql_api.context import Info
from services.graphql_api.core.errors import (
    UserError,
    invalid_id_errors,
    user_error,
    user_errors,
)
from services.graphql_api.core.ids import InvalidGlobalIdError, parse_id_of
from services.graphql_api.core.mutations import input_values, payload_type, perform
from services.graphql_api.domain import matching, matching_proposals, mentorship_requests
from services.graphql_api.domain.errors import DomainError, ErrorCode, invalid_input
from services.graphql_api.domain.matching_inputs import (
    MatchingAnswersChange,
    MatchingRulesChange,
    MatchPreferencesSet,
    MentorshipRequest,
    ProposalApply,
    ProposalChoice,
)
from services.graphql_api.matching.inputs import (
    MatchingAnswersSetInput,
    MatchingProposalApplyInput,
    MatchingProposalCreateInput,
    MatchPreferencesSetInput,
    MentorshipRequestInput,
    ProgramMatchingRulesSetInput,
)
from services.graphql_api.matching.proposals import MatchingProposal
from services.graphql_api.matching.types import MatchPreferences
from services.graphql_api.pairs.types import Pair
from services.graphql_api.participants.types import Participant
from services.graphql_api.programs.types import Program

if TYPE_CHECKING:
    from services.graphql_api.domain.matching_proposals import Application

ProgramMatchingRulesSetPayload = payload_type(
    "ProgramMatchingRulesSetPayload", "program", Program, "with its matching rules"
)
MatchingAnswersSetPayload = payload_type(
    "MatchingAnswersSetPayload", "participant", Participant, "with their answers"
)
MatchPreferencesSetPayload = payload_type(
    "MatchPreferencesSetPayload", "preferences", MatchPreferences, "set"
)
MentorshipRequestPayload = payload_type("MentorshipRequestPayload", "pair", Pair, "requested")
MatchingProposalCreatePayload = payload_type(
    "MatchingProposalCreatePayload", "proposal", MatchingProposal, "made"
)


@strawberry.type(
    description="Result of `matchingProposalApply`: the pairs created and the proposal, with "
    "a user error for each pair that was not."
)
class MatchingProposalApplyPayload:
    proposal: MatchingProposal | None = strawberry.field(
        default=None, description="The proposal; null when the whole request was refused."
    )
    pairs: list[Pair] = strawberry.field(
        default_factory=list, description="The PROPOSED pairs created, in the proposal's order."
    )
    remaining: int = strawberry.field(
        default=0,
        description="Pairs of the proposal not applied yet: a request applies at most 100, so "
        "apply again (without `pairs`) until this is 0.",
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list,
        description="Why pairs were not created (`field` names the input's pair, when pairs "
        "were listed), or why the whole request was refused; empty when every pair was.",
    )


def _id(global_id: str, type_name: str, field: str) -> PydanticObjectId:
    return PydanticObjectId(parse_id_of(global_id, type_name, field))


def _rules_change(input: ProgramMatchingRulesSetInput) -> MatchingRulesChange | None:
    if input.use_defaults:
        if input.rules is not None:
            raise DomainError.of(
                ErrorCode.INVALID, "Leave `rules` out to go back to the defaults.", "rules"
            )
        return None
    values = input_values(input.rules) if input.rules is not None else {}
    if values.get("preference_bonus") is not None:
        values["preference_bonus"] = tuple(values["preference_bonus"])
    return MatchingRulesChange(**values)


def _applied(application: "Application") -> MatchingProposalApplyPayload:
    return MatchingProposalApplyPayload(
        proposal=MatchingProposal.from_doc(application.proposal.model_dump(by_alias=True)),
        pairs=[Pair.from_doc(pair.model_dump(by_alias=True)) for pair in application.created],
        user_errors=[user_error(issue) for issue in application.refused],
        remaining=application.remaining,
    )


@strawberry.type
class MatchingMutation:
    @strawberry.mutation(
        description="Change some of a program's matching rules, or go back to the defaults "
        "for its kind (admins and its managers)."
    )
    async def program_matching_rules_set(
        self,
        info: Info,
        input: Annotated[
            ProgramMatchingRulesSetInput,
            strawberry.argument(description="The program and the rules to change."),
        ],
    ) -> ProgramMatchingRulesSetPayload:  # type: ignore[valid-type]
        async def action() -> object:
            return await matching.set_matching_rules(
                actor=info.context.viewer,
                program_id=_id(input.program_id, "Program", "program_id"),
                change=_rules_change(input),
            )

        return await perform(ProgramMatchingRulesSetPayload, "program", action, Program.from_doc)

    @strawberry.mutation(
        description="Answer the matching questionnaire (your own answers; every question is "
        "optional)."
    )
    async def matching_answers_set(
        self,
        info: Info,
        input: Annotated[MatchingAnswersSetInput, strawberry.argument(description="Your answers.")],
    ) -> MatchingAnswersSetPayload:  # type: ignore[valid-type]
        async def action() -> object:
            change = MatchingAnswersChange(**input_values(input))
            return await matching.set_matching_answers(actor=info.context.viewer, change=change)

        return await perform(MatchingAnswersSetPayload, "participant", action, Participant.from_doc)

    @strawberry.mutation(
        description="Rank up to three preferred mentors in a program where you are an "
        "approved mentee; a proposal gives them a bonus. Read by you, admins and the "
        "program's managers (`Program.matchPreferences`)."
    )
    async def match_preferences_set(
        self,
        info: Info,
        input: Annotated[
            MatchPreferencesSetInput,
            strawberry.argument(description="The program and your mentors, first choice first."),
        ],
    ) -> MatchPreferencesSetPayload:  # type: ignore[valid-type]
        async def action() -> object:
            data = MatchPreferencesSet(
                program_id=_id(input.program_id, "Program", "program_id"),
                mentor_ids=[_id(i, "Participant", "mentor_ids") for i in input.mentor_ids],
            )
            return await matching.set_preferences(actor=info.context.viewer, data=data)

        return await perform(
            MatchPreferencesSetPayload, "preferences", action, MatchPreferences.from_doc
        )

    @strawberry.mutation(
        description="Ask a mentor to mentor you (an approved mentee of an active program "
        "without an open pair there): a PROPOSED pair requested by you and accepted by you, "
        "taking one of the mentor's places, which the mentor accepts (`pairAccept`) or "
        "declines (`pairDecline`). Refused for a mentor you are or were paired with in the "
        "program, or one its rules rule out."
    )
    async def mentorship_request(
        self,
        info: Info,
        input: Annotated[
            MentorshipRequestInput,
            strawberry.argument(description="The program, the mentor and your note."),
        ],
    ) -> MentorshipRequestPayload:  # type: ignore[valid-type]
        async def action() -> object:
            data = MentorshipRequest(
                program_id=_id(input.program_id, "Program", "program_id"),
                mentor_id=_id(input.mentor_id, "Participant", "mentor_id"),
                message=input.message,
            )
            return await mentorship_requests.request_mentorship(
                actor=info.context.viewer, data=data
            )

        return await perform(MentorshipRequestPayload, "pair", action, Pair.from_doc)

    @strawberry.mutation(
        description="Propose the best pairs for the program's approved mentees without an open "
        "pair (admins and its managers): as many matched as possible, then the highest total "
        "of scores and preference bonuses, under every mentor's free places, never with a "
        "mentor a mentee is or was paired with. Nothing changes until it is applied."
    )
    async def matching_proposal_create(
        self,
        info: Info,
        input: Annotated[
            MatchingProposalCreateInput, strawberry.argument(description="The program.")
        ],
    ) -> MatchingProposalCreatePayload:  # type: ignore[valid-type]
        async def action() -> object:
            return await matching_proposals.create_proposal(
                actor=info.context.viewer,
                program_id=_id(input.program_id, "Program", "program_id"),
            )

        return await perform(
            MatchingProposalCreatePayload, "proposal", action, MatchingProposal.from_doc
        )

    @strawberry.mutation(
        description="Create PROPOSED pairs from a proposal, all of it or the pairs listed "
        "(admins and the program's managers); both sides then accept each pair. Partial "
        "application is allowed: each pair is checked again (the mentee still without an open "
        "pair, the mentor with a free place, both still approved) and created on its own; one "
        "that no longer fits is a user error naming it, and the others are created. A pair is "
        "applied once; concurrent applications never exceed a mentor's capacity."
    )
    async def matching_proposal_apply(
        self,
        info: Info,
        input: Annotated[
            MatchingProposalApplyInput,
            strawberry.argument(description="The proposal, and the pairs to apply."),
        ],
    ) -> MatchingProposalApplyPayload:
        try:
            choices = None
            if input.pairs is not None:
                choices = [
                    ProposalChoice(
                        mentee_id=_id(p.mentee_id, "Participant", "pairs"),
                        mentor_id=_id(p.mentor_id, "Participant", "pairs"),
                    )
                    for p in input.pairs
                ]
            data = ProposalApply(proposal_id=_id(input.id, "MatchingProposal", "id"), pairs=choices)
            application = await matching_proposals.apply_proposal(
                actor=info.context.viewer, data=data
            )
        except DomainError as error:
            return MatchingProposalApplyPayload(user_errors=user_errors(error))
        except ValidationError as error:
            return MatchingProposalApplyPayload(user_errors=user_errors(invalid_input(error)))
        except InvalidGlobalIdError as error:
            return MatchingProposalApplyPayload(user_errors=invalid_id_errors(error))
        return _applied(application)
