"""Expected failures of domain operations, reported to clients as user errors."""

from dataclasses import dataclass
from enum import StrEnum

from pydantic import ValidationError


class ErrorCode(StrEnum):
    """Why an operation was refused."""

    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    FORBIDDEN = "FORBIDDEN"
    DUPLICATE = "DUPLICATE"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    PROGRAM_NOT_ACTIVE = "PROGRAM_NOT_ACTIVE"
    PAIR_NOT_ACTIVE = "PAIR_NOT_ACTIVE"
    NOT_ENROLLED = "NOT_ENROLLED"
    SAME_PERSON = "SAME_PERSON"
    CAPACITY_EXCEEDED = "CAPACITY_EXCEEDED"
    CONFLICT = "CONFLICT"
    SURVEY_SERVICE_UNAVAILABLE = "SURVEY_SERVICE_UNAVAILABLE"


@dataclass(frozen=True)
class Issue:
    """One problem: a code, a sentence for people, and the input field it concerns (if any)."""

    code: ErrorCode
    message: str
    field: tuple[str, ...] | None = None


class DomainError(Exception):
    """An operation was refused; nothing was written."""

    def __init__(self, *issues: Issue) -> None:
        super().__init__("; ".join(issue.message for issue in issues))
        self.issues = list(issues)

    @classmethod
    def of(
        cls, code: ErrorCode, message: str, field: str | tuple[str, ...] | None = None
    ) -> "DomainError":
        path = (field,) if isinstance(field, str) else field
        return cls(Issue(code, message, path))


def not_found(what: str, field: str | None = "id") -> DomainError:
    return DomainError.of(ErrorCode.NOT_FOUND, f"{what} not found.", field)


def forbidden(message: str = "You are not allowed to do this.") -> DomainError:
    return DomainError.of(ErrorCode.FORBIDDEN, message)


def invalid_input(error: ValidationError) -> DomainError:
    """Turn pydantic's validation errors on an input model into INVALID issues per field."""
    issues = []
    for item in error.errors():
        path = tuple(str(part) for part in item["loc"])
        message = str(item["msg"]).removeprefix("Value error, ")
        issues.append(Issue(ErrorCode.INVALID, message[:1].upper() + message[1:] + ".", path))
    return DomainError(*issues)
