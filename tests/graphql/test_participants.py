"""Participant mutations: the directory, unique e-mails, self-service profile changes."""

from shared.models import Participant
from tests.factories import make_participant
from tests.graphql.client import ADMIN, MANAGER, GraphQLTester, error_codes, gid

PARTICIPANT = "participant { id name email skills mentorCapacity developmentNeeds }"


async def test_an_admin_adds_a_participant_with_a_normalised_email(gql: GraphQLTester) -> None:
    payload = await gql.mutate(
        "participantCreate",
        {
            "name": " Grace Mensah ",
            "email": "Grace.Mensah@Example.COM",
            "skills": ["Six Sigma", " Quality control "],
            "developmentNeeds": ["Public speaking"],
            "mentorCapacity": 3,
        },
        PARTICIPANT,
        roles=ADMIN,
    )

    assert payload["userErrors"] == []
    assert payload["participant"]["name"] == "Grace Mensah"
    assert payload["participant"]["email"] == "grace.mensah@example.com"
    assert payload["participant"]["skills"] == ["Six Sigma", "Quality control"]
    assert payload["participant"]["mentorCapacity"] == 3


async def test_emails_are_unique_regardless_of_case(gql: GraphQLTester) -> None:
    await make_participant(email="sam@example.com")

    payload = await gql.mutate(
        "participantCreate", {"name": "Sam", "email": "SAM@example.com"}, PARTICIPANT, roles=ADMIN
    )

    assert error_codes(payload) == ["DUPLICATE"]
    assert payload["userErrors"][0]["field"] == ["input", "email"]
    assert await Participant.count() == 1


async def test_an_invalid_email_or_capacity_is_refused(gql: GraphQLTester) -> None:
    payload = await gql.mutate(
        "participantCreate",
        {"name": "Sam", "email": "not-an-address", "mentorCapacity": 50},
        PARTICIPANT,
        roles=ADMIN,
    )

    assert sorted(e["field"][1] for e in payload["userErrors"]) == ["email", "mentorCapacity"]
    assert set(error_codes(payload)) == {"INVALID"}
    assert await Participant.count() == 0


async def test_people_update_their_own_profile_but_not_hr_data(gql: GraphQLTester) -> None:
    me = await make_participant(department="Sales")

    own = await gql.mutate(
        "participantUpdate",
        {"id": gid(me), "skills": ["Negotiation"], "mentorCapacity": 1},
        PARTICIPANT,
        viewer=me,
    )
    department = await gql.mutate(
        "participantUpdate", {"id": gid(me), "department": "Finance"}, PARTICIPANT, viewer=me
    )

    assert own["participant"]["skills"] == ["Negotiation"]
    assert own["participant"]["mentorCapacity"] == 1
    assert error_codes(department) == ["FORBIDDEN"]
    assert department["userErrors"][0]["field"] == ["input", "department"]
    stored = await Participant.get(me.id)
    assert stored is not None and stored.department == "Sales"


async def test_nobody_but_admins_edits_someone_else(gql: GraphQLTester) -> None:
    me, other = await make_participant(), await make_participant(title="Engineer")

    by_peer = await gql.mutate(
        "participantUpdate", {"id": gid(other), "title": "CEO"}, PARTICIPANT, viewer=me
    )
    by_manager = await gql.mutate(
        "participantUpdate",
        {"id": gid(other), "title": "CEO"},
        PARTICIPANT,
        viewer=me,
        roles=MANAGER,
    )
    by_admin = await gql.mutate(
        "participantUpdate",
        {"id": gid(other), "title": "Staff Engineer"},
        "participant { title }",
        roles=ADMIN,
    )

    assert error_codes(by_peer) == error_codes(by_manager) == ["FORBIDDEN"]
    assert by_admin["participant"]["title"] == "Staff Engineer"


async def test_participants_filter_by_department_echelon_skill_and_name(gql: GraphQLTester) -> None:
    await make_participant(name="Ada King", department="Engineering", echelon=2, skills=["Go"])
    await make_participant(name="Ada Queen", department="Engineering", echelon=3, skills=["Go"])
    await make_participant(name="Bob King", department="Sales", echelon=2, skills=["Go"])

    data = await gql.data(
        """{ participants(filter: {department: "Engineering", echelon: 2, skill: "Go",
             search: "ADA"}) { totalCount edges { node { name } } } }""",
        roles=ADMIN,
    )

    assert data["participants"]["totalCount"] == 1
    assert data["participants"]["edges"][0]["node"]["name"] == "Ada King"
