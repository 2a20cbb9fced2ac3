"""Access tokens: bearer JWTs naming a participant (`sub`) and platform roles (`roles`).

Development signs and verifies with HS256 and `MENTORSHIP_JWT_SECRET`; production verifies
RS256 tokens from the company's identity provider with `MENTORSHIP_JWT_PUBLIC_KEY`.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from bson import ObjectId

from shared.enums import ViewerRole
from shared.settings import MentorshipSettings

OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")
CLOCK_SKEW_SECONDS = 30


class AuthenticationError(Exception):
    """The request carries a token that cannot be trusted. The message is safe to show."""

    extensions = {"code": "UNAUTHENTICATED"}  # what GraphQL clients see in `errors`


@dataclass(frozen=True)
class AccessClaims:
    participant_id: ObjectId
    roles: frozenset[ViewerRole]


def verify_access_token(token: str, settings: MentorshipSettings) -> AccessClaims:
    """Check signature, expiry and claims; raise `AuthenticationError` with a reason."""
    if settings.is_production:
        assert settings.jwt_public_key is not None
        key, algorithm = settings.jwt_public_key.get_secret_value(), "RS256"
    else:
        key, algorithm = settings.secret("jwt_secret"), "HS256"
    required = ["exp", "sub"]
    required += ["iss"] if settings.jwt_issuer else []
    required += ["aud"] if settings.jwt_audience else []
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[algorithm],
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            # Without a configured audience, a token naming one is still accepted: identity
            # providers put `aud` in every token.
            options={"require": required, "verify_aud": settings.jwt_audience is not None},
            leeway=CLOCK_SKEW_SECONDS,
        )
    except jwt.ExpiredSignatureError:
        raise AuthenticationError("The access token has expired.") from None
    except jwt.InvalidIssuerError:
        raise AuthenticationError("The access token was issued by someone else.") from None
    except jwt.InvalidAudienceError:
        raise AuthenticationError("The access token is meant for another service.") from None
    except jwt.InvalidTokenError:
        raise AuthenticationError("The access token is not valid.") from None
    lifetime = timedelta(hours=settings.jwt_max_lifetime_hours, seconds=CLOCK_SKEW_SECONDS)
    if datetime.fromtimestamp(claims["exp"], UTC) > datetime.now(UTC) + lifetime:
        raise AuthenticationError("The access token lives longer than this service allows.")
    subject = claims.get("sub")
    if not isinstance(subject, str) or not OBJECT_ID.match(subject):
        raise AuthenticationError("The access token's subject is not a participant id.")
    raw_roles = claims.get("roles", [])
    if not isinstance(raw_roles, list) or not set(raw_roles) <= set(ViewerRole):
        raise AuthenticationError("The access token carries unknown roles.")
    return AccessClaims(
        participant_id=ObjectId(subject), roles=frozenset(ViewerRole(r) for r in raw_roles)
    )


def issue_development_token(
    settings: MentorshipSettings,
    *,
    participant_id: ObjectId,
    roles: frozenset[ViewerRole] = frozenset(),
    lifetime: timedelta = timedelta(hours=12),
) -> str:
    """An HS256 token for development and tests; production tokens come from the IdP."""
    if settings.is_production:
        raise RuntimeError("development tokens are not issued in production")
    now = datetime.now(UTC)
    claims: dict[str, object] = {
        "sub": str(participant_id),
        "roles": sorted(roles),
        "iat": now,
        "exp": now + lifetime,
    }
    if settings.jwt_issuer:
        claims["iss"] = settings.jwt_issuer
    if settings.jwt_audience:
        claims["aud"] = settings.jwt_audience
    return jwt.encode(claims, settings.secret("jwt_secret"), algorithm="HS256")
