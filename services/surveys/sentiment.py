"""Sentiment of free-text feedback: `score_text()`.

First the language: a comment the scorer cannot read is NOT_SCORED, never a false NEUTRAL.
`detect_language()` uses Lingua (`lingua-language-detector`, its n-gram models ship inside
the wheel: nothing is downloaded). Short replies ("ok", "Great!", "n/a", emoji, numbers) are
too short to tell and count as English, as does Latin-script text made mostly of English
words; Lingua decides the rest, and a non-English answer needs its clear confidence. Only
English is scored: no maintained library ships an offline Italian or Chinese sentiment model
or lexicon that fits this service (see the README's section on sentiment).

English text is normalised (a typographic apostrophe in "don't" hides the negation), split
into sentences and, at contrast words, into clauses. Each clause is read by two scorers:

- VADER, token by token (its lexicon extended with the general English of mentoring feedback
  in `lexicon.py`, its boosters, downtoners, capitals and "!" emphasis), with four rules on
  top: negation reaches to the end of the clause (VADER looks three words back only);
  irrealis ("would have been nice", "could be better", "I wish", "should have") turns praise
  into an unmet expectation; downtoners VADER lacks ("fairly good") weaken; phrases no single
  word carries ("hard to reach", "stopped replying") add their valence;
- TextBlob's pattern lexicon, blended in with weight `TEXTBLOB_WEIGHT`.

Contrast: after "but", "however", "yet", "except" the clause that follows weighs three times
the one before (VADER's own weighting of "but"); a clause opened by "although", "though" or
"despite" is the one that weighs less. Clause scores are averaged.

Constants. VADER's scalars are kept as published (negation -0.74, booster 0.293, contrast
0.5/1.5); `IRREALIS_SCALAR`, `UNVALENCED_NEGATION` and `VALENCE_SCALE` are set by reading,
not fitted. Three constants were fitted, by 5-fold cross-validation on the development set
(`bench/sentiment_eval.py` refits them on four folds, scores the fifth, and prints the
held-out figures): `TEXTBLOB_WEIGHT`, `POSITIVE_THRESHOLD` and `NEGATIVE_THRESHOLD`, each on
a coarse grid. Every fold picks an asymmetric band (negative below 0, positive above 0.25
or 0.30): any net negative reading is NEGATIVE, POSITIVE needs clear evidence. That matches
the positivity bias of language in general (Dodds et al., PNAS 2015: words are on average
positive, and people soften criticism), not only of product reviews.

Tokenisation is by whitespace and regular expressions: no NLTK corpora are needed.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import textblob
from lingua import LanguageDetector, LanguageDetectorBuilder
from textblob.en import sentiment as pattern_sentiment
from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    N_SCALAR,
    NEGATE,
    SentimentIntensityAnalyzer,
    SentiText,
    negated,
)

from services.surveys.lexicon import (
    CONCESSIVES,
    DOWNTONERS,
    ENGLISH_MARKERS,
    IRREALIS_CUES,
    MENTORING_PHRASES,
    MENTORING_WORDS,
    NEGATORS,
    THEME_PATTERNS,
)
from shared.enums import SentimentLabel

SCORER_VERSION = "mentoring-sentiment-3"

# Fitted by 5-fold cross-validation (see the module docstring).
TEXTBLOB_WEIGHT = 0.2
POSITIVE_THRESHOLD = 0.25
NEGATIVE_THRESHOLD = 0.0

TEXTBLOB_ALONE_MIN = 0.15  # TextBlob's weakest entries ("other" is -0.125) say nothing alone
# A negated clause without a sentiment word leans negative ("it doesn't reply"): negation
# is marked, and people use it to report what went wrong (Potts, "On the negativity of
# negation", 2011).
UNVALENCED_NEGATION = -0.3
IRREALIS_SCALAR = -0.5  # "would have been nice": half the praise, as a complaint
DOWNTONER_STEP = 0.293  # VADER's booster step, applied by the downtoners VADER lacks
VALENCE_SCALE = 2.0  # a clause's summed valence v maps to v / (|v| + scale)
MINOR_CLAUSE_WEIGHT, MAIN_CLAUSE_WEIGHT = 0.5, 1.5
MAX_TEXT_LENGTH = 20_000

# Language detection: below these, a text is too short or too English to doubt.
SCORED_LANGUAGES = frozenset({"en"})
MIN_WORDS_TO_DETECT = 4
ENGLISH_WORD_SHARE = 0.75
MIN_LANGUAGE_CONFIDENCE = 0.9

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
_CONTRAST = re.compile(r"\b(but|however|yet|except|although|though|despite)\b", flags=re.IGNORECASE)
_WORD = re.compile(r"[a-z]+(?:['-][a-z]+)*")
_LETTERS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")

_SCOPE_ENDS = frozenset({"and", "or", "so", "because", "since", "which", "who", "when", "then"})
_NEGATORS = NEGATORS | frozenset(NEGATE)  # VADER's own list ("rarely", "seldom", ...)
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
    language: str = "en"  # ISO 639-1


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


@functools.cache
def _english_vocabulary() -> frozenset[str]:
    """English word forms: TextBlob's spelling list plus the words of VADER's lexicon."""
    path = Path(textblob.__file__).parent / "en" / "en-spelling.txt"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    words = {line.split()[0].lower() for line in lines if line and not line.startswith(";")}
    return frozenset(words | {w for w in _vader.lexicon if w.isalpha()})


@functools.cache
def _language_detector() -> LanguageDetector:
    # Low-accuracy mode reads trigrams only: fast, and enough for the sentences that get here.
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language ("und" if unknown); English whenever unsure."""
    words = _LETTERS.findall(text[:MAX_TEXT_LENGTH])
    if not words:
        return "en"  # emoji, numbers, punctuation: nothing to tell
    latin = sum(1 for word in words if word.isascii() or _is_latin(word))
    if latin * 2 > len(words):
        if len(words) < MIN_WORDS_TO_DETECT:
            return "en"
        if not ENGLISH_MARKERS.isdisjoint(word.lower() for word in words):
            return "en"
        vocabulary = _english_vocabulary()
        if sum(1 for word in words if word.lower() in vocabulary) >= ENGLISH_WORD_SHARE * len(
            words
        ):
            return "en"
        top = _top_language(text)
        if top is None or top[1] < MIN_LANGUAGE_CONFIDENCE:
            return "en"
        return top[0]
    # Mostly another script: that alone says it is not English; Lingua names the language.
    top = _top_language(text)
    return top[0] if top else "und"


def _top_language(text: str) -> tuple[str, float] | None:
    confidences = _language_detector().compute_language_confidence_values(text)
    if not confidences:
        return None
    return confidences[0].language.iso_code_639_1.name.lower(), confidences[0].value


def _is_latin(word: str) -> bool:
    return all("LATIN" in unicodedata.name(char, "") for char in word)


def _vader_valences(clause: str) -> tuple[list[str], list[float]]:
    """VADER's per-word valences of a clause (negation, boosters, capitals applied)."""
    text = "".join(
        f" {_vader.emojis[char]} " if char in _vader.emojis else char for char in clause
    ).strip()
    sentitext = SentiText(text)
    words = sentitext.words_and_emoticons
    valences: list[float] = []
    for i, word in enumerate(words):
        lower = word.lower()
        if lower in BOOSTER_DICT or (
            lower == "kind" and i + 1 < len(words) and words[i + 1].lower() == "of"
        ):
            valences.append(0.0)
            continue
        valences = _vader.sentiment_valence(0.0, sentitext, word, i, valences)
    return [word.lower() for word in words], [float(v) for v in valences]


def _apply_scope_rules(words: list[str], valences: list[float], irrealis_at: int | None) -> None:
    """Negation to the end of the clause, irrealis and extra downtoners, in place."""
    last_negator = -1
    for i, word in enumerate(words):
        if word in _NEGATORS or "n't" in word:
            last_negator = i
        elif word in _SCOPE_ENDS:
            last_negator = -1  # "never answers and always cancels": a new clause
        valence = valences[i]
        if not valence:
            continue
        if 0 <= last_negator < i - 3 and not negated(words[max(0, i - 3) : i]):
            valence *= N_SCALAR  # VADER stopped looking three words back
        if i and words[i - 1] in DOWNTONERS:
            valence -= DOWNTONER_STEP if valence > 0 else -DOWNTONER_STEP
        if irrealis_at is not None and irrealis_at <= i and valence > 0:
            valence *= IRREALIS_SCALAR
        valences[i] = valence


def _irrealis_word_index(words: list[str]) -> int | None:
    """Index of the first word of an irrealis cue ("I wish" is no praise), if any."""
    joined = " ".join(words)
    match = IRREALIS_CUES.search(joined)
    return joined[: match.start()].count(" ") if match else None


def _score_clause(clause: str, textblob_weight: float) -> _ClauseScore:
    words, valences = _vader_valences(clause)
    irrealis_at = _irrealis_word_index(words)
    _apply_scope_rules(words, valences, irrealis_at)
    lower = " ".join(words)
    valence = sum(valences)
    if valence:
        emphasis = _vader._punctuation_emphasis(clause)
        valence += emphasis if valence > 0 else -emphasis
    valence += sum(value for pattern, value in MENTORING_PHRASES if pattern.search(lower))
    vader = valence / (abs(valence) + VALENCE_SCALE) if valence else 0.0
    textblob, subjectivity = pattern_sentiment(_WORD.findall(lower))
    if irrealis_at is not None and textblob > 0:
        textblob *= IRREALIS_SCALAR
    if textblob == 0 and subjectivity == 0:
        polarity = vader  # TextBlob knew no word here: do not dilute VADER with its silence
    elif vader == 0:
        polarity = textblob if abs(textblob) >= TEXTBLOB_ALONE_MIN else 0.0
    else:
        polarity = (1 - textblob_weight) * vader + textblob_weight * textblob
    if polarity == 0 and any(word in _NEGATORS or "n't" in word for word in words):
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


def _sentence_polarity(sentence: str, textblob_weight: float) -> tuple[float, float, float, bool]:
    """Weighted polarity sum, weight, subjectivity sum and agreement of one sentence."""
    total = weight = subjectivity = 0.0
    agree = True
    for clause, clause_weight in _clauses(sentence):
        scored = _score_clause(clause, textblob_weight)
        subjectivity += scored.subjectivity * clause_weight
        if scored.polarity != 0:
            total += scored.polarity * clause_weight
            weight += clause_weight
            agree = agree and scored.scorers_agree
    return total, weight, subjectivity, agree


def polarity_of(text: str, *, textblob_weight: float = TEXTBLOB_WEIGHT) -> float:
    """The polarity alone, with a chosen TextBlob weight (the benchmark cross-validates it)."""
    sentences = [s for s in _SENTENCE_END.split(normalise(text)) if s.strip()]
    total = weight = 0.0
    for sentence in sentences:
        s_total, s_weight, _, _ = _sentence_polarity(sentence, textblob_weight)
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
        s_total, s_weight, s_subjectivity, s_agree = _sentence_polarity(sentence, TEXTBLOB_WEIGHT)
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
