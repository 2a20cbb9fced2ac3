"""What admins and a program's managers may see of its survey rounds: headline figures over a
range, a trend, what changed since the previous round, each question's distribution and the
confidential comments, all from released rounds under the rules of `shared.feedback.privacy`.

The GraphQL API and the survey service's export both read results through this module, so the
same answer is never shown by one and withheld by the other. Every function here is pure: the
callers load the `RoundResult`s, the rounds and their invitation counts.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from shared.enums import Audience, DescribedEnum, QuestionKind, Role
from shared.feedback.privacy import Figures, figures_of, question_shown, released_comments
from shared.models.results import GroupTally, ReleasedComment, RoleTally, RoundResult
from shared.models.surveys import Question


class Availability(DescribedEnum):
    """Whether figures can be shown, and if not, why."""

    AVAILABLE = "AVAILABLE", "The figures are shown."
    INSUFFICIENT_RESPONSES = (
        "INSUFFICIENT_RESPONSES",
        "Withheld: fewer people than the program's minimum group size stand behind them.",
    )
    NO_RESPONSES = "NO_RESPONSES", "Nobody has answered."
    PENDING = (
        "PENDING",
        "Answers exist only in rounds not released yet (open, or just closed).",
    )


@dataclass(frozen=True)
class RoundProgress:
    """A round as anyone managing the program may follow it: how many were invited and
    answered (never what they answered), and whether its results are released."""

    id: str
    label: str
    opens_at: datetime
    closes_at: datetime
    invited: int
    answered: int
    released: bool

    @property
    def response_rate(self) -> float | None:
        return round(self.answered / self.invited, 3) if self.invited else None


def role_atoms(results: Iterable[RoundResult], role: Role | None) -> list[GroupTally]:
    """The atoms of one respondent role (or of both) in some released rounds."""
    return [tally for result in results for tally in result.roles if role in (None, tally.role)]


def availability_of(figures: Figures, *, pending: bool = False) -> Availability:
    """Whether figures are shown; if not, whether answers were withheld, are still pending
    (in rounds not released yet) or there are none."""
    if figures.any_shown:
        return Availability.AVAILABLE
    if figures.withheld_respondents:
        return Availability.INSUFFICIENT_RESPONSES
    return Availability.PENDING if pending else Availability.NO_RESPONSES


@dataclass
class Headline:
    """Figures over the released rounds of a range, with the rounds they cover and those
    still pending (open, or closed and about to be released)."""

    figures: Figures
    covered: list[RoundProgress]
    pending: list[RoundProgress]

    @property
    def availability(self) -> Availability:
        return availability_of(self.figures, pending=bool(self.pending))

    @property
    def response_rate(self) -> float | None:
        rounds = [*self.covered, *self.pending]
        invited = sum(r.invited for r in rounds)
        return round(sum(r.answered for r in rounds) / invited, 3) if invited else None


def headline(
    results: Sequence[RoundResult],
    rounds: Sequence[RoundProgress],
    role: Role | None,
    min_group_size: int,
) -> Headline:
    """The figures of the released `results`, and which of `rounds` they cover."""
    released = {str(result.id) for result in results}
    return Headline(
        figures=figures_of(role_atoms(results, role), min_group_size),
        covered=[r for r in rounds if r.id in released],
        pending=[r for r in rounds if r.id not in released],
    )


@dataclass(frozen=True)
class ThemeChange:
    """One theme of the latest released round, and how its sentiment moved."""

    theme: str
    mentions: int
    negative: int
    suggestions: int
    average_polarity: float
    change_since_previous: float | None


def theme_changes(
    latest: RoundResult, previous: RoundResult | None, min_group_size: int
) -> list[ThemeChange]:
    """The themes shown in the latest released round, most negative first, each compared
    with the previous released round where it is shown there too."""
    now = figures_of(role_atoms([latest], None), min_group_size)
    before = figures_of(role_atoms([previous], None), min_group_size) if previous else Figures()
    changes = []
    for name, theme in now.themes.items():
        average = theme.average_polarity
        if average is None:
            continue
        earlier = before.themes.get(name)
        earlier_average = earlier.average_polarity if earlier else None
        changes.append(
            ThemeChange(
                theme=name,
                mentions=theme.mentions,
                negative=theme.negative,
                suggestions=theme.suggestions,
                average_polarity=average,
                change_since_previous=(
                    None if earlier_average is None else round(average - earlier_average, 3)
                ),
            )
        )
    return sorted(changes, key=lambda t: (-t.negative, t.average_polarity, t.theme))


@dataclass(frozen=True)
class QuestionResult:
    """How one side answered a scale or choice question in a released round: counts per
    value or option, or None when fewer people than the minimum group size stand behind them
    (or behind the rest of the side's respondents)."""

    role: Role
    question_id: str
    prompt: str
    kind: QuestionKind
    audience: Audience
    options: list[str]
    answerers: int | None
    counts: dict[str, int] | None

    @property
    def availability(self) -> Availability:
        return (
            Availability.AVAILABLE
            if self.counts is not None
            else (Availability.INSUFFICIENT_RESPONSES)
        )


def question_results(result: RoundResult, min_group_size: int) -> list[QuestionResult]:
    """Each scale and choice question of the round, per respondent role."""
    found = []
    for role_tally in result.roles:
        for question in role_tally.questions:
            shown = question_shown(question, role_tally.respondents, min_group_size)
            found.append(
                QuestionResult(
                    role=role_tally.role,
                    question_id=question.question_id,
                    prompt=question.prompt,
                    kind=question.kind,
                    audience=question.audience,
                    options=list(question.options),
                    answerers=question.answerers if shown else None,
                    counts=dict(question.counts) if shown else None,
                )
            )
    return found


@dataclass(frozen=True)
class CommentList:
    """The answers to one confidential text question: shuffled, without person, pair or
    time; None when fewer than the minimum group size of people wrote one."""

    question_id: str
    prompt: str
    comments: list[ReleasedComment] | None

    @property
    def availability(self) -> Availability:
        return (
            Availability.AVAILABLE
            if self.comments is not None
            else Availability.INSUFFICIENT_RESPONSES
        )


def confidential_comments(result: RoundResult, min_group_size: int) -> list[CommentList]:
    return [
        CommentList(
            question_id=question.question_id,
            prompt=question.prompt,
            comments=released_comments(question, min_group_size),
        )
        for question in result.confidential_comments
    ]


@dataclass
class RoleReport:
    """One side of a released round: how many were invited and answered, and its figures."""

    role: Role
    invited: int
    respondents: int
    figures: Figures


@dataclass
class RoundReport:
    """Everything a manager may see of one released round: the export's content."""

    result: RoundResult
    roles: list[RoleReport] = field(default_factory=list)
    questions: list[QuestionResult] = field(default_factory=list)
    comments: list[CommentList] = field(default_factory=list)


def round_report(result: RoundResult, min_group_size: int) -> RoundReport:
    return RoundReport(
        result=result,
        roles=[_role_report(tally, min_group_size) for tally in result.roles],
        questions=question_results(result, min_group_size),
        comments=confidential_comments(result, min_group_size),
    )


def _role_report(tally: RoleTally, min_group_size: int) -> RoleReport:
    return RoleReport(
        role=tally.role,
        invited=tally.invited,
        respondents=tally.respondents,
        figures=figures_of([tally], min_group_size),
    )


@dataclass(frozen=True)
class TeamAnswer:
    """The answer to one program-team question: its values as text."""

    question_id: str
    prompt: str
    kind: QuestionKind
    values: list[str]


@dataclass(frozen=True)
class TeamComment:
    """A comment to the program team: its question, its words and how they read."""

    question_id: str
    prompt: str
    comment: ReleasedComment


@dataclass(frozen=True)
class TeamView:
    """What admins and the program's managers see of one response, with its pair: the
    answers to program-team questions only (never a confidential one, such as the NPS)."""

    answers: list[TeamAnswer]
    comments: list[TeamComment]

    @property
    def comment_polarity(self) -> float | None:
        scored = [c.comment.polarity for c in self.comments if c.comment.label != "NOT_SCORED"]
        return round(sum(scored) / len(scored), 3) if scored else None


def released_comment(text: str, sentiment: Mapping[str, Any]) -> ReleasedComment:
    """A comment's words with how they read, from its stored sentiment."""
    return ReleasedComment(
        text=text,
        label=sentiment["label"],
        polarity=sentiment["polarity"],
        intent=sentiment.get("intent", "COMMENT"),
        language=sentiment.get("language", "en"),
        themes=sorted({m["theme"] for m in sentiment.get("themes", [])}),
    )


def team_view(response: Mapping[str, Any], questions: Mapping[str, Question]) -> TeamView:
    """A response as the program team sees it; `questions` are those of the template version
    it answered, by id."""
    team = {qid: q for qid, q in questions.items() if q.audience == Audience.PROGRAM_TEAM}
    answers, texts = [], {}
    for answer in response["answers"]:
        question, value = team.get(answer["question_id"]), answer["value"]
        if question is None or value is None:
            continue
        texts[question.id] = value
        values = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        answers.append(TeamAnswer(question.id, question.prompt, question.kind, values))
    comments = [
        TeamComment(question.id, question.prompt, released_comment(text, sentiment))
        for sentiment in response.get("sentiments", [])
        if (question := team.get(sentiment["question_id"])) is not None
        and isinstance(text := texts.get(question.id), str)
    ]
    return TeamView(answers, comments)
