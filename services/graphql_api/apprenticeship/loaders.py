"""Loaders of the apprenticeship records: by ID, and the lists under a pair."""

from services.graphql_api.domain.apprenticeship_access import concern_visibility, plan_visibility
from services.graphql_api.loaders.by_id import DocumentByIdLoader
from services.graphql_api.loaders.children import (
    ChildCountLoader,
    ChildPagesLoader,
    ChildRelation,
)
from services.graphql_api.pagination import Ordering
from shared.models import Concern, MentoringPlan

PLANS_BY_PAIR = ChildRelation(
    "Pair.mentoringPlans",
    MentoringPlan,
    "pair_id",
    plan_visibility,
    Ordering(field="quarter", direction=-1),
)
CONCERNS_BY_PAIR = ChildRelation(
    "Pair.concerns", Concern, "pair_id", concern_visibility, Ordering(direction=-1)
)


class MentoringPlanByIdLoader(DocumentByIdLoader):
    """Mentoring plans by id."""

    model = MentoringPlan


class ConcernByIdLoader(DocumentByIdLoader):
    """Concerns by id."""

    model = Concern


class MentoringPlanCountByPairLoader(ChildCountLoader):
    """The number of a pair's visible mentoring plans."""

    relation = PLANS_BY_PAIR


class MentoringPlansByPairLoader(ChildPagesLoader):
    """A page of a pair's visible mentoring plans, the newest quarter first."""

    relation = PLANS_BY_PAIR
    count_loader = MentoringPlanCountByPairLoader


class ConcernCountByPairLoader(ChildCountLoader):
    """The number of a pair's concerns the viewer may read."""

    relation = CONCERNS_BY_PAIR


class ConcernsByPairLoader(ChildPagesLoader):
    """A page of a pair's concerns the viewer may read, the newest first."""

    relation = CONCERNS_BY_PAIR
    count_loader = ConcernCountByPairLoader
