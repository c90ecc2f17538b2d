"""The ``claims`` analyzer: one claim per sentence with attribution, certainty and check-worthiness.

Joins three independent parts by sentence offsets: attribution relations
(:mod:`newstrace.claims.attribution`), certainty cues (:mod:`newstrace.claims.certainty`) and the
check-worthiness model (:mod:`newstrace.claims.checkworthy`). A sentence inside a quotation that is
attributed in a neighbouring sentence inherits that attribution (:mod:`newstrace.claims.quotes`).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import asdict
from typing import Any

from newstrace.analyzers.registry import Context, register
from newstrace.claims.attribution import Attribution, extract_attributions
from newstrace.claims.attribution_tagger import tagged_attributions
from newstrace.claims.certainty import Cue, classify_certainty
from newstrace.claims.checkworthy import score_sentences
from newstrace.claims.quotes import quote_regions
from newstrace.errors import ModelMissingError
from newstrace.model import Claim, Sentence

__all__ = ["run"]


def _inherit_from_quotes(
    text: str, sentences: list[tuple[int, int]], attrs: list[list[Attribution]]
) -> dict[int, Attribution]:
    """Sentence index -> the attribution its enclosing quotation gets from a neighbouring sentence."""
    inherited: dict[int, Attribution] = {}
    for qs, qe in quote_regions(text):
        inside = [i for i, (s, e) in enumerate(sentences) if s >= qs - 1 and e <= qe + 1]
        touching = [i for i, (s, e) in enumerate(sentences) if s < qe and e > qs]
        after = [i for i, (s, _) in enumerate(sentences) if s >= qe][:1]
        donor = None
        for i in touching + after:
            main = [a for a in attrs[i] if a.main and a.source is not None]
            if main:
                donor = main[0]
                break
        if donor is None:
            continue
        for i in inside:
            if not any(a.main for a in attrs[i]):
                inherited[i] = donor
    return inherited


def _by_sentence(sentences: list[Sentence], found: list[Attribution]) -> list[list[Attribution]]:
    """The relations grouped by the sentence holding their cue, in text order."""
    out: list[list[Attribution]] = [[] for _ in sentences]
    starts = [s.start for s in sentences]
    for a in sorted(found, key=lambda a: a.cue_start):
        i = bisect_right(starts, a.cue_start) - 1
        if i >= 0 and a.cue_start < sentences[i].end:
            out[i].append(a)
    return out


def _claim_fields(attr: Attribution | None, inherited: bool) -> dict[str, Any]:
    if attr is None:
        return {}
    return {
        "attributed_to": attr.source,
        "attribution_cue": attr.cue,
        "source_start": attr.source_start,
        "source_end": attr.source_end,
        "source_entity": attr.source_entity,
        "source_vague": attr.vague,
        "cue_start": attr.cue_start,
        "cue_end": attr.cue_end,
        "content_start": attr.content_start,
        "content_end": attr.content_end,
        "attribution_inherited": inherited,
    }


@register("claims", fills=("claims",), order=40)
def run(ctx: Context) -> None:
    """Per sentence: attributed_to and cue, certainty with its cues, check-worthiness."""
    doc = ctx.doc
    sentences = ctx.analysis.sentences
    spans = [doc.char_span(s.start, s.end, alignment_mode="expand") for s in sentences]
    attrs = [extract_attributions(doc, sp) if sp is not None else [] for sp in spans]
    try:
        # The learned tagger re-labels the rules' spans and adds the cues they miss.
        attrs = _by_sentence(sentences, tagged_attributions(doc, [a for sent in attrs for a in sent]))
    except ModelMissingError as exc:  # a broken install falls back to the rules alone
        ctx.analysis.warn("W306", f"attribution tagger not loaded, rules only: {exc}")
    inherited = _inherit_from_quotes(ctx.text, [(s.start, s.end) for s in sentences], attrs)
    scores = score_sentences([s.text for s in sentences])
    claims: list[Claim] = []
    for i, (sent, span) in enumerate(zip(sentences, spans, strict=True)):
        result = classify_certainty(span, attrs[i]) if span is not None else None
        cues: list[Cue] = result.cues if result else []
        certainty = result.certainty if result else "asserted"
        main = next((a for a in attrs[i] if a.main), None)
        donor = inherited.get(i)
        if main is None and donor is not None:
            main = donor
            cues = [*cues, Cue("attribution", donor.cue, donor.cue_start, donor.cue_end)]
            if certainty == "asserted":
                certainty = "reported"
        claims.append(
            Claim(
                sentence_id=sent.id, start=sent.start, end=sent.end, text=sent.text, certainty=certainty,
                cues=[c.label() for c in cues], check_worthiness=round(scores[i], 4),
                cue_spans=[asdict(c) for c in cues],
                attributions=[asdict(a) for a in attrs[i]],
                **_claim_fields(main, donor is not None and main is donor),
            )
        )  # fmt: skip
    ctx.analysis.claims = claims
