"""Document models: timestamps, and the indexes that enforce uniqueness."""

from datetime import UTC, date, datetime

import pytest
from pymongo.errors import DuplicateKeyError

from shared.enums import Role
from shared.models import ALL_DOCUMENTS, Goal, Participant
from tests.factories import make_enrollment, make_goal, make_pair, make_participant, make_program


@pytest.mark.usefixtures("database_name")
async def test_timestamps_are_utc_and_updated_on_save() -> None:
    participant = await make_participant(name="Ada Lovelace")
    created = participant.created_at

    participant.title = "Principal Engineer"
    await participant.save()
    stored = await Participant.get(participant.id)

    assert stored is not None
    assert stored.created_at == created
    assert stored.created_at.tzinfo is not None
    assert stored.created_at.utcoffset() == UTC.utcoffset(None)
    assert stored.updated_at >= created
    assert stored.title == "Principal Engineer"


@pytest.mark.usefixtures("database_name")
async def test_participant_emails_are_unique() -> None:
    await make_participant(email="sam@example.com")

    with pytest.raises(DuplicateKeyError):
        await make_participant(email="sam@example.com")


@pytest.mark.usefixtures("database_name")
async def test_a_participant_enrolls_once_per_role_in_a_program() -> None:
    program = await make_program()
    person = await make_participant()
    await make_enrollment(program=program, participant=person, role=Role.MENTEE)
    await make_enrollment(program=program, participant=person, role=Role.MENTOR)

    with pytest.raises(DuplicateKeyError):
        await make_enrollment(program=program, participant=person, role=Role.MENTEE)


@pytest.mark.usefixtures("database_name")
async def test_dates_round_trip_as_dates() -> None:
    pair = await make_pair()
    goal = await make_goal(pair=pair, target_date=date(2027, 3, 31))

    stored = await Goal.get(goal.id)

    assert stored is not None
    assert stored.target_date == date(2027, 3, 31)
    assert isinstance(stored.created_at, datetime)


def test_every_collection_has_created_and_updated_fields() -> None:
    for model in ALL_DOCUMENTS:
        assert {"created_at", "updated_at"} <= set(model.model_fields), model.__name__
