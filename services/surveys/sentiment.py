"""Sentiment of free-text feedback: `score_text()`.

First the language (`services/surveys/language.py`): only English is scored; a comment in
another language is NOT_SCORED, never a false NEUTRAL.

English text is normalised (a typographic apostrophe in "don't" hides the negation), split
into sentences and, at contrast words, into clauses. Each clause is read by two scorers:

- VADER, word by word, with rules for negation scope, "couldn't be happier", irrealis,
  downtoners and stance adverbs on top (`services/surveys/valence.py`);
- TextBlob's pattern lexicon, blended in with weight `TEXTBLOB_WEIGHT` where it knows a word;
  where it knows none, VADER stands alone. The cross-validation picks 0 in every fold: on the
  development set TextBlob adds nothing the rules lack. It still gives the subjectivity, and
  its disagreement with VADER lowers the confidence.

A negation that negates no sentiment word leans negative ("it doesn't reply"): negation is
marked, and people use it to report what went wrong (Potts, "On the negativity of negation",
2011). Contrast: after "but", "however", "yet", "except" the clause that follows weighs three
times the one before (VADER's own weighting of "but"); a clause opened by "although",
"though" or "despite" is the one that weighs less. A question asks rather than asserts: praise
in it counts `QUESTION_SCALAR` ("is it any good?"), a complaint counts in full ("why is she
always late?"). Clause scores are averaged.

Constants. `UNVALENCED_NEGATION` and `VALENCE_SCALE` are set by reading. Four are fitted by
5-fold cross-validation on the development set, each on a coarse grid: `TEXTBLOB_WEIGHT`,
`QUESTION_SCALAR`, `POSITIVE_THRESHOLD` and `NEGATIVE_THRESHOLD`. `bench/sentiment_eval.py`
refits them on four folds, scores the fifth, prints the held-out figures next to plain VADER
and TextBlob on the same folds, then fits them on the whole set: the values below. The band
is asymmetric: any net negative reading is NEGATIVE, POSITIVE needs clear evidence. That
matches the positivity bias of language in general (Dodds et al., PNAS 2015: words are on
average positive, and people soften criticism), not only of product reviews.

Tokenisation is by whitespace and regular expressions: no NLTK corpora are needed.
"""

import re
import unicodedata
from dataclasses import dataclass

from textblob.en import sentiment as pattern_sentiment

from services.surveys.language import MAX_TEXT_LENGTH, detect_language
from services.surveys.lexicon import CONCESSIVES, STANCE_ADVERBS, THEME_PATTERNS
from services.surveys.valence import IRREALIS_SCALAR, read_clause
from shared.enums import SentimentLabel

__all__ = [
    "NEGATIVE_THRESHOLD",
    "POSITIVE_THRESHOLD",
    "SCORER_VERSION",
    "TextScore",
    "ThemeSentiment",
    "detect_language",
    "polarity_of",
    "score_text",
]

SCORER_VERSION = "mentoring-sentiment-4"

# Fitted by 5-fold cross-validation (see the module docstring).
TEXTBLOB_WEIGHT = 0.0
QUESTION_SCALAR = 0.5
POSITIVE_THRESHOLD = 0.3
NEGATIVE_THRESHOLD = 0.0

UNVALENCED_NEGATION = -0.3
VALENCE_SCALE = 2.0  # a clause's summed valence v maps to v / (|v| + scale)
MINOR_CLAUSE_WEIGHT, MAIN_CLAUSE_WEIGHT = 0.5, 1.5
SCORED_LANGUAGES = frozenset({"en"})

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
# "yet" contrasts only as a conjunction ("small, yet loud"), not as in "not yet".
_CONTRAST = re.compile(
    r"\b(but|however|except|although|though|despite|(?:^|(?<=[,;:] )|(?<=and ))yet)\b",
    flags=re.IGNORECASE,
)
_WORD = re.compile(r"[a-z]+(?:['-][a-z]+)*")


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
    language: str = "en"  # ISO 639-1


@dataclass(frozen=True)
class _Weights:
    """The fitted constants the polarity depends on (the benchmark varies them)."""

    textblob: float = TEXTBLOB_WEIGHT
    question: float = QUESTION_SCALAR


@dataclass(frozen=True)
class _ClauseScore:
    polarity: float
    subjectivity: float
    scorers_agree: bool


def normalise(text: str) -> str:
    """Unicode-normalised, typographic quotes and dashes made plain, one space (case kept:
    VADER reads capitals as emphasis)."""
    plain = unicodedata.normalize("NFKC", text[:MAX_TEXT_LENGTH]).translate(_TYPOGRAPHY)
    return _SPACES.sub(" ", plain).strip()


def _score_clause(clause: str, weights: _Weights) -> _ClauseScore:
    read = read_clause(clause)
    vader = read.valence / (abs(read.valence) + VALENCE_SCALE) if read.valence else 0.0
    textblob, subjectivity = pattern_sentiment(
        [word for word in _WORD.findall(" ".join(read.words)) if word not in STANCE_ADVERBS]
    )
    if read.irrealis and textblob > 0:
        textblob *= IRREALIS_SCALAR
    if textblob == 0 and subjectivity == 0:
        polarity = vader  # TextBlob knew no word here: do not dilute VADER with its silence
    else:
        polarity = (1 - weights.textblob) * vader + weights.textblob * textblob
    if polarity == 0 and read.negation:
        polarity = UNVALENCED_NEGATION  # negation is marked: "he doesn't reply"
    agree = (vader > 0) == (textblob > 0) or textblob == 0 or vader == 0
    return _ClauseScore(polarity, subjectivity, agree)


def _clauses(sentence: str) -> list[tuple[str, float]]:
    """A sentence's clauses with their weights: the main clause of a contrast weighs more."""
    parts = _CONTRAST.split(sentence)
    clauses: list[tuple[str, bool]] = []  # (clause, opened by a concessive)
    opener = ""
    for i, part in enumerate(parts):
        if i % 2:
            opener = part.lower()
        elif part.strip(" ,.;:-"):
            clauses.append((part.strip(), opener in CONCESSIVES))
    if len(clauses) < 2:
        return [(sentence, 1.0)]
    concessive = any(minor for _, minor in clauses)
    weighted = []
    for i, (clause, minor) in enumerate(clauses):
        main = not minor if concessive else i == len(clauses) - 1
        weighted.append((clause, MAIN_CLAUSE_WEIGHT if main else MINOR_CLAUSE_WEIGHT))
    return weighted


def _sentence_polarity(sentence: str, weights: _Weights) -> tuple[float, float, float, bool]:
    """Weighted polarity sum, weight, subjectivity sum and agreement of one sentence."""
    total = weight = subjectivity = 0.0
    agree = True
    question = sentence.rstrip().endswith("?")
    for clause, clause_weight in _clauses(sentence):
        scored = _score_clause(clause, weights)
        subjectivity += scored.subjectivity * clause_weight
        if scored.polarity != 0:
            praise_asked = question and scored.polarity > 0
            total += scored.polarity * clause_weight * (weights.question if praise_asked else 1)
            weight += clause_weight
            agree = agree and scored.scorers_agree
    return total, weight, subjectivity, agree


def polarity_of(
    text: str,
    *,
    textblob_weight: float = TEXTBLOB_WEIGHT,
    question_scalar: float = QUESTION_SCALAR,
) -> float:
    """The polarity alone, with chosen constants (the benchmark cross-validates them)."""
    weights = _Weights(textblob_weight, question_scalar)
    sentences = [s for s in _SENTENCE_END.split(normalise(text)) if s.strip()]
    total = weight = 0.0
    for sentence in sentences:
        s_total, s_weight, _, _ = _sentence_polarity(sentence, weights)
        total, weight = total + s_total, weight + s_weight
    return max(-1.0, min(1.0, total / weight)) if weight else 0.0


def score_text(text: str) -> TextScore:
    """Polarity (-1..1), subjectivity, label, confidence, themes and language of feedback."""
    language = detect_language(text)
    if language not in SCORED_LANGUAGES:
        return TextScore(0.0, 0.0, SentimentLabel.NOT_SCORED, 0.0, (), language)
    sentences = [s for s in _SENTENCE_END.split(normalise(text)) if s.strip()]
    total = weight = subjectivity = 0.0
    agree = True
    by_theme: dict[str, list[float]] = {}
    for sentence in sentences:
        s_total, s_weight, s_subjectivity, s_agree = _sentence_polarity(sentence, _Weights())
        total, weight, agree = total + s_total, weight + s_weight, agree and s_agree
        subjectivity += s_subjectivity
        sentence_polarity = s_total / s_weight if s_weight else 0.0
        lower = sentence.lower()
        for theme, pattern in THEME_PATTERNS.items():
            if pattern.search(lower):
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
        language=language,
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
