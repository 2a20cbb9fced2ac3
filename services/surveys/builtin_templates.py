"""The questionnaires every installation starts with, seeded on start-up when missing."""

from shared.enums import QuestionKind, Role, SurveyKind
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


def _q(question_id: str, kind: QuestionKind, prompt: str, **fields: object) -> Question:
    return Question(id=question_id, kind=kind, prompt=prompt, **fields)


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
                **SATISFIED,
            ),
            _q(
                "usefulness",
                LIKERT,
                "The mentoring helps me make progress on my goals.",
                counts_toward_satisfaction=True,
                **AGREE,
            ),
            _q(
                "meeting_frequency",
                SINGLE,
                "How often do you meet?",
                options=["Too rarely", "About right", "Too often"],
            ),
            _q(
                "nps",
                NPS,
                "How likely are you to recommend this program to a colleague?",
                **NPS_LABELS,
            ),
            _q("went_well", TEXT, "What went well?", required=False, max_length=2000),
            _q("could_be_better", TEXT, "What could be better?", required=False, max_length=2000),
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
                **SATISFIED,
            ),
            _q(
                "engagement",
                LIKERT,
                "My mentee comes prepared and follows up.",
                counts_toward_satisfaction=True,
                **AGREE,
            ),
            _q(
                "program_support",
                LIKERT,
                "The program gives me the support I need as a mentor.",
                counts_toward_satisfaction=True,
                **AGREE,
            ),
            _q(
                "comments",
                TEXT,
                "Anything you would like to tell the program team?",
                required=False,
                max_length=2000,
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
                **SATISFIED,
            ),
            _q(
                "goals_reached",
                LIKERT,
                "I reached the goals I set with my mentor.",
                counts_toward_satisfaction=True,
                **AGREE,
            ),
            _q(
                "nps",
                NPS,
                "How likely are you to recommend this program to a colleague?",
                **NPS_LABELS,
            ),
            _q("most_valuable", TEXT, "What was most valuable?", required=False, max_length=2000),
            _q("improve", TEXT, "What should the program change?", required=False, max_length=2000),
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
                **SATISFIED,
            ),
            _q(
                "mentee_growth",
                LIKERT,
                "My mentee grew noticeably during the program.",
                counts_toward_satisfaction=True,
                **AGREE,
            ),
            _q(
                "again",
                SINGLE,
                "Would you mentor in this program again?",
                options=["Yes", "Maybe", "No"],
            ),
            _q(
                "comments", TEXT, "What should the program change?", required=False, max_length=2000
            ),
        ],
    ),
)


async def ensure_builtin_templates() -> int:
    """Insert each built-in template whose key is not stored yet; returns how many were added.
    Safe to run on every start and from several replicas (the key and version are unique)."""
    from pymongo.errors import DuplicateKeyError

    added = 0
    for definition in BUILTIN_TEMPLATES:
        if await SurveyTemplate.find_one(SurveyTemplate.key == definition["key"]) is None:
            try:
                await SurveyTemplate(**definition).insert()
                added += 1
            except DuplicateKeyError:
                pass  # another replica added it first
    return added
