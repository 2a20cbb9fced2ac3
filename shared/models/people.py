"""Participants: the employees who take part in programs as mentors, mentees or managers."""

from pydantic import Field
from pymongo import ASCENDING, IndexModel

from shared.matching import MatchingAnswers
from shared.models.base import TimestampedDocument


class Participant(TimestampedDocument):
    """An employee known to the platform. E-mail is unique, compared case-insensitively."""

    name: str
    email: str  # stored lower-case so the unique index is case-insensitive
    department: str = ""
    title: str = ""
    level: str = ""
    echelon: int | None = Field(default=None, ge=1, le=3)
    skills: list[str] = Field(default_factory=list)
    development_needs: list[str] = Field(default_factory=list)
    interests: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)
    mentor_capacity: int = Field(default=0, ge=0, le=20)
    # PROPOSED plus ACTIVE pairs as mentor, kept in step with the pairs in the same transaction;
    # a conditional increment is what keeps concurrent pair proposals within capacity.
    open_mentor_pairs: int = Field(default=0, ge=0)
    # The matching questionnaire (communication style, meeting format), set by the person.
    matching_answers: MatchingAnswers = Field(default_factory=MatchingAnswers)
    active: bool = True
    name_key: str = ""  # lower-case name, for search

    class Settings:
        name = "participants"
        validate_on_save = True
        indexes = [
            IndexModel([("email", ASCENDING)], unique=True, name="email_unique"),
            IndexModel([("department", ASCENDING), ("_id", ASCENDING)], name="department_id"),
            IndexModel([("echelon", ASCENDING), ("_id", ASCENDING)], name="echelon_id"),
            IndexModel([("skills", ASCENDING), ("_id", ASCENDING)], name="skills_id"),
            # Search by name, and the orders of `participants(orderBy:)` (DEPARTMENT rides
            # `department_id`).
            IndexModel([("name_key", ASCENDING), ("_id", ASCENDING)], name="name_key_id"),
            IndexModel([("created_at", ASCENDING), ("_id", ASCENDING)], name="created_id"),
        ]
