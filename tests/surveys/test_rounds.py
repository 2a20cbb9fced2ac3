"""Launching and running survey rounds over the JSON API."""

import csv
import io
from datetime import UTC, datetime, time, timedelta

import httpx

from services.surveys.links import hash_token
from services.surveys.settings import SurveySettings
from shared.enums import InvitationState, ViewerRole
from shared.models import Invitation, Pair, SurveyRound
from shared.tokens import issue_development_token
from tests.factories import make_participant
from tests.surveys.conftest import SurveyWorld, launch, link_for, round_body, token_of


async def test_a_manager_launches_a_round_for_every_active_pair(
    surveys_http: httpx.AsyncClient, world: SurveyWorld, survey_settings: SurveySettings
) -> None:
    body = await launch(surveys_http, world)

    assert body["round"]["invited"] == 4
    assert body["round"]["status"] == "OPEN"
    assert {(item["role"]) for item in body["links"]} == {"MENTOR", "MENTEE"}
    link = link_for(body, world.people["Daniel"])
    assert link.startswith(f"{survey_settings.surveys_public_url}/s/")
    token = token_of(link)
    assert len(token) >= 43
    stored = await Invitation.find_one(Invitation.participant_id == world.people["Daniel"].id)
    assert stored is not None
    assert stored.token_hash == hash_token(token)
    raw = await Invitation.get_pymongo_collection().find_one({"_id": stored.id})
    assert raw is not None and token not in str(raw)


async def test_a_pair_is_not_asked_about_a_time_before_it_started(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    opens = datetime.now(UTC) - timedelta(days=30)  # a round dated back, e.g. imported history
    for pair, starts in ((world.pairs[0], opens - timedelta(days=30)), (world.pairs[1], opens)):
        await Pair.get_pymongo_collection().update_one(
            {"_id": pair.id},
            {"$set": {"starts_on": datetime.combine(starts.date() + timedelta(days=1), time())}},
        )

    body = await launch(surveys_http, world, opensAt=opens.isoformat())

    assert body["round"]["invited"] == 2
    invited = {item["participantId"] for item in body["links"]}
    assert invited == {str(world.people[name].id) for name in ("Tomasz", "Daniel")}


async def test_links_can_be_downloaded_as_csv(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    response = await surveys_http.post(
        "/api/v1/rounds",
        json=round_body(world.program),
        headers={**world.manager_headers, "Accept": "text/csv"},
    )

    assert response.status_code == 201
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 4
    assert all("/s/" in row["link"] for row in rows)


async def test_only_admins_managers_of_the_program_or_the_service_launch_rounds(
    surveys_http: httpx.AsyncClient, world: SurveyWorld, survey_settings: SurveySettings
) -> None:
    outsider = await make_participant()
    assert outsider.id is not None
    other_manager = issue_development_token(
        survey_settings,
        participant_id=outsider.id,
        roles=frozenset({ViewerRole.PROGRAM_MANAGER}),
    )
    body = round_body(world.program)

    anonymous = await surveys_http.post("/api/v1/rounds", json=body)
    forbidden = await surveys_http.post(
        "/api/v1/rounds", json=body, headers={"Authorization": f"Bearer {other_manager}"}
    )
    service = await surveys_http.post(
        "/api/v1/rounds",
        json=body,
        headers={"Authorization": f"Bearer {survey_settings.secret('service_token')}"},
    )

    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"] == "application/problem+json"
    assert forbidden.status_code == 403
    assert service.status_code == 201
    assert await SurveyRound.count() == 1


async def test_an_invalid_round_is_refused_and_nothing_is_stored(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    now = datetime.now(UTC)
    cases = [
        round_body(world.program, closesAt=(now - timedelta(days=1)).isoformat()),
        round_body(
            world.program,
            opensAt=(now + timedelta(days=3)).isoformat(),
            closesAt=(now + timedelta(days=2)).isoformat(),
        ),
        round_body(world.program, closesAt="2027-01-01T09:00:00"),
        round_body(world.program, label=""),
        round_body(world.program, templates={"MENTEE": "no-such-template"}),
        round_body(world.program, templates={"MENTEE": "mentor-check-in"}),
    ]

    statuses = [
        (await surveys_http.post("/api/v1/rounds", json=c, headers=world.manager_headers))
        for c in cases
    ]

    assert [r.status_code for r in statuses] == [422] * len(cases)
    assert all(r.json()["title"] for r in statuses)
    assert await SurveyRound.count() == 0
    assert await Invitation.count() == 0


async def test_round_progress_close_and_reminders(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    body = await launch(surveys_http, world)
    round_id = body["round"]["id"]
    daniel = token_of(link_for(body, world.people["Daniel"]))
    chloe = token_of(link_for(body, world.people["Chloe"]))
    await surveys_http.post(
        f"/api/v1/invitations/{daniel}/response",
        json={
            "answers": [
                {"questionId": "satisfaction", "value": 5},
                {"questionId": "usefulness", "value": 4},
                {"questionId": "meeting_frequency", "value": "About right"},
                {"questionId": "nps", "value": 9},
            ]
        },
    )

    reminders = await surveys_http.post(
        f"/api/v1/rounds/{round_id}/reminders", headers=world.manager_headers
    )
    old_link = await surveys_http.get(f"/api/v1/invitations/{chloe}")
    progress = await surveys_http.get(f"/api/v1/rounds/{round_id}", headers=world.manager_headers)
    closed = await surveys_http.post(
        f"/api/v1/rounds/{round_id}/close", headers=world.manager_headers
    )
    closed_again = await surveys_http.post(
        f"/api/v1/rounds/{round_id}/close", headers=world.manager_headers
    )
    new_chloe = token_of(link_for(reminders.json(), world.people["Chloe"]))
    after_close = await surveys_http.get(f"/api/v1/invitations/{new_chloe}")

    assert reminders.json()["reminded"] == 3
    assert old_link.status_code == 404
    assert progress.json()["submitted"] == 1
    assert progress.json()["responseRate"] == 0.25
    assert closed.json()["status"] == "CLOSED"
    assert closed.json()["byState"] == {"SUBMITTED": 1, "EXPIRED": 3}
    assert closed_again.status_code == 409
    assert after_close.status_code == 410
    chloe_invitation = await Invitation.find_one(
        Invitation.participant_id == world.people["Chloe"].id
    )
    assert chloe_invitation is not None and chloe_invitation.reminders_sent == 1


async def test_reissue_revokes_the_old_link(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    body = await launch(surveys_http, world)
    item = next(i for i in body["links"] if i["participantId"] == str(world.people["Ines"].id))

    reissued = await surveys_http.post(
        f"/api/v1/invitations/{item['invitationId']}/reissue", headers=world.manager_headers
    )
    old = await surveys_http.get(f"/api/v1/invitations/{token_of(item['link'])}")
    new = await surveys_http.get(f"/api/v1/invitations/{token_of(reissued.json()['link'])}")

    assert reissued.status_code == 200
    assert reissued.json()["link"] != item["link"]
    assert old.status_code == 404
    assert new.status_code == 200
    stored = await Invitation.get(item["invitationId"])
    assert stored is not None and stored.state == InvitationState.OPENED
