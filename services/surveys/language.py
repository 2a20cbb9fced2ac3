"""The language of a free-text comment: `detect_language()`.

A comment the sentiment scorer cannot read is NOT_SCORED, never a false NEUTRAL, so each
comment's language is told first. Lingua (`lingua-language-detector`) does it offline: its
n-gram models ship inside the wheel, nothing is downloaded. Short replies ("ok", "Great!",
"n/a", emoji, numbers) are too short to tell and count as English, as does Latin-script text
made mostly of English words; Lingua decides the rest, and a non-English answer needs its
clear confidence.
"""

import functools
import re
import unicodedata
from pathlib import Path

import textblob
import vaderSentiment
from lingua import LanguageDetector, LanguageDetectorBuilder

from services.surveys.lexicon import ENGLISH_MARKERS, MENTORING_WORDS

MAX_TEXT_LENGTH = 20_000
# Below these, a text is too short or too English to doubt.
MIN_WORDS_TO_DETECT = 4
ENGLISH_WORD_SHARE = 0.75
MIN_LANGUAGE_CONFIDENCE = 0.9

_LETTERS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


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
        known = sum(1 for word in words if word.lower() in vocabulary)
        if known >= ENGLISH_WORD_SHARE * len(words):
            return "en"
        top = _top_language(text)
        if top is None or top[1] < MIN_LANGUAGE_CONFIDENCE:
            return "en"
        return top[0]
    # Mostly another script: that alone says it is not English; Lingua names the language.
    top = _top_language(text)
    return top[0] if top else "und"


@functools.cache
def _english_vocabulary() -> frozenset[str]:
    """English word forms: TextBlob's spelling list, VADER's lexicon and the mentoring words."""
    words = set(_first_column(Path(textblob.__file__).parent / "en" / "en-spelling.txt"))
    words |= set(_first_column(Path(vaderSentiment.__file__).parent / "vader_lexicon.txt"))
    words |= set(MENTORING_WORDS)
    return frozenset(word for word in words if word.isalpha())


def _first_column(path: Path) -> list[str]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split()[0].lower() for line in lines if line.strip() and line[0] != ";"]


@functools.cache
def _language_detector() -> LanguageDetector:
    # Low-accuracy mode reads trigrams only: fast, and enough for the sentences that get here.
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def _top_language(text: str) -> tuple[str, float] | None:
    confidences = _language_detector().compute_language_confidence_values(text)
    if not confidences:
        return None
    return confidences[0].language.iso_code_639_1.name.lower(), confidences[0].value


def _is_latin(word: str) -> bool:
    return all("LATIN" in unicodedata.name(char, "") for char in word)
