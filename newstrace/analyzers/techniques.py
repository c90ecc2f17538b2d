"""The ``techniques`` analyzer: propaganda technique spans and per-sentence propaganda scores.

Fills ``analysis.techniques`` (technique, start, end, text, score; plus ``span_score`` and
``technique_score``) and adds ``analysis.sentence_propaganda``: one record per sentence,
``{"sentence_id", "score", "propaganda"}``, where ``propaganda`` applies the tuned threshold.
"""

from __future__ import annotations

from newstrace.analyzers.registry import Context, register
from newstrace.errors import ModelMissingError
from newstrace.model import Technique

__all__ = ["run"]


@register("techniques", fills=("techniques",), order=60)
def run(ctx: Context) -> None:
    """Propaganda techniques (PTC-2020 names) with spans, and sentence-level propaganda scores."""
    from newstrace.propaganda import detect  # imported here so the models load only when asked

    try:
        found = detect(ctx.doc)
    except ModelMissingError as exc:  # a broken install costs this part of the output, not the rest
        ctx.analysis.warn("W305", f"propaganda techniques not analysed: {exc}")
        return
    text = ctx.text
    ctx.analysis.techniques = [
        Technique(
            technique=s.technique,
            start=s.start,
            end=s.end,
            text=text[s.start : s.end],
            score=s.score,
            span_score=s.span_score,
            technique_score=s.technique_score,
        )
        for s in found.spans
    ]
    records = []
    for sent in ctx.analysis.sentences:
        # The detector's sentences are spaCy's, untrimmed; the one holding the trimmed start is it.
        best = next((d for d in found.sentences if d.start <= sent.start < d.end), None)
        if best is not None:
            records.append({"sentence_id": sent.id, "score": best.score, "propaganda": best.propaganda})
    ctx.analysis.sentence_propaganda = records  # type: ignore[attr-defined]
