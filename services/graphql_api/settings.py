"""Settings of the GraphQL API."""

from shared.settings import MentorshipSettings


class GraphQLSettings(MentorshipSettings):
    """The shared settings plus what only the GraphQL API uses."""

    graphiql: bool | None = None  # None: on in development, off in production

    @property
    def graphiql_enabled(self) -> bool:
        return (not self.is_production) if self.graphiql is None else self.graphiql
