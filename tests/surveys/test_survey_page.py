"""The survey page driven like a browser: GET, POST form-encoded, follow the redirect."""

import re
from urllib.parse import urlencode

import httpx

from shared.enums import InvitationState
from shared.models import Invitation, SurveyResponse, utc_now
from tests.surveys.conftest import SurveyWorld, launch, link_for, token_of

GOOD_FORM = {
    "satisfaction": "4",
    "usefulness": "5",
    "meeting_frequency": "Too rarely",
    "nps": "9",
    "went_well": "My mentor is patient and her advice is insightful.",
    "could_be_better": "",
}


async def _daniels_path(client: httpx.AsyncClient, world: SurveyWorld) -> str:
    body = await launch(client, world)
    return f"/s/{token_of(link_for(body, world.people['Daniel']))}"


async def test_the_page_shows_the_survey_accessibly_and_marks_it_opened(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    path = await _daniels_path(surveys_http, world)

    page = await surveys_http.get(path)

    html = page.text
    assert page.status_code == 200
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "Master &amp; Apprentice" in html
    assert "<strong>Tomasz</strong>" in html  # a mentee sees the mentor's name
    assert "<legend>How satisfied are you with the mentoring you receive?" in html
    for n in range(1, 6):
        assert f'id="q-satisfaction-{n}"' in html and f'for="q-satisfaction-{n}"' in html
    assert '<label class="prompt" for="q-went_well">' in html
    assert "<script" not in html
    invitation = await Invitation.find_one(Invitation.participant_id == world.people["Daniel"].id)
    assert invitation is not None and invitation.state == InvitationState.OPENED


async def test_the_page_says_who_sees_each_group_of_answers_before_the_questions(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    path = await _daniels_path(surveys_http, world)

    html = (await surveys_http.get(path)).text

    told = html.index("Who sees your answers.")
    team = html.index(">Seen by the program team</h2>")
    confidential = html.index(">Confidential</h2>")
    assert told < team < html.index('id="q-satisfaction"') < confidential
    assert confidential < html.index('id="q-nps"') and confidential < html.index(
        'for="q-program_better"'
    )
    assert html.index('for="q-manager_note"') < confidential
    assert "The person you are paired with never sees them." in html
    assert "at least 5 people" in html[confidential:]  # the program's minimum group size


async def test_submitting_the_form_stores_the_response_and_thanks(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    path = await _daniels_path(surveys_http, world)
    await surveys_http.get(path)

    posted = await surveys_http.post(path, data=GOOD_FORM)
    thanks = await surveys_http.get(posted.headers["location"])

    assert posted.status_code == 303
    assert thanks.status_code == 200 and "Thank you!" in thanks.text
    stored = await SurveyResponse.find_one()
    assert stored is not None
    assert stored.satisfaction == 4.5 and stored.satisfaction_normalized == 0.875
    assert stored.nps == 9
    assert [s.label for s in stored.sentiments] == ["POSITIVE"]
    assert stored.scorer_version
    assert {a.question_id for a in stored.answers} == {
        "satisfaction",
        "usefulness",
        "meeting_frequency",
        "nps",
        "went_well",
    }


async def test_invalid_answers_come_back_with_messages_and_what_was_typed(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    path = await _daniels_path(surveys_http, world)
    form = {**GOOD_FORM, "satisfaction": "", "nps": "11", "went_well": "Kept <b>text</b>"}

    page = await surveys_http.post(path, data=form)

    html = page.text
    assert page.status_code == 422
    assert 'id="err-satisfaction"' in html and "This question needs an answer." in html
    assert 'aria-describedby="ends-nps err-nps"' in html
    assert "Choose a number from 0 to 10." in html
    assert "Kept &lt;b&gt;text&lt;/b&gt;</textarea>" in html  # kept, and escaped
    assert re.search(r'id="q-usefulness-5"[^>]*checked', html)
    assert await SurveyResponse.count() == 0


async def test_two_answers_to_one_question_are_refused_not_picked(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    path = await _daniels_path(surveys_http, world)
    fields = [*GOOD_FORM.items(), ("satisfaction", "1")]  # a tampered or doubled field

    page = await surveys_http.post(
        path,
        content=urlencode(fields),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )

    assert page.status_code == 422
    assert 'id="err-satisfaction"' in page.text and "Give one answer to this question." in page.text
    assert await SurveyResponse.count() == 0


async def test_a_second_submission_is_told_the_answers_are_in(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    path = await _daniels_path(surveys_http, world)
    await surveys_http.post(path, data=GOOD_FORM)

    again = await surveys_http.post(path, data=GOOD_FORM)
    reopened = await surveys_http.get(path)

    assert again.status_code == 409
    assert "We already have your answers" in again.text
    assert reopened.status_code == 409
    assert await SurveyResponse.count() == 1


async def test_unknown_revoked_and_expired_links_get_friendly_pages(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    body = await launch(surveys_http, world)
    item = next(i for i in body["links"] if i["participantId"] == str(world.people["Chloe"].id))
    await surveys_http.post(
        f"/api/v1/invitations/{item['invitationId']}/reissue", headers=world.manager_headers
    )
    expired = token_of(link_for(body, world.people["Daniel"]))
    await Invitation.get_pymongo_collection().update_many(
        {"participant_id": world.people["Daniel"].id},
        {"$set": {"expires_at": utc_now()}},
    )

    unknown = await surveys_http.get("/s/not-a-real-token")
    revoked = await surveys_http.get(f"/s/{token_of(item['link'])}")
    gone = await surveys_http.post(f"/s/{expired}", data=GOOD_FORM)

    assert unknown.status_code == revoked.status_code == 404
    assert unknown.text == revoked.text  # nothing tells the two apart
    assert "<h1>Survey link not found</h1>" in unknown.text
    assert gone.status_code == 410 and "This survey has closed" in gone.text
    assert await SurveyResponse.count() == 0


async def test_a_link_before_its_round_opens_says_when_to_come_back(
    surveys_http: httpx.AsyncClient, world: SurveyWorld
) -> None:
    from datetime import UTC, datetime, timedelta

    opens = datetime.now(UTC) + timedelta(days=2)
    body = await launch(surveys_http, world, opensAt=opens.isoformat())
    path = f"/s/{token_of(link_for(body, world.people['Daniel']))}"

    page = await surveys_http.get(path)
    posted = await surveys_http.post(path, data=GOOD_FORM)

    assert page.status_code == posted.status_code == 403
    assert f"This survey opens on {opens:%d %B %Y}" in page.text
    assert await SurveyResponse.count() == 0
