"""The GraphQL schema served at `/graphql`."""

import strawberry

API_VERSION = "2026-11"


@strawberry.type(description="The entry point of every read.")
class Query:
    @strawberry.field(description="The version of the API contract this server speaks.")
    def api_version(self) -> str:
        return API_VERSION


schema = strawberry.Schema(query=Query)
