"""A learned tagger for attribution spans: Source, Cue and Content as a BIO sequence per paragraph.

The hand-written rules of :mod:`newstrace.claims.attribution` are precise but miss much of what
PolNeAR annotates (stance verbs, nominal cues, loose quotations). A linear-chain CRF trained on
PolNeAR *train* (``benchmarks/train_attribution.py``) re-labels every token, with the rules' own
output among its features, so it keeps what the rules get right and learns the rest.

Training uses python-crfsuite; the learnt weights ship as gzipped JSON and are decoded here with a
few lines of Viterbi in numpy, so the runtime needs neither crfsuite nor a pickle.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from typing import TYPE_CHECKING, Any

import numpy as np

from newstrace.claims.lexicon import DATA_DIR, attribution_cues
from newstrace.claims.quotes import doc_quotes
from newstrace.errors import ModelMissingError
from newstrace.nlp import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from newstrace.claims.attribution import Attribution

MODEL_PATH = DATA_DIR / "claims" / "attribution_crf.json.gz"
KINDS = ("Source", "Cue", "Content")

__all__ = ["KINDS", "MODEL_PATH", "TaggedSpan", "paragraph_tokens", "sequence_features", "tag_spans",
           "tagged_attributions"]


@dataclass(frozen=True)
class TaggedSpan:
    """One predicted span: its kind and the document token range [start, end)."""

    kind: str
    start: int
    end: int


def paragraph_tokens(doc: Doc) -> list[list[Token]]:
    """The non-space tokens, grouped by paragraph (a line break ends one): the CRF's sequences.

    A paragraph rather than a sentence, because content spans (quotations above all) run across
    sentence boundaries but rarely across paragraphs."""
    out: list[list[Token]] = []
    cur: list[Token] = []
    for tok in doc:
        if tok.is_space:
            if "\n" in tok.text and cur:
                out.append(cur)
                cur = []
            continue
        cur.append(tok)
        if "\n" in tok.whitespace_:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def _shape(text: str) -> str:
    if text.isdigit():
        return "d"
    if text[:1].isupper():
        return "Xx" if text[1:].islower() or len(text) == 1 else "X?"
    if text.islower():
        return "x"
    return "o"


def _cue_ancestor(tok: Token, cues: dict[str, str]) -> str:
    """How the token hangs below the nearest cue-lexicon verb above it: the dependency label of the
    branch taken under the cue and the side ("ccomp:R" = inside a reported clause after its cue)."""
    child = tok
    node = tok.head
    for _ in range(8):
        if node == child:
            return "none"
        if node.lemma_.lower() in cues and node.pos_ in ("VERB", "AUX"):
            side = "L" if tok.i < node.i else "R"
            return f"{child.dep_}:{side}"
        child, node = node, node.head
    return "far"


def _rule_tags(doc: Doc, rules: list[Attribution]) -> dict[int, str]:
    """Token index -> the rules' BIO tag (the strongest single feature the tagger reads)."""
    tags: dict[int, str] = {}
    for a in rules:
        spans = [("Cue", a.cue_start, a.cue_end), ("Source", a.source_start, a.source_end),
                 ("Content", a.content_start, a.content_end)]  # fmt: skip
        for kind, s, e in spans:
            if s is None or e is None:
                continue
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None:
                continue
            for k, t in enumerate(span):
                tags.setdefault(t.i, ("B-" if k == 0 else "I-") + kind)
    return tags


def _in_quote(doc: Doc) -> set[int]:
    inside: set[int] = set()
    regions = doc_quotes(doc)
    if not regions:
        return inside
    k = 0
    for tok in doc:
        while k < len(regions) and regions[k][1] <= tok.idx:
            k += 1
        if k < len(regions) and regions[k][0] <= tok.idx:
            inside.add(tok.i)
    return inside


def sequence_features(
    doc: Doc, rules: list[Attribution], paras: list[list[Token]] | None = None
) -> list[list[list[str]]]:
    """Per paragraph, per token: the feature strings the tagger scores (shared by training)."""
    cues = attribution_cues()
    rule = _rule_tags(doc, rules)
    quoted = _in_quote(doc)
    lemmas = [t.lemma_.lower() for t in doc]  # read once: spaCy builds each string on access
    base: dict[int, list[str]] = {}
    for sent in doc.sents:
        toks = list(sent)
        has_cue = any(lemmas[t.i] in cues and t.pos_ in ("VERB", "AUX") for t in toks)
        last = toks[-1].i
        for tok in toks:
            if tok.is_space:
                continue
            head = tok.head
            lemma, head_lemma = lemmas[tok.i], lemmas[head.i]
            feats = [
                "b", f"w={tok.lower_}", f"l={lemma}", f"p={tok.pos_}", f"t={tok.tag_}", f"d={tok.dep_}",
                f"hd={head.dep_}>{tok.dep_}", f"hp={head.pos_}", f"hl={head_lemma}",
                f"e={tok.ent_iob_}{tok.ent_type_}", f"s={_shape(tok.text)}", f"r={rule.get(tok.i, 'O')}",
                f"a={_cue_ancestor(tok, cues)}", f"q={tok.i in quoted}", f"sc={has_cue}",
            ]  # fmt: skip
            strength = cues.get(lemma)
            if strength:
                feats.append(f"cue={strength}:{tok.pos_}")
            hs = cues.get(head_lemma)
            if hs and head.pos_ in ("VERB", "AUX"):
                feats.append(f"hcue={hs}:{tok.dep_}")
            if tok.i == sent.start:
                feats.append("first")
            if tok.i == last:
                feats.append("last")
            base[tok.i] = feats
    out: list[list[list[str]]] = []
    for para in paras if paras is not None else paragraph_tokens(doc):
        seq = []
        n = len(para)
        # the neighbours' attributes, read once per paragraph (spaCy builds each string on access)
        words = [t.lower_ for t in para]
        tags = [t.pos_ for t in para]
        deps = [t.dep_ for t in para]
        rtags = [rule.get(t.i, "O") for t in para]
        for k, tok in enumerate(para):
            feats = list(base[tok.i])
            for off in (-2, -1, 1, 2):
                j = k + off
                if 0 <= j < n:
                    feats.append(f"{off}w={words[j]}")
                    feats.append(f"{off}p={tags[j]}")
                    if off in (-1, 1):
                        feats.append(f"{off}r={rtags[j]}")
                        feats.append(f"{off}d={deps[j]}")
                else:
                    feats.append(f"{off}pad")
            seq.append(feats)
        out.append(seq)
    return out


class _Crf:
    """Linear-chain CRF weights (state features x labels, label transitions) and Viterbi decoding."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.labels: list[str] = list(data["labels"])
        n = len(self.labels)
        self.index = {f: i for i, f in enumerate(data["features"])}
        self.state = np.zeros((len(self.index), n), dtype=np.float32)
        for row, entries in enumerate(data["weights"]):
            for lab, w in entries:
                self.state[row, lab] = w
        self.trans = np.asarray(data["transitions"], dtype=np.float32).reshape(n, n)

    def decode(self, seq: list[list[str]]) -> list[str]:
        if not seq:
            return []
        # every feature of the sequence looked up in one pass (map runs the loop in C), the known
        # ones gathered at once and summed per token
        flat = list(chain.from_iterable(seq))
        rows = np.fromiter(map(self.index.get, flat, repeat(-1, len(flat))), dtype=np.int64, count=len(flat))
        owner = np.repeat(np.arange(len(seq)), [len(f) for f in seq])
        known = rows >= 0
        emit = np.zeros((len(seq), len(self.labels)), dtype=np.float32)
        np.add.at(emit, owner[known], self.state[rows[known]])
        score = emit[0].copy()
        back = np.zeros((len(seq), len(self.labels)), dtype=np.int32)
        for k in range(1, len(seq)):
            cand = score[:, None] + self.trans  # previous label x next label
            back[k] = cand.argmax(axis=0)
            score = cand.max(axis=0) + emit[k]
        best = [int(score.argmax())]
        for k in range(len(seq) - 1, 0, -1):
            best.append(int(back[k, best[-1]]))
        return [self.labels[i] for i in reversed(best)]


@lru_cache(maxsize=1)
def _crf() -> _Crf:
    try:
        with gzip.open(MODEL_PATH, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
    except (FileNotFoundError, OSError, ValueError) as exc:
        raise ModelMissingError(f"the attribution tagger is missing or unreadable ({exc})") from exc
    return _Crf(data)


def _spans(para: list[Token], tags: list[str]) -> list[TaggedSpan]:
    out: list[TaggedSpan] = []
    kind: str | None = None
    start = 0
    for tok, tag in zip(para, tags, strict=True):
        prefix, _, k = tag.partition("-")
        if kind is not None and (prefix != "I" or k != kind):
            out.append(TaggedSpan(kind, start, tok.i))
            kind = None
        if prefix == "B" or (prefix == "I" and kind is None):
            if prefix == "I" and k == "Content":
                # a content that goes on after its source and cue: one span with the piece before
                prev = next((s for s in reversed(out) if s.kind == "Content"), None)
                between = {s.kind for s in out if prev is not None and s.start >= prev.end}
                if prev is not None and "Cue" in between:
                    out.remove(prev)
                    kind, start = k, prev.start
                    continue
            kind, start = k, tok.i
    if kind is not None:
        out.append(TaggedSpan(kind, start, para[-1].i + 1))
    return out


def tag_spans(doc: Doc, rules: list[Attribution], paras: list[list[Token]] | None = None) -> list[TaggedSpan]:
    """The tagger's Source / Cue / Content spans over the whole document, in text order."""
    crf = _crf()
    out: list[TaggedSpan] = []
    paras = paras if paras is not None else paragraph_tokens(doc)
    for para, seq in zip(paras, sequence_features(doc, rules, paras), strict=True):
        out.extend(_spans(para, crf.decode(seq)))
    return sorted(out, key=lambda s: (s.start, s.end))


def _distance(a: TaggedSpan, b: TaggedSpan) -> int:
    if a.end <= b.start:
        return b.start - a.end
    if b.end <= a.start:
        return a.start - b.end
    return 0


def _pair(cues: list[TaggedSpan], others: list[TaggedSpan], sent_of: dict[int, int], para_of: dict[int, int],
          same_sentence: bool) -> dict[TaggedSpan, TaggedSpan]:  # fmt: skip
    """Each cue's nearest span of the other kind (one span per cue, one cue per span), greedily by
    distance; a source must share the cue's sentence, a content only its paragraph."""
    pairs = []
    for c in cues:
        for o in others:
            if para_of[o.start] != para_of[c.start]:
                continue
            if same_sentence and sent_of[o.start] != sent_of[c.start] and sent_of[o.end - 1] != sent_of[c.start]:
                continue
            pairs.append((_distance(c, o), c.start, o.start, c, o))
    out: dict[TaggedSpan, TaggedSpan] = {}
    used: set[TaggedSpan] = set()
    for *_, c, o in sorted(pairs, key=lambda p: p[:3]):
        if c not in out and o not in used:
            out[c] = o
            used.add(o)
    return out


def tagged_attributions(doc: Doc, rules: list[Attribution]) -> list[Attribution]:
    """Attribution relations built from the tagger's spans: each cue with its nearest source and
    content. Only a cue the rules also found can govern the sentence (``main``, which makes it
    ``reported``): PolNeAR's cues include stances ("supports", "wants") that are not reports, and
    letting the tagger's own cues decide cost 13 points of accuracy on the certainty dev set."""
    from newstrace.claims.attribution import Attribution, describe_source

    paras = paragraph_tokens(doc)
    spans = tag_spans(doc, rules, paras)
    sent_of: dict[int, int] = {}
    for k, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            sent_of[i] = k
    para_of = {t.i: k for k, para in enumerate(paras) for t in para}
    cues = [s for s in spans if s.kind == "Cue"]
    sources = _pair(cues, [s for s in spans if s.kind == "Source"], sent_of, para_of, same_sentence=True)
    contents = _pair(cues, [s for s in spans if s.kind == "Content"], sent_of, para_of, same_sentence=False)
    text = doc_text(doc)
    out: list[Attribution] = []
    for c in cues:
        cue = doc[c.start : c.end]
        a = Attribution(cue_start=cue.start_char, cue_end=cue.end_char, cue=text[cue.start_char : cue.end_char])
        src = sources.get(c)
        if src is not None:
            s = doc[src.start : src.end]
            a.source_start, a.source_end, a.source = s.start_char, s.end_char, text[s.start_char : s.end_char]
            a.vague, a.source_entity = describe_source(doc, list(s))
        else:
            a.vague = True
        con = contents.get(c)
        if con is not None:
            a.content_start, a.content_end = doc[con.start].idx, doc[con.end - 1].idx + len(doc[con.end - 1].text)
        same = [r for r in rules if r.cue_start < a.cue_end and a.cue_start < r.cue_end]
        if same:
            a.main = same[0].main
        out.append(a)
    # A rule's main-clause attribution the tagger did not find stays: the certainty guideline's
    # "reported" is defined by the rules (tuned on the certainty dev set), and a sentence marked
    # reported keeps its source.
    for r in rules:
        if r.main and not any(r.cue_start < a.cue_end and a.cue_start < r.cue_end for a in out):
            out.append(r)
    return sorted(out, key=lambda a: a.cue_start)
