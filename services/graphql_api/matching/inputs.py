"""The inputs of matching's mutations."""

import strawberry

from services.graphql_api.matching.enums import CommunicationStyle, MeetingFormat
from services.graphql_api.matching.rules import MatchingRulesInput

UNSET = strawberry.UNSET


@strawberry.input(description="A program's matching rules: some changed, or back to defaults.")
class ProgramMatchingRulesSetInput:
    program_id: strawberry.ID = strawberry.field(description="The program.")
    rules: MatchingRulesInput | None = strawberry.field(
        default=None, description="The rules to change; the others keep their value."
    )
    use_defaults: bool = strawberry.field(
        default=False,
        description="True to go back to the defaults for the program's kind (leave `rules` out).",
    )


@strawberry.input(
    description="Your answers to the matching questionnaire: a question left out keeps its "
    "answer, null clears it. Both are optional."
)
class MatchingAnswersSetInput:
    communication_style: CommunicationStyle | None = strawberry.field(
        default=UNSET, description="How you like mentoring conversations to run."
    )
    meeting_format: MeetingFormat | None = strawberry.field(
        default=UNSET, description="Where you like to meet."
    )


@strawberry.input(description="Your preferred mentors in a program where you are a mentee.")
class MatchPreferencesSetInput:
    program_id: strawberry.ID = strawberry.field(description="The program.")
    mentor_ids: list[strawberry.ID] = strawberry.field(
        description="Up to three approved mentors of the program, first choice first; empty "
        "to clear."
    )


@strawberry.input(description="Ask a mentor of your program to mentor you.")
class MentorshipRequestInput:
    program_id: strawberry.ID = strawberry.field(
        description="An active program where you are an approved mentee."
    )
    mentor_id: strawberry.ID = strawberry.field(
        description="An approved mentor of it with a free place (see `Program.matchSuggestions`)."
    )
    message: str = strawberry.field(
        default="", description="A note to the mentor (at most 2000 characters)."
    )


@strawberry.input(description="Propose pairs for a program's unpaired mentees.")
class MatchingProposalCreateInput:
    program_id: strawberry.ID = strawberry.field(description="The program.")


@strawberry.input(description="One pair of a proposal.")
class ProposalPairInput:
    mentee_id: strawberry.ID = strawberry.field(description="The pair's mentee.")
    mentor_id: strawberry.ID = strawberry.field(description="The pair's mentor.")


@strawberry.input(description="Turn a proposal's pairs, all or some, into proposed pairs.")
class MatchingProposalApplyInput:
    id: strawberry.ID = strawberry.field(description="The proposal.")
    pairs: list[ProposalPairInput] | None = strawberry.field(
        default=None,
        description="The pairs to apply, as the proposal has them; null for every pair not "
        "applied yet.",
    )
