"""Changing a survey template: a version a round has used is never edited; a new one is made."""

from pydantic import BaseModel, Field, StrictBool, StrictInt, model_validator
from pymongo.asynchronous.client_session import AsyncClientSession

from services.surveys.errors import NotFound
from shared.db import in_transaction
from shared.enums import Audience, QuestionKind
from shared.models import SurveyRound, SurveyTemplate
from shared.models.surveys import Question


class QuestionChange(Question):
    """A question as sent: flags and numbers must be JSON booleans and integers, as
    documented, never text or numbers read as them."""

    required: StrictBool = True
    counts_toward_satisfaction: StrictBool = False
    scale_max: StrictInt | None = None
    max_length: StrictInt | None = None


class TemplateChange(BaseModel):
    """The new wording and questions of a template (audience and kind stay)."""

    title: str = Field(min_length=1, max_length=200)
    introduction: str = Field(default="", max_length=2000)
    questions: list[QuestionChange] = Field(min_length=1, max_length=50)

    def stored_questions(self) -> list[Question]:
        return [Question.model_validate(q.model_dump()) for q in self.questions]

    @model_validator(mode="after")
    def _questions_are_consistent(self) -> "TemplateChange":
        ids = [q.id for q in self.questions]
        if len(ids) != len(set(ids)):
            raise ValueError("question ids must be unique")
        for q in self.questions:
            if (
                q.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTI_CHOICE)
                and len(q.options) < 2
            ):
                raise ValueError(f"question {q.id} needs at least two options")
            if q.kind == QuestionKind.RATING and not (q.scale_max and 2 <= q.scale_max <= 10):
                raise ValueError(f"question {q.id} needs a scale_max from 2 to 10")
            if q.counts_toward_satisfaction and q.audience != Audience.PROGRAM_TEAM:
                # A pair's satisfaction is seen with the pair: only program-team answers.
                raise ValueError(
                    f"question {q.id} counts toward satisfaction, so its audience must be "
                    "PROGRAM_TEAM"
                )
        return self


async def current_version(key: str) -> SurveyTemplate:
    template = await SurveyTemplate.find_one({"key": key, "is_current": True})
    if template is None:
        raise NotFound(f"There is no survey template “{key}”.")
    return template


async def change_template(key: str, change: TemplateChange) -> SurveyTemplate:
    """Edit the current version in place if no round has used it, else add the next version
    (responses keep pointing at the version they answered)."""
    current = await current_version(key)
    used = await SurveyRound.find_one({f"template_ids.{current.audience.value}": current.id})
    if used is None:
        current.title, current.introduction = change.title, change.introduction
        current.questions = change.stored_questions()
        await current.save()
        return current
    successor = SurveyTemplate(
        key=current.key,
        version=current.version + 1,
        audience=current.audience,
        kind=current.kind,
        title=change.title,
        introduction=change.introduction,
        questions=change.stored_questions(),
    )

    async def replace(session: AsyncClientSession) -> None:
        await successor.insert(session=session)
        await SurveyTemplate.get_pymongo_collection().update_one(
            {"_id": current.id}, {"$set": {"is_current": False}}, session=session
        )

    await in_transaction(replace)
    return successor


# Versions a round has used are never edited (see `change_template`), so they are cached.
_USED_VERSIONS: dict[object, SurveyTemplate] = {}
CACHED_VERSIONS = 256


async def used_version(template_id: object) -> SurveyTemplate | None:
    """A template version an invitation points at, read once per process."""
    template = _USED_VERSIONS.get(template_id)
    if template is None:
        template = await SurveyTemplate.get(template_id)
        if template is not None:
            if len(_USED_VERSIONS) >= CACHED_VERSIONS:
                _USED_VERSIONS.pop(next(iter(_USED_VERSIONS)))
            _USED_VERSIONS[template_id] = template
    return template
