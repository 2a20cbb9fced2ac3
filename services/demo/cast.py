"""Who is who in the demo's policies: the people by name, each acting in the role a step needs."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from beanie import PydanticObjectId

from services.graphql_api.domain.access import Actor
from shared.enums import ViewerRole
from shared.models import Participant

# Who takes the steps the policies give to a role. The demo's `hr` login (Sofia Marchetti)
# takes none of the talent reserve's, so an application and an objection wait for her.
PROGRAM_MANAGER = "Lukas Brandt"  # records exams, resolves a concern; reviews as HR
HR_PARTNER = "Sofia Marchetti"  # decides probation extensions
EXECUTIVE = "Charlotte Lambert"  # decides admissions, selects the outstanding members


@dataclass(frozen=True)
class Cast:
    """The demo's people by name, and each of them acting in a role."""

    people: dict[str, Participant]

    def id(self, name: str) -> PydanticObjectId:
        participant_id = self.people[name].id
        assert participant_id is not None
        return participant_id

    def name_of(self, participant_id: PydanticObjectId) -> str:
        return next(name for name, p in self.people.items() if p.id == participant_id)

    def head_of_department(self, name: str) -> str:
        """The director of the person's department (the demo has one per department at most)."""
        department = self.people[name].department
        return next(
            other
            for other, p in self.people.items()
            if p.department == department and p.level == "Director" and other != name
        )

    def member(self, name: str) -> Actor:
        """The person acting for themselves: a mentor, a mentee, an applicant."""
        return Actor(participant_id=self.id(name), roles=frozenset())

    def head(self, name: str) -> Actor:
        return Actor(participant_id=self.id(name), roles=frozenset({ViewerRole.DEPARTMENT_HEAD}))

    def hr(self, name: str) -> Actor:
        return Actor(participant_id=self.id(name), roles=frozenset({ViewerRole.HR}))

    def executive(self, name: str) -> Actor:
        return Actor(participant_id=self.id(name), roles=frozenset({ViewerRole.EXECUTIVE}))


def at(day: date, hour: int = 10) -> datetime:
    """A moment of a working day, in UTC: when a step dated `day` was taken."""
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)
