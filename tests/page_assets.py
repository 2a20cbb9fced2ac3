"""What an HTML page makes the browser load: script sources, style sheets, icons, images, and
the API documents the docs pages fetch."""

import re
from html.parser import HTMLParser

LOADING_ATTRIBUTES = {"script": "src", "link": "href", "img": "src", "redoc": "spec-url"}
SWAGGER_DOCUMENT = re.compile(r"""url:\s*['"]([^'"]+)['"]""")


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = LOADING_ATTRIBUTES.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.found.append(value)


def loaded_by(html: str) -> list[str]:
    """Every URL the page loads, in order of appearance."""
    parser = _References()
    parser.feed(html)
    return parser.found + SWAGGER_DOCUMENT.findall(html)


def is_elsewhere(url: str) -> bool:
    """The URL names another host (absolute or protocol-relative)."""
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.IGNORECASE))
