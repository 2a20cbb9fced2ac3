"""The matching field of `Participant`: their answers to the matching questionnaire."""

from typing import Any

import strawberry

from services.graphql_api.matching.types import MatchingAnswers


def matching_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """The values `ParticipantMatchingFields` needs from a stored participant."""
    return {"matching_answers": MatchingAnswers.from_doc(doc.get("matching_answers"))}


@strawberry.type(description="A participant's matching questionnaire.")
class ParticipantMatchingFields:
    matching_answers: MatchingAnswers = strawberry.field(
        description="Their answers to the matching questionnaire (`matchingAnswersSet`), shown "
        "with their profile: they count in the reasons of their pairs and suggestions."
    )
