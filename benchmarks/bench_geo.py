"""Geoparsing end to end (our recognition + resolution) on LGL and GeoVirus, the seed checks, and speed.

Reads ``$NEWSTRACE_SHARED`` (default ``../shared``). Prints, per corpus: toponym recognition P/R/F1
(exact span), resolution accuracy within 161 km, mean error (km) and AUC of the log error curve
(Gritta et al. 2018) over correctly recognised toponyms, and the end-to-end share of gold toponyms
found and placed within 161 km. Speed: places + times time as a ratio of the spaCy parse time.

    nice -n 10 .venv/bin/python benchmarks/bench_geo.py [--limit N]
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newstrace.geo.gazetteer import load_gazetteer  # noqa: E402
from newstrace.geo.geodesy import distance_bearing  # noqa: E402
from newstrace.geo.recognize import recognize_toponyms  # noqa: E402
from newstrace.geo.resolve import resolve_toponyms  # noqa: E402
from newstrace.nlp import load_nlp  # noqa: E402
from newstrace.temporal.timex import find_timexes  # noqa: E402

SHARED = Path(os.environ.get("NEWSTRACE_SHARED") or ROOT.parent / "shared")
ANCHORS = {
    "lgl": "acc@161 CamCoder 0.76, Edinburgh 0.76, population 0.70; recognition F1 0.62-0.71; goal acc 0.80, F1 0.75",
    "geovirus": "acc@161 CamCoder 0.82, Edinburgh 0.78, population 0.80; goal acc 0.85",
}


def load_lgl(path: Path) -> list[tuple[str, list[tuple[int, int, float, float]]]]:
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        gold = []
        for t in art.iter("toponym"):
            lat, lon = t.findtext("gaztag/lat"), t.findtext("gaztag/lon")
            if lat is None or lon is None:
                continue
            gold.append((int(t.findtext("start") or 0), int(t.findtext("end") or 0), float(lat), float(lon)))
        docs.append((text, gold))
    return docs


def load_geovirus(path: Path) -> list[tuple[str, list[tuple[int, int, float, float]]]]:
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        gold = []
        for loc in art.iter("location"):
            name, start = loc.findtext("name") or "", int(loc.findtext("start") or 0)
            # The corpus offsets are often one character off; anchor each on the nearest occurrence.
            hits = [i for i in range(max(0, start - 3), start + 4) if text.startswith(name, i)]
            if not hits:
                continue
            s0 = min(hits, key=lambda i: abs(i - start))
            gold.append((s0, s0 + len(name), float(loc.findtext("lat") or 0), float(loc.findtext("lon") or 0)))
        docs.append((text, gold))
    return docs


def evaluate(name: str, docs: list[tuple[str, list[tuple[int, int, float, float]]]]) -> dict[str, float]:
    nlp = load_nlp()
    gaz = load_gazetteer()
    tp = fp = fn = 0
    errors: list[float] = []
    gold_total = 0
    t_parse = t_geo = t_time = 0.0
    for text, gold in docs:
        t0 = time.perf_counter()
        doc = nlp(text)
        t1 = time.perf_counter()
        # Demonyms stay: LGL and GeoVirus annotate "Russian", "Georgian" ... as toponyms too.
        res = resolve_toponyms(recognize_toponyms(doc, gaz))
        t2 = time.perf_counter()
        find_timexes(text, "2010-01-01")
        t3 = time.perf_counter()
        t_parse, t_geo, t_time = t_parse + t1 - t0, t_geo + t2 - t1, t_time + t3 - t2
        pred = {(r.mention.start, r.mention.end): r for r in res}
        gold_spans = {(s, e): (la, lo) for s, e, la, lo in gold}
        gold_total += len(gold_spans)
        for span, (la, lo) in gold_spans.items():
            r = pred.get(span)
            if r is None:
                fn += 1
                continue
            tp += 1
            if r.entry is None:
                errors.append(20039.0)  # unresolved: the worst error (half the equator)
            else:
                errors.append(distance_bearing(la, lo, r.entry.lat, r.entry.lon)[0])
        fp += sum(1 for span in pred if span not in gold_spans)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    acc = sum(e <= 161 for e in errors) / len(errors) if errors else 0.0
    mean = sum(errors) / len(errors) if errors else 0.0
    # AUC of Gritta et al.: area under the sorted log-error curve, normalised; lower is better.
    logs = sorted(math.log(1 + e) / math.log(20039) for e in errors)
    auc = sum(logs) / len(logs) if logs else 0.0
    e2e = sum(e <= 161 for e in errors) / gold_total if gold_total else 0.0
    out = {"docs": len(docs), "gold": gold_total, "P": p, "R": r, "F1": f1, "acc161": acc, "mean_km": mean,
           "AUC": auc, "e2e161": e2e, "parse_s": t_parse, "places_s": t_geo, "times_s": t_time}
    print(f"{name}: {len(docs)} docs, {gold_total} gold toponyms with coordinates")
    print(f"  recognition P {p:.3f} R {r:.3f} F1 {f1:.3f} (exact spans)")
    print(f"  resolution on {len(errors)} recognised: acc@161 {acc:.3f}, mean error {mean:.0f} km, AUC {auc:.3f}")
    print(f"  end to end: {e2e:.3f} of gold toponyms found and placed within 161 km")
    print(f"  anchors: {ANCHORS.get(name, '')}")
    print(f"  speed: parse {t_parse:.1f} s, places {t_geo:.1f} s, times {t_time:.2f} s -> "
          f"(places+times)/parse = {(t_geo + t_time) / t_parse:.3f}")
    return out


def seed_checks() -> None:
    from newstrace.pipeline import analyze_path

    seed = SHARED / "seed" / "000_eeff659715a18b85.txt"
    if not seed.exists():
        print("seed: not found")
        return
    a = analyze_path(seed, only=["places", "times", "checks"])
    want = {"Palmyra": "SY", "Homs": "SY", "Raqqa": "SY", "Deir Ezzor": "SY", "Mosul": "IQ", "Aleppo": "SY",
            "Damascus": "SY"}
    for name, cc in want.items():
        p = next((p for p in a.places if any(m.text == name for m in p.mentions)), None)
        ok = p is not None and p.country_code == cc and p.precision == "city"
        print(f"  seed {name:11s} -> {p.name if p else None} ({p.geonames_id if p else None}, "
              f"{p.country_code if p else None}) {'OK' if ok else 'FAIL'}")
    for t in a.times:
        print(f"  seed time {t.text!r} -> {t.value} ({t.type})")
    for c in a.checks:
        print(f"  seed check [{c.verdict}] {c.explanation}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents per corpus")
    args = ap.parse_args()
    t = time.perf_counter()
    load_gazetteer()
    print(f"gazetteer ready in {time.perf_counter() - t:.2f} s")
    gaz = load_gazetteer()
    t = time.perf_counter()
    for _ in range(1000):
        gaz.lookup("Deir al-Zour")
    print(f"lookup: {(time.perf_counter() - t):.3f} ms per call (mean of 1000)")
    corpora = {"lgl": load_lgl(SHARED / "data/geo/lgl/lgl.xml"),
               "geovirus": load_geovirus(SHARED / "data/geo/geovirus/GeoVirus.xml")}
    for name, docs in corpora.items():
        evaluate(name, docs[: args.limit] if args.limit else docs)
    seed_checks()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
