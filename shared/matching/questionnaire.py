"""The short matching questionnaire: how a participant likes to communicate and to meet.

Both questions are optional, for mentors and mentees alike. Where both sides answered a
question, agreeing counts for the pair and disagreeing against it; an unanswered question
counts neither way (see `shared.matching.compatibility`).
"""

from pydantic import BaseModel, ConfigDict

from shared.enums import DescribedEnum


class CommunicationStyle(DescribedEnum):
    """How a participant likes mentoring conversations to run."""

    STRUCTURED = "STRUCTURED", "An agenda, clear action items and follow-up on each."
    CONVERSATIONAL = "CONVERSATIONAL", "Open discussion that follows what comes up."
    CHALLENGING = (
        "CHALLENGING",
        "Direct feedback and being pushed out of the comfort zone.",
    )


class MeetingFormat(DescribedEnum):
    """Where a participant likes to meet. HYBRID is at ease with either, so it neither agrees
    nor disagrees with IN_PERSON or REMOTE."""

    IN_PERSON = "IN_PERSON", "Face to face."
    REMOTE = "REMOTE", "By video or phone."
    HYBRID = "HYBRID", "Either; goes with both other formats."


class MatchingAnswers(BaseModel):
    """One participant's answers to the matching questionnaire; None is unanswered."""

    model_config = ConfigDict(frozen=True)

    communication_style: CommunicationStyle | None = None
    meeting_format: MeetingFormat | None = None


def formats_agree(mentor: MeetingFormat, mentee: MeetingFormat) -> bool | None:
    """True when both want the same format, False when one wants to meet in person and the
    other remotely, None (neutral) when either is happy with both."""
    return _FORMAT_AGREEMENT[mentor, mentee]


_FORMAT_AGREEMENT = {
    (mentor, mentee): (
        None if MeetingFormat.HYBRID in (mentor, mentee) and mentor != mentee else mentor == mentee
    )
    for mentor in MeetingFormat
    for mentee in MeetingFormat
}
