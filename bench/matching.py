"""A program-wide matching proposal for 1,000 mentees and 300 mentors: its speed, and its
total beside a greedy assignment and the optimum found by linear programming.

The program (seeded): mentees mostly Junior and Mid, mentors mostly Senior to Director, in
eight departments with their own skills (the demo organisation's vocabularies,
`services/demo/people.py`) plus skills every department needs (leadership, speaking,
stakeholders...). Mentees name one to four development needs, mostly from their department;
most speak English, some only a local language; about 60% answered each question of the
matching questionnaire; a third rank up to three preferred mentors, and one in twenty has a
past mentor excluded. Mentors have capacities from 1 to 5 (947 places for 1,000 mentees with
the default seed, so capacity runs out). Default `MatchingRules`.

1. The proposal (`shared.matching.propose_pairs`): scoring every pair and solving, the median
   of 5 runs. Target: at most 2 s on one core.
2. Greedy: every allowed pair by value (score + preference bonus), best first, taken while
   the mentee is free and the mentor has a place.
3. The optimum by an independent method, a linear program solved by HiGHS
   (`scipy.optimize.linprog`) over the same allowed pairs and values, rebuilt here pair by
   pair from the explained scores, not taken from the proposal's matrix: first the most mentees
   matched, then, with that many matched, the largest total (the proposal's lexicographic
   objective). The constraint matrix (one row per mentee, one per mentor) is totally
   unimodular, so the LP optimum is an assignment; the script checks its solution is
   integral.

Prints the three side by side and exits non-zero unless the proposal matches as many
mentees as the LP and its total is within 1e-6 of the LP optimum.

Run: `.venv/bin/python bench/matching.py [--seed N]`.
"""

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_array, vstack

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.survey_bench.figures import verdict
from services.demo.people import PEOPLE
from shared.matching import (
    CommunicationStyle,
    MatchingAnswers,
    MatchingRules,
    MatchProfile,
    MeetingFormat,
    propose_pairs,
)
from shared.matching.compatibility import ScoringTerms, explain, prepare

MENTEES, MENTORS, RUNS = 1_000, 300, 5
TIME_TARGET_S, TOLERANCE = 2.0, 1e-6

# The demo organisation's vocabularies: each department's skills and needs, the skills
# several departments share, everyone's interests and languages.
_DEPARTMENT_WORDS = {
    department: sorted(
        {w for p in PEOPLE if p.department == department for w in (*p.skills, *p.needs)}
    )
    for department in sorted({p.department for p in PEOPLE})
}
_WORD_DEPARTMENTS = Counter(w for words in _DEPARTMENT_WORDS.values() for w in words)
SHARED_SKILLS = sorted(
    {w for w, n in _WORD_DEPARTMENTS.items() if n > 1}
    | {"People leadership", "Public speaking", "Stakeholder management", "Strategy", "Coaching"}
)
DEPARTMENT_WEIGHTS = {d: 1 + len(words) for d, words in _DEPARTMENT_WORDS.items()}
INTERESTS = sorted({i for p in PEOPLE for i in p.interests})
LOCAL_LANGUAGES = sorted({lang for p in PEOPLE for lang in p.languages} - {"English"})
MENTEE_LEVELS = {"Trainee": 5, "Junior": 45, "Mid": 40, "Senior": 10}
MENTOR_LEVELS = {"Mid": 15, "Senior": 45, "Principal": 25, "Director": 15}
TITLES = {
    "Trainee": "Apprentice",
    "Junior": "Associate",
    "Mid": "Specialist",
    "Senior": "Senior Specialist",
    "Principal": "Principal Specialist",
    "Director": "Head of",
}


@dataclass(frozen=True)
class MatchingProgram:
    mentees: list[MatchProfile]
    mentors: list[MatchProfile]
    preferred: dict[str, list[str]]
    exclusions: set[tuple[str, str]]


def seed_program(*, seed: int, mentees: int, mentors: int) -> MatchingProgram:
    """A program's approved mentees and mentors, their preferences and exclusions."""
    rng = random.Random(seed)
    mentor_list = [
        _person(rng, f"mentor-{j:03d}", MENTOR_LEVELS, mentor=True) for j in range(mentors)
    ]
    mentee_list = [
        _person(rng, f"mentee-{i:04d}", MENTEE_LEVELS, mentor=False) for i in range(mentees)
    ]
    preferred: dict[str, list[str]] = {}
    exclusions: set[tuple[str, str]] = set()
    for mentee in mentee_list:
        needs = {need.casefold() for need in mentee.development_needs}
        if rng.random() < 1 / 3:
            # Mentees choose people they know of for what they want to learn.
            known = [m.id for m in mentor_list if needs & {s.casefold() for s in m.skills}]
            pool = known if len(known) >= 3 else [m.id for m in mentor_list]
            preferred[mentee.id] = rng.sample(pool, rng.randint(1, 3))
        if rng.random() < 0.05:
            colleagues = [m.id for m in mentor_list if m.department == mentee.department]
            exclusions.add((mentee.id, rng.choice(colleagues or [mentor_list[0].id])))
    return MatchingProgram(mentee_list, mentor_list, preferred, exclusions)


def _person(
    rng: random.Random, person_id: str, levels: dict[str, int], *, mentor: bool
) -> MatchProfile:
    department = rng.choices(list(DEPARTMENT_WEIGHTS), weights=list(DEPARTMENT_WEIGHTS.values()))[0]
    own = _DEPARTMENT_WORDS[department]
    level = rng.choices(list(levels), weights=list(levels.values()))[0]
    if mentor:
        skills = rng.sample(own, min(len(own), rng.randint(3, 6)))
        skills += rng.sample(SHARED_SKILLS, rng.randint(1, 2))
        needs: list[str] = []
        english = rng.random() < 0.97
    else:
        skills = rng.sample(own, min(len(own), rng.randint(1, 3)))
        needs = []
        for _ in range(rng.choices((1, 2, 3, 4), weights=(25, 35, 25, 15))[0]):
            need = rng.choice(own if rng.random() < 0.65 else SHARED_SKILLS)
            if need not in needs and need not in skills:
                needs.append(need)
        english = rng.random() < 0.93
    languages = ["English"] if english else []
    if not english or rng.random() < 0.4:
        languages.append(rng.choice(LOCAL_LANGUAGES))
    title = TITLES[level]
    return MatchProfile(
        id=person_id,
        department=department,
        title=f"{title} {department}" if title == "Head of" else f"{department} {title}",
        level=level,
        skills=tuple(skills),
        development_needs=tuple(needs),
        interests=tuple(rng.sample(INTERESTS, rng.randint(1, 3))),
        languages=tuple(languages),
        mentor_capacity=rng.randint(1, 5) if mentor else 0,
        answers=MatchingAnswers(
            communication_style=rng.choice(list(CommunicationStyle))
            if rng.random() < 0.6
            else None,
            meeting_format=rng.choice(list(MeetingFormat)) if rng.random() < 0.6 else None,
        ),
    )


def allowed_values(program: MatchingProgram, rules: MatchingRules) -> dict[tuple[int, int], float]:
    """(mentee index, mentor index) -> score + bonus, for every pair the rules allow."""
    terms = ScoringTerms.of(rules)
    mentors = [(j, mentor, prepare(mentor)) for j, mentor in enumerate(program.mentors)]
    values: dict[tuple[int, int], float] = {}
    for i, mentee in enumerate(program.mentees):
        prepared = prepare(mentee)
        choices = program.preferred.get(mentee.id, [])
        for j, mentor, prepared_mentor in mentors:
            if mentor.free_capacity == 0 or mentor.id == mentee.id:
                continue
            if (mentee.id, mentor.id) in program.exclusions:
                continue
            compatibility = explain(prepared_mentor, prepared, terms)
            if not compatibility.eligible or compatibility.score < rules.min_score:
                continue
            bonus = 0.0
            if mentor.id in choices:
                bonus = rules.preference_bonus[choices.index(mentor.id)]
            values[i, j] = compatibility.score + bonus
    return values


def greedy(program: MatchingProgram, values: dict[tuple[int, int], float]) -> tuple[int, float]:
    """Best remaining pair first; returns (mentees matched, total value)."""
    places = [mentor.free_capacity for mentor in program.mentors]
    matched: set[int] = set()
    total = 0.0
    for (i, j), value in sorted(values.items(), key=lambda item: (-item[1], item[0])):
        if i not in matched and places[j] > 0:
            matched.add(i)
            places[j] -= 1
            total += value
    return len(matched), total


def lp_optimum(
    program: MatchingProgram, values: dict[tuple[int, int], float]
) -> tuple[int, float, float]:
    """(mentees matched, total value, largest distance of a variable from 0 or 1)."""
    edges = list(values)
    count = len(edges)
    rows_i = np.array([i for i, _ in edges])
    rows_j = np.array([j for _, j in edges]) + len(program.mentees)
    columns = np.arange(count)
    incidence = csr_array(
        (np.ones(2 * count), (np.concatenate([rows_i, rows_j]), np.tile(columns, 2))),
        shape=(len(program.mentees) + len(program.mentors), count),
    )
    limits = np.array(
        [1.0] * len(program.mentees) + [float(m.free_capacity) for m in program.mentors]
    )
    bounds = (0.0, 1.0)
    # Interior point for the count (dual simplex stalls on this degenerate objective), dual
    # simplex for the total: a vertex, whose integrality is then checked.
    most = linprog(-np.ones(count), A_ub=incidence, b_ub=limits, bounds=bounds, method="highs-ipm")
    assert most.status == 0, most.message
    matched = round(-most.fun)
    # With exactly that many matched, the largest total value.
    with_count = vstack([incidence, csr_array(-np.ones((1, count)))])
    best = linprog(
        -np.array([values[edge] for edge in edges]),
        A_ub=with_count,
        b_ub=np.append(limits, -matched),
        bounds=bounds,
        method="highs-ds",
    )
    assert best.status == 0, best.message
    integrality = float(np.max(np.minimum(best.x, 1 - best.x)))
    return matched, -float(best.fun), integrality


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2024)
    seed = parser.parse_args().seed
    rules = MatchingRules()
    program = seed_program(seed=seed, mentees=MENTEES, mentors=MENTORS)
    places = sum(mentor.free_capacity for mentor in program.mentors)
    print(
        f"{MENTEES:,} mentees x {MENTORS} mentors ({places:,} places), "
        f"{sum(map(len, program.preferred.values())):,} ranked preferences, "
        f"{len(program.exclusions)} exclusions, seed {seed}"
    )

    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        proposal = propose_pairs(
            mentees=program.mentees,
            mentors=program.mentors,
            rules=rules,
            preferred_mentors=program.preferred,
            exclusions=program.exclusions,
        )
        timings.append(time.perf_counter() - started)
    proposal_time = statistics.median(timings)

    started = time.perf_counter()
    values = allowed_values(program, rules)
    scoring_time = time.perf_counter() - started
    greedy_matched, greedy_total = greedy(program, values)
    started = time.perf_counter()
    lp_matched, lp_total, integrality = lp_optimum(program, values)
    lp_time = time.perf_counter() - started

    print(f"{len(values):,} allowed pairs (scored again for the baselines in {scoring_time:.1f} s)")
    print(f"{'':<22}{'matched':>9}{'total value':>14}{'time':>12}")
    print(
        f"{'proposal':<22}{len(proposal.pairs):>9,}{proposal.total:>14.6f}"
        f"{proposal_time:>10.3f} s  (median of {RUNS})"
    )
    print(f"{'greedy':<22}{greedy_matched:>9,}{greedy_total:>14.6f}")
    print(f"{'LP optimum (HiGHS)':<22}{lp_matched:>9,}{lp_total:>14.6f}{lp_time:>10.3f} s")
    unmatched = Counter(mentee.code.value for mentee in proposal.unmatched)
    print("unmatched: " + ", ".join(f"{code} {n}" for code, n in sorted(unmatched.items())))

    gap = abs(proposal.total - lp_total)
    optimal = len(proposal.pairs) == lp_matched and gap <= TOLERANCE and integrality < 1e-6
    fast = proposal_time <= TIME_TARGET_S
    print(
        f"proposal vs LP optimum: {len(proposal.pairs) - lp_matched:+d} mentees, "
        f"|total difference| {gap:.2e} (tolerance {TOLERANCE:.0e}; LP solution integral to "
        f"{integrality:.1e}): {verdict(optimal)}"
    )
    print(
        f"margin over greedy: {len(proposal.pairs) - greedy_matched:+d} mentees, "
        f"{proposal.total - greedy_total:+.4f} total value "
        f"({(proposal.total - greedy_total) / greedy_total:+.2%})"
    )
    print(f"time: {proposal_time:.3f} s, target <= {TIME_TARGET_S:.0f} s: {verdict(fast)}")
    return 0 if optimal else 1


if __name__ == "__main__":
    sys.exit(main())
