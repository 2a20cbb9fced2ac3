"""The year-end evaluation of a talent pool and the selection of its outstanding members.

The evaluation ranks the members of the pool (those who were members at the year's end, or
now for the current year) by the composite of `shared.talent.evaluation`, each with the
evidence it rests on. HR or top management (EXECUTIVE) then record whom they select; a new
selection for the same year replaces the current one, which stays in its history.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from bson import ObjectId
from pymongo.errors import DuplicateKeyError

from services.graphql_api.domain.access import Actor
from services.graphql_api.domain.errors import DomainError, ErrorCode, forbidden
from services.graphql_api.domain.persistence import get_or_fail, update_if_unchanged
from services.graphql_api.domain.talent_inputs import OutstandingChoice
from services.graphql_api.domain.talent_records import MemberYear, members_of, year_bounds, year_of
from shared.enums import ProgramKind
from shared.models import OutstandingSelection, Program
from shared.models.talent import DevelopmentMinimum, SelectionRecord
from shared.talent.development import Slot, activity_share, slots
from shared.talent.evaluation import WEIGHTS, MemberRecord, Standing, Weights, rank
from shared.talent.quarters import due_on, expected_quarters


@dataclass(frozen=True)
class MemberEvaluation:
    """A member's standing with what it rests on."""

    member: MemberYear
    standing: Standing
    slots: list[Slot]
    reports_owed: list[str]


async def evaluate(
    *,
    minimums: dict[ObjectId, list[DevelopmentMinimum]],
    weights: dict[ObjectId, Weights] | None = None,
    year: int,
    now: datetime,
) -> dict[ObjectId, list[MemberEvaluation]]:
    """The members of each program (with its development minimums and year-end weights, the
    defaults where none is given) ranked for `year`, the best first; all programs read at
    once."""
    cutoff = min(now, year_bounds(year)[1])
    program_ids = list(minimums)
    members = await year_of(program_ids, year, await members_of(program_ids, cutoff))
    today = now.astimezone(UTC).date()
    by_program: dict[ObjectId, list[MemberEvaluation]] = {pid: [] for pid in program_ids}
    for program_id in program_ids:
        mine = [m for m in members if m.enrollment["program_id"] == program_id]
        chosen = (weights or {}).get(program_id, WEIGHTS)
        by_program[program_id] = _ranked(mine, minimums[program_id], chosen, year, today)
    return by_program


def _ranked(
    members: list[MemberYear],
    minimums: list[DevelopmentMinimum],
    weights: Weights,
    year: int,
    today: date,
) -> list[MemberEvaluation]:
    found: dict[ObjectId, tuple[MemberYear, list[Slot], list[str]]] = {}
    records = []
    for member in members:
        member_slots = slots(
            minimums, member.activities, year=year, member_since=member.since, today=today
        )
        owed = [
            quarter
            for quarter in expected_quarters(year, member.since, today)
            if due_on(quarter) < today or quarter in member.reports
        ]
        found[member.enrollment_id] = (member, member_slots, owed)
        records.append(
            MemberRecord(
                key=member.enrollment_id,
                name=member.name,
                assessment_means=tuple(member.assessments[q] for q in sorted(member.assessments)),
                reports_on_time=sum(1 for quarter in owed if member.reports.get(quarter)),
                reports_owed=len(owed),
                activity_share=activity_share(member_slots),
                goals_achieved=member.goals_achieved,
                goals_counted=member.goals_counted,
            )
        )
    evaluated = []
    for standing in rank(records, weights):
        member, member_slots, owed = found[standing.record.key]
        evaluated.append(MemberEvaluation(member, standing, member_slots, owed))
    return evaluated


async def select_outstanding(*, actor: Actor, data: OutstandingChoice) -> OutstandingSelection:
    """Record the year's outstanding members of a talent pool (HR or EXECUTIVE)."""
    if not (actor.is_hr or actor.is_executive):
        raise forbidden("Only HR and top management (EXECUTIVE) select outstanding members.")
    program = await get_or_fail(Program, data.program_id, what="Program", field="program_id")
    if program.kind != ProgramKind.TALENT_RESERVE:
        raise DomainError.of(
            ErrorCode.INVALID, "Outstanding members are selected in a talent reserve.", "program_id"
        )
    now = datetime.now(UTC)
    if data.year > now.year:
        raise DomainError.of(ErrorCode.INVALID, f"{data.year} has not started yet.", "year")
    chosen = list(dict.fromkeys(data.participant_ids))
    cutoff = min(now, year_bounds(data.year)[1])
    members = {doc["participant_id"] for doc in await members_of([data.program_id], cutoff)}
    if outsiders := [pid for pid in chosen if pid not in members]:
        raise DomainError.of(
            ErrorCode.NOT_ENROLLED,
            f"{len(outsiders)} of those chosen were not members of this talent pool in "
            f"{data.year}.",
            "participant_ids",
        )
    record = SelectionRecord(participant_ids=chosen, note=data.note, by_id=actor.participant_id)
    stored = await OutstandingSelection.find_one({"program_id": data.program_id, "year": data.year})
    if stored is None:
        selection = OutstandingSelection(program_id=data.program_id, year=data.year, current=record)
        try:
            return await selection.insert()
        except DuplicateKeyError:
            raise _conflict() from None
    previous = stored.current
    await update_if_unchanged(
        stored,
        expected={"current.at": previous.at},
        changes={"current": record},
        push={"history": previous},
    )
    stored.history.append(previous)
    return stored


def _conflict() -> DomainError:
    return DomainError.of(ErrorCode.CONFLICT, "It was selected at the same moment; reload.")
