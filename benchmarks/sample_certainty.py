"""Draw the sentences of the certainty benchmark (references only: article id + offsets).

Sentences come from the PTC-2020 training articles in ../shared. Two thirds are drawn at random;
to have enough hedged and speculative sentences, the rest are drawn among sentences that contain a
word of the Islam et al. (2020) hedge list or a common reporting verb (that list is used here for
sampling only; our own lexicon is separate). Articles are split in halves: ``dev`` (may be used to
tune) and ``test`` (held apart, never tuned on). Writes a TSV without labels, to be labelled by hand
following docs/certainty-guideline.md.

    .venv/bin/python benchmarks/sample_certainty.py > /tmp/certainty_candidates.tsv
"""

from __future__ import annotations

import os
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newstrace.nlp import load_nlp, sentences_of

SHARED = Path(os.environ.get("NEWSTRACE_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared"))
ARTICLES = SHARED / "data" / "propaganda" / "ptc2020" / "datasets" / "train-articles"
HEDGES = SHARED / "data" / "claims" / "hedging-lexicon-islam2020" / "hedge_words.txt"
REPORTING = re.compile(r"\b(said|says|told|according to|reported|claimed|announced|denied)\b", re.I)


def main() -> None:
    rng = random.Random(2026)
    words = [w.strip().lower() for w in HEDGES.read_text(encoding="utf-8").splitlines()
             if w.strip() and not w.startswith("#") and len(w.strip()) > 3]
    hedge_re = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b", re.I)
    files = sorted(ARTICLES.glob("*.txt"))
    rng.shuffle(files)
    files = files[:120]
    nlp = load_nlp()
    pools: dict[str, list[tuple[str, int, int, str]]] = {"random": [], "hedge": [], "report": []}
    for k, path in enumerate(files):
        split = "test" if k % 2 else "dev"
        art = path.stem.replace("article", "")
        text = path.read_text(encoding="utf-8")
        for s in sentences_of(nlp(text)):
            if not 25 <= len(s.text) <= 400 or "\n" in s.text:
                continue
            row = (art, s.start, s.end, split)
            pools["random"].append(row)
            if hedge_re.search(s.text):
                pools["hedge"].append(row)
            if REPORTING.search(s.text):
                pools["report"].append(row)
    chosen: dict[tuple[str, int, int, str], str] = {}
    for pool, n in (("random", 210), ("hedge", 80), ("report", 40)):
        cands = [r for r in pools[pool] if r not in chosen]
        for r in rng.sample(cands, min(n, len(cands))):
            chosen[r] = pool
    print("article_id\tstart\tend\tsplit\tdrawn_from")
    for r, pool in sorted(chosen.items()):
        print(f"{r[0]}\t{r[1]}\t{r[2]}\t{r[3]}\t{pool}")


if __name__ == "__main__":
    main()
