"""Validated input of the talent reserve's operations (see `inputs` for the common types)."""

from datetime import date
from typing import Annotated

from beanie import PydanticObjectId
from pydantic import AfterValidator, Field, StringConstraints

from services.graphql_api.domain.inputs import (
    MAX_LIST_ITEMS,
    Ids,
    LongText,
    Name,
    Quarter,
    Reason,
    ShortText,
    _Input,
)
from shared.enums import DevelopmentActivityKind
from shared.feedback.periods import FIRST_YEAR, LAST_YEAR

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]


class Review(_Input):
    passed: bool
    note: Reason = ""


class Objection(_Input):
    reason: Reason


class ObjectionDecision(_Input):
    uphold: bool
    note: Reason = ""


def _in_calendar(day: date) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"the date must fall between {FIRST_YEAR} and {LAST_YEAR}")
    return day


Day = Annotated[date, AfterValidator(_in_calendar)]


class ActivityFields(_Input):
    kind: DevelopmentActivityKind
    title: Name
    started_on: Day
    ended_on: Day
    hours: float = Field(ge=0, le=2000)
    note: LongText = ""


class ActivityLog(ActivityFields):
    enrollment_id: PydanticObjectId


class ActivityCorrect(ActivityFields):
    id: PydanticObjectId


class ActivityRemove(_Input):
    id: PydanticObjectId
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]


class ReportSubmit(_Input):
    enrollment_id: PydanticObjectId
    quarter: Quarter
    work: Text
    study: Text
    next_steps: Text


class RatingInput(_Input):
    competency: Annotated[ShortText, StringConstraints(min_length=1)]
    score: int = Field(ge=1, le=5)


def _one_per_competency(ratings: list[RatingInput]) -> list[RatingInput]:
    names = [rating.competency.casefold() for rating in ratings]
    if len(set(names)) != len(names):
        raise ValueError("rate each competency once")
    return ratings


class AssessmentSubmit(_Input):
    enrollment_id: PydanticObjectId
    quarter: Quarter
    ratings: Annotated[
        list[RatingInput], Field(min_length=1, max_length=50), AfterValidator(_one_per_competency)
    ]
    comment: LongText = ""


class OutstandingChoice(_Input):
    program_id: PydanticObjectId
    year: int = Field(ge=FIRST_YEAR, le=LAST_YEAR)
    participant_ids: Annotated[Ids, Field(min_length=1, max_length=MAX_LIST_ITEMS)]
    note: LongText = ""
