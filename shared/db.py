"""Database start-up for both services: the PyMongo async client, Beanie and readiness checks."""

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, TypeVar

import pymongo
from beanie import init_beanie
from fastapi import FastAPI
from pymongo import AsyncMongoClient
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import (
    ConnectionFailure,
    ExecutionTimeout,
    PyMongoError,
    WTimeoutError,
)

from shared.models import ALL_DOCUMENTS, Participant
from shared.settings import MentorshipSettings

logger = logging.getLogger(__name__)
T = TypeVar("T")

# The driver notices an expired server-selection deadline only between waits of up to half
# a second, so these leave that much room within the 2 s in which the services promise to
# answer 503 while the database is down.
READINESS_TIMEOUT_SECONDS = 1.0
SERVER_SELECTION_TIMEOUT_MS = 1000
SOCKET_TIMEOUT_MS = 30_000
# The longest a transaction may take, retries for write conflicts included.
TRANSACTION_SECONDS = 10.0


class DatabaseUnavailableError(RuntimeError):
    """MongoDB did not answer in time."""


def is_unavailable(error: BaseException) -> bool:
    """Whether `error` means the database cannot be reached or answer in time now (worth a
    503 and a retry), rather than a refused or wrong operation."""
    if isinstance(error, DatabaseUnavailableError | ConnectionFailure | ExecutionTimeout):
        return True
    if isinstance(error, WTimeoutError):
        return True
    return isinstance(error, PyMongoError) and error.timeout


def create_client(url: str, *, app_name: str = "mentorship") -> AsyncMongoClient[dict[str, Any]]:
    """An async client that returns timezone-aware UTC datetimes and fails fast when the
    server cannot be reached; it reconnects by itself when the server is back."""
    return AsyncMongoClient(
        url,
        tz_aware=True,
        appname=app_name,
        serverSelectionTimeoutMS=SERVER_SELECTION_TIMEOUT_MS,
        connectTimeoutMS=2000,
        # A server that accepts a request and never answers fails it instead of hanging.
        socketTimeoutMS=SOCKET_TIMEOUT_MS,
    )


async def ping(
    client: AsyncMongoClient[Any], *, within_seconds: float = READINESS_TIMEOUT_SECONDS
) -> None:
    """Raise `DatabaseUnavailableError` unless the server answers `ping` in time. The
    deadline is the driver's own (`pymongo.timeout`): cancelling a driver call from outside
    can leave its connection pool's locks in a state it never recovers from."""
    try:
        with pymongo.timeout(within_seconds):
            await client.admin.command("ping")
    except PyMongoError as error:
        raise DatabaseUnavailableError(
            f"database did not answer ping: {type(error).__name__}"
        ) from None


async def wait_until_reachable(client: AsyncMongoClient[Any], *, within_seconds: float) -> None:
    """Wait for the server to answer, for a database that starts after (or restarts under) us."""
    deadline = asyncio.get_running_loop().time() + within_seconds
    while True:
        try:
            await ping(client, within_seconds=min(2.0, within_seconds))
            return
        except DatabaseUnavailableError:
            if asyncio.get_running_loop().time() >= deadline:
                raise DatabaseUnavailableError(
                    f"MongoDB did not answer within {within_seconds:g} s; "
                    "is it running and reachable?"
                ) from None
            await asyncio.sleep(0.25)


async def in_transaction(
    work: Callable[[AsyncClientSession], Awaitable[T]],
    *,
    seconds: float | None = TRANSACTION_SECONDS,
) -> T:
    """Run `work` in a transaction on the documents' database. The driver retries it on
    write conflicts for at most `seconds` (None: its own two minutes); when the server
    cannot be reached it gives up at once with `DatabaseUnavailableError` instead of
    retrying. An exception raised inside aborts it and reaches the caller."""
    client = Participant.get_pymongo_collection().database.client

    async def attempt(session: AsyncClientSession) -> T:
        try:
            return await work(session)
        except ConnectionFailure as error:
            # Not a conflict another attempt could resolve: fail the request now.
            raise DatabaseUnavailableError(
                f"database unreachable: {type(error).__name__}"
            ) from error

    with pymongo.timeout(seconds):
        async with client.start_session() as session:
            return await session.with_transaction(attempt)


async def update_and_read(
    collection: AsyncCollection[dict[str, Any]],
    query: dict[str, Any],
    update: dict[str, Any],
    *,
    upsert: bool = False,
    session: AsyncClientSession | None = None,
) -> dict[str, Any] | None:
    """What `find_one_and_update` returns (the document after the update; None when nothing
    matched), in two commands an index serves: an update by `query`, then a read by `_id`
    (`query`'s, or the upserted one). The embedded server runs `findAndModify` with its filter
    nested in `$and`, which reads the whole collection. The update decides, as one would; the
    read may return a later version of the document."""
    result = await collection.update_one(query, update, upsert=upsert, session=session)
    if result.upserted_id is not None:
        return await collection.find_one({"_id": result.upserted_id}, session=session)
    if result.matched_count == 0:
        return None
    key = {"_id": query["_id"]} if "_id" in query else query
    return await collection.find_one(key, session=session)


async def init_documents(client: AsyncMongoClient[Any], database: str) -> None:
    """Bind every document model to `database` and create the indexes they declare."""
    await init_beanie(database=client[database], document_models=ALL_DOCUMENTS)


@asynccontextmanager
async def open_database(
    settings: MentorshipSettings,
    *,
    client: AsyncMongoClient[Any] | None = None,
    app_name: str = "mentorship",
) -> AsyncIterator[AsyncMongoClient[Any]]:
    """Connect (or adopt `client`), wait for the server, initialise Beanie; close what we opened."""
    owned = client is None
    active = client or create_client(settings.effective_mongodb_url, app_name=app_name)
    try:
        await wait_until_reachable(active, within_seconds=settings.db_startup_timeout_seconds)
        await init_documents(active, settings.database)
        logger.info("connected to database %r", settings.database)
        yield active
    finally:
        if owned:
            await active.close()


def database_lifespan(
    settings: MentorshipSettings,
    *,
    client: AsyncMongoClient[Any] | None = None,
    app_name: str,
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """A FastAPI lifespan that opens the database for the app and exposes it on `app.state`."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with open_database(settings, client=client, app_name=app_name) as mongo:
            app.state.mongo_client = mongo
            app.state.settings = settings
            yield

    return lifespan
