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

from services.graphql_api.core.errors import ErrorMasking
from services.graphql_api.core.limits import AuthenticationGate, QueryCostLimiter
from services.graphql_api.core.node import Node
from services.graphql_api.domain.errors import DomainError
from services.graphql_api.enrollments.mutations import EnrollmentMutation
from services.graphql_api.enrollments.types import Enrollment
from services.graphql_api.feedback.mutations import SurveyRoundMutation
from services.graphql_api.feedback.subscriptions import Subscription
from services.graphql_api.goals.mutations import GoalMutation
from services.graphql_api.goals.types import CheckIn, Goal
from services.graphql_api.pairs.mutations import PairMutation
from services.graphql_api.pairs.types import Pair
from services.graphql_api.participants.mutations import ParticipantMutation
from services.graphql_api.participants.types import Participant
from services.graphql_api.programs.mutations import ProgramMutation
from services.graphql_api.programs.types import Program
from services.graphql_api.queries import Query
from services.graphql_api.settings import GraphQLSettings
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
):
    pass


NODE_TYPES = [Program, Participant, Enrollment, Pair, Goal, CheckIn]


class MentorshipSchema(strawberry.Schema):
    """Logs unexpected errors with their traceback, an unreachable database as one line per
    request (an outage must not flood the logs), and a refused request not at all."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        unexpected = []
        for error in errors:
            if error.original_error is not None and is_unavailable(error.original_error):
                logger.warning("database unavailable: %s", type(error.original_error).__name__)
            elif isinstance(error.original_error, DomainError | UnicodeEncodeError):
                continue  # the client's input, answered with its code: nothing to log
            else:
                unexpected.append(error)
        super().process_errors(unexpected, execution_context)


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
