"""A program's matching rules in GraphQL: the type that shows them, with every default said in
the schema, and the input that changes some of them."""

from typing import Any

import strawberry

from shared.enums import ProgramKind
from shared.matching import MatchingRules as Rules

UNSET: Any = strawberry.UNSET


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _default(name: str) -> str:
    """`Default 0.1 (APPRENTICESHIP: 0).`: the default, and where a kind of program differs."""
    base = getattr(Rules(), name)
    others = [
        f"{kind.value}: {_shown(value)}"
        for kind in ProgramKind
        if (value := getattr(Rules.for_program_kind(kind), name)) != base
    ]
    return f"Default {_shown(base)}" + (f" ({'; '.join(others)})." if others else ".")


def _rule(name: str) -> Any:
    return strawberry.field(description=f"{Rules.model_fields[name].description} {_default(name)}")


def _change(name: str) -> Any:
    description = Rules.model_fields[name].description
    return strawberry.field(default=UNSET, description=f"{description} Omitted: unchanged.")


@strawberry.type(
    description="How a program scores and proposes mentor/mentee pairs. A pair's score is the "
    "weighted mean of its signals, each from 0 to 1 (the weights are relative: only their "
    "proportions matter), minus its penalties, kept within 0 to 1. Each field gives its "
    "default; where a kind of program has its own, it is named."
)
class MatchingRules:
    need_weight: float = _rule("need_weight")
    language_weight: float = _rule("language_weight")
    interest_weight: float = _rule("interest_weight")
    outside_perspective_weight: float = _rule("outside_perspective_weight")
    level_weight: float = _rule("level_weight")
    style_weight: float = _rule("style_weight")
    format_weight: float = _rule("format_weight")
    needs_for_full_coverage: int = _rule("needs_for_full_coverage")
    ideal_level_gap_min: int = _rule("ideal_level_gap_min")
    ideal_level_gap_max: int = _rule("ideal_level_gap_max")
    no_shared_language_penalty: float = _rule("no_shared_language_penalty")
    shared_language_required: bool = _rule("shared_language_required")
    mentor_not_senior_penalty: float = _rule("mentor_not_senior_penalty")
    same_department_penalty: float = _rule("same_department_penalty")
    tutor_must_be_manager: bool = _rule("tutor_must_be_manager")
    min_score: float = _rule("min_score")
    preference_bonus: list[float] = _rule("preference_bonus")
    is_default: bool = strawberry.field(
        description="True while the program uses the defaults for its kind (it never set its "
        "own rules, or went back to the defaults); false on a proposal's copy of its rules."
    )

    @classmethod
    def of(cls, rules: Rules, *, is_default: bool) -> "MatchingRules":
        values = rules.model_dump()
        values["preference_bonus"] = list(rules.preference_bonus)
        return cls(**values, is_default=is_default)


@strawberry.input(description="Matching rules to change; omitted ones stay as they are.")
class MatchingRulesInput:
    need_weight: float | None = _change("need_weight")
    language_weight: float | None = _change("language_weight")
    interest_weight: float | None = _change("interest_weight")
    outside_perspective_weight: float | None = _change("outside_perspective_weight")
    level_weight: float | None = _change("level_weight")
    style_weight: float | None = _change("style_weight")
    format_weight: float | None = _change("format_weight")
    needs_for_full_coverage: int | None = _change("needs_for_full_coverage")
    ideal_level_gap_min: int | None = _change("ideal_level_gap_min")
    ideal_level_gap_max: int | None = _change("ideal_level_gap_max")
    no_shared_language_penalty: float | None = _change("no_shared_language_penalty")
    shared_language_required: bool | None = _change("shared_language_required")
    mentor_not_senior_penalty: float | None = _change("mentor_not_senior_penalty")
    same_department_penalty: float | None = _change("same_department_penalty")
    tutor_must_be_manager: bool | None = _change("tutor_must_be_manager")
    min_score: float | None = _change("min_score")
    preference_bonus: list[float] | None = _change("preference_bonus")
