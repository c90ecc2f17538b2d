"""Choose check-worthiness model variants by cross-validation on the CheckThat! 2019 *training* debates.

Four folds over the 19 training debates (round robin over their sorted names); each fold's model is
trained on the rest of the shipped training pool (``train_checkworthy.training_data``: CheckThat!
2019 + 2020 train and ClaimBuster, test sentences removed) minus every sentence of the fold's
debates, and scored by mean average precision over the held-out debates (the CheckThat! measure).
``--test NAME ...`` then trains the named variants on the whole pool and prints their test MAP;
every such run is a look at the test sets and is counted in BENCHMARKS.md.

    NEWSTRACE_SHARED=../shared nice -n 19 .venv/bin/python benchmarks/cv_checkworthy.py [--dense] [--minilm]
        [--cache /tmp/cw-cache] [--test base minilm-ensemble]

``--dense`` parses every sentence with the shipped spaCy pipeline (about 25 minutes on the shared
machine); ``--minilm`` encodes every sentence with the frozen MiniLM (``frozen_minilm.py``; run
``export_encoder.py`` once first; about 25 minutes); both are cached in ``--cache``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, diags, hstack, spmatrix
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims_data import ap, checkthat, checkthat_speakers, claimbuster, norm
from train_checkworthy import training_data

from newstrace.claims.checkworthy import CHAR_OPTIONS, VECTORIZER_OPTIONS, prepare

Item = tuple[str, int]  # sentence, label
Blocks = list[tuple[object, float]]  # feature matrix over all texts, weight


class Data:
    """Every sentence once (training pool, 2019 train debates, test sets), with its feature blocks."""

    def __init__(self, cache: Path, dense: bool, minilm: bool) -> None:
        texts, labels, _ = training_data()
        self.pool: list[Item] = list(zip(texts, labels, strict=True))
        self.pool30 = self._kfold30_pool()
        self.train19 = checkthat(2019, "train")
        self.tests = {year: checkthat(year, "test") for year in (2019, 2020)}
        every = {t for t, _ in self.pool + self.pool30} | {t for _, s, _ in self.train19 for t in s}
        every |= {t for deb in self.tests.values() for _, s, _ in deb for t in s}
        self.texts = sorted(every)
        self.idx = {t: i for i, t in enumerate(self.texts)}
        self.blocks: dict[str, object] = {"tfidf": self._tfidf(self.pool), "tfidf30": self._tfidf(self.pool30)}
        key = hashlib.sha1("\n".join(self.texts).encode()).hexdigest()[:12]
        cache.mkdir(parents=True, exist_ok=True)
        if dense:
            self.blocks["dense"] = _cached(cache / f"dense-{key}.npy", lambda: _dense(self.texts))
        if minilm:
            self.blocks["minilm"] = _cached(cache / f"minilm-{key}.npy", lambda: _minilm(self.texts))

    def _kfold30_pool(self) -> list[Item]:
        """The pool with ClaimBuster's larger 'kfold_30ncs' file (11,056 sentences) instead of train.json."""
        cb_train = {norm(t) for t in claimbuster("train")[0]}
        out = [(t, y) for t, y in self.pool if norm(t) not in cb_train]
        seen = {norm(t) for t, _ in out}
        held = {norm(s) for year in (2019, 2020) for _, sents, _ in checkthat(year, "test") for s in sents}
        held |= {norm(s) for s in claimbuster("test")[0]}
        for t, y in zip(*claimbuster("kfold_30ncs"), strict=True):
            if norm(t) not in held and norm(t) not in seen:
                seen.add(norm(t))
                out.append((t, y))
        return out

    def _tfidf(self, pool: list[Item]) -> spmatrix:
        # fitted once on the whole pool (unsupervised), the folds only refit the classifier
        fit = [prepare(t) for t, _ in pool]
        words = TfidfVectorizer(max_features=6000, **VECTORIZER_OPTIONS).fit(fit)
        chars = TfidfVectorizer(max_features=10000, **CHAR_OPTIONS).fit(fit)
        every = [prepare(t) for t in self.texts]
        return hstack([words.transform(every), chars.transform(every)]).tocsr()

    def matrix(self, blocks: Blocks, texts: list[str]) -> spmatrix:
        rows = [self.idx[t] for t in texts]
        parts = []
        for m, weight in blocks:
            sub = m[rows]  # type: ignore[index]
            parts.append((sub if hasattr(sub, "tocsr") else csr_matrix(sub)) * weight)
        return hstack(parts).tocsr()


def _cached(path: Path, build: Callable[[], np.ndarray]) -> np.ndarray:
    if path.exists():
        return np.load(path)
    arr = build()
    np.save(path, arr)
    return arr


def _dense(texts: list[str]) -> np.ndarray:
    from checkworthy_features import dense_features

    from newstrace.nlp import load_nlp

    return np.array([dense_features(d) for d in load_nlp().pipe(texts, batch_size=256)], dtype=np.float32)


def _minilm(texts: list[str]) -> np.ndarray:
    """Sentence vectors of the frozen MiniLM (``frozen_minilm``; run ``export_encoder.py`` once first)."""
    from frozen_minilm import sentence_vectors

    return sentence_vectors(texts)


class Variant:
    """One model: feature blocks, training pool, class weighting, C, and how scores combine."""

    def __init__(self, name: str, blocks: list[tuple[str, float]], pool: str = "pool", c: float = 1.0,
                 balanced: bool = True, pairwise: bool = False, second: list[tuple[str, float]] | None = None,
                 second_weight: float = 0.0) -> None:  # fmt: skip
        self.name, self.block_names, self.pool_name, self.c = name, blocks, pool, c
        self.balanced, self.pairwise, self.second, self.second_weight = balanced, pairwise, second, second_weight

    def fit_score(self, data: Data, train: list[Item], score: list[list[str]]) -> list[np.ndarray]:
        """Train on ``train``, return the decision scores of each list in ``score``."""
        out = _fit_score(data, self.block_names, train, score, self.c, self.balanced, self.pairwise)
        if self.second:  # a score-level ensemble with a second model (e.g. one on MiniLM vectors)
            more = _fit_score(data, self.second, train, score, self.c, self.balanced, False)
            out = [a + self.second_weight * b for a, b in zip(out, more, strict=True)]
        return out


def _fit_score(data: Data, names: list[tuple[str, float]], train: list[Item], score: list[list[str]], c: float,
               balanced: bool, pairwise: bool) -> list[np.ndarray]:  # fmt: skip
    blocks: Blocks = [(data.blocks[n], w) for n, w in names]
    x = data.matrix(blocks, [t for t, _ in train])
    y = np.array([lab for _, lab in train])
    if pairwise:
        clf = _pairwise(x, y, c)
    else:
        clf = LogisticRegression(C=c, class_weight="balanced" if balanced else None, max_iter=3000).fit(x, y)
    return [clf.decision_function(data.matrix(blocks, s)) for s in score]


def _pairwise(x: spmatrix, y: np.ndarray, c: float, k: int = 20) -> LogisticRegression:
    """A ranking loss: logistic regression on (positive - negative) differences, k negatives each."""
    rng = np.random.default_rng(0)
    pos, neg = np.where(y == 1)[0], np.where(y == 0)[0]
    a = np.repeat(pos, k)
    b = rng.choice(neg, size=len(a))
    sign = np.where(rng.random(len(a)) < 0.5, -1.0, 1.0)
    diff = diags(sign) @ (x[a] - x[b])
    return LogisticRegression(C=c, fit_intercept=False, max_iter=3000).fit(diff, (sign > 0).astype(int))


def _pool(data: Data, v: Variant) -> list[Item]:
    return data.pool30 if v.pool_name == "pool30" else data.pool


def cross_validate(data: Data, v: Variant) -> dict[str, np.ndarray]:
    """Debate name -> out-of-fold scores of its lines."""
    names = [n for n, _, _ in data.train19]
    out: dict[str, np.ndarray] = {}
    for f in range(4):
        fold = [d for d in data.train19 if d[0] in names[f::4]]
        held = {norm(t) for _, s, _ in fold for t in s}
        train = [(t, y) for t, y in _pool(data, v) if norm(t) not in held]
        for (n, _, _), sc in zip(fold, v.fit_score(data, train, [s for _, s, _ in fold]), strict=True):
            out[n] = sc
    return out


def mean_ap_of(scores: dict[str, np.ndarray], debates: list[tuple[str, list[str], list[int]]]) -> float:
    return float(np.mean([ap(list(scores[n]), y) for n, _, y in debates if sum(y)]))


def demote_moderators(debates: list[tuple[str, list[str], list[int]]], speakers: dict[str, list[str]],
                      scores: dict[str, np.ndarray], share: float = 0.1) -> dict[str, np.ndarray]:  # fmt: skip
    """Debate-only: lines of SYSTEM and of speakers who ask questions (share of '?' lines >= share) last."""
    out = {}
    for n, sents, _ in debates:
        spk = speakers[n]
        lines = Counter(spk)
        asks = Counter(k for k, t in zip(spk, sents, strict=True) if t.rstrip().endswith("?"))
        flag = np.array([k == "SYSTEM" or asks[k] / lines[k] >= share for k in spk])
        out[n] = scores[n] - 100.0 * flag
    return out


def variants(data: Data) -> list[Variant]:
    out = [
        Variant("base", [("tfidf", 1.0)]),  # the shipped configuration
        Variant("unbalanced", [("tfidf", 1.0)], balanced=False),
        Variant("C0.3", [("tfidf", 1.0)], c=0.3),
        Variant("pairwise", [("tfidf", 1.0)], pairwise=True),
        Variant("cb-kfold30", [("tfidf30", 1.0)], pool="pool30"),
        Variant("cb-kfold30-unbalanced", [("tfidf30", 1.0)], pool="pool30", balanced=False),
    ]
    if "dense" in data.blocks:
        out += [Variant("dense", [("tfidf", 1.0), ("dense", 1.0)]),
                Variant("dense-unbalanced", [("tfidf", 1.0), ("dense", 1.0)], balanced=False)]  # fmt: skip
    if "minilm" in data.blocks:
        out += [Variant("minilm-only", [("minilm", 1.0)]),
                Variant("minilm-features", [("tfidf", 1.0), ("minilm", 1.0)]),
                Variant("minilm-ensemble", [("tfidf", 1.0)], second=[("minilm", 1.0)], second_weight=0.5)]  # fmt: skip
    return out


def main() -> None:
    ap_ = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap_.add_argument("--dense", action="store_true", help="add the parse-based sentence features")
    ap_.add_argument("--minilm", action="store_true", help="add frozen MiniLM sentence vectors")
    ap_.add_argument("--cache", type=Path, default=Path("/tmp/newstrace-cw-cache"))
    ap_.add_argument("--only", nargs="*", help="cross-validate only these variants")
    ap_.add_argument("--test", nargs="*", default=[], help="train these variants on the pool, print test MAP")
    args = ap_.parse_args()
    data = Data(args.cache, args.dense, args.minilm)
    speakers = checkthat_speakers(2019, "train")
    for v in variants(data):
        if args.only is not None and v.name not in args.only:
            continue
        scores = cross_validate(data, v)
        demoted = demote_moderators(data.train19, speakers, scores)
        print(f"CV {v.name:24s} MAP {mean_ap_of(scores, data.train19):.4f}"
              f"   with moderators demoted (debate-only) {mean_ap_of(demoted, data.train19):.4f}", flush=True)
    for v in variants(data):
        if v.name not in args.test:
            continue
        debates = [d for year in (2019, 2020) for d in data.tests[year]]
        scored = v.fit_score(data, _pool(data, v), [s for _, s, _ in debates])
        by_name = {n: sc for (n, _, _), sc in zip(debates, scored, strict=True)}
        res = {year: mean_ap_of(by_name, data.tests[year]) for year in (2019, 2020)}
        print(f"TEST {v.name:24s} CheckThat! 2019 MAP {res[2019]:.4f}   2020 MAP {res[2020]:.4f}", flush=True)
    print(json.dumps({"pool": len(data.pool), "pool30": len(data.pool30), "texts": len(data.texts)}))


if __name__ == "__main__":
    main()
