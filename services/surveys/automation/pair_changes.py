"""Reacting to what the GraphQL API changed: pairs that ended or were declined, apprenticeship
outcomes recorded, mentoring plans and concerns filed or decided (the pair is assessed again),
and programs whose recognition rules changed.

The survey service learns of a change two ways: the GraphQL API tells it at once
(`POST /api/v1/pairs/{id}/changed`, `POST /api/v1/programs/{id}/changed`), and a sweep
every minute reads the pairs and programs changed since the last sweep (a watermark, with an
overlap), with the mentoring plans and concerns changed since. Both run the same idempotent
handlers, so hearing of a change twice does nothing
more, and a call that was lost is made up by the sweep.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from beanie import PydanticObjectId
from bson import ObjectId
from pymongo.errors import DuplicateKeyError

from services.surveys.delivery import mail_links
from services.surveys.health import PAIRS_PER_BATCH, assess_pairs
from services.surveys.recognition import (
    mentor_periods,
    program_rules_changed,
    refresh_program,
    refresh_recognitions,
)
from services.surveys.rounds import (
    IssuedLink,
    invitations_for,
    revoke_pending_links,
    round_templates,
)
from services.surveys.settings import SurveySettings
from shared.apprenticeship.probation import settled_result
from shared.enums import PairStatus, RoundStatus, SurveyKind
from shared.feedback.periods import add_months, month_key, period_bounds, start_of
from shared.models import (
    Concern,
    Invitation,
    JobLease,
    MentoringPlan,
    Pair,
    PairHealth,
    Program,
    SurveyRound,
    utc_now,
)

SYNC_JOB = "pair-sync"
# Changes committed while a sweep ran may carry a slightly earlier `updated_at`.
SWEEP_OVERLAP = timedelta(minutes=5)
ENDED = (PairStatus.COMPLETED.value, PairStatus.ENDED_EARLY.value)
CLOSED = (*ENDED, PairStatus.DECLINED.value)
Document = dict[str, Any]


@dataclass
class ChangesHandled:
    """What reacting to changes did."""

    pairs_seen: int = 0
    links_revoked: int = 0
    end_of_program_invited: int = 0
    recognitions_refreshed: int = 0
    programs_rescored: int = 0
    links: list[IssuedLink] = field(default_factory=list)

    def as_json(self) -> dict[str, int]:
        return {
            "pairsSeen": self.pairs_seen,
            "linksRevoked": self.links_revoked,
            "endOfProgramInvited": self.end_of_program_invited,
            "recognitionsRefreshed": self.recognitions_refreshed,
            "programsRescored": self.programs_rescored,
        }


async def pair_changed(
    pair: Document, settings: SurveySettings, *, now: datetime, done: ChangesHandled
) -> None:
    """Act on one pair's current state: an active pair is assessed again (its plans,
    concerns or probation changed); a closed pair's check-in links stop working and its
    health is dropped; an ended pair gets its end-of-program survey; a recorded
    apprenticeship outcome counts in its mentor's recognition."""
    done.pairs_seen += 1
    if pair["status"] not in CLOSED:
        if pair["status"] == PairStatus.ACTIVE.value:
            await assess_pairs([pair["_id"]], now=now)
        await _refresh_apprenticeship_standing(pair, now=now, done=done)
        return
    if settings.revoke_ended_pair_links:
        done.links_revoked += await revoke_pending_links(pair["_id"], now=now)
    await PairHealth.get_pymongo_collection().delete_one({"pair_id": pair["_id"]})
    if pair["status"] not in ENDED or pair.get("ended_on") is None:
        return
    if settings.end_of_program_surveys:
        issued = await invite_end_of_program(pair, settings, now=now)
        done.end_of_program_invited += len(issued)
        done.links += issued
    await _refresh_apprenticeship_standing(pair, now=now, done=done)


async def _refresh_apprenticeship_standing(
    pair: Document, *, now: datetime, done: ChangesHandled
) -> None:
    """The mentor of an apprenticeship whose outcome was recorded is scored again, in the
    periods of the day it was settled and in the current ones (an outcome reopened by an
    extension leaves the current periods)."""
    result = settled_result(pair)
    if result is None and not pair.get("probation"):
        return
    days = {now.date(), *([result[1]] if result else [])}
    items = {
        item
        for day in days
        for item in mentor_periods(pair["program_id"], pair["mentor_id"], start_of(day))
    }
    if await refresh_recognitions(items, now=now):
        raise RuntimeError("the mentor's recognition could not be refreshed")
    done.recognitions_refreshed += len(items)


async def _end_of_program_round(program: Document, ended_on: datetime) -> SurveyRound | None:
    """The program's end-of-program round for the month the pair ended in, made by the first
    pair that needs it (one per program and month: the schedule key is unique)."""
    month = month_key(ended_on)
    key = f"{SurveyKind.END_OF_PROGRAM.value}:{month}"
    found = await SurveyRound.find_one({"program_id": program["_id"], "schedule_key": key})
    if found is not None:
        return found
    first_day = period_bounds(month)[0]
    templates = await round_templates(SurveyKind.END_OF_PROGRAM)
    survey_round = SurveyRound(
        program_id=program["_id"],
        label=f"End-of-program survey, {first_day:%B %Y}",
        kind=SurveyKind.END_OF_PROGRAM,
        opens_at=start_of(first_day),
        closes_at=start_of(add_months(first_day, 1)),  # stretched below to each link's expiry
        template_ids={role.value: t.id for role, t in templates.items()},
        schedule_key=key,
    )
    try:
        return await survey_round.insert()
    except DuplicateKeyError:
        return await SurveyRound.find_one({"program_id": program["_id"], "schedule_key": key})


async def invite_end_of_program(
    pair: Document, settings: SurveySettings, *, now: datetime
) -> list[IssuedLink]:
    """Both sides of a pair that ended recently are invited once to the end-of-program
    survey, and mailed; returns the links made now (none when they already exist)."""
    ended_on: datetime = pair["ended_on"]
    window = timedelta(days=settings.end_of_program_survey_days)
    if start_of(ended_on.date()) + window <= now:
        return []  # learnt of too late to ask
    program = await Program.get_pymongo_collection().find_one({"_id": pair["program_id"]})
    if program is None:
        return []
    survey_round = await _end_of_program_round(program, ended_on)
    if survey_round is None or survey_round.status == RoundStatus.CLOSED:
        return []
    existing = {
        i["role"]
        async for i in Invitation.get_pymongo_collection().find(
            {"round_id": survey_round.id, "pair_id": pair["_id"]}, {"role": 1}
        )
    }
    templates = await round_templates(SurveyKind.END_OF_PROGRAM)
    expires_at = now + window
    issued = []
    for link in invitations_for(survey_round, pair, templates, expires_at=expires_at, now=now):
        if link.invitation.role.value in existing:
            continue
        try:
            await link.invitation.insert()
        except DuplicateKeyError:
            continue  # another replica invited this side a moment ago
        issued.append(link)
    if issued and survey_round.closes_at < expires_at:
        await SurveyRound.get_pymongo_collection().update_one(
            {"_id": survey_round.id, "closes_at": {"$lt": expires_at}},
            {"$set": {"closes_at": expires_at, "updated_at": now}},
        )
    await mail_links(settings, issued)
    return issued


async def program_changed(program: Document, *, now: datetime, done: ChangesHandled) -> None:
    """A program whose recognition rules (or group size, or kind) changed has its mentors
    scored again in every period it ranks."""
    if await program_rules_changed(program):
        await refresh_program(program["_id"], now=now)
        done.programs_rescored += 1


async def handle_pair(pair_id: ObjectId, settings: SurveySettings) -> ChangesHandled:
    """React now to one pair the GraphQL API changed."""
    done = ChangesHandled()
    pair = await Pair.get_pymongo_collection().find_one({"_id": pair_id})
    if pair is not None:
        await pair_changed(pair, settings, now=utc_now(), done=done)
    return done


async def handle_program(program_id: ObjectId) -> ChangesHandled:
    """React now to one program the GraphQL API changed."""
    done = ChangesHandled()
    program = await Program.get_pymongo_collection().find_one({"_id": program_id})
    if program is not None:
        await program_changed(program, now=utc_now(), done=done)
    return done


async def _assess_pairs_of_changed_records(since: datetime, *, now: datetime) -> None:
    """Pairs whose mentoring plans or concerns changed since `since` are assessed again."""
    pair_ids: set[PydanticObjectId] = set()
    for model in (MentoringPlan, Concern):
        changed = model.get_pymongo_collection().find(
            {"updated_at": {"$gte": since}}, {"pair_id": 1}
        )
        pair_ids.update([PydanticObjectId(doc["pair_id"]) async for doc in changed])
    ordered = sorted(pair_ids)
    for start in range(0, len(ordered), PAIRS_PER_BATCH):
        await assess_pairs(ordered[start : start + PAIRS_PER_BATCH], now=now)


async def sync_changes(settings: SurveySettings, *, now: datetime | None = None) -> ChangesHandled:
    """The sweep: every pair and program changed since the last sweep, then the watermark
    moves to when this one started."""
    now = now or utc_now()
    state = await JobLease.get_pymongo_collection().find_one({"name": SYNC_JOB})
    watermark = (state or {}).get("watermark")
    # A first sweep looks back as far as an end-of-program survey could still be sent.
    since = (
        watermark - SWEEP_OVERLAP
        if watermark is not None
        else now - timedelta(days=settings.end_of_program_survey_days)
    )
    done = ChangesHandled()
    async for pair in Pair.get_pymongo_collection().find({"updated_at": {"$gte": since}}):
        await pair_changed(pair, settings, now=now, done=done)
    async for program in Program.get_pymongo_collection().find({"updated_at": {"$gte": since}}):
        await program_changed(program, now=now, done=done)
    await _assess_pairs_of_changed_records(since, now=now)
    await JobLease.get_pymongo_collection().update_one(
        {"name": SYNC_JOB},
        {
            "$set": {"watermark": now, "updated_at": now},
            "$setOnInsert": {"created_at": now, "epoch": 0, "holder": None},
        },
        upsert=True,
    )
    return done
