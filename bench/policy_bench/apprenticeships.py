"""Apprenticeship cohorts over the last two years: each program a cohort of `APPRENTICES`
new hires with `MASTERS` masters (three apprentices each), started on dates spread from two
years ago to last month. Each probation is played by the rules of
`shared.apprenticeship.probation` on the days it happened: most apprentices pass the exam and
are confirmed on time, some fail it, some fail, get three more months and pass the retake
(EXTENDED); the latest cohorts have not sat the exam yet. A pair ends a year after it started,
with its apprenticeship outcome."""

import random
from datetime import date, timedelta

from beanie import PydanticObjectId

from bench.policy_bench.world import (
    Anchors,
    Documents,
    People,
    add_check_ins,
    add_goals,
    at,
    enroll,
    make_pair,
)
from bench.survey_bench.world import DEPARTMENTS, id_of, program
from shared.apprenticeship.probation import (
    exam_due_on,
    open_probation,
    with_exam,
    with_extension_decided,
    with_recommendation,
)
from shared.enums import (
    PairOutcome,
    PairStatus,
    ProbationDecision,
    ProgramKind,
    ProgramStatus,
    Role,
)
from shared.models import Program
from shared.models.apprenticeship import Probation, ProbationRecommendation, QualificationExam

MASTERS, APPRENTICES = 5, 15
FIRST_COHORT_DAYS_AGO, LAST_COHORT_DAYS_AGO = 720, 30
PASSED_FIRST_TIME, NOT_PASSED = 0.8, 0.1  # the rest: extended, then passed the retake


def seed_apprenticeships(
    docs: Documents,
    people: People,
    rng: random.Random,
    anchors: Anchors,
    *,
    count: int,
    managers: list[PydanticObjectId],
) -> list[Program]:
    programs = []
    span = FIRST_COHORT_DAYS_AGO - LAST_COHORT_DAYS_AGO
    for index in range(count):
        days_ago = FIRST_COHORT_DAYS_AGO - span * index // max(1, count - 1)
        cohort_starts = anchors.today - timedelta(days=days_ago)
        department = DEPARTMENTS[index % len(DEPARTMENTS)]
        manager = managers[index % len(managers)]
        cohort = program(
            f"Apprenticeship {department} {cohort_starts:%Y-%m} {index + 1}",
            kind=ProgramKind.APPRENTICESHIP,
            status=ProgramStatus.ACTIVE if days_ago < 365 else ProgramStatus.CLOSED,
            managers=[manager],
            starts_on=cohort_starts,
        )
        docs.add(cohort)
        programs.append(cohort)
        masters = [id_of(m) for m in people.take(MASTERS, department=department)]
        seen: set[tuple[PydanticObjectId, PydanticObjectId, Role]] = set()
        for n, apprentice in enumerate(people.take(APPRENTICES, department=department)):
            master = masters[n % MASTERS]
            starts_on = cohort_starts + timedelta(days=rng.randint(0, 10))
            for who, role in ((master, Role.MENTOR), (id_of(apprentice), Role.MENTEE)):
                enroll(docs, cohort, who, role, joined=starts_on, seen=seen)
            probation = _played(rng, starts_on, anchors.today, master, manager)
            ends_on = starts_on + timedelta(days=365)
            ended = ends_on <= anchors.today
            pair = make_pair(
                docs,
                cohort,
                master,
                id_of(apprentice),
                starts_on=starts_on,
                status=PairStatus.COMPLETED if ended else PairStatus.ACTIVE,
                ended_on=ends_on if ended else None,
                outcome=(probation.outcome or PairOutcome.NOT_PASSED) if ended else None,
                probation=probation,
            )
            add_goals(docs, pair, rng, count=2, today=anchors.today)
            add_check_ins(docs, pair, rng, today=anchors.today)
    return programs


def _played(
    rng: random.Random,
    starts_on: date,
    today: date,
    master: PydanticObjectId,
    manager: PydanticObjectId,
) -> Probation:
    """The probation after the steps that fall on or before `today`, in order."""
    probation = open_probation(starts_on, 6)
    roll = rng.random()
    for sitting in range(2):
        sat_on = exam_due_on(probation) - timedelta(days=7)
        if sat_on + timedelta(days=1) > today:
            return probation
        passed = sitting == 1 or roll < PASSED_FIRST_TIME
        exam = QualificationExam(
            taken_on=sat_on,
            passed=passed,
            score=rng.randint(62, 95) if passed else rng.randint(30, 58),
            by_id=manager,
            at=at(sat_on + timedelta(days=1)),
        )
        probation = with_exam(probation, exam, sat_on + timedelta(days=1))
        asked_on = sat_on + timedelta(days=4)
        if asked_on + timedelta(days=4) > today:
            return probation
        if passed:
            confirmation = ProbationRecommendation(
                decision=ProbationDecision.CONFIRM_ON_TIME,
                reason="Passed the exam and works safely on their own.",
                by_id=master,
                at=at(asked_on, 15),
            )
            return with_recommendation(probation, confirmation, asked_on)
        if roll < PASSED_FIRST_TIME + NOT_PASSED:
            return probation
        extension = ProbationRecommendation(
            decision=ProbationDecision.EXTEND,
            extend_by_months=3,
            reason="Three more months of supervised work before the retake.",
            by_id=master,
            at=at(asked_on, 16),
        )
        probation = with_recommendation(probation, extension, asked_on)
        probation = with_extension_decided(
            probation,
            accepted=True,
            by_id=manager,
            at=at(asked_on + timedelta(days=4)),
            comment="Agreed with the head of department.",
        )
    return probation
