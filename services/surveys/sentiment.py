"""Sentiment of free-text feedback: `score_text()`.

TextBlob's polarity is the base. On its own it misses much of how people write feedback (it
rates "My mentor is helpful." as 0.0), so each clause is read by two scorers:

- TextBlob's pattern lexicon (with its own negation and intensifier handling), and
- VADER, whose lexicon is extended with the vocabulary of mentoring feedback, plus phrases no
  single word carries ("could be better", "hard to reach", "stopped replying").

Text is normalised first (a typographic apostrophe in "don't" hides the negation), split
into sentences and, at contrast words ("but", "however", ...), into clauses: what follows a
contrast weighs three times what precedes it, as readers weigh it. A negated clause without
any sentiment word ("it doesn't play audio") leans negative. Clause scores are averaged.

Labels are asymmetric on purpose: people soften criticism and inflate praise, so any net
negative reading counts as NEGATIVE while POSITIVE needs clear evidence (above 0.25).

Tokenisation is by regular expression only: no NLTK corpora are needed.
"""

import math
import re
import unicodedata
from dataclasses import dataclass

from textblob.en import sentiment as pattern_sentiment
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from services.surveys.lexicon import MENTORING_PHRASES, MENTORING_WORDS, THEME_PATTERNS
from shared.enums import SentimentLabel

SCORER_VERSION = "mentoring-sentiment-2"

POSITIVE_THRESHOLD = 0.25
NEGATIVE_THRESHOLD = 0.0
TEXTBLOB_WEIGHT = 0.2
TEXTBLOB_ALONE_MIN = 0.15
UNVALENCED_NEGATION = -0.3
VALENCE_SCALE = 2.0  # raw valence v maps to v / (|v| + scale)
BEFORE_CONTRAST_WEIGHT, AFTER_CONTRAST_WEIGHT = 0.5, 1.5
MAX_TEXT_LENGTH = 20_000

_TYPOGRAPHY = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u00a0": " ",
    }
)
_SPACES = re.compile(r"[ \t\r\f\v]+")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
_CONTRAST = re.compile(r"\b(?:but|however|although|though|yet|except)\b")
_WORD = re.compile(r"[a-z]+(?:['-][a-z]+)*")
_NEGATION = re.compile(r"\b(?:not|no|never|nothing|nobody|none|neither|cannot|without)\b|n't\b")

_vader = SentimentIntensityAnalyzer()
_vader.lexicon.update(MENTORING_WORDS)  # this instance only: VADER's module state is untouched


@dataclass(frozen=True)
class ThemeSentiment:
    """A theme the text mentions, with the mean polarity of the sentences that mention it."""

    theme: str
    polarity: float


@dataclass(frozen=True)
class TextScore:
    polarity: float  # -1 .. 1
    subjectivity: float  # 0 .. 1
    label: SentimentLabel
    confidence: float  # 0 .. 1
    themes: tuple[ThemeSentiment, ...]


@dataclass(frozen=True)
class _ClauseScore:
    polarity: float
    subjectivity: float
    scorers_agree: bool


def normalise(text: str) -> str:
    """Unicode-normalised, typographic quotes and dashes made plain, lower case, one space."""
    plain = unicodedata.normalize("NFKC", text[:MAX_TEXT_LENGTH]).translate(_TYPOGRAPHY)
    return _SPACES.sub(" ", plain.lower()).strip()


def _vader_valence(clause: str) -> float:
    """VADER's summed valence of a clause (its compound score, un-squashed) plus phrases."""
    compound = _vader.polarity_scores(clause)["compound"]
    compound = max(min(compound, 0.9999), -0.9999)
    valence = math.sqrt(15) * compound / math.sqrt(1 - compound * compound)
    return valence + sum(value for pattern, value in MENTORING_PHRASES if pattern.search(clause))


def _score_clause(clause: str) -> _ClauseScore:
    valence = _vader_valence(clause)
    vader = valence / (abs(valence) + VALENCE_SCALE) if valence else 0.0
    textblob, subjectivity = pattern_sentiment(_WORD.findall(clause))
    if textblob == 0 and subjectivity == 0:
        polarity = vader  # TextBlob knew no word here: do not dilute VADER with its silence
    elif vader == 0:
        # TextBlob alone: trust it only beyond its weakest entries ("other" is -0.125).
        polarity = textblob if abs(textblob) >= TEXTBLOB_ALONE_MIN else 0.0
    else:
        polarity = (1 - TEXTBLOB_WEIGHT) * vader + TEXTBLOB_WEIGHT * textblob
    if polarity == 0 and _NEGATION.search(clause):
        polarity = UNVALENCED_NEGATION
    agree = (vader > 0) == (textblob > 0) or textblob == 0 or vader == 0
    return _ClauseScore(polarity, subjectivity, agree)


def _clauses(sentence: str) -> list[tuple[str, float]]:
    """A sentence's clauses with their weights: contrast shifts the weight to what follows."""
    parts = [part.strip() for part in _CONTRAST.split(sentence)]
    parts = [part for part in parts if part]
    if len(parts) < 2:
        return [(sentence, 1.0)]
    return [
        (part, AFTER_CONTRAST_WEIGHT if i == len(parts) - 1 else BEFORE_CONTRAST_WEIGHT)
        for i, part in enumerate(parts)
    ]


def _sentence_polarity(sentence: str) -> tuple[float, float, float, bool]:
    """Weighted polarity sum, weight, subjectivity sum and agreement of one sentence."""
    total = weight = subjectivity = 0.0
    agree = True
    for clause, clause_weight in _clauses(sentence):
        scored = _score_clause(clause)
        subjectivity += scored.subjectivity * clause_weight
        if scored.polarity != 0:
            total += scored.polarity * clause_weight
            weight += clause_weight
            agree = agree and scored.scorers_agree
    return total, weight, subjectivity, agree


def score_text(text: str) -> TextScore:
    """Polarity (-1..1), subjectivity, label, confidence and themes of a piece of feedback."""
    sentences = [s for s in _SENTENCE_END.split(normalise(text)) if s.strip()]
    total = weight = subjectivity = 0.0
    agree = True
    by_theme: dict[str, list[float]] = {}
    for sentence in sentences:
        s_total, s_weight, s_subjectivity, s_agree = _sentence_polarity(sentence)
        total, weight, agree = total + s_total, weight + s_weight, agree and s_agree
        subjectivity += s_subjectivity
        sentence_polarity = s_total / s_weight if s_weight else 0.0
        for theme, pattern in THEME_PATTERNS.items():
            if pattern.search(sentence):
                by_theme.setdefault(theme, []).append(sentence_polarity)
    polarity = max(-1.0, min(1.0, total / weight)) if weight else 0.0
    label = _label(polarity)
    return TextScore(
        polarity=round(polarity, 4),
        subjectivity=round(min(1.0, subjectivity / len(sentences)), 4) if sentences else 0.0,
        label=label,
        confidence=round(_confidence(polarity, label, agree), 4),
        themes=tuple(
            ThemeSentiment(theme, round(sum(values) / len(values), 4))
            for theme, values in by_theme.items()
        ),
    )


def _label(polarity: float) -> SentimentLabel:
    if polarity > POSITIVE_THRESHOLD:
        return SentimentLabel.POSITIVE
    if polarity < NEGATIVE_THRESHOLD:
        return SentimentLabel.NEGATIVE
    return SentimentLabel.NEUTRAL


def _confidence(polarity: float, label: SentimentLabel, scorers_agree: bool) -> float:
    """How far the polarity sits from the nearest label boundary, discounted when the two
    scorers disagreed on a clause's direction."""
    if label == SentimentLabel.POSITIVE:
        margin = polarity - POSITIVE_THRESHOLD
    elif label == SentimentLabel.NEGATIVE:
        margin = NEGATIVE_THRESHOLD - polarity
    else:
        margin = min(polarity - NEGATIVE_THRESHOLD, POSITIVE_THRESHOLD - polarity)
    confidence = 0.5 + 0.5 * min(1.0, margin / 0.4)
    return confidence * (1.0 if scorers_agree else 0.8)
