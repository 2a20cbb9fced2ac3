"""Mentors ranked for a year's outstanding-employee selection: the apprenticeship policy gives
priority to a mentor whose apprentices pass on schedule.

Candidates are the mentors of the programs asked about with an apprenticeship settled in the
year (`shared.apprenticeship.probation`: the day the outcome was recorded) or a recognition
standing for the year. They are ranked:
1. more apprentices who passed on time in the year first;
2. then the higher recognition score for the year (their best standing among those programs;
   none last);
3. then fewer apprentices who did not pass;
4. then by ID, so the order is stable.

Who asks: admins, HR and EXECUTIVE (every apprenticeship program, or the one named); a
program's managers (the apprenticeship programs they manage, or one of theirs). The work is
two indexed queries whatever the number of programs: the year's settled probations and the
year's standings.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from bson import ObjectId

from services.graphql_api.domain.access import Actor
from services.graphql_api.domain.errors import DomainError, ErrorCode, forbidden, not_found
from services.graphql_api.filters import in_programs_filter
from shared.enums import PairOutcome, ProgramKind
from shared.feedback.periods import period_bounds, start_of
from shared.models import Pair, Program, Recognition

Document = dict[str, Any]


@dataclass
class Candidate:
    """One mentor's evidence for the year."""

    mentor_id: ObjectId
    passed_on_time: int = 0
    extended: int = 0
    not_passed: int = 0
    standings: list[Document] = field(default_factory=list)

    @property
    def settled(self) -> int:
        return self.passed_on_time + self.extended + self.not_passed

    @property
    def best_score(self) -> float | None:
        scores = [standing["score"] for standing in self.standings]
        return max(scores) if scores else None

    def sort_key(self) -> tuple[Any, ...]:
        score = self.best_score
        return (
            -self.passed_on_time,
            score is None,
            -(score or 0.0),
            self.not_passed,
            self.mentor_id,
        )


async def outstanding_candidates(
    *, actor: Actor, year: str, program_id: ObjectId | None
) -> list[Candidate]:
    """The candidates of `year` in the programs the actor may rank, best first."""
    if len(year) != 4 or not year.isdigit():
        raise DomainError.of(ErrorCode.INVALID, 'The year is written like "2026".', "year")
    program_ids = await _programs_in_scope(actor, program_id)
    first_day, last_day = period_bounds(year)
    settled_in_year = {"$gte": start_of(first_day), "$lt": start_of(last_day + timedelta(days=1))}
    found: dict[ObjectId, Candidate] = {}
    if not program_ids:
        return []
    # Two commands whatever the number of programs: the year's settled probations, and the
    # year's standings, each led by the year (its own index) and then the programs.
    in_programs = in_programs_filter(program_ids)
    pairs = Pair.get_pymongo_collection().find(
        {"probation.settled_on": settled_in_year, **in_programs},
        {"mentor_id": 1, "probation.outcome": 1},
    )
    async for pair in pairs:
        candidate = found.setdefault(pair["mentor_id"], Candidate(pair["mentor_id"]))
        outcome = pair["probation"]["outcome"]
        if outcome == PairOutcome.PASSED_ON_TIME.value:
            candidate.passed_on_time += 1
        elif outcome == PairOutcome.EXTENDED.value:
            candidate.extended += 1
        else:
            candidate.not_passed += 1
    standings = Recognition.get_pymongo_collection().find({"period": year, **in_programs})
    async for standing in standings:
        mentor_id = standing["mentor_id"]
        found.setdefault(mentor_id, Candidate(mentor_id)).standings.append(standing)
    return sorted(found.values(), key=Candidate.sort_key)


async def _programs_in_scope(actor: Actor, program_id: ObjectId | None) -> list[ObjectId]:
    sees_all = actor.is_admin or actor.is_hr or actor.is_executive
    if program_id is not None:
        program = await Program.get_pymongo_collection().find_one({"_id": program_id}, {"_id": 1})
        if program is None:
            raise not_found("Program", "program_id")
        if not (sees_all or await actor.manages(program_id)):
            raise forbidden("Only admins, HR, executives and the program's managers see this.")
        return [program_id]
    kind = {"kind": ProgramKind.APPRENTICESHIP.value}
    if sees_all:
        programs = Program.get_pymongo_collection().find(kind, {"_id": 1})
        return [doc["_id"] async for doc in programs]
    managed = list((await actor.scope()).managed_program_ids)
    if not managed:
        raise forbidden("Only admins, HR, executives and programs' managers see this.")
    programs = Program.get_pymongo_collection().find({"_id": {"$in": managed}}, {"kind": 1})
    return sorted([doc["_id"] async for doc in programs if doc["kind"] == kind["kind"]])
