"""Compatibility: what a program manager reads next to a proposed pair, its score and reasons."""

import pytest
from beanie import PydanticObjectId

from shared.enums import ProgramKind
from shared.matching import (
    CommunicationStyle,
    MatchingAnswers,
    MatchingRules,
    MatchProfile,
    MeetingFormat,
    ReasonCode,
    assess,
    assess_match,
    suggest,
)
from shared.models import Participant
from tests.matching.factories import make_mentor, make_profile

RULES = MatchingRules()
DANIEL = make_profile(
    "daniel",
    department="Manufacturing",
    title="Apprentice Machinist",
    level="Junior",
    development_needs=["CNC machining", "Safety procedures"],
    interests=["Football"],
    languages=["English"],
)
TOMASZ = make_mentor(
    "tomasz",
    department="Manufacturing",
    level="Senior",
    skills=["CNC machining", "Equipment maintenance", "Safety procedures"],
    interests=["Motorbikes"],
    languages=["English", "Polish"],
)
RAJESH = make_mentor(
    "rajesh",
    department="Manufacturing",
    level="Senior",
    skills=["Equipment maintenance", "PLC programming", "safety procedures"],
    interests=["Cricket"],
    languages=["English", "Hindi"],
)
ELENA = make_mentor(
    "elena",
    department="Engineering",
    level="Director",
    skills=["Architecture", "Strategy"],
    interests=["Football", "Sailing"],
    languages=["English", "Russian"],
)
PIERRE = make_mentor(
    "pierre",
    department="Quality",
    level="Senior",
    skills=["CNC machining", "Safety procedures"],
    languages=["French"],
)


def codes(
    mentor: MatchProfile, mentee: MatchProfile, rules: MatchingRules = RULES
) -> list[ReasonCode]:
    return [reason.code for reason in assess(mentor, mentee, rules).reasons]


def test_mentors_rank_by_how_well_they_cover_the_mentees_needs_with_reasons() -> None:
    suggestions = suggest(DANIEL, [ELENA, PIERRE, RAJESH, TOMASZ], rules=RULES)

    assert [(s.mentor_id, round(s.score, 3)) for s in suggestions] == [
        ("tomasz", 0.7),
        ("rajesh", 0.475),
        ("elena", 0.25),
    ]
    assert [(r.code, r.message) for r in suggestions[0].reasons] == [
        (ReasonCode.NEED_COVERED, "Mentor's skills cover a development need: CNC machining"),
        (ReasonCode.NEED_COVERED, "Mentor's skills cover a development need: Safety procedures"),
        (
            ReasonCode.LEVEL_GAP,
            "Mentor is 2 steps above the mentee on the seniority ladder (Senior and Junior)",
        ),
        (ReasonCode.SHARED_LANGUAGE, "Shared language: English"),
    ]
    weights = [abs(reason.weight) for reason in suggestions[0].reasons]
    assert weights == sorted(weights, reverse=True)
    assert codes(ELENA, DANIEL) == [
        ReasonCode.SHARED_LANGUAGE,
        ReasonCode.OUTSIDE_PERSPECTIVE,
        ReasonCode.SHARED_INTEREST,
    ]


def test_no_shared_language_disqualifies_and_comes_first() -> None:
    compatibility = assess(PIERRE, DANIEL, RULES)

    assert not compatibility.eligible
    first = compatibility.reasons[0]
    assert first.code == ReasonCode.NO_SHARED_LANGUAGE and first.disqualifying
    assert first.message == "No shared language: the mentor speaks French, the mentee English"
    assert compatibility.score == pytest.approx(0.45 - 0.5 + 0.1 + 0.15)

    tolerant = assess(PIERRE, DANIEL, RULES.model_copy(update={"shared_language_required": False}))
    assert tolerant.eligible and tolerant.score == compatibility.score


def test_languages_unknown_on_either_side_count_neither_way() -> None:
    mentee = make_profile(development_needs=["Negotiation"])
    speaks_french = make_mentor(skills=["Negotiation"], languages=["French"])
    lists_none = make_mentor(skills=["Negotiation"])

    assert assess(speaks_french, mentee, RULES).score == assess(lists_none, mentee, RULES).score
    assert assess(speaks_french, mentee, RULES).eligible


@pytest.mark.parametrize(
    ("needs", "covered", "coverage"),
    [
        (["A"], ["a"], 1.0),
        (["A", "B"], ["A"], 0.5),
        (["A", "B", "C", "D", "E"], ["A"], 1 / 3),
        (["A", "B", "C", "D", "E"], ["A", "b"], 2 / 3),
        (["A", "B", "C", "D", "E"], ["A", "B", "C"], 1.0),
        (["A", "B", "C", "D", "E"], ["A", "B", "C", "D", "E"], 1.0),
        (["A", "B"], [], 0.0),
    ],
)
def test_need_coverage_is_the_share_covered_saturating_at_three(
    needs: list[str], covered: list[str], coverage: float
) -> None:
    mentee = make_profile(development_needs=needs)
    mentor = make_mentor(skills=[*covered, "Unrelated"])

    compatibility = assess(mentor, mentee, RULES)

    assert compatibility.score == pytest.approx(0.45 * coverage)
    need_reasons = [r for r in compatibility.reasons if r.code == ReasonCode.NEED_COVERED]
    assert len(need_reasons) == len(covered)
    assert sum(r.weight for r in need_reasons) == pytest.approx(0.45 * coverage)


def test_needs_and_skills_compare_case_insensitively_and_keep_the_mentees_words() -> None:
    mentee = make_profile(development_needs=["cnc machining", "CNC Machining"])
    mentor = make_mentor(skills=["CNC  machining"])

    compatibility = assess(mentor, mentee, RULES)

    assert compatibility.score == pytest.approx(0.45)
    assert [r.message for r in compatibility.reasons] == [
        "Mentor's skills cover a development need: cnc machining"
    ]


@pytest.mark.parametrize(
    ("mentor_level", "mentee_level", "level_term"),
    [
        ("Senior", "Mid", 0.15),  # one step above: ideal
        ("Senior", "Junior", 0.15),  # two steps: ideal
        ("Principal", "Junior", 0.075),  # three steps: half
        ("Director", "Junior", 0.0),  # four steps: too far apart to count
        ("Mid", "Mid", 0.075),  # the same level: half
        ("Wizard", "Junior", 0.0),  # not on the ladder: neutral
        ("Senior", "", 0.0),  # not given: neutral
    ],
)
def test_a_mentor_one_or_two_steps_above_fits_best(
    mentor_level: str, mentee_level: str, level_term: float
) -> None:
    mentee = make_profile(level=mentee_level, development_needs=["Budgeting"])
    mentor = make_mentor(level=mentor_level, skills=["Budgeting"])

    compatibility = assess(mentor, mentee, RULES)

    assert compatibility.score == pytest.approx(0.45 + level_term)
    assert (ReasonCode.LEVEL_GAP in codes(mentor, mentee)) == (level_term > 0)
    assert ReasonCode.MENTOR_NOT_SENIOR not in codes(mentor, mentee)


def test_a_mentor_below_the_mentee_is_penalised_except_among_peers() -> None:
    mentee = make_profile(level="Senior", development_needs=["Budgeting"])
    mentor = make_mentor(level="Junior", skills=["Budgeting"])

    compatibility = assess(mentor, mentee, RULES)
    assert compatibility.score == pytest.approx(0.45 - 0.2)
    assert [r.code for r in compatibility.reasons] == [
        ReasonCode.NEED_COVERED,
        ReasonCode.MENTOR_NOT_SENIOR,
    ]
    assert compatibility.reasons[1].weight == -0.2
    assert compatibility.reasons[1].message == (
        "The mentor (Junior) is below the mentee (Senior) on the seniority ladder"
    )

    peers = MatchingRules.for_program_kind(ProgramKind.PEER)
    assert assess(mentor, mentee, peers).score == pytest.approx(0.45)
    same_level = make_mentor(level="senior", skills=["Budgeting"])
    assert assess(same_level, mentee, peers).score == pytest.approx(0.45 + 0.15)


def test_a_talent_reserve_tutor_is_a_manager_above_the_member() -> None:
    reserve = MatchingRules.for_program_kind(ProgramKind.TALENT_RESERVE)
    member = make_profile(title="Production Team Leader", level="Mid", echelon=3)
    director = make_profile(title="Finance Director", level="Director", echelon=1)

    def tutor(title: str, level: str) -> MatchProfile:
        return make_mentor(title=title, level=level)

    engineer = tutor("Senior Process Engineer", "Senior")
    assert codes(engineer, member, reserve) == [ReasonCode.TUTOR_NOT_MANAGER, ReasonCode.LEVEL_GAP]
    assert codes(tutor("Senior Product Manager", "Senior"), member, reserve)[0] == (
        ReasonCode.TUTOR_NOT_MANAGER
    )
    assert assess(tutor("Maintenance Supervisor", "Senior"), member, reserve).eligible
    assert assess(tutor("Head of Production", "Director"), member, reserve).eligible
    assert codes(tutor("Head of Sales", "Director"), director, reserve)[0] == (
        ReasonCode.TUTOR_NOT_ABOVE_MEMBER
    )
    # Outside a talent reserve anyone may mentor.
    assert assess(engineer, member, RULES).eligible


@pytest.mark.parametrize(
    ("mentor_answers", "mentee_answers", "term", "code"),
    [
        (
            MatchingAnswers(communication_style=CommunicationStyle.STRUCTURED),
            MatchingAnswers(communication_style=CommunicationStyle.STRUCTURED),
            0.05,
            ReasonCode.STYLE_MATCH,
        ),
        (
            MatchingAnswers(communication_style=CommunicationStyle.CHALLENGING),
            MatchingAnswers(communication_style=CommunicationStyle.STRUCTURED),
            -0.05,
            ReasonCode.STYLE_MISMATCH,
        ),
        (
            MatchingAnswers(),
            MatchingAnswers(communication_style=CommunicationStyle.STRUCTURED),
            0.0,
            None,
        ),
        (
            MatchingAnswers(meeting_format=MeetingFormat.REMOTE),
            MatchingAnswers(meeting_format=MeetingFormat.REMOTE),
            0.05,
            ReasonCode.FORMAT_MATCH,
        ),
        (
            MatchingAnswers(meeting_format=MeetingFormat.IN_PERSON),
            MatchingAnswers(meeting_format=MeetingFormat.REMOTE),
            -0.05,
            ReasonCode.FORMAT_MISMATCH,
        ),
        (
            MatchingAnswers(meeting_format=MeetingFormat.HYBRID),
            MatchingAnswers(meeting_format=MeetingFormat.REMOTE),
            0.0,
            None,
        ),
    ],
)
def test_questionnaire_answers_count_only_when_both_answered(
    mentor_answers: MatchingAnswers,
    mentee_answers: MatchingAnswers,
    term: float,
    code: ReasonCode | None,
) -> None:
    mentee = make_profile(development_needs=["Hiring"], answers=mentee_answers)
    mentor = make_mentor(skills=["Hiring"], answers=mentor_answers)

    compatibility = assess(mentor, mentee, RULES)

    assert compatibility.score == pytest.approx(0.45 + term)
    assert [r.code for r in compatibility.reasons][1:] == ([code] if code else [])


def test_scores_stay_between_zero_and_one() -> None:
    answers = MatchingAnswers(
        communication_style=CommunicationStyle.CONVERSATIONAL,
        meeting_format=MeetingFormat.IN_PERSON,
    )
    mentee = make_profile(
        department="Sales",
        level="Mid",
        development_needs=["Negotiation"],
        interests=["Golf", "Chess"],
        languages=["Spanish"],
        answers=answers,
    )
    ideal = make_mentor(
        department="Finance",
        level="Senior",
        skills=["negotiation"],
        interests=["chess", "golf"],
        languages=["English", "Spanish"],
        answers=answers,
    )
    hopeless = make_mentor(
        department="Finance",
        level="Junior",
        languages=["German"],
        answers=MatchingAnswers(
            communication_style=CommunicationStyle.STRUCTURED,
            meeting_format=MeetingFormat.REMOTE,
        ),
    )

    assert assess(ideal, mentee, RULES).score == pytest.approx(1.0)
    assert assess(ideal, mentee, RULES).score <= 1.0
    assert assess(hopeless, mentee, RULES).score == 0.0


def test_same_department_counts_against_only_where_the_program_says_so() -> None:
    mentee = make_profile(department="Finance", development_needs=["Audit"])
    colleague = make_mentor(department="finance", skills=["Audit"])

    assert codes(colleague, mentee) == [ReasonCode.NEED_COVERED]
    penalising = RULES.model_copy(update={"same_department_penalty": 0.1})
    compatibility = assess(colleague, mentee, penalising)
    assert compatibility.score == pytest.approx(0.35)
    assert compatibility.reasons[-1].message == "Same department (Finance): no outside perspective"


def test_weights_are_relative() -> None:
    halved = MatchingRules(
        **{
            name: value / 2
            for name, value in RULES.model_dump().items()
            if name.endswith("_weight")
        }
    )

    for mentor in (TOMASZ, RAJESH, ELENA):
        assert assess(mentor, DANIEL, halved).score == pytest.approx(
            assess(mentor, DANIEL, RULES).score
        )


def test_scores_are_deterministic_whatever_the_order_of_lists() -> None:
    reordered = TOMASZ.model_copy(update={"skills": tuple(reversed(TOMASZ.skills))})

    first = assess(TOMASZ, DANIEL, RULES)
    assert assess(TOMASZ, DANIEL, RULES) == first
    assert assess(reordered, DANIEL, RULES) == first


def test_a_pair_proposed_by_hand_stores_its_score_and_reasons() -> None:
    mentor = Participant.model_construct(
        id=PydanticObjectId(),
        name="Tomasz",
        email="tomasz@example.com",
        department="Production",
        level="Senior",
        skills=["CNC machining"],
        languages=["English"],
    )
    mentee = Participant.model_construct(
        id=PydanticObjectId(),
        name="Daniel",
        email="daniel@example.com",
        department="Engineering",
        level="Junior",
        development_needs=["cnc machining"],
        languages=["English"],
    )

    assessment = assess_match(mentor, mentee)

    assert assessment.score == 0.8
    assert assessment.reasons == [
        "Mentor's skills cover a development need: cnc machining",
        "Mentor is 2 steps above the mentee on the seniority ladder (Senior and Junior)",
        "Shared language: English",
        "Outside perspective from Production",
    ]
