"""Domain enumerations shared by both services and stored as strings in MongoDB.

The vocabularies clients see carry a description on each value (`DescribedEnum`): the GraphQL
schema shows those descriptions, so what a value means is written once, here.
"""

from enum import StrEnum
from typing import Self


class DescribedEnum(StrEnum):
    """A closed vocabulary whose values each say what they mean: declare a member as
    `NAME = "NAME", "What it means."`. The value stays the bare string, as stored."""

    description: str

    def __new__(cls, value: str, description: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.description = description
        return member


class Role(DescribedEnum):
    """The side a participant takes in a program or pair."""

    MENTOR = "MENTOR", "Guides a mentee, sharing skills and experience."
    MENTEE = "MENTEE", "Is guided by a mentor and works on their own development goals."


class ViewerRole(DescribedEnum):
    """Platform-wide roles carried in an access token."""

    ADMIN = "ADMIN", "Sees and does everything."
    PROGRAM_MANAGER = (
        "PROGRAM_MANAGER",
        "Runs the programs that list them as managers, and sees the participant directory.",
    )
    DEPARTMENT_HEAD = (
        "DEPARTMENT_HEAD",
        "Heads the department of their own participant record: approves the mentoring plans "
        "of its apprentices, recommends its talent-reserve applicants and reads its "
        "apprentices' concerns.",
    )
    HR = (
        "HR",
        "Human resources: reviews talent-reserve applications and objections, records "
        "qualification exams and follows reports and assessments.",
    )
    EXECUTIVE = (
        "EXECUTIVE",
        "Top management: decides talent-reserve admissions and selects the year's "
        "outstanding members.",
    )


class ProgramKind(DescribedEnum):
    """The shape of a mentoring program, from the company policies it models."""

    APPRENTICESHIP = (
        "APPRENTICESHIP",
        "An experienced employee mentors a new hire one-to-one for about a year, up to the "
        "qualification exam at the end of probation.",
    )
    TALENT_RESERVE = (
        "TALENT_RESERVE",
        "The core-employee reserve: members of three echelons, each with a tutor (a director "
        "or manager), job rotation, courses and quarterly assessments.",
    )
    ONBOARDING = "ONBOARDING", "New hires settling into the company, its work and its culture."
    LEADERSHIP = "LEADERSHIP", "First-time and developing managers."
    PEER = "PEER", "Colleagues at a similar level learning from each other."


class ProgramFormat(DescribedEnum):
    """Whether the program runs to a formal plan or informally."""

    FORMAL = "FORMAL", "Runs to a plan: a set meeting cadence, goals and reviews."
    INFORMAL = "INFORMAL", "Pairs organise themselves; the plan is a guide."


class ProgramStatus(DescribedEnum):
    """Program life cycle: DRAFT -> ACTIVE -> CLOSED."""

    DRAFT = "DRAFT", "Being prepared; seen only by admins and its managers."
    ACTIVE = "ACTIVE", "Running: it takes applications, pairs meet and surveys go out."
    CLOSED = "CLOSED", "Finished; kept with its history."


class SurveyCadence(DescribedEnum):
    """How often a program surveys its mentors and mentees."""

    MONTHLY = "MONTHLY", "A check-in round each calendar month."
    QUARTERLY = "QUARTERLY", "A check-in round each calendar quarter."
    SEMIANNUAL = "SEMIANNUAL", "A check-in round each half-year."
    END_OF_PROGRAM = (
        "END_OF_PROGRAM",
        "No periodic rounds: only the survey at the end of each pair.",
    )


class EnrollmentStatus(DescribedEnum):
    """Enrollment life cycle: APPLIED -> RECOMMENDED -> APPROVED or REJECTED; WITHDRAWN.
    A talent-reserve application passes HR's review between the two and is PUBLISHED
    after its publicity period: APPLIED -> RECOMMENDED -> HR_REVIEWED -> APPROVED ->
    PUBLISHED."""

    APPLIED = "APPLIED", "Applied; waiting for a recommendation."
    RECOMMENDED = (
        "RECOMMENDED",
        "Recommended; waiting for the decision (talent reserve: for HR's review).",
    )
    HR_REVIEWED = (
        "HR_REVIEWED",
        "Talent reserve: passed HR's preliminary review; waiting for top management's decision.",
    )
    APPROVED = (
        "APPROVED",
        "Accepted: takes part in the program in this role (talent reserve: announced, in "
        "its publicity period, when any employee may object).",
    )
    PUBLISHED = (
        "PUBLISHED",
        "Talent reserve: the publicity period passed without an upheld objection; a member "
        "of the talent pool.",
    )
    REJECTED = "REJECTED", "Not accepted (talent reserve: also after an upheld objection)."
    WITHDRAWN = "WITHDRAWN", "Withdrawn, from an application or from the program."


# Enrollments through which a person takes part in a program (pairs form between them).
MEMBER_STATUSES = (EnrollmentStatus.APPROVED, EnrollmentStatus.PUBLISHED)


class ObjectionStatus(DescribedEnum):
    """An objection to a talent-reserve admission: PENDING -> UPHELD, DISMISSED or LAPSED."""

    PENDING = "PENDING", "Raised during the publicity period; waiting for HR's decision."
    UPHELD = "UPHELD", "HR agreed: the admission was rejected."
    DISMISSED = "DISMISSED", "HR did not agree: the admission stands."
    LAPSED = (
        "LAPSED",
        "Not decided: the admission was withdrawn, or rejected on another objection, first.",
    )


class DevelopmentActivityKind(DescribedEnum):
    """How a talent-reserve member develops, as the reserve's policy lists it."""

    TUTORING = "TUTORING", "A session with their tutor, a director or manager mentoring them."
    ROTATION = "ROTATION", "A job rotation through another post or department."
    INTERNAL_TRAINING = "INTERNAL_TRAINING", "A course run inside the company."
    EXTERNAL_TRAINING = "EXTERNAL_TRAINING", "A course, seminar or programme outside the company."
    CERTIFICATION = "CERTIFICATION", "A certificate or qualification obtained."
    SELF_STUDY = "SELF_STUDY", "Study on their own: books, online courses, practice."
    SUGGESTION_REPORT = (
        "SUGGESTION_REPORT",
        "A suggestion or improvement report submitted to the company.",
    )


class DevelopmentPeriod(DescribedEnum):
    """The period a development minimum is counted over."""

    QUARTER = "QUARTER", "Each calendar quarter of membership."
    YEAR = "YEAR", "Each calendar year of membership."


class PairStatus(DescribedEnum):
    """Pair life cycle: PROPOSED -> ACTIVE -> COMPLETED or ENDED_EARLY; PROPOSED -> DECLINED."""

    PROPOSED = "PROPOSED", "Proposed; waiting to start or to be declined."
    ACTIVE = "ACTIVE", "Mentoring is under way."
    COMPLETED = "COMPLETED", "Ended as planned, with an outcome."
    ENDED_EARLY = "ENDED_EARLY", "Ended before its planned end."
    DECLINED = "DECLINED", "Proposed but never started."


OPEN_PAIR_STATUSES = (PairStatus.PROPOSED, PairStatus.ACTIVE)


class PairOrigin(DescribedEnum):
    """How a pair was proposed, which says whose acceptance it still needs."""

    MANAGER = (
        "MANAGER",
        "Proposed by the program's managers or an admin (`pairCreate`): the mentor and the "
        "mentee each accept before it starts.",
    )
    MENTEE_REQUEST = (
        "MENTEE_REQUEST",
        "Requested by the mentee (`mentorshipRequest`), which counts as their acceptance: the "
        "mentor accepts or declines.",
    )
    MATCHING_PROPOSAL = (
        "MATCHING_PROPOSAL",
        "From a program-wide matching proposal the program's managers applied: the mentor and "
        "the mentee each accept before it starts.",
    )


class PairOutcome(DescribedEnum):
    """How a completed pair ended; the apprenticeship outcomes come from the probation rules."""

    PASSED_ON_TIME = (
        "PASSED_ON_TIME",
        "Apprenticeship: the apprentice passed the qualification exam by the end of probation.",
    )
    EXTENDED = "EXTENDED", "Apprenticeship: the apprentice's probation was extended."
    NOT_PASSED = "NOT_PASSED", "Apprenticeship: the apprentice did not pass the exam."
    GOALS_MET = "GOALS_MET", "The pair reached its goals."
    GOALS_PARTLY_MET = "GOALS_PARTLY_MET", "The pair reached some of its goals."


class GoalStatus(DescribedEnum):
    """Progress state of a development goal."""

    NOT_STARTED = "NOT_STARTED", "Set, not worked on yet."
    IN_PROGRESS = "IN_PROGRESS", "Being worked on."
    ACHIEVED = "ACHIEVED", "Reached; its progress is 100."
    DROPPED = "DROPPED", "Given up; left out of goal achievement figures."


class QuestionKind(DescribedEnum):
    """The kinds of survey question a template may hold."""

    LIKERT_5 = "LIKERT_5", "A scale from 1 to 5 between two labelled ends (disagree to agree)."
    NPS = "NPS", "How likely they would recommend it, from 0 to 10 (net promoter score)."
    RATING = "RATING", "A rating from 1 to the question's maximum."
    SINGLE_CHOICE = "SINGLE_CHOICE", "One of the question's options."
    MULTI_CHOICE = "MULTI_CHOICE", "Any of the question's options."
    TEXT = "TEXT", "Free text."


class SurveyKind(StrEnum):
    """When in a pair's life a survey is sent."""

    CHECK_IN = "CHECK_IN"
    END_OF_PROGRAM = "END_OF_PROGRAM"


class RoundStatus(DescribedEnum):
    """Survey round life cycle: OPEN -> CLOSED."""

    OPEN = "OPEN", "Links work; of the answers, only how many came in is shown."
    CLOSED = (
        "CLOSED",
        "Unanswered links have expired; the results are released once added up.",
    )


class InvitationState(StrEnum):
    """Survey link life cycle: PENDING -> OPENED -> SUBMITTED, or EXPIRED, REVOKED."""

    PENDING = "PENDING"
    OPENED = "OPENED"
    SUBMITTED = "SUBMITTED"
    EXPIRED = "EXPIRED"
    REVOKED = "REVOKED"


class SentimentLabel(DescribedEnum):
    """Three-way sentiment of a piece of free text, or NOT_SCORED when it is written in a
    language the scorer does not read (its language is kept; it counts in no sentiment
    figure and in no health rule)."""

    POSITIVE = "POSITIVE", "Reads positive."
    NEUTRAL = "NEUTRAL", "Reads neither positive nor negative."
    NEGATIVE = "NEGATIVE", "Reads negative."
    NOT_SCORED = (
        "NOT_SCORED",
        "Written in a language the scorer does not read: counted by language only, in no "
        "sentiment figure and in no health rule.",
    )


class Audience(DescribedEnum):
    """Who may see the answer to a question.

    PROGRAM_TEAM: admins and the program's managers see it with the pair it is about; the
    counterpart never does. CONFIDENTIAL: only ever part of figures over at least the
    program's minimum group size of distinct people, released per closed round; never
    linked to a person, a pair or a moment."""

    PROGRAM_TEAM = (
        "PROGRAM_TEAM",
        "Admins and the program's managers see the answer with the pair it is about; the "
        "counterpart never does.",
    )
    CONFIDENTIAL = (
        "CONFIDENTIAL",
        "Only ever part of figures over at least the program's minimum group size of "
        "distinct people, after the round closes; never linked to a person, a pair or a "
        "moment.",
    )


class TextInvites(StrEnum):
    """What a free-text question asks for: PRAISE (what went well), IMPROVEMENT (what could
    be better: an answer is a suggestion unless it reports a problem with the relationship)
    or OPEN (anything)."""

    PRAISE = "PRAISE"
    IMPROVEMENT = "IMPROVEMENT"
    OPEN = "OPEN"


class CommentIntent(DescribedEnum):
    """How an answer to a free-text question reads: a SUGGESTION for the future, a PROBLEM
    reported with the relationship, or a plain COMMENT."""

    SUGGESTION = (
        "SUGGESTION",
        "An answer to an improvement question that reports no problem; never makes a pair "
        "unhealthy.",
    )
    PROBLEM = "PROBLEM", "Reports a problem with the relationship."
    COMMENT = "COMMENT", "Any other comment."


class CommentTheme(DescribedEnum):
    """What a comment is about. The survey service finds themes with the patterns of
    `services.surveys.lexicon.THEME_PATTERNS`, one per value here."""

    MEETING_FREQUENCY = (
        "MEETING_FREQUENCY",
        "How often the pair meets: cadence and regularity.",
    )
    AVAILABILITY = (
        "AVAILABILITY",
        "Being available and reachable: replies, cancellations, rescheduling, punctuality.",
    )
    COMMUNICATION = (
        "COMMUNICATION",
        "How the two talk: listening, feedback, clarity, openness.",
    )
    GOALS_AND_CAREER = (
        "GOALS_AND_CAREER",
        "Goals, development plans, progress, career and promotion.",
    )
    SKILLS_AND_KNOWLEDGE = (
        "SKILLS_AND_KNOWLEDGE",
        "Skills, knowledge, expertise and advice passed on.",
    )
    TRUST_AND_SUPPORT = (
        "TRUST_AND_SUPPORT",
        "Trust, encouragement, care, motivation and respect.",
    )
    PROGRAM_ORGANISATION = (
        "PROGRAM_ORGANISATION",
        "How the program is run: matching, HR, surveys, training, structure and resources.",
    )


class HealthStatus(DescribedEnum):
    """A pair's health as read from feedback, check-ins and goals."""

    HEALTHY = "HEALTHY", "No reason for concern."
    WATCH = "WATCH", "One reason to keep an eye on (see the reasons)."
    AT_RISK = "AT_RISK", "Low satisfaction, or two reasons or more: act now."


class HealthReasonCode(DescribedEnum):
    """Why a pair is not healthy: each value states its rule, which
    `services.surveys.health` applies."""

    LOW_SATISFACTION = (
        "LOW_SATISFACTION",
        "Either side's latest satisfaction is 2 of 5 or lower.",
    )
    NEGATIVE_COMMENT = (
        "NEGATIVE_COMMENT",
        "Either side's latest response holds a comment to the program team that reports a "
        "problem with the relationship, or reads negative without being a suggestion "
        "(answers to what could be better are suggestions unless they report a problem; "
        "confidential answers never count).",
    )
    SATISFACTION_DROP = (
        "SATISFACTION_DROP",
        "Either side's satisfaction fell by a point or more since their previous response.",
    )
    NO_RECENT_CHECK_IN = (
        "NO_RECENT_CHECK_IN",
        "No check-in for more than twice the program's check-in cadence.",
    )
    OVERDUE_GOALS = (
        "OVERDUE_GOALS",
        "Goals past their target date, neither achieved nor dropped.",
    )
    IGNORED_INVITATIONS = (
        "IGNORED_INVITATIONS",
        "Someone in the pair left the invitations of the program's last two closed check-in "
        "rounds unanswered.",
    )
    PLAN_MISSING = (
        "PLAN_MISSING",
        "Apprenticeship: more than 30 days into the current quarter (or into the pair, if it "
        "started later), the mentor has no mentoring plan for the quarter submitted or "
        "approved (a returned plan counts as missing until it is resubmitted).",
    )
    CONCERN_RAISED = (
        "CONCERN_RAISED",
        "The mentee raised a concern about the mentoring that is not resolved yet.",
    )


class MentoringPlanStatus(DescribedEnum):
    """A quarterly mentoring plan: SUBMITTED -> APPROVED, or RETURNED -> SUBMITTED again."""

    SUBMITTED = "SUBMITTED", "Filed by the mentor; waiting for the department head's decision."
    APPROVED = "APPROVED", "Approved by the head of the mentee's department."
    RETURNED = (
        "RETURNED",
        "Returned with a comment; the mentor resubmits it as a new revision.",
    )


class ProbationDecision(DescribedEnum):
    """What an apprentice's mentor recommends at the end of probation."""

    CONFIRM_ON_TIME = (
        "CONFIRM_ON_TIME",
        "Confirm the apprentice when probation ends as scheduled; needs a passed "
        "qualification exam.",
    )
    EXTEND = (
        "EXTEND",
        "Extend probation by some months; takes effect once the program's manager or HR "
        "accepts it.",
    )


class ProbationStage(DescribedEnum):
    """Where an apprentice's probation stands: what it waits for, if anything."""

    EXAM_DUE = (
        "EXAM_DUE",
        "Waiting for the qualification exam, or for its retake after an accepted extension.",
    )
    CONFIRMATION_DUE = (
        "CONFIRMATION_DUE",
        "The exam was passed: waiting for the mentor to confirm the apprentice.",
    )
    EXTENSION_PENDING = (
        "EXTENSION_PENDING",
        "The mentor recommended an extension: waiting for the program's managers or HR.",
    )
    NOT_PASSED = (
        "NOT_PASSED",
        "The exam was failed and no extension is under way; the mentor may still recommend one.",
    )
    CONFIRMED = "CONFIRMED", "The mentor confirmed the apprentice: probation is over."


class RecommendationStatus(DescribedEnum):
    """Where a mentor's probation recommendation stands."""

    PENDING = "PENDING", "An extension waiting for the program's manager or HR."
    ACCEPTED = (
        "ACCEPTED",
        "In effect: a confirmation at once, an extension once accepted.",
    )
    REJECTED = "REJECTED", "An extension refused; the mentor may recommend again."


class ConcernStatus(DescribedEnum):
    """A concern a mentee raised about their mentoring: OPEN -> RESOLVED."""

    OPEN = "OPEN", "Raised; waiting for the program's managers or the department head."
    RESOLVED = "RESOLVED", "Dealt with; the note says how."


class YearEndComponent(DescribedEnum):
    """A part of a talent-reserve member's year-end score (`shared.talent.evaluation`)."""

    TUTOR_ASSESSMENTS = (
        "TUTOR_ASSESSMENTS",
        "The tutor's quarterly ratings in the year: the mean score of 1 to 5, as (mean - 1) / 4.",
    )
    REPORTS_ON_TIME = (
        "REPORTS_ON_TIME",
        "Of the quarters that owed a progress report (those of membership whose due date has "
        "passed), the share reported on time.",
    )
    DEVELOPMENT_ACTIVITIES = (
        "DEVELOPMENT_ACTIVITIES",
        "Against the program's development minimums: the mean share of each minimum reached "
        "(at most 1), over the periods that are over or already met.",
    )
    GOALS_ACHIEVED = (
        "GOALS_ACHIEVED",
        "Of the member's goals in the program's pairs (dropped ones left out, and those "
        "achieved in earlier years), the share achieved in the year.",
    )
