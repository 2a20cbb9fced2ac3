"""Survey templates under `/api/v1/templates`: every current version, and changing one."""

from fastapi import APIRouter

from services.surveys import template_versions
from services.surveys.api import CallerDep
from services.surveys.api_models import TemplatePublic
from services.surveys.errors import Forbidden
from services.surveys.problems import problem_responses
from services.surveys.template_versions import TemplateChange
from shared.enums import ViewerRole
from shared.models import SurveyTemplate

router = APIRouter(prefix="/api/v1")


def template_public(template: SurveyTemplate) -> TemplatePublic:
    return TemplatePublic(
        key=template.key,
        version=template.version,
        audience=template.audience,
        kind=template.kind,
        title=template.title,
        introduction=template.introduction,
        questions=template.questions,
    )


@router.get(
    "/templates",
    summary="The current survey templates",
    response_model=list[TemplatePublic],
    responses=problem_responses(401, 503),
)
async def list_templates(caller: CallerDep) -> list[TemplatePublic]:
    """The current version of every template."""
    found = await SurveyTemplate.find(SurveyTemplate.is_current == True).to_list()  # noqa: E712
    return [template_public(t) for t in sorted(found, key=lambda t: t.key)]


@router.put(
    "/templates/{key}",
    summary="Change a survey template",
    response_model=TemplatePublic,
    responses=problem_responses(
        400, 401, 403, 404, 413, 422, 503, say={404: "There is no template with this key."}
    ),
)
async def change_template(key: str, body: TemplateChange, caller: CallerDep) -> TemplatePublic:
    """Admins only. A version already used by a round is kept as it is and a new version is
    made; responses keep the version they answered."""
    if not (caller.is_service or ViewerRole.ADMIN in caller.roles):
        raise Forbidden("Only admins change survey templates.")
    return template_public(await template_versions.change_template(key, body))
