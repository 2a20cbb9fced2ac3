"""Who in a talent pool is missing what for a quarter: the member's progress report, the
tutor's assessment (or a tutor at all), or development behind the program's minimums (the
quarter's quarterly minimums, and the year's yearly ones counted up to the quarter's end).
Members who joined the pool after the quarter owe nothing for it."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bson import ObjectId

from services.graphql_api.domain.talent_records import MemberYear, members_of, year_of
from shared.enums import DevelopmentPeriod
from shared.feedback.periods import period_bounds, quarter_key, start_of
from shared.models.talent import DevelopmentMinimum
from shared.talent.development import Slot, slots


@dataclass(frozen=True)
class DueItem:
    """A member with something missing for the quarter."""

    member: MemberYear
    report_missing: bool
    assessment_missing: bool
    behind: list[Slot]


async def due(
    *, minimums: dict[ObjectId, list[DevelopmentMinimum]], quarter: str, now: datetime
) -> dict[ObjectId, list[DueItem]]:
    """For each program (with its minimums), its members missing something for `quarter`,
    in the order they joined the program; all programs read at once."""
    first, last = period_bounds(quarter)
    cutoff = min(now, start_of(last + timedelta(days=1)))
    program_ids = list(minimums)
    members = await members_of(program_ids, cutoff)
    records = await year_of(program_ids, first.year, members, goals=False)
    as_of = min(now.astimezone(UTC).date(), last)
    found: dict[ObjectId, list[DueItem]] = {pid: [] for pid in program_ids}
    for member in records:
        if quarter_key(member.since) > quarter:
            continue
        program_id = member.enrollment["program_id"]
        behind = [
            slot
            for slot in slots(
                minimums[program_id],
                member.activities,
                year=first.year,
                member_since=member.since,
                today=as_of,
            )
            if not slot.met and (slot.per == DevelopmentPeriod.YEAR or slot.period == quarter)
        ]
        item = DueItem(
            member=member,
            report_missing=quarter not in member.reports,
            assessment_missing=quarter not in member.assessments,
            behind=behind,
        )
        if item.report_missing or item.assessment_missing or item.behind:
            found[program_id].append(item)
    return found
