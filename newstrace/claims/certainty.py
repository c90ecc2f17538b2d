"""Certainty of a sentence: asserted, reported, hedged or speculative, with the cues that decided it.

The four values and their precedence are defined in ``docs/certainty-guideline.md``; this module
implements that guideline over our own lexicon (``newstrace/data/lexicons/certainty.tsv``) and the
attribution relations of :mod:`newstrace.claims.attribution`. Hand-written because no maintained
package classifies news sentences by epistemic status; the lexicon matching is a few lines over
spaCy tokens (lemma-aware, so "seems"/"seemed" match "seem").

Boosters ("obviously", "it is clear") are recorded as cues but never raise certainty: a booster is a
rhetorical signal, not evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from newstrace.claims.lexicon import CertaintyPattern, certainty_patterns
from newstrace.nlp import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from newstrace.claims.attribution import Attribution

__all__ = ["BELIEF_VERBS", "CertaintyResult", "Cue", "classify_certainty", "find_cues"]

CertaintyValue = Literal["asserted", "reported", "hedged", "speculative"]

#: Cognition verbs: a source that "believes" or "suspects" something hedges it.
BELIEF_VERBS = frozenset({"believe", "think", "suspect", "assume", "guess", "feel", "expect", "hope",
                          "fear", "doubt", "wonder", "suppose", "speculate", "estimate"})
_NEGATIONS = {"not", "n't", "never"}
_CONDITIONAL_MODALS = {"would", "could", "might"}


@dataclass(frozen=True)
class Cue:
    """A certainty cue found in the text (offsets into the article text)."""

    kind: str  # hedge | speculation | booster | attribution
    text: str
    start: int
    end: int

    def label(self) -> str:
        return f"{self.kind}:{self.text}"


@dataclass
class CertaintyResult:
    certainty: CertaintyValue
    cues: list[Cue] = field(default_factory=list)


def _word_matches(tok: Token, word: str) -> bool:
    return tok.lower_ == word or tok.lemma_.lower() == word


def _modal_ok(tok: Token) -> bool:
    if tok.tag_ != "MD":
        return False
    # "could not leave": negated "could" is (past) inability, not a hedge
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return not (nxt is not None and nxt.lower_ in _NEGATIONS)


def _match_at(sent: Span, k: int, pat: CertaintyPattern) -> bool:
    if k + len(pat.words) > sent.end:
        return False
    doc = sent.doc
    for off, word in enumerate(pat.words):
        if not _word_matches(doc[k + off], word):
            return False
    return not (pat.modal and not _modal_ok(doc[k]))


# Dependency labels that put a word outside what the sentence states (guideline rule 2): relative
# and adverbial clauses, noun modifiers, prepositional phrases.
_EMBEDDING_DEPS = {"relcl", "acl", "amod", "advcl", "pcomp", "pobj", "prep", "appos", "csubj", "nmod",
                   "compound", "poss", "npadvmod", "dobj", "nsubj", "nsubjpass", "attr"}
_SENTENCE_ADVERBS = {"perhaps", "maybe"}


def _in_main_clause(tok: Token, sent: Span) -> bool:
    """True when nothing between the word and the sentence root embeds it (a hedging adverb or
    modal of the main verb, of a reported clause, or of a conjoined main clause)."""
    cur = tok
    for _ in range(12):
        head = cur.head
        if head == cur or cur == sent.root:
            return True
        if cur.dep_ in _EMBEDDING_DEPS and not (cur.dep_ == "advcl" and tok.lower_ in _SENTENCE_ADVERBS):
            return False
        cur = head
    return True


def _sentence_initial(tok: Token, sent: Span) -> bool:
    for t in sent:
        if t.is_punct or t.is_space or t.lower_ in ("and", "but", "so", "or", "yet"):
            continue
        return t.i == tok.i
    return False


@lru_cache(maxsize=1)
def _patterns_by_first_word() -> dict[str, tuple[CertaintyPattern, ...]]:
    """Patterns indexed by their first word, so each token is checked against a handful only."""
    index: dict[str, list[CertaintyPattern]] = {}
    for pat in certainty_patterns():
        index.setdefault(pat.words[0], []).append(pat)
    return {w: tuple(ps) for w, ps in index.items()}


def find_cues(sent: Span) -> list[Cue]:
    """Hedge, speculation and booster cues in a sentence (longest pattern wins, no overlaps).

    Hedges and speculation count only in the main clause; "perhaps"/"maybe" are speculation at the
    start of a sentence and hedges elsewhere; modals do not hedge questions or "you may" (permission).
    """
    doc = sent.doc
    taken: set[int] = set()
    cues: list[Cue] = []
    index = _patterns_by_first_word()
    question = sent.text.rstrip().rstrip("”\"’')").endswith("?")
    for k in range(sent.start, sent.end):
        if k in taken:
            continue
        tok = doc[k]
        cands = index.get(tok.lower_, ()) + index.get(tok.lemma_.lower(), ())
        for pat in sorted(set(cands), key=lambda p: (-len(p.words), p.words)) if cands else ():
            if _match_at(sent, k, pat):
                first, last = doc[k], doc[k + len(pat.words) - 1]
                kind = pat.kind
                matched = list(doc[k : k + len(pat.words)])
                top = next((t for t in matched if t.head not in matched or t.head == t), first)
                if kind != "booster" and len(pat.words) <= 2 and not _in_main_clause(top, sent):
                    continue
                if pat.modal and (question or _subject_is_you(first)):
                    continue
                if kind == "speculation" and first.lower_ in _SENTENCE_ADVERBS and not _sentence_initial(first, sent):
                    kind = "hedge"
                start, end = first.idx, last.idx + len(last.text)
                cues.append(Cue(kind, doc_text(doc)[start:end], start, end))
                taken.update(range(k, k + len(pat.words)))
                break
    cues.extend(_conditional(sent))
    cues.sort(key=lambda c: c.start)
    return cues


def _subject_is_you(modal: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ == "you" for c in modal.head.children)


def _conditional(sent: Span) -> list[Cue]:
    """"If the town falls, the army would retreat": a hypothetical, hence speculation.

    A main clause in the conditional mood without a stated condition ("That would explain why …")
    is a hypothetical too; "would like" and "would" under a reporting verb (future in the past)
    are not.
    """
    root = sent.root
    for child in root.children:
        if (
            child.tag_ == "MD"
            and child.lower_ == "would"
            and root.lemma_ not in ("like", "love", "prefer")
            and not any(c.dep_ == "mark" and c.lower_ == "if" for c in root.subtree)
        ):
            return [Cue("speculation", child.text, child.idx, child.idx + len(child.text))]
    for tok in sent:
        if tok.lower_ == "if" and tok.dep_ == "mark":
            clause = tok.head
            main = clause.head if clause.dep_ == "advcl" else None
            if main is None:
                continue
            for child in main.children:
                if child.tag_ == "MD" and child.lower_ in _CONDITIONAL_MODALS:
                    return [Cue("speculation", f"if … {child.text}", tok.idx, child.idx + len(child.text))]
    return []


def classify_certainty(sent: Span, attributions: list[Attribution] | None = None) -> CertaintyResult:
    """The certainty of one sentence, given the attribution relations whose cue is in it.

    Precedence (guideline): speculative > hedged > reported > asserted.
    """
    cues = find_cues(sent)
    main_attr = [a for a in attributions or [] if a.main]
    for attr in main_attr:
        cue_tok = sent.doc.char_span(attr.cue_start, attr.cue_end, alignment_mode="expand")
        lemma = cue_tok.root.lemma_.lower() if cue_tok is not None else ""
        kind = "hedge" if lemma in BELIEF_VERBS else "attribution"
        cues.append(Cue(kind, attr.cue, attr.cue_start, attr.cue_end))
    kinds = {c.kind for c in cues}
    if "speculation" in kinds:
        value: CertaintyValue = "speculative"
    elif "hedge" in kinds:
        value = "hedged"
    elif "attribution" in kinds:
        value = "reported"
    else:
        value = "asserted"
    cues.sort(key=lambda c: c.start)
    return CertaintyResult(value, cues)
