"""A program's matching rules: validated when set, with defaults per kind of program, and the
seniority ladder they rely on."""

import pytest
from pydantic import ValidationError

from shared.enums import ProgramKind
from shared.matching import MatchingRules
from shared.matching.seniority import holds_management_role, level_rank


def test_the_default_weights_favour_covered_needs() -> None:
    rules = MatchingRules()

    assert rules.need_weight > rules.level_weight > rules.language_weight > rules.style_weight
    assert rules.signal_weight_total() == pytest.approx(1.0)
    assert rules.min_score == 0.2
    assert rules.preference_bonus == (0.15, 0.10, 0.05)
    assert rules.shared_language_required


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"need_weight": 1.5}, "less than or equal to 1"),
        ({"language_weight": -0.1}, "greater than or equal to 0"),
        ({"min_score": 2}, "less than or equal to 1"),
        ({"needs_for_full_coverage": 0}, "greater than or equal to 1"),
        ({"ideal_level_gap_min": 3, "ideal_level_gap_max": 1}, "must not exceed"),
        ({"preference_bonus": (0.05, 0.10, 0.15)}, "must not increase"),
        ({"preference_bonus": (0.2, 0.1)}, "Field required"),
        ({"preference_bonus": (2, 0.1, 0)}, "less than or equal to 1"),
        (
            {
                "need_weight": 0,
                "language_weight": 0,
                "interest_weight": 0,
                "outside_perspective_weight": 0,
                "level_weight": 0,
                "style_weight": 0,
                "format_weight": 0,
            },
            "at least one signal weight",
        ),
        ({"skill_weight": 0.5}, "Extra inputs are not permitted"),
    ],
)
def test_rules_out_of_range_are_refused(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        MatchingRules.model_validate(fields)


def test_rules_round_trip_as_a_sub_document() -> None:
    rules = MatchingRules(need_weight=0.6, min_score=0.3, tutor_must_be_manager=True)

    assert MatchingRules.model_validate(rules.model_dump(mode="json")) == rules


def test_each_kind_of_program_gets_fitting_defaults() -> None:
    apprenticeship = MatchingRules.for_program_kind(ProgramKind.APPRENTICESHIP)
    reserve = MatchingRules.for_program_kind(ProgramKind.TALENT_RESERVE)
    peer = MatchingRules.for_program_kind(ProgramKind.PEER)

    assert apprenticeship.outside_perspective_weight == 0  # masters teach their own trade
    assert reserve.tutor_must_be_manager and not MatchingRules().tutor_must_be_manager
    assert (peer.ideal_level_gap_min, peer.ideal_level_gap_max) == (0, 0)
    assert MatchingRules.for_program_kind(ProgramKind.ONBOARDING) == MatchingRules()


def test_the_ladder_orders_the_levels_the_organisation_uses() -> None:
    demo_levels = ["Junior", "Mid", "Senior", "Principal", "Director"]

    ranks = [level_rank(level) for level in demo_levels]

    assert ranks == [1, 2, 3, 4, 5]
    assert level_rank("Intern") == 0 and level_rank("VP") == 6
    assert level_rank(" mid-level ") == level_rank("Mid_Level") == level_rank("mid")
    assert level_rank("senior manager") == level_rank("Director")
    assert level_rank("Wizard") is None and level_rank("") is None


@pytest.mark.parametrize(
    ("title", "level", "manages"),
    [
        ("Head of Production", "Director", True),
        ("Maintenance Supervisor", "Senior", True),
        ("Engineering Manager", "Senior", True),
        ("VP Engineering", "", True),
        ("Finance Director", "", True),
        ("Principal Engineer", "Director", True),  # the level says so
        ("Senior Product Manager", "Senior", False),
        ("Talent Programs Manager", "Senior", False),
        ("Account Executive", "Mid", False),
        ("Production Team Leader", "Mid", False),
        ("Senior Process Engineer", "Senior", False),
    ],
)
def test_management_roles_come_from_the_title_or_a_director_level(
    title: str, level: str, manages: bool
) -> None:
    assert holds_management_role(title=title, level=level) is manages
