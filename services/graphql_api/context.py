"""One context per request: the viewer, their loaders and the settings."""

from dataclasses import dataclass
from typing import Any

import httpx
import strawberry
from bson import ObjectId
from starlette.requests import HTTPConnection
from strawberry.fastapi import BaseContext

from services.graphql_api.domain.access import Actor
from services.graphql_api.feedback.survey_service import SurveyServiceNotices
from services.graphql_api.loaders.base import RequestLoaders
from services.graphql_api.settings import GraphQLSettings
from shared.tokens import AuthenticationError, verify_access_token


@dataclass
class Context(BaseContext):
    """What every resolver may use. `actor` is None for anonymous requests; `auth_error`
    says why a presented token was refused."""

    settings: GraphQLSettings
    actor: Actor | None
    auth_error: AuthenticationError | None
    _loaders: RequestLoaders | None = None
    _surveys_http: httpx.AsyncClient | None = None
    survey_notices: SurveyServiceNotices | None = None

    def __post_init__(self) -> None:
        super().__init__()

    @property
    def viewer(self) -> Actor:
        """The authenticated actor; the authentication gate has already refused anonymous
        operations that reach resolvers needing one."""
        if self.actor is None:
            raise self.auth_error or AuthenticationError("Authentication required.")
        return self.actor

    def authenticate_connection(self) -> None:
        """On a WebSocket, read the token from the `connection_init` payload."""
        params = self.connection_params if isinstance(self.connection_params, dict) else {}
        if self.actor is None and self.auth_error is None and params:
            header = str(params.get("Authorization") or params.get("authorization") or "")
            self.actor, self.auth_error = authenticate(header, self.settings)

    def pair_changed(self, pair_id: ObjectId | None) -> None:
        """Tell the survey service a pair changed (it re-assesses the pair, revokes an ended
        pair's links, surveys an ended one), when this app talks to one."""
        if self.survey_notices is not None and pair_id is not None:
            self.survey_notices.pair_changed(pair_id)

    @property
    def surveys_http(self) -> httpx.AsyncClient:
        """The app's client for the survey service."""
        if self._surveys_http is None:
            raise RuntimeError("this context has no survey service client")
        return self._surveys_http

    @property
    def loaders(self) -> RequestLoaders:
        """This request's DataLoaders: `info.context.loaders.get(PairsByProgramLoader)`."""
        if self._loaders is None:
            self._loaders = RequestLoaders(actor=self.viewer)
        return self._loaders


Info = strawberry.Info[Context, Any]


def _bearer_token(header: str) -> str | None:
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def authenticate(
    header: str, settings: GraphQLSettings
) -> tuple[Actor | None, AuthenticationError | None]:
    """The actor a `Bearer` authorization value names, or why it is refused."""
    if not header:
        return None, None
    token = _bearer_token(header)
    if token is None:
        return None, AuthenticationError("Use `Authorization: Bearer <token>`.")
    try:
        claims = verify_access_token(token, settings)
    except AuthenticationError as error:
        return None, error
    return Actor(participant_id=claims.participant_id, roles=claims.roles), None


def context_for(
    connection: HTTPConnection,
    settings: GraphQLSettings,
    surveys_http: httpx.AsyncClient | None = None,
    survey_notices: SurveyServiceNotices | None = None,
) -> Context:
    """Authenticate the request's bearer token (if any) and build its context. WebSocket
    connections authenticate later, with the `connection_init` payload."""
    actor, auth_error = authenticate(connection.headers.get("authorization", ""), settings)
    return Context(
        settings=settings,
        actor=actor,
        auth_error=auth_error,
        _surveys_http=surveys_http,
        survey_notices=survey_notices,
    )
