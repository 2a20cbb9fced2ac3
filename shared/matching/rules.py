"""A program's matching rules: how much each compatibility signal weighs, what disqualifies a
pair, the floor below which no pair is proposed, and the bonus for a mentee's chosen mentors.

The signal weights are relative: a pair's score is the weighted mean of its signals (each
from 0 to 1), so only their proportions matter and they need not sum to 1. Penalties are
subtracted from that mean, and the result is kept within [0, 1].
"""

from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.enums import ProgramKind

Weight = Annotated[float, Field(ge=0, le=1)]


class MatchingRules(BaseModel):
    """How one program scores and assigns mentor/mentee pairs (see
    `shared.matching.compatibility` for each signal)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    need_weight: Weight = Field(
        default=0.45,
        description="The share of the mentee's development needs the mentor's skills cover.",
    )
    language_weight: Weight = Field(
        default=0.10, description="Speaking at least one language in common."
    )
    interest_weight: Weight = Field(
        default=0.10, description="Interests in common (two or more count fully)."
    )
    outside_perspective_weight: Weight = Field(
        default=0.10, description="A mentor from another department, who sees things afresh."
    )
    level_weight: Weight = Field(
        default=0.15, description="A level gap within the ideal range, fading outside it."
    )
    style_weight: Weight = Field(
        default=0.05,
        description="Both answered the communication-style question: agreeing adds this "
        "weight, disagreeing removes it.",
    )
    format_weight: Weight = Field(
        default=0.05,
        description="Both answered the meeting-format question: agreeing adds this weight, "
        "disagreeing removes it.",
    )
    needs_for_full_coverage: int = Field(
        default=3,
        ge=1,
        le=10,
        description="Covering this many needs (or all of them, if the mentee has fewer) "
        "counts as full coverage.",
    )
    ideal_level_gap_min: int = Field(
        default=1,
        ge=0,
        le=6,
        description="The smallest ideal number of ladder steps the "
        "mentor stands above the mentee; 0 for peer mentoring.",
    )
    ideal_level_gap_max: int = Field(
        default=2, ge=0, le=6, description="The largest ideal number of ladder steps."
    )
    no_shared_language_penalty: Weight = Field(
        default=0.5,
        description="Subtracted when both list languages and share none: they cannot talk.",
    )
    shared_language_required: bool = Field(
        default=True,
        description="Never propose a pair without a shared language (when both list languages).",
    )
    mentor_not_senior_penalty: Weight = Field(
        default=0.2,
        description="Subtracted when the mentor is below the mentee on the ladder in a "
        "program whose ideal gap puts the mentor above.",
    )
    same_department_penalty: Weight = Field(
        default=0.0,
        description="Subtracted when both are in the same department (0: no penalty).",
    )
    tutor_must_be_manager: bool = Field(
        default=False,
        description="Talent reserve: the tutor must hold a management role (director, "
        "manager or supervisor) and stand above the member on the ladder.",
    )
    min_score: Weight = Field(
        default=0.2, description="Pairs scoring below this are never proposed."
    )
    preference_bonus: tuple[Weight, Weight, Weight] = Field(
        default=(0.15, 0.10, 0.05),
        description="Added to the assignment's objective (not to the score) when a mentee "
        "gets their 1st, 2nd or 3rd preferred mentor.",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.ideal_level_gap_min > self.ideal_level_gap_max:
            raise ValueError("ideal_level_gap_min must not exceed ideal_level_gap_max")
        if self.signal_weight_total() == 0:
            raise ValueError("at least one signal weight must be above 0")
        first, second, third = self.preference_bonus
        if not first >= second >= third:
            raise ValueError("preference_bonus must not increase from 1st to 3rd choice")
        return self

    def signal_weight_total(self) -> float:
        """The sum of the signal weights, by which each is divided."""
        return (
            self.need_weight
            + self.language_weight
            + self.interest_weight
            + self.outside_perspective_weight
            + self.level_weight
            + self.style_weight
            + self.format_weight
        )

    @classmethod
    def for_program_kind(cls, kind: ProgramKind) -> "MatchingRules":
        """Defaults suited to each kind of program described in the design."""
        match kind:
            case ProgramKind.APPRENTICESHIP:
                # A master teaches an apprentice of their own trade, usually in their department.
                return cls(outside_perspective_weight=0.0, ideal_level_gap_max=3)
            case ProgramKind.TALENT_RESERVE:
                return cls(tutor_must_be_manager=True, ideal_level_gap_max=3)
            case ProgramKind.PEER:
                return cls(ideal_level_gap_min=0, ideal_level_gap_max=0)
            case _:
                return cls()
