"""Who may learn what from survey answers: the promise made to respondents, and the rules that
keep it, whatever figures, filters, periods and moments a viewer combines.

The promise (shown on the survey page before anyone answers, see `audience_explanation`):

- A PROGRAM_TEAM answer is seen, with the pair it is about, by admins and the program's
  managers (for relationship health). The counterpart never sees it.
- A CONFIDENTIAL answer only ever counts in figures over at least the program's minimum group
  size `k` of distinct people, released per closed round. It is never linked to a person, a
  pair or a moment.

Who sees figures:

- Admins and the program's managers see program figures. These are made from all answers of
  the program's released rounds, per respondent role.
- A mentor sees their own recognition. Admins and the program's managers see every mentor's.
  Mentor figures are made only from PROGRAM_TEAM answers of the mentor's mentees: their
  satisfaction and their comments to program-team questions.
- Individual PROGRAM_TEAM answers reach only admins and the program's managers: `Pair.feedback`
  and pair health. Health rests on PROGRAM_TEAM answers only, so no health reason reveals a
  CONFIDENTIAL answer.

The rules for figures:

1. **Atoms.** The unit of every figure is an atom: the answers of one group in one released
   round. A group is a role of the program, or the mentees of one mentor. A round is
   released once it is closed. Then no answer can join it or leave it, so an atom never
   changes. While a round is open, viewers see only how many answered.
2. **Thresholds count distinct people.** An atom is shown only if at least `k` distinct people
   answered in it; one person answering five rounds is one person in each of five atoms. Each
   part of an atom needs its own `k` distinct people:
   - its satisfaction, `k` people who gave a score; its NPS, `k` people who answered it;
   - its comment figures (shares, mean sentiment, comments not scored), `k` commenters,
     separately for program-team and for confidential comments (else a manager, who reads
     every program-team comment, could subtract them from a shared figure);
   - each theme, `k` people who mentioned it;
   - each question's distribution, `k` people who answered it;
   - a confidential question's comments, `k` people who wrote one.
   A part nested in another that measures the same thing (a theme within the comments, an
   optional question within the atom's scores) also needs the rest of the whole to be empty
   or of `k` people, else "whole minus part" would single out the few outside it.
3. **Figures add whole shown parts.** A figure over several rounds or roles adds the shown
   parts of its atoms, and nothing else. A part that is not shown counts in no figure, ever.
   This is a property of the atom, not of the question asked, so no filter can include it.

Why no combination reveals an answer: every figure is a sum over whole shown parts. Any two
figures, for two periods, two roles, before and after a round's release, or with and without a
filter, differ by whole shown parts, each over at least `k` distinct people. Watching a
figure around a known answer shows nothing: the answer's round is open until it closes, and
then the figure moves by that round's whole atoms. For "program minus mentor": mentor atoms
hold only program-team answers, which the managers who see program figures may see with
their pair anyway. A mentor sees no program figure, only their own atoms, so the difference
isolates nothing either viewer may not see. Recognition scores and ranks are computed from
shown parts only, so they carry no more than the evidence they show.

What remains visible by design: how many people were invited and answered per round (not what
they answered), and, for admins and managers, PROGRAM_TEAM answers with their pair.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from shared.enums import Audience
from shared.feedback.rates import net_promoter_score
from shared.models.results import (
    CommentTally,
    ConfidentialComments,
    GroupTally,
    MentorTally,
    QuestionTally,
    ReleasedComment,
    RoleTally,
    ThemeTally,
)


def audience_explanation(audience: Audience, min_group_size: int) -> str:
    """What the respondent is told, in plain words, about answers to a group of questions."""
    if audience == Audience.PROGRAM_TEAM:
        return (
            "Seen by the program team: your program's managers and the platform's admins see "
            "these answers with your name and your pair, to look after the mentoring "
            "relationship. The person you are paired with never sees them."
        )
    return (
        "Confidential: these answers only count in totals over at least "
        f"{min_group_size} people, shown after the survey round closes. Nobody sees them "
        "with your name, your pair or when you answered. Comments are shown word for word, "
        "without names, once at least that many people have written one: leave out what "
        "would identify you."
    )


def survey_privacy_summary(audiences: Iterable[Audience], min_group_size: int) -> str:
    """The sentence at the top of a survey: who sees what, before any question."""
    present = set(audiences)
    if present == {Audience.PROGRAM_TEAM}:
        return "Your answers are seen by the program team with your name; never by your pair."
    if present == {Audience.CONFIDENTIAL}:
        return (
            f"Your answers are confidential: they only count in totals over at least "
            f"{min_group_size} people."
        )
    return (
        "Some answers are seen by the program team with your name (never by your pair); "
        f"the others are confidential and only count in totals over at least {min_group_size} "
        "people. Each group of questions says which."
    )


def shown(people: int, min_group_size: int) -> bool:
    """Rule 2: a part of an atom is shown when at least `k` distinct people are behind it."""
    return people >= min_group_size


@dataclass
class ThemeFigures:
    people_in_shown_parts: int = 0
    mentions: int = 0
    polarity_sum: float = 0.0
    positive: int = 0
    negative: int = 0
    suggestions: int = 0

    def add(self, theme: ThemeTally) -> None:
        self.people_in_shown_parts += theme.people
        self.mentions += theme.mentions
        self.polarity_sum += theme.polarity_sum
        self.positive += theme.positive
        self.negative += theme.negative
        self.suggestions += theme.suggestions

    @property
    def average_polarity(self) -> float | None:
        return round(self.polarity_sum / self.mentions, 3) if self.mentions else None


@dataclass
class Figures:
    """What may be shown of some atoms (rule 3): the sums of their shown parts, and how many
    atoms or comment parts were withheld."""

    atoms: int = 0
    atoms_shown: int = 0
    respondents: int = 0  # summed over shown atoms: one person in two rounds counts twice
    withheld_respondents: int = 0  # in atoms not shown
    responses: int = 0
    satisfaction_count: int = 0
    satisfaction_sum: float = 0.0
    nps_promoters: int = 0
    nps_passives: int = 0
    nps_detractors: int = 0
    comment_parts_shown: int = 0
    comments: int = 0
    polarity_sum: float = 0.0
    positive: int = 0
    negative: int = 0
    suggestions: int = 0
    problems: int = 0
    not_scored: dict[str, int] = field(default_factory=dict)
    themes: dict[str, ThemeFigures] = field(default_factory=dict)
    people: set[Any] = field(default_factory=set)  # distinct, where atoms name them (mentors)

    def add(self, atom: GroupTally, min_group_size: int) -> None:
        self.atoms += 1
        if not shown(atom.respondents, min_group_size):
            self.withheld_respondents += atom.respondents
            return
        self.atoms_shown += 1
        self.respondents += atom.respondents
        if isinstance(atom, MentorTally):
            self.people.update(atom.respondent_ids)
        self.responses += atom.responses
        if part_shown(atom.satisfaction_people, atom.respondents, min_group_size):
            self.satisfaction_count += atom.satisfaction_count
            self.satisfaction_sum += atom.satisfaction_sum
        if part_shown(atom.nps_people, atom.respondents, min_group_size):
            self.nps_promoters += atom.nps_promoters
            self.nps_passives += atom.nps_passives
            self.nps_detractors += atom.nps_detractors
        self._add_comments(atom.comments, min_group_size)
        if isinstance(atom, RoleTally):
            self._add_comments(atom.confidential, min_group_size)

    def _add_comments(self, comments: CommentTally, min_group_size: int) -> None:
        if not shown(comments.commenters, min_group_size):
            return
        self.comment_parts_shown += 1
        self.comments += comments.comments
        self.polarity_sum += comments.polarity_sum
        self.positive += comments.positive
        self.negative += comments.negative
        self.suggestions += comments.suggestions
        self.problems += comments.problems
        for language, count in comments.not_scored.items():
            self.not_scored[language] = self.not_scored.get(language, 0) + count
        for name, theme in comments.themes.items():
            if part_shown(theme.people, comments.commenters, min_group_size):
                self.themes.setdefault(name, ThemeFigures()).add(theme)

    @property
    def any_shown(self) -> bool:
        return self.atoms_shown > 0

    @property
    def average_satisfaction(self) -> float | None:
        if not self.satisfaction_count:
            return None
        return round(self.satisfaction_sum / self.satisfaction_count, 3)

    @property
    def nps(self) -> float | None:
        return net_promoter_score(self.nps_promoters, self.nps_passives, self.nps_detractors)

    def comment_share(self, count: int) -> float | None:
        return round(count / self.comments, 3) if self.comments else None

    @property
    def average_polarity(self) -> float | None:
        return round(self.polarity_sum / self.comments, 3) if self.comments else None


def figures_of(atoms: Iterable[GroupTally], min_group_size: int) -> Figures:
    """The figures some atoms may show together (rules 2 and 3)."""
    figures = Figures()
    for atom in atoms:
        figures.add(atom, min_group_size)
    return figures


def part_shown(part: int, whole: int, min_group_size: int) -> bool:
    """Rule 2 for a nested part: `k` people in it, and none or `k` in the rest of the whole."""
    rest = whole - part
    return shown(part, min_group_size) and (rest <= 0 or shown(rest, min_group_size))


def question_shown(question: QuestionTally, respondents: int, min_group_size: int) -> bool:
    """A question's distribution is shown when `k` distinct people answered it and the
    atom's other respondents are none or `k` too."""
    return part_shown(question.answerers, respondents, min_group_size)


def released_comments(
    question: ConfidentialComments, min_group_size: int
) -> list[ReleasedComment] | None:
    """A confidential question's comments, shuffled when the round was released, or None
    when fewer than `k` people wrote one."""
    return question.comments if shown(question.commenters, min_group_size) else None
