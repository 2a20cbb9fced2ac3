"""Checking answers against a template, and what a response's numbers are made of."""

from dataclasses import dataclass
from typing import Any

from shared.enums import Audience, QuestionKind
from shared.models.surveys import Answer, Question, SurveyTemplate


@dataclass(frozen=True)
class AnswerProblem:
    """Why one answer was not accepted, in words for the person filling in the form."""

    question_id: str | None
    message: str


@dataclass(frozen=True)
class CheckedAnswers:
    answers: list[Answer]
    problems: list[AnswerProblem]


def scale_of(question: Question) -> tuple[int, int] | None:
    """The bounds of a numeric question; None for choices and text."""
    if question.kind == QuestionKind.LIKERT_5:
        return 1, 5
    if question.kind == QuestionKind.NPS:
        return 0, 10
    if question.kind == QuestionKind.RATING:
        return 1, question.scale_max or 5
    return None


def _number(value: Any, low: int, high: int) -> int | str:
    """The whole number in `value`, or a message."""
    if isinstance(value, bool):
        return "Choose a number."
    if isinstance(value, str):
        value = value.strip()
        if not value.lstrip("-").isdigit():
            return "Choose a number."
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        return "Choose a number."
    if not low <= value <= high:
        return f"Choose a number from {low} to {high}."
    return value


def _is_unicode_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_one(question: Question, value: Any, text_limit: int) -> Any:
    """The accepted value (None when left empty), or an AnswerProblem."""

    def problem(message: str) -> AnswerProblem:
        return AnswerProblem(question.id, message)

    empty = value is None or value == "" or value == []
    if empty:
        return problem("This question needs an answer.") if question.required else None
    scale = scale_of(question)
    if scale is not None:
        number = _number(value, *scale)
        return problem(number) if isinstance(number, str) else number
    if question.kind == QuestionKind.SINGLE_CHOICE:
        if not isinstance(value, str) or value not in question.options:
            return problem("Choose one of the options.")
        return value
    if question.kind == QuestionKind.MULTI_CHOICE:
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            return problem("Choose among the options.")
        unknown = [v for v in values if v not in question.options]
        if unknown:
            return problem("Choose among the options.")
        return list(dict.fromkeys(values))
    if not isinstance(value, str):
        return problem("Write your answer as text.")
    if not _is_unicode_text(value):  # a lone surrogate: JSON allows it, storage does not
        return problem("The answer holds characters that are not text; please type it again.")
    text = value.strip()
    limit = min(question.max_length or text_limit, text_limit)
    if len(text) > limit:
        return problem(f"Keep it under {limit} characters (now {len(text)}).")
    if not text:
        return problem("This question needs an answer.") if question.required else None
    return text


def check_answers(
    template: SurveyTemplate, values: dict[str, Any], *, text_limit: int
) -> CheckedAnswers:
    """Every question's answer checked; unknown question ids are refused as well."""
    answers, problems = [], []
    known = {question.id for question in template.questions}
    for question_id in values:
        if question_id not in known:
            problems.append(AnswerProblem(question_id, "This survey has no such question."))
    for question in template.questions:
        checked = _check_one(question, values.get(question.id), text_limit)
        if isinstance(checked, AnswerProblem):
            problems.append(checked)
        elif checked is not None:
            answers.append(Answer(question_id=question.id, value=checked))
    return CheckedAnswers(answers=answers, problems=problems)


def satisfaction_of(template: SurveyTemplate, answers: list[Answer]) -> float | None:
    """Mean of the answers to questions that count toward satisfaction, on a 1-5 scale. It is
    seen with the pair, so only program-team questions count (a template version from before
    audiences were declared has none: its answers are confidential)."""
    by_id = {answer.question_id: answer.value for answer in answers}
    scores = []
    for question in template.questions:
        value = by_id.get(question.id)
        scale = scale_of(question)
        counts = question.counts_toward_satisfaction and question.audience == Audience.PROGRAM_TEAM
        if counts and scale is not None and isinstance(value, int):
            low, high = scale
            scores.append(1 + 4 * (value - low) / (high - low))
    return round(sum(scores) / len(scores), 4) if scores else None


def nps_of(template: SurveyTemplate, answers: list[Answer]) -> int | None:
    """The answer to the template's first NPS question."""
    by_id = {answer.question_id: answer.value for answer in answers}
    for question in template.questions:
        if question.kind == QuestionKind.NPS and isinstance(by_id.get(question.id), int):
            return int(by_id[question.id])  # type: ignore[arg-type]
    return None


def texts_of(template: SurveyTemplate, answers: list[Answer]) -> list[tuple[Question, str]]:
    """Each written answer with its question."""
    text_questions = {q.id: q for q in template.questions if q.kind == QuestionKind.TEXT}
    return [
        (text_questions[a.question_id], a.value)
        for a in answers
        if a.question_id in text_questions and isinstance(a.value, str) and a.value
    ]
