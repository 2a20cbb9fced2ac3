"""Surveys that run themselves: rounds on the programs' cadences, reminders, end-of-program
surveys, links of ended pairs, and the job endpoint operators use."""

import asyncio
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import httpx
import pytest

from services.surveys.automation.jobs import JOBS, JobBusy, run_due_jobs, run_job
from services.surveys.automation.pair_changes import handle_pair
from services.surveys.automation.reminders import send_due_reminders
from services.surveys.automation.scheduled_rounds import launch_due_rounds
from services.surveys.leases import acquire
from services.surveys.links import hash_token
from services.surveys.settings import SurveySettings
from shared.enums import (
    InvitationState,
    PairOutcome,
    PairStatus,
    ProgramStatus,
    SurveyCadence,
    SurveyKind,
)
from shared.feedback.periods import add_months
from shared.feedback.schedule import period_key
from shared.models import Invitation, Pair, Program, SurveyRound, utc_now
from shared.settings import DEVELOPMENT_SERVICE_TOKEN
from tests.factories import make_pair, make_program
from tests.surveys.conftest import Inbox, SurveyWorld, launch, link_for, round_body, token_of

SERVICE = {"Authorization": f"Bearer {DEVELOPMENT_SERVICE_TOKEN}"}
LONG_AGO = date.today() - timedelta(days=400)


async def _program(cadence: SurveyCadence, *, pairs: int = 2, **fields: Any) -> Program:
    program = await make_program(survey_cadence=cadence, starts_on=LONG_AGO, **fields)
    for _ in range(pairs):
        await make_pair(program=program)
    return program


async def _rounds_of(program: Program) -> list[SurveyRound]:
    return await SurveyRound.find({"program_id": program.id}).to_list()


async def test_replicas_racing_launch_one_round_per_program_and_period(
    surveys_http: httpx.AsyncClient, survey_settings: SurveySettings
) -> None:
    periodic = {c: await _program(c) for c in CADENCES}
    end_only = await _program(SurveyCadence.END_OF_PROGRAM)
    without_pairs = await _program(SurveyCadence.MONTHLY, pairs=0)
    draft = await _program(SurveyCadence.MONTHLY, status=ProgramStatus.DRAFT)

    passes = await asyncio.gather(*(launch_due_rounds(survey_settings) for _ in range(3)))
    again = await launch_due_rounds(survey_settings)

    assert sum(len(p.launched) for p in passes) == 3
    for cadence, program in periodic.items():
        (survey_round,) = await _rounds_of(program)
        assert survey_round.schedule_key == f"CHECK_IN:{period_key(cadence, date.today())}"
        invited = await Invitation.find({"round_id": survey_round.id}).count()
        assert invited == 4, cadence
    assert [await _rounds_of(p) for p in (end_only, without_pairs, draft)] == [[], [], []]
    assert again.launched == [] and again.already_launched == 0


CADENCES = (SurveyCadence.MONTHLY, SurveyCadence.QUARTERLY, SurveyCadence.SEMIANNUAL)


async def test_the_next_period_gets_the_next_round(
    surveys_http: httpx.AsyncClient, survey_settings: SurveySettings
) -> None:
    programs = {c: await _program(c) for c in CADENCES}
    now = utc_now()
    await launch_due_rounds(survey_settings, now=now)
    first_of_next_month = datetime.combine(add_months(now.date().replace(day=1), 1), time(), UTC)
    later = first_of_next_month + timedelta(hours=1)

    await launch_due_rounds(survey_settings, now=later)

    for cadence, program in programs.items():
        new_period = period_key(cadence, later.date()) != period_key(cadence, now.date())
        assert len(await _rounds_of(program)) == (2 if new_period else 1), cadence


async def test_a_round_launched_by_hand_counts_for_its_period(
    surveys_http: httpx.AsyncClient, world: SurveyWorld, survey_settings: SurveySettings
) -> None:
    await Program.get_pymongo_collection().update_one(
        {"_id": world.program.id}, {"$set": {"starts_on": datetime.combine(LONG_AGO, time())}}
    )
    await launch(surveys_http, world)

    done = await launch_due_rounds(survey_settings)

    assert done.launched == []
    assert len(await _rounds_of(world.program)) == 1


async def test_rounds_close_when_their_time_is_up(
    surveys_http: httpx.AsyncClient, world: SurveyWorld, survey_settings: SurveySettings
) -> None:
    body = await launch(surveys_http, world)
    after_closing = datetime.fromisoformat(body["round"]["closesAt"]) + timedelta(minutes=1)

    done = await launch_due_rounds(survey_settings, now=after_closing)
    (survey_round,) = await _rounds_of(world.program)
    states = {i.state for i in await Invitation.find({"round_id": survey_round.id}).to_list()}

    assert done.closed == 1
    assert survey_round.status == "CLOSED"
    assert states == {InvitationState.EXPIRED}


async def _answer(client: httpx.AsyncClient, link: str) -> None:
    response = await client.post(
        f"/api/v1/invitations/{token_of(link)}/response",
        json={
            "answers": [
                {"questionId": "satisfaction", "value": 4},
                {"questionId": "usefulness", "value": 4},
                {"questionId": "meeting_frequency", "value": "About right"},
                {"questionId": "nps", "value": 9},
            ]
        },
    )
    assert response.status_code == 201, response.text


async def _round_closing_in(
    client: httpx.AsyncClient, world: SurveyWorld, days: int
) -> dict[str, Any]:
    now = datetime.now(UTC)
    body = await launch(client, world, closesAt=(now + timedelta(days=days)).isoformat())
    # The links went out a week ago: reminders are due (none comes right after a link).
    await Invitation.get_pymongo_collection().update_many(
        {}, {"$set": {"link_issued_at": now - timedelta(days=7)}}
    )
    return body


async def test_reminders_go_only_to_those_who_have_not_answered(
    surveys_http: httpx.AsyncClient,
    world: SurveyWorld,
    survey_settings: SurveySettings,
    inbox: Inbox,
) -> None:
    mailing = inbox.settings(survey_settings)
    body = await _round_closing_in(surveys_http, world, days=3)
    daniel = link_for(body, world.people["Daniel"])
    ines = link_for(body, world.people["Ines"])
    await _answer(surveys_http, daniel)
    assert (await surveys_http.get(f"/api/v1/invitations/{token_of(ines)}")).status_code == 200

    replicas = await asyncio.gather(*(send_due_reminders(mailing) for _ in range(3)))
    invitations = {i.participant_id: i for i in await Invitation.find_all().to_list()}
    right_after = await send_due_reminders(mailing)
    two_days_later = await send_due_reminders(mailing, now=utc_now() + timedelta(hours=49))
    even_later = await send_due_reminders(mailing, now=utc_now() + timedelta(hours=70))

    assert sum(r.reminded for r in replicas) == 3  # Tomasz, Ines and Chloe, once each
    answered = invitations[world.people["Daniel"].id]
    assert (answered.state, answered.reminders_sent) == (InvitationState.SUBMITTED, 0)
    for name in ("Tomasz", "Ines", "Chloe"):
        assert invitations[world.people[name].id].reminders_sent == 1, name
    old_link = await surveys_http.get(f"/api/v1/invitations/{token_of(ines)}")
    assert old_link.status_code == 404  # a reminder carries a fresh link
    *_, latest_reminder = inbox.to("ines@example.com")
    mailed_link = next(
        line.strip()
        for line in latest_reminder.get_body(("plain",)).get_content().splitlines()
        if "/s/" in line
    )
    assert (
        await surveys_http.get(f"/api/v1/invitations/{token_of(mailed_link)}")
    ).status_code == 200
    assert (right_after.reminded, two_days_later.reminded, even_later.reminded) == (0, 3, 0)
    assert len(inbox.messages) == 6  # two reminders each for three people


async def test_a_reminder_that_cannot_be_delivered_leaves_the_old_link_working(
    surveys_http: httpx.AsyncClient,
    world: SurveyWorld,
    survey_settings: SurveySettings,
    inbox: Inbox,
) -> None:
    body = await _round_closing_in(surveys_http, world, days=3)
    inbox.refused.add("chloe@example.com")

    done = await send_due_reminders(inbox.settings(survey_settings))

    chloe = await Invitation.find_one({"participant_id": world.people["Chloe"].id})
    assert chloe is not None
    assert (done.reminded, done.failed) == (3, 1)
    assert chloe.reminders_sent == 0 and chloe.delivery_error.startswith("SMTPRecipientsRefused")
    old_link = token_of(link_for(body, world.people["Chloe"]))
    assert (await surveys_http.get(f"/api/v1/invitations/{old_link}")).status_code == 200
    assert [str(m["To"]) for m in inbox.to("chloe@example.com")] == []


async def test_without_e_mail_no_reminder_replaces_anyone_s_link(
    surveys_http: httpx.AsyncClient, world: SurveyWorld, survey_settings: SurveySettings
) -> None:
    body = await _round_closing_in(surveys_http, world, days=3)

    done = await send_due_reminders(survey_settings)  # no SMTP server configured

    assert (done.reminded, done.failed) == (0, 0)
    for name in ("Tomasz", "Daniel", "Ines", "Chloe"):
        link = token_of(link_for(body, world.people[name]))
        assert (await surveys_http.get(f"/api/v1/invitations/{link}")).status_code == 200, name


async def _end(pair: Pair, status: PairStatus, outcome: PairOutcome | None = None) -> None:
    """What `pairComplete` / `pairEnd` store, without telling the survey service."""
    changes: dict[str, Any] = {"status": status.value, "is_open": False, "updated_at": utc_now()}
    if status != PairStatus.DECLINED:
        changes["ended_on"] = datetime.combine(date.today(), time(), UTC)
    if outcome is not None:
        changes["outcome"] = outcome.value
    await Pair.get_pymongo_collection().update_one({"_id": pair.id}, {"$set": changes})


async def test_an_ended_pairs_link_stops_working_at_once(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    body = await launch(surveys_http, world)
    daniel = token_of(link_for(body, world.people["Daniel"]))
    await _end(world.pairs[0], PairStatus.ENDED_EARLY)

    page = await surveys_http.get(f"/s/{daniel}")
    answer = await surveys_http.post(
        f"/api/v1/invitations/{daniel}/response",
        json={"answers": [{"questionId": "satisfaction", "value": 1}]},
    )

    assert (page.status_code, answer.status_code) == (404, 404)
    invitation = await Invitation.find_one({"token_hash": hash_token(daniel)})
    assert invitation is not None and invitation.state == InvitationState.PENDING


async def test_completing_a_pair_revokes_its_links_and_sends_the_end_of_program_survey(
    surveys_http: httpx.AsyncClient, world: SurveyWorld, survey_settings: SurveySettings
) -> None:
    await launch(surveys_http, world)
    pair = world.pairs[0]
    await _end(pair, PairStatus.COMPLETED, PairOutcome.GOALS_MET)

    first = await handle_pair(pair.id, survey_settings)  # type: ignore[arg-type]
    second = await handle_pair(pair.id, survey_settings)  # type: ignore[arg-type]
    invitations = await Invitation.find({"pair_id": pair.id}).to_list()
    by_kind = {(i.kind, i.state) for i in invitations}
    (end_round,) = await SurveyRound.find({"kind": SurveyKind.END_OF_PROGRAM.value}).to_list()
    mentee_link = next(link for link in first.links if link.invitation.role == "MENTEE")
    survey = await surveys_http.get(f"/api/v1/invitations/{mentee_link.token}")

    assert (first.links_revoked, first.end_of_program_invited) == (2, 2)
    assert (second.links_revoked, second.end_of_program_invited) == (0, 0)
    assert by_kind == {
        (SurveyKind.CHECK_IN, InvitationState.REVOKED),
        (SurveyKind.END_OF_PROGRAM, InvitationState.PENDING),
    }
    assert end_round.label.startswith("End-of-program survey")
    assert survey.status_code == 200
    assert survey.json()["survey"]["title"] != ""
    # The other pair carries on: its check-in links still work.
    other = await Invitation.find({"pair_id": world.pairs[1].id}).to_list()
    assert {i.state for i in other} == {InvitationState.PENDING}


async def test_the_sweep_catches_a_pair_nobody_told_the_survey_service_about(
    surveys_http: httpx.AsyncClient, world: SurveyWorld, survey_settings: SurveySettings
) -> None:
    await launch(surveys_http, world)
    await _end(world.pairs[1], PairStatus.ENDED_EARLY)

    result = await run_job("pair-sync", survey_settings, holder="test")
    repeated = await run_job("pair-sync", survey_settings, holder="test")

    assert result is not None and repeated is not None
    assert (result["linksRevoked"], result["endOfProgramInvited"]) == (2, 2)
    assert (repeated["linksRevoked"], repeated["endOfProgramInvited"]) == (0, 0)


async def test_end_of_program_surveys_can_be_turned_off(
    surveys_http: httpx.AsyncClient, world: SurveyWorld, survey_settings: SurveySettings
) -> None:
    await launch(surveys_http, world)
    await _end(world.pairs[0], PairStatus.COMPLETED, PairOutcome.GOALS_MET)
    quiet = survey_settings.model_copy(update={"end_of_program_surveys": False})

    done = await handle_pair(world.pairs[0].id, quiet)  # type: ignore[arg-type]

    assert (done.links_revoked, done.end_of_program_invited) == (2, 0)


async def test_the_scheduler_runs_only_the_jobs_that_are_on(
    surveys_http: httpx.AsyncClient, survey_settings: SurveySettings
) -> None:
    program = await _program(SurveyCadence.MONTHLY)
    off = survey_settings.model_copy(update={"auto_rounds": False})

    ran_off = await run_due_jobs(off, holder="replica", last_started={})
    rounds_off = len(await _rounds_of(program))
    ran_on = await run_due_jobs(survey_settings, holder="replica", last_started={})

    assert "scheduled-rounds" not in ran_off and rounds_off == 0
    assert "scheduled-rounds" in ran_on and len(await _rounds_of(program)) == 1


async def test_operators_run_a_job_now(
    surveys_http: httpx.AsyncClient, world: SurveyWorld, survey_settings: SurveySettings
) -> None:
    await Program.get_pymongo_collection().update_one(
        {"_id": world.program.id}, {"$set": {"starts_on": datetime.combine(LONG_AGO, time())}}
    )

    ran = await surveys_http.post("/api/v1/jobs/scheduled-rounds/run", headers=SERVICE)
    as_manager = await surveys_http.post("/api/v1/jobs/daily/run", headers=world.manager_headers)
    unknown = await surveys_http.post("/api/v1/jobs/vacuum/run", headers=SERVICE)
    await acquire("reminders", "another-replica", seconds=60)
    busy = await surveys_http.post("/api/v1/jobs/reminders/run", headers=SERVICE)

    assert ran.status_code == 200
    assert ran.json()["job"] == "scheduled-rounds"
    assert ran.json()["result"]["launched"][0]["programId"] == str(world.program.id)
    assert as_manager.status_code == 403
    assert unknown.status_code == 404 and "scheduled-rounds" in unknown.json()["detail"]
    assert busy.status_code == 409
    with pytest.raises(JobBusy):
        await run_job("reminders", survey_settings, holder="me")
    assert set(JOBS) >= {"scheduled-rounds", "reminders", "daily"}


async def test_a_round_for_a_program_without_active_pairs_is_refused(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    empty = await make_program(manager_ids=[world.manager.id])

    response = await surveys_http.post(
        "/api/v1/rounds", json=round_body(empty), headers=world.manager_headers
    )

    assert response.status_code == 409
    assert "no active pairs" in response.json()["detail"]
    assert await SurveyRound.find({"program_id": empty.id}).count() == 0
