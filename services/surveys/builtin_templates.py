"""The questionnaires every installation starts with, seeded on start-up when missing."""

from typing import Any

from pymongo.errors import DuplicateKeyError

from services.surveys.template_versions import TemplateChange, change_template
from shared.enums import Audience, QuestionKind, Role, SurveyKind, TextInvites
from shared.models import SurveyTemplate
from shared.models.surveys import Question

LIKERT, NPS, TEXT, SINGLE = (
    QuestionKind.LIKERT_5,
    QuestionKind.NPS,
    QuestionKind.TEXT,
    QuestionKind.SINGLE_CHOICE,
)
AGREE = {"low_label": "Strongly disagree", "high_label": "Strongly agree"}
SATISFIED = {"low_label": "Very dissatisfied", "high_label": "Very satisfied"}
NPS_LABELS = {"low_label": "Not at all likely", "high_label": "Extremely likely"}


def _q(question_id: str, kind: QuestionKind, prompt: str, **fields: Any) -> Question:
    return Question(id=question_id, kind=kind, prompt=prompt, **fields)


def _text(question_id: str, prompt: str, audience: Audience, invites: TextInvites) -> Question:
    return _q(
        question_id,
        TEXT,
        prompt,
        required=False,
        max_length=2000,
        audience=audience,
        invites=invites,
    )


# Relationship questions are the program team's (admins and the program's managers see them
# with the pair, for relationship health); questions about the program are confidential (only
# in figures over the minimum group size of people, per closed round). Each template lists
# the program team's questions first, so the page shows each audience as one group.
TEAM, CONFIDENTIAL = Audience.PROGRAM_TEAM, Audience.CONFIDENTIAL
BUILTIN_REVISION = 2

BUILTIN_TEMPLATES: tuple[dict[str, object], ...] = (
    dict(
        key="mentee-check-in",
        audience=Role.MENTEE,
        kind=SurveyKind.CHECK_IN,
        title="How is your mentoring going?",
        introduction="A few questions about your mentoring so far. It takes about a minute.",
        questions=[
            _q(
                "satisfaction",
                LIKERT,
                "How satisfied are you with the mentoring you receive?",
                counts_toward_satisfaction=True,
                audience=TEAM,
                **SATISFIED,
            ),
            _q(
                "usefulness",
                LIKERT,
                "The mentoring helps me make progress on my goals.",
                counts_toward_satisfaction=True,
                audience=TEAM,
                **AGREE,
            ),
            _q(
                "meeting_frequency",
                SINGLE,
                "How often do you meet?",
                options=["Too rarely", "About right", "Too often"],
                audience=TEAM,
            ),
            _text("went_well", "What went well?", TEAM, TextInvites.PRAISE),
            _text(
                "could_be_better",
                "What could make your mentoring better?",
                TEAM,
                TextInvites.IMPROVEMENT,
            ),
            _text(
                "manager_note",
                "Anything your program manager should know?",
                TEAM,
                TextInvites.OPEN,
            ),
            _q(
                "nps",
                NPS,
                "How likely are you to recommend this program to a colleague?",
                audience=CONFIDENTIAL,
                **NPS_LABELS,
            ),
            _text(
                "program_better",
                "What could the program do better?",
                CONFIDENTIAL,
                TextInvites.IMPROVEMENT,
            ),
        ],
    ),
    dict(
        key="mentor-check-in",
        audience=Role.MENTOR,
        kind=SurveyKind.CHECK_IN,
        title="How is mentoring going for you?",
        introduction="A few questions about your mentee and the program. About a minute.",
        questions=[
            _q(
                "satisfaction",
                LIKERT,
                "How satisfied are you with this mentoring relationship?",
                counts_toward_satisfaction=True,
                audience=TEAM,
                **SATISFIED,
            ),
            _q(
                "engagement",
                LIKERT,
                "My mentee comes prepared and follows up.",
                counts_toward_satisfaction=True,
                audience=TEAM,
                **AGREE,
            ),
            _text(
                "comments",
                "Anything your program manager should know?",
                TEAM,
                TextInvites.OPEN,
            ),
            _q(
                "program_support",
                LIKERT,
                "The program gives me the support I need as a mentor.",
                audience=CONFIDENTIAL,
                **AGREE,
            ),
            _text(
                "program_better",
                "What could the program do better?",
                CONFIDENTIAL,
                TextInvites.IMPROVEMENT,
            ),
        ],
    ),
    dict(
        key="mentee-end-of-program",
        audience=Role.MENTEE,
        kind=SurveyKind.END_OF_PROGRAM,
        title="Looking back on your mentoring",
        introduction="Your mentoring is ending. Tell us how it went.",
        questions=[
            _q(
                "satisfaction",
                LIKERT,
                "Overall, how satisfied are you with your mentoring?",
                counts_toward_satisfaction=True,
                audience=TEAM,
                **SATISFIED,
            ),
            _q(
                "goals_reached",
                LIKERT,
                "I reached the goals I set with my mentor.",
                counts_toward_satisfaction=True,
                audience=TEAM,
                **AGREE,
            ),
            _text("most_valuable", "What was most valuable?", TEAM, TextInvites.PRAISE),
            _q(
                "nps",
                NPS,
                "How likely are you to recommend this program to a colleague?",
                audience=CONFIDENTIAL,
                **NPS_LABELS,
            ),
            _text(
                "improve",
                "What should the program change?",
                CONFIDENTIAL,
                TextInvites.IMPROVEMENT,
            ),
        ],
    ),
    dict(
        key="mentor-end-of-program",
        audience=Role.MENTOR,
        kind=SurveyKind.END_OF_PROGRAM,
        title="Looking back on mentoring",
        introduction="This mentoring is ending. Tell us how it went for you.",
        questions=[
            _q(
                "satisfaction",
                LIKERT,
                "Overall, how satisfied are you with this mentoring?",
                counts_toward_satisfaction=True,
                audience=TEAM,
                **SATISFIED,
            ),
            _q(
                "mentee_growth",
                LIKERT,
                "My mentee grew noticeably during the program.",
                counts_toward_satisfaction=True,
                audience=TEAM,
                **AGREE,
            ),
            _q(
                "again",
                SINGLE,
                "Would you mentor in this program again?",
                options=["Yes", "Maybe", "No"],
                audience=CONFIDENTIAL,
            ),
            _text(
                "comments",
                "What should the program change?",
                CONFIDENTIAL,
                TextInvites.IMPROVEMENT,
            ),
        ],
    ),
)

# The question ids of the first built-in versions, which declared no audience: a stored
# current version with exactly these is the unchanged built-in and is upgraded.
FIRST_REVISION_IDS = {
    "mentee-check-in": [
        "satisfaction",
        "usefulness",
        "meeting_frequency",
        "nps",
        "went_well",
        "could_be_better",
    ],
    "mentor-check-in": ["satisfaction", "engagement", "program_support", "comments"],
    "mentee-end-of-program": ["satisfaction", "goals_reached", "nps", "most_valuable", "improve"],
    "mentor-end-of-program": ["satisfaction", "mentee_growth", "again", "comments"],
}


async def ensure_builtin_templates() -> int:
    """Insert each built-in template whose key is not stored yet, and upgrade an unchanged
    first built-in version (which declared no audiences) to the current one; returns how
    many were added or upgraded. Safe to run on every start and from several replicas (the
    key and version are unique)."""
    changed = 0
    collection = SurveyTemplate.get_pymongo_collection()
    for definition in BUILTIN_TEMPLATES:
        key = str(definition["key"])
        current = await collection.find_one({"key": key, "is_current": True})
        try:
            if current is None:
                if await collection.find_one({"key": key}, {"_id": 1}) is None:
                    await SurveyTemplate(**definition).insert()
                    changed += 1
            elif _unchanged_first_revision(key, current):
                await change_template(
                    key,
                    TemplateChange(
                        title=str(definition["title"]),
                        introduction=str(definition["introduction"]),
                        questions=definition["questions"],
                    ),
                )
                changed += 1
        except DuplicateKeyError:
            pass  # another replica did it first
    return changed


def _unchanged_first_revision(key: str, stored: dict[str, Any]) -> bool:
    questions = stored.get("questions") or []
    return all("audience" not in q for q in questions) and [
        q.get("id") for q in questions
    ] == FIRST_REVISION_IDS.get(key)
