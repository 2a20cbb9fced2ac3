"""Domain enumerations shared by both services and stored as strings in MongoDB."""

from enum import StrEnum


class Role(StrEnum):
    """The side a participant takes in a program or pair."""

    MENTOR = "MENTOR"
    MENTEE = "MENTEE"


class ViewerRole(StrEnum):
    """Platform-wide roles carried in an access token."""

    ADMIN = "ADMIN"
    PROGRAM_MANAGER = "PROGRAM_MANAGER"


class ProgramKind(StrEnum):
    """The shape of a mentoring program, from the company policies it models."""

    APPRENTICESHIP = "APPRENTICESHIP"
    TALENT_RESERVE = "TALENT_RESERVE"
    ONBOARDING = "ONBOARDING"
    LEADERSHIP = "LEADERSHIP"
    PEER = "PEER"


class ProgramFormat(StrEnum):
    """Whether the program runs to a formal plan or informally."""

    FORMAL = "FORMAL"
    INFORMAL = "INFORMAL"


class ProgramStatus(StrEnum):
    """Program life cycle: DRAFT -> ACTIVE -> CLOSED."""

    DRAFT = "DRAFT"
    ACTIVE = "ACTIVE"
    CLOSED = "CLOSED"


class SurveyCadence(StrEnum):
    """How often a program surveys its mentors and mentees."""

    MONTHLY = "MONTHLY"
    QUARTERLY = "QUARTERLY"
    SEMIANNUAL = "SEMIANNUAL"
    END_OF_PROGRAM = "END_OF_PROGRAM"


class EnrollmentStatus(StrEnum):
    """Enrollment life cycle: APPLIED -> RECOMMENDED -> APPROVED or REJECTED; WITHDRAWN."""

    APPLIED = "APPLIED"
    RECOMMENDED = "RECOMMENDED"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    WITHDRAWN = "WITHDRAWN"


class PairStatus(StrEnum):
    """Pair life cycle: PROPOSED -> ACTIVE -> COMPLETED or ENDED_EARLY; PROPOSED -> DECLINED."""

    PROPOSED = "PROPOSED"
    ACTIVE = "ACTIVE"
    COMPLETED = "COMPLETED"
    ENDED_EARLY = "ENDED_EARLY"
    DECLINED = "DECLINED"


OPEN_PAIR_STATUSES = (PairStatus.PROPOSED, PairStatus.ACTIVE)


class PairOutcome(StrEnum):
    """How a completed pair ended; the apprenticeship outcomes come from the probation rules."""

    PASSED_ON_TIME = "PASSED_ON_TIME"
    EXTENDED = "EXTENDED"
    NOT_PASSED = "NOT_PASSED"
    GOALS_MET = "GOALS_MET"
    GOALS_PARTLY_MET = "GOALS_PARTLY_MET"


class GoalStatus(StrEnum):
    """Progress state of a development goal."""

    NOT_STARTED = "NOT_STARTED"
    IN_PROGRESS = "IN_PROGRESS"
    ACHIEVED = "ACHIEVED"
    DROPPED = "DROPPED"


class QuestionKind(StrEnum):
    """The kinds of survey question a template may hold."""

    LIKERT_5 = "LIKERT_5"
    NPS = "NPS"
    RATING = "RATING"
    SINGLE_CHOICE = "SINGLE_CHOICE"
    MULTI_CHOICE = "MULTI_CHOICE"
    TEXT = "TEXT"


class SurveyKind(StrEnum):
    """When in a pair's life a survey is sent."""

    CHECK_IN = "CHECK_IN"
    END_OF_PROGRAM = "END_OF_PROGRAM"


class RoundStatus(StrEnum):
    """Survey round life cycle: OPEN -> CLOSED."""

    OPEN = "OPEN"
    CLOSED = "CLOSED"


class InvitationState(StrEnum):
    """Survey link life cycle: PENDING -> OPENED -> SUBMITTED, or EXPIRED, REVOKED."""

    PENDING = "PENDING"
    OPENED = "OPENED"
    SUBMITTED = "SUBMITTED"
    EXPIRED = "EXPIRED"
    REVOKED = "REVOKED"


class SentimentLabel(StrEnum):
    """Three-way sentiment of a piece of free text, or NOT_SCORED when it is written in a
    language the scorer does not read (its language is kept; it counts in no sentiment
    figure and in no health rule)."""

    POSITIVE = "POSITIVE"
    NEUTRAL = "NEUTRAL"
    NEGATIVE = "NEGATIVE"
    NOT_SCORED = "NOT_SCORED"


class Audience(StrEnum):
    """Who may see the answer to a question.

    PROGRAM_TEAM: admins and the program's managers see it with the pair it is about; the
    counterpart never does. CONFIDENTIAL: only ever part of figures over at least the
    program's minimum group size of distinct people, released per closed round; never
    linked to a person, a pair or a moment."""

    PROGRAM_TEAM = "PROGRAM_TEAM"
    CONFIDENTIAL = "CONFIDENTIAL"


class TextInvites(StrEnum):
    """What a free-text question asks for: PRAISE (what went well), IMPROVEMENT (what could
    be better: an answer is a suggestion unless it reports a problem with the relationship)
    or OPEN (anything)."""

    PRAISE = "PRAISE"
    IMPROVEMENT = "IMPROVEMENT"
    OPEN = "OPEN"


class CommentIntent(StrEnum):
    """How an answer to a free-text question reads: a SUGGESTION for the future, a PROBLEM
    reported with the relationship, or a plain COMMENT."""

    SUGGESTION = "SUGGESTION"
    PROBLEM = "PROBLEM"
    COMMENT = "COMMENT"


class HealthStatus(StrEnum):
    """A pair's health as read from feedback, check-ins and goals."""

    HEALTHY = "HEALTHY"
    WATCH = "WATCH"
    AT_RISK = "AT_RISK"


class HealthReasonCode(StrEnum):
    """Why a pair is not healthy; the rules are in `services.surveys.health`."""

    LOW_SATISFACTION = "LOW_SATISFACTION"
    NEGATIVE_COMMENT = "NEGATIVE_COMMENT"
    SATISFACTION_DROP = "SATISFACTION_DROP"
    NO_RECENT_CHECK_IN = "NO_RECENT_CHECK_IN"
    OVERDUE_GOALS = "OVERDUE_GOALS"
    IGNORED_INVITATIONS = "IGNORED_INVITATIONS"
