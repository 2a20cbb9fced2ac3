"""The reasons behind a compatibility score: a machine code, a sentence for people, and the
signed effect on the score (`shared.matching.compatibility` decides the effects)."""

from pydantic import BaseModel, ConfigDict

from shared.enums import DescribedEnum
from shared.matching.questionnaire import CommunicationStyle, MeetingFormat


class ReasonCode(DescribedEnum):
    """Why a pair scores as it does, or may not be proposed."""

    NEED_COVERED = (
        "NEED_COVERED",
        "The mentor's skills cover one of the mentee's development needs (named only to those "
        "who may see the mentee's needs).",
    )
    SHARED_LANGUAGE = "SHARED_LANGUAGE", "They speak at least one language in common."
    SHARED_INTEREST = "SHARED_INTEREST", "They share interests."
    OUTSIDE_PERSPECTIVE = (
        "OUTSIDE_PERSPECTIVE",
        "The mentor works in another department and brings an outside perspective.",
    )
    LEVEL_GAP = (
        "LEVEL_GAP",
        "How far the mentor stands above the mentee on the seniority ladder, against the "
        "program's ideal gap.",
    )
    STYLE_MATCH = "STYLE_MATCH", "Both prefer the same communication style."
    FORMAT_MATCH = "FORMAT_MATCH", "Both prefer the same meeting format."
    NO_SHARED_LANGUAGE = (
        "NO_SHARED_LANGUAGE",
        "Both list languages and share none; disqualifying when the program requires a "
        "shared language.",
    )
    MENTOR_NOT_SENIOR = (
        "MENTOR_NOT_SENIOR",
        "The mentor stands below the mentee on the seniority ladder.",
    )
    SAME_DEPARTMENT = (
        "SAME_DEPARTMENT",
        "Both work in the same department, which the program penalises.",
    )
    STYLE_MISMATCH = "STYLE_MISMATCH", "Their preferred communication styles differ."
    FORMAT_MISMATCH = (
        "FORMAT_MISMATCH",
        "One wants to meet in person, the other remotely.",
    )
    TUTOR_NOT_MANAGER = (
        "TUTOR_NOT_MANAGER",
        "Talent reserve: the tutor holds no management role (disqualifying).",
    )
    TUTOR_NOT_ABOVE_MEMBER = (
        "TUTOR_NOT_ABOVE_MEMBER",
        "Talent reserve: the tutor does not stand above the member (disqualifying).",
    )


_CODE_ORDER = {code: index for index, code in enumerate(ReasonCode)}


class MatchReason(BaseModel):
    """One reason: its code, a sentence for people, and its signed effect on the score. A
    disqualifying reason forbids proposing the pair whatever the score. `need` is the mentee's
    development need a NEED_COVERED reason names: private to the mentee, admins and the
    managers they disclosed it to, so it is shown to others `without_need()`."""

    model_config = ConfigDict(frozen=True)

    code: ReasonCode
    message: str
    weight: float
    disqualifying: bool = False
    need: str | None = None

    def order(self) -> tuple[bool, float, int, str]:
        """Disqualifying reasons first, then the largest effect on the score."""
        return (not self.disqualifying, -abs(self.weight), _CODE_ORDER[self.code], self.message)

    def without_need(self) -> "MatchReason":
        """The reason as someone who may not see the mentee's development needs reads it."""
        if self.need is None:
            return self
        return self.model_copy(update={"message": NEED_WITHHELD, "need": None})


NEED_WITHHELD = "Mentor's skills cover one of the mentee's development needs"
# How a covered need reads, now and in pairs stored before reasons carried their code.
NEED_COVERED_PREFIXES = (
    "Mentor's skills cover a development need: ",
    "Mentor's skill matches a development need: ",
)


def need_withheld(message: str) -> str:
    """A reason stored only as text, as someone who may not see the mentee's needs reads it."""
    return NEED_WITHHELD if message.startswith(NEED_COVERED_PREFIXES) else message


def need_covered(need: str, weight: float) -> MatchReason:
    message = f"{NEED_COVERED_PREFIXES[0]}{need}"
    return MatchReason(code=ReasonCode.NEED_COVERED, message=message, weight=weight, need=need)


def shared_language(languages: list[str], weight: float) -> MatchReason:
    message = "Shared language: " + ", ".join(languages)
    return MatchReason(code=ReasonCode.SHARED_LANGUAGE, message=message, weight=weight)


def no_shared_language(
    mentor_languages: list[str], mentee_languages: list[str], weight: float, *, required: bool
) -> MatchReason:
    message = (
        f"No shared language: the mentor speaks {', '.join(mentor_languages)}, "
        f"the mentee {', '.join(mentee_languages)}"
    )
    return MatchReason(
        code=ReasonCode.NO_SHARED_LANGUAGE, message=message, weight=weight, disqualifying=required
    )


def shared_interests(interests: list[str], weight: float) -> MatchReason:
    message = "Shared interests: " + ", ".join(interests)
    return MatchReason(code=ReasonCode.SHARED_INTEREST, message=message, weight=weight)


def outside_perspective(department: str, weight: float) -> MatchReason:
    message = f"Outside perspective from {department}"
    return MatchReason(code=ReasonCode.OUTSIDE_PERSPECTIVE, message=message, weight=weight)


def same_department(department: str, weight: float) -> MatchReason:
    message = f"Same department ({department}): no outside perspective"
    return MatchReason(code=ReasonCode.SAME_DEPARTMENT, message=message, weight=weight)


def level_gap(mentor_level: str, mentee_level: str, gap: int, weight: float) -> MatchReason:
    levels = f"({mentor_level} and {mentee_level})"
    if gap == 0:
        message = f"Mentor and mentee are at the same level {levels}"
    else:
        steps = "one step" if abs(gap) == 1 else f"{abs(gap)} steps"
        direction = "above" if gap > 0 else "below"
        message = f"Mentor is {steps} {direction} the mentee on the seniority ladder {levels}"
    return MatchReason(code=ReasonCode.LEVEL_GAP, message=message, weight=weight)


def mentor_not_senior(mentor_level: str, mentee_level: str, weight: float) -> MatchReason:
    message = (
        f"The mentor ({mentor_level}) is below the mentee ({mentee_level}) on the seniority ladder"
    )
    return MatchReason(code=ReasonCode.MENTOR_NOT_SENIOR, message=message, weight=weight)


def tutor_not_manager() -> MatchReason:
    return MatchReason(
        code=ReasonCode.TUTOR_NOT_MANAGER,
        message="A tutor must be a director, manager or supervisor",
        weight=0.0,
        disqualifying=True,
    )


def tutor_not_above_member(mentor_level: str, mentee_level: str) -> MatchReason:
    return MatchReason(
        code=ReasonCode.TUTOR_NOT_ABOVE_MEMBER,
        message=f"A tutor must stand above the member: {mentor_level} is not above {mentee_level}",
        weight=0.0,
        disqualifying=True,
    )


def style(mentor: CommunicationStyle, mentee: CommunicationStyle, weight: float) -> MatchReason:
    if mentor == mentee:
        message = f"Both prefer a {mentee.lower()} communication style"
        return MatchReason(code=ReasonCode.STYLE_MATCH, message=message, weight=weight)
    message = (
        f"Communication styles differ: the mentor prefers {mentor.lower()}, "
        f"the mentee {mentee.lower()}"
    )
    return MatchReason(code=ReasonCode.STYLE_MISMATCH, message=message, weight=weight)


def meeting_format(mentor: MeetingFormat, mentee: MeetingFormat, weight: float) -> MatchReason:
    wanted, offered = _spoken(mentee), _spoken(mentor)
    if weight > 0:
        message = f"Both prefer to meet {wanted}"
        return MatchReason(code=ReasonCode.FORMAT_MATCH, message=message, weight=weight)
    message = f"Meeting formats differ: the mentor prefers {offered}, the mentee {wanted}"
    return MatchReason(code=ReasonCode.FORMAT_MISMATCH, message=message, weight=weight)


def _spoken(value: MeetingFormat) -> str:
    return value.lower().replace("_", "-")
