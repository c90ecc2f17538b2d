"""Run-time re-implementations of scikit-learn transforms give exactly what training used.

scikit-learn trains the check-worthiness model but is not imported at run time
(it costs seconds of start-up); these tests pin that our scoring matches it.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")

SENTENCES = [
    "Unemployment fell to 4.1 per cent in March, the lowest level since 2001.",
    "I think we should all be kind to each other.",
    "Ok.",
    "",
    "The senator voted   against the bill 12 times!",
    "a b c",
    "Ein Satz über Länder à la française — 50 % mehr.",
]


def test_checkworthiness_scores_match_sklearn() -> None:
    from newstrace.claims.checkworthy import DATA_DIR, _model, prepare

    data = json.loads((DATA_DIR / "checkworthy" / "model.json").read_text("utf-8"))
    logits = np.full(len(SENTENCES), float(data["intercept"]))
    offset = 0
    for block in data["blocks"]:
        opts = dict(block["options"])
        opts["ngram_range"] = tuple(opts["ngram_range"])
        opts.pop("min_df", None)
        vec = sklearn_text.TfidfVectorizer(vocabulary={w: i for i, w in enumerate(block["vocabulary"])}, **opts)
        vec.idf_ = np.asarray(block["idf"])
        width = len(block["vocabulary"])
        logits += vec.transform([prepare(s) for s in SENTENCES]) @ np.asarray(data["coef"][offset : offset + width])
        offset += width
    expected = 1.0 / (1.0 + np.exp(-logits))
    assert np.allclose(_model().scores(SENTENCES), expected, atol=1e-12)
