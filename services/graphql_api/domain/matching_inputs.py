"""Validated input of matching's operations (see `inputs` for the common types)."""

from typing import Annotated

from beanie import PydanticObjectId
from pydantic import Field, StringConstraints, field_validator

from services.graphql_api.domain.inputs import MAX_LIST_ITEMS, _Input
from shared.matching import CommunicationStyle, MeetingFormat
from shared.models.matching import MAX_PREFERRED_MENTORS

Message = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Weight = Annotated[float, Field(ge=0, le=1)]


class MatchingRulesChange(_Input):
    """Matching rules to change; None keeps the current value (see `MatchingRules`)."""

    need_weight: Weight | None = None
    language_weight: Weight | None = None
    interest_weight: Weight | None = None
    outside_perspective_weight: Weight | None = None
    level_weight: Weight | None = None
    style_weight: Weight | None = None
    format_weight: Weight | None = None
    needs_for_full_coverage: int | None = Field(default=None, ge=1, le=10)
    ideal_level_gap_min: int | None = Field(default=None, ge=0, le=6)
    ideal_level_gap_max: int | None = Field(default=None, ge=0, le=6)
    no_shared_language_penalty: Weight | None = None
    shared_language_required: bool | None = None
    mentor_not_senior_penalty: Weight | None = None
    same_department_penalty: Weight | None = None
    tutor_must_be_manager: bool | None = None
    min_score: Weight | None = None
    preference_bonus: tuple[Weight, Weight, Weight] | None = None


class MatchingAnswersChange(_Input):
    """Questionnaire answers to set: a question left out keeps its answer, None clears it."""

    communication_style: CommunicationStyle | None = None
    meeting_format: MeetingFormat | None = None


class MatchPreferencesSet(_Input):
    """A mentee's preferred mentors in a program, first choice first; empty clears them."""

    program_id: PydanticObjectId
    mentor_ids: list[PydanticObjectId] = Field(max_length=MAX_PREFERRED_MENTORS)

    @field_validator("mentor_ids")
    @classmethod
    def _each_once(cls, mentor_ids: list[PydanticObjectId]) -> list[PydanticObjectId]:
        if len(set(mentor_ids)) != len(mentor_ids):
            raise ValueError("name each preferred mentor once")
        return mentor_ids


class MentorshipRequest(_Input):
    """A mentee asks a mentor of the program to mentor them."""

    program_id: PydanticObjectId
    mentor_id: PydanticObjectId
    message: Message = ""


class ProposalChoice(_Input):
    """One pair of a proposal to apply."""

    mentee_id: PydanticObjectId
    mentor_id: PydanticObjectId


class ProposalApply(_Input):
    """The pairs of a proposal to apply; None applies every pair not applied yet."""

    proposal_id: PydanticObjectId
    pairs: list[ProposalChoice] | None = Field(default=None, max_length=MAX_LIST_ITEMS * 10)


class PairActivation(_Input):
    """A program manager starts a proposed pair without both sides' acceptance."""

    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
