"""An apprenticeship with the people around it: its manager, the pair, and the head of the
apprentice's department."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from shared.enums import ProgramKind, ViewerRole
from shared.models import Pair, Participant, Program
from tests.factories.domain import make_pair, make_participant, make_program

HEAD = frozenset({ViewerRole.DEPARTMENT_HEAD})
HR = frozenset({ViewerRole.HR})
EXECUTIVE = frozenset({ViewerRole.EXECUTIVE})


@dataclass
class Apprenticeship:
    program: Program
    manager: Participant
    pair: Pair
    mentor: Participant
    mentee: Participant
    head: Participant  # heads the apprentice's department

    async def reload(self) -> Pair:
        found = await Pair.get(self.pair.id)
        assert found is not None
        self.pair = found
        return found


async def make_apprenticeship(
    *,
    program: Program | None = None,
    started_days_ago: int = 100,
    department: str = "Production",
    **pair_fields: Any,
) -> Apprenticeship:
    """An ACTIVE apprenticeship pair (probation 6 months) whose apprentice works in
    `department`, with a program manager and that department's head."""
    manager = await make_participant(name="Mira Manager", department="HR")
    if program is None:
        program = await make_program(
            kind=ProgramKind.APPRENTICESHIP,
            manager_ids=[manager.id],
            competencies=["Machining", "Safety"],
            check_in_cadence_days=365,
        )
    elif program.manager_ids:
        manager = await Participant.get(program.manager_ids[0]) or manager
    mentor = await make_participant(name="Tomasz Master", department=department)
    mentee = await make_participant(name="Ada Apprentice", department=department)
    head = await make_participant(name="Hana Head", department=department)
    starts_on = date.today() - timedelta(days=started_days_ago)
    pair = await make_pair(
        program=program,
        mentor=mentor,
        mentee=mentee,
        starts_on=starts_on,
        planned_end_on=starts_on + timedelta(days=365),
        **pair_fields,
    )
    return Apprenticeship(program, manager, pair, mentor, mentee, head)
