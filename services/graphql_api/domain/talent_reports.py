"""Quarterly records of talent-pool members: the member's work-and-study report and the tutor's
assessment, one of each per member and quarter.

A quarter's record may be submitted from the quarter the member joined the pool up to the
current quarter. It is on time until its due date (`shared.talent.quarters`: 15 days after
the quarter ends); until then a new submission replaces the stored one (its revision counts
up); after it a stored record is final, and a first one is kept as late.
"""

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

from pymongo.errors import DuplicateKeyError

from services.graphql_api.domain.access import Actor
from services.graphql_api.domain.errors import DomainError, ErrorCode, forbidden
from services.graphql_api.domain.persistence import update_if_unchanged
from services.graphql_api.domain.talent_inputs import AssessmentSubmit, ReportSubmit
from services.graphql_api.domain.talent_members import Membership, membership, tutor_id
from shared.feedback.periods import quarter_key
from shared.models import MentorAssessment, ProgressReport, utc_now
from shared.models.talent import QuarterlyRecord, Rating
from shared.talent.quarters import due_on

Record = TypeVar("Record", bound=QuarterlyRecord)


async def submit_report(*, actor: Actor, data: ReportSubmit) -> ProgressReport:
    """The member's report for a quarter: their work, their study and their next steps."""
    member = await membership(data.enrollment_id)
    if not actor.is_self(member.participant_id):
        raise forbidden("Only the member submits their progress report.")
    fields = {"work": data.work, "study": data.study, "next_steps": data.next_steps}
    return await _submit(ProgressReport, actor, member, data.quarter, fields)


async def submit_assessment(*, actor: Actor, data: AssessmentSubmit) -> MentorAssessment:
    """The tutor's assessment of the member for a quarter: a score per competency."""
    member = await membership(data.enrollment_id)
    tutor = await tutor_id(member.enrollment)
    if tutor is None or not actor.is_self(tutor):
        raise forbidden("Only the member's tutor (their mentor in the program) assesses them.")
    known = {name.casefold(): name for name in member.program.competencies}
    ratings = []
    for rating in data.ratings:
        name = known.get(rating.competency.casefold(), rating.competency)
        if known and rating.competency.casefold() not in known:
            raise DomainError.of(
                ErrorCode.INVALID,
                f"“{rating.competency}” is not one of the program's competencies.",
                "ratings",
            )
        ratings.append(Rating(competency=name, score=rating.score))
    fields = {"ratings": ratings, "comment": data.comment, "tutor_id": tutor}
    return await _submit(MentorAssessment, actor, member, data.quarter, fields)


async def _submit(
    model: type[Record],
    actor: Actor,
    member: Membership,
    quarter: str,
    fields: Mapping[str, Any],
) -> Record:
    now = utc_now()
    _check_quarter(member, quarter, now)
    stored = await model.find_one({"enrollment_id": member.enrollment.id, "quarter": quarter})
    on_time = now.date() <= due_on(quarter)
    if stored is None:
        record = model(
            enrollment_id=member.enrollment.id,
            program_id=member.program.id,
            participant_id=member.participant_id,
            quarter=quarter,
            submitted_at=now,
            on_time=on_time,
            **_by(model, actor),
            **fields,
        )
        try:
            return await record.insert()
        except DuplicateKeyError:
            raise DomainError.of(
                ErrorCode.CONFLICT, "It was submitted at the same moment; reload and try again."
            ) from None
    if not on_time:
        raise DomainError.of(
            ErrorCode.INVALID_TRANSITION,
            f"The record for {quarter} is final: it was due by {due_on(quarter).isoformat()}.",
            "quarter",
        )
    return await update_if_unchanged(
        stored,
        expected={"revision": stored.revision},
        changes={
            **fields,
            **_by(model, actor),
            "submitted_at": now,
            "on_time": True,
            "revision": stored.revision + 1,
        },
    )


def _by(model: type[Record], actor: Actor) -> dict[str, Any]:
    return {"submitted_by_id": actor.participant_id} if model is ProgressReport else {}


def _check_quarter(member: Membership, quarter: str, now: datetime) -> None:
    first = quarter_key(member.since_day)
    current = quarter_key(now.astimezone(UTC).date())
    if quarter < first:
        raise DomainError.of(
            ErrorCode.INVALID,
            f"They joined the pool in {first}; there is nothing to record for {quarter}.",
            "quarter",
        )
    if quarter > current:
        raise DomainError.of(
            ErrorCode.INVALID, f"{quarter} has not started yet; it is {current}.", "quarter"
        )
