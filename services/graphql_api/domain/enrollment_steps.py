"""One step of an enrollment: checked against its current status, written only if nobody moved
it meanwhile, and recorded in its history with who took it, when and why."""

from typing import Any

from bson import ObjectId
from pymongo.asynchronous.client_session import AsyncClientSession

from services.graphql_api.domain.access import Actor
from services.graphql_api.domain.errors import DomainError, ErrorCode
from services.graphql_api.domain.persistence import update_if_unchanged
from shared.enums import EnrollmentStatus
from shared.models import Enrollment, EnrollmentTransition


def require_status(
    enrollment: Enrollment, sources: tuple[EnrollmentStatus, ...], target: EnrollmentStatus
) -> None:
    if enrollment.status not in sources:
        raise DomainError.of(
            ErrorCode.INVALID_TRANSITION,
            f"An enrollment that is {enrollment.status} cannot become {target}.",
        )


def step_takers(enrollment: Enrollment) -> set[ObjectId]:
    """Who took a step of the current application: the applicant, who filed it (the latest
    APPLIED) and everyone who moved it since."""
    takers: set[ObjectId] = set()
    for transition in enrollment.history:
        if transition.to_status == EnrollmentStatus.APPLIED:
            takers.clear()
        if transition.by_id is not None:
            takers.add(transition.by_id)
    return takers | {enrollment.participant_id}


def require_new_person(actor: Actor, enrollment: Enrollment) -> None:
    """Each step of an application is by a different person."""
    if actor.participant_id is None or actor.participant_id in step_takers(enrollment):
        raise DomainError.of(
            ErrorCode.SAME_PERSON_TWICE,
            "You already took a step of this application; another person takes this one.",
        )


async def move(
    actor: Actor,
    enrollment: Enrollment,
    target: EnrollmentStatus,
    *,
    note: str,
    changes: dict[str, Any] | None = None,
    session: AsyncClientSession | None = None,
) -> Enrollment:
    """Move `enrollment` to `target` (with further `changes`), recording the transition."""
    transition = EnrollmentTransition(
        from_status=enrollment.status, to_status=target, by_id=actor.participant_id, note=note
    )
    await update_if_unchanged(
        enrollment,
        expected={"status": enrollment.status},
        changes={"status": target, **(changes or {})},
        push={"history": transition.model_dump()},
        session=session,
    )
    enrollment.history.append(transition)
    return enrollment
