"""Settings shared by both services, read from `MENTORSHIP_*` environment variables (or `.env`).

Production is the default: it refuses to start while a secret is missing or still a placeholder,
and says which one. Development (`MENTORSHIP_ENV=development`, which `make run` sets) works with
no configuration at all: the database is embedded and the secrets have development-only
defaults.
"""

import ipaddress
from pathlib import Path
from typing import Annotated, Literal, TypeVar

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEVELOPMENT_JWT_SECRET = "development-only-jwt-secret-not-for-production"  # noqa: S105
DEVELOPMENT_SERVICE_TOKEN = "development-only-service-token-not-for-production"  # noqa: S105
MIN_SECRET_LENGTH = 32

# Values people paste from examples; refused in production whatever their length.
PLACEHOLDER_SECRETS = frozenset(
    {
        "",
        "changeme",
        "changethis",
        "change-me",
        "secret",
        "password",
        "placeholder",
        "todo",
        "xxx",
        DEVELOPMENT_JWT_SECRET,
        DEVELOPMENT_SERVICE_TOKEN,
    }
)


class SettingsError(Exception):
    """The configuration is unusable; the message names each offending variable."""


class MentorshipSettings(BaseSettings):
    """Configuration common to the GraphQL API, the survey service and the command line."""

    model_config = SettingsConfigDict(env_prefix="MENTORSHIP_", env_file=".env", extra="ignore")

    # Production unless told otherwise: a deployment that forgets to configure the environment
    # refuses to start without its secrets instead of running on the development ones.
    env: Literal["development", "production"] = "production"
    mongodb_url: str | None = Field(
        default=None, description="MongoDB connection string; unset runs the embedded server."
    )
    database: str = Field(default="mentorship", pattern=r"^[A-Za-z0-9_-]{1,63}$")
    data_dir: Path = Field(default=Path("var"), description="Where the embedded server keeps data.")
    embedded_host: str = "127.0.0.1"
    embedded_port: int = Field(default=27018, ge=1, le=65535)
    db_startup_timeout_seconds: float = Field(default=30.0, gt=0)

    jwt_secret: SecretStr | None = None
    jwt_public_key: SecretStr | None = Field(
        default=None, description="PEM public key that verifies RS256 access tokens in production."
    )
    jwt_issuer: str | None = Field(
        default=None, description="When set, access tokens must carry this `iss`."
    )
    jwt_audience: str | None = Field(
        default=None, description="When set, access tokens must name this `aud`."
    )
    jwt_max_lifetime_hours: float = Field(
        default=24.0,
        gt=0,
        description="Tokens whose `exp` lies further ahead than this are refused.",
    )
    service_token: SecretStr | None = None

    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Addresses or networks (CIDR) of the reverse proxies in front of the "
        "services, comma-separated: only a peer among them may name the client in "
        "X-Forwarded-For. Empty: the peer is the client.",
    )

    graphql_host: str = "127.0.0.1"
    graphql_port: int = Field(default=8000, ge=1, le=65535)
    surveys_host: str = "127.0.0.1"
    surveys_port: int = Field(default=8001, ge=1, le=65535)
    surveys_url: str = Field(
        default="", description="Where the GraphQL API reaches the survey service."
    )
    surveys_public_url: str = Field(default="", description="The base URL of survey links.")

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _networks(cls, value: object) -> object:
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list):
            return value
        networks = []
        for item in (str(part).strip() for part in items):
            if not item:
                continue
            try:
                networks.append(str(ipaddress.ip_network(item, strict=False)))
            except ValueError:
                raise ValueError(f"“{item}” is not an IP address or network") from None
        return networks

    @field_validator("jwt_secret", "jwt_public_key", "service_token", "mongodb_url", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # `VAR=` in a compose file or .env means "not configured", not "an empty secret".
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _fill_development_defaults_and_check_production(self) -> "MentorshipSettings":
        # Defaults derived from other fields are filled in once, here.
        surveys_url = self.surveys_url or f"http://{self.surveys_host}:{self.surveys_port}"
        self.surveys_url = surveys_url.rstrip("/")
        public_url = self.surveys_public_url or f"http://localhost:{self.surveys_port}"
        self.surveys_public_url = public_url.rstrip("/")
        if self.is_production:
            problems = self._production_problems()
            if problems:
                raise ValueError("production configuration is unsafe: " + "; ".join(problems))
            return self
        if self.jwt_secret is None:
            self.jwt_secret = SecretStr(DEVELOPMENT_JWT_SECRET)
        if self.service_token is None:
            self.service_token = SecretStr(DEVELOPMENT_SERVICE_TOKEN)
        return self

    def _production_problems(self) -> list[str]:
        problems = []
        token_problem = _secret_problem(self.service_token)
        if token_problem:
            problems.append(f"MENTORSHIP_SERVICE_TOKEN {token_problem}")
        if self.jwt_public_key is None or "BEGIN PUBLIC KEY" not in (
            self.jwt_public_key.get_secret_value()
        ):
            problems.append(
                "MENTORSHIP_JWT_PUBLIC_KEY must hold the PEM public key that verifies "
                "RS256 access tokens"
            )
        if self.jwt_secret is not None and _secret_problem(self.jwt_secret):
            problems.append(
                "MENTORSHIP_JWT_SECRET is set to a placeholder; unset it or make it strong"
            )
        if not self.mongodb_url:
            problems.append(
                "MENTORSHIP_MONGODB_URL must point at a MongoDB replica set "
                "(the embedded server is for development)"
            )
        if self.surveys_public_url.startswith("http://localhost"):
            problems.append("MENTORSHIP_SURVEYS_PUBLIC_URL must be the public base of survey links")
        return problems

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def uses_embedded_database(self) -> bool:
        return not self.mongodb_url

    @property
    def embedded_mongodb_url(self) -> str:
        return f"mongodb://{self.embedded_host}:{self.embedded_port}/"

    @property
    def effective_mongodb_url(self) -> str:
        """The URL clients connect to: the configured one, or the embedded server's."""
        return self.mongodb_url or self.embedded_mongodb_url

    def secret(self, name: Literal["jwt_secret", "service_token"]) -> str:
        """The plain value of a secret; empty when it is not configured."""
        value: SecretStr | None = getattr(self, name)
        return value.get_secret_value() if value is not None else ""


def _secret_problem(value: SecretStr | None) -> str | None:
    if value is None:
        return "is missing"
    plain = value.get_secret_value().strip()
    if plain.lower() in PLACEHOLDER_SECRETS or plain in PLACEHOLDER_SECRETS:
        return "is a placeholder"
    if len(plain) < MIN_SECRET_LENGTH:
        return f"is shorter than {MIN_SECRET_LENGTH} characters"
    return None


SettingsT = TypeVar("SettingsT", bound=MentorshipSettings)


def load_settings(cls: type[SettingsT], **overrides: object) -> SettingsT:
    """Build settings of `cls` from the environment, turning validation errors into one message."""
    try:
        return cls(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        lines = []
        for item in error.errors():
            where = ".".join(str(part) for part in item["loc"])
            message = str(item["msg"]).removeprefix("Value error, ")
            lines.append(f"{'MENTORSHIP_' + where.upper() + ': ' if where else ''}{message}")
        raise SettingsError("invalid configuration: " + "; ".join(lines)) from None
