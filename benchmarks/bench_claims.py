"""Claims benchmarks (issue 4): certainty, check-worthiness, quantities, speed, the seed checks.

    NEWSTRACE_SHARED=../shared nice -n 10 .venv/bin/python benchmarks/bench_claims.py [--only certainty,...]

Sections (``--only``): seed, certainty, lexicon, checkworthy, quantities, speed. Attribution on
PolNeAR is ``benchmarks/bench_attribution.py``. Anchors:
  check-worthiness: CheckThat! 2019 task 1 test MAP, best at the lab 0.166 (Copenhagen);
  certainty: no public news benchmark reachable, our own set (docs/certainty-guideline.md);
  speed: the claims + quantities analyzers add <= 30 % to the spaCy parse of the same articles.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from claims_data import SHARED, checkthat, claimbuster, mean_ap  # noqa: E402

from newstrace.analyzers import claims as claims_analyzer  # noqa: E402
from newstrace.analyzers import quantities as quantities_analyzer  # noqa: E402
from newstrace.analyzers.registry import Context  # noqa: E402
from newstrace.claims.checkworthy import score_sentences  # noqa: E402
from newstrace.claims.lexicon import certainty_patterns  # noqa: E402
from newstrace.model import Analysis, Article  # noqa: E402
from newstrace.nlp import entities_of, load_nlp, sentences_of  # noqa: E402

PTC = SHARED / "data" / "propaganda" / "ptc2020" / "datasets"
LABELS = ("asserted", "reported", "hedged", "speculative")


def run_claims(text: str, only_quantities: bool = False) -> Analysis:
    """The claims and quantities analyzers on raw text (no ingestion, so offsets are the file's)."""
    doc = load_nlp()(text)
    analysis = Analysis(article=Article(text=text), sentences=sentences_of(doc), entities=entities_of(doc))
    ctx = Context(analysis=analysis, doc=doc)
    quantities_analyzer.run(ctx)
    if not only_quantities:
        claims_analyzer.run(ctx)
    return analysis


# --------------------------------------------------------------------------------------------- seed
def bench_seed() -> None:
    from newstrace.pipeline import analyze

    seed = SHARED / "seed" / "000_eeff659715a18b85.txt"
    a = analyze(seed.read_text(encoding="utf-8"), only=["quantities", "claims"])
    by_text = {c.text: c for c in a.claims}

    def claim(fragment: str):
        return next(c for t, c in by_text.items() if fragment in t)

    checks = []
    c = claim("According to the Syrian Ministry of Defense")
    checks.append(("MoD sentence reported, source Ministry of Defense",
                   c.certainty == "reported" and "Ministry of Defense" in (c.attributed_to or "")))
    c = claim("al-Barazi said")
    checks.append(("al-Barazi sentence reported, source al-Barazi",
                   c.certainty == "reported" and "al-Barazi" in (c.attributed_to or "")))
    for frag in ("might have arrived", "seem to have arrived", "It could be supposed"):
        c = claim(frag)
        checks.append((f"'{frag}' hedged/speculative ({c.certainty})", c.certainty in ("hedged", "speculative")))
    c = claim("Obviously")
    checks.append((f"'Obviously' is a booster cue, certainty not raised ({c.certainty})",
                   any(x.startswith("booster:") for x in c.cues) and c.certainty == "asserted"))
    q = {x.text: x for x in a.quantities}
    checks.append(("'more than 300' -> low 301", q.get("more than 300") is not None and q["more than 300"].low == 301))
    checks.append(("'exceeded 4,000' -> low 4001", any(x.low == 4001 for x in a.quantities)))
    p = q.get("some 80 per cent")
    checks.append(("'some 80 per cent' -> approximate 80 %",
                   p is not None and p.low == p.high == 80 and p.unit == "%" and getattr(p, "approximate", False)))
    k = q.get("about 220 km")
    checks.append(("'about 220 km' -> 220 km approximate", k is not None and k.low == 220 and k.unit == "km"))
    d = next((x for x in a.quantities if x.text == "dozens"), None)
    checks.append(("'dozens of vehicles' -> 24..99 vehicles",
                   d is not None and (d.low, d.high) == (24, 99) and getattr(d, "counted", None) == "vehicles"))
    print("## seed")
    for name, ok in checks:
        print(f"  [{'PASS' if ok else 'FAIL'}] {name}")


# ---------------------------------------------------------------------------------------- certainty
def bench_certainty() -> dict[str, dict[str, float]]:
    refs = [r for r in csv.DictReader(
        (line for line in (ROOT / "benchmarks" / "data" / "certainty_refs.tsv").open(encoding="utf-8")
         if not line.startswith("#")), delimiter="\t")]  # fmt: skip
    by_article: dict[str, list[dict[str, str]]] = {}
    for r in refs:
        by_article.setdefault(r["article_id"], []).append(r)
    gold: dict[str, list[str]] = {"dev": [], "test": []}
    pred: dict[str, list[str]] = {"dev": [], "test": []}
    missing = 0
    for art, rows in by_article.items():
        text = (PTC / "train-articles" / f"article{art}.txt").read_text(encoding="utf-8")
        a = run_claims(text)
        claims = {(c.start, c.end): c for c in a.claims}
        for r in rows:
            c = claims.get((int(r["start"]), int(r["end"])))
            if c is None:  # segmentation differs: take the claim that contains the start
                c = next((x for x in a.claims if x.start <= int(r["start"]) < x.end), None)
                missing += 1
            gold[r["split"]].append(r["label"])
            pred[r["split"]].append(c.certainty if c else "asserted")
    print(f"## certainty (our set: {len(refs)} sentences, {missing} re-aligned)")
    out = {}
    for split in ("dev", "test"):
        g, p = gold[split], pred[split]
        acc = sum(x == y for x, y in zip(g, p, strict=True)) / len(g)
        f1s = {}
        for lab in LABELS:
            tp = sum(x == y == lab for x, y in zip(g, p, strict=True))
            fp = sum(y == lab != x for x, y in zip(g, p, strict=True))
            fn = sum(x == lab != y for x, y in zip(g, p, strict=True))
            f1s[lab] = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
        macro = sum(f1s.values()) / len(f1s)
        majority = Counter(g).most_common(1)[0][1] / len(g)
        print(f"  {split:4} n={len(g):3}  accuracy {acc:.3f} (majority class {majority:.3f})  macro-F1 {macro:.3f}  "
              + "  ".join(f"{k} {v:.3f}" for k, v in f1s.items()))
        conf = Counter(zip(g, p, strict=True))
        print("        confusion (gold -> predicted): " + ", ".join(
            f"{x[:4]}->{y[:4]} {n}" for (x, y), n in sorted(conf.items()) if x != y))
        out[split] = {"accuracy": acc, "macro_f1": macro, **f1s}
    return out


def bench_lexicon() -> None:
    folder = SHARED / "data" / "claims" / "hedging-lexicon-islam2020"
    ours: dict[str, set[str]] = {}
    for p in certainty_patterns():
        for w in p.words:
            ours.setdefault(p.kind, set()).add(w)
    ours_all = set().union(*ours.values())
    nlp = load_nlp()
    print("## lexicon coverage (Islam et al. 2020 lists, used for measuring only)")
    for name, kinds in (("hedge_words.txt", ("hedge", "speculation")), ("booster_words.txt", ("booster",))):
        words = [w.strip().lower() for w in (folder / name).read_text(encoding="utf-8").splitlines()
                 if w.strip() and not w.startswith("#")]
        mine = set().union(*(ours.get(k, set()) for k in kinds))
        covered = [w for w in words if w in mine or nlp(w)[0].lemma_.lower() in mine]
        anywhere = [w for w in words if w in ours_all or nlp(w)[0].lemma_.lower() in ours_all]
        print(f"  {name}: {len(words)} entries; {len(covered)} ({len(covered) / len(words):.0%}) covered as "
              f"{'/'.join(kinds)} cues; {len(anywhere)} ({len(anywhere) / len(words):.0%}) "
              "appear in any of our patterns")


# ------------------------------------------------------------------------------------- checkworthy
def bench_checkworthy() -> dict[str, float]:
    res = {}
    for year in (2019, 2020):
        debates = checkthat(year, "test")
        res[f"checkthat{year}_map"] = mean_ap([(score_sentences(s), y) for _, s, y in debates])
    texts, labels = claimbuster("test")
    scores = score_sentences(texts)
    tp = sum(s >= 0.5 and y == 1 for s, y in zip(scores, labels, strict=True))
    fp = sum(s >= 0.5 and y == 0 for s, y in zip(scores, labels, strict=True))
    fn = sum(s < 0.5 and y == 1 for s, y in zip(scores, labels, strict=True))
    res["claimbuster_f1_pos"] = 2 * tp / (2 * tp + fp + fn)
    res["claimbuster_p_pos"] = tp / (tp + fp) if tp + fp else 0.0
    res["claimbuster_r_pos"] = tp / (tp + fn) if tp + fn else 0.0
    print("## check-worthiness")
    print(f"  CheckThat! 2019 task 1 test MAP {res['checkthat2019_map']:.4f}  (anchor: best at the lab 0.1660)")
    print(f"  CheckThat! 2020 task 5 test MAP {res['checkthat2020_map']:.4f}")
    print(f"  ClaimBuster test positive-class F1 {res['claimbuster_f1_pos']:.4f} "
          f"(P {res['claimbuster_p_pos']:.3f} R {res['claimbuster_r_pos']:.3f}, threshold 0.5)")
    return res


# -------------------------------------------------------------------------------------- quantities
_KILL_WORDS = re.compile(r"\b(killed|dead|died|fatal(ly)?|slain|murdered|death)\b", re.I)


def _figure(a: Analysis, role: str) -> int | None:
    for q in a.quantities:
        if getattr(q, "role", None) == role and q.low is not None and (q.high is None or q.high == q.low):
            return int(q.low)
    return None


def bench_quantities(limit: int) -> None:
    gva = SHARED / "data" / "events" / "gva-dev"
    incidents = {}
    for line in (gva / "gva_incidents-dev.jsonl").open(encoding="utf-8"):
        d = json.loads(line)
        incidents[str(d["incident_uri"])] = d
    articles = []
    for line in (gva / "violent_corpus_articles-dev.jsonl").open(encoding="utf-8"):
        d = json.loads(line)
        if str(d["incident_id"]) in incidents and len(d.get("content") or "") >= 300:
            articles.append(d)
    articles = articles[:limit]
    stats = {r: Counter() for r in ("killed", "injured")}
    for art in articles:
        inc = incidents[str(art["incident_id"])]
        a = run_claims(art["content"][:20000], only_quantities=True)
        for role, key in (("killed", "num_killed"), ("injured", "num_injured")):
            gold = int(inc[key])
            fig = _figure(a, role)
            s = stats[role]
            s["n"] += 1
            s["gold_zero"] += gold == 0
            if fig is not None:
                s["stated"] += 1
                s["stated_exact"] += fig == gold
            # with a default of 0 when the article states no figure for the role
            s["exact_default0"] += (fig if fig is not None else 0) == gold
    print(f"## quantities on GVA dev ({len(articles)} articles with >= 300 characters, matched to incidents)")
    for role, s in stats.items():
        n = s["n"]
        print(f"  {role:8} figure stated in {s['stated']}/{n} articles; exact match where stated "
              f"{s['stated_exact'] / max(1, s['stated']):.3f}; over all articles (no figure -> 0) "
              f"{s['exact_default0'] / n:.3f} vs always-0 baseline {s['gold_zero'] / n:.3f}")


# ------------------------------------------------------------------------------------------- speed
def bench_speed(n_articles: int) -> None:
    files = sorted((PTC / "dev-articles").glob("*.txt"))[:n_articles]
    texts = [f.read_text(encoding="utf-8") for f in files]
    nlp = load_nlp()
    run_claims("Warm-up: the ministry said 3 people might have died.")  # loads model and lexicons
    t0 = time.perf_counter()
    docs = [nlp(t) for t in texts]
    parse = time.perf_counter() - t0
    # sentence records are part of the pipeline's parse stage, not of these analyzers
    analyses = [Analysis(article=Article(text=t), sentences=sentences_of(d)) for t, d in zip(texts, docs, strict=True)]
    t1 = time.perf_counter()
    for analysis, doc in zip(analyses, docs, strict=True):
        ctx = Context(analysis=analysis, doc=doc)
        quantities_analyzer.run(ctx)
        claims_analyzer.run(ctx)
    extra = time.perf_counter() - t1
    chars = sum(map(len, texts))
    print(f"## speed ({len(texts)} PTC dev articles, {chars:,} characters)")
    print(f"  spaCy parse {parse:.2f} s; quantities + claims {extra:.2f} s; ratio {extra / parse:.1%} "
          f"(target <= 30 %)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--only", default="seed,certainty,lexicon,checkworthy,quantities,speed")
    ap.add_argument("--gva-limit", type=int, default=800)
    ap.add_argument("--speed-articles", type=int, default=40)
    args = ap.parse_args()
    wanted = args.only.split(",")
    if "seed" in wanted:
        bench_seed()
    if "certainty" in wanted:
        bench_certainty()
    if "lexicon" in wanted:
        bench_lexicon()
    if "checkworthy" in wanted:
        bench_checkworthy()
    if "quantities" in wanted:
        bench_quantities(args.gva_limit)
    if "speed" in wanted:
        bench_speed(args.speed_articles)


if __name__ == "__main__":
    main()
