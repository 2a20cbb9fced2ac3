"""GraphiQL, the in-browser IDE of the GraphQL API in development, served from files shipped in
this package: it works offline and on an intranet, and the page loads nothing from elsewhere
(its policy says so).

The files are the builds that Strawberry's own GraphiQL page loads from a CDN, byte for byte
(their sha384 match its integrity attributes), taken from the npm packages graphiql 3.8.3,
@graphiql/plugin-explorer 1.0.2, react 18.2.0 and react-dom 18.2.0 (MIT, see `licenses/`).
No maintained Python package ships a current GraphiQL build.
"""

from pathlib import Path
from string import Template
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from strawberry.fastapi import GraphQLRouter

ASSETS_PATH = "/graphiql"
ASSETS_DIR = Path(__file__).parent / "static"
PAGE = Template((Path(__file__).parent / "graphiql.html").read_text(encoding="utf-8"))
# Scripts and styles from this origin only; GraphiQL sets inline styles and carries its fonts
# as data URLs. `connect-src 'self'` covers the endpoint and its WebSocket.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


def graphiql_page(root_path: str = "") -> HTMLResponse:
    """The IDE's page, its assets under `ASSETS_PATH` (behind a proxy, under `root_path`)."""
    html = PAGE.substitute(assets=f"{root_path}{ASSETS_PATH}")
    return HTMLResponse(html, headers={"Content-Security-Policy": PAGE_POLICY})


class GraphQLRouterWithLocalIDE(GraphQLRouter[Any, Any]):
    """Strawberry's router, whose GraphiQL page loads the files of this package."""

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return graphiql_page(request.scope.get("root_path", ""))


def serve_graphiql_assets(app: FastAPI) -> None:
    """Mount the IDE's scripts and styles on `app` at `ASSETS_PATH`."""
    app.mount(ASSETS_PATH, StaticFiles(directory=ASSETS_DIR), name="graphiql-assets")
