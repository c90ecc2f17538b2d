"""Claims: attribution, certainty, quotations, check-worthiness and the analyzer (our own sentences)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from newstrace.analyzers.registry import available
from newstrace.claims import attribution_tagger
from newstrace.claims.attribution import extract_attributions
from newstrace.claims.attribution_tagger import TaggedSpan, _Crf, _quote_state, _spans, tagged_attributions
from newstrace.claims.certainty import classify_certainty, find_cues
from newstrace.claims.checkworthy import prepare, score_sentences
from newstrace.claims.quotes import quote_regions
from newstrace.errors import ModelMissingError
from newstrace.nlp import parse
from newstrace.pipeline import analyze


def _certainty(text: str) -> tuple[str, list[str]]:
    doc = parse(text)
    sent = next(iter(doc.sents))
    res = classify_certainty(sent, extract_attributions(doc, sent))
    return res.certainty, [c.label() for c in res.cues]


def test_according_to_gives_source_cue_and_content() -> None:
    text = "According to the Ministry of Water, the dam holds 9 billion litres."
    doc = parse(text)
    (attr,) = extract_attributions(doc, next(iter(doc.sents)))
    assert attr.source == "the Ministry of Water"
    assert attr.cue == "According to"
    assert attr.content_start is not None and attr.content_end is not None
    assert text[attr.content_start : attr.content_end].startswith("the dam holds")
    assert not attr.vague


def test_reporting_verb_with_titled_person() -> None:
    text = "Port director Amira Haddad said that the cranes had been repaired."
    doc = parse(text)
    (attr,) = extract_attributions(doc, next(iter(doc.sents)))
    assert attr.source == "Port director Amira Haddad"
    assert attr.source_entity == "Amira Haddad"
    assert attr.cue == "said"
    assert attr.main


@pytest.mark.parametrize(
    "text",
    [
        "Several local outlets reported that the bridge was closed.",
        "Sources told the newspaper that the deal had collapsed.",
        "It was reported that the bridge was closed.",
    ],
)
def test_vague_sources_are_marked(text: str) -> None:
    doc = parse(text)
    attrs = extract_attributions(doc, next(iter(doc.sents)))
    assert attrs and attrs[0].vague


def test_no_attribution_in_plain_statement_or_negated_cue() -> None:
    for text in ("The bridge was closed on Monday.", "The group has never claimed the attack."):
        doc = parse(text)
        assert not [a for a in extract_attributions(doc, next(iter(doc.sents))) if a.main]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The convoy reached the border on Tuesday.", "asserted"),
        ("The mayor said the convoy reached the border.", "reported"),
        ("The convoy might have reached the border.", "hedged"),
        ("The rebels seem to have left the village.", "hedged"),
        ("The commander reportedly left the city.", "hedged"),
        ("Officials believe the fire was set on purpose.", "hedged"),
        ("It is possible that the fire was set on purpose.", "speculative"),
        ("It could be supposed that the talks were staged.", "speculative"),
        ("Perhaps the talks were staged.", "speculative"),
        ("If the dam breaks, the town would flood.", "speculative"),
    ],
)
def test_certainty_values(text: str, expected: str) -> None:
    assert _certainty(text)[0] == expected


def test_boosters_are_cues_but_do_not_raise_certainty() -> None:
    certainty, cues = _certainty("Clearly, the convoy might have been delayed.")
    assert certainty == "hedged"
    assert "booster:Clearly" in cues
    certainty, cues = _certainty("Obviously, the army was unprepared.")
    assert certainty == "asserted"
    assert cues == ["booster:Obviously"]


def test_hedges_in_embedded_clauses_do_not_count() -> None:
    # "could" belongs to the relative clause, not to what the sentence states
    assert _certainty("The plan, which could cost millions, was approved on Friday.")[0] == "asserted"
    # "possible" as an ordinary adjective is not a speculation frame
    assert _certainty("The win became possible after the storm.")[0] == "asserted"


def test_negated_could_is_not_a_hedge() -> None:
    doc = parse("The villagers could not leave the valley.")
    assert find_cues(next(iter(doc.sents))) == []


def test_quote_regions() -> None:
    text = "“We will stay. We have food,” she said. He said “no”."
    regions = quote_regions(text)
    assert regions == [(0, 29)]
    assert quote_regions("") == []


def test_quote_regions_with_doubled_apostrophes() -> None:
    # Some archives write both quotation marks as two apostrophes; an apostrophe inside stays inside.
    text = "''It's late,'' the guard said. ''We close at nine.'' The dog's bowl"
    regions = quote_regions(text, min_chars=3)
    assert [text[a:b] for a, b in regions] == ["''It's late,''", "''We close at nine.''"]
    assert quote_regions("the dog's bowl and the cats' toys") == []


def test_quote_state_marks_open_inside_and_close() -> None:
    doc = parse("She said “we stay here” and left.")
    state = {doc[i].text: v for i, v in _quote_state(doc).items()}
    assert state == {"“": "open", "we": "in", "stay": "in", "here": "in", "”": "close"}
    assert _quote_state(parse("No quotation at all.")) == {}


def test_analyzer_fills_claims_per_sentence_with_offsets() -> None:
    text = (
        "The storm hit the coast on Sunday.\n\n"
        "“We lost everything. The roof is gone,” a fisherman told reporters.\n\n"
        "According to the coast guard, more than 40 boats sank.\n\n"
        "It could be supposed that the warning came too late."
    )
    a = analyze(text, only=["claims"])
    assert "claims" in a.analyzers
    assert len(a.claims) == len(a.sentences)
    by_id = {c.sentence_id: c for c in a.claims}
    for c in a.claims:
        assert a.article.text[c.start : c.end] == c.text
        assert c.check_worthiness is not None and 0.0 <= c.check_worthiness <= 1.0
    quote_first = next(c for c in by_id.values() if c.text.startswith("“We lost"))
    assert quote_first.certainty == "reported"
    assert quote_first.attributed_to == "a fisherman"
    assert getattr(quote_first, "attribution_inherited", False)
    guard = next(c for c in by_id.values() if "coast guard" in c.text)
    assert guard.certainty == "reported"
    assert guard.attributed_to == "the coast guard"
    s0, s1 = guard.source_start, guard.source_end
    assert a.article.text[s0:s1] == "the coast guard"
    assert next(c for c in by_id.values() if "supposed" in c.text).certainty == "speculative"


def test_quantities_analyzer_through_pipeline() -> None:
    a = analyze("Officials said some 80 per cent of residents had left and over 2,000 homes burned.",
                only=["quantities"])
    qs = {q.text: q for q in a.quantities}
    assert qs["some 80 per cent"].low == 80 and qs["some 80 per cent"].unit == "%"
    assert qs["over 2,000"].low == 2001 and qs["over 2,000"].high is None


def test_check_worthiness_ranks_factual_claims_above_chatter() -> None:
    factual = "Unemployment fell to 4.1 percent last year, the lowest rate in two decades."
    chatter = "Thank you all so much, it is great to be here tonight."
    high, low = score_sentences([factual, chatter])
    assert high > low
    assert score_sentences([]) == []
    assert prepare("In 2016, 45 died") == "In 0000, 00 died"


def test_analyzers_are_registered_with_agreed_names() -> None:
    specs = available()
    assert specs["quantities"].fills == ("quantities",)
    assert specs["claims"].fills == ("claims",)
    assert specs["quantities"].order == 30 and specs["claims"].order == 40


def test_odd_input_does_not_break_claims() -> None:
    a = analyze("??? … “ ” — 12 % % ,,,", only=["claims", "quantities"])
    assert "claims" in a.analyzers and "quantities" in a.analyzers
    assert not [w for w in a.warnings if w.code == "W300"]


def _tiny_crf() -> _Crf:
    # Three labels; features favour a cue on "said", transitions forbid O -> I-Cue.
    return _Crf({
        "labels": ["B-Cue", "I-Cue", "O"],
        "features": ["w=said", "w=out", "b"],
        "weights": [[[0, 2.0], [2, -0.5]], [[1, 0.8], [2, 0.9]], [[2, 0.3]]],
        "transitions": [0.0, 0.5, 0.0, -1.0, 0.2, 0.0, 0.0, -5.0, 0.1],
    })


def test_crf_viterbi_equals_brute_force() -> None:
    crf = _tiny_crf()
    seq = [["b"], ["b", "w=said"], ["b", "w=out"], ["b", "w=out"], ["b"]]
    n = len(crf.labels)

    def score(path: tuple[int, ...]) -> float:
        total = 0.0
        for k, lab in enumerate(path):
            total += sum(float(crf.state[crf.index[f], lab]) for f in seq[k] if f in crf.index)
            if k:
                total += float(crf.trans[path[k - 1], lab])
        return total

    best = max(itertools.product(range(n), repeat=len(seq)), key=score)
    assert crf.decode(seq) == [crf.labels[i] for i in best]
    assert crf.decode([]) == []
    assert crf.decode([["unknown-feature"]]) in (["B-Cue"], ["I-Cue"], ["O"])


def test_bio_tags_become_spans() -> None:
    doc = parse("Officials said on Monday that the road was closed.")
    toks = list(doc)
    tags = ["B-Source", "B-Cue", "O", "O", "I-Content", "I-Content", "I-Content", "I-Content", "I-Content", "O"]
    spans = _spans(toks, tags)
    assert spans == [TaggedSpan("Source", 0, 1), TaggedSpan("Cue", 1, 2), TaggedSpan("Content", 4, 9)]


def test_bilou_tags_become_spans() -> None:
    # L ends a span and U is a one-token span; an I-Content after the cue resumes the content.
    doc = parse("“We will stay,” she said. “We have food.”")
    toks = list(doc)
    she = next(t.i for t in toks if t.text == "she")
    tags = ["B-Content"] + ["I-Content"] * (she - 2) + ["L-Content", "U-Source", "U-Cue"]
    tags += ["I-Content"] * (len(toks) - len(tags) - 1) + ["L-Content"]
    spans = _spans(toks, tags)
    assert TaggedSpan("Content", 0, len(toks)) in spans
    assert TaggedSpan("Source", she, she + 1) in spans and TaggedSpan("Cue", she + 1, she + 2) in spans
    doc = parse("Officials said the road was closed.")
    spans = _spans(list(doc), ["U-Source", "U-Cue", "B-Content", "I-Content", "I-Content", "L-Content", "O"])
    assert spans == [TaggedSpan("Source", 0, 1), TaggedSpan("Cue", 1, 2), TaggedSpan("Content", 2, 6)]


def test_tagged_content_leaves_out_a_trailing_comma(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "The plan, the mayor said, would cost too much."
    doc = parse(text)
    idx = {t.text: t.i for t in doc}
    fixed = [TaggedSpan("Content", 0, idx["plan"] + 2), TaggedSpan("Source", idx["the"], idx["mayor"] + 1),
             TaggedSpan("Cue", idx["said"], idx["said"] + 1)]  # fmt: skip
    assert doc[idx["plan"] + 1].text == ","
    monkeypatch.setattr(attribution_tagger, "tag_spans", lambda *args, **kwargs: fixed)
    found = tagged_attributions(doc, [])
    assert len(found) == 1 and found[0].cue == "said" and found[0].source == "the mayor"
    assert text[found[0].content_start : found[0].content_end] == "The plan"


def test_tagger_relations_on_a_plain_report() -> None:
    text = "The mayor of Springfield said the bridge would reopen in May."
    doc = parse(text)
    rules = [a for s in doc.sents for a in extract_attributions(doc, s)]
    found = tagged_attributions(doc, rules)
    assert len(found) == 1
    a = found[0]
    assert a.cue == "said" and a.main
    assert a.source == "The mayor of Springfield" and not a.vague
    assert a.content_start is not None and text[a.content_start : a.content_end].startswith("the bridge")


def test_missing_tagger_model_falls_back_to_rules(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(attribution_tagger, "MODEL_PATH", tmp_path / "absent.json.gz")
    attribution_tagger._crf.cache_clear()
    try:
        with pytest.raises(ModelMissingError):
            attribution_tagger._crf()
        a = analyze("According to the police, two cars collided.", only=["claims"])
        assert [w.code for w in a.warnings if w.code == "W306"] == ["W306"]
        assert a.claims[0].attributed_to == "the police"
    finally:
        attribution_tagger._crf.cache_clear()


def test_content_interrupted_by_its_cue_is_one_span() -> None:
    doc = parse("“We will stay,” she said. “We have food.”")
    toks = list(doc)
    kinds = {"she": "B-Source", "said": "B-Cue"}
    tags, started = [], False
    for t in toks:
        if t.text in kinds:
            tags.append(kinds[t.text])
        else:
            tags.append("I-Content" if started else "B-Content")
            started = True
    spans = _spans(toks, tags)
    content = [s for s in spans if s.kind == "Content"]
    assert content == [TaggedSpan("Content", 0, len(toks))]
    assert {s.kind for s in spans} == {"Content", "Source", "Cue"}


def test_tagger_adds_a_stance_cue_the_rules_miss_without_making_it_reported() -> None:
    # PolNeAR counts stances ("opposed") as attributions; the rules do not, and the tagger learnt them.
    text = "The union opposed the merger, saying it would cost jobs."
    doc = parse(text)
    rules = [a for s in doc.sents for a in extract_attributions(doc, s)]
    assert "opposed" not in [a.cue for a in rules]
    found = {a.cue: a for a in tagged_attributions(doc, rules)}
    assert found["opposed"].source == "The union"
    assert not found["opposed"].main  # a stance is not a report: certainty stays with the rules
    by_rules = classify_certainty(next(iter(doc.sents)), rules).certainty
    assert analyze(text, only=["claims"]).claims[0].certainty == by_rules
