"""VADER's reading of one clause, word by word, with the rules English needs on top.

VADER (its lexicon extended with the general English of mentoring feedback in `lexicon.py`)
gives each word its valence, with its boosters, capitals, emoji, emoticons and "!" emphasis.
On top, each rule a property of English rather than of one kind of text:

- negation reaches past VADER's three-word window to the next punctuation mark or clause
  boundary ("I do not think the sessions were useful"), and stops there, VADER's window
  included ("no problems, great phone");
- a negated "can"/"could" before a comparative or "enough" states a maximum, not a denial
  ("couldn't be happier", "can't recommend her enough");
- irrealis ("would have been nice", "could be better", "I wish") turns praise into an unmet
  expectation; downtoners VADER lacks ("fairly good") weaken; stance adverbs ("honestly",
  "definitely") carry no valence of their own; phrases no single word carries ("hard to
  reach", "stopped replying") add theirs.

VADER's scalars are kept as published (negation -0.74, booster 0.293); `IRREALIS_SCALAR` is
set by reading.
"""

import re
from dataclasses import dataclass

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    N_SCALAR,
    NEGATE,
    SentimentIntensityAnalyzer,
    SentiText,
    negated,
)

from services.surveys.lexicon import (
    DEGREE_WORDS,
    DOWNTONERS,
    IRREALIS_CUES,
    MENTORING_PHRASES,
    MENTORING_WORDS,
    NEGATED_POSSIBILITY,
    NEGATORS,
    STANCE_ADVERBS,
)

IRREALIS_SCALAR = -0.5  # "would have been nice": half the praise, as a complaint
DOWNTONER_STEP = 0.293  # VADER's booster step, applied by the downtoners VADER lacks

_PHRASE_END = re.compile(r"[,;:)\]]$|^-+$")  # a token that closes a phrase: negation stops
_SCOPE_ENDS = frozenset({"and", "or", "so", "because", "since", "which", "who", "when", "then"})
_NEGATORS = NEGATORS | frozenset(NEGATE)  # VADER's own list ("rarely", "seldom", ...)
_vader = SentimentIntensityAnalyzer()
# This instance only: VADER's module state, and the benchmark's plain VADER, stay untouched.
_vader.lexicon.update(MENTORING_WORDS)
for _adverb in STANCE_ADVERBS:
    _vader.lexicon.pop(_adverb, None)


@dataclass(frozen=True)
class ClauseValence:
    """A clause as VADER and the rules read it."""

    words: tuple[str, ...]  # lower case, as VADER split them
    valence: float  # summed word valences, "!" emphasis and phrases, on VADER's scale
    irrealis: bool  # praise in it is an unmet expectation
    negation: bool  # it holds a negation (other than in "couldn't be happier")


def read_clause(clause: str) -> ClauseValence:
    """The valence of one clause, with the words it was read from."""
    words, valences, starts = _vader_valences(clause)
    degree = _degree_construction(words, starts)
    irrealis_at = _irrealis_word_index(words)
    if irrealis_at in degree:
        irrealis_at = None  # "could not have asked for more" is no unmet expectation
    _apply_scope_rules(words, valences, starts, degree, irrealis_at)
    valence = sum(valences)
    if valence:
        emphasis = _vader._punctuation_emphasis(clause)
        valence += emphasis if valence > 0 else -emphasis
    lower = " ".join(words)
    valence += sum(value for pattern, value in MENTORING_PHRASES if pattern.search(lower))
    return ClauseValence(
        words=tuple(words),
        valence=valence,
        irrealis=irrealis_at is not None,
        negation=any(_is_negator(word) and i not in degree for i, word in enumerate(words)),
    )


def _is_negator(word: str) -> bool:
    return word in _NEGATORS or "n't" in word


def _vader_valences(clause: str) -> tuple[list[str], list[float], list[int]]:
    """VADER's per-word valences of a clause (negation, boosters, capitals applied), read
    phrase by phrase so that VADER's negation window stops at punctuation too; with the
    index where each phrase starts."""
    text = "".join(
        f" {_vader.emojis[char]} " if char in _vader.emojis else char for char in clause
    ).strip()
    whole = SentiText(text)
    tokens = text.split()  # SentiText keeps one word per token, so indices agree
    starts = [0] + [i + 1 for i, token in enumerate(tokens[:-1]) if _PHRASE_END.search(token)]
    valences: list[float] = []
    for start, end in zip(starts, [*starts[1:], len(tokens)], strict=True):
        phrase = whole if len(starts) == 1 else SentiText(" ".join(tokens[start:end]))
        phrase.is_cap_diff = whole.is_cap_diff  # "GREAT" stands out against the whole clause
        words = phrase.words_and_emoticons
        phrase_valences: list[float] = []
        for i, word in enumerate(words):
            lower = word.lower()
            if lower in BOOSTER_DICT or (
                lower == "kind" and i + 1 < len(words) and words[i + 1].lower() == "of"
            ):
                phrase_valences.append(0.0)
                continue
            phrase_valences = _vader.sentiment_valence(0.0, phrase, word, i, phrase_valences)
        valences.extend(float(v) for v in phrase_valences)
    return [word.lower() for word in whole.words_and_emoticons], valences, starts


def _degree_construction(words: list[str], starts: list[int]) -> range:
    """Words of a negated can/could before a comparative ("couldn't be happier"), if any."""
    for i, word in enumerate(words):
        width = 2 if word in ("can", "could") and words[i + 1 : i + 2] == ["not"] else 1
        if width == 1 and word not in NEGATED_POSSIBILITY:
            continue
        end = min([start for start in starts if start > i] + [len(words)])
        for j in range(i + width, min(end, i + 6)):
            comparative = words[j] in DEGREE_WORDS or (
                words[j].endswith("er") and words[j] in _vader.lexicon
            )
            if comparative and words[j + 1 : j + 2] != ["than"]:  # "more than one song"
                return range(i, end)
    return range(0)


def _irrealis_word_index(words: list[str]) -> int | None:
    """Index of the first word of an irrealis cue ("I wish" is no praise), if any."""
    joined = " ".join(words)
    match = IRREALIS_CUES.search(joined)
    return joined[: match.start()].count(" ") if match else None


def _apply_scope_rules(
    words: list[str],
    valences: list[float],
    starts: list[int],
    degree: range,
    irrealis_at: int | None,
) -> None:
    """Negation to the end of the phrase, degree constructions, downtoners and irrealis, in
    place."""
    last_negator = -1
    for i, word in enumerate(words):
        if i in starts or word in _SCOPE_ENDS:
            last_negator = -1  # "never answers and always cancels": a new phrase
        if _is_negator(word) and i not in degree:
            last_negator = i
        valence = valences[i]
        if not valence or last_negator == i:
            continue
        if i in degree and valence * _vader.lexicon.get(word, 0.0) < 0:
            valence /= N_SCALAR  # VADER negated "happier" in "couldn't be happier"
        elif 0 <= last_negator < i - 3 and not negated(words[max(0, i - 3) : i]):
            valence *= N_SCALAR  # VADER stopped looking three words back
        if last_negator >= 0 and words[last_negator] == "no":
            valences[last_negator] = 0.0  # "no real problems": "no" negates, it is no complaint
        if i and words[i - 1] in DOWNTONERS:
            valence -= DOWNTONER_STEP if valence > 0 else -DOWNTONER_STEP
        if irrealis_at is not None and irrealis_at <= i and valence > 0:
            valence *= IRREALIS_SCALAR
        valences[i] = valence
