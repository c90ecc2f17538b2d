"""Tests of the propaganda techniques analyzer, its scorers and its corpus reader (own fixtures only)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from newstrace.propaganda.labels import TECHNIQUES, technique_index
from newstrace.propaganda.ptc import read_articles, read_labels
from newstrace.propaganda.scoring import merge_spans, score_si, score_slc, score_tc, score_tc_per_technique

NEUTRAL = "The city council met on Tuesday to discuss the budget for road repairs in the northern district."
LOADED = (
    "These bloodthirsty terrorists and their evil puppet masters are destroying our glorious nation, "
    "and only cowards and traitors would stay silent!"
)


# --- scorers ---------------------------------------------------------------------------------------
def test_si_partial_overlap_follows_the_official_definition() -> None:
    # gold 0-10; prediction 5-15 overlaps 5 chars: P = 5/10, R = 5/10
    prf = score_si({"a": [(5, 15)]}, {"a": [(0, 10)]})
    assert prf.precision == pytest.approx(0.5)
    assert prf.recall == pytest.approx(0.5)
    assert prf.f1 == pytest.approx(0.5)


def test_si_counts_unmatched_spans_on_both_sides() -> None:
    # one exact hit, one false alarm, one gold span missed in another article
    prf = score_si({"a": [(0, 4), (20, 30)]}, {"a": [(0, 4)], "b": [(3, 9)]})
    assert prf.precision == pytest.approx(0.5)
    assert prf.recall == pytest.approx(0.5)


def test_si_merges_overlapping_predictions() -> None:
    assert merge_spans([(5, 9), (0, 6), (12, 14), (14, 15), (3, 3)]) == [(0, 9), (12, 15)]
    doubled = score_si({"a": [(0, 10), (0, 10)]}, {"a": [(0, 10)]})
    assert doubled.precision == pytest.approx(1.0)


def test_si_empty_prediction_scores_zero() -> None:
    prf = score_si({}, {"a": [(0, 4)]})
    assert (prf.precision, prf.recall, prf.f1) == (0.0, 0.0, 0.0)


def test_tc_multi_label_span_matches_each_label_once() -> None:
    gold = {"a": [(0, 5, "Doubt"), (0, 5, "Loaded_Language"), (9, 12, "Slogans")]}
    pred = {"a": [(0, 5, "Doubt"), (0, 5, "Doubt"), (9, 12, "Slogans")]}
    prf = score_tc(pred, gold)
    assert prf.precision == pytest.approx(2 / 3)
    assert prf.recall == pytest.approx(2 / 3)
    per = score_tc_per_technique(pred, gold, ["Doubt", "Loaded_Language"])
    assert per["Doubt"].precision == pytest.approx(0.5)
    assert per["Loaded_Language"].recall == 0.0


def test_slc_f1_and_length_mismatch() -> None:
    prf = score_slc([True, True, False, False], [True, False, True, False])
    assert prf.f1 == pytest.approx(0.5)
    with pytest.raises(ValueError):
        score_slc([True], [True, False])


def test_technique_names_are_the_fourteen_of_the_task() -> None:
    assert len(TECHNIQUES) == 14 and len(set(TECHNIQUES)) == 14
    assert technique_index("Loaded_Language") == TECHNIQUES.index("Loaded_Language")
    with pytest.raises(KeyError):
        technique_index("Smears")


# --- corpus reader ---------------------------------------------------------------------------------
def test_reader_keeps_offsets_and_crlf(tmp_path: Path) -> None:
    text = "Headline here\r\n\r\nA very sneaky sentence.\n"
    (tmp_path / "article42.txt").write_bytes(text.encode("utf-8"))
    labels = tmp_path / "labels"
    labels.mkdir()
    start = text.index("very sneaky")
    (labels / "article42.task2-TC.labels").write_text(
        f"42\tLoaded_Language\t{start}\t{start + 11}\n\n", encoding="utf-8"
    )
    [art] = read_articles(tmp_path, labels)
    assert art.id == "42"
    assert art.text[art.spans[0].start : art.spans[0].end] == "very sneaky"
    assert art.spans[0].technique == "Loaded_Language"


def test_reader_reports_malformed_lines(tmp_path: Path) -> None:
    f = tmp_path / "article7.labels"
    f.write_text("7\tDoubt\tten\t20\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"article7.labels:1"):
        read_labels(f)
    f.write_text("7\t3\t9\n", encoding="utf-8")
    assert read_labels(f)["7"][0].technique is None


# --- encoder and models ------------------------------------------------------------------------------
def test_windowed_batches_cover_every_piece_once_with_cls_and_sep() -> None:
    from types import SimpleNamespace

    from newstrace.propaganda.encoder import windowed_batches

    encs = [SimpleNamespace(ids=list(range(1000, 1000 + n))) for n in (5, 0, 300)]
    seen: dict[int, list[int]] = {0: [], 1: [], 2: []}
    for batch, ids, mask in windowed_batches(encs):
        assert ids.shape == mask.shape and ids.shape[1] <= 128
        for row, (ti, s, e) in enumerate(batch):
            assert ids[row, 0] == 101 and ids[row, e - s + 1] == 102  # [CLS] ... [SEP]
            assert mask[row].sum() == e - s + 2
            seen[ti].extend(int(i) for i in ids[row, 1 : e - s + 1])
    assert seen[0] == list(range(1000, 1005))
    assert seen[1] == []  # an empty text yields no window
    assert sorted(seen[2]) == list(range(1000, 1300))  # a long text is cut into windows, nothing lost


def test_detect_scores_loaded_language_above_neutral_reporting() -> None:
    from newstrace.nlp import parse
    from newstrace.propaganda import detect

    text = NEUTRAL + "\n\n" + LOADED
    found = detect(parse(text))
    assert len(found.sentences) >= 2
    neutral = found.sentences[0]
    loaded = max(found.sentences[1:], key=lambda s: s.score)
    assert loaded.score > neutral.score
    assert found.spans, "no span found in an openly loaded sentence"
    for s in found.spans:
        assert 0 <= s.start < s.end <= len(text)
        assert s.technique in TECHNIQUES
        assert 0.0 <= s.score <= 1.0
    # Most of the flagged text lies in the loaded sentence, not in the neutral one.
    in_loaded = sum(s.end - s.start for s in found.spans if s.start >= len(NEUTRAL))
    in_neutral = sum(s.end - s.start for s in found.spans if s.end <= len(NEUTRAL))
    assert in_loaded > in_neutral


def test_detect_on_blank_text_finds_nothing() -> None:
    from newstrace.nlp import parse
    from newstrace.propaganda import detect

    found = detect(parse("   \n\n  "))
    assert found.spans == [] and found.sentences == []


def test_analyzer_fills_techniques_with_offsets_into_the_text() -> None:
    from newstrace.pipeline import analyze

    analysis = analyze(NEUTRAL + "\n\n" + LOADED, only=["techniques"])
    assert "techniques" in analysis.analyzers
    text = analysis.article.text
    for t in analysis.techniques:
        assert text[t.start : t.end] == t.text
    per_sentence = analysis.to_dict()["sentence_propaganda"]
    assert [r["sentence_id"] for r in per_sentence] == [s.id for s in analysis.sentences]
    assert all(0.0 <= r["score"] <= 1.0 for r in per_sentence)


# --- the fine-tuned model ----------------------------------------------------------------------------
def _raw(offsets: list[tuple[int, int]], p_inside: list[float], tech: np.ndarray | None = None):  # type: ignore[no-untyped-def]
    from newstrace.propaganda.finetuned import RawOutputs

    p = np.asarray(p_inside, dtype=float)
    bio = np.stack([1 - p, np.zeros_like(p), p], axis=1)
    if tech is None:
        tech = np.zeros((len(offsets), len(TECHNIQUES)))
    return RawOutputs(np.asarray(offsets, dtype=np.int64).reshape(-1, 2), bio, tech, np.zeros(1))


def test_finetuned_token_probs_take_the_strongest_piece_of_each_token() -> None:
    from newstrace.nlp import parse
    from newstrace.propaganda.finetuned import token_probs

    doc = parse("Unbelievable lies again.")
    # "Unbelievable" as two pieces (0-2, 2-12), "lies", "again", "." ; one piece in between counts.
    raw = _raw([(0, 2), (2, 12), (13, 17), (18, 23), (23, 24)], [0.1, 0.8, 0.6, 0.0, 0.2])
    p_in, p_b = token_probs(doc, raw)
    assert [t.text for t in doc] == ["Unbelievable", "lies", "again", "."]
    assert p_in.tolist() == pytest.approx([0.8, 0.6, 0.0, 0.2])
    assert p_b.tolist() == pytest.approx([0.0, 0.0, 0.0, 0.0])
    # No pieces at all (an empty encoding) gives zeros, not an error.
    empty_in, _ = token_probs(doc, _raw([], []))
    assert not empty_in.any()


def test_finetuned_span_technique_pools_the_logits_of_the_span_pieces() -> None:
    from newstrace.propaganda.finetuned import span_techniques

    tech = np.zeros((3, len(TECHNIQUES)))
    tech[0, technique_index("Doubt")] = 4.0
    tech[1, technique_index("Slogans")] = 6.0
    tech[2, technique_index("Slogans")] = 6.0
    raw = _raw([(0, 5), (6, 10), (11, 15)], [0.0, 0.0, 0.0], tech)
    probs = span_techniques(raw, [(0, 5), (0, 15), (40, 50)])
    assert TECHNIQUES[int(probs[0].argmax())] == "Doubt"
    assert TECHNIQUES[int(probs[1].argmax())] == "Slogans"  # the mean of all three pieces
    assert probs[2] == pytest.approx(np.full(len(TECHNIQUES), 1 / len(TECHNIQUES)))  # no piece: uniform
    assert probs.sum(axis=1) == pytest.approx(np.ones(3))


def test_finetuned_decoding_needs_a_seed_bridges_gaps_and_splits_at_a_begin() -> None:
    from newstrace.nlp import parse
    from newstrace.propaganda.finetuned import Decoding, decode_spans

    doc = parse("Those vile cowards lied again today while the mayor spoke calmly .")
    sents = list(doc.sents)
    words = [t.text for t in doc]
    p_in = np.zeros(len(words))
    p_b = np.zeros(len(words))
    p_in[words.index("vile")] = 0.9
    p_in[words.index("cowards")] = 0.3
    p_in[words.index("again")] = 0.3  # one-token gap ("lied") to bridge
    p_in[words.index("calmly")] = 0.3  # above the threshold but never reaches the seed
    dec = Decoding(threshold=0.2, seed=0.5, gap=1, split=1.1)
    text = doc.text
    assert [text[s:e] for s, e, _ in decode_spans(doc, sents, p_in, p_b, dec)] == ["vile cowards lied again"]
    no_gap = Decoding(threshold=0.2, seed=0.5, gap=0, split=1.1)
    assert [text[s:e] for s, e, _ in decode_spans(doc, sents, p_in, p_b, no_gap)] == ["vile cowards"]
    # A confident "begins" on "again" cuts the run in two; "again" alone lacks a seed.
    p_b[words.index("again")] = 0.8
    split = Decoding(threshold=0.2, seed=0.5, gap=1, split=0.5)
    assert [text[s:e] for s, e, _ in decode_spans(doc, sents, p_in, p_b, split)] == ["vile cowards"]


def test_finetuned_model_covers_long_sentences_and_keeps_offsets_in_the_text() -> None:
    from newstrace.nlp import parse
    from newstrace.propaganda.finetuned import run_model

    text = "The harbour " + " ".join(["harbour"] * 200) + " closed. A short one."
    doc = parse(text)
    sents = list(doc.sents)
    raw = run_model(doc, sents)
    assert len(raw.offsets) >= 203  # every piece of the long sentence, past one window
    assert raw.bio.shape == (len(raw.offsets), 3) and raw.tech.shape == (len(raw.offsets), len(TECHNIQUES))
    assert raw.bio.sum(axis=1) == pytest.approx(np.ones(len(raw.offsets)), abs=1e-4)
    assert np.all(np.diff(raw.offsets[:, 0]) > 0)  # text order
    assert raw.offsets.max() <= len(text)
    assert text[raw.offsets[-2][0] : raw.offsets[-2][1]] == "one"
    assert raw.sent_logits.shape == (len(sents),) and np.all(raw.sent_logits > -30)


def test_finetuned_decoding_settings_ignore_unknown_keys(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from newstrace.propaganda import finetuned

    cfg = tmp_path / "finetuned.json"
    cfg.write_text('{"threshold": 0.33, "gap": 2, "someday": 1}', encoding="utf-8")
    monkeypatch.setattr(finetuned, "CONFIG_PATH", cfg)
    finetuned.load_decoding.cache_clear()
    try:
        dec = finetuned.load_decoding()
        assert dec.threshold == 0.33 and dec.gap == 2 and dec.seed == finetuned.Decoding().seed
        monkeypatch.setattr(finetuned, "CONFIG_PATH", tmp_path / "absent.json")
        finetuned.load_decoding.cache_clear()
        assert finetuned.load_decoding() == finetuned.Decoding()
    finally:
        finetuned.load_decoding.cache_clear()


def test_missing_finetuned_graph_costs_only_the_techniques(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from newstrace.pipeline import analyze
    from newstrace.propaganda import finetuned

    monkeypatch.setattr(finetuned, "ONNX_PATH", tmp_path / "nothing.onnx")
    finetuned._load.cache_clear()
    try:
        analysis = analyze(NEUTRAL + "\n\n" + LOADED, only=["techniques"])
        assert analysis.techniques == []
        assert any(w.code == "W305" for w in analysis.warnings)
        assert analysis.sentences  # the rest of the analysis is still there
    finally:
        finetuned._load.cache_clear()


# --- the span technique classifier -------------------------------------------------------------------
_REPEATS = (
    "The governor promised cheap bread for all.\n"
    "Nobody believed him. Cheap bread for all, he shouted again, waving his arms.\n"
    "By evening the crowd chanted cheap bread for all outside the palace gates."
)


def _tokenizer():  # type: ignore[no-untyped-def]
    from tokenizers import Tokenizer

    from newstrace.propaganda.encoder import DATA_DIR

    tok = Tokenizer.from_file(str(DATA_DIR / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


def test_span_input_wraps_the_span_in_markers_within_the_budget() -> None:
    from newstrace.propaganda.spaninput import MAX_PIECES, build_inputs, to_batch

    tok = _tokenizer()
    s = _REPEATS.index("Cheap bread")
    long_text = "word " * 400 + _REPEATS + " more" * 400
    shift = len("word ") * 400
    items = build_inputs(tok, long_text, [(s + shift, s + shift + 19), (shift, shift + 3)])
    for it in items:
        assert len(it.ids) <= MAX_PIECES
        assert it.ids[0] == 101 and it.ids[-1] == 102
        assert it.ids[it.span_from - 1] == 1 and it.ids[it.span_to] == 2  # the two markers
    first = items[0]
    assert tok.decode(first.ids[first.span_from : first.span_to]) == "cheap bread for all"
    # The context is the line holding the span, cut nearest-first: "nobody" is kept, far words not.
    assert "nobody" in tok.decode(first.ids)
    batch = to_batch(items)
    assert batch["input_ids"].shape == batch["span_mask"].shape == batch["attention_mask"].shape
    assert batch["span_mask"].sum(axis=1).tolist() == [float(it.span_to - it.span_from + 2) for it in items]
    assert (batch["span_mask"] <= batch["attention_mask"]).all()


def test_span_features_see_repeats_across_the_article() -> None:
    from newstrace.propaganda.spaninput import span_features

    first = _REPEATS.index("cheap bread")
    second = _REPEATS.index("Cheap bread")
    unique = _REPEATS.index("waving his arms")
    f_first = span_features(_REPEATS, first, first + 19)
    f_second = span_features(_REPEATS, second, second + 19)
    f_unique = span_features(_REPEATS, unique, unique + 15)
    assert f_first[0] == pytest.approx(np.log1p(2))  # two other occurrences, case ignored
    assert f_first[1] == 0.0 and f_second[1] == 1.0  # only the later one repeats an earlier mention
    assert f_unique[0] == 0.0 and f_unique[3] == 0.0  # nothing of it recurs
    assert f_second[6] == 1.0 and f_unique[6] == 1.0  # short phrases


def test_span_classifier_rejects_spans_outside_the_text_and_handles_none() -> None:
    from newstrace.propaganda import spanclf

    assert spanclf.classify_spans("Some text.", []).shape == (0, len(TECHNIQUES))
    with pytest.raises(ValueError):
        spanclf.classify_spans("Some text.", [(3, 40)])


@pytest.mark.skipif(
    not Path(__file__).parent.parent.joinpath("newstrace/data/propaganda/minilm-l6-span-int8.onnx").is_file(),
    reason="span classifier not shipped",
)
def test_span_classifier_gives_a_distribution_per_span() -> None:
    from newstrace.propaganda import spanclf

    text = NEUTRAL + "\n" + LOADED
    s = text.index("bloodthirsty terrorists")
    spans = [(s, s + len("bloodthirsty terrorists")), (text.index("cowards"), text.index("cowards") + 7)]
    probs = spanclf.classify_spans(text, spans)
    assert probs.shape == (2, len(TECHNIQUES))
    assert probs.sum(axis=1) == pytest.approx(np.ones(2), abs=1e-6)
    # Insults in a loaded sentence: name calling or loaded language, not e.g. an appeal to authority.
    names = {TECHNIQUES[int(p.argmax())] for p in probs}
    assert names <= {"Name_Calling,Labeling", "Loaded_Language"}


def test_span_classifier_is_asked_only_where_the_head_is_unsure() -> None:
    from dataclasses import replace

    from newstrace.propaganda.finetuned import Decoding, mix_techniques

    k = len(TECHNIQUES)
    sure = np.full(k, 0.02 / (k - 1))
    sure[0] = 0.98
    unsure = np.full(k, 1.0 / k)
    head = np.stack([sure, unsure])
    asked: list[list[int]] = []

    def classify(rows: np.ndarray) -> np.ndarray:
        asked.append([int(r) for r in rows])
        out = np.zeros((len(rows), k))
        out[:, 3] = 1.0
        return out

    dec = replace(Decoding(), tc_mix=0.9, tc_gate=0.6)
    mixed = mix_techniques(head, classify, dec)
    assert asked == [[1]]  # only the unsure span costs a classifier pass
    assert np.array_equal(mixed[0], sure)
    assert int(mixed[1].argmax()) == 3 and abs(mixed[1].sum() - 1.0) < 1e-9
    asked.clear()
    assert np.array_equal(mix_techniques(head, classify, replace(dec, tc_mix=0.0)), head) and asked == []
    mix_techniques(head, classify, replace(dec, tc_gate=1.1))
    assert asked == [[0, 1]]  # a gate above 1 asks about every span


# --- the lexical span model --------------------------------------------------------------------------
def test_span_terms_count_words_bigrams_and_padded_character_grams() -> None:
    from newstrace.propaganda.spanlex import span_terms

    words, chars = span_terms("Traitors, traitors!")
    assert words["w traitors"] == 2 and words["w !"] == 1 and words["w ,"] == 1  # case folded, marks are words
    assert words["b traitors ,"] == 1 and words["b traitors !"] == 1
    # Character n-grams of each white-space word padded with spaces (the word "traitors," keeps its comma).
    assert chars["c t"] == 2 and chars["c tr"] == 2 and chars["cors,"] == 1 and chars["crs! "] == 1
    assert span_terms("") == (Counter(), Counter())


def _tiny_lexical_model() -> object:
    """A two-term model of our own: "traitors" votes Name_Calling, "glorious" Flag-Waving."""
    from newstrace.propaganda.spaninput import N_FEATURES
    from newstrace.propaganda.spanlex import LexicalModel

    k = len(TECHNIQUES)
    coef = np.zeros((2 + N_FEATURES, k))
    coef[0, technique_index("Name_Calling,Labeling")] = 6.0
    coef[1, technique_index("Flag-Waving")] = 6.0
    coef[2, technique_index("Repetition")] = 4.0  # feature 0: how often the span's phrase recurs
    raw = {"terms": ["w traitors", "w glorious"], "idf": [1.0, 1.0], "coef": coef.tolist(), "intercept": [0.0] * k}
    return LexicalModel.from_json(raw)


def test_lexical_model_reads_the_span_words_and_the_article_repeats(monkeypatch: pytest.MonkeyPatch) -> None:
    from newstrace.propaganda import spanlex

    monkeypatch.setattr(spanlex, "_load", lambda path=None: _tiny_lexical_model())
    text = "They are traitors. Our glorious nation stands. Stand firm, stand firm, we say: stand firm."
    spans = [(9, 17), (23, 38), (text.rindex("stand firm"), len(text) - 1)]
    probs = spanlex.classify_spans(text, spans)
    assert probs.shape == (3, len(TECHNIQUES)) and probs.sum(axis=1) == pytest.approx(np.ones(3))
    assert [TECHNIQUES[int(p.argmax())] for p in probs] == ["Name_Calling,Labeling", "Flag-Waving", "Repetition"]
    assert spanlex.classify_spans(text, []).shape == (0, len(TECHNIQUES))
    with pytest.raises(ValueError):
        spanlex.classify_spans(text, [(5, 500)])


def test_lexical_model_file_with_wrong_shapes_is_refused() -> None:
    from newstrace.propaganda.spanlex import LexicalModel

    k = len(TECHNIQUES)
    with pytest.raises(ValueError):
        LexicalModel.from_json({"terms": ["w a"], "idf": [1.0], "coef": [[0.0] * k], "intercept": [0.0] * k})


@pytest.mark.skipif(
    not Path(__file__).parent.parent.joinpath("newstrace/data/propaganda/span-lexical.json.gz").is_file(),
    reason="lexical span model not shipped",
)
def test_shipped_lexical_model_names_an_insult_and_a_flag() -> None:
    from newstrace.propaganda import spanlex

    text = "The minister called them cowards and traitors. We stand for our great nation and its flag."
    spans = [(text.index("cowards"), text.index("cowards") + 7), (text.index("our great"), text.index(" and its"))]
    names = [TECHNIQUES[int(p.argmax())] for p in spanlex.classify_spans(text, spans)]
    assert names[0] in {"Name_Calling,Labeling", "Loaded_Language"}
    assert names[1] == "Flag-Waving"


def test_span_techniques_go_without_a_missing_lexical_model(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from dataclasses import replace

    from newstrace.propaganda import finetuned, span_techniques, spanlex

    text = "They are traitors, all of them."
    k = len(TECHNIQUES)
    logits = np.zeros((2, k))
    logits[:, technique_index("Loaded_Language")] = 2.0
    raw = finetuned.RawOutputs(np.array([[9, 17], [19, 22]]), np.zeros((2, 3)), logits, np.zeros(1))
    dec = replace(finetuned.Decoding(), tc_mix=0.0, lex_mix=0.5)  # the MiniLM span classifier left out
    monkeypatch.setattr(spanlex, "_load", lambda path=None: _tiny_lexical_model())
    with_lex = span_techniques(text, raw, [(9, 17)], dec)
    assert TECHNIQUES[int(with_lex[0].argmax())] == "Name_Calling,Labeling"  # the lexical vote wins
    monkeypatch.setattr(spanlex, "MODEL_PATH", tmp_path / "absent.json.gz")
    assert not spanlex.available()
    without = span_techniques(text, raw, [(9, 17)], dec)
    assert TECHNIQUES[int(without[0].argmax())] == "Loaded_Language"  # the head alone answers
    assert without.sum() == pytest.approx(1.0)


def test_lexical_mix_is_geometric_and_the_gate_reads_head_and_lexical_together() -> None:
    from dataclasses import replace

    from newstrace.propaganda.finetuned import Decoding, mix_techniques

    k = len(TECHNIQUES)
    flat = np.full(k, 1.0 / k)
    head = np.stack([flat, flat])
    lexical = np.full((2, k), 0.01 / (k - 1))
    lexical[0, 5] = 0.99  # the lexical model is sure about the first span only
    lexical[1] = flat
    asked: list[list[int]] = []

    def classify(rows: np.ndarray) -> np.ndarray:
        asked.append([int(r) for r in rows])
        out = np.full((len(rows), k), 0.5 / (k - 1))
        out[:, 7] = 0.5
        return out

    dec = replace(Decoding(), tc_mix=1.0, tc_gate=0.6, lex_mix=0.5)
    mixed = mix_techniques(head, classify, dec, lexical)
    assert asked == [[1]]  # the head alone is unsure of both, but with the lexical model only of the second
    assert int(mixed[0].argmax()) == 5 and int(mixed[1].argmax()) == 7
    assert mixed.sum(axis=1) == pytest.approx(np.ones(2))
    # Geometric: the second span's probabilities are proportional to sqrt(classifier * lexical).
    both = np.sqrt(classify(np.array([0]))[0] * flat)
    assert mixed[1] == pytest.approx(both / both.sum())
    # lex_mix 0 (or no lexical model) gives back the mix without it.
    plain = mix_techniques(head, classify, replace(dec, lex_mix=0.0), lexical)
    assert np.array_equal(plain, mix_techniques(head, classify, replace(dec, lex_mix=0.0)))
    with pytest.raises(ValueError):
        mix_techniques(head, classify, dec, lexical[:1])


def test_ptc_lines_are_the_non_empty_lines_with_offsets_into_the_text() -> None:
    from newstrace.propaganda.ptc import lines_of

    text = "First line.\n\n   \nSecond one\n"
    assert [text[s:e] for s, e in lines_of(text)] == ["First line.", "Second one"]
    assert lines_of("") == []
