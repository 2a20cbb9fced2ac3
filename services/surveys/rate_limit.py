"""Requests to survey links, limited per client and per link, with `RateLimit` headers.

Two moving-window limits guard every request that carries a survey link:

- per client (`MENTORSHIP_SURVEY_RATE_LIMIT`): how fast one client may load the service or try
  links. An IPv6 client counts per /64, the block one subscriber is given, so rotating through
  its own addresses does not help;
- per link (`MENTORSHIP_SURVEY_LINK_RATE_LIMIT`): how often one link may be used, from whatever
  addresses, so spreading attempts on a link over many clients does not help either.

The client is the connection's peer as uvicorn reports it. `mentorship serve` (every launch
path: `make run`, the Dockerfile, docker-compose) has uvicorn take the address from
`X-Forwarded-For` only when the peer is one of `MENTORSHIP_TRUSTED_PROXIES`, so a client cannot
name its own address.

Responses carry `RateLimit-Policy` and `RateLimit` as the IETF draft
(draft-ietf-httpapi-ratelimit-headers) defines them: each policy's quota `q` and window `w` in
seconds, and the requests `r` left and seconds `t` until the window frees one.

Counts are kept per process; with several replicas each enforces the limits on the traffic it
sees. Links are keyed by their hash, never kept in memory as they are.
"""

import hashlib
import ipaddress
import time
from dataclasses import dataclass

from fastapi import Request
from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.surveys.errors import SurveyError

IPV6_SUBSCRIBER_PREFIX = 64
STATE_KEY = "rate_limits"


class TooManyRequests(SurveyError):
    status = 429
    title = "Too many requests"

    def __init__(self, retry_after: int, detail: str) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


@dataclass(frozen=True)
class LimitState:
    """Where one policy stands after a request."""

    policy: str
    item: RateLimitItem
    remaining: int
    reset_seconds: int

    @property
    def policy_header(self) -> str:
        return f'"{self.policy}";q={self.item.amount};w={self.item.get_expiry()}'

    @property
    def state_header(self) -> str:
        return f'"{self.policy}";r={self.remaining};t={self.reset_seconds}'


def client_key(host: str | None) -> str:
    """The unit one client is counted in: its IPv4 address, or its IPv6 /64 block."""
    if not host:
        return "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        network = ipaddress.IPv6Network((address, IPV6_SUBSCRIBER_PREFIX), strict=False)
        return str(network)
    return str(address)


def link_key(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class SurveyRateLimiter:
    def __init__(self, per_client: str, per_link: str) -> None:
        self.per_client = parse(per_client)
        self.per_link = parse(per_link)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    async def _hit(self, policy: str, item: RateLimitItem, key: str) -> tuple[bool, LimitState]:
        allowed = await self._limiter.hit(item, policy, key)
        stats = await self._limiter.get_window_stats(item, policy, key)
        reset = (
            max(0, int(stats.reset_time - time.time()) + 1) if stats.remaining < item.amount else 0
        )
        return allowed, LimitState(policy, item, stats.remaining, reset)

    async def check(self, request: Request) -> None:
        """Count this request against both limits; raise `TooManyRequests` with a retry delay
        when it is over either. The states are left for `RateLimitHeadersMiddleware`."""
        checks = [("client", self.per_client, client_key(request.client and request.client.host))]
        token = request.path_params.get("token")
        if isinstance(token, str):
            checks.append(("link", self.per_link, link_key(token)))
        results = [await self._hit(policy, item, key) for policy, item, key in checks]
        request.state.rate_limits = [state for _, state in results]
        refused = [state for allowed, state in results if not allowed]
        if refused:
            worst = max(refused, key=lambda state: state.reset_seconds)
            who = "your address" if worst.policy == "client" else "this link"
            raise TooManyRequests(
                retry_after=max(1, worst.reset_seconds),
                detail=f"Too many requests for {who}. Please wait a moment.",
            )


async def limit_rate(request: Request) -> None:
    """FastAPI dependency: count the request against the app's limits."""
    limiter: SurveyRateLimiter = request.app.state.rate_limiter
    await limiter.check(request)


class RateLimitHeadersMiddleware:
    """Adds `RateLimit-Policy` and `RateLimit` to the responses of rate-limited requests,
    refusals included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            states: list[LimitState] = scope.get("state", {}).get(STATE_KEY, [])
            if message["type"] == "http.response.start" and states:
                headers = list(message.get("headers", []))
                policies = ", ".join(state.policy_header for state in states)
                current = ", ".join(state.state_header for state in states)
                headers.append((b"ratelimit-policy", policies.encode()))
                headers.append((b"ratelimit", current.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
