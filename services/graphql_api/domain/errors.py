"""Expected failures of domain operations, reported to clients as user errors."""

from dataclasses import dataclass

from pydantic import ValidationError

from shared.enums import DescribedEnum


class ErrorCode(DescribedEnum):
    """Why an operation was refused."""

    INVALID = "INVALID", "An input value is not valid; the message says why."
    NOT_FOUND = "NOT_FOUND", "An object the input names does not exist or is not visible."
    FORBIDDEN = "FORBIDDEN", "The viewer may not do this."
    DUPLICATE = (
        "DUPLICATE",
        "It exists already: a program of that name, an enrollment, an open pair.",
    )
    INVALID_TRANSITION = (
        "INVALID_TRANSITION",
        "The object's current status does not allow this change.",
    )
    PROGRAM_NOT_ACTIVE = "PROGRAM_NOT_ACTIVE", "The program is not active."
    PAIR_NOT_ACTIVE = "PAIR_NOT_ACTIVE", "The pair is not open: it has ended or was declined."
    NOT_ENROLLED = (
        "NOT_ENROLLED",
        "A person is not an approved member of the program in that role.",
    )
    SAME_PERSON = "SAME_PERSON", "Mentor and mentee would be the same person."
    SAME_PERSON_TWICE = (
        "SAME_PERSON_TWICE",
        "Someone who already took a step of this application may not take another: each "
        "step is by a different person.",
    )
    CAPACITY_EXCEEDED = "CAPACITY_EXCEEDED", "The mentor has no free mentoring capacity left."
    MENTEE_ALREADY_PAIRED = (
        "MENTEE_ALREADY_PAIRED",
        "The mentee already has an open pair or request in the program.",
    )
    PAIRED_BEFORE = (
        "PAIRED_BEFORE",
        "This mentor and mentee are or were paired in the program already.",
    )
    NOT_ELIGIBLE = (
        "NOT_ELIGIBLE",
        "A rule of the program's matching forbids this pair (no shared language, a "
        "talent-reserve tutor who is not a manager above the member).",
    )
    CONFLICT = "CONFLICT", "It changed at the same moment; reload and try again."
    SURVEY_SERVICE_UNAVAILABLE = (
        "SURVEY_SERVICE_UNAVAILABLE",
        "The survey service cannot be reached right now; try again shortly.",
    )


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
