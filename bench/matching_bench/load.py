"""Requests sent at a fixed concurrency, each timed and sorted by what it returned: the object
the mutation made, a user error's code, or a failure a user would see as a bug (a 5xx, an
error in the GraphQL `errors` list, no answer at all)."""

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from bench.survey_bench.figures import percentile

DONE = "done"
BUG_PREFIXES = ("HTTP ", "GraphQL error", "no answer")


@dataclass(frozen=True)
class Outcome:
    """One request: what it returned, how long it took and, when done, the object's fields."""

    result: str  # DONE, a user error's code, or a failure (see BUG_PREFIXES)
    latency: float
    node: dict[str, Any] | None = None

    @property
    def is_bug(self) -> bool:
        return self.result.startswith(BUG_PREFIXES)


@dataclass(frozen=True)
class Run:
    """A batch of requests (or floor writes) and the wall time from the first to the last."""

    name: str
    outcomes: list[Outcome]
    seconds: float

    @property
    def per_second(self) -> float:
        return len(self.outcomes) / self.seconds

    def latency_ms(self, share: float) -> float:
        return percentile([o.latency * 1000 for o in self.outcomes], share)

    def results(self) -> Counter[str]:
        return Counter(o.result for o in self.outcomes)

    def done(self) -> list[dict[str, Any]]:
        return [o.node for o in self.outcomes if o.result == DONE and o.node is not None]


async def at_concurrency(
    name: str, calls: list[Callable[[], Awaitable[Outcome]]], concurrency: int
) -> Run:
    """Every call, in order, with at most `concurrency` under way."""
    slots = asyncio.Semaphore(concurrency)

    async def one(call: Callable[[], Awaitable[Outcome]]) -> Outcome:
        async with slots:
            return await call()

    started = time.perf_counter()
    outcomes = await asyncio.gather(*(one(call) for call in calls))
    return Run(name, list(outcomes), time.perf_counter() - started)


def _result(response: httpx.Response, mutation: str, noun: str) -> tuple[str, Any]:
    if response.status_code != 200:
        return f"HTTP {response.status_code}", None
    body = response.json()
    if body.get("errors"):
        error = body["errors"][0]
        return f"GraphQL error: {error.get('extensions', {}).get('code') or error['message']}", None
    payload = body["data"][mutation]
    if payload["userErrors"]:
        return payload["userErrors"][0]["code"], None
    return DONE, payload[noun]


async def mutate(
    http: httpx.AsyncClient,
    token: str,
    *,
    mutation: str,
    document: str,
    input: dict[str, Any],
    noun: str,
) -> Outcome:
    """One GraphQL mutation as the holder of `token`, timed."""
    started = time.perf_counter()
    try:
        response = await http.post(
            "/graphql",
            json={"query": document, "variables": {"input": input}},
            headers={"Authorization": f"Bearer {token}"},
        )
        result, node = _result(response, mutation, noun)
    except httpx.HTTPError as error:
        result, node = f"no answer: {type(error).__name__}", None
    return Outcome(result, time.perf_counter() - started, node)


async def timed(write: Callable[[], Awaitable[Any]]) -> Outcome:
    """One floor write, timed."""
    started = time.perf_counter()
    await write()
    return Outcome(DONE, time.perf_counter() - started)
