"""Releasing closed rounds: each is added up once into a `RoundResult`, the only source of the
figures anyone sees about answers (the rules: `shared.feedback.privacy`).

A round is released by the `results` job after it closes: closing expires its unused links in
the same transaction that marks it CLOSED, so no answer can join it afterwards and its result
never changes. Adding a round up reads its invitations and responses once (bounded by the
round's size); the mentors of its pairs then have their recognitions refreshed from the
released results. `rebuild_results()` adds every released round up again (after the scorer
changed, or to repair drift) and gives what the job gave.
"""

import random
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from services.surveys.answers import scale_of
from services.surveys.recognition import MentorPeriod, refresh_recognitions
from services.surveys.sentiment import NEGATIVE_THRESHOLD, POSITIVE_THRESHOLD
from services.surveys.template_versions import used_version
from shared.enums import (
    Audience,
    CommentIntent,
    InvitationState,
    QuestionKind,
    Role,
    RoundStatus,
    SentimentLabel,
    SurveyKind,
)
from shared.feedback.periods import recognition_periods
from shared.feedback.rates import NPS_COUNT_FIELDS, nps_category
from shared.feedback.reports import released_comment
from shared.models import Invitation, RoundResult, SurveyResponse, SurveyRound, utc_now
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
from shared.models.surveys import Question, SurveyTemplate

ROUNDS_PER_PASS = 20
Document = dict[str, Any]


@dataclass
class _Comments:
    """A comment tally being added up, with the people behind it and behind each theme."""

    tally: CommentTally
    commenters: set[Any] = field(default_factory=set)
    theme_people: dict[str, set[Any]] = field(default_factory=lambda: defaultdict(set))

    def add(self, respondent: Any, sentiment: Document) -> None:
        comments = self.tally
        if sentiment["label"] == SentimentLabel.NOT_SCORED.value:
            language = sentiment.get("language") or "und"
            comments.not_scored[language] = comments.not_scored.get(language, 0) + 1
            return
        self.commenters.add(respondent)
        suggestion = sentiment.get("intent") == CommentIntent.SUGGESTION.value
        comments.comments += 1
        comments.polarity_sum += sentiment["polarity"]
        if suggestion:
            comments.suggestions += 1
        elif sentiment.get("intent") == CommentIntent.PROBLEM.value:
            comments.problems += 1
        if not suggestion and sentiment["label"] == SentimentLabel.POSITIVE.value:
            comments.positive += 1
        if not suggestion and sentiment["label"] == SentimentLabel.NEGATIVE.value:
            comments.negative += 1
        for mention in sentiment.get("themes", []):
            theme = comments.themes.setdefault(mention["theme"], ThemeTally())
            self.theme_people[mention["theme"]].add(respondent)
            theme.mentions += 1
            theme.polarity_sum += mention["polarity"]
            if suggestion:
                theme.suggestions += 1
            elif mention["polarity"] > POSITIVE_THRESHOLD:
                theme.positive += 1
            elif mention["polarity"] < NEGATIVE_THRESHOLD:
                theme.negative += 1

    def finish(self) -> None:
        self.tally.commenters = len(self.commenters)
        for name, people in self.theme_people.items():
            self.tally.themes[name].people = len(people)


@dataclass
class _Group:
    """A tally being added up, with the people behind each of its parts. Comments to the
    program team and confidential ones are separate parts, each with its own commenters: a
    manager who reads the program-team comments could otherwise subtract them from a shared
    figure and isolate a single confidential one."""

    tally: GroupTally
    people: set[Any] = field(default_factory=set)
    scorers: set[Any] = field(default_factory=set)
    nps_answerers: set[Any] = field(default_factory=set)
    team: _Comments = field(init=False)
    confidential: _Comments | None = field(init=False)

    def __post_init__(self) -> None:
        self.team = _Comments(self.tally.comments)
        tally = self.tally
        self.confidential = _Comments(tally.confidential) if isinstance(tally, RoleTally) else None

    def add_response(self, response: Document) -> None:
        tally = self.tally
        self.people.add(response["respondent_id"])
        tally.responses += 1
        satisfaction = response.get("satisfaction")
        if satisfaction is not None:
            self.scorers.add(response["respondent_id"])
            tally.satisfaction_count += 1
            tally.satisfaction_sum += satisfaction
        nps = response.get("nps")
        if nps is not None and isinstance(tally, RoleTally):
            self.nps_answerers.add(response["respondent_id"])
            field_name = NPS_COUNT_FIELDS[nps_category(nps)]
            setattr(tally, field_name, getattr(tally, field_name) + 1)

    def add_comment(self, respondent: Any, sentiment: Document) -> None:
        """A program-team comment; a confidential one only on a side's tally (mentor
        tallies hold program-team answers only)."""
        if sentiment.get("audience") == Audience.PROGRAM_TEAM.value:
            self.team.add(respondent, sentiment)
        elif self.confidential is not None:
            self.confidential.add(respondent, sentiment)

    def finish(self) -> None:
        self.tally.respondents = len(self.people)
        if isinstance(self.tally, MentorTally):
            self.tally.respondent_ids = sorted(self.people, key=str)
        self.tally.satisfaction_people = len(self.scorers)
        self.tally.nps_people = len(self.nps_answerers)
        self.team.finish()
        if self.confidential is not None:
            self.confidential.finish()


@dataclass
class _Question:
    tally: QuestionTally
    people: set[Any] = field(default_factory=set)


def _question_tally(question: Question) -> QuestionTally | None:
    """An empty distribution for a scale or choice question; None for text."""
    scale = scale_of(question)
    if scale is not None:
        options = [str(n) for n in range(scale[0], scale[1] + 1)]
    elif question.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTI_CHOICE):
        options = list(question.options)
    else:
        return None
    return QuestionTally(
        question_id=question.id,
        prompt=question.prompt,
        kind=question.kind,
        audience=question.audience,
        options=options,
        counts=dict.fromkeys(options, 0),
    )


class _RoundTally:
    """Everything one round adds up to, fed response by response."""

    def __init__(self) -> None:
        self.roles: dict[Role, _Group] = {}
        self.mentors: dict[Any, _Group] = {}
        self.questions: dict[tuple[Role, str], _Question] = {}
        self.confidential: dict[str, tuple[Question, list[ReleasedComment], set[Any]]] = {}

    def _role(self, role: Role) -> _Group:
        return self.roles.setdefault(role, _Group(RoleTally(role=role)))

    def add(self, response: Document, template: SurveyTemplate | None) -> None:
        role, respondent = Role(response["role"]), response["respondent_id"]
        questions = {q.id: q for q in template.questions} if template else {}
        group = self._role(role)
        group.add_response(response)
        mentor = None
        if role == Role.MENTEE:
            mentor = self.mentors.setdefault(
                response["mentor_id"], _Group(MentorTally(mentor_id=response["mentor_id"]))
            )
            mentor.add_response(response)  # its satisfaction is program-team answers only
        for sentiment in response.get("sentiments", []):
            group.add_comment(respondent, sentiment)
            question = questions.get(sentiment["question_id"])
            if mentor is not None:
                mentor.add_comment(respondent, sentiment)
            if question is not None and question.audience == Audience.CONFIDENTIAL:
                self._add_confidential(question, respondent, sentiment, response)
        for answer in response.get("answers", []):
            question = questions.get(answer["question_id"])
            if question is not None:
                self._add_answer(role, question, respondent, answer["value"])

    def _add_answer(self, role: Role, question: Question, respondent: Any, value: Any) -> None:
        key = (role, question.id)
        if key not in self.questions:
            tally = _question_tally(question)
            if tally is None:
                return
            self.questions[key] = _Question(tally)
        entry = self.questions[key]
        entry.people.add(respondent)
        for chosen in value if isinstance(value, list) else [value]:
            name = str(chosen)
            entry.tally.counts[name] = entry.tally.counts.get(name, 0) + 1

    def _add_confidential(
        self, question: Question, respondent: Any, sentiment: Document, response: Document
    ) -> None:
        text = next(
            (a["value"] for a in response["answers"] if a["question_id"] == question.id), None
        )
        if not isinstance(text, str):
            return
        _, comments, people = self.confidential.setdefault(question.id, (question, [], set()))
        people.add(respondent)
        comments.append(released_comment(text, sentiment))

    def result(self, survey_round: Document, invited: dict[Role, int]) -> RoundResult:
        for role in invited:
            self._role(role)
        groups = [*self.roles.values(), *self.mentors.values()]
        for group in groups:
            group.finish()
        for (role, _), entry in self.questions.items():
            entry.tally.answerers = len(entry.people)
            role_tally = self.roles[role].tally
            assert isinstance(role_tally, RoleTally)
            role_tally.questions.append(entry.tally)
        confidential = []
        shuffle = random.SystemRandom().shuffle
        for question, comments, people in self.confidential.values():
            shuffle(comments)  # the order says nothing about who wrote them, or when
            confidential.append(
                ConfidentialComments(
                    question_id=question.id,
                    prompt=question.prompt,
                    commenters=len(people),
                    comments=comments,
                )
            )
        roles = []
        for role in sorted(self.roles):
            tally = self.roles[role].tally
            assert isinstance(tally, RoleTally)
            tally.invited = invited.get(role, 0)
            roles.append(tally)
        mentors = [g.tally for g in self.mentors.values() if isinstance(g.tally, MentorTally)]
        return RoundResult(
            id=survey_round["_id"],
            program_id=survey_round["program_id"],
            label=survey_round["label"],
            kind=survey_round.get("kind", SurveyKind.CHECK_IN.value),
            opens_at=survey_round["opens_at"],
            closes_at=survey_round.get("closed_at") or survey_round["closes_at"],
            released_at=utc_now(),
            roles=roles,
            mentors=sorted(mentors, key=lambda m: str(m.mentor_id)),
            confidential_comments=confidential,
        )


async def add_up_round(survey_round: Document) -> RoundResult:
    """What a closed round adds up to, from its invitations and responses."""
    invited: dict[Role, int] = defaultdict(int)
    pipeline: list[Document] = [
        {"$match": {"round_id": survey_round["_id"]}},
        {"$group": {"_id": {"role": "$role", "state": "$state"}, "n": {"$sum": 1}}},
    ]
    async with await Invitation.get_pymongo_collection().aggregate(pipeline) as cursor:
        async for row in cursor:
            if row["_id"]["state"] != InvitationState.REVOKED.value:  # revoked: not invited
                invited[Role(row["_id"]["role"])] += row["n"]
    tally = _RoundTally()
    templates: dict[Any, SurveyTemplate | None] = {}
    responses = SurveyResponse.get_pymongo_collection().find({"round_id": survey_round["_id"]})
    async for response in responses.batch_size(1000):
        template_id = response["template_id"]
        if template_id not in templates:
            templates[template_id] = await used_version(template_id)
        tally.add(response, templates[template_id])
    return tally.result(survey_round, invited)


@dataclass
class Released:
    """What a pass of the results job did."""

    rounds: list[str] = field(default_factory=list)
    recognitions_refreshed: int = 0
    recognitions_failed: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "released": self.rounds,
            "recognitionsRefreshed": self.recognitions_refreshed,
            "recognitionsFailed": self.recognitions_failed,
        }


async def release_closed_rounds(*, limit: int = ROUNDS_PER_PASS) -> Released:
    """Add up closed rounds not released yet (up to `limit`), then refresh the recognitions
    of their mentors."""
    done = Released()
    cursor = SurveyRound.get_pymongo_collection().find(
        {"status": RoundStatus.CLOSED.value, "released_at": None}
    )
    pending = await cursor.limit(limit).to_list()
    concerned: set[MentorPeriod] = set()
    for survey_round in pending:
        result = await release_round(survey_round)
        done.rounds.append(str(survey_round["_id"]))
        concerned.update(_mentor_periods(result))
    failed = await refresh_recognitions(concerned)
    done.recognitions_refreshed = len(concerned) - len(failed)
    done.recognitions_failed = len(failed)
    return done


async def release_round(survey_round: Document) -> RoundResult:
    """Add one closed round up, store it, and mark the round released."""
    result = await add_up_round(survey_round)
    document = result.model_dump(by_alias=True, mode="python")
    await RoundResult.get_pymongo_collection().replace_one(
        {"_id": result.id}, document, upsert=True
    )
    await SurveyRound.get_pymongo_collection().update_one(
        {"_id": survey_round["_id"]},
        {"$set": {"released_at": result.released_at, "updated_at": utc_now()}},
    )
    return result


def _mentor_periods(result: RoundResult) -> Iterable[MentorPeriod]:
    for mentor in result.mentors:
        for period in recognition_periods(result.opens_at):
            yield MentorPeriod(result.program_id, mentor.mentor_id, period)


async def rebuild_results(progress: Callable[[int], None] | None = None) -> int:
    """Add every released round up again and refresh the recognitions they feed; returns
    how many rounds were added up."""
    cursor = SurveyRound.get_pymongo_collection().find({"status": RoundStatus.CLOSED.value})
    rebuilt = 0
    concerned: set[MentorPeriod] = set()
    async for survey_round in cursor:
        if survey_round.get("released_at") is None:
            continue  # the job releases it
        concerned.update(_mentor_periods(await release_round(survey_round)))
        rebuilt += 1
        if progress is not None:
            progress(rebuilt)
    failed = await refresh_recognitions(concerned)
    if failed:
        raise RuntimeError(f"{len(failed)} recognitions could not be refreshed")
    return rebuilt
