"""Feedback in GraphQL: loads what the survey service released and shows it through the rules
of `shared.feedback.reports` and `shared.feedback.privacy`; nothing here decides what may be
seen of an answer."""

import asyncio
import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from bson import ObjectId

from services.graphql_api.context import Info
from services.graphql_api.domain.errors import DomainError, ErrorCode, not_found
from services.graphql_api.feedback.loaders import (
    AtRiskCountByProgramLoader,
    GoalCountsByProgramLoader,
    HealthByPairLoader,
    ResponsesByPairLoader,
    RoundResultByIdLoader,
    TemplateByIdLoader,
)
from services.graphql_api.feedback.rounds import (
    invitation_counts,
    parse_round_id,
    program_rounds,
    released_results,
)
from services.graphql_api.feedback.types import (
    AnswerShown,
    ConfidentialCommentList,
    Granularity,
    HealthReasonType,
    LanguageCount,
    OptionCount,
    PairComment,
    PairFeedbackRound,
    PairHealthType,
    ProgramInsights,
    QuestionResult,
    ReleasedComment,
    RoundResponseRate,
    SatisfactionSummary,
    SideFeedback,
    SurveyRound,
    SurveySchedule,
    ThemeInsight,
    TrendPoint,
    known_themes,
)
from shared.enums import (
    CommentIntent,
    CommentTheme,
    HealthReasonCode,
    ProgramStatus,
    Role,
    SentimentLabel,
    SurveyCadence,
    SurveyKind,
)
from shared.feedback import reports
from shared.feedback.periods import months_between, period_bounds, quarter_of_month
from shared.feedback.privacy import figures_of
from shared.feedback.rates import InvitationCounts, goal_achievement_rate
from shared.feedback.reports import (
    Availability,
    Headline,
    RoundProgress,
    headline,
    role_atoms,
    team_view,
    theme_changes,
)
from shared.feedback.schedule import next_round_at
from shared.models import RoundResult
from shared.models.results import ReleasedComment as StoredComment
from shared.models.surveys import Question

Document = dict[str, Any]

DEFAULT_TREND_MONTHS = 12
MAX_RANGE_MONTHS = 120


def default_range(start: date | None, end: date | None) -> tuple[date, date]:
    """Whole months: the last 12 (this one included) unless the caller says otherwise; at
    most ten years, `from` not after `to`."""
    end = end or datetime.now(UTC).date()
    if start is None:
        year, month = end.year, end.month - (DEFAULT_TREND_MONTHS - 1)
        while month < 1:
            year, month = year - 1, month + 12
        start = date(year, month, 1) if year >= 1 else date.min  # the calendar's first month
    if start > end:
        raise DomainError.of(ErrorCode.INVALID, "`from` must not be after `to`.", "from")
    if (end.year - start.year) * 12 + end.month - start.month >= MAX_RANGE_MONTHS:
        raise DomainError.of(
            ErrorCode.INVALID, "A date range may span at most ten years.", ("from", "to")
        )
    last_day = calendar.monthrange(end.year, end.month)[1]
    return start.replace(day=1), end.replace(day=last_day)


def _opened_between(survey_round: Document, start: date, end: date) -> bool:
    return start <= survey_round["opens_at"].date() <= end


def _progress(survey_round: Document, count: InvitationCounts, released: bool) -> RoundProgress:
    return RoundProgress(
        id=str(survey_round["_id"]),
        label=survey_round["label"],
        opens_at=survey_round["opens_at"],
        closes_at=survey_round["closes_at"],
        invited=count.invited,
        answered=count.submitted,
        released=released,
    )


@dataclass
class _Range:
    """A program's rounds opened in a range, their invitations of one role (or both), and
    the released results among them."""

    rounds: list[Document]
    counts: list[InvitationCounts]
    results: dict[ObjectId, RoundResult]

    def headline(self, role: Role | None, min_group_size: int) -> Headline:
        progress = [
            _progress(r, c, r["_id"] in self.results)
            for r, c in zip(self.rounds, self.counts, strict=True)
        ]
        released = [self.results[r["_id"]] for r in self.rounds if r["_id"] in self.results]
        return headline(released, progress, role, min_group_size)

    def within(self, start: date, end: date) -> "_Range":
        kept = [
            (r, c)
            for r, c in zip(self.rounds, self.counts, strict=True)
            if _opened_between(r, start, end)
        ]
        return _Range([r for r, _ in kept], [c for _, c in kept], self.results)

    def survey_round(self, round_id: str) -> SurveyRound:
        for survey_round, count in zip(self.rounds, self.counts, strict=True):
            if str(survey_round["_id"]) == round_id:
                return SurveyRound.from_doc(survey_round, count)
        raise LookupError(round_id)


async def _range(
    info: Info, program_id: ObjectId, start: date, end: date, role: Role | None
) -> _Range:
    rounds, results = await asyncio.gather(
        program_rounds(info, program_id), released_results(info, program_id)
    )
    rounds = [r for r in rounds if _opened_between(r, start, end)]
    return _Range(rounds, await invitation_counts(info, rounds, role, results), results)


async def satisfaction(
    info: Info, program: Any, start: date | None, end: date | None, role: Role | None
) -> SatisfactionSummary:
    start, end = default_range(start, end)
    found = await _range(info, program.db_id, start, end, role)
    summary = found.headline(role, program.min_group_size)
    figures, shown = summary.figures, summary.availability == Availability.AVAILABLE
    return SatisfactionSummary(
        availability=summary.availability,
        responses=figures.responses if shown else None,
        average_score=figures.average_satisfaction if shown else None,
        nps=figures.nps if shown else None,
        positive_share=figures.comment_share(figures.positive) if shown else None,
        negative_share=figures.comment_share(figures.negative) if shown else None,
        suggestion_share=figures.comment_share(figures.suggestions) if shown else None,
        comments_not_scored=[
            LanguageCount(language=language, comments=n)
            for language, n in sorted(figures.not_scored.items())
        ],
        response_rate=summary.response_rate,
        rounds_covered=[found.survey_round(r.id) for r in summary.covered],
        pending_rounds=[found.survey_round(r.id) for r in summary.pending],
    )


async def trend(
    info: Info,
    program: Any,
    granularity: Granularity,
    start: date | None,
    end: date | None,
    role: Role | None,
) -> list[TrendPoint]:
    start, end = default_range(start, end)
    found = await _range(info, program.db_id, start, end, role)
    periods: dict[str, list[str]] = {}
    for month in months_between(start, end):
        key = month if granularity == Granularity.MONTH else quarter_of_month(month)
        periods.setdefault(key, []).append(month)
    points = []
    for period, months in periods.items():
        first_day = period_bounds(months[0])[0]
        last_day = period_bounds(months[-1])[1]
        summary = found.within(first_day, last_day).headline(role, program.min_group_size)
        figures, shown = summary.figures, summary.availability == Availability.AVAILABLE
        points.append(
            TrendPoint(
                period=period,
                starts_on=first_day,
                availability=summary.availability,
                responses=figures.responses if shown else None,
                average_score=figures.average_satisfaction if shown else None,
                nps=figures.nps if shown else None,
                average_polarity=figures.average_polarity if shown else None,
                negative_share=figures.comment_share(figures.negative) if shown else None,
                response_rate=summary.response_rate,
                rounds_covered=len(summary.covered),
                rounds_pending=len(summary.pending),
            )
        )
    return points


async def insights(info: Info, program: Any) -> ProgramInsights:
    loaders = info.context.loaders
    # Loaded together, so the loads of every program in a list share their batches.
    rounds, results, at_risk, goals = await asyncio.gather(
        program_rounds(info, program.db_id),
        released_results(info, program.db_id),
        loaders.get(AtRiskCountByProgramLoader).load(program.db_id),
        loaders.get(GoalCountsByProgramLoader).load(program.db_id),
    )
    counts = await invitation_counts(info, rounds, None, results)
    k = program.min_group_size
    # The latest released rounds with figures to show, so a round with too few answers
    # does not blank the insights.
    shown = [
        (r, c)
        for r, c in zip(rounds, counts, strict=True)
        if r["_id"] in results and figures_of(role_atoms([results[r["_id"]]], None), k).any_shown
    ]
    latest = shown[-1] if shown else None
    previous = shown[-2] if len(shown) > 1 else None
    themes: list[ThemeInsight] = []
    if latest is not None:
        availability = Availability.AVAILABLE
        changes = theme_changes(
            results[latest[0]["_id"]], results[previous[0]["_id"]] if previous else None, k
        )
        themes = [
            ThemeInsight(
                theme=CommentTheme(c.theme),
                mentions=c.mentions,
                negative_mentions=c.negative,
                suggestions=c.suggestions,
                average_polarity=c.average_polarity,
                change_since_previous=c.change_since_previous,
            )
            for c in changes
            if c.theme in CommentTheme.__members__
        ]
    elif any(r["_id"] in results for r in rounds):
        availability = Availability.INSUFFICIENT_RESPONSES
    else:
        availability = Availability.PENDING if rounds else Availability.NO_RESPONSES
    return ProgramInsights(
        latest_round=SurveyRound.from_doc(*latest) if latest else None,
        previous_round=SurveyRound.from_doc(*previous) if previous else None,
        availability=availability,
        themes=themes,
        response_rates=[
            RoundResponseRate(
                label=r["label"], opens_at=r["opens_at"], response_rate=c.response_rate
            )
            for r, c in zip(rounds, counts, strict=True)
        ],
        at_risk_pairs=at_risk,
        goal_achievement_rate=goal_achievement_rate(goals),
    )


async def _released_round(info: Info, program: Any, round_id: str) -> RoundResult | None:
    """A round of the program by its id: its released results, or None while pending. An
    id of no round of this program is NOT_FOUND."""
    object_id = parse_round_id(round_id, "roundId")
    rounds = await program_rounds(info, program.db_id)
    if not any(r["_id"] == object_id for r in rounds):
        raise not_found("Survey round", "roundId")
    return await info.context.loaders.get(RoundResultByIdLoader).load(object_id)


async def question_results(info: Info, program: Any, round_id: str) -> list[QuestionResult]:
    result = await _released_round(info, program, round_id)
    if result is None:
        return []
    return [
        QuestionResult(
            role=q.role,
            question_id=q.question_id,
            prompt=q.prompt,
            kind=q.kind,
            audience=q.audience,
            availability=q.availability,
            answerers=q.answerers,
            distribution=(
                None
                if q.counts is None
                else [OptionCount(value=o, count=q.counts.get(o, 0)) for o in q.options]
            ),
        )
        for q in reports.question_results(result, program.min_group_size)
    ]


async def confidential_comments(
    info: Info, program: Any, round_id: str
) -> list[ConfidentialCommentList]:
    result = await _released_round(info, program, round_id)
    if result is None or result.id is None:
        return []
    return [
        ConfidentialCommentList(
            round_id=result.id,
            shown=(
                None
                if c.comments is None
                else [ReleasedComment(**_reading(comment)) for comment in c.comments]
            ),
            question_id=c.question_id,
            prompt=c.prompt,
            availability=c.availability,
        )
        for c in reports.confidential_comments(result, program.min_group_size)
    ]


def _reading(comment: StoredComment) -> dict[str, Any]:
    """A comment's words and how they read, as the GraphQL comment types show them."""
    return {
        "text": comment.text,
        "sentiment": SentimentLabel(comment.label),
        "polarity": comment.polarity,
        "intent": CommentIntent(comment.intent),
        "language": comment.language,
        "themes": known_themes(comment.themes),
    }


async def pair_health(info: Info, pair_id: ObjectId) -> PairHealthType | None:
    found = await info.context.loaders.get(HealthByPairLoader).load(pair_id)
    if not found:
        return None
    health = found[0]
    return PairHealthType(
        status=health["status"],
        reasons=[
            HealthReasonType(code=HealthReasonCode(r["code"]), detail=r["detail"])
            for r in health["reasons"]
        ],
        updated_at=health["evaluated_at"],
    )


async def pair_feedback(info: Info, pair: Any) -> list[PairFeedbackRound]:
    """Each round's program-team answers from both sides of the pair, with comment text.
    Confidential answers (by their question's audience in the answered template version)
    are left out, whoever asks."""
    responses, rounds = await asyncio.gather(
        info.context.loaders.get(ResponsesByPairLoader).load(pair.db_id),
        program_rounds(info, pair.program_id),
    )
    by_id = {r["_id"]: r for r in rounds}
    templates = await info.context.loaders.get(TemplateByIdLoader).load_many(
        list(dict.fromkeys(r["template_id"] for r in responses))
    )
    questions = {t.id: {q.id: q for q in t.questions} for t in templates if t is not None}
    by_round: dict[Any, list[Document]] = {}
    for response in sorted(responses, key=lambda r: r["submitted_at"]):
        by_round.setdefault(response["round_id"], []).append(response)
    return [
        PairFeedbackRound(
            round_label=by_id[round_id]["label"] if round_id in by_id else "",
            opens_at=by_id[round_id]["opens_at"] if round_id in by_id else None,
            answers=[_side(a, questions.get(a["template_id"], {})) for a in answers],
        )
        for round_id, answers in by_round.items()
    ]


def _side(response: Document, questions: dict[str, Question]) -> SideFeedback:
    view = team_view(response, questions)
    return SideFeedback(
        role=response["role"],
        satisfaction=response.get("satisfaction"),
        comment_polarity=view.comment_polarity,
        answers=[
            AnswerShown(question_id=a.question_id, prompt=a.prompt, kind=a.kind, values=a.values)
            for a in view.answers
        ],
        comments=[
            PairComment(question_id=c.question_id, prompt=c.prompt, **_reading(c.comment))
            for c in view.comments
        ],
        submitted_at=response["submitted_at"],
    )


async def survey_schedule(info: Info, program: Any) -> SurveySchedule:
    """The program's cadence, its latest check-in round and when the next is due, by the
    rule the survey service's scheduler follows."""
    rounds = await program_rounds(info, program.db_id)
    opened = [
        r["opens_at"]
        for r in rounds
        if r.get("kind", SurveyKind.CHECK_IN.value) == SurveyKind.CHECK_IN.value
    ]
    last_round_at = max(opened, default=None)
    return SurveySchedule(
        cadence=program.survey_cadence,
        last_round_at=last_round_at,
        next_round_at=next_round_at(
            cadence=SurveyCadence(program.survey_cadence),
            active=program.status == ProgramStatus.ACTIVE,
            starts_on=program.starts_on,
            ends_on=program.ends_on,
            last_round_at=last_round_at,
            now=datetime.now(UTC),
        ),
    )
