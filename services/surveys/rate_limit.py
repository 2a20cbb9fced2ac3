"""Requests per client address to survey links, so links cannot be guessed or hammered.

Counts are kept per process (moving window); with several replicas each enforces the limit
on the traffic it sees, which still bounds guessing to replicas x limit.
"""

import time

from fastapi import Request
from limits import parse
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter

from services.surveys.errors import SurveyError


class TooManyRequests(SurveyError):
    status = 429
    title = "Too many requests"

    def __init__(self, retry_after: int) -> None:
        super().__init__("Too many requests from your address. Please wait a moment.")
        self.retry_after = retry_after


class ClientRateLimiter:
    def __init__(self, rate: str, *, trusted_proxy_hops: int = 0) -> None:
        self.rate = parse(rate)
        self.trusted_proxy_hops = trusted_proxy_hops
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def client_address(self, request: Request) -> str:
        """The caller's address; behind N trusted proxies, the Nth from the right in
        X-Forwarded-For (anything further left is client-supplied and not trusted)."""
        if self.trusted_proxy_hops:
            forwarded = [
                part.strip()
                for part in request.headers.get("x-forwarded-for", "").split(",")
                if part.strip()
            ]
            if len(forwarded) >= self.trusted_proxy_hops:
                return forwarded[-self.trusted_proxy_hops]
        return request.client.host if request.client else "unknown"

    async def check(self, request: Request) -> None:
        """Count this request; raise `TooManyRequests` with a retry delay when over the limit."""
        address = self.client_address(request)
        if not await self._limiter.hit(self.rate, "survey", address):
            stats = await self._limiter.get_window_stats(self.rate, "survey", address)
            raise TooManyRequests(retry_after=max(1, int(stats.reset_time - time.time()) + 1))


async def limit_rate(request: Request) -> None:
    """FastAPI dependency: count the request against the app's limiter."""
    limiter: ClientRateLimiter = request.app.state.rate_limiter
    await limiter.check(request)
