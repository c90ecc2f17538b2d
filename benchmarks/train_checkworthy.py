"""Train the shipped check-worthiness model (word + character TF-IDF, logistic regression) and write it as JSON.

Training data: CheckThat! 2019 train, CheckThat! 2020 train and ClaimBuster two-class train, with
every sentence (and every debate) that also appears in a test set used by ``bench_claims.py``
removed, so the reported test figures are not inflated by leakage.

    .venv/bin/python benchmarks/train_checkworthy.py [--out newstrace/data/checkworthy/model.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims_data import checkthat, claimbuster, norm
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from newstrace.claims.checkworthy import CHAR_OPTIONS, VECTORIZER_OPTIONS, prepare

OUT = Path(__file__).resolve().parents[1] / "newstrace" / "data" / "checkworthy" / "model.json"


def training_data() -> tuple[list[str], list[int], dict[str, int]]:
    tests = checkthat(2019, "test") + checkthat(2020, "test")
    cb_test, _ = claimbuster("test")
    held = {norm(s) for _, sents, _ in tests for s in sents} | {norm(s) for s in cb_test}
    held_names = {name for name, _, _ in tests}
    texts: list[str] = []
    labels: list[int] = []
    counts = {"checkthat2019": 0, "checkthat2020": 0, "claimbuster": 0, "dropped_overlap": 0}
    seen: set[str] = set()

    def add(source: str, text: str, label: int) -> None:
        key = norm(text)
        if key in held:
            counts["dropped_overlap"] += 1
            return
        if key in seen:
            return
        seen.add(key)
        texts.append(text)
        labels.append(label)
        counts[source] += 1

    for year in (2019, 2020):
        for name, sents, labs in checkthat(year, "train"):
            if name in held_names:
                counts["dropped_overlap"] += len(sents)
                continue
            for s, y in zip(sents, labs, strict=True):
                add(f"checkthat{year}", s, y)
    for s, y in zip(*claimbuster("train"), strict=True):
        add("claimbuster", s, y)
    return texts, labels, counts


def _block(vec: TfidfVectorizer, options: dict) -> dict:
    vocab = sorted(vec.vocabulary_, key=lambda w: vec.vocabulary_[w])
    return {
        "options": {**options, "ngram_range": list(options["ngram_range"])},
        "vocabulary": vocab,
        "idf": [round(float(v), 5) for v in vec.idf_],
    }


def train(
    texts: list[str], labels: list[int], c: float = 1.0, max_features: int = 6000, char_features: int = 10000
) -> dict:
    prepared = [prepare(t) for t in texts]
    words = TfidfVectorizer(max_features=max_features, **VECTORIZER_OPTIONS)
    chars = TfidfVectorizer(max_features=char_features, **CHAR_OPTIONS)
    x = hstack([words.fit_transform(prepared), chars.fit_transform(prepared)]).tocsr()
    clf = LogisticRegression(C=c, class_weight="balanced", max_iter=3000)
    clf.fit(x, labels)
    return {
        "format": "newstrace-tfidf-logreg-2",
        "blocks": [_block(words, VECTORIZER_OPTIONS), _block(chars, CHAR_OPTIONS)],
        "coef": [round(float(v), 5) for v in clf.coef_[0]],
        "intercept": round(float(clf.intercept_[0]), 5),
        "C": c,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--max-features", type=int, default=6000)
    args = ap.parse_args()
    texts, labels, counts = training_data()
    model = train(texts, labels, args.C, args.max_features)
    model["training"] = {**counts, "sentences": len(texts), "positives": sum(labels)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, separators=(",", ":")), encoding="utf-8")
    print(json.dumps(model["training"]), f"-> {args.out} ({args.out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
