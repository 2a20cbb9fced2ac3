"""Who may manage survey rounds: admins, the program's managers, or the GraphQL API itself
(with the service token)."""

import hmac
from dataclasses import dataclass
from typing import Annotated

from bson import ObjectId
from fastapi import Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from services.surveys.errors import Forbidden, Unauthorized
from services.surveys.settings import SurveySettings
from shared.enums import ViewerRole
from shared.models import Program
from shared.tokens import AuthenticationError, verify_access_token


@dataclass(frozen=True)
class Caller:
    participant_id: ObjectId | None
    roles: frozenset[ViewerRole]
    is_service: bool = False

    def may_manage(self, program: Program) -> bool:
        if self.is_service or ViewerRole.ADMIN in self.roles:
            return True
        return ViewerRole.PROGRAM_MANAGER in self.roles and (
            self.participant_id in program.manager_ids
        )


def authenticate(request: Request, settings: SurveySettings) -> Caller:
    """The bearer of `Authorization`: the service token, or a user's access token."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("Send `Authorization: Bearer <token>`.")
    if hmac.compare_digest(token.encode(), settings.secret("service_token").encode()):
        return Caller(participant_id=None, roles=frozenset(), is_service=True)
    try:
        claims = verify_access_token(token, settings)
    except AuthenticationError as error:
        raise Unauthorized(str(error)) from None
    return Caller(participant_id=claims.participant_id, roles=claims.roles)


# Declares the scheme in OpenAPI (the Authorize button of `/docs`); `authenticate` decides.
bearer_token = HTTPBearer(
    auto_error=False,
    scheme_name="bearerToken",
    description="A user's access token (a JWT naming the participant and their roles), or the "
    "platform's service token (`MENTORSHIP_SERVICE_TOKEN`).",
)


def current_caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_token)],
) -> Caller:
    """FastAPI dependency: who is calling; 401 without a valid token."""
    settings: SurveySettings = request.app.state.settings
    return authenticate(request, settings)


def require_manager(caller: Caller, program: Program) -> None:
    if not caller.may_manage(program):
        raise Forbidden("Only admins and this program's managers may do this.")
