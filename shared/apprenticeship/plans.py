"""Quarterly mentoring plans: which quarters a mentor files for, and when a missing plan makes
an apprenticeship pair unhealthy (`HealthReasonCode.PLAN_MISSING`).

A mentor files the plan for the current quarter or the next one. A plan counts once it is
SUBMITTED or APPROVED; a RETURNED plan counts as missing until it is resubmitted. An ACTIVE
apprenticeship pair has a missing plan when, more than `PLAN_GRACE_DAYS` into the current
quarter (or into the pair, when it started during the quarter), no plan for the quarter counts.
"""

from datetime import date, timedelta

from shared.enums import MentoringPlanStatus
from shared.feedback.periods import period_bounds, quarter_key

PLAN_GRACE_DAYS = 30
COUNTING_STATUSES = (MentoringPlanStatus.SUBMITTED, MentoringPlanStatus.APPROVED)


def plannable_quarters(today: date) -> tuple[str, str]:
    """The quarters a mentor may file a plan for today: the current one and the next."""
    first, last = period_bounds(quarter_key(today))
    return quarter_key(first), quarter_key(last + timedelta(days=1))


def plan_due_on(quarter: str, starts_on: date) -> date:
    """The last day a pair that started on `starts_on` may be without a plan for `quarter`."""
    return max(period_bounds(quarter)[0], starts_on) + timedelta(days=PLAN_GRACE_DAYS)


def missing_plan(*, starts_on: date | None, plan_status: str | None, today: date) -> str | None:
    """Why the current quarter's plan is missing (a sentence), or None when it is not (yet)."""
    if starts_on is None:
        return None
    quarter = quarter_key(today)
    due_on = plan_due_on(quarter, starts_on)
    if today <= due_on or plan_status in COUNTING_STATUSES:
        return None
    if plan_status == MentoringPlanStatus.RETURNED.value:
        return f"The mentoring plan for {quarter} was returned and is not resubmitted yet."
    return f"No mentoring plan for {quarter} was submitted (due by {due_on:%d %b %Y})."
