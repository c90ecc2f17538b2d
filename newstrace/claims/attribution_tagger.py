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


def _cue_ancestor(i: int, heads: list[int], lemmas: list[str], pos: list[str], deps: list[str],
                  cues: dict[str, str]) -> str:  # fmt: skip
    """How token ``i`` hangs below the nearest cue-lexicon verb above it: the dependency label of the
    branch taken under the cue and the side ("ccomp:R" = inside a reported clause after its cue).
    Reads per-token lists (see :func:`sequence_features`) rather than spaCy tokens, which are built
    anew on every ``.head``."""
    child = i
    node = heads[i]
    for _ in range(8):
        if node == child:
            return "none"
        if lemmas[node] in cues and pos[node] in ("VERB", "AUX"):
            side = "L" if i < node else "R"
            return f"{deps[child]}:{side}"
        child, node = node, heads[node]
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


def _quote_state(doc: Doc) -> dict[int, str]:
    """Token index -> where it stands in a quotation: its opening mark, its closing mark, or inside.
    The marks matter apart: PolNeAR's content includes them, and a closing mark followed by a cue
    is where a quoted content ends and its attribution begins."""
    state: dict[int, str] = {}
    regions = doc_quotes(doc)
    if not regions:
        return state
    k = 0
    for tok in doc:
        while k < len(regions) and regions[k][1] <= tok.idx:
            k += 1
        if k < len(regions) and regions[k][0] <= tok.idx:
            q0, q1 = regions[k]
            state[tok.i] = "open" if tok.idx == q0 else "close" if tok.idx + len(tok.text) >= q1 else "in"
    return state


_WINDOW = (-3, -2, -1, 1, 2, 3)  # the neighbours whose word and POS a token's features include


def sequence_features(
    doc: Doc, rules: list[Attribution], paras: list[list[Token]] | None = None
) -> list[list[list[str]]]:
    """Per paragraph, per token: the feature strings the tagger scores (shared by training)."""
    cues = attribution_cues()
    rule = _rule_tags(doc, rules)
    quoted = _quote_state(doc)
    # Every attribute read once per token into plain lists: a spaCy Token (and each of its strings)
    # is built anew on every access, which made feature building the tagger's largest cost.
    words, lemmas, pos, tags, deps, ents, shapes, spaces = [], [], [], [], [], [], [], []
    for t in doc:
        words.append(t.lower_)
        lemmas.append(t.lemma_.lower())
        pos.append(t.pos_)
        tags.append(t.tag_)
        deps.append(t.dep_)
        ents.append(t.ent_iob_ + t.ent_type_)
        shapes.append(_shape(t.text))
        spaces.append(t.is_space)
    # heads as absolute indices (the array holds offsets, stored unsigned)
    heads: list[int] = (np.arange(len(doc)) + doc.to_array("HEAD").view(np.int64)).tolist()
    base: dict[int, list[str]] = {}
    for sent in doc.sents:
        first, stop = sent.start, sent.end
        has_cue = any(lemmas[i] in cues and pos[i] in ("VERB", "AUX") for i in range(first, stop))
        for i in range(first, stop):
            if spaces[i]:
                continue
            h = heads[i]
            lemma, head_lemma, dep = lemmas[i], lemmas[h], deps[i]
            feats = [
                "b", f"w={words[i]}", f"l={lemma}", f"p={pos[i]}", f"t={tags[i]}", f"d={dep}",
                f"hd={deps[h]}>{dep}", f"hp={pos[h]}", f"hl={head_lemma}", f"e={ents[i]}", f"s={shapes[i]}",
                f"r={rule.get(i, 'O')}", f"a={_cue_ancestor(i, heads, lemmas, pos, deps, cues)}",
                f"q={quoted.get(i, 'out')}", f"sc={has_cue}", f"ld={lemma}|{dep}",
            ]  # fmt: skip
            strength = cues.get(lemma)
            if strength:
                feats.append(f"cue={strength}:{pos[i]}")
            hs = cues.get(head_lemma)
            if hs and pos[h] in ("VERB", "AUX"):
                feats.append(f"hcue={hs}:{dep}")
            if i == first:
                feats.append("first")
            if i == stop - 1:
                feats.append("last")
            base[i] = feats
    out: list[list[list[str]]] = []
    for para in paras if paras is not None else paragraph_tokens(doc):
        seq = []
        idx = [t.i for t in para]
        n = len(idx)
        pw = [words[i] for i in idx]
        pp = [pos[i] for i in idx]
        pd = [deps[i] for i in idx]
        pr = [rule.get(i, "O") for i in idx]
        pq = [quoted.get(i, "out") for i in idx]
        # each neighbour's feature strings built once per paragraph, then picked by offset
        ww = {off: [f"{off}w={w}" for w in pw] for off in _WINDOW}
        wp = {off: [f"{off}p={p}" for p in pp] for off in _WINDOW}
        near = {off: [f"{off}r={r}" for r in pr] for off in (-1, 1)}
        neard = {off: [f"{off}d={d}" for d in pd] for off in (-1, 1)}
        nearq = {off: [f"{off}q={q}" for q in pq] for off in (-1, 1)}
        for k, i in enumerate(idx):
            feats = list(base[i])
            for off in _WINDOW:
                j = k + off
                if 0 <= j < n:
                    feats.append(ww[off][j])
                    feats.append(wp[off][j])
                    if off in (-1, 1):
                        feats.append(near[off][j])
                        feats.append(neard[off][j])
                        feats.append(nearq[off][j])
                else:
                    feats.append(f"{off}pad")
            # word pairs: boundaries such as ", who" or "said ." are decided by two words together
            if k > 0:
                feats.append(f"-1w|w={pw[k - 1]}|{pw[k]}")
            if k + 1 < n:
                feats.append(f"w|1w={pw[k]}|{pw[k + 1]}")
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

    def emissions(self, seqs: list[list[list[str]]]) -> np.ndarray:
        """The state scores (tokens x labels) of the tokens of all ``seqs``, one after the other."""
        # every feature looked up in one pass (map runs the loop in C), the known ones gathered at
        # once and summed per token; one call per document, not per paragraph, saves the overheads
        counts = [len(f) for seq in seqs for f in seq]
        flat = list(chain.from_iterable(chain.from_iterable(seqs)))
        rows = np.fromiter(map(self.index.get, flat, repeat(-1, len(flat))), dtype=np.int64, count=len(flat))
        owner = np.repeat(np.arange(len(counts)), counts)
        known = rows >= 0
        rows, owner = rows[known], owner[known]
        emit = np.zeros((len(counts), len(self.labels)), dtype=np.float32)
        if len(rows):
            # owners are sorted, so each token's rows are one run: reduceat sums the runs (far
            # faster than np.add.at)
            starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
            emit[owner[starts]] = np.add.reduceat(self.state[rows], starts, axis=0)
        return emit

    def viterbi(self, emit: np.ndarray) -> list[str]:
        """The best label sequence for the state scores ``emit`` (tokens x labels)."""
        if not len(emit):
            return []
        score = emit[0].copy()
        back = np.zeros(emit.shape, dtype=np.int32)
        for k in range(1, len(emit)):
            cand = score[:, None] + self.trans  # previous label x next label
            back[k] = cand.argmax(axis=0)
            score = cand.max(axis=0) + emit[k]
        best = [int(score.argmax())]
        for k in range(len(emit) - 1, 0, -1):
            best.append(int(back[k, best[-1]]))
        return [self.labels[i] for i in reversed(best)]

    def decode(self, seq: list[list[str]]) -> list[str]:
        return self.viterbi(self.emissions([seq]))

    def decode_all(self, seqs: list[list[list[str]]]) -> list[list[str]]:
        """``decode`` for each sequence: the features of all looked up at once, and Viterbi run on
        all sequences side by side (one numpy step per position, not per token of the document)."""
        lengths = [len(seq) for seq in seqs]
        if not lengths or not max(lengths):
            return [[] for _ in seqs]
        flat = self.emissions(seqs)
        n_seq, longest, n_lab = len(seqs), max(lengths), len(self.labels)
        emit = np.zeros((n_seq, longest, n_lab), dtype=np.float32)
        k = 0
        for p, n in enumerate(lengths):
            emit[p, :n] = flat[k : k + n]
            k += n
        live = np.asarray(lengths)
        score = emit[:, 0].copy()
        back = np.zeros((n_seq, longest, n_lab), dtype=np.int32)
        for k in range(1, longest):
            cand = score[:, :, None] + self.trans  # sequence x previous label x next label
            back[:, k] = cand.argmax(axis=1)
            # a sequence that has ended keeps its final scores
            score = np.where((live > k)[:, None], cand.max(axis=1) + emit[:, k], score)
        out: list[list[str]] = []
        for p, n in enumerate(lengths):
            if not n:
                out.append([])
                continue
            best = [int(score[p].argmax())]
            for k in range(n - 1, 0, -1):
                best.append(int(back[p, k, best[-1]]))
            out.append([self.labels[i] for i in reversed(best)])
        return out


@lru_cache(maxsize=1)
def _crf() -> _Crf:
    try:
        with gzip.open(MODEL_PATH, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
    except (FileNotFoundError, OSError, ValueError) as exc:
        raise ModelMissingError(f"the attribution tagger is missing or unreadable ({exc})") from exc
    return _Crf(data)


_AS_BIO = {"L": "I", "U": "B"}


def _spans(para: list[Token], tags: list[str]) -> list[TaggedSpan]:
    out: list[TaggedSpan] = []
    kind: str | None = None
    start = 0
    for tok, tag in zip(para, tags, strict=True):
        prefix, _, k = tag.partition("-")
        # BILOU models: a span's last token (L) continues it and a one-token span (U) begins one;
        # whatever follows ends it, as in BIO
        prefix = _AS_BIO.get(prefix, prefix)
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
    for para, tags in zip(paras, crf.decode_all(sequence_features(doc, rules, paras)), strict=True):
        out.extend(_spans(para, tags))
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
            end = con.end
            # PolNeAR's contents leave out a comma the tagger drags along ("the plan, he said"):
            # stripping it gained 0.2-0.4 exact-F1 points on the held-out fifth of train
            while end - 1 > con.start and doc[end - 1].text == ",":
                end -= 1
            a.content_start, a.content_end = doc[con.start].idx, doc[end - 1].idx + len(doc[end - 1].text)
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
