"""Settings of the GraphQL API."""

from pydantic import Field

from shared.settings import MentorshipSettings


class GraphQLSettings(MentorshipSettings):
    """The shared settings plus what only the GraphQL API uses."""

    graphiql: bool | None = None  # None: on in development, off in production
    graphql_max_depth: int = Field(default=12, ge=2)
    graphql_max_tokens: int = Field(default=3000, ge=100)
    graphql_max_aliases: int = Field(default=15, ge=0)
    graphql_max_cost: int = Field(
        default=200_000, ge=100, description="Objects a query may ask for; pages multiply."
    )
    graphql_max_body_bytes: int = Field(default=256 * 1024, ge=1024)
    surveys_timeout_seconds: float = Field(
        default=5.0, gt=0, description="How long a call to the survey service may take."
    )

    @property
    def graphiql_enabled(self) -> bool:
        return (not self.is_production) if self.graphiql is None else self.graphiql
