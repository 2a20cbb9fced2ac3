"""A program-wide proposal: each mentee paired with a mentor, the best plan over all of them.

**Which pairs may be proposed.** A mentor with a free place (capacity minus open pairs) and
a mentee, unless the mentor is the mentee, the pair is excluded (the caller's exclusions:
mentors the mentee is or was paired with in the program), a rule disqualifies it (see
`shared.matching.compatibility`: no shared language, a talent-reserve tutor who is not a
manager above the member), or it scores below the program's `min_score`.

**What is best (a lexicographic objective).** First, as many mentees matched as possible;
then, among those plans, the largest total value, a pair's value being its compatibility
score plus the preference bonus when the mentor is the mentee's 1st, 2nd or 3rd choice.
Matching first because every mentee enrolled to be mentored: a plan that leaves one without
a mentor to raise others' scores is not one a program manager would choose, and `min_score`
already keeps poor pairs out. The floor applies to the score alone: a preference does not
lift a pair over it.

**How.** `scipy.optimize.linear_sum_assignment` (a shortest augmenting path method,
compiled) on a mentees x places matrix, each mentor giving one identical column per free
place. An allowed pair is worth `M + value`, where `M` is 1 plus the sum of every mentee's
best value, so one more matched mentee outweighs any difference in value; a forbidden pair
is worth 0 and is read as unmatched. The solver is exact on float costs, whereas min-cost
flow solvers (OR-Tools, networkx) need integer costs, hence scaled and rounded scores; on
1,000 mentees and 900 places it takes about a tenth of a second, less than scoring every
pair, where HiGHS needs seconds for the same problem as a linear program (`bench/matching.py`
uses it as the independent check). Adding `M` costs the values their last few bits: the
total is optimal to about 1e-10.

**Determinism.** Mentees and mentors are ordered by id before solving, so the same people,
rules, preferences and exclusions give the same proposal in whatever order they come.
"""

import math
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from pydantic import BaseModel, ConfigDict
from scipy.optimize import linear_sum_assignment

from shared.enums import DescribedEnum
from shared.matching.compatibility import PreparedProfile, ScoringTerms, explain, prepare, score
from shared.matching.profiles import MatchProfile
from shared.matching.reasons import MatchReason, ReasonCode
from shared.matching.rules import MatchingRules


class UnmatchedCode(DescribedEnum):
    """Why a mentee has no mentor in a proposal."""

    NO_MENTOR_CAPACITY = "NO_MENTOR_CAPACITY", "No mentor has a free place."
    ALL_MENTORS_EXCLUDED = (
        "ALL_MENTORS_EXCLUDED",
        "Every mentor with a free place is the mentee themselves or is or was paired with "
        "them in the program.",
    )
    NO_SHARED_LANGUAGE = (
        "NO_SHARED_LANGUAGE",
        "No mentor left shares a language with the mentee.",
    )
    NO_ELIGIBLE_MENTOR = (
        "NO_ELIGIBLE_MENTOR",
        "The program's rules rule out every mentor left.",
    )
    BELOW_MIN_SCORE = (
        "BELOW_MIN_SCORE",
        "Every mentor left scores below the program's minimum score.",
    )
    CAPACITY_TAKEN = (
        "CAPACITY_TAKEN",
        "Suitable mentors' places went to other mentees in the best plan for the program.",
    )


class ProposedPair(BaseModel):
    """A pair in the proposal: its score and reasons, and the mentee's rank for the mentor."""

    model_config = ConfigDict(frozen=True)

    mentee_id: str
    mentor_id: str
    score: float
    preference_rank: int | None  # 1, 2 or 3 when the mentee chose this mentor
    bonus: float
    reasons: tuple[MatchReason, ...]

    @property
    def value(self) -> float:
        """What the pair adds to the proposal's total: score plus preference bonus."""
        return self.score + self.bonus


class UnmatchedMentee(BaseModel):
    """A mentee the proposal leaves without a mentor, and why."""

    model_config = ConfigDict(frozen=True)

    mentee_id: str
    code: UnmatchedCode
    message: str


class Proposal(BaseModel):
    """Pairs and unmatched mentees, each in the order the mentees were given."""

    model_config = ConfigDict(frozen=True)

    pairs: tuple[ProposedPair, ...]
    unmatched: tuple[UnmatchedMentee, ...]
    total: float  # the sum of the pairs' values: scores plus preference bonuses
    total_score: float  # the sum of the pairs' scores alone


def propose_pairs(
    *,
    mentees: Sequence[MatchProfile],
    mentors: Sequence[MatchProfile],
    rules: MatchingRules,
    preferred_mentors: Mapping[str, Sequence[str]] | None = None,
    exclusions: Collection[tuple[str, str]] = (),
) -> Proposal:
    """The best plan pairing `mentees` with `mentors` (see the module's documentation).

    `preferred_mentors` maps a mentee id to up to three mentor ids, first choice first;
    `exclusions` holds (mentee id, mentor id) pairs that must not be proposed."""
    _require_unique(mentees, "mentee")
    _require_unique(mentors, "mentor")
    preferred = _preference_ranks(preferred_mentors or {}, rules)
    terms = ScoringTerms.of(rules)
    by_id = sorted(mentees, key=lambda profile: profile.id)
    open_mentors = sorted(
        (mentor for mentor in mentors if mentor.free_capacity > 0), key=lambda mentor: mentor.id
    )
    prepared_mentees = [prepare(mentee) for mentee in by_id]
    prepared_mentors = [prepare(mentor) for mentor in open_mentors]
    excluded: dict[str, set[str]] = {}
    for mentee_id, mentor_id in exclusions:
        excluded.setdefault(mentee_id, set()).add(mentor_id)
    min_score, bonuses = rules.min_score, rules.preference_bonus
    tallies: list[_Tally] = []
    rows: list[list[float]] = []
    for mentee in prepared_mentees:
        mentee_id = mentee.profile.id
        ranks = preferred.get(mentee_id, {})
        blocked = excluded.get(mentee_id, set()) | {mentee_id}
        tally = _Tally()
        row = [math.nan] * len(prepared_mentors)
        for index, mentor in enumerate(prepared_mentors):
            mentor_id = mentor.profile.id
            if mentor_id in blocked:
                continue
            tally.candidates += 1
            pair_score, disqualifiers = score(mentor, mentee, terms)
            if disqualifiers:
                tally.disqualified[disqualifiers[0]] += 1
            elif pair_score < min_score:
                tally.best_below = max(tally.best_below, pair_score)
            else:
                rank = ranks.get(mentor_id)
                row[index] = pair_score if rank is None else pair_score + bonuses[rank - 1]
                tally.acceptable += 1
        rows.append(row)
        tallies.append(tally)
    capacity = [mentor.profile.free_capacity for mentor in prepared_mentors]
    mentor_of = _solve(np.array(rows, dtype=float).reshape(len(rows), len(capacity)), capacity)

    pairs: dict[str, ProposedPair] = {}
    unmatched: dict[str, UnmatchedMentee] = {}
    for row_index, (mentee, tally) in enumerate(zip(prepared_mentees, tallies, strict=True)):
        mentee_id = mentee.profile.id
        if row_index in mentor_of:
            mentor = prepared_mentors[mentor_of[row_index]]
            rank = preferred.get(mentee_id, {}).get(mentor.profile.id)
            pairs[mentee_id] = _proposed(mentee, mentor, terms, rules, rank)
        else:
            code, message = tally.why_unmatched(bool(open_mentors), rules.min_score)
            unmatched[mentee_id] = UnmatchedMentee(mentee_id=mentee_id, code=code, message=message)
    ordered = [pairs[m.id] for m in mentees if m.id in pairs]
    return Proposal(
        pairs=tuple(ordered),
        unmatched=tuple(unmatched[m.id] for m in mentees if m.id in unmatched),
        total=math.fsum(pair.value for pair in ordered),
        total_score=math.fsum(pair.score for pair in ordered),
    )


def _solve(values: np.ndarray, capacity: list[int]) -> dict[int, int]:
    """Row -> column of the lexicographic optimum; NaN marks a pair that may not be proposed."""
    allowed = ~np.isnan(values)
    if not allowed.any():
        return {}
    best = np.max(np.where(allowed, values, -np.inf), axis=1)
    big = 1.0 + float(best[np.isfinite(best)].sum())
    weights = np.where(allowed, big + np.nan_to_num(values), 0.0)
    # One column per free place; a mentor no mentee may have, or places beyond the number
    # of mentees, could never be used.
    useful = np.flatnonzero(allowed.any(axis=0))
    places = np.minimum(np.asarray(capacity)[useful], values.shape[0])
    slots = np.repeat(useful, places)
    rows, columns = linear_sum_assignment(weights[:, slots], maximize=True)
    mentors = slots[columns]
    return {
        int(row): int(mentor)
        for row, mentor in zip(rows, mentors, strict=True)
        if allowed[row, mentor]
    }


def _proposed(
    mentee: PreparedProfile,
    mentor: PreparedProfile,
    terms: ScoringTerms,
    rules: MatchingRules,
    rank: int | None,
) -> ProposedPair:
    compatibility = explain(mentor, mentee, terms)
    return ProposedPair(
        mentee_id=mentee.profile.id,
        mentor_id=mentor.profile.id,
        score=compatibility.score,
        preference_rank=rank,
        bonus=0.0 if rank is None else rules.preference_bonus[rank - 1],
        reasons=compatibility.reasons,
    )


@dataclass
class _Tally:
    """What happened to a mentee's candidate mentors, to say why they stay unmatched."""

    candidates: int = 0
    acceptable: int = 0
    best_below: float = 0.0
    disqualified: Counter[ReasonCode] = field(default_factory=Counter)

    def why_unmatched(self, any_capacity: bool, min_score: float) -> tuple[UnmatchedCode, str]:
        if not any_capacity:
            return UnmatchedCode.NO_MENTOR_CAPACITY, "No mentor has a free place."
        if not self.candidates:
            return (
                UnmatchedCode.ALL_MENTORS_EXCLUDED,
                "Every mentor with a free place is this mentee or was already paired with them.",
            )
        if self.acceptable:
            return (
                UnmatchedCode.CAPACITY_TAKEN,
                f"The {self.acceptable} suitable mentor(s) have no place left in the best "
                "plan for the whole program.",
            )
        eligible = self.candidates - self.disqualified.total()
        if eligible:
            return (
                UnmatchedCode.BELOW_MIN_SCORE,
                f"The best mentor with a free place scores {self.best_below:.2f}, below the "
                f"program's minimum of {min_score:.2f}.",
            )
        if set(self.disqualified) == {ReasonCode.NO_SHARED_LANGUAGE}:
            return (
                UnmatchedCode.NO_SHARED_LANGUAGE,
                "No mentor with a free place shares a language with this mentee.",
            )
        ruled_out = ", ".join(
            f"{code.lower().replace('_', ' ')}: {count}"
            for code, count in sorted(self.disqualified.items())
        )
        return (
            UnmatchedCode.NO_ELIGIBLE_MENTOR,
            f"The program's rules rule out every mentor with a free place ({ruled_out}).",
        )


def _preference_ranks(
    preferred_mentors: Mapping[str, Sequence[str]], rules: MatchingRules
) -> dict[str, dict[str, int]]:
    ranks: dict[str, dict[str, int]] = {}
    for mentee_id, mentor_ids in preferred_mentors.items():
        if len(mentor_ids) > len(rules.preference_bonus):
            raise ValueError(
                f"A mentee ranks at most {len(rules.preference_bonus)} preferred mentors."
            )
        if len(set(mentor_ids)) != len(mentor_ids):
            raise ValueError("A mentee ranks each preferred mentor once.")
        ranks[mentee_id] = {mentor_id: rank for rank, mentor_id in enumerate(mentor_ids, 1)}
    return ranks


def _require_unique(profiles: Sequence[MatchProfile], role: str) -> None:
    seen = Counter(profile.id for profile in profiles)
    repeated = sorted(profile_id for profile_id, count in seen.items() if count > 1)
    if repeated:
        raise ValueError(f"Each {role} is listed once; repeated: {', '.join(repeated)}.")
