"""The demo's apprenticeship and talent-reserve policies at work, on top of the seeded programs.

Steps that happen now are played through the GraphQL API's domain functions, as the people the
policies give them to (`Actor`), so they obey the same rules as a user's steps and carry real
history: this quarter's mentoring plans, an open concern, this year's talent-reserve intake,
activities logged this quarter. What lies in the past (probations that ran out months ago,
past quarters, last year's admissions and selection) is written with the models, dated as the
rules would have dated it, and the `talent-publication` job publishes the admissions whose
publicity period is over.
"""

from datetime import date

from beanie import Document

from services.demo.apprenticeships import seed_apprenticeships
from services.demo.cast import Cast
from services.demo.talent_admissions import seed_talent_admissions
from services.demo.talent_year import seed_talent_year
from shared.models import (
    Concern,
    DevelopmentActivity,
    Enrollment,
    EnrollmentObjection,
    MentorAssessment,
    MentoringPlan,
    OutstandingSelection,
    Participant,
    ProgressReport,
)

# What the policies add, reported with the seed's counts.
POLICY_DOCUMENTS: tuple[type[Document], ...] = (
    Enrollment,
    EnrollmentObjection,
    MentoringPlan,
    Concern,
    DevelopmentActivity,
    ProgressReport,
    MentorAssessment,
    OutstandingSelection,
)


async def seed_policies(*, today: date) -> dict[str, int]:
    """Play the policies on the freshly seeded programs; how many documents of each model
    that added."""
    before = {model.__name__: await model.count() for model in POLICY_DOCUMENTS}
    cast = Cast(people={p.name: p async for p in Participant.find_all()})
    await seed_apprenticeships(cast, today=today)
    await seed_talent_admissions(cast)
    await seed_talent_year(cast, today=today)
    return {
        model.__name__: await model.count() - before[model.__name__] for model in POLICY_DOCUMENTS
    }
