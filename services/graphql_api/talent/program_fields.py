"""The talent reserve's fields of `Program`: its rules (publicity period, development
minimums, year-end weights), its announcements, who is missing what for a quarter, and the
year-end evaluation."""

from typing import Any

import strawberry
from bson import ObjectId

from services.graphql_api.context import Info
from services.graphql_api.core.connections import After, Connection, First, connection_of_list
from services.graphql_api.core.lists import child_connection
from services.graphql_api.permissions import NullUnlessPermitted
from services.graphql_api.talent.arguments import Quarter, Year, quarter_or_this, year_or_this
from services.graphql_api.talent.enums import YearEndComponent
from services.graphql_api.talent.evaluation_types import YearEndEvaluation
from services.graphql_api.talent.loaders import (
    AnnouncementPagesLoader,
    DueByProgramLoader,
    EvaluationByProgramLoader,
    SelectionByProgramLoader,
)
from services.graphql_api.talent.permissions import FollowsTalentReserve
from services.graphql_api.talent.records_types import DevelopmentMinimum, TalentReserveDueItem
from services.graphql_api.talent.types import TalentAnnouncement
from shared.models.talent import DEFAULT_PUBLICITY_DAYS, minimums_of, weights_of


def talent_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """The values `TalentReserveFields` needs from a stored program."""
    return {
        "publicity_days": doc.get("publicity_days", DEFAULT_PUBLICITY_DAYS),
        "development_minimums": [
            DevelopmentMinimum(kind=m.kind, count=m.count, per=m.per)
            for m in minimums_of(doc.get("development_minimums"))
        ],
        "year_end_weights": [
            YearEndWeight(component=component, weight=weight)
            for component, weight in weights_of(doc.get("year_end_weights")).items()
        ],
    }


@strawberry.type(description="How much one part counts in a talent reserve's year-end score.")
class YearEndWeight:
    component: YearEndComponent = strawberry.field(description="The part, with its rule.")
    weight: float = strawberry.field(description="0 to 1; the score divides by the total.")


@strawberry.type(description="A program's talent-reserve rules and views.")
class TalentReserveFields:
    db_id: strawberry.Private[ObjectId]
    publicity_days: int = strawberry.field(
        description="Talent reserve: days an approved admission is announced, when employees "
        "may object, before it is published. Default 7."
    )
    development_minimums: list[DevelopmentMinimum] = strawberry.field(
        description="Talent reserve: the development each member is expected to show. "
        "Default: internal training every quarter, external training every year."
    )
    year_end_weights: list[YearEndWeight] = strawberry.field(
        description="Talent reserve: how much each part counts in the year-end score (a part "
        "not listed weighs 0). Default: tutor assessments 0.4, reports on time 0.2, "
        "development activities 0.25, goals achieved 0.15."
    )

    def owning_program_id(self) -> ObjectId:
        return self.db_id

    @strawberry.field(
        description="Talent reserve: admissions announced now, in their publicity period, the "
        "first applied first. Open to every employee, who may object (`enrollmentObject`)."
    )
    async def talent_announcements(
        self, info: Info, first: First = 20, after: After = None
    ) -> Connection[TalentAnnouncement]:
        return await child_connection(
            info,
            AnnouncementPagesLoader,
            self.db_id,
            first,
            after,
            None,
            TalentAnnouncement.from_doc,
        )

    @strawberry.field(
        description="Talent reserve: members missing something for a quarter (their report, "
        "their tutor's assessment, or development behind the minimums), in the order they "
        "applied. Admins, HR, top management and the program's managers (null for others).",
        extensions=[NullUnlessPermitted(FollowsTalentReserve())],
    )
    async def talent_reserve_due(
        self,
        info: Info,
        quarter: Quarter = None,
        first: First = 50,
        after: After = None,
    ) -> Connection[TalentReserveDueItem] | None:
        quarter = quarter_or_this(quarter)
        items = await info.context.loaders.get(DueByProgramLoader).load((self.db_id, quarter))
        return connection_of_list(
            [TalentReserveDueItem.of(item) for item in items],
            first,
            after,
            f"Program.talentReserveDue.{quarter}",
            self.db_id,
        )

    @strawberry.field(
        description="Talent reserve: the year-end evaluation (members ranked with evidence) "
        "and the selection of outstanding members. Admins, HR, top management and the "
        "program's managers (null for others).",
        extensions=[NullUnlessPermitted(FollowsTalentReserve())],
    )
    async def year_end_evaluation(
        self,
        info: Info,
        year: Year = None,
    ) -> YearEndEvaluation | None:
        year = year_or_this(year)
        key = (self.db_id, year)
        evaluated = await info.context.loaders.get(EvaluationByProgramLoader).load(key)
        selection = await info.context.loaders.get(SelectionByProgramLoader).load(key)
        return YearEndEvaluation(
            program_id=self.db_id,
            evaluated=evaluated,
            selection_doc=selection,
            weights_by_part={w.component: w.weight for w in self.year_end_weights},
            year=year,
        )
