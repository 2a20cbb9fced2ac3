"""What an answer to a free-text question does: `comment_intent()`.

A question declares what it invites (`TextInvites`). An answer to "What could be better?"
is normally a suggestion, and reading it for sentiment calls every wish negative. What
matters to a program manager is whether the answer *reports a problem with the
relationship*: then it is PROBLEM, whatever the question. Otherwise an IMPROVEMENT answer is
a SUGGESTION and an OPEN answer a COMMENT. PRAISE answers are always COMMENT. One answer gets
one intent: a text holding a suggestion and a problem report is PROBLEM.

The text is read sentence by sentence and each sentence clause by clause (at "but",
"because", "and", commas, ...), after normalising apostrophes and contractions, typos
included ("doesnt" is "does not"). A clause reports a problem when it holds a
*relationship-problem predicate* asserted of the counterpart, the meetings or the pair:

- problem events: absence and cancellation ("cancelled", "ghosted", "missed our sessions",
  "hard to reach", "only met once"), lateness ("always late"), disrespect ("rude", "talks
  down"), lack of interest ("uninterested", "too busy"), conflict ("argument", "tension") and
  feeling unsupported ("I feel ignored", "on my own");
- negated duties: what a counterpart or a meeting should do, under a negator ("not",
  "never", "rarely", "no", "stopped", ...): "doesn't answer", "we haven't met since March",
  "never prepared", "the sessions don't help", "I don't feel supported".

Mood decides how such a predicate reads. The *suggestion cues* open an irrealis stretch that
runs to the end of the clause: modals and conditionals ("would", "could", "should", "if"
when the sentence holds a modal, "it would be nice", "I wish", "I hope"), "maybe" and
"perhaps", "please", and clause-initial "don't" (a negative imperative). Comparatives of
quantity ("more X", "less Y", "fewer"), imperatives and empty answers ("nothing", "n/a")
are suggestions by default, because they hold no problem predicate. Then:

- realis (no cue before the predicate): a problem event counts unless negated ("she never
  cancels" is praise); a duty counts when negated ("she doesn't reply");
- irrealis: a negated duty is a plain wish ("maybe don't meet on Fridays"), but a problem
  event still counts, negated or not: a counterfactual presupposes the opposite of what it
  supposes, so "it would help if we didn't cancel so often" says that meetings are
  cancelled often, and "fewer cancellations" that there are cancellations;
- a wish that the counterpart perform a basic duty (show up, reply, be on time, listen,
  read my messages) implies they do not: "I wish my mentor would actually show up". Only a
  degree or manner ("reply faster", "come in person") makes it a suggestion again, unless
  "actually", "at least", "for once", "even" or "at all" insist on the duty itself.

Who the predicate is about matters: self-reports ("I was late once", "I am not available on
Fridays") are not problems with the counterpart, so agentive predicates need a subject other
than "I"; experienced and shared ones ("I feel ignored", "I haven't seen her") do not. A
clause without a subject ("never shows up") is about the counterpart.

Only regular expressions, compiled once; no corpora, no sentiment score. Thousands of
answers per second on one core.
"""

import re

from shared.enums import CommentIntent, TextInvites


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


_MEETING = r"(?:meetings?|sessions?|calls?|appointments?|check-?ins?|catch-?ups?|1:1s?)"
_SOMETHING = r"(?:\S+\s+){0,3}?"

# Problem events. Agentive ones need a subject other than "I"; experienced and shared ones
# do not. Bare verbs ("cancel") count only under negation, reduction or frequency.
_AGENT_EVENTS = _words(
    r"cancel(?:s|led|ed|ling|ing|lations?|ations?)",
    r"call(?:s|ed|ing)? (?:it |them |\w+ )?off",
    r"postpon(?:es|ed|ing|ements?)",
    r"reschedul(?:es|ed|ing)",
    rf"(?:skip|miss)(?:s|es|ped|ed|ping|ing)\s+{_SOMETHING}{_MEETING}",
    r"no[- ]shows?",
    r"ghost(?:s|ed|ing)",
    r"st(?:ood|ands?) (?:me|us) up",
    r"(?:disappear|vanish)(?:s|es|ed|ing)",
    r"unavailable|unreachable|unresponsive|unreliable|unprepared|flaky|absent",
    r"(?:is|was|are|were|be|been|always|often|usually|constantly|regularly|again|running|ran"
    r"|shows? up|showed up|turns? up|turned up|arrives?|arrived|joins?|joined)\s+(?:\w+\s+)?late",
    rf"late\s+(?:to|for)\s+(?:\w+\s+)?{_MEETING}",
    r"lateness|tardy|keeps? (?:me|us) waiting",
    r"rude(?:ly|ness)?|disrespect\w*|condescend\w*|patroni[sz]\w*|dismissive|arrogant",
    r"dismiss(?:es|ed|ing) (?:me|my)|belittl\w*|humiliat\w*|insult\w*|unprofessional",
    r"(?:yell|shout|snap)(?:s|ed|ped|ing)? at|talk(?:s|ed|ing)? down|interrupt(?:s|ed|ing)? me",
    r"ma(?:kes?|de) fun of|laugh(?:s|ed|ing)? at (?:me|my)|mock(?:s|ed|ing)",
    r"uninterested|disinterested|bored|distracted|disengaged|half-?hearted(?:ly)?",
    r"lost (?:all )?interest|going through the motions|checked out",
    r"(?:too|always) busy|no time for (?:me|us|our|the)",
)
_SHARED_EVENTS = _words(
    r"feel(?:s|ing)?\s+(?:\w+\s+){0,2}?(?:ignored|alone|unsupported|neglected|unheard"
    r"|unwelcome|unvalued|unappreciated|invisible|abandoned|left out|left alone|dismissed"
    r"|belittled|judged|intimidated|uncomfortable|unsafe|like an? (?:burden|nuisance|bother))",
    r"ignor(?:es|ed|ing)|unsupported|neglected|left alone",
    r"(?:am|was|feel|left|been)\s+(?:\w+\s+)?on my own",
    r"feel(?:s|ing)? like i am (?:\w+\s+)?(?:bothering|annoying|wasting)",
    r"argu(?:es|ed|ing|ments?)|(?<!calendar )(?<!scheduling )conflicts?|clash(?:es|ed|ing)",
    r"tensions?|tense|fights?|fought|fighting|friction|hostile|toxic|falling out|fell out",
    r"(?:have|has|had)\s+to\s+(?:\w+\s+)?chase|chasing (?:him|her|them|my)",
    r"(?:hard|impossible|difficult|tough)\s+to\s+(?:reach|contact|get hold of|pin down)",
    r"lost (?:touch|contact)|out of touch",
    r"only\s+(?:\w+\s+){0,2}?(?:met|seen|spoken|talked|had)\b(?:\s+\S+){0,4}?\s+(?:once|twice)",
    r"(?:met|seen|spoken|talked)\s+only\s+(?:once|twice)",
)
_BARE_EVENTS = _words(r"cancel|postpone|reschedule", rf"(?:skip|miss)\s+{_SOMETHING}{_MEETING}")
_REDUCTION = _words(
    r"so often|so much|all the time|constantly|always|again|every time|as often|less|fewer",
    r"stop\w*|avoid\w*|no more|anymore|any more|instead of|last[- ]minute",
)

# Duties: what a counterpart, the meetings or the pair should do; a problem when negated.
_AGENT_DUTIES = _words(
    r"show(?:s|n|ed|ing)? up|turn(?:s|ed|ing)? up|attend\w*|come to|came to|there for (?:me|us)",
    r"repl(?:y|ies|ied|ying)|respond\w*|answer(?:s|ed|ing)?|get(?:s|ting)? back to|got back to",
    r"return(?:s|ed)? my|read(?:s|ing)?\s+(?:my|our)|call(?:s|ed)? (?:me )?back|let (?:me|us) know",
    r"on time|punctual|prepar\w*|follow(?:s|ed)? (?:up|through)|keep\w* (?:his|her|their) \w+",
    r"do(?:es)?\s+(?:the|his|her|any|their)\s+(?:\w+\s+)?(?:homework|tasks|exercises|work)",
    r"(?:did|done)\s+(?:any\s+)?(?:of\s+)?(?:the|his|her|their)\s+(?:\w+\s+)?(?:homework|tasks)",
    r"listen\w*|cares?|cared|caring|interested|engaged|motivated|committed|invested",
    r"pa(?:y|ys|id) attention|t(?:ake|akes|ook) (?:me|us|it|this) seriously|respect\w*",
    r"ma(?:ke|kes|de) time|(?:have|has|had) time for",
    r"help(?:s|ed|ful|ing)?(?! that)|useful|valuable|productive|worth\w*|support(?:s|ed|ive|ing)?",
    r"give(?:s)? (?:me )?(?:any )?feedback|gave (?:me )?(?:any )?feedback|available|reachable",
)
_SHARED_DUTIES = _words(
    r"meet|meets|met|(?:been|are|were|is|was|be)\s+meeting",
    rf"(?:had|have|has|having)\s+(?:a\s+|any\s+|one\s+)?{_MEETING}",
    r"(?:see|sees|seen|saw)\s+(?:him|her|them|each other|my|us)",
    r"(?:talk\w*|spoke|spoken|speak\w*)\s+(?:to|with)|hear(?:d|s)? from",
    r"(?:talk|talked|speak|spoke)(?=\s*$|\s+(?:anymore|any more|at all|much|often))",
    r"(?:reach|contact)\s+(?:him|her|them|my)",
    r"(?:get|gets|got|getting|receiv\w*)\s+(?:\w+\s+){0,2}?(?:help|support|feedback|guidance|reply"
    r"|replies|response|answers?)",
    r"feel\w*\s+(?:\w+\s+)?(?:supported|heard|listened to|valued|welcome|comfortable|safe"
    r"|respected|appreciated|included)",
    r"get(?:s|ting)? along|got along",
)
_NEGATED_NOUNS = re.compile(
    r"\b(?:no|zero)\s+(?:\w+\s+)?(?:reply|replies|response|responses|answers?|contact"
    r"|communication|support|help|guidance|interest|follow-?up)\b"
    rf"|\bno\s+(?:\w+\s+)?(?:feedback|{_MEETING}|contact)\s+(?:from|since|for|in|at all)\b"
)
# The duties a wish cannot ask for without implying they are not done.
_BASIC_DUTIES = _words(
    r"show(?:s|n|ed|ing)? up|turn(?:s|ed|ing)? up|attend\w*|come to|came to|be there",
    r"repl(?:y|ies|ied|ying)|respond\w*|answer(?:s|ed|ing)?|get back to|got back to",
    r"read(?:s|ing)?\s+(?:my|our)|listen\w*|on time|t(?:ake|ook) (?:me|us) seriously",
    r"ma(?:ke|de) time|keep\w* (?:his|her|their) (?:promises|word|appointments)",
)
_DEGREE = _words(
    r"more|less|fewer|faster|quicker|quickly|sooner|earlier|often|regularly|frequently",
    r"promptly|in advance|ahead|better|longer|shorter|in person|online|in detail",
)
_INSISTENCE = _words(r"actually|at least|for once|even|ever|at all|bother\w*")
_COUNTERPART = _words(r"he|she|they|you|him|her|them|mentor|mentee|buddy|tutor|coach|supervisor")

_SUGGESTION_CUES = _words(
    r"would|could|should|might|wish|wished|hope|hoping|maybe|perhaps|possibly|ideally",
    r"please|pls|plz|suggest\w*|recommend\w*|prefer|instead|want|need|if only|how about",
    r"what about|why not|nice if|nice to",
)
_MODAL = _words(r"would|could|should|might|wish|hope|if only")
_IF = _words(r"if")
_NEGATOR = re.compile(
    r"\b(?:not|never|hardly|barely|rarely|seldom|without|nor|no longer|stopped|no one|nobody)"
    r"\b(?:\s+\S+){0,4}\s*$|\bno\s+$"
)
_INNER_NEGATOR = _words(r"not|never|hardly|barely|rarely|seldom")
_SUBJECT = _words(
    r"i|we|he|she|they|you|it|mentor|mentee|meetings?|sessions?|calls?|catch-?ups?|mentoring"
)
_NOUN_BEFORE = re.compile(r"\b(?:a|an|the|any|some|this|that|need|needs|needed)\s+$")

_CONTRACTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"\bwon'?t\b", "will not"),
        (r"\bcan'?t\b", "can not"),
        (r"\b(\w+)n't\b", r"\1 not"),
        (r"\b(do|does|did|is|was|are|were|has|have|had|could|would|should)nt\b", r"\1 not"),
        (r"'d\s+(?=(?:been|had|gone|met|seen)\b)", " had "),
        (r"'d\b", " would"),
        (r"'re\b", " are"),
        (r"'ve\b", " have"),
        (r"'ll\b", " will"),
        (r"\bim\b|\bi'm\b", "i am"),
    )
)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_SENTENCES = re.compile(r"[.!?;:\n]+(?=\s|$)|\s[-\u2013\u2014]\s|\n")
_CLAUSES = re.compile(
    r",|\b(?:but|however|although|though|whereas|while|also|plus|and|or|because|otherwise"
    r"|which|then)\b|\bso\s+(?=(?:he|she|they|we|i|my|our|it|maybe|perhaps)\b)"
    r"|\bsince\s+(?=(?:he|she|they|we|i|my|our|it)\b)"
)


def comment_intent(text: str, invites: TextInvites) -> CommentIntent:
    """How an answer to a free-text question reads; see the module docstring for the rules."""
    if invites is TextInvites.PRAISE:
        return CommentIntent.COMMENT
    if reports_problem(text):
        return CommentIntent.PROBLEM
    if invites is TextInvites.IMPROVEMENT:
        return CommentIntent.SUGGESTION
    return CommentIntent.COMMENT


def reports_problem(text: str) -> bool:
    """Whether any clause of `text` reports a problem with the mentoring relationship."""
    normalised = text.translate(_APOSTROPHES).lower()
    for pattern, replacement in _CONTRACTIONS:
        normalised = pattern.sub(replacement, normalised)
    for sentence in _SENTENCES.split(normalised):
        conditional = _MODAL.search(sentence) is not None
        for clause in _CLAUSES.split(sentence):
            clause = " ".join(clause.split())
            if clause and _clause_reports_problem(clause, conditional=conditional):
                return True
    return False


def _clause_reports_problem(clause: str, *, conditional: bool) -> bool:
    cue = _first_cue(clause, conditional=conditional)
    irrealis_from = cue.start() if cue else len(clause)
    reduced = _REDUCTION.search(clause) is not None

    for events, agentive in ((_AGENT_EVENTS, True), (_SHARED_EVENTS, False)):
        for match in events.finditer(clause):
            if _event_counts(clause, match, agentive=agentive, irrealis_from=irrealis_from):
                return True
    for match in _BARE_EVENTS.finditer(clause):
        if (_negated(clause[: match.start()], match) or reduced) and _event_counts(
            clause, match, agentive=True, irrealis_from=irrealis_from
        ):
            return True

    for duties, agentive in ((_AGENT_DUTIES, True), (_SHARED_DUTIES, False)):
        for match in duties.finditer(clause):
            before = clause[: match.start()]
            if match.start() >= irrealis_from or _NOUN_BEFORE.search(before):
                continue
            if agentive and _subject(before) == "i":
                continue
            if _NEGATOR.search(before):
                return True
    noun = _NEGATED_NOUNS.search(clause)
    if noun and noun.start() < irrealis_from:
        return True

    return cue is not None and _wish_implies_absence(clause, cue.end())


def _first_cue(clause: str, *, conditional: bool) -> re.Match[str] | None:
    cues = [_SUGGESTION_CUES.search(clause)]
    if conditional:
        cues.append(_IF.search(clause))
    if clause.startswith("do not "):  # a negative imperative: "don't meet on Fridays"
        cues.append(re.match(r"do not", clause))
    found = [cue for cue in cues if cue is not None]
    return min(found, key=lambda cue: cue.start()) if found else None


def _event_counts(clause: str, match: re.Match[str], *, agentive: bool, irrealis_from: int) -> bool:
    before = clause[: match.start()]
    if agentive and _subject(before) == "i":
        return False  # a self-report: "I was late once"
    if match.start() >= irrealis_from:
        return True  # a counterfactual presupposes the event: "if we didn't cancel so often"
    return not _negated(before, match)  # "she never cancels" is no complaint


def _wish_implies_absence(clause: str, after: int) -> bool:
    """A wish for a basic duty of the counterpart: "I wish my mentor would actually show up"."""
    wished = clause[after:]
    duty = _BASIC_DUTIES.search(wished)
    if duty is None or _NEGATOR.search(wished[: duty.start()]):
        return False
    if _INSISTENCE.search(wished):
        return True
    about_counterpart = _COUNTERPART.search(wished[: duty.start()]) is not None
    imperative = not wished[: duty.start()].strip()  # "please reply to my messages"
    if not (about_counterpart or imperative):
        return False
    return _DEGREE.search(wished[duty.end() :]) is None


def _negated(before: str, match: re.Match[str]) -> bool:
    # A negator may sit inside a construction: "is never late".
    return _NEGATOR.search(before) is not None or _INNER_NEGATOR.search(match.group()) is not None


def _subject(before: str) -> str | None:
    subjects = _SUBJECT.findall(before)
    return subjects[-1] if subjects else None
