"""GraphiQL in development comes from this service alone: it works offline and on an intranet."""

from typing import Any

import httpx
from pymongo import AsyncMongoClient

from services.graphql_api.app import create_app
from services.graphql_api.settings import GraphQLSettings
from tests.asgi import serve
from tests.page_assets import is_elsewhere, loaded_by


async def test_graphiql_loads_only_what_the_api_itself_serves(
    graphql_http: httpx.AsyncClient,
) -> None:
    page = await graphql_http.get("/graphql", headers={"Accept": "text/html"})

    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    urls = loaded_by(page.text)
    assert any(url.endswith("/graphiql.min.js") for url in urls)
    assert any(url.endswith("/graphiql-start.js") for url in urls)
    assert [url for url in urls if is_elsewhere(url)] == []
    for url in urls:
        if url.startswith("data:"):
            continue
        asset = await graphql_http.get(url)
        assert asset.status_code == 200, url
        assert asset.headers["content-type"].startswith(("text/css", "text/javascript")), url
    # The browser is told so too: scripts and styles from this origin only.
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'self';" in policy


async def test_production_serves_neither_graphiql_nor_its_files(
    mongodb_url: str, database_name: str, mongo_client: AsyncMongoClient[Any]
) -> None:
    settings = GraphQLSettings(mongodb_url=mongodb_url, database=database_name, graphiql=False)
    async with serve(create_app(settings, mongo_client=mongo_client)) as client:
        page = await client.get("/graphql", headers={"Accept": "text/html"})
        script = await client.get("/graphiql/graphiql.min.js")

    assert "graphiql" not in page.text.lower()
    assert script.status_code == 404
