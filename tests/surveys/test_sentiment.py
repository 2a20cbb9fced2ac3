"""Sentiment of mentoring feedback: what managers act on must read the way people meant it."""

from pathlib import Path

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from services.surveys.sentiment import score_text
from shared.enums import SentimentLabel

MENTORING_FEEDBACK = Path(__file__).parent / "data" / "mentoring_feedback.tsv"

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
        # negation stops at punctuation; "yet" after a negation is time, not contrast
        ("No complaints, great mentor.", POSITIVE),
        ("The sessions haven't been useful yet.", NEGATIVE),
        # a negated "could" before a comparative is the highest praise, not a denial
        ("I couldn't ask for a better mentor.", POSITIVE),
        ("I can't recommend her enough!", POSITIVE),
        ("It couldn't be worse.", NEGATIVE),
        # a stance adverb is no praise of its own
        ("Honestly, I don't think the mentoring helped me at all.", NEGATIVE),
        # a question that names praise does not assert it; a complaining one complains
        ("Is the program any good?", NEUTRAL),
        ("Why is she always so late?", NEGATIVE),
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


def test_hand_labelled_mentoring_comments_read_better_than_plain_vader() -> None:
    rows = [line.split("\t", 2) for line in MENTORING_FEEDBACK.read_text().splitlines()]
    gold = [_label_of(float(rating)) for _, rating, _ in rows]
    vader = SentimentIntensityAnalyzer()
    vader_labels = [_label_of(vader.polarity_scores(text)["compound"], 0.05) for *_, text in rows]
    labels = [score_text(text).label.value.lower() for *_, text in rows]

    assert _macro_f1(labels, gold) >= 0.8
    assert _macro_f1(labels, gold) >= _macro_f1(vader_labels, gold) + 0.1


def _label_of(value: float, cut_off: float = 0.5) -> str:
    return "positive" if value >= cut_off else "negative" if value <= -cut_off else "neutral"


def _macro_f1(labels: list[str], gold: list[str]) -> float:
    f1s = []
    for label in ("positive", "negative", "neutral"):
        pairs = list(zip(labels, gold, strict=True))
        tp = sum(p == g == label for p, g in pairs)
        predicted, actual = labels.count(label), gold.count(label)
        f1s.append(2 * tp / (predicted + actual) if predicted + actual else 0.0)
    return sum(f1s) / len(f1s)
