"""Seed a fresh database with the demo organisation and its programs.

All of it is written in one transaction and only into an empty database, so running the seed
twice, or after a crash half-way, never doubles or half-writes anything.
"""

import logging
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from beanie import Document, PydanticObjectId
from pymongo.asynchronous.client_session import AsyncClientSession

from services.demo.access import DEMO_ADMIN_EMAIL, DEMO_ROUND
from services.demo.history import seed_feedback_history
from services.demo.people import PEOPLE, DemoPerson
from services.demo.plan import APPRENTICESHIP, PROGRAMS, DemoPairPlan, DemoProgramPlan
from services.demo.policies import seed_policies
from services.surveys.builtin_templates import ensure_builtin_templates
from services.surveys.rounds import create_round
from shared.db import in_transaction, open_database
from shared.enums import (
    OPEN_PAIR_STATUSES,
    EnrollmentStatus,
    GoalStatus,
    PairOrigin,
    PairOutcome,
    PairStatus,
    Role,
)
from shared.matching import MatchingRules, MatchProfile, assess
from shared.models import (
    CheckIn,
    Enrollment,
    EnrollmentTransition,
    Goal,
    MatchPreference,
    Milestone,
    Pair,
    Participant,
    Program,
)
from shared.models.programs import RecognitionRules
from shared.settings import MentorshipSettings

logger = logging.getLogger(__name__)

# The order an enrollment passes through on its way to each final status.
ENROLLMENT_PATHS: dict[EnrollmentStatus, tuple[EnrollmentStatus, ...]] = {
    EnrollmentStatus.APPLIED: (EnrollmentStatus.APPLIED,),
    EnrollmentStatus.RECOMMENDED: (EnrollmentStatus.APPLIED, EnrollmentStatus.RECOMMENDED),
    EnrollmentStatus.APPROVED: (
        EnrollmentStatus.APPLIED,
        EnrollmentStatus.RECOMMENDED,
        EnrollmentStatus.APPROVED,
    ),
    EnrollmentStatus.REJECTED: (
        EnrollmentStatus.APPLIED,
        EnrollmentStatus.RECOMMENDED,
        EnrollmentStatus.REJECTED,
    ),
    EnrollmentStatus.WITHDRAWN: (EnrollmentStatus.APPLIED, EnrollmentStatus.WITHDRAWN),
}
CHECK_IN_TOPICS = (
    "Progress on goals",
    "Feedback on recent work",
    "Career path",
    "Team culture",
    "Technical deep dive",
    "Planning next quarter",
    "Exam preparation",
    "Stakeholder situation",
)


@dataclass(frozen=True)
class SeedResult:
    """What a seed run did: `seeded` is False when the database already held data."""

    seeded: bool
    counts: dict[str, int]


async def seed_demo_data(*, today: date | None = None) -> SeedResult:
    """Write the demo organisation unless the database already has participants."""
    if await Participant.find_one() is not None:
        logger.info("database already holds data; nothing seeded")
        return SeedResult(seeded=False, counts={})
    builder = _DemoBuilder(today or datetime.now(UTC).date())
    documents = builder.build()
    await in_transaction(lambda session: _insert_all(documents, session), seconds=None)
    # Before the feedback history, so pair health and recognition see plans and probations.
    played = await seed_policies(today=builder.today)
    await ensure_builtin_templates()
    responses = await seed_feedback_history(rng=random.Random(2027))
    await _open_survey_round(builder)
    counts = {model.__name__: len(items) for model, items in documents.items()}
    counts = {name: counts.get(name, 0) + played.get(name, 0) for name in counts | played}
    counts["SurveyResponse"] = responses
    logger.info("seeded demo data: %s", counts)
    return SeedResult(seeded=True, counts=counts)


async def seed_database(settings: MentorshipSettings) -> SeedResult:
    """Connect with `settings` and seed the demo data (the `seed` command and `make run`)."""
    async with open_database(settings, app_name="seed"):
        return await seed_demo_data()


async def _open_survey_round(builder: "_DemoBuilder") -> None:
    """A check-in round open now for the apprenticeship, launched by the demo's admin, so the
    survey pages can be tried (`make run` hands out links of this round only)."""
    program = next(p for p in builder.documents[Program] if p.kind == APPRENTICESHIP)
    admin = next(p for p in builder.people.values() if p.email == DEMO_ADMIN_EMAIL)
    now = datetime.now(UTC)
    await create_round(
        program=program,
        label=DEMO_ROUND,
        opens_at=now - timedelta(days=2),
        closes_at=now + timedelta(days=12),
        created_by=admin.id,
    )


async def _insert_all(
    documents: dict[type[Document], list[Any]], session: AsyncClientSession
) -> None:
    for model, items in documents.items():
        if items:
            await model.insert_many(items, session=session)


class _DemoBuilder:
    """Builds every demo document in memory with fixed randomness, relative to `today`."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.rng = random.Random(2026)
        self.people: dict[str, Participant] = {}
        self.documents: dict[type[Document], list[Any]] = {
            Participant: [],
            Program: [],
            Enrollment: [],
            Pair: [],
            Goal: [],
            CheckIn: [],
            MatchPreference: [],
        }

    def build(self) -> dict[type[Document], list[Any]]:
        for person in PEOPLE:
            self.people[person.name] = self._participant(person)
        for plan in PROGRAMS:
            self._program(plan)
        return self.documents

    def _add(self, document: Any) -> Any:
        if document.id is None:
            document.id = PydanticObjectId()
        self.documents[type(document)].append(document)
        return document

    def _participant(self, person: DemoPerson) -> Participant:
        return self._add(
            Participant(
                name=person.name,
                name_key=person.name.lower(),
                email=person.email,
                department=person.department,
                title=person.title,
                level=person.level,
                echelon=person.echelon,
                skills=list(person.skills),
                development_needs=list(person.needs),
                interests=list(person.interests),
                languages=list(person.languages),
                mentor_capacity=person.capacity,
                matching_answers=person.answers,
            )
        )

    def _id(self, name: str) -> PydanticObjectId:
        participant = self.people[name]
        assert participant.id is not None
        return participant.id

    def _program(self, plan: DemoProgramPlan) -> None:
        starts_on = self.today - timedelta(days=plan.started_days_ago)
        program = self._add(
            Program(
                name=plan.name,
                name_key=plan.name.lower(),
                description=plan.description,
                kind=plan.kind,
                format=plan.format,
                status=plan.status,
                objectives=list(plan.objectives),
                competencies=list(plan.competencies),
                duration_months=plan.duration_months,
                check_in_cadence_days=plan.check_in_cadence_days,
                min_group_size=plan.min_group_size,
                recognition=RecognitionRules(min_responses=plan.recognition_min_responses),
                manager_ids=[self._id(name) for name in plan.managers],
                starts_on=starts_on,
                ends_on=starts_on + timedelta(days=round(plan.duration_months * 30.4)),
            )
        )
        decider = self._id(plan.managers[0])
        for name, role, status in plan.enrollments:
            self._enrollment(program, name, role, status, decider, starts_on)
        for pair_plan in plan.pairs:
            self._pair(program, plan, pair_plan, starts_on)
        for mentee, mentors in plan.preferences:
            self._add(
                MatchPreference(
                    program_id=program.id,
                    mentee_id=self._id(mentee),
                    mentor_ids=[self._id(mentor) for mentor in mentors],
                )
            )

    def _enrollment(
        self,
        program: Program,
        name: str,
        role: Role,
        status: EnrollmentStatus,
        decider: PydanticObjectId,
        starts_on: date,
    ) -> None:
        participant_id = self._id(name)
        department_head = next(
            (
                self._id(p.name)
                for p in PEOPLE
                if p.department == self.people[name].department and p.level == "Director"
            ),
            decider,
        )
        applied_at = _at(starts_on - timedelta(days=self.rng.randint(20, 40)))
        history: list[EnrollmentTransition] = []
        previous: EnrollmentStatus | None = None
        for step, to_status in enumerate(ENROLLMENT_PATHS[status]):
            by_id = {
                EnrollmentStatus.APPLIED: participant_id,
                EnrollmentStatus.RECOMMENDED: department_head,
                EnrollmentStatus.WITHDRAWN: participant_id,
            }.get(to_status, decider)
            history.append(
                EnrollmentTransition(
                    from_status=previous,
                    to_status=to_status,
                    at=applied_at + timedelta(days=5 * step),
                    by_id=by_id,
                    note=_enrollment_note(to_status),
                )
            )
            previous = to_status
        recommended = EnrollmentStatus.RECOMMENDED in ENROLLMENT_PATHS[status]
        decided = status in (EnrollmentStatus.APPROVED, EnrollmentStatus.REJECTED)
        self._add(
            Enrollment(
                program_id=program.id,
                participant_id=participant_id,
                role=role,
                status=status,
                recommended_by_id=department_head if recommended else None,
                decided_by_id=decider if decided else None,
                disclosed_to_managers=True,  # every demo applicant applied themselves
                history=history,
                created_at=applied_at,
                updated_at=history[-1].at,
            )
        )

    def _pair(
        self, program: Program, plan: DemoProgramPlan, pair_plan: DemoPairPlan, program_start: date
    ) -> None:
        starts_on = program_start + timedelta(days=self.rng.randint(3, 20))
        mentor = self.people[pair_plan.mentor]
        mentee = self.people[pair_plan.mentee]
        match = assess(
            MatchProfile.of(mentor, mentor.matching_answers),
            MatchProfile.of(mentee, mentee.matching_answers),
            MatchingRules.for_program_kind(plan.kind),
        )
        unstarted = pair_plan.status == PairStatus.DECLINED or bool(pair_plan.requested)
        if pair_plan.requested:
            starts_on = self.today  # asked for today: planned from now, once the mentor accepts
        pair = self._add(
            Pair(
                program_id=program.id,
                mentor_id=mentor.id,
                mentee_id=mentee.id,
                status=pair_plan.status,
                match_score=round(match.score, 2),
                match_reasons=[reason.message for reason in match.reasons],
                match_details=list(match.reasons),
                starts_on=None if unstarted else starts_on,
                planned_end_on=starts_on + timedelta(days=round(plan.duration_months * 30.4)),
                ended_on=self._ended_on(pair_plan),
                outcome=pair_plan.outcome,
                end_reason=pair_plan.end_reason,
                is_open=pair_plan.status in OPEN_PAIR_STATUSES,
                **self._acceptance(pair_plan, mentor, mentee, starts_on),
            )
        )
        if pair.is_open:
            mentor.open_mentor_pairs += 1
        if pair_plan.status in (PairStatus.ACTIVE, PairStatus.COMPLETED, PairStatus.ENDED_EARLY):
            self._goals(pair, plan, mentee, starts_on, pair_plan)
            self._check_ins(pair, plan, starts_on, pair_plan)

    def _acceptance(
        self, pair_plan: DemoPairPlan, mentor: Participant, mentee: Participant, starts_on: date
    ) -> dict[str, Any]:
        """Who proposed the pair and who accepted it when: a request is the mentee's; a pair
        that started was accepted by both the day it did."""
        if pair_plan.requested:
            return {
                "origin": PairOrigin.MENTEE_REQUEST,
                "proposed_by_id": mentee.id,
                "request_message": pair_plan.requested,
                "accepted_by_mentee_at": datetime.now(UTC) - timedelta(hours=20),
                "matched": True,
            }
        if pair_plan.status == PairStatus.PROPOSED:
            accepted = _at(self.today - timedelta(days=2)) if pair_plan.mentor_accepted else None
            return {"accepted_by_mentor_at": accepted}
        if pair_plan.status == PairStatus.DECLINED:
            return {}
        return {"accepted_by_mentor_at": _at(starts_on), "accepted_by_mentee_at": _at(starts_on)}

    def _ended_on(self, pair_plan: DemoPairPlan) -> date | None:
        if pair_plan.status in (PairStatus.COMPLETED, PairStatus.ENDED_EARLY):
            return self.today - timedelta(days=pair_plan.ended_days_ago)
        return None

    def _goals(
        self,
        pair: Pair,
        plan: DemoProgramPlan,
        mentee: Participant,
        starts_on: date,
        pair_plan: DemoPairPlan,
    ) -> None:
        topics = list(mentee.development_needs) or list(plan.competencies)
        if plan.kind == APPRENTICESHIP:
            topics.append("Qualification exam")
        for index, topic in enumerate(topics[:3]):
            status, progress = self._goal_progress(pair_plan, index)
            target = starts_on + timedelta(days=120 + 90 * index)
            if status in (GoalStatus.IN_PROGRESS, GoalStatus.NOT_STARTED) and not (
                pair_plan.struggling and index == 0
            ):
                # Open goals aim ahead; a struggling pair has let its first one slip.
                target = max(target, self.today + timedelta(days=45 + 60 * index))
            # Within the mentoring: no target or milestone after the pair's planned end.
            end = pair.planned_end_on or target
            target = min(target, end)
            milestones = [
                Milestone(
                    title=title,
                    due_on=min(end, starts_on + timedelta(days=40 * (step + 1) + 30 * index)),
                    done_at=_at(starts_on + timedelta(days=40 * (step + 1) + 30 * index - 2))
                    if progress >= (step + 1) * 33
                    else None,
                )
                for step, title in enumerate(
                    (
                        f"Agree a plan for {topic.lower()}",
                        f"Practise {topic.lower()} on a real task",
                        f"Show {topic.lower()} to the team",
                    )
                )
            ]
            self._add(
                Goal(
                    pair_id=pair.id,
                    program_id=pair.program_id,
                    title=_goal_title(topic, plan.kind == APPRENTICESHIP),
                    description=f"Build confidence in {topic} with the mentor's guidance.",
                    competency=topic if topic in plan.competencies else "",
                    status=status,
                    progress=progress,
                    target_date=target,
                    achieved_at=_at(min(target - timedelta(days=7), self.today))
                    if status == GoalStatus.ACHIEVED
                    else None,
                    milestones=milestones,
                )
            )

    def _goal_progress(self, pair_plan: DemoPairPlan, index: int) -> tuple[GoalStatus, int]:
        if pair_plan.outcome == PairOutcome.PASSED_ON_TIME:
            return GoalStatus.ACHIEVED, 100
        if pair_plan.status == PairStatus.ENDED_EARLY:
            return GoalStatus.DROPPED, self.rng.randint(10, 40)
        if pair_plan.struggling:
            return (
                (GoalStatus.IN_PROGRESS, self.rng.randint(5, 25))
                if index == 0
                else (GoalStatus.NOT_STARTED, 0)
            )
        if index == 0:
            return GoalStatus.ACHIEVED, 100
        return GoalStatus.IN_PROGRESS, self.rng.randint(30, 85)

    def _check_ins(
        self, pair: Pair, plan: DemoProgramPlan, starts_on: date, pair_plan: DemoPairPlan
    ) -> None:
        last_day = pair.ended_on or self.today
        if pair_plan.struggling:
            # Meetings stopped a while ago: the kind of gap pair health should notice.
            last_day -= timedelta(days=plan.check_in_cadence_days * 3)
        held_on = starts_on + timedelta(days=2)
        while held_on <= last_day:
            self._add(
                CheckIn(
                    pair_id=pair.id,
                    program_id=pair.program_id,
                    held_on=held_on,
                    duration_minutes=self.rng.choice((30, 45, 45, 60, 60, 90)),
                    topics=self.rng.sample(CHECK_IN_TOPICS, k=2),
                    notes="",
                    logged_by_id=pair.mentor_id,
                )
            )
            held_on += timedelta(days=plan.check_in_cadence_days + self.rng.randint(-3, 4))


def _at(day: date) -> datetime:
    return datetime.combine(day, time(9, 30), tzinfo=UTC)


def _enrollment_note(status: EnrollmentStatus) -> str:
    return {
        EnrollmentStatus.RECOMMENDED: "Recommended by the department.",
        EnrollmentStatus.APPROVED: "Approved after review.",
        EnrollmentStatus.REJECTED: "Not this cycle: reapply next year.",
        EnrollmentStatus.WITHDRAWN: "Withdrew for workload reasons.",
    }.get(status, "")


def _goal_title(topic: str, apprenticeship: bool) -> str:
    if topic == "Qualification exam":
        return "Pass the qualification exam before the end of probation"
    prefix = "Master" if apprenticeship else "Grow in"
    return f"{prefix}: {topic}"
