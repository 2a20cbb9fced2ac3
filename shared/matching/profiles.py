"""What matching knows of a participant: the fields of their profile that compatibility reads,
their free mentoring capacity, and their answers to the matching questionnaire."""

from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from shared.matching.questionnaire import MatchingAnswers


class ParticipantProfile(Protocol):
    """The participant fields matching reads (a `shared.models.Participant` has them all)."""

    @property
    def id(self) -> object: ...

    department: str
    title: str
    level: str
    echelon: int | None
    skills: list[str]
    development_needs: list[str]
    interests: list[str]
    languages: list[str]
    mentor_capacity: int
    open_mentor_pairs: int


class MatchProfile(BaseModel):
    """A participant as matching sees them, identified by the string form of their id."""

    model_config = ConfigDict(frozen=True)

    id: str
    department: str = ""
    title: str = ""
    level: str = ""
    echelon: int | None = Field(default=None, ge=1, le=3)
    skills: tuple[str, ...] = ()
    development_needs: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    mentor_capacity: int = Field(default=0, ge=0)
    open_mentor_pairs: int = Field(default=0, ge=0)
    answers: MatchingAnswers = Field(default_factory=MatchingAnswers)

    @property
    def free_capacity(self) -> int:
        """How many more mentees they can take on as a mentor."""
        return max(0, self.mentor_capacity - self.open_mentor_pairs)

    @classmethod
    def of(
        cls, participant: ParticipantProfile, answers: MatchingAnswers | None = None
    ) -> "MatchProfile":
        """The profile of a stored participant, with their questionnaire answers if any."""
        return cls(
            id=str(participant.id),
            department=participant.department,
            title=participant.title,
            level=participant.level,
            echelon=participant.echelon,
            skills=tuple(participant.skills),
            development_needs=tuple(participant.development_needs),
            interests=tuple(participant.interests),
            languages=tuple(participant.languages),
            mentor_capacity=participant.mentor_capacity,
            open_mentor_pairs=participant.open_mentor_pairs,
            answers=answers or MatchingAnswers(),
        )
