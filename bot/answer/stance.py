"""A snippet's stance on the change a question proposes: for, against or neutral.

Stance is not sentiment. The rules read what a snippet says about the topic — it values
the thing, it suffers a cost, it dislikes the thing, it does not care, it accepts the
cost — and map that onto the proposal: "return fees are far too expensive" (a cost) is
against charging for returns, "I'd rather have lower prices than free returns" (free
returns on the side not preferred) is for removing them.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache, lru_cache
from typing import Literal

from bot.answer.concepts import concept_index, concepts
from bot.answer.cues import (
    action_index,
    attitude_index,
    cue_data,
    negation_index,
    preference_patterns,
    proviso_index,
)
from bot.answer.phrases import Hit, Prepared, is_unspaced, prepare
from bot.answer.question import Kind, Proposal, action_kind, is_negated, main_verbs
from bot.search.tokenize import normalize

Stance = Literal["for", "against", "neutral"]
Attitude = Literal["value", "pain", "dislike", "indifferent", "accept"]

# How each attitude bears on each kind of change (before the question's negation).
_EFFECT: dict[Kind, dict[str, Stance]] = {
    "give": {"value": "for", "pain": "for", "dislike": "for", "indifferent": "against",
             "accept": "against"},
    "cost": {"value": "against", "pain": "against", "dislike": "against",
             "indifferent": "for", "accept": "for"},
    "remove": {"value": "against", "pain": "against", "dislike": "for", "indifferent": "for",
               "accept": "for"},
    "impose": {"value": "for", "pain": "against", "dislike": "against",
               "indifferent": "against", "accept": "for"},
    "none": {"value": "for", "pain": "against", "dislike": "against", "indifferent": "against",
             "accept": "for"},
}  # fmt: skip
_FLIP: dict[str, str] = {
    "value": "indifferent",
    "indifferent": "value",
    "pain": "accept",
    "dislike": "accept",
    "accept": "pain",
}
_OPPOSITE: dict[Stance, Stance] = {"for": "against", "against": "for", "neutral": "neutral"}
# What accepts a cost or a loss; said on a condition of its own, it is neutral.
_ACCEPTING = frozenset({"accept", "indifferent"})
_SENTENCE_END = re.compile(r"[.!?;\n\u3002\uff01\uff1f\uff1b]")
_CLAUSE_END = re.compile(r"[,.!?;\n\u3001\u3002\uff0c\uff01\uff1f\uff1b]")
# A conditional word written after its verb ("値上げするなら") within this many characters.
_POSTPOSITION_GAP = 4
# Thai writes no commas: a space ends a clause.
_CLAUSE_END_UNSPACED = re.compile(r"[\s,.!?;\u3001\u3002\uff0c\uff01\uff1f\uff1b]")
# A "rather A than B" sentence about the topic outweighs this many single cues.
_PREFERENCE_WEIGHT = 3


@lru_cache(maxsize=65_536)
def concepts_named(text: str) -> tuple[Hit, ...]:
    """The concepts a text names, where (cached: every rule below asks)."""
    return tuple(concept_index().find(prepare(text)))


@lru_cache(maxsize=65_536)
def attitudes(text: str) -> tuple[tuple[str, int, int], ...]:
    """The attitudes a text expresses, as (attitude, start, end), negations applied."""
    prepared = prepare(text)
    named = concepts_named(text)
    # A negation inside a concept's name ("bez uprzedzenia", "without warning") names
    # that thing; it does not turn the attitude after it around.
    negators = [
        n
        for n in negation_index().find(prepared)
        if n.label == "negate_before" and not any(c.start <= n.start < c.end for c in named)
    ]
    result = []
    for hit in attitude_index().find(prepared):
        label = hit.label
        if _negated(prepared, hit, negators):
            label = _FLIP[label]
        result.append((label, hit.start, hit.end))
    return tuple(result)


def _negated(prepared: Prepared, hit: Hit, negators: list[Hit]) -> bool:
    for neg in negators:
        if neg.end > hit.start or normalize(neg.phrase) in _stopping():
            continue  # "stop charging fees" does not say fees are fine
        if is_unspaced(neg.phrase):
            if neg.end == hit.start and is_unspaced(hit.phrase):
                return True
            continue
        if is_unspaced(hit.phrase):
            continue
        between = sum(1 for _, s, e in prepared.words if s >= neg.end and e <= hit.start)
        if between <= 2:
            return True
    return False


@cache
def _stopping() -> frozenset[str]:
    """Negations that are verbs of their own ("stop", "przestać", "停止", "เลิก") or say
    "instead": they turn a proposal around but not a complaint that follows them."""
    data = cue_data()
    stops = {"instead of", "avoid", "zamiast", "避免"}
    for lang in data:
        dec = {normalize(p) for p in data[lang].get("dec", [])}
        stops |= {normalize(p) for p in data[lang].get("negate_before", []) if normalize(p) in dec}
    return frozenset(stops)


@lru_cache(maxsize=65_536)
def stance_of(text: str, proposal: Proposal) -> Stance:
    """The snippet's stance on the proposal (for questions that propose nothing: whether
    the customer wants or likes the thing asked about)."""
    votes: Counter[str] = Counter()
    conditional, wishes = _conditional_sentences(text, proposal)
    notice_cues, notice_sentences = _about_notice(text, proposal)
    for attitude, start, _ in attitudes(text):
        if not any(lo <= start < hi for lo, hi in conditional) and start not in notice_cues:
            votes[attitude] += 1
    if wishes:
        votes["value"] += wishes
    preferred = _preference(_without(text, conditional), proposal)
    if preferred is not None:
        votes[preferred] += _PREFERENCE_WEIGHT
    advocated = _advocacy(text, proposal, tuple(conditional) + notice_sentences)
    if not votes and advocated is None:
        return "neutral"
    kind: Kind = proposal.kind
    if kind == "none" and proposal.wants:
        kind = "give"
    effect = _EFFECT[kind]
    tally: Counter[Stance] = Counter()
    for attitude, n in votes.items():
        tally[effect[attitude]] += n
    if advocated is not None and _complains_of_change(votes, effect):
        # Naming the change next to a complaint or a churn threat ("the 30% price
        # increase is disrespectful, we are considering cancelling") is a protest against
        # the change itself, not a request for it (counted before the question's negation).
        tally["against"] += 1
    elif advocated is not None:
        # Counted like every other cue: relative to the change before the question's
        # negation, which turns the whole tally around once, below.
        tally[advocated] += 1
    if tally["for"] == tally["against"]:
        return "neutral"
    side: Stance = "for" if tally["for"] > tally["against"] else "against"
    return _OPPOSITE[side] if proposal.negated else side


def _conditional_sentences(text: str, proposal: Proposal) -> tuple[list[tuple[int, int]], int]:
    """The sentences that accept a cost only on a condition of their own ("I'd pay more
    if support were 24/7", "fine with a fee as long as delivery is next-day",
    "翌日届くなら送料は構わない"), as character spans of the normalised text, and how
    many of those conditions ask for the question's own topic.

    Such a yes is not a yes to the change as asked, nor a no: everything the sentence
    says counts as neutral. When the condition is the question's topic ("if support were
    24/7" asked about cutting support hours) and the change is not a cost, the customer
    wants that topic: one `value`. A condition that proposes a change of the topic itself
    ("if you must raise prices, fine") is no condition, and the acceptance stands.
    """
    found = attitudes(text)
    if not any(attitude in _ACCEPTING for attitude, _, _ in found):
        return [], 0  # the cheap test first: most snippets accept nothing
    prepared = prepare(text)
    spans = []
    wishes = 0
    for proviso in proviso_index().find(prepared):
        norm = prepared.norm
        lo, hi = _sentence(norm, proviso.start)
        if not any(a in _ACCEPTING and lo <= s < hi for a, s, _ in found):
            continue
        if normalize(proviso.phrase) in _postpositional():
            # "サポートが24時間なら", "客服在线的话": the condition comes before the word.
            start = max(
                (m.end() for m in _CLAUSE_END_UNSPACED.finditer(norm, lo, proviso.start)),
                default=lo,
            )
            condition = prepare(norm[start : proviso.start])
        else:
            pattern = _CLAUSE_END_UNSPACED if is_unspaced(proviso.phrase) else _CLAUSE_END
            clause_end = pattern.search(norm, proviso.end + 1)
            condition = prepare(norm[proviso.end : clause_end.start() if clause_end else hi])
        table = concepts()
        named = {table[h.label].group for h in concept_index().find(condition)}
        on_topic = bool(named & proposal.primary_groups)
        if on_topic and action_index().find(condition):
            continue  # "if you must raise prices": the change itself
        spans.append((lo, hi))
        # A cost accepted if the topic gets better ("I'd pay a return fee if returns were
        # faster") is still only conditional; any other change it is a wish for.
        wishes += on_topic and proposal.kind != "cost"
    return spans, wishes


@cache
def _postpositional() -> frozenset[str]:
    """Conditional words written after their condition (Japanese, Chinese 的话)."""
    data = cue_data()
    words = {
        normalize(p) for p in data["ja"].get("proviso", []) + data["ja"].get("conditional", [])
    }
    return frozenset(words | {normalize("的话")})


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """The normalised text with the given spans blanked out (the text itself if none)."""
    if not spans:
        return text
    norm = prepare(text).norm
    for lo, hi in spans:
        norm = norm[:lo] + " " * (hi - lo) + norm[hi:]
    return norm


def _about_notice(
    text: str, proposal: Proposal
) -> tuple[frozenset[int], tuple[tuple[int, int], ...]]:
    """Where the text speaks of how it was told, not of the change: the start of every
    attitude whose nearest concept in its sentence is a frame (notice, announcement) the
    question is not about ("you only gave us a week's notice of the price rise"), and of
    every sentence that names such a frame (its verbs are the notice's subject, not a
    request: "値上げの通知が二日前でした")."""
    prepared = prepare(text)
    table = concepts()
    found = concepts_named(text)
    frames = [
        h
        for h in found
        if table[h.label].frame and table[h.label].group not in proposal.primary_groups
    ]
    if not frames:
        return frozenset(), ()  # the cheap test first: most snippets name no notice
    norm = prepared.norm
    muted = set()
    sentences = []
    for frame in frames:
        lo, hi = _sentence(norm, frame.start)
        sentences.append((lo, hi))
        others = [h for h in found if lo <= h.start < hi and not table[h.label].frame]
        for _, start, end in attitudes(text):
            if not lo <= start < hi:
                continue
            gap = _distance(frame, start, end)
            if all(gap <= _distance(h, start, end) for h in others):
                muted.add(start)
    return frozenset(muted), tuple(sentences)


def _distance(hit: Hit, start: int, end: int) -> int:
    return max(0, hit.start - end, start - hit.end)


def _sentence(norm: str, at: int) -> tuple[int, int]:
    """The span of the sentence around position `at`."""
    lo = max((m.end() for m in _SENTENCE_END.finditer(norm, 0, at)), default=0)
    end = _SENTENCE_END.search(norm, at)
    return lo, end.start() if end else len(norm)


def _complains_of_change(votes: Counter[str], effect: dict[str, Stance]) -> bool:
    """Whether the snippet complains (pain, dislike) and nothing it says accepts or values
    the change, for a change that complaints bear against (a cost, a removal)."""
    if effect["pain"] != "against":
        return False
    complaints = votes["pain"] + votes["dislike"]
    approvals = sum(n for attitude, n in votes.items() if effect[attitude] == "for")
    return complaints > 0 and approvals < complaints


def _advocacy(
    text: str, proposal: Proposal, quiet: tuple[tuple[int, int], ...] = ()
) -> Stance | None:
    """`for` when the snippet itself proposes the change before the question's negation
    ("charge for returns"), `against` when it asks not to ("please don't charge for
    returns", "please stop charging for returns"). Verbs in the `quiet` spans (a
    conditional acceptance, a sentence about the notice) propose nothing."""
    if proposal.kind == "none" or not proposal.primary_groups:
        return None
    prepared = prepare(text)
    verbs = action_index().find(prepared)
    if not verbs:
        return None
    table = concepts()
    found = [h for h in concepts_named(text) if not table[h.label].minor]
    negators = negation_index().find(prepared)
    for verb in main_verbs(prepared, verbs, negators):
        if any(lo <= verb.start < hi for lo, hi in quiet):
            continue
        if any(_conditions(prepared, n, verb) for n in negators):
            return None  # "if you cancel free returns, ..." states a condition, not a wish
        after = [h for h in found if h.end > verb.start]
        if not after or table[after[0].label].group not in proposal.primary_groups:
            continue
        kind = action_kind(verb.label, table[after[0].label].bad)
        if kind == "none":
            continue
        same = (kind in ("give", "impose")) == (proposal.kind in ("give", "impose"))
        if is_negated(prepared, verb, negators):
            same = not same
        return "for" if same else "against"
    return None


def _conditions(prepared: Prepared, word: Hit, verb: Hit) -> bool:
    """Whether a conditional word makes the verb a condition: before it, or right after
    it in the same clause where the language puts it after ("涨价的话", "値上げするなら")."""
    if word.label != "conditional":
        return False
    if word.start < verb.start:
        return True
    if normalize(word.phrase) not in _postpositional():
        return False
    between = prepared.norm[verb.end : word.start]
    return len(between) <= _POSTPOSITION_GAP and not _CLAUSE_END_UNSPACED.search(between)


def _preference(text: str, proposal: Proposal) -> str | None:
    """`value` or `indifferent` when the text prefers something over the topic or the
    topic over something ("I'd rather have lower prices than free returns")."""
    if not proposal.primary_groups and not proposal.leftover:
        return None
    norm = prepare(text).norm
    for lead, sep, side in preference_patterns():
        split = _split(norm, lead, sep)
        if split is None:
            continue
        before, after = split
        first, second = (before, after) if side == "before" else (after, before)
        if _mentions(second, proposal):
            return "indifferent"
        if _mentions(first, proposal):
            return "value"
    return None


def _split(norm: str, lead: str, sep: str) -> tuple[str, str] | None:
    if (lead and lead not in norm) or (sep and sep not in norm):
        return None  # the cheap test first: most texts hold no comparison at all
    start = 0
    if lead:
        at = _find(norm, lead, 0)
        if at < 0:
            return None
        start = at + len(lead)
    if not sep:
        return (norm[: start - len(lead)], norm[start:]) if lead else None
    at = _find(norm, sep, start)
    if at < 0:
        return None
    return norm[start:at], norm[at + len(sep) :]


def _find(norm: str, word: str, start: int) -> int:
    return _word_find(norm, word, start) if word.isascii() else norm.find(word, start)


def _word_find(norm: str, word: str, start: int) -> int:
    m = _word_pattern(word).search(norm, start)
    return m.start() if m else -1


@lru_cache(maxsize=256)
def _word_pattern(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])")


def _mentions(part: str, proposal: Proposal) -> bool:
    if not part.strip():
        return False
    table = concepts()
    for hit in concept_index().find(part):
        if table[hit.label].group in proposal.primary_groups:
            return True
    return bool(proposal.leftover & prepare(part).terms)


def opposite(side: str) -> Stance | None:
    """The stance that contradicts a verdict side (None for mixed and unknown)."""
    return {"for": "against", "against": "for"}.get(side)  # type: ignore[return-value]
