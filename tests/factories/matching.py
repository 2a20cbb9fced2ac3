"""A program ready for matching: its manager, and approved mentors and mentees made on demand."""

from dataclasses import dataclass
from typing import Any

from shared.enums import Role
from shared.models import Participant, Program
from tests.factories.domain import make_enrollment, make_participant, make_program


@dataclass
class MatchingProgram:
    program: Program
    manager: Participant

    async def mentor(self, **fields: Any) -> Participant:
        """An approved mentor of the program: by default a Senior who coaches, with two
        places."""
        return await self.member(
            Role.MENTOR, **{"level": "Senior", "skills": ["Coaching"], **fields}
        )

    async def mentee(self, **fields: Any) -> Participant:
        """An approved mentee of the program, by default a Junior who wants coaching, who
        applied themselves (their needs disclosed to the program's managers) unless
        `disclosed=False`."""
        defaults = {"level": "Junior", "development_needs": ["Coaching"]}
        return await self.member(Role.MENTEE, **{**defaults, **fields})

    async def member(self, role: Role, *, disclosed: bool = True, **fields: Any) -> Participant:
        person = await make_participant(**fields)
        await make_enrollment(
            program=self.program, participant=person, role=role, disclosed_to_managers=disclosed
        )
        return person


async def make_matching_program(**program_fields: Any) -> MatchingProgram:
    manager = await make_participant(name="Program Manager", mentor_capacity=0)
    program = await make_program(manager_ids=[manager.id], **program_fields)
    return MatchingProgram(program=program, manager=manager)
