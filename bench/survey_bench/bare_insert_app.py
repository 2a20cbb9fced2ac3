"""The baseline of the submission benchmark: a bare FastAPI endpoint that parses a survey-like
JSON body and inserts one small document, on the same server and driver settings as the
survey service. Served like it: `python -m uvicorn bench.survey_bench.bare_insert_app:app`,
with MENTORSHIP_MONGODB_URL and MENTORSHIP_DATABASE in the environment.
"""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import FastAPI, Request
from pydantic import BaseModel, ConfigDict, Field, JsonValue, StringConstraints
from pydantic.alias_generators import to_camel

from shared.db import create_client

COLLECTION = "bare_inserts"


class AnswerIn(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")

    question_id: Annotated[str, StringConstraints(max_length=40)]
    value: JsonValue = None


class BodyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answers: list[AnswerIn] = Field(max_length=100)


def create_app() -> FastAPI:
    """The app, reading where to write from the environment when it starts."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        client = create_client(os.environ["MENTORSHIP_MONGODB_URL"], app_name="bench-bare")
        database = os.environ.get("MENTORSHIP_DATABASE", "bench_bare")
        app.state.client = client
        app.state.collection = client[database][COLLECTION]
        try:
            yield
        finally:
            await client.close()

    app = FastAPI(title="Bare insert baseline", lifespan=lifespan)

    @app.get("/readyz")
    async def ready(request: Request) -> dict[str, str]:
        await request.app.state.client.admin.command("ping")
        return {"status": "ready"}

    @app.post("/items/{token}", status_code=201)
    async def insert_item(token: str, body: BodyIn, request: Request) -> dict[str, Any]:
        """One insert_one of the parsed body."""
        document = {
            "token": token,
            "answers": [answer.model_dump() for answer in body.answers],
            "received_at": datetime.now(UTC),
        }
        result = await request.app.state.collection.insert_one(document)
        return {"id": str(result.inserted_id)}

    return app


app = create_app()
