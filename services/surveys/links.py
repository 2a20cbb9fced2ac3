"""Personal survey links: a random token shown once, stored only as its SHA-256 hash."""

import hashlib
import secrets


def new_token() -> str:
    """An unguessable token: 32 random bytes, URL-safe."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """What is stored and looked up: a leaked database reveals no working link."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def survey_link(public_url: str, token: str) -> str:
    return f"{public_url.rstrip('/')}/s/{token}"
