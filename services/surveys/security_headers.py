"""Response headers that keep the survey page and its link safe in the browser.

The link's token is in the URL, so no page may leak it: no referrer is sent, responses are not
cached, and nothing may frame the page. The survey page runs no script and loads nothing from
elsewhere; its policy says so.
"""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

EVERY_RESPONSE = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
# The survey page and the survey flow's API: they hold or reveal a personal link.
PERSONAL = {"Cache-Control": "no-store"}
PAGE_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
PERSONAL_PREFIXES = ("/s/", "/api/v1/invitations/")


class SecurityHeadersMiddleware:
    """ASGI middleware adding the headers above to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in EVERY_RESPONSE.items():
                    headers.setdefault(name, value)
                if path.startswith(PERSONAL_PREFIXES):
                    for name, value in PERSONAL.items():
                        headers[name] = value
                if path.startswith("/s/"):
                    headers["Content-Security-Policy"] = PAGE_POLICY
            await send(message)

        await self.app(scope, receive, with_headers)
