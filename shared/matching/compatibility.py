"""How well a mentor fits a mentee: a score in [0, 1] with the reasons behind it.

The score is the weighted mean of these signals, each from 0 to 1, with the weights of the
program's `MatchingRules` (relative weights, divided by their sum):

- NEED_COVERED: the mentor's skills cover the mentee's development needs, compared
  case-insensitively. Coverage is the share of needs covered, where covering
  `needs_for_full_coverage` needs (or every need of a mentee who has fewer) is full coverage:
  with the default of 3, covering 1 of 1 need scores 1, 1 of 2 scores 0.5, 2 of 5 scores 2/3.
  One reason per covered need, the signal's weight split between them.
- SHARED_LANGUAGE: at least one language in common.
- SHARED_INTEREST: interests in common; two or more count fully, one counts half.
- OUTSIDE_PERSPECTIVE: the mentor works in another department.
- LEVEL_GAP: the mentor stands between `ideal_level_gap_min` and `ideal_level_gap_max` steps
  above the mentee on the seniority ladder (`shared.matching.seniority`; 1-2 by default, 0
  for peers). Each step outside that range takes half the signal away.
- STYLE_MATCH / FORMAT_MATCH: both answered the matching questionnaire's question and agree.

Then penalties, each subtracted from the mean:

- NO_SHARED_LANGUAGE: both list languages and share none; they cannot talk. It also
  disqualifies the pair when the rules require a shared language (the default).
- MENTOR_NOT_SENIOR: the mentor is below the mentee on the ladder in a program where the
  mentor should stand above.
- SAME_DEPARTMENT: both work in the same department, when the program penalises it.
- STYLE_MISMATCH / FORMAT_MISMATCH: both answered and disagree; the signal's weight is
  subtracted instead of added. A HYBRID meeting format goes with either other format.

With `tutor_must_be_manager` (talent reserve), a tutor who holds no management role
(TUTOR_NOT_MANAGER) or does not stand above the member (TUTOR_NOT_ABOVE_MEMBER) disqualifies
the pair without changing its score.

Whatever is unknown counts neither way: a mentee without needs, a side without languages,
departments or levels not given or not on the ladder, an unanswered question.

The score is kept within [0, 1]. Reasons come disqualifying ones first, then by the size of
their effect on the score, largest first. Everything is deterministic: the same profiles and
rules give the same score and reasons.
"""

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from shared.matching import reasons as why
from shared.matching.profiles import MatchProfile
from shared.matching.questionnaire import CommunicationStyle, MeetingFormat, formats_agree
from shared.matching.reasons import MatchReason, ReasonCode
from shared.matching.rules import MatchingRules
from shared.matching.seniority import holds_management_role, level_rank

INTERESTS_FOR_FULL_SCORE = 2
LEVEL_FIT_LOST_PER_STEP = 0.5


class Compatibility(BaseModel):
    """A mentor and a mentee's score in [0, 1], its reasons, and whether they may be paired."""

    model_config = ConfigDict(frozen=True)

    score: float
    reasons: tuple[MatchReason, ...]

    @property
    def eligible(self) -> bool:
        """False when a rule of the program forbids proposing this pair."""
        return not any(reason.disqualifying for reason in self.reasons)


@dataclass(frozen=True, slots=True)
class PreparedProfile:
    """A profile with its lists folded to case-insensitive keys, prepared once per matching
    run so that scoring every mentor against every mentee stays cheap."""

    profile: MatchProfile
    needs: dict[str, str]  # folded -> as the mentee wrote it, in their order
    need_keys: frozenset[str]
    skills: frozenset[str]
    interests: dict[str, str]
    interest_keys: frozenset[str]
    languages: dict[str, str]
    language_keys: frozenset[str]
    department: str
    rank: int | None
    manager: bool
    style: CommunicationStyle | None
    format: MeetingFormat | None


def prepare(profile: MatchProfile) -> PreparedProfile:
    """Fold a profile's lists once, for scoring against many others."""
    needs, interests = _folded(profile.development_needs), _folded(profile.interests)
    languages = _folded(profile.languages)
    return PreparedProfile(
        profile=profile,
        needs=needs,
        need_keys=frozenset(needs),
        skills=frozenset(_folded(profile.skills)),
        interests=interests,
        interest_keys=frozenset(interests),
        languages=languages,
        language_keys=frozenset(languages),
        department=" ".join(profile.department.casefold().split()),
        rank=level_rank(profile.level),
        manager=holds_management_role(title=profile.title, level=profile.level),
        style=profile.answers.communication_style,
        format=profile.answers.meeting_format,
    )


@dataclass(frozen=True, slots=True)
class ScoringTerms:
    """The rules turned into the numbers scoring uses: signal weights divided by their sum."""

    need: float
    language: float
    interest: float
    perspective: float
    level: float
    style: float
    format: float
    needs_for_full_coverage: int
    gap_min: int
    gap_max: int
    no_language_penalty: float
    language_required: bool
    not_senior_penalty: float
    same_department_penalty: float
    tutor_must_be_manager: bool

    @classmethod
    def of(cls, rules: MatchingRules) -> "ScoringTerms":
        total = rules.signal_weight_total()
        return cls(
            need=rules.need_weight / total,
            language=rules.language_weight / total,
            interest=rules.interest_weight / total,
            perspective=rules.outside_perspective_weight / total,
            level=rules.level_weight / total,
            style=rules.style_weight / total,
            format=rules.format_weight / total,
            needs_for_full_coverage=rules.needs_for_full_coverage,
            gap_min=rules.ideal_level_gap_min,
            gap_max=rules.ideal_level_gap_max,
            no_language_penalty=rules.no_shared_language_penalty,
            language_required=rules.shared_language_required,
            not_senior_penalty=rules.mentor_not_senior_penalty,
            same_department_penalty=rules.same_department_penalty,
            tutor_must_be_manager=rules.tutor_must_be_manager,
        )


def assess(mentor: MatchProfile, mentee: MatchProfile, rules: MatchingRules) -> Compatibility:
    """The compatibility of a mentor with a mentee under a program's rules."""
    return explain(prepare(mentor), prepare(mentee), ScoringTerms.of(rules))


def explain(mentor: PreparedProfile, mentee: PreparedProfile, terms: ScoringTerms) -> Compatibility:
    """The score with its reasons, disqualifying ones first, then by effect on the score."""
    reasons: list[MatchReason] = []
    pair_score, _ = score(mentor, mentee, terms, reasons)
    return Compatibility(score=pair_score, reasons=tuple(sorted(reasons, key=MatchReason.order)))


def score(
    mentor: PreparedProfile,
    mentee: PreparedProfile,
    terms: ScoringTerms,
    reasons: list[MatchReason] | None = None,
) -> tuple[float, tuple[ReasonCode, ...]]:
    """The score and the codes that disqualify the pair; the reasons are appended to `reasons`
    when a list is given (unordered: `explain` orders them)."""
    # Scoring every pair of a program runs this without reasons, `explain` with them: the
    # same arithmetic, so a proposal's scores are exactly those `assess` explains.
    total = 0.0
    disqualifiers: tuple[ReasonCode, ...] = ()
    m, e = mentor.profile, mentee.profile

    covered = len(mentee.need_keys & mentor.skills)
    if covered and terms.need:
        wanted = min(len(mentee.need_keys), terms.needs_for_full_coverage)
        term = terms.need * min(1.0, covered / wanted)
        total += term
        if reasons is not None:
            for key, need in mentee.needs.items():
                if key in mentor.skills:
                    reasons.append(why.need_covered(need, term / covered))

    if mentor.language_keys and mentee.language_keys:
        if not mentor.language_keys.isdisjoint(mentee.language_keys):
            total += terms.language
            if reasons is not None and terms.language:
                shared = [v for k, v in mentee.languages.items() if k in mentor.language_keys]
                reasons.append(why.shared_language(shared, terms.language))
        else:
            total -= terms.no_language_penalty
            if terms.language_required:
                disqualifiers += (ReasonCode.NO_SHARED_LANGUAGE,)
            if reasons is not None and (terms.language_required or terms.no_language_penalty):
                reasons.append(
                    why.no_shared_language(
                        list(mentor.languages.values()),
                        list(mentee.languages.values()),
                        -terms.no_language_penalty,
                        required=terms.language_required,
                    )
                )

    shared_interests = len(mentee.interest_keys & mentor.interest_keys)
    if shared_interests and terms.interest:
        term = terms.interest * min(1.0, shared_interests / INTERESTS_FOR_FULL_SCORE)
        total += term
        if reasons is not None:
            shared = [v for k, v in mentee.interests.items() if k in mentor.interest_keys]
            reasons.append(why.shared_interests(shared, term))

    if mentor.department and mentee.department:
        if mentor.department != mentee.department:
            total += terms.perspective
            if reasons is not None and terms.perspective:
                reasons.append(why.outside_perspective(m.department.strip(), terms.perspective))
        elif terms.same_department_penalty:
            total -= terms.same_department_penalty
            if reasons is not None:
                department = e.department.strip()
                reasons.append(why.same_department(department, -terms.same_department_penalty))

    gap = None if mentor.rank is None or mentee.rank is None else mentor.rank - mentee.rank
    if gap is not None:
        if gap < terms.gap_min:
            fit = 1.0 - LEVEL_FIT_LOST_PER_STEP * (terms.gap_min - gap)
        elif gap > terms.gap_max:
            fit = 1.0 - LEVEL_FIT_LOST_PER_STEP * (gap - terms.gap_max)
        else:
            fit = 1.0
        if fit > 0 and terms.level:
            total += terms.level * fit
            if reasons is not None:
                reasons.append(why.level_gap(m.level, e.level, gap, terms.level * fit))
        if gap < 0 and terms.gap_min >= 1 and terms.not_senior_penalty:
            total -= terms.not_senior_penalty
            if reasons is not None:
                reasons.append(why.mentor_not_senior(m.level, e.level, -terms.not_senior_penalty))

    if terms.tutor_must_be_manager:
        if not mentor.manager:
            disqualifiers += (ReasonCode.TUTOR_NOT_MANAGER,)
            if reasons is not None:
                reasons.append(why.tutor_not_manager())
        elif gap is not None and gap <= 0:
            disqualifiers += (ReasonCode.TUTOR_NOT_ABOVE_MEMBER,)
            if reasons is not None:
                reasons.append(why.tutor_not_above_member(m.level, e.level))

    if mentor.style and mentee.style and terms.style:
        term = terms.style if mentor.style == mentee.style else -terms.style
        total += term
        if reasons is not None:
            reasons.append(why.style(mentor.style, mentee.style, term))

    if mentor.format and mentee.format and terms.format:
        agree = formats_agree(mentor.format, mentee.format)
        if agree is not None:
            term = terms.format if agree else -terms.format
            total += term
            if reasons is not None:
                reasons.append(why.meeting_format(mentor.format, mentee.format, term))

    return (0.0 if total < 0 else 1.0 if total > 1 else total), disqualifiers


def _folded(values: tuple[str, ...]) -> dict[str, str]:
    # Case and runs of spaces do not matter; the first spelling of each value is kept.
    folded: dict[str, str] = {}
    for value in values:
        key = " ".join(value.casefold().split())
        if key and key not in folded:
            folded[key] = value.strip()
    return folded
