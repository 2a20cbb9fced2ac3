"""The survey service's API documentation comes from the service alone: it works offline and
on an intranet, and its policy lets it load what it needs and nothing else."""

import base64
import hashlib
import re

import httpx
import pytest

from tests.page_assets import is_elsewhere, loaded_by


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
async def test_the_docs_pages_load_only_what_the_service_itself_serves(
    surveys_http: httpx.AsyncClient, path: str
) -> None:
    page = await surveys_http.get(path)

    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    urls = loaded_by(page.text)
    assert "/openapi.json" in urls
    assert [url for url in urls if is_elsewhere(url)] == []
    for url in urls:
        asset = await surveys_http.get(url)
        assert asset.status_code == 200, url
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy
    assert re.search(r"script-src 'self'[ ;]", policy)


async def test_the_swagger_page_policy_lets_its_own_inline_script_run(
    surveys_http: httpx.AsyncClient,
) -> None:
    page = await surveys_http.get("/docs")

    inline = re.findall(r"<script>(.*?)</script>", page.text, re.DOTALL)
    assert len(inline) == 1 and "SwaggerUIBundle(" in inline[0]
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    script_sources = page.headers["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    assert f"'sha256-{digest}'" in script_sources
    assert "'unsafe-inline'" not in script_sources
    # Swagger UI's default asks validator.swagger.io about the document: not from here.
    assert '"validatorUrl": null' in inline[0]
