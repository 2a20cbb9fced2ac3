"""Matching settings: a program's rules (its managers) and a person's questionnaire answers
(themselves), and how they show in reasons."""

from shared.enums import ProgramKind
from tests.factories import make_participant
from tests.factories.matching import make_matching_program
from tests.graphql.client import ADMIN, MANAGER, GraphQLTester, error_codes, gid

RULES = "program { matchingRules { isDefault outsidePerspectiveWeight minScore preferenceBonus } }"


async def test_managers_set_the_rules_and_go_back_to_the_kinds_defaults(
    gql: GraphQLTester,
) -> None:
    world = await make_matching_program(kind=ProgramKind.APPRENTICESHIP)
    as_manager = {"viewer": world.manager, "roles": MANAGER}

    before = await gql.data(
        "query($id: ID!) { program(id: $id) { matchingRules { isDefault "
        "outsidePerspectiveWeight idealLevelGapMax } } }",
        {"id": gid(world.program)},
        viewer=await make_participant(),
    )
    changed = await gql.mutate(
        "programMatchingRulesSet",
        {
            "programId": gid(world.program),
            "rules": {"minScore": 0.3, "preferenceBonus": [0.2, 0.1, 0.0]},
        },
        RULES,
        **as_manager,
    )
    inconsistent = await gql.mutate(
        "programMatchingRulesSet",
        {"programId": gid(world.program), "rules": {"idealLevelGapMin": 5, "idealLevelGapMax": 1}},
        RULES,
        **as_manager,
    )
    out_of_range = await gql.mutate(
        "programMatchingRulesSet",
        {"programId": gid(world.program), "rules": {"needWeight": 1.5}},
        RULES,
        **as_manager,
    )
    by_stranger = await gql.mutate(
        "programMatchingRulesSet",
        {"programId": gid(world.program), "rules": {"minScore": 0.9}},
        RULES,
        viewer=await make_participant(),
        roles=MANAGER,
    )
    reset = await gql.mutate(
        "programMatchingRulesSet",
        {"programId": gid(world.program), "useDefaults": True},
        RULES,
        roles=ADMIN,
    )

    # An apprenticeship's defaults: a master of one's own trade, no outside perspective.
    assert before["program"]["matchingRules"] == {
        "isDefault": True,
        "outsidePerspectiveWeight": 0.0,
        "idealLevelGapMax": 3,
    }
    assert changed["program"]["matchingRules"] == {
        "isDefault": False,
        "outsidePerspectiveWeight": 0.0,
        "minScore": 0.3,
        "preferenceBonus": [0.2, 0.1, 0.0],
    }
    assert error_codes(inconsistent) == ["INVALID"]
    assert error_codes(out_of_range) == ["INVALID"]
    assert out_of_range["userErrors"][0]["field"] == ["input", "needWeight"]
    assert error_codes(by_stranger) == ["FORBIDDEN"]
    assert reset["program"]["matchingRules"]["isDefault"] is True
    assert reset["program"]["matchingRules"]["minScore"] == 0.2


async def test_people_answer_the_questionnaire_and_it_shows_in_reasons(
    gql: GraphQLTester,
) -> None:
    world = await make_matching_program()
    mentor = await world.mentor(name="Olivia")
    mentee = await world.mentee(name="Zoe")
    answers = "participant { matchingAnswers { communicationStyle meetingFormat } }"

    mentor_answered = await gql.mutate(
        "matchingAnswersSet",
        {"communicationStyle": "STRUCTURED", "meetingFormat": "REMOTE"},
        answers,
        viewer=mentor,
    )
    mentee_answered = await gql.mutate(
        "matchingAnswersSet",
        {"communicationStyle": "STRUCTURED", "meetingFormat": "IN_PERSON"},
        answers,
        viewer=mentee,
    )
    suggestions = await gql.data(
        """query($program: ID!, $mentee: ID!) { program(id: $program) {
          matchSuggestions(menteeId: $mentee) { reasons { code text } } } }""",
        {"program": gid(world.program), "mentee": gid(mentee)},
        viewer=mentee,
    )
    cleared = await gql.mutate(
        "matchingAnswersSet", {"meetingFormat": None}, answers, viewer=mentee
    )
    anonymous_role = await gql.mutate(
        "matchingAnswersSet", {"meetingFormat": "REMOTE"}, answers, roles=ADMIN
    )

    assert mentor_answered["participant"]["matchingAnswers"] == {
        "communicationStyle": "STRUCTURED",
        "meetingFormat": "REMOTE",
    }
    assert mentee_answered["userErrors"] == []
    [suggestion] = suggestions["program"]["matchSuggestions"]
    reasons = {r["code"]: r["text"] for r in suggestion["reasons"]}
    assert reasons["STYLE_MATCH"] == "Both prefer a structured communication style"
    assert reasons["FORMAT_MISMATCH"] == (
        "Meeting formats differ: the mentor prefers remote, the mentee in-person"
    )
    # A question left out keeps its answer; null clears one.
    assert cleared["participant"]["matchingAnswers"] == {
        "communicationStyle": "STRUCTURED",
        "meetingFormat": None,
    }
    assert error_codes(anonymous_role) == ["FORBIDDEN"]
