"""GraphQL input types of the talent reserve's mutations."""

from datetime import date

import strawberry

from services.graphql_api.talent.enums import (
    DevelopmentActivityKind,
    DevelopmentPeriod,
    YearEndComponent,
)


@strawberry.input(
    description="A development minimum: at least `count` activities of `kind` per period."
)
class DevelopmentMinimumInput:
    kind: DevelopmentActivityKind = strawberry.field(description="The kind of activity.")
    count: int = strawberry.field(default=1, description="At least this many (1-100).")
    per: DevelopmentPeriod = strawberry.field(description="In each quarter or each year.")


@strawberry.input(description="The personal development plan of an application.")
class DevelopmentPlanInput:
    goals: list[str] = strawberry.field(description="What they mean to achieve (1-20 items).")
    activities: list[str] = strawberry.field(
        description="How: training, rotation, study, ... (1-20 items)."
    )


@strawberry.input(description="A talent-reserve application form.")
class TalentApplicationInput:
    echelon: int = strawberry.field(description="The echelon applied for, 1 to 3.")
    motivation: str = strawberry.field(description="Why they apply (at most 5000 characters).")
    development_plan: DevelopmentPlanInput = strawberry.field(
        description="Their personal development plan."
    )


@strawberry.input(
    description="HR's preliminary review of a recommended talent-reserve application."
)
class EnrollmentReviewInput:
    id: strawberry.ID = strawberry.field(description="The enrollment.")
    pass_: bool = strawberry.field(
        name="pass", description="True: HR_REVIEWED, on to top management; false: REJECTED."
    )
    note: str = strawberry.field(
        default="", description="HR's note; required when it does not pass (at most 1000)."
    )


@strawberry.input(description="An objection to an admission in its publicity period.")
class EnrollmentObjectInput:
    id: strawberry.ID = strawberry.field(description="The announced admission's enrollment.")
    reason: str = strawberry.field(description="What the objection is (1-1000 characters).")


@strawberry.input(description="HR's decision on an objection.")
class EnrollmentObjectionDecideInput:
    id: strawberry.ID = strawberry.field(description="The objection.")
    uphold: bool = strawberry.field(
        description="True rejects the admission; false dismisses the objection."
    )
    note: str = strawberry.field(
        default="", description="Why; required when upholding (it is the rejection's reason)."
    )


@strawberry.input(description="A development activity a talent-pool member did.")
class DevelopmentActivityLogInput:
    enrollment_id: strawberry.ID = strawberry.field(description="The member's enrollment.")
    kind: DevelopmentActivityKind = strawberry.field(description="What kind of activity.")
    title: str = strawberry.field(description="What it was (1-200 characters).")
    started_on: date = strawberry.field(description="First day.")
    ended_on: date = strawberry.field(description="Last day: today or earlier.")
    hours: float = strawberry.field(description="Hours spent (0-2000).")
    note: str = strawberry.field(default="", description="Anything worth knowing about it.")


@strawberry.input(description="How much one part counts in the year-end score.")
class YearEndWeightInput:
    component: YearEndComponent = strawberry.field(description="The part of the score.")
    weight: float = strawberry.field(description="0 to 1; a part left out weighs 0.")


@strawberry.input(description="What a logged activity should say instead (all of it).")
class DevelopmentActivityCorrectInput:
    id: strawberry.ID = strawberry.field(description="The activity.")
    kind: DevelopmentActivityKind = strawberry.field(description="What kind of activity.")
    title: str = strawberry.field(description="What it was (1-200 characters).")
    started_on: date = strawberry.field(description="First day.")
    ended_on: date = strawberry.field(description="Last day: today or earlier.")
    hours: float = strawberry.field(description="Hours spent (0-2000).")
    note: str = strawberry.field(default="", description="Anything worth knowing about it.")


@strawberry.input(description="An activity to take off a member's record, and why.")
class DevelopmentActivityRemoveInput:
    id: strawberry.ID = strawberry.field(description="The activity.")
    reason: str = strawberry.field(
        description="Why (1-1000 characters): logged by mistake, twice, ..."
    )


@strawberry.input(description="A member's work-and-study report for a quarter.")
class ProgressReportSubmitInput:
    enrollment_id: strawberry.ID = strawberry.field(description="The member's enrollment.")
    quarter: str = strawberry.field(description='The quarter, e.g. "2026-Q2".')
    work: str = strawberry.field(description="What they worked on and achieved.")
    study: str = strawberry.field(description="What they studied and learnt.")
    next_steps: str = strawberry.field(description="What they plan for the next quarter.")


@strawberry.input(description="A tutor's score for one competency.")
class RatingInput:
    competency: str = strawberry.field(
        description="The competency (one of the program's, when it lists any)."
    )
    score: int = strawberry.field(description="1 far below expectations to 5 far above.")


@strawberry.input(description="A tutor's assessment of a member for a quarter.")
class MentorAssessmentSubmitInput:
    enrollment_id: strawberry.ID = strawberry.field(description="The member's enrollment.")
    quarter: str = strawberry.field(description='The quarter, e.g. "2026-Q2".')
    ratings: list[RatingInput] = strawberry.field(
        description="A score per competency (1-50, each competency once)."
    )
    comment: str = strawberry.field(default="", description="The tutor's comment.")


@strawberry.input(description="The year's outstanding members of a talent pool.")
class OutstandingSelectInput:
    program_id: strawberry.ID = strawberry.field(description="The talent reserve.")
    year: int = strawberry.field(description="The year.")
    participant_ids: list[strawberry.ID] = strawberry.field(
        description="The members selected (1-100); each was a member that year."
    )
    note: str = strawberry.field(default="", description="Why they were chosen.")
