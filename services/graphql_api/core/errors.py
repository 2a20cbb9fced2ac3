"""User errors in mutation payloads, and which top-level errors clients may see."""

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from services.graphql_api.core.ids import InvalidGlobalIdError
from services.graphql_api.domain.errors import DomainError, ErrorCode, Issue
from services.graphql_api.pagination import InvalidCursorError, InvalidPageSizeError
from shared.db import is_unavailable
from shared.tokens import AuthenticationError

strawberry.enum(ErrorCode, name="UserErrorCode", description="Why a mutation was refused.")


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


SAFE_ERRORS = (
    AuthenticationError,
    DomainError,
    UnicodeEncodeError,
    InvalidCursorError,
    InvalidPageSizeError,
    InvalidGlobalIdError,
    QueryLimitError,
    ForbiddenError,
)


def should_mask_error(error: GraphQLError) -> bool:
    """Show validation, limit and authentication errors; mask every unexpected exception."""
    original = error.original_error
    if original is None:
        return False  # syntax and validation errors come from graphql-core itself
    return not isinstance(original, SAFE_ERRORS)


NOT_TEXT_MESSAGE = "The request holds text with characters that are not Unicode text."
SERVICE_UNAVAILABLE_MESSAGE = "The database cannot be reached right now; please try again shortly."


class ErrorMasking(MaskErrors):
    """Errors as clients see them: unexpected ones masked as "Unexpected error."; a database
    that cannot be reached as `SERVICE_UNAVAILABLE` (worth a retry), without its details."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=should_mask_error)

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        processed = []
        for error in errors:
            if error.original_error is not None and is_unavailable(error.original_error):
                processed.append(
                    GraphQLError(
                        message=SERVICE_UNAVAILABLE_MESSAGE,
                        nodes=error.nodes,
                        source=error.source,
                        positions=error.positions,
                        path=error.path,
                        extensions={"code": "SERVICE_UNAVAILABLE"},
                    )
                )
            elif isinstance(error.original_error, UnicodeEncodeError):
                # Text that is valid JSON but not Unicode (a lone surrogate) reaches the
                # database encoder: the client's input, not a fault of the server.
                processed.append(
                    GraphQLError(
                        message=NOT_TEXT_MESSAGE,
                        nodes=error.nodes,
                        source=error.source,
                        positions=error.positions,
                        path=error.path,
                        extensions={"code": "BAD_USER_INPUT"},
                    )
                )
            elif isinstance(error.original_error, DomainError):
                processed.append(
                    GraphQLError(
                        message=error.message,
                        nodes=error.nodes,
                        source=error.source,
                        positions=error.positions,
                        path=error.path,
                        extensions={"code": error.original_error.issues[0].code.value},
                    )
                )
            elif self.should_mask_error(error):
                processed.append(self.anonymise_error(error))
            else:
                processed.append(error)
        return processed
