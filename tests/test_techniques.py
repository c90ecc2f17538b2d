"""Tests of the propaganda techniques analyzer, its scorers and its corpus reader (own fixtures only)."""

from __future__ import annotations

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
def test_encoder_covers_every_piece_of_long_and_empty_texts() -> None:
    from newstrace.propaganda.encoder import DIM, encode, pool

    long_text = " ".join(["harbour"] * 300)  # more pieces than one window
    short, empty, long = encode(["A quiet morning.", "", long_text])
    assert short.vectors.shape[1] == DIM and len(short.offsets) == len(short.vectors)
    assert len(empty.vectors) == 0
    assert len(long.vectors) >= 300
    assert np.all(np.linalg.norm(long.vectors, axis=1) > 0)  # no piece left without a vector
    pooled = pool(short, [(2, 7), (500, 510)])
    assert np.linalg.norm(pooled[0]) > 0 and np.linalg.norm(pooled[1]) == 0


def test_model_round_trips_through_npz(tmp_path: Path) -> None:
    from newstrace.propaganda.model import PropagandaModel, load_model

    model = load_model()
    path = tmp_path / "heads.npz"
    model.save(path)
    again = PropagandaModel.load(path)
    assert again.si_threshold == pytest.approx(model.si_threshold)
    assert again.si_gap == model.si_gap
    assert again.tc_w_dense.shape == (14, model.tc_w_dense.shape[1])


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


def test_missing_model_file_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from newstrace.errors import ModelMissingError
    from newstrace.propaganda import model as model_mod

    monkeypatch.setattr(model_mod, "MODEL_PATH", tmp_path / "nothing.npz")
    model_mod.load_model.cache_clear()
    try:
        with pytest.raises(ModelMissingError):
            model_mod.load_model()
    finally:
        model_mod.load_model.cache_clear()


def test_span_decoding_needs_a_seed_and_bridges_small_gaps() -> None:
    from newstrace.nlp import parse
    from newstrace.propaganda.features import doc_features
    from newstrace.propaganda.model import load_model

    model = load_model()
    feats = doc_features(parse("Those vile cowards lied again today while the mayor spoke calmly ."))
    words = [t.text for t in feats.doc]
    probs = np.zeros(len(words))
    probs[words.index("vile")] = 0.9
    probs[words.index("cowards")] = 0.3
    probs[words.index("again")] = 0.3  # one-token gap ("lied") to bridge
    probs[words.index("calmly")] = 0.3  # above the threshold, but no token of its run reaches the seed
    spans = model.decode_spans(feats, probs, threshold=0.2, gap=1, seed=0.5)
    text = feats.doc.text
    assert [text[s.start : s.end] for s in spans] == ["vile cowards lied again"]
    assert model.decode_spans(feats, probs, threshold=0.2, gap=0, seed=0.5)[0].end == text.index(" lied")
