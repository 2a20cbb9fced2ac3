"""Expected failures of the survey service, each with its HTTP status and a plain message."""

from typing import Any


class SurveyError(Exception):
    """Base: `status`, a short `title`, and a `detail` safe to show anyone."""

    status = 400
    title = "Bad request"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class LinkNotFound(SurveyError):
    """Unknown, replaced or revoked links look the same: nothing is revealed about them."""

    status = 404
    title = "Survey link not found"

    def __init__(self) -> None:
        super().__init__(
            "This survey link does not work. If you received a newer message about this "
            "survey, please use the link in it."
        )


class LinkExpired(SurveyError):
    status = 410
    title = "Survey closed"

    def __init__(self) -> None:
        super().__init__("This survey has closed. Thank you for your interest.")


class SurveyNotOpenYet(SurveyError):
    status = 403
    title = "Survey not open yet"


class AlreadyAnswered(SurveyError):
    status = 409
    title = "Already answered"

    def __init__(self) -> None:
        super().__init__("We already have your answers to this survey. Thank you!")


class InvalidAnswers(SurveyError):
    status = 422
    title = "Some answers need attention"


class NotFound(SurveyError):
    status = 404
    title = "Not found"


class Unauthorized(SurveyError):
    status = 401
    title = "Authentication required"


class Forbidden(SurveyError):
    status = 403
    title = "Forbidden"


class Conflict(SurveyError):
    status = 409
    title = "Conflict"


class InvalidRequest(SurveyError):
    status = 422
    title = "Invalid request"


class DatabaseUnavailable(SurveyError):
    """The database cannot be reached right now; nothing was stored. Worth a retry."""

    status = 503
    title = "Service unavailable"
    retry_after = 5

    def __init__(self) -> None:
        super().__init__(
            "We cannot reach our database right now, so nothing was saved. Your link still "
            "works: please try again in a minute."
        )


class UnexpectedError(SurveyError):
    status = 500
    title = "Unexpected error"

    def __init__(self) -> None:
        super().__init__("Something went wrong on our side. Please try again later.")
