"""Access tokens: HS256 in development, RS256 from the identity provider in production."""

from datetime import UTC, datetime, timedelta

import jwt
import pytest
from bson import ObjectId
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import SecretStr

from services.graphql_api.settings import GraphQLSettings
from shared.enums import ViewerRole
from shared.tokens import (
    AuthenticationError,
    issue_development_token,
    verify_access_token,
)

PARTICIPANT = ObjectId()


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _production(key: rsa.RSAPrivateKey, **settings: object) -> GraphQLSettings:
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return GraphQLSettings.model_construct(
        **{
            **GraphQLSettings().model_dump(),
            "env": "production",
            "jwt_public_key": SecretStr(public_pem.decode()),
            **settings,
        }
    )


def _claims(**extra: object) -> dict[str, object]:
    return {
        "sub": str(PARTICIPANT),
        "roles": ["PROGRAM_MANAGER"],
        "exp": datetime.now(UTC) + timedelta(minutes=5),
        **extra,
    }


def test_production_accepts_rs256_tokens_of_the_identity_provider(
    rsa_key: rsa.RSAPrivateKey,
) -> None:
    token = jwt.encode(_claims(), rsa_key, algorithm="RS256")

    claims = verify_access_token(token, _production(rsa_key))

    assert claims.participant_id == PARTICIPANT
    assert claims.roles == frozenset({ViewerRole.PROGRAM_MANAGER})


def test_production_refuses_hs256_tokens(rsa_key: rsa.RSAPrivateKey) -> None:
    development_token = issue_development_token(GraphQLSettings(), participant_id=PARTICIPANT)

    with pytest.raises(AuthenticationError, match="not valid"):
        verify_access_token(development_token, _production(rsa_key))


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"sub": "not-an-object-id"}, "subject is not a participant id"),
        ({"roles": ["ADMIN", "OWNER"]}, "unknown roles"),
        ({"exp": datetime.now(UTC) - timedelta(hours=1)}, "expired"),
        ({"exp": datetime(2200, 1, 1, tzinfo=UTC)}, "lives longer than this service allows"),
    ],
)
def test_tokens_with_bad_claims_are_refused(
    rsa_key: rsa.RSAPrivateKey, claims: dict[str, object], message: str
) -> None:
    token = jwt.encode(_claims(**claims), rsa_key, algorithm="RS256")

    with pytest.raises(AuthenticationError, match=message):
        verify_access_token(token, _production(rsa_key))


def test_a_token_without_expiry_is_refused(rsa_key: rsa.RSAPrivateKey) -> None:
    claims = _claims()
    del claims["exp"]
    token = jwt.encode(claims, rsa_key, algorithm="RS256")

    with pytest.raises(AuthenticationError, match="not valid"):
        verify_access_token(token, _production(rsa_key))


def test_development_tokens_are_not_issued_in_production(rsa_key: rsa.RSAPrivateKey) -> None:
    with pytest.raises(RuntimeError):
        issue_development_token(_production(rsa_key), participant_id=PARTICIPANT)


def test_a_token_naming_an_audience_is_accepted_when_none_is_configured(
    rsa_key: rsa.RSAPrivateKey,
) -> None:
    token = jwt.encode(_claims(aud="https://idp.example.com/apps/hr"), rsa_key, algorithm="RS256")

    assert verify_access_token(token, _production(rsa_key)).participant_id == PARTICIPANT


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"iss": "https://idp.example.com", "aud": "mentoring"}, None),
        ({"iss": "https://evil.example.com", "aud": "mentoring"}, "issued by someone else"),
        ({"iss": "https://idp.example.com", "aud": "payroll"}, "meant for another service"),
        ({"aud": "mentoring"}, "not valid"),  # no issuer at all
        ({"iss": "https://idp.example.com"}, "not valid"),  # no audience at all
    ],
)
def test_issuer_and_audience_are_checked_when_configured(
    rsa_key: rsa.RSAPrivateKey, claims: dict[str, object], message: str | None
) -> None:
    settings = _production(rsa_key, jwt_issuer="https://idp.example.com", jwt_audience="mentoring")
    token = jwt.encode(_claims(**claims), rsa_key, algorithm="RS256")

    if message is None:
        assert verify_access_token(token, settings).participant_id == PARTICIPANT
    else:
        with pytest.raises(AuthenticationError, match=message):
            verify_access_token(token, settings)
