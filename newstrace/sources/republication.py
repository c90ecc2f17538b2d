"""Republication across a corpus: the same article on several sites, and who had it first.

Candidates come from MinHash LSH (datasketch) over word 5-gram shingles; every candidate pair is
then verified exactly with *containment* - the share of the shorter text's shingles found in the
longer - because a republication usually adds page chrome or trims paragraphs, which lowers the
Jaccard similarity a plain LSH threshold tests but keeps containment high. Verified pairs are joined
into clusters (union-find); the earliest publication of a cluster is its origin and every other
member on another site is marked republished, with the origin's outlet as original outlet.

The LSH threshold is deliberately low (it only proposes candidates); the containment check decides.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash, MinHashLSH

__all__ = [
    "Cluster",
    "DocSketch",
    "RepublicationIndex",
    "containment",
    "containment_sorted",
    "republication_fields",
    "shingles",
    "signature",
]

NUM_PERM = 128
SHINGLE_WORDS = 5
LSH_THRESHOLD = 0.2  # proposes candidates down to Jaccard ~0.2 (a trimmed copy inside a page of chrome)
MIN_CONTAINMENT = 0.6  # of the shorter text's shingles found in the longer one
MIN_SHINGLES = 20  # texts shorter than this (about 25 words) are not compared: too little evidence

_WORD = re.compile(r"\w+")
_PARA = re.compile(r"\n\s*\n|\n")
_MASK = (1 << 32) - 1
_SCHEME = "affine32"  # pinned so stored signatures stay comparable across datasketch versions


def _grams(text: str, k: int) -> Iterator[str]:
    # Shingles stay inside a paragraph: a copy that drops or reorders paragraphs then keeps every
    # shingle of the paragraphs it kept, instead of losing the k-1 that crossed each old boundary.
    for para in _PARA.split(text.lower()):
        words = _WORD.findall(para)
        if len(words) < k:
            if words:
                yield " ".join(words)
            continue
        for i in range(len(words) - k + 1):
            yield " ".join(words[i:i + k])


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[int]:
    """Hashed word k-grams of each paragraph of the lower-cased text (punctuation ignored).

    Python's string hash is salted per process, which is fine: these sets are compared within one
    process only. Stored signatures use :func:`signature`, which is stable across processes.
    """
    return {hash(g) & _MASK for g in _grams(text, k)}


def _stable_shingles(text: str, k: int = SHINGLE_WORDS) -> list[bytes]:
    return [g.encode() for g in set(_grams(text, k))]


def signature(text: str, num_perm: int = NUM_PERM) -> bytes:
    """A MinHash signature of ``text`` as bytes (stable across processes, storable)."""
    m = MinHash(num_perm=num_perm, seed=1, scheme=_SCHEME)
    sh = _stable_shingles(text)
    if sh:
        m.update_batch(sh)
    return struct.pack(f"<{num_perm}Q", *m.hashvalues.tolist()) if sh else b""


def _minhash(sig: bytes) -> MinHash:
    n = len(sig) // 8
    return MinHash(num_perm=n, seed=1, scheme=_SCHEME, hashvalues=np.frombuffer(sig, dtype="<u8").astype(np.uint64))


def containment(a: set[int], b: set[int]) -> float:
    """|A ∩ B| / min(|A|, |B|): 1.0 when the shorter text lies wholly within the longer."""
    if not a or not b:
        return 0.0
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & big) / len(small)


def _as_array(sh: set[int]) -> np.ndarray:
    arr = np.fromiter(sh, dtype=np.uint32, count=len(sh))
    arr.sort()
    return arr


def containment_sorted(a: np.ndarray, b: np.ndarray) -> float:
    """:func:`containment` of two sorted arrays of unique shingle hashes."""
    if not a.size or not b.size:
        return 0.0
    return float(np.intersect1d(a, b, assume_unique=True).size) / min(a.size, b.size)


@dataclass
class DocSketch:
    """One document as the index needs it."""

    key: str
    text: str
    published: str | None = None  # YYYY-MM-DD; None sorts last (unknown date cannot be the origin first)
    site: str | None = None
    outlet: str | None = None
    sig: bytes | None = None


@dataclass
class Cluster:
    origin: str
    members: list[str] = field(default_factory=list)  # keys, origin first
    scores: dict[tuple[str, str], float] = field(default_factory=dict)


class RepublicationIndex:
    """Add documents, then :meth:`clusters` gives the groups of copies with their origin."""

    def __init__(self, threshold: float = LSH_THRESHOLD, min_containment: float = MIN_CONTAINMENT,
                 num_perm: int = NUM_PERM) -> None:
        self.num_perm = num_perm
        self.min_containment = min_containment
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.docs: dict[str, DocSketch] = {}
        # sorted uint32 arrays: a tenth of the memory of Python int sets, same exact containment
        self._shingles: dict[str, np.ndarray] = {}

    def add(self, doc: DocSketch) -> None:
        sh = shingles(doc.text)
        if len(sh) < MIN_SHINGLES or doc.key in self.docs:
            return
        sig = doc.sig or signature(doc.text, self.num_perm)
        self.docs[doc.key] = doc
        self._shingles[doc.key] = _as_array(sh)
        self.lsh.insert(doc.key, _minhash(sig))

    def add_all(self, docs: Iterable[DocSketch]) -> None:
        for d in docs:
            self.add(d)

    def candidates(self, text: str) -> list[str]:
        """Keys of indexed documents the LSH proposes for ``text`` (not yet verified)."""
        return list(self.lsh.query(_minhash(signature(text, self.num_perm))))

    def matches(self, text: str) -> list[tuple[str, float]]:
        """Indexed documents that ``text`` copies or is copied by: (key, containment), best first."""
        sh = _as_array(shingles(text))
        out = [(k, containment_sorted(sh, self._shingles[k])) for k in self.candidates(text)]
        return sorted([(k, c) for k, c in out if c >= self.min_containment], key=lambda x: -x[1])

    def pairs(self) -> list[tuple[str, str, float]]:
        """Every verified pair (a, b, containment) with a < b."""
        out: list[tuple[str, str, float]] = []
        for key, doc in self.docs.items():
            sig = doc.sig or signature(doc.text, self.num_perm)
            for other in self.lsh.query(_minhash(sig)):
                if other <= key:
                    continue
                c = containment_sorted(self._shingles[key], self._shingles[other])
                if c >= self.min_containment:
                    out.append((key, other, c))
        return out

    def clusters(self) -> list[Cluster]:
        """Groups of two or more copies, each with its origin (earliest date, then first added)."""
        parent = {k: k for k in self.docs}

        def find(k: str) -> str:
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        scores: dict[tuple[str, str], float] = {}
        for a, b, c in self.pairs():
            scores[(a, b)] = c
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[rb] = ra
        groups: dict[str, list[str]] = {}
        for k in self.docs:
            groups.setdefault(find(k), []).append(k)
        order = {k: i for i, k in enumerate(self.docs)}
        out = []
        for members in groups.values():
            if len(members) < 2:
                continue
            members.sort(key=lambda k: (self.docs[k].published or "9999", order[k]))
            sc = {p: s for p, s in scores.items() if p[0] in members}
            out.append(Cluster(origin=members[0], members=members, scores=sc))
        return out


def republication_fields(cluster: Cluster, docs: Sequence[DocSketch] | dict[str, DocSketch]) -> dict[str, dict]:
    """Per member key: the ``source`` fields the cluster implies (republished, original_outlet, ...)."""
    by_key = docs if isinstance(docs, dict) else {d.key: d for d in docs}
    origin = by_key[cluster.origin]
    origin_name = origin.outlet or origin.site
    out: dict[str, dict] = {}
    for k in cluster.members:
        d = by_key[k]
        copied = k != cluster.origin and (d.site or "") != (origin.site or "")
        out[k] = {"cluster_origin": cluster.origin, "cluster_size": len(cluster.members),
                  "republished": copied, "original_outlet": origin_name if copied else None}
    return out
