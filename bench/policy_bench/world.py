"""The pieces a policy world is built from: the dates it is laid out around, the documents
collected before one batched insert per model, the people handed out to the programs, and
pairs with their enrollments, goals and check-ins, written as the platform stores them."""

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from beanie import Document, PydanticObjectId

from bench.survey_bench.world import BATCH, enrollment, id_of, midnight, person
from shared.enums import GoalStatus, PairOutcome, PairStatus, Role
from shared.feedback.periods import period_bounds, quarter_key
from shared.models import CheckIn, Goal, Pair, Participant, Program
from shared.models.apprenticeship import Probation

GOAL_TITLES = (
    "Lead a cross-team project",
    "Present at the quarterly review",
    "Learn the budgeting process",
    "Build a network across departments",
    "Run a workshop for the team",
    "Prepare the certification",
)
OPEN = (PairStatus.PROPOSED, PairStatus.ACTIVE)
CHECK_INS_PER_PAIR = 6


@dataclass(frozen=True)
class Anchors:
    """The dates the world is laid out around: today, the last full year (evaluated and
    ranked) and the last closed quarter (the due list)."""

    today: date
    year: int
    quarter: str

    @classmethod
    def of(cls, today: date) -> "Anchors":
        this_quarter_starts = period_bounds(quarter_key(today))[0]
        return cls(today, today.year - 1, quarter_key(this_quarter_starts - timedelta(days=1)))


def quarters_between(first: date, last: date) -> list[str]:
    """Quarter keys from the one `first` falls in to the one `last` falls in."""
    found, day = [], period_bounds(quarter_key(first))[0]
    while day <= last:
        found.append(quarter_key(day))
        day = period_bounds(quarter_key(day))[1] + timedelta(days=1)
    return found


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@dataclass
class Documents:
    """Documents to insert, collected first, then inserted in batches, one model at a time."""

    by_model: dict[type[Document], list[Document]] = field(default_factory=dict)

    def add(self, *documents: Document) -> None:
        for document in documents:
            self.by_model.setdefault(type(document), []).append(document)

    def of(self, model: type[Document]) -> list[Document]:
        return self.by_model.get(model, [])

    async def insert(self) -> None:
        for model, documents in self.by_model.items():
            for start in range(0, len(documents), BATCH):
                await model.insert_many(documents[start : start + BATCH])


class People:
    """Employees handed out one at a time as programs need them; the rest of the headcount
    takes part in nothing."""

    def __init__(self, rng: random.Random, *, today: date) -> None:
        self.rng = rng
        self.created_at = at(today) - timedelta(days=900)
        self.everyone: list[Participant] = []

    def take(self, count: int = 1, **fields: object) -> list[Participant]:
        taken = []
        for _ in range(count):
            someone = person(len(self.everyone), self.rng, created_at=self.created_at)
            for name, value in fields.items():
                setattr(someone, name, value)
            self.everyone.append(someone)
            taken.append(someone)
        return taken

    def one(self, **fields: object) -> PydanticObjectId:
        return id_of(self.take(1, **fields)[0])

    def fill_to(self, headcount: int) -> None:
        self.take(max(0, headcount - len(self.everyone)))


def make_pair(
    docs: Documents,
    program: Program,
    mentor_id: PydanticObjectId,
    mentee_id: PydanticObjectId,
    *,
    starts_on: date,
    status: PairStatus,
    ended_on: date | None = None,
    outcome: PairOutcome | None = None,
    probation: Probation | None = None,
    match_score: float = 0.8,
) -> Pair:
    """A pair as the platform stores it (open while PROPOSED or ACTIVE)."""
    pair = Pair(
        id=PydanticObjectId(),
        program_id=id_of(program),
        mentor_id=mentor_id,
        mentee_id=mentee_id,
        status=status,
        match_score=match_score,
        match_reasons=["Shared skills", "Same language"],
        starts_on=starts_on,
        planned_end_on=starts_on + timedelta(days=365),
        ended_on=ended_on,
        outcome=outcome,
        probation=probation,
        is_open=status in OPEN,
        created_at=midnight(starts_on) - timedelta(days=10),
        updated_at=midnight(ended_on or starts_on),
    )
    docs.add(pair)
    return pair


def enroll(
    docs: Documents,
    program: Program,
    participant_id: PydanticObjectId,
    role: Role,
    *,
    joined: date,
    seen: set[tuple[PydanticObjectId, PydanticObjectId, Role]],
) -> None:
    """An APPROVED enrollment, once per person, program and role."""
    key = (id_of(program), participant_id, role)
    if key not in seen:
        seen.add(key)
        docs.add(enrollment(program, participant_id, role, midnight(joined)))


def add_goals(
    docs: Documents, pair: Pair, rng: random.Random, *, count: int, today: date
) -> list[Goal]:
    """`count` goals set when the pair started: achieved (some time after), in progress, not
    started or dropped."""
    assert pair.starts_on is not None
    created = midnight(pair.starts_on) + timedelta(days=rng.randint(0, 30))
    goals = []
    for title in rng.sample(GOAL_TITLES, count):
        status = rng.choices(list(GoalStatus), weights=(1, 4, 4, 1))[0]
        achieved_at = None
        if status == GoalStatus.ACHIEVED:
            span = max(1, (at(today) - created).days)
            achieved_at = created + timedelta(days=rng.randint(1, span))
        goals.append(
            Goal(
                pair_id=id_of(pair),
                program_id=pair.program_id,
                title=title,
                competency="Communication",
                status=status,
                progress=100 if achieved_at else rng.choice((0, 20, 50, 80)),
                target_date=pair.starts_on + timedelta(days=rng.randint(90, 360)),
                achieved_at=achieved_at,
                created_at=created,
                updated_at=achieved_at or created,
            )
        )
    docs.add(*goals)
    return goals


def add_check_ins(docs: Documents, pair: Pair, rng: random.Random, *, today: date) -> None:
    """The pair's latest meetings, about a month apart, up to its end or today."""
    assert pair.starts_on is not None
    last = min(pair.ended_on or today, today)
    for n in range(CHECK_INS_PER_PAIR):
        held_on = last - timedelta(days=30 * n + rng.randint(0, 10))
        if held_on < pair.starts_on:
            break
        docs.add(
            CheckIn(
                pair_id=id_of(pair),
                program_id=pair.program_id,
                held_on=held_on,
                duration_minutes=rng.choice((30, 45, 60)),
                topics=["Goals", "Feedback"],
                logged_by_id=pair.mentor_id,
                created_at=at(held_on, 17),
                updated_at=at(held_on, 17),
            )
        )
