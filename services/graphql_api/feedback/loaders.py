"""Per-request loaders of what the survey service writes: rounds and their released results,
invitations, health, responses, templates and recognitions."""

from collections import defaultdict
from collections.abc import Sequence
from typing import ClassVar, TypeVar, cast

from beanie import Document as BeanieDocument
from bson import ObjectId

from services.graphql_api.domain.access import Actor
from services.graphql_api.filters import Visibility
from services.graphql_api.loaders import IDS_PER_COMMAND
from services.graphql_api.loaders.base import Document, RequestLoader
from services.graphql_api.loaders.by_id import DocumentByIdLoader
from services.graphql_api.loaders.children import (
    ChildCountLoader,
    ChildPagesLoader,
    ChildRelation,
)
from services.graphql_api.pagination import Ordering
from shared.enums import HealthStatus
from shared.models import (
    Goal,
    Invitation,
    PairHealth,
    Recognition,
    RoundResult,
    SurveyResponse,
    SurveyRound,
    SurveyTemplate,
)

M = TypeVar("M", bound=BeanieDocument)


class DocumentsByFieldLoader(RequestLoader[ObjectId, list[Document]]):
    """Every document of `model`'s collection whose `key_field` is the key, one `find` a batch."""

    model: ClassVar[type[BeanieDocument]]
    key_field: ClassVar[str]
    keys_per_command = IDS_PER_COMMAND

    async def batch_load(self, keys: Sequence[ObjectId]) -> list[list[Document]]:
        found: dict[ObjectId, list[Document]] = defaultdict(list)
        collection = self.model.get_pymongo_collection()
        query = {self.key_field: {"$in": list(dict.fromkeys(keys))}}
        cursor = collection.find(query).batch_size(10_000)
        async for document in cursor:
            found[document[self.key_field]].append(document)
        return [found[i] for i in keys]


class RoundsByProgramLoader(DocumentsByFieldLoader):
    """A program's survey rounds, in no particular order."""

    model = SurveyRound
    key_field = "program_id"


class RoundResultsByProgramLoader(RequestLoader[ObjectId, list[RoundResult]]):
    """A program's released round results, without the mentors' tallies and the confidential
    comments (which only a round's own results need); validated once a request, however
    many fields read them."""

    keys_per_command = IDS_PER_COMMAND

    async def batch_load(self, keys: Sequence[ObjectId]) -> list[list[RoundResult]]:
        found: dict[ObjectId, list[RoundResult]] = defaultdict(list)
        cursor = RoundResult.get_pymongo_collection().find(
            {"program_id": {"$in": list(dict.fromkeys(keys))}},
            {"mentors": 0, "confidential_comments": 0},
        )
        async for document in cursor.batch_size(10_000):
            found[document["program_id"]].append(RoundResult.model_validate(document))
        return [found[key] for key in keys]


class ModelByIdLoader(RequestLoader[ObjectId, M | None]):
    """Documents of `model` by id, validated once a request (None where missing)."""

    model: ClassVar[type[BeanieDocument]]
    keys_per_command = IDS_PER_COMMAND

    async def batch_load(self, keys: Sequence[ObjectId]) -> list[M | None]:
        unique = list(dict.fromkeys(keys))
        cursor = self.model.get_pymongo_collection().find({"_id": {"$in": unique}})
        found = {doc["_id"]: doc async for doc in cursor.batch_size(len(unique) + 1)}
        return [
            None if (doc := found.get(key)) is None else cast(M, self.model.model_validate(doc))
            for key in keys
        ]


class RoundResultByIdLoader(ModelByIdLoader[RoundResult]):
    """Released round results, whole, by round id."""

    model = RoundResult


class TemplateByIdLoader(ModelByIdLoader[SurveyTemplate]):
    """Survey template versions by id (responses point at the version they answered)."""

    model = SurveyTemplate


class HealthByPairLoader(DocumentsByFieldLoader):
    """A pair's health assessment (none before the first)."""

    model = PairHealth
    key_field = "pair_id"


class ResponsesByPairLoader(DocumentsByFieldLoader):
    """The survey responses about a pair."""

    model = SurveyResponse
    key_field = "pair_id"


class SurveyRoundByIdLoader(DocumentByIdLoader):
    """Survey rounds by id."""

    model = SurveyRound


async def recognition_visibility(actor: Actor) -> Visibility:
    """The standings an actor may see: every standing in the programs they manage (all for
    admins), and their own as a mentor elsewhere (which they see as a mentor may)."""
    if actor.is_admin:
        return None
    managed = list((await actor.scope()).managed_program_ids)
    branches: list[dict[str, object]] = [{"program_id": {"$in": managed}}] if managed else []
    if actor.participant_id is not None:
        own: dict[str, object] = {"mentor_id": actor.participant_id}
        if managed:
            own["program_id"] = {"$nin": managed}
        branches.append(own)
    return branches


BEST_RANK_FIRST = Ordering(field="rank_key")
NEWEST_PERIOD_FIRST = Ordering(field="period", direction=-1)
RECOGNITIONS_BY_PROGRAM = ChildRelation(
    "Program.recognitions", Recognition, "program_id", recognition_visibility, BEST_RANK_FIRST
)
RECOGNITIONS_BY_MENTOR = ChildRelation(
    "Participant.recognitions",
    Recognition,
    "mentor_id",
    recognition_visibility,
    NEWEST_PERIOD_FIRST,
)


class RecognitionCountByProgramLoader(ChildCountLoader):
    """The number of a program's standings the actor may see (of a period: `where`)."""

    relation = RECOGNITIONS_BY_PROGRAM


class RecognitionsByProgramLoader(ChildPagesLoader):
    """A page of a program's standings for a period, the best rank first."""

    relation = RECOGNITIONS_BY_PROGRAM
    count_loader = RecognitionCountByProgramLoader


class RecognitionCountByMentorLoader(ChildCountLoader):
    """The number of a mentor's standings the actor may see."""

    relation = RECOGNITIONS_BY_MENTOR


class RecognitionsByMentorLoader(ChildPagesLoader):
    """A page of a mentor's standings in every program, the newest period first."""

    relation = RECOGNITIONS_BY_MENTOR
    count_loader = RecognitionCountByMentorLoader


class InvitationCountsByRoundLoader(RequestLoader[ObjectId, dict[tuple[str, str], int]]):
    """Per round: invitations by (role, state)."""

    async def batch_load(self, keys: Sequence[ObjectId]) -> list[dict[tuple[str, str], int]]:
        counts: dict[ObjectId, dict[tuple[str, str], int]] = defaultdict(dict)
        pipeline: list[Document] = [
            {"$match": {"round_id": {"$in": list(keys)}}},
            {
                "$group": {
                    "_id": {"r": "$round_id", "role": "$role", "s": "$state"},
                    "n": {"$sum": 1},
                }
            },
        ]
        async with await Invitation.get_pymongo_collection().aggregate(
            pipeline, batchSize=10_000
        ) as cursor:
            async for row in cursor:
                key = row["_id"]
                counts[key["r"]][(key["role"], key["s"])] = row["n"]
        return [counts[r] for r in keys]


class AtRiskCountByProgramLoader(RequestLoader[ObjectId, int]):
    """Per program: pairs whose health is AT_RISK."""

    async def batch_load(self, keys: Sequence[ObjectId]) -> list[int]:
        pipeline: list[Document] = [
            {
                "$match": {
                    "program_id": {"$in": list(keys)},
                    "status": HealthStatus.AT_RISK.value,
                }
            },
            {"$group": {"_id": "$program_id", "n": {"$sum": 1}}},
        ]
        counts: dict[ObjectId, int] = {}
        async with await PairHealth.get_pymongo_collection().aggregate(pipeline) as cursor:
            async for row in cursor:
                counts[row["_id"]] = row["n"]
        return [counts.get(p, 0) for p in keys]


class GoalCountsByProgramLoader(RequestLoader[ObjectId, dict[str, int]]):
    """Per program: goals by status."""

    async def batch_load(self, keys: Sequence[ObjectId]) -> list[dict[str, int]]:
        pipeline: list[Document] = [
            {"$match": {"program_id": {"$in": list(keys)}}},
            {"$group": {"_id": {"p": "$program_id", "s": "$status"}, "n": {"$sum": 1}}},
        ]
        counts: dict[ObjectId, dict[str, int]] = defaultdict(dict)
        async with await Goal.get_pymongo_collection().aggregate(pipeline) as cursor:
            async for row in cursor:
                counts[row["_id"]["p"]][row["_id"]["s"]] = row["n"]
        return [counts[p] for p in keys]
