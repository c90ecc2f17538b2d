"""Features of tokens, spans and sentences for the propaganda models.

Each token gets a dense part (its MiniLM vector pooled from word pieces, and spaCy's own 96-wide
contextual tensor) and a sparse part (hashed strings: word, lemma, tags, neighbours, quotes). The
same functions serve training and inference, so the two can never drift apart.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from murmurhash import hash as murmurhash3_32
from scipy import sparse
from spacy.tokens import Doc, Span

from newstrace.nlp import doc_text
from newstrace.propaganda.encoder import DIM, encode

__all__ = [
    "HASH_FEATURES",
    "DocFeatures",
    "doc_features",
    "hash_rows",
    "sentence_strings",
    "span_strings",
]

HASH_FEATURES = 2**18
_QUOTES = set("\"“”«»‘’'")
_WORD = re.compile(r"\w+")


@dataclass
class DocFeatures:
    """Everything the models read from one article, computed once."""

    doc: Doc
    sents: list[Span]
    dense: np.ndarray  # (n_tokens, DIM + 96): MiniLM vector, spaCy tensor
    sent_vectors: np.ndarray  # (n_sents, DIM): mean MiniLM vector of each sentence
    token_strings: list[list[str]]
    word_counts: Counter[str]  # lower-cased word frequencies, for repetition

    # spaCy spans cannot be pickled (they are views of the Doc): store their token bounds instead.
    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["sents"] = [(s.start, s.end) for s in self.sents]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        bounds = state.pop("sents")
        self.__dict__.update(state)
        self.sents = [self.doc[a:b] for a, b in bounds]  # type: ignore[attr-defined]


def _tensor(doc: Doc) -> np.ndarray:
    t = getattr(doc, "tensor", None)
    if t is None or t.shape[0] != len(doc) or t.ndim != 2:
        return np.zeros((len(doc), 96), dtype=np.float32)
    t = np.asarray(t, dtype=np.float32)
    if t.shape[1] != 96:  # a different spaCy model: keep the width stable
        t = np.resize(t, (len(doc), 96))
    return t


def _in_quotes(sent: Span) -> list[bool]:
    inside = False
    out = []
    for tok in sent:
        if tok.text in _QUOTES or tok.text in {"``", "''"}:
            out.append(False)
            inside = not inside
        else:
            out.append(inside)
    return out


def _token_strings(sent: Span, quoted: list[bool]) -> Iterator[list[str]]:
    toks = list(sent)
    lowers = [t.lower_ for t in toks]
    n = len(toks)
    for i, tok in enumerate(toks):
        w = lowers[i]
        f = [
            "w=" + w,
            "l=" + tok.lemma_.lower(),
            "p=" + tok.pos_,
            "t=" + tok.tag_,
            "sh=" + tok.shape_,
            "suf=" + w[-3:],
            "dep=" + tok.dep_,
            "hw=" + tok.head.lower_,
            "ent=" + tok.ent_type_,
            "w-1=" + (lowers[i - 1] if i > 0 else "<s>"),
            "w+1=" + (lowers[i + 1] if i + 1 < n else "</s>"),
            "w-2=" + (lowers[i - 2] if i > 1 else "<s>"),
            "w+2=" + (lowers[i + 2] if i + 2 < n else "</s>"),
            "bi=" + (lowers[i - 1] if i > 0 else "<s>") + "|" + w,
            "pos-1=" + (toks[i - 1].pos_ if i > 0 else "<s>") + "|" + tok.pos_,
            "rel=" + str(min(i, 5)) + "|" + str(min(n - 1 - i, 5)),
        ]
        if quoted[i]:
            f.append("inq")
        if tok.is_title and i > 0:
            f.append("title")
        if tok.is_upper and len(w) > 1:
            f.append("upper")
        yield f


def doc_features(doc: Doc, sents: list[Span] | None = None) -> DocFeatures:
    """Encode every sentence of ``doc`` with MiniLM and build the token features."""
    sents = [s for s in (sents if sents is not None else list(doc.sents)) if len(s) > 0]
    texts = [s.text for s in sents]
    encoded = encode(texts)
    mini = np.zeros((len(doc), DIM), dtype=np.float32)
    sent_vecs = np.zeros((len(sents), DIM), dtype=np.float32)
    strings: list[list[str]] = [[] for _ in range(len(doc))]
    for si, (sent, enc) in enumerate(zip(sents, encoded, strict=True)):
        if len(enc.vectors):
            sent_vecs[si] = enc.vectors.mean(axis=0)
            # Map each word piece onto the token that contains its first character.
            base = sent.start_char
            tok_starts = np.array([t.idx - base for t in sent], dtype=np.int64)
            owner = np.searchsorted(tok_starts, enc.offsets[:, 0], side="right") - 1
            owner = np.clip(owner, 0, len(sent) - 1)
            sums = np.zeros((len(sent), DIM), dtype=np.float32)
            counts = np.zeros(len(sent), dtype=np.float32)
            np.add.at(sums, owner, enc.vectors)
            np.add.at(counts, owner, 1.0)
            has = counts > 0
            sums[has] /= counts[has][:, None]
            mini[sent.start : sent.end] = sums
        for tok, f in zip(sent, _token_strings(sent, _in_quotes(sent)), strict=True):
            strings[tok.i] = f
    dense = np.hstack([mini, _tensor(doc)])
    word_counts = Counter(m.group(0).lower() for m in _WORD.finditer(doc_text(doc)))
    return DocFeatures(doc, sents, dense, sent_vecs, strings, word_counts)


def hash_rows(rows: list[list[str]]) -> sparse.csr_matrix:
    """Hashed one-hot rows (the same hashing at training and inference, so no vocabulary ships).

    This is scikit-learn's ``FeatureHasher(input_type="string", alternate_sign=False)`` written out:
    the same signed MurmurHash3 x86-32 (seed 0, from the ``murmurhash`` package spaCy already depends
    on), ``abs(h) % n`` as the column and repeated strings summed. Importing scikit-learn at run time
    would add more than two seconds to every start-up; ``tests/test_techniques.py`` pins the equality.
    """
    indptr = [0]
    indices: list[int] = []
    for row in rows:
        indices.extend(abs(murmurhash3_32(f)) % HASH_FEATURES for f in row)
        indptr.append(len(indices))
    matrix = sparse.csr_matrix(
        (np.ones(len(indices), dtype=np.float64), np.asarray(indices, dtype=np.int32), np.asarray(indptr)),
        shape=(len(rows), HASH_FEATURES),
    )
    matrix.sum_duplicates()
    return matrix


def _bucket(n: float, edges: tuple[float, ...]) -> str:
    for i, e in enumerate(edges):
        if n <= e:
            return str(i)
    return str(len(edges))


def span_strings(feats: DocFeatures, start: int, end: int) -> list[str]:
    """Hashed features of a character span: its words, edges, context, length and repetition."""
    doc = feats.doc
    span = doc.char_span(start, end, alignment_mode="expand")
    full = doc_text(doc)
    text = full[start:end]
    words = [w.lower() for w in _WORD.findall(text)]
    out = ["sw=" + w for w in words]
    out += ["sb=" + a + "|" + b for a, b in itertools.pairwise(words)]
    if words:
        out += ["first=" + words[0], "last=" + words[-1]]
    out.append("len=" + _bucket(len(words), (1, 2, 3, 5, 8, 13, 21, 34)))
    if span is not None and len(span) > 0:
        out += ["sl=" + t.lemma_.lower() for t in span if not t.is_punct]
        out += ["sp=" + t.pos_ for t in span]
        left = doc[max(0, span.start - 3) : span.start]
        right = doc[span.end : span.end + 3]
        out += ["lw=" + t.lower_ for t in left] + ["rw=" + t.lower_ for t in right]
        out.append("root=" + span.root.dep_ + "|" + span.root.pos_)
        # spaCy's ``span.sent`` walks every sentence of the doc; the sentence list is already here.
        n_sent = bisect.bisect_right([x.start for x in feats.sents], span.start) - 1
        sent_len = len(feats.sents[n_sent]) if n_sent >= 0 else len(span)
        out.append("cover=" + _bucket(len(span) / max(1, sent_len), (0.1, 0.3, 0.6, 0.9)))
    # Repetition: how often the span's content words occur across the whole article.
    content = [w for w in words if len(w) > 3]
    if content:
        reps = min(feats.word_counts.get(w, 0) for w in content)
        out.append("rep=" + _bucket(reps, (1, 2, 3, 5)))
        if len(words) <= 4:
            out.append("rep_short=" + _bucket(reps, (1, 2, 3, 5)))
    if "!" in text:
        out.append("excl")
    if "?" in text:
        out.append("quest")
    if any(c in _QUOTES for c in full[max(0, start - 1) : end + 1]):
        out.append("quoted")
    return out


def sentence_strings(sent: Span) -> list[str]:
    """Hashed features of a whole sentence (for the sentence-level classifier)."""
    words = [t.lower_ for t in sent if not t.is_space]
    out = ["cw=" + w for w in words]
    out += ["cb=" + a + "|" + b for a, b in itertools.pairwise(words)]
    out.append("slen=" + _bucket(len(words), (5, 10, 20, 30, 45)))
    if any(t.text in _QUOTES for t in sent):
        out.append("squote")
    if any(t.text == "!" for t in sent):
        out.append("sexcl")
    return out
