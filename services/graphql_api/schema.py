"""The GraphQL schema served at `/graphql`: the per-domain queries and mutations combined."""

import logging
from collections.abc import Callable

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from services.graphql_api.apprenticeship.mutations import ApprenticeshipMutation
from services.graphql_api.apprenticeship.types import Concern, MentoringPlan
from services.graphql_api.core.errors import ErrorMasking, client_view, document_error_code
from services.graphql_api.core.limits import AuthenticationGate, QueryCostLimiter
from services.graphql_api.core.node import Node
from services.graphql_api.enrollments.mutations import EnrollmentMutation
from services.graphql_api.enrollments.types import Enrollment
from services.graphql_api.feedback.mutations import SurveyRoundMutation
from services.graphql_api.feedback.subscriptions import Subscription
from services.graphql_api.feedback.types import SurveyRound
from services.graphql_api.goals.mutations import GoalMutation
from services.graphql_api.goals.types import CheckIn, Goal
from services.graphql_api.matching.mutations import MatchingMutation
from services.graphql_api.matching.proposals import MatchingProposal
from services.graphql_api.pairs.mutations import PairMutation
from services.graphql_api.pairs.types import Pair
from services.graphql_api.participants.mutations import ParticipantMutation
from services.graphql_api.participants.types import Participant
from services.graphql_api.programs.mutations import ProgramMutation
from services.graphql_api.programs.types import Program
from services.graphql_api.queries import Query
from services.graphql_api.settings import GraphQLSettings
from services.graphql_api.talent.mutations import TalentReserveMutation
from services.graphql_api.talent.records_mutations import TalentRecordsMutation
from services.graphql_api.talent.types import EnrollmentObjection
from shared.db import is_unavailable

logger = logging.getLogger(__name__)


@strawberry.type(
    description="Every change starts here. Mutations take one `input` and return "
    "the changed object with `userErrors`."
)
class Mutation(
    ProgramMutation,
    ParticipantMutation,
    EnrollmentMutation,
    PairMutation,
    GoalMutation,
    SurveyRoundMutation,
    ApprenticeshipMutation,
    TalentReserveMutation,
    TalentRecordsMutation,
    MatchingMutation,
):
    pass


NODE_TYPES = [
    Program,
    Participant,
    Enrollment,
    EnrollmentObjection,
    Pair,
    Goal,
    CheckIn,
    SurveyRound,
    MentoringPlan,
    Concern,
    MatchingProposal,
]


class MentorshipSchema(strawberry.Schema):
    """Logs unexpected errors with their traceback; the client's own mistakes (a malformed
    query, a bad ID or cursor, a refusal, a limit) in one line each, as a client error; an
    unreachable database in one line per request (an outage must not flood the logs)."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        unexpected = []
        for error in errors:
            original = error.original_error
            if original is None:  # graphql-core's syntax and validation errors
                code = document_error_code(error.message)
                logger.info("client error %s: %s", code, _one_line(error.message))
            elif is_unavailable(original):
                logger.warning("database unavailable: %s", type(original).__name__)
            elif (view := client_view(original)) is not None:
                message, code = view
                logger.info("client error %s: %s", code, _one_line(message or error.message))
            else:
                unexpected.append(error)
        super().process_errors(unexpected, execution_context)


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]


def build_schema(settings: GraphQLSettings) -> strawberry.Schema:
    """The schema with the protections `settings` ask for."""
    # Factories, so every request gets fresh extension instances.
    extensions: list[Callable[[], SchemaExtension]] = [
        lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
        lambda: QueryDepthLimiter(max_depth=settings.graphql_max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases),
        lambda: QueryCostLimiter(max_cost=settings.graphql_max_cost),
        lambda: AuthenticationGate(allow_anonymous_introspection=not settings.is_production),
        ErrorMasking,
    ]
    if settings.is_production:
        extensions.append(DisableIntrospection)
    return MentorshipSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[Node, *NODE_TYPES],
        extensions=extensions,
        config=StrawberryConfig(auto_camel_case=True),
    )


def schema_sdl() -> str:
    """The contract in SDL, as committed in `schema.graphql`; settings do not change it."""
    return build_schema(GraphQLSettings.model_construct()).as_str() + "\n"
