"""The program-wide proposal: the best plan within capacity, exclusions and preferences, and
why a mentee is left without a mentor."""

import itertools
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from shared.enums import ProgramKind
from shared.matching import (
    CommunicationStyle,
    MatchingAnswers,
    MatchingRules,
    MatchProfile,
    MeetingFormat,
    Proposal,
    UnmatchedCode,
    assess,
    propose_pairs,
    suggest,
)
from tests.matching.factories import make_mentor, make_profile

RULES = MatchingRules()


def pairing(proposal: Proposal) -> dict[str, str]:
    return {pair.mentee_id: pair.mentor_id for pair in proposal.pairs}


def unmatched(proposal: Proposal) -> dict[str, UnmatchedCode]:
    return {mentee.mentee_id: mentee.code for mentee in proposal.unmatched}


def test_every_apprentice_gets_the_master_of_their_trade() -> None:
    mentees = [
        make_profile("daniel", level="Junior", development_needs=["CNC machining"]),
        make_profile("chloe", level="Junior", development_needs=["Quality control", "Auditing"]),
        make_profile("yusuf", level="Junior", development_needs=["PLC programming"]),
    ]
    mentors = [
        make_mentor("ines", level="Senior", skills=["Quality control", "Auditing"]),
        make_mentor("rajesh", level="Senior", skills=["PLC programming", "CNC machining"]),
        make_mentor("tomasz", level="Senior", skills=["CNC machining"]),
    ]

    proposal = propose_pairs(mentees=mentees, mentors=mentors, rules=RULES)

    assert pairing(proposal) == {"daniel": "tomasz", "chloe": "ines", "yusuf": "rajesh"}
    assert [pair.mentee_id for pair in proposal.pairs] == ["daniel", "chloe", "yusuf"]
    assert proposal.unmatched == ()
    assert proposal.total == pytest.approx(3 * (0.45 + 0.15))
    assert proposal.pairs[0].reasons[0].message == (
        "Mentor's skills cover a development need: CNC machining"
    )


def test_as_many_mentees_as_possible_are_matched_before_the_total_is_raised() -> None:
    # Alone, Ana's best pair (with Xavier) outscores both other pairs together; taking it
    # would leave Ben without a mentor.
    ana = make_profile("ana", development_needs=["A1", "A2", "A3"])
    ben = make_profile("ben", development_needs=["B1", "B2", "B3"])
    xavier = make_mentor("xavier", skills=["A1", "A2", "A3", "B1"])
    yara = make_mentor("yara", skills=["A1"])

    proposal = propose_pairs(
        mentees=[ana, ben], mentors=[xavier, yara], rules=MatchingRules(min_score=0.1)
    )

    assert pairing(proposal) == {"ana": "yara", "ben": "xavier"}
    assert proposal.total == pytest.approx(0.15 + 0.15)


def test_excluded_mentors_and_the_mentee_themselves_are_never_proposed() -> None:
    needs: dict[str, Any] = {"development_needs": ["Negotiation"], "level": "Mid"}
    skills: dict[str, Any] = {"skills": ["Negotiation"], "level": "Senior"}
    mei = make_profile("mei", **needs)
    # Peer programs enroll some people on both sides: Mei mentors, and is a mentee too.
    mei_as_mentor = make_mentor("mei", capacity=2, **skills)
    previous = make_mentor("william", **skills)
    other = make_mentor("olivia", **{**skills, "level": "Director"})

    proposal = propose_pairs(
        mentees=[mei],
        mentors=[mei_as_mentor, previous, other],
        rules=RULES,
        exclusions=[("mei", "william")],
    )

    assert pairing(proposal) == {"mei": "olivia"}
    alone = propose_pairs(
        mentees=[mei],
        mentors=[mei_as_mentor, previous],
        rules=RULES,
        exclusions={("mei", "william")},
    )
    assert unmatched(alone) == {"mei": UnmatchedCode.ALL_MENTORS_EXCLUDED}


def test_no_mentor_takes_more_mentees_than_their_free_places() -> None:
    mentees = [make_profile(f"mentee-{i}", development_needs=["Budgeting"]) for i in range(6)]
    favourite = make_mentor("robert", capacity=3, open_mentor_pairs=2, skills=["Budgeting"])
    full = make_mentor("anna", capacity=2, open_mentor_pairs=2, skills=["Budgeting"])
    second = make_mentor("thomas", capacity=2, skills=["Budgeting"], languages=["French"])

    proposal = propose_pairs(mentees=mentees, mentors=[favourite, full, second], rules=RULES)

    assert Counter(pairing(proposal).values()) == {"robert": 1, "thomas": 2}
    assert Counter(unmatched(proposal).values()) == {UnmatchedCode.CAPACITY_TAKEN: 3}
    assert proposal.unmatched[0].message == (
        "The 2 suitable mentor(s) have no place left in the best plan for the whole program."
    )


def test_a_mentees_ranked_choices_win_between_comparable_mentors() -> None:
    mentee = make_profile("zoe", development_needs=["Stakeholder management"])
    alike: dict[str, Any] = {"skills": ["Stakeholder management"], "department": "Product"}
    mentors = [make_mentor(name, **alike) for name in ("diego", "olivia", "sara")]
    weaker = make_mentor("lucy", skills=[], interests=["Illustration"])

    chosen = propose_pairs(
        mentees=[mentee],
        mentors=[*mentors, weaker],
        rules=RULES,
        preferred_mentors={"zoe": ["lucy", "sara", "olivia"]},
    )

    pair = chosen.pairs[0]
    assert (pair.mentor_id, pair.preference_rank, pair.bonus) == ("sara", 2, 0.10)
    assert chosen.total == pytest.approx(pair.score + 0.10)
    assert chosen.total_score == pytest.approx(pair.score)
    # Lucy scores below the minimum: being the first choice does not lift her over it.
    assert assess(weaker, mentee, RULES).score < RULES.min_score


def test_preferences_are_checked() -> None:
    mentee = make_profile("zoe")
    with pytest.raises(ValueError, match="at most 3 preferred mentors"):
        propose_pairs(
            mentees=[mentee], mentors=[], rules=RULES, preferred_mentors={"zoe": list("abcd")}
        )
    with pytest.raises(ValueError, match="each preferred mentor once"):
        propose_pairs(
            mentees=[mentee], mentors=[], rules=RULES, preferred_mentors={"zoe": ["a", "a"]}
        )
    with pytest.raises(ValueError, match="Each mentee is listed once; repeated: zoe"):
        propose_pairs(mentees=[mentee, mentee], mentors=[], rules=RULES)


def test_each_unmatched_mentee_says_why() -> None:
    english: dict[str, Any] = {
        "languages": ["English"],
        "development_needs": ["Sourcing"],
        "level": "Mid",
    }
    mentor_fields: dict[str, Any] = {
        "languages": ["English"],
        "skills": ["Sourcing"],
        "level": "Senior",
    }

    def reason(
        mentors: list[MatchProfile], rules: MatchingRules = RULES, **mentee: object
    ) -> tuple[UnmatchedCode, str]:
        proposal = propose_pairs(
            mentees=[make_profile("lucy", **{**english, **mentee})], mentors=mentors, rules=rules
        )
        return proposal.unmatched[0].code, proposal.unmatched[0].message

    full = make_mentor(capacity=1, open_mentor_pairs=1, **mentor_fields)
    assert reason([full]) == (UnmatchedCode.NO_MENTOR_CAPACITY, "No mentor has a free place.")
    assert reason([make_mentor(**mentor_fields)], languages=["French"]) == (
        UnmatchedCode.NO_SHARED_LANGUAGE,
        "No mentor with a free place shares a language with this mentee.",
    )
    reserve = MatchingRules.for_program_kind(ProgramKind.TALENT_RESERVE)
    german = make_mentor(title="Head of Sales", **{**mentor_fields, "languages": ["German"]})
    engineer = make_mentor(title="Process Engineer", **mentor_fields)
    assert reason([german, engineer], reserve) == (
        UnmatchedCode.NO_ELIGIBLE_MENTOR,
        "The program's rules rule out every mentor with a free place "
        "(no shared language: 1, tutor not manager: 1).",
    )
    no_skills = make_mentor(languages=["English"], level="Senior")  # scores 0.1 + 0.15
    assert reason([no_skills], MatchingRules(min_score=0.3)) == (
        UnmatchedCode.BELOW_MIN_SCORE,
        "The best mentor with a free place scores 0.25, below the program's minimum of 0.30.",
    )


def test_proposals_do_not_depend_on_the_order_people_come_in() -> None:
    rng = random.Random(7)
    mentees, mentors, preferred, exclusions = random_program(
        rng, mentees=40, mentors=15, capacity=(1, 4)
    )
    # Mentors alike in all but their ids: ties must be broken the same way every time.
    mentors += [mentor.model_copy(update={"id": f"{mentor.id}-twin"}) for mentor in mentors[:5]]
    rules = MatchingRules(min_score=0.1)

    first = propose_pairs(
        mentees=mentees,
        mentors=mentors,
        rules=rules,
        preferred_mentors=preferred,
        exclusions=exclusions,
    )
    again = propose_pairs(
        mentees=mentees,
        mentors=mentors,
        rules=rules,
        preferred_mentors=preferred,
        exclusions=exclusions,
    )
    shuffled = propose_pairs(
        mentees=rng.sample(mentees, len(mentees)),
        mentors=rng.sample(mentors, len(mentors)),
        rules=rules,
        preferred_mentors=preferred,
        exclusions=list(reversed(exclusions)),
    )

    assert again == first
    assert pairing(shuffled) == pairing(first)
    assert unmatched(shuffled) == unmatched(first)
    assert shuffled.total == first.total
    assert len(first.pairs) > 20  # the instance is not trivial


@pytest.mark.parametrize("seed", range(12))
def test_the_proposal_is_optimal_against_every_feasible_assignment(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(25):
        rules = MatchingRules(
            min_score=rng.choice([0.0, 0.1, 0.2, 0.3]),
            preference_bonus=rng.choice([(0.15, 0.10, 0.05), (0.6, 0.3, 0.0)]),
            tutor_must_be_manager=rng.random() < 0.2,
        )
        mentees, mentors, preferred, exclusions = random_program(
            rng, mentees=rng.randint(1, 5), mentors=rng.randint(1, 4)
        )

        proposal = propose_pairs(
            mentees=mentees,
            mentors=mentors,
            rules=rules,
            preferred_mentors=preferred,
            exclusions=exclusions,
        )

        options = allowed_values(mentees, mentors, rules, preferred, exclusions)
        best_count, best_total = brute_force(mentees, mentors, options)
        assert len(proposal.pairs) == best_count
        assert proposal.total == pytest.approx(best_total, abs=1e-9)
        for pair in proposal.pairs:
            assert pair.value == pytest.approx(options[pair.mentee_id][pair.mentor_id], abs=0)
        free = {mentor.id: mentor.free_capacity for mentor in mentors}
        for mentor_id, taken in Counter(pairing(proposal).values()).items():
            assert taken <= free[mentor_id]
        assert len(proposal.pairs) + len(proposal.unmatched) == len(mentees)


def test_suggestions_rank_mentors_with_free_places_only() -> None:
    mentee = make_profile("nadia", development_needs=["Vendor management", "Presentations"])
    both = make_mentor("thomas", skills=["Vendor management", "Presentations"])
    one = make_mentor("ahmed", skills=["Presentations"])
    also_one = make_mentor("lucy", skills=["Vendor management"])
    previous = make_mentor("mei", skills=["Vendor management", "Presentations"])
    full = make_mentor("anna", capacity=1, open_mentor_pairs=1, skills=["Presentations"])
    herself = make_mentor("nadia", skills=["Vendor management"])
    mentors = [also_one, full, herself, one, previous, both]

    suggestions = suggest(mentee, mentors, rules=RULES, exclusions={"mei"})

    assert [s.mentor_id for s in suggestions] == ["thomas", "ahmed", "lucy"]
    assert suggestions[0].score == pytest.approx(0.45)
    assert [s.mentor_id for s in suggest(mentee, mentors, rules=RULES, first=1)] == ["mei"]
    with pytest.raises(ValueError, match="first must be between 1 and 100"):
        suggest(mentee, mentors, rules=RULES, first=0)


# Small random programs, and the exhaustive search they are checked against.

SKILLS = ["Budgeting", "Negotiation", "Hiring", "Python", "Auditing", "Coaching"]
LANGUAGES = [["English"], ["English", "French"], ["French"], ["German"], []]
LEVELS = ["Junior", "Mid", "Senior", "Principal", "Director", "", "Wizard"]
TITLES = ["Engineer", "Engineering Manager", "Supervisor", "Analyst"]


def random_program(
    rng: random.Random, *, mentees: int, mentors: int, capacity: tuple[int, int] = (0, 2)
) -> tuple[list[MatchProfile], list[MatchProfile], dict[str, list[str]], list[tuple[str, str]]]:
    def person(name: str, **fields: object) -> MatchProfile:
        return make_profile(
            name,
            department=rng.choice(["Sales", "Finance", ""]),
            title=rng.choice(TITLES),
            level=rng.choice(LEVELS),
            skills=rng.sample(SKILLS, rng.randint(0, 3)),
            development_needs=rng.sample(SKILLS, rng.randint(0, 3)),
            interests=rng.sample(["Chess", "Golf", "Yoga"], rng.randint(0, 2)),
            languages=rng.choice(LANGUAGES),
            answers=MatchingAnswers(
                communication_style=rng.choice([None, *CommunicationStyle]),
                meeting_format=rng.choice([None, *MeetingFormat]),
            ),
            **fields,
        )

    mentee_list = [person(f"e{i}") for i in range(mentees)]
    mentor_list = [
        person(f"m{i}", mentor_capacity=rng.randint(*capacity), open_mentor_pairs=rng.randint(0, 1))
        for i in range(mentors)
    ]
    if rng.random() < 0.3:  # someone on both sides
        mentor_list[0] = mentee_list[0].model_copy(update={"mentor_capacity": 1})
    ids = [mentor.id for mentor in mentor_list]
    preferred = {
        mentee.id: rng.sample(ids, rng.randint(0, min(3, len(ids)))) for mentee in mentee_list
    }
    exclusions = [
        (mentee.id, mentor_id) for mentee in mentee_list for mentor_id in ids if rng.random() < 0.15
    ]
    return mentee_list, mentor_list, preferred, exclusions


def allowed_values(
    mentees: Sequence[MatchProfile],
    mentors: Sequence[MatchProfile],
    rules: MatchingRules,
    preferred: Mapping[str, Sequence[str]],
    exclusions: Sequence[tuple[str, str]],
) -> dict[str, dict[str, float]]:
    """Score plus bonus of every pair the rules allow, from `assess` alone."""
    values: dict[str, dict[str, float]] = {}
    for mentee in mentees:
        values[mentee.id] = {}
        for mentor in mentors:
            if mentor.id == mentee.id or (mentee.id, mentor.id) in exclusions:
                continue
            if mentor.free_capacity == 0:
                continue
            compatibility = assess(mentor, mentee, rules)
            if not compatibility.eligible or compatibility.score < rules.min_score:
                continue
            choices = list(preferred.get(mentee.id, []))
            bonus = rules.preference_bonus[choices.index(mentor.id)] if mentor.id in choices else 0
            values[mentee.id][mentor.id] = compatibility.score + bonus
    return values


def brute_force(
    mentees: Sequence[MatchProfile],
    mentors: Sequence[MatchProfile],
    options: dict[str, dict[str, float]],
) -> tuple[int, float]:
    """The most mentees matched, then the largest total, over every feasible assignment."""
    free = {mentor.id: mentor.free_capacity for mentor in mentors}
    choices = [[None, *options[mentee.id]] for mentee in mentees]
    best = (0, 0.0)
    for assignment in itertools.product(*choices):
        taken = Counter(mentor_id for mentor_id in assignment if mentor_id is not None)
        if any(count > free[mentor_id] for mentor_id, count in taken.items()):
            continue
        total = sum(
            options[mentee.id][mentor_id]
            for mentee, mentor_id in zip(mentees, assignment, strict=True)
            if mentor_id is not None
        )
        best = max(best, (sum(taken.values()), total))
    return best
