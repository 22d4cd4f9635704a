"""Reading a question: its language, the change it proposes and what that does to customers.

"Should we start charging for returns?" proposes a change that *takes* from customers,
"Czy dodać tryb ciemny?" one that *gives* to them, "How do customers rate our refunds?"
proposes *none*. A verb that adds (raise, add, extend) takes when its object is a cost
(a price, a fee, waiting) and gives otherwise; a verb that removes (cut, drop, shorten)
does the opposite. A negation before the verb ("don't raise", "nie podnosić", "不涨价")
or after it in Japanese ("値上げしない") turns the proposal around.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from bot.answer.concepts import concept_index, concepts, expansion_terms
from bot.answer.cues import action_index, attitude_index, negation_index
from bot.answer.language import common_words, detect_language
from bot.answer.phrases import Hit, Prepared, is_unspaced, prepare
from bot.errors import InvalidInput
from bot.search.tokenize import normalize, tokenize

Direction = Literal["takes", "gives", "none"]
#: How a change affects customers before any negation: it makes them pay or wait
#: ("cost"), takes a thing they have ("remove"), makes a thing mandatory ("impose"),
#: gives them something ("give").
Kind = Literal["cost", "remove", "impose", "give", "none"]

_LETTERS = re.compile(r"[^\W\d_]")
# Japanese particles and endings (は, を, ですか): never a topic.
_HIRAGANA = re.compile(r"[\u3040-\u309f]+")
# Latin negations this many words before a verb still negate it ("don't ever raise").
_NEGATION_WORDS = 2
# Japanese negations this many characters after a verb still negate it.
_NEGATION_CHARS = 4


@dataclass(frozen=True)
class Proposal:
    """What a question asks about: the change, its direction for customers, its topic."""

    language: str
    direction: Direction
    kind: Kind
    negated: bool
    action: str | None
    concepts: tuple[str, ...]
    object_concept: str | None
    #: Concept groups a snippet must touch to be evidence (the topical concepts' groups).
    primary_groups: frozenset[str]
    groups: frozenset[str]
    #: Topic words of the question that no concept covers (stems and bigrams).
    leftover: frozenset[str]
    #: Search terms added from the vocabulary, each with its weight (a share of a word).
    expansion: tuple[tuple[str, float], ...]
    #: The question asks what customers want ("do customers want dark mode?").
    wants: bool

    @property
    def topic(self) -> str | None:
        """The topic as a concept key, when the vocabulary knows it."""
        return self.object_concept


@lru_cache(maxsize=4_096)
def understand(question: str, stopwords: frozenset[str] = frozenset()) -> Proposal:
    """Read a question; `InvalidInput` when it has no letters at all (only emoji, marks)."""
    if not _LETTERS.search(question):
        raise InvalidInput("the question has no words to search for", field="question")
    prepared = prepare(question)
    language = detect_language(question)
    negators = negation_index().find(prepared)
    found = concept_index().find(prepared)
    # A verb inside a concept's name (導入 in 導入ミーティング) is not the proposal.
    actions = [
        a
        for a in action_index().find(prepared)
        if a.label in ("take", "impose")
        or not any(
            c.start <= a.start and a.end <= c.end and c.end - c.start > a.end - a.start
            for c in found
        )
    ]
    table = concepts()
    frames = [h for h in found if table[h.label].frame]
    if frames:
        # "Should we give more notice before price changes?" asks about the notice: the
        # price change it is about is not the proposal.
        actions = [
            a for a in actions if a.label != "take" and not any(_overlaps(a, c) for c in found)
        ]
    main, negated = _main_action(prepared, actions, negators)
    obj = frames[0] if frames else _object(found, main, language)
    bad = table[obj.label].bad if obj is not None else False
    kind = action_kind(main.label if main else None, bad)
    if frames and main is None:
        kind = "give"  # asking whether to tell customers (earlier, more) gives to them
    direction: Direction = "none"
    if kind in ("cost", "remove", "impose"):
        direction = "gives" if negated else "takes"
    elif kind == "give":
        direction = "takes" if negated else "gives"
    keys = [h.label for h in found]
    ordered = ([obj.label] if obj else []) + [k for k in keys if not table[k].minor]
    ordered += [k for k in keys if table[k].minor]
    # Every topical concept of the question marks its topic: a snippet on any of them is
    # evidence (the object alone is too narrow when a question names two things).
    # A concept that is the verb itself (値上げ in 送料を値上げ, "raise prices" in "raise
    # the price of delivery") is not a topic when the verb acts on another concept.
    verb_concepts = {
        h.label
        for h in found
        if main is not None and obj is not None and h.label != obj.label and _overlaps(h, main)
    }
    if frames:
        primary = frozenset({table[frames[0].label].group})
    else:
        primary = frozenset(
            table[k].group for k in keys if not table[k].minor and k not in verb_concepts
        )
    covered = [*actions, *negators, *found]
    leftover = _leftover(prepared, covered, stopwords)
    wants = any(h.label == "value" for h in attitude_index().find(prepared))
    return Proposal(
        language=language,
        direction=direction,
        kind=kind,
        negated=negated and kind != "none",
        action=main.phrase if main else None,
        concepts=tuple(dict.fromkeys(ordered)),
        object_concept=obj.label if obj else None,
        primary_groups=primary,
        groups=frozenset(table[k].group for k in keys),
        leftover=leftover,
        expansion=tuple(expansion_terms(list(dict.fromkeys(ordered)), set(tokenize(question)))),
        wants=wants,
    )


def _main_action(
    prepared: Prepared, actions: list[Hit], negators: list[Hit]
) -> tuple[Hit | None, bool]:
    """The first verb of the question and whether it is negated."""
    for verb in main_verbs(prepared, actions, negators):
        return verb, is_negated(prepared, verb, negators)
    return None, False


def main_verbs(prepared: Prepared, actions: list[Hit], negators: list[Hit]) -> list[Hit]:
    """The verbs that propose something, in order: a negating verb right before another
    verb ("stop charging", "przestać pobierać", "停止收取") only negates that verb."""
    verbs = []
    for i, verb in enumerate(actions):
        if any(n.start == verb.start and n.label == "negate_before" for n in negators):
            following = actions[i + 1] if i + 1 < len(actions) else None
            if following is not None and _gap(prepared, verb, following) <= 1:
                continue
        verbs.append(verb)
    return verbs


def _gap(prepared: Prepared, verb: Hit, following: Hit) -> int:
    """Words between two verbs (characters, for scripts written without spaces)."""
    if is_unspaced(verb.phrase) or is_unspaced(following.phrase):
        return len(prepared.norm[verb.end : following.start].strip())
    return _words_between(prepared, verb.end, following.start)


def _overlaps(a: Hit, b: Hit) -> bool:
    return a.start < b.end and b.start < a.end


def _words_between(prepared: Prepared, start: int, end: int) -> int:
    return sum(1 for _, s, e in prepared.words if s >= start and e <= end)


def is_negated(prepared: Prepared, verb: Hit, negators: list[Hit]) -> bool:
    """True when a negation stands right before the verb (right after it in Japanese)."""
    for neg in negators:
        if neg.label == "negate_before" and neg.end <= verb.start:
            if is_unspaced(neg.phrase):
                gap = prepared.norm[neg.end : verb.start]
                if len(gap.strip()) <= 1:
                    return True
            elif _words_between(prepared, neg.end, verb.start) <= _NEGATION_WORDS:
                return True
        if neg.label == "negate_after" and 0 <= neg.start - verb.end <= _NEGATION_CHARS:
            return True
    return False


def _object(found: list[Hit], main: Hit | None, language: str) -> Hit | None:
    """The concept the verb acts on: after it (before it in Japanese), else the first."""
    table = concepts()
    topical = [h for h in found if not table[h.label].minor]
    if not topical:
        return None
    if main is not None:
        # The verb's own concept ("raise prices", 値上げ) is the object only when the
        # question names nothing else.
        topical = [h for h in topical if not _overlaps(h, main)] or topical
        if language == "ja":
            before = [h for h in topical if h.start < main.end]
            if before:
                return before[-1]
        after = [h for h in topical if h.end > main.start]
        if after:
            return after[0]
    return topical[0]


def action_kind(action: str | None, bad_object: bool) -> Kind:
    """What a verb (take, give, inc, dec) does to customers given its object."""
    if action == "take":
        return "cost"
    if action == "impose":
        return "impose"
    if action == "give":
        return "give"
    if action == "inc":
        return "cost" if bad_object else "give"
    if action == "dec":
        return "give" if bad_object else "remove"
    return "none"


def _leftover(prepared: Prepared, covered: list[Hit], stopwords: frozenset[str]) -> frozenset[str]:
    """Search terms of the parts of the question no concept or cue explains."""
    chars = list(prepared.norm)
    for hit in covered:
        for i in range(hit.start, min(hit.end, len(chars))):
            chars[i] = " "
    rest = "".join(chars)
    common = common_words()
    terms = {
        t
        for t in tokenize(rest)
        if t not in stopwords and t not in common and not _HIRAGANA.fullmatch(t)
    }
    return frozenset(t for t in terms if len(t) >= 2 or not t.isascii())


def normalized(question: str) -> str:
    """The question as the index sees it (for display and logging)."""
    return normalize(question)
