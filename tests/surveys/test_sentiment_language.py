# ruff: noqa: RUF001  (a Chinese sentence uses the full-width comma)
"""Comments in a language the scorer cannot read are kept, marked NOT_SCORED, never NEUTRAL;
short English answers are never mistaken for another language."""

import pytest

from services.surveys.sentiment import score_text
from shared.enums import SentimentLabel

SHORT_ENGLISH = [
    "ok",
    "OK.",
    "Great!",
    "n/a",
    "N/A",
    "Thanks",
    "fine",
    "\U0001f44d",
    "\U0001f44d\U0001f44d\U0001f642",
    "10",
    "5/5",
    "Good mentor",
    "Super helpful",
    "Brilliant mentor!",
    "No comment",
    "nothing",
    "Keep it up",
    "meh",
    "so-so",
    "Perfect",
    "Excellent",
    "Communication",
    "Bravo",
    "Cool",
    "idk",
    "Sessions felt rushed and unfocused",
    "The menus are very easy to navigate.",
]


@pytest.mark.parametrize("text", SHORT_ENGLISH)
def test_short_english_answers_are_scored_as_english(text: str) -> None:
    score = score_text(text)

    assert score.language == "en"
    assert score.label != SentimentLabel.NOT_SCORED


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Il mio mentore non risponde mai ai messaggi e annulla sempre gli incontri.", "it"),
        ("La mia mentore è molto disponibile e i suoi consigli sono utili.", "it"),
        ("我的导师从不回复消息，还经常取消我们的会议。", "zh"),
        ("Mein Mentor antwortet nie auf Nachrichten und sagt ständig Termine ab.", "de"),
        ("Mi mentor nunca responde a los mensajes y cancela las reuniones.", "es"),
        ("Mon mentor ne répond jamais aux messages et annule les réunions.", "fr"),
    ],
)
def test_other_languages_are_kept_but_not_scored(text: str, language: str) -> None:
    score = score_text(text)

    assert score.language == language
    assert score.label == SentimentLabel.NOT_SCORED
    assert (score.polarity, score.subjectivity, score.confidence) == (0.0, 0.0, 0.0)
    assert score.themes == ()


def test_the_same_criticism_in_english_is_still_negative() -> None:
    score = score_text("My mentor never answers my messages and always cancels our meetings.")

    assert (score.language, score.label) == ("en", SentimentLabel.NEGATIVE)
