"""The talent reserve's rules on their own: the year-end ranking, development slots, and
when an admission counts as published."""

from datetime import UTC, date, datetime, timedelta

from shared.enums import (
    DevelopmentActivityKind,
    DevelopmentPeriod,
    EnrollmentStatus,
    YearEndComponent,
)
from shared.models.talent import DevelopmentMinimum
from shared.talent.development import activity_share, slots
from shared.talent.evaluation import MemberRecord, rank
from shared.talent.publication import shown_status


def _record(name: str, **fields: object) -> MemberRecord:
    values: dict[str, object] = {
        "key": name,
        "name": name,
        "assessment_means": (),
        "reports_on_time": 0,
        "reports_owed": 0,
        "activity_share": None,
        "goals_achieved": 0,
        "goals_counted": 0,
        **fields,
    }
    return MemberRecord(**values)  # type: ignore[arg-type]


def test_equal_scores_share_a_rank_and_members_without_data_come_last() -> None:
    standings = rank(
        [
            _record("Zoe"),
            _record("Yan", reports_on_time=1, reports_owed=2),
            _record("Xia", activity_share=0.5),
            _record("Abe", assessment_means=(5.0,), reports_on_time=2, reports_owed=2),
        ]
    )

    assert [(s.record.name, s.rank, s.score) for s in standings] == [
        ("Abe", 1, 1.0),
        ("Xia", 2, 0.5),
        ("Yan", 2, 0.5),
        ("Zoe", None, None),
    ]
    parts = {part.component: part.value for part in standings[0].parts}
    assert parts == {
        YearEndComponent.TUTOR_ASSESSMENTS: 1.0,
        YearEndComponent.REPORTS_ON_TIME: 1.0,
        YearEndComponent.DEVELOPMENT_ACTIVITIES: None,
        YearEndComponent.GOALS_ACHIEVED: None,
    }


QUARTERLY = DevelopmentMinimum(
    kind=DevelopmentActivityKind.INTERNAL_TRAINING, count=2, per=DevelopmentPeriod.QUARTER
)
YEARLY = DevelopmentMinimum(
    kind=DevelopmentActivityKind.EXTERNAL_TRAINING, count=1, per=DevelopmentPeriod.YEAR
)


def test_slots_start_with_the_quarter_a_member_joined_and_end_with_the_current_one() -> None:
    counts = {
        (DevelopmentActivityKind.INTERNAL_TRAINING, "2026-Q2"): 3,
        (DevelopmentActivityKind.INTERNAL_TRAINING, "2026-Q3"): 1,
        (DevelopmentActivityKind.EXTERNAL_TRAINING, "2026-Q1"): 1,  # before they joined
    }

    found = slots(
        [QUARTERLY, YEARLY],
        counts,
        year=2026,
        member_since=date(2026, 5, 2),
        today=date(2026, 8, 1),
    )

    assert [(s.period, s.done, s.required, s.met, s.closed) for s in found] == [
        ("2026-Q2", 3, 2, True, True),
        ("2026-Q3", 1, 2, False, False),
        ("2026", 0, 1, False, False),
    ]
    # Q2 met (1); Q3 and the year still run: they count once met or over.
    assert activity_share(found) == 1.0
    assert (
        slots([QUARTERLY], counts, year=2025, member_since=date(2026, 5, 2), today=date(2026, 8, 1))
        == []
    )


def test_an_admission_is_published_from_the_end_of_its_publicity_period() -> None:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    approved = {"status": "APPROVED", "publicity_ends_at": now, "pending_objections": 0}

    assert shown_status(approved, now - timedelta(seconds=1)) == EnrollmentStatus.APPROVED
    assert shown_status(approved, now) == EnrollmentStatus.PUBLISHED
    assert shown_status({**approved, "pending_objections": 1}, now) == EnrollmentStatus.APPROVED
    assert shown_status({**approved, "status": "WITHDRAWN"}, now) == EnrollmentStatus.WITHDRAWN
    assert shown_status({"status": "APPROVED"}, now) == EnrollmentStatus.APPROVED
