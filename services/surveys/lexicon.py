"""The language of mentoring feedback that general-purpose sentiment lexicons miss.

Valences are on VADER's scale (-4 .. +4). Words join VADER's lexicon (so its negation and
intensifier rules apply to them); phrases are matched per clause with regular expressions.
"""

import re

from shared.enums import CommentTheme

MENTORING_WORDS: dict[str, float] = {
    # Praise of a mentor, a mentee or a program.
    "approachable": 1.8,
    "attentive": 1.6,
    "actionable": 1.2,
    "candid": 1.0,
    "constructive": 1.4,
    "empathetic": 1.6,
    "eye-opening": 1.8,
    "insightful": 2.0,
    "invaluable": 2.6,
    "knowledgeable": 1.6,
    "motivating": 1.8,
    "patient": 1.4,
    "patiently": 1.4,
    "practical": 1.0,
    "recommended": 1.5,
    "reliable": 1.5,
    "thoughtful": 1.6,
    "worth": 1.2,
    # Concerns: unmet expectations, absence, friction.
    "cancelled": -1.3,
    "canceled": -1.3,
    "cancels": -1.3,
    "cancelling": -1.3,
    "canceling": -1.3,
    "postponed": -1.0,
    "rescheduled": -0.6,
    "unavailable": -1.4,
    "unresponsive": -1.8,
    "unreliable": -1.7,
    "rushed": -1.2,
    "dismissive": -1.9,
    "condescending": -2.0,
    "disengaged": -1.5,
    "ghosted": -2.0,
    "unhelpful": -1.8,
    "pointless": -1.8,
    "irrelevant": -1.2,
    "superficial": -1.2,
    "generic": -0.8,
    "inconsistent": -1.2,
    "sporadic": -1.0,
    "infrequent": -1.0,
    "overwhelmed": -1.2,
    "overloaded": -1.0,
    "lacking": -1.3,
    "lack": -1.2,
    "lacks": -1.2,
    "missing": -0.8,
    "issue": -1.0,
    "issues": -1.0,
    "concern": -0.8,
    "concerns": -0.8,
    "concerned": -1.0,
    "drawback": -1.3,
    "drawbacks": -1.3,
    "gripe": -1.5,
    "gripes": -1.5,
    "slow": -1.0,
    "late": -0.6,
}

# Phrases that carry sentiment no single word does: unmet expectations ("could be more
# frequent"; "could be better" is caught by the irrealis rule in `sentiment.py`), things that
# stopped or do not happen, absence, and making time.
MENTORING_PHRASES: tuple[tuple[re.Pattern[str], float], ...] = tuple(
    (re.compile(pattern), valence)
    for pattern, valence in (
        (
            r"\b(could|should|might) (have )?be(en)? (a lot |much |a bit |slightly )?"
            r"(more|clearer|improved|longer|shorter|easier)\b",
            -3.0,
        ),
        (r"\bno longer\b", -2.4),
        (r"\b(stopped|quit|ceased) (working|responding|replying|answering|showing up)\b", -3.6),
        (
            r"\b(does|did|do|would|will|could|can|is|was)(n't| not) "
            r"(work|respond|reply|answer|show up|turn up)\b",
            -3.6,
        ),
        (r"\bnot enough\b|\btoo (few|little|short|slow|busy|rarely|infrequent|long)\b", -2.6),
        (
            r"\b(hard|difficult|impossible) to (reach|contact|get hold of|schedule|understand|"
            r"follow|use|find time|make time)\b",
            -3.0,
        ),
        (r"\b(always |usually )?(makes|made|make|finds|found) time\b|\balways there\b", 2.0),
    )
)

# Irrealis: a wish or a counterfactual turns the praise after it into an unmet expectation
# ("would have been nice", "I wish it were longer", "should have been clearer", "could be
# better"). A modal of the present with a plain adjective is not counterfactual ("it should
# be good", "this might be the best buy"): only "would be" and a comparative after "could be"
# or "should be" wish for what is not.
IRREALIS_CUES = re.compile(
    r"\b(?:(?:would|could|should|ought to)(?:n't| not)? (?:have|'ve)|would be|"
    r"(?:could|should) be (?:\S+ ){0,2}(?:more|less|better|worse|\w{2,}ier|\w{3,}er)\b|"
    r"(?:i|we) wish(?:ed)?|if only|i(?:'d| had) hoped|was supposed to|were supposed to)\b"
)

# A negated "can" or "could" before a comparative or "enough" states a maximum, not a denial:
# "couldn't be happier", "can't recommend her enough", "could not have asked for more".
NEGATED_POSSIBILITY = frozenset({"can't", "cannot", "couldn't", "cant", "couldnt"})
DEGREE_WORDS = frozenset({"more", "less", "better", "worse", "enough"})

# Stance adverbs say how sure or sincere the speaker is, not what they feel; VADER's lexicon
# gives them a valence of their own ("Honestly, I don't think it helped" is no praise).
STANCE_ADVERBS = frozenset({"honestly", "truly", "definitely", "certainly", "surely", "sincerely"})

# Downtoners VADER's booster list lacks ("fairly good" is weaker than "good").
DOWNTONERS = frozenset(
    {"fairly", "rather", "reasonably", "moderately", "mildly", "relatively", "bit"}
)

# Extra negators whose scope VADER does not extend (it looks three words back only).
NEGATORS = frozenset(
    {"not", "no", "never", "nothing", "nobody", "none", "neither", "nor", "cannot", "without"}
)

# Concessive words: the clause they open is the one that matters less ("Although X, Y").
CONCESSIVES = frozenset({"although", "though", "despite"})

# English function words that Italian, Spanish, French, German and Portuguese do not use as
# words ("on", "so", "was", "die", "a", "in" are left out): one of them makes a text English.
ENGLISH_MARKERS = frozenset(
    {
        *("the", "and", "is", "are", "were", "this", "that", "of", "to", "with", "my", "very"),
        *("it", "it's", "its", "you", "your", "she", "we", "they", "our", "his", "have", "has"),
        *("had", "not", "but", "for", "be", "been", "at", "i'm", "don't", "didn't", "can't"),
    }
)

# One pattern per theme of the vocabulary (`CommentTheme`, whose values say what each covers).
THEME_PATTERNS: dict[CommentTheme, re.Pattern[str]] = {
    theme: re.compile(pattern)
    for theme, pattern in {
        CommentTheme.MEETING_FREQUENCY: (
            r"\b(how often|more often|too often|frequen\w*|infrequent\w*|once a (week|month)|"
            r"every (week|month|other week)|weekly|biweekly|monthly|cadence|regular(ly)?|"
            r"rarely|sporadic\w*|meet(ing|ings)? (more|less))\b"
        ),
        CommentTheme.AVAILABILITY: (
            r"\b(availab\w*|unavailab\w*|busy|time for|reach\w*|respon\w*|repl(y|ies|ied)|"
            r"cancel\w*|reschedul\w*|postpon\w*|no.show|show(ed)? up|late|on time|schedul\w*)\b"
        ),
        CommentTheme.COMMUNICATION: (
            r"\b(communicat\w*|listen\w*|feedback|explain\w*|clear(ly)?|unclear|e-?mails?|"
            r"messages?|talk\w*|conversations?|honest\w*|open(ly|ness)?|candid)\b"
        ),
        CommentTheme.GOALS_AND_CAREER: (
            r"\b(goals?|career|promot\w*|growth|grow\w*|develop\w*|progress\w*|plans?|"
            r"objectives?|aspiration\w*|exam|probation|next role|ambition\w*)\b"
        ),
        CommentTheme.SKILLS_AND_KNOWLEDGE: (
            r"\b(skills?|knowledge\w*|learn\w*|taught|teach\w*|expertise|expert|technical|"
            r"experience[ds]?|know-how|insight\w*|advice|advise\w*)\b"
        ),
        CommentTheme.TRUST_AND_SUPPORT: (
            r"\b(trust\w*|support\w*|encourag\w*|safe|confiden\w*|car(e|es|ed|ing)|empath\w*|"
            r"help\w*|motivat\w*|believ\w*|respect\w*)\b"
        ),
        CommentTheme.PROGRAM_ORGANISATION: (
            r"\b(program(me)?s?|organi[sz]\w*|hr|matching|matched|surveys?|process|structure\w*|"
            r"training|resources|coordinat\w*|admin\w*|paperwork|kick-?off)\b"
        ),
    }.items()
}
