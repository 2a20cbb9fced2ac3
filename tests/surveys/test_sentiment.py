"""Sentiment of mentoring feedback: what managers act on must read the way people meant it."""

import pytest

from services.surveys.sentiment import score_text
from shared.enums import SentimentLabel

POSITIVE, NEUTRAL, NEGATIVE = (
    SentimentLabel.POSITIVE,
    SentimentLabel.NEUTRAL,
    SentimentLabel.NEGATIVE,
)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("My mentor is helpful.", POSITIVE),
        ("She is approachable and her advice is insightful.", POSITIVE),
        ("Our sessions are invaluable to me.", POSITIVE),
        ("My mentor is not helpful.", NEGATIVE),
        ("My mentor isn\u2019t helpful at all.", NEGATIVE),  # a curly apostrophe still negates
        ("He cancelled three of our four meetings.", NEGATIVE),
        ("The meetings could be more frequent.", NEGATIVE),
        ("She is hard to reach and rarely replies.", NEGATIVE),
        ("He is knowledgeable, but our meetings are always rushed.", NEGATIVE),
        ("The first weeks were chaotic, but now our sessions are great.", POSITIVE),
        ("We meet every second Tuesday.", NEUTRAL),
        # negation reaches past VADER's three-word window
        ("I do not think the sessions were useful.", NEGATIVE),
        # modality and irrealis: praise of what did not happen is a complaint
        ("It would have been nice to get feedback on my plan.", NEGATIVE),
        ("The sessions could be better.", NEGATIVE),
        ("I wish we had talked about my career.", NEGATIVE),
        ("He should have prepared better.", NEGATIVE),
        # contrast: the main clause decides, whichever side it is on
        ("Although he is often late, the sessions are excellent.", POSITIVE),
        ("The sessions are good, however they are far too short.", NEGATIVE),
        ("", NEUTRAL),
    ],
)
def test_labels_read_feedback_as_meant(text: str, label: SentimentLabel) -> None:
    assert score_text(text).label == label


def test_scores_stay_in_range_with_a_confidence() -> None:
    for text in ("Great!!! Best mentor ever!!!", "Terrible, useless, a waste of time.", "Okay."):
        score = score_text(text)
        assert -1 <= score.polarity <= 1
        assert 0 <= score.subjectivity <= 1
        assert 0 <= score.confidence <= 1


def test_stronger_wording_scores_further_from_zero() -> None:
    mild = score_text("The sessions were good.").polarity
    strong = score_text("The sessions were absolutely excellent!").polarity

    assert strong > mild > 0


def test_downtoners_weaken_and_intensifiers_strengthen() -> None:
    plain = score_text("The advice was good.").polarity
    weaker = score_text("The advice was fairly good.").polarity
    stronger = score_text("The advice was extremely good.").polarity

    assert stronger > plain > weaker > 0


def test_themes_carry_the_sentiment_of_their_own_sentences() -> None:
    score = score_text(
        "My mentor gives excellent career advice. "
        "But she cancels our meetings all the time and is hard to reach."
    )
    themes = {theme.theme: theme.polarity for theme in score.themes}

    assert themes["GOALS_AND_CAREER"] > 0
    assert themes["SKILLS_AND_KNOWLEDGE"] > 0
    assert themes["AVAILABILITY"] < 0


def test_the_program_theme_is_recognised() -> None:
    score = score_text("The program was well organised and the matching made sense.")

    assert [t.theme for t in score.themes] == ["PROGRAM_ORGANISATION"]
    assert score.label == POSITIVE
