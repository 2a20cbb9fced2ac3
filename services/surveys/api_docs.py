"""The interactive API documentation: Swagger UI at `/docs` and ReDoc at `/redoc`, built from
the files the `fastapi-offline` package ships. Nothing comes from a CDN, so the pages work
offline and on an intranet, and each page's policy lets it load from this service only."""

import base64
import hashlib
import re
from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS_PATH = "/docs-assets"
ASSETS_DIR = Path(str(files("fastapi_offline").joinpath("static")))
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
# Swagger UI and ReDoc set inline styles; ReDoc searches in a worker it makes from a blob.
BASE_POLICY = (
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'none'"
)
SWAGGER_UI_PARAMETERS = {
    # The default asks validator.swagger.io to check the document: it leaves the intranet.
    "validatorUrl": None,
}

router = APIRouter(include_in_schema=False)


def _with_policy(page: HTMLResponse, policy: str) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = policy
    return page


def _script_hashes(html: str) -> str:
    """CSP sources for the page's own inline scripts, by their SHA-256."""
    return " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"
        for script in INLINE_SCRIPT.findall(html)
    )


@router.get("/docs")
async def swagger_ui(request: Request) -> HTMLResponse:
    root = request.scope.get("root_path", "")
    page = get_swagger_ui_html(
        openapi_url=f"{root}{request.app.openapi_url}",
        title=f"{request.app.title}: API documentation",
        swagger_js_url=f"{root}{ASSETS_PATH}/swagger-ui-bundle.js",
        swagger_css_url=f"{root}{ASSETS_PATH}/swagger-ui.css",
        swagger_favicon_url=f"{root}{ASSETS_PATH}/favicon.png",
        oauth2_redirect_url=None,
        swagger_ui_parameters=SWAGGER_UI_PARAMETERS,
    )
    scripts = _script_hashes(bytes(page.body).decode())
    return _with_policy(page, f"{BASE_POLICY}; script-src 'self' {scripts}")


@router.get("/redoc")
async def redoc(request: Request) -> HTMLResponse:
    root = request.scope.get("root_path", "")
    page = get_redoc_html(
        openapi_url=f"{root}{request.app.openapi_url}",
        title=f"{request.app.title}: API reference",
        redoc_js_url=f"{root}{ASSETS_PATH}/redoc.standalone.js",
        redoc_favicon_url=f"{root}{ASSETS_PATH}/favicon.png",
        with_google_fonts=False,
    )
    return _with_policy(page, f"{BASE_POLICY}; script-src 'self'; worker-src blob:")


def docs_assets() -> StaticFiles:
    """The pages' scripts, styles and icon, to mount at `ASSETS_PATH`."""
    return StaticFiles(directory=ASSETS_DIR)
