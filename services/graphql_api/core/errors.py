"""User errors in mutation payloads, and which top-level errors clients may see."""

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from services.graphql_api.core.enums import graphql_enum
from services.graphql_api.core.ids import InvalidGlobalIdError
from services.graphql_api.domain.errors import DomainError, ErrorCode, Issue
from services.graphql_api.pagination import InvalidCursorError, InvalidPageSizeError
from shared.db import is_unavailable
from shared.tokens import AuthenticationError

graphql_enum(ErrorCode, "Why a mutation was refused.", name="UserErrorCode")


@strawberry.type(description="An expected failure of a mutation; nothing was changed.")
class UserError:
    field: list[str] | None = strawberry.field(
        description='Path to the input field at fault, e.g. ["input", "email"]; null when '
        "the error concerns the whole request."
    )
    message: str = strawberry.field(description="What went wrong, in words for people.")
    code: ErrorCode = strawberry.field(description="What went wrong, for programs.")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def user_error(issue: Issue) -> UserError:
    field = ["input", *(_camel(part) for part in issue.field)] if issue.field else None
    return UserError(field=field, message=issue.message, code=issue.code)


def user_errors(error: DomainError) -> list[UserError]:
    return [user_error(issue) for issue in error.issues]


def invalid_id_errors(error: InvalidGlobalIdError) -> list[UserError]:
    field = (error.field,) if error.field else None
    return [user_error(Issue(ErrorCode.INVALID, str(error), field))]


class QueryLimitError(Exception):
    """A query over the depth, size, alias or cost limits. The message is safe to show."""


class ForbiddenError(Exception):
    """A subscription the viewer may not open. The message is safe to show."""

    extensions = {"code": "FORBIDDEN"}


NOT_TEXT_MESSAGE = "The request holds text with characters that are not Unicode text."
SERVICE_UNAVAILABLE_MESSAGE = "The database cannot be reached right now; please try again shortly."


# What a top-level error's `extensions.code` says, in the vocabulary GraphQL clients know.
SAFE_ERROR_CODES: tuple[tuple[type[Exception], str], ...] = (
    (AuthenticationError, "UNAUTHENTICATED"),
    (ForbiddenError, "FORBIDDEN"),
    (QueryLimitError, "QUERY_TOO_COMPLEX"),
    (InvalidCursorError, "BAD_USER_INPUT"),
    (InvalidPageSizeError, "BAD_USER_INPUT"),
    (InvalidGlobalIdError, "BAD_USER_INPUT"),
)


def client_view(original: Exception) -> tuple[str | None, str] | None:
    """The message (None: the error's own) and code a client gets, or None to mask it."""
    if is_unavailable(original):
        return SERVICE_UNAVAILABLE_MESSAGE, "SERVICE_UNAVAILABLE"
    if isinstance(original, UnicodeEncodeError):
        # Text that is valid JSON but not Unicode (a lone surrogate) reaches the database
        # encoder: the client's input, not a fault of the server.
        return NOT_TEXT_MESSAGE, "BAD_USER_INPUT"
    if isinstance(original, DomainError):
        refused = original.issues[0].code == ErrorCode.FORBIDDEN
        return None, "FORBIDDEN" if refused else "BAD_USER_INPUT"
    for kind, code in SAFE_ERROR_CODES:
        if isinstance(original, kind):
            return None, code
    return None


def should_mask_error(error: GraphQLError) -> bool:
    """Mask every unexpected exception; show graphql-core's own syntax and validation
    errors and the client's mistakes."""
    original = error.original_error
    return original is not None and client_view(original) is None


class ErrorMasking(MaskErrors):
    """Errors as clients see them, each with `extensions.code`: unexpected ones masked as
    "Unexpected error." (INTERNAL_SERVER_ERROR); a database that cannot be reached as
    SERVICE_UNAVAILABLE (worth a retry), without its details; the client's own mistakes as
    BAD_USER_INPUT, UNAUTHENTICATED, FORBIDDEN or QUERY_TOO_COMPLEX."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=should_mask_error)

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        processed = []
        for error in errors:
            original = error.original_error
            if original is None:  # graphql-core's syntax and validation errors, and limits
                processed.append(_with_code(error, document_error_code(error.message)))
                continue
            view = client_view(original)
            message, code = view or (self.error_message, "INTERNAL_SERVER_ERROR")
            processed.append(
                GraphQLError(
                    message=message or error.message,
                    nodes=error.nodes,
                    source=error.source,
                    positions=error.positions,
                    path=error.path,
                    extensions={"code": code},
                )
            )
        return processed


# Messages of the query limits, which graphql-core and Strawberry's limiters report as
# validation errors: depth, aliases and tokens.
_LIMIT_MESSAGES = ("exceeds maximum operation depth", "aliases found. Allowed")


def document_error_code(message: str) -> str:
    """The code of an error in the query document itself: over a limit, not parseable, or
    not valid against the schema."""
    if message.startswith("Syntax Error: Document contains more than"):
        return "QUERY_TOO_COMPLEX"
    if any(marker in message for marker in _LIMIT_MESSAGES):
        return "QUERY_TOO_COMPLEX"
    if message.startswith("Syntax Error"):
        return "GRAPHQL_PARSE_FAILED"
    return "GRAPHQL_VALIDATION_FAILED"


def _with_code(error: GraphQLError, code: str) -> GraphQLError:
    return GraphQLError(
        message=error.message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={**(error.extensions or {}), "code": code},
    )
