"""Events: classification, actors, casualty figures, dates, modes, composition, alignment and exports.

Every text here is written for these tests; nothing is read from the shared data.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from newstrace.errors import ModelMissingError
from newstrace.events.actors import ActorResolver, find_actor_mentions
from newstrace.events.align import align_event
from newstrace.events.casualties import find_casualties, parse_count
from newstrace.events.classify import classify, is_event_sentence, rule_scores
from newstrace.events.cues import required_literal
from newstrace.events.modes import certainty_of
from newstrace.events.taxonomy import ACLED_SUB_EVENTS, CASE_CODES, SUB_EVENT_OF_CODE, event_type_of
from newstrace.events.when import parse_date_text, window_of_timex
from newstrace.model import Event, EventLocation

ARTICLE = (
    "By Desert Wire, March 4, 2021\n\n"
    "On March 2, fighters of the Islamic State attacked Homs, which the Syrian army had retaken in 2017. "
    "On March 3, the militants drove out the government forces and took control of central Homs, "
    "local officials said.\n\n"
    "The army said its units killed at least 45 militants in Homs. "
    "Reinforcements may have arrived from Deir ez-Zor, according to an unnamed source.\n\n"
    "Government troops will launch a counter-offensive near Homs next week. "
    "The army did not capture the airport of Aleppo.\n"
)


# --------------------------------------------------------------------------------------- taxonomy


def test_taxonomy_has_acleds_25_sub_events_in_6_types() -> None:
    assert len(ACLED_SUB_EVENTS) == 25
    assert len(set(ACLED_SUB_EVENTS.values())) == 6
    assert set(SUB_EVENT_OF_CODE.values()) == set(ACLED_SUB_EVENTS)
    assert len(CASE_CODES) == 30
    assert event_type_of("Suicide bomb") == "Explosions/Remote violence"


# --------------------------------------------------------------------------------------- classifier


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("A suicide bomber blew himself up at a checkpoint, killing four guards.", "SUIC_BOMB"),
        ("Police fired tear gas and water cannon to disperse the demonstrators.", "PROTEST_WITH_INTER"),
        ("Warplanes carried out air strikes on the village overnight.", "AIR_STRIKE"),
        ("A roadside bomb exploded under a patrol vehicle.", "REM_EXPLOS"),
        ("Hundreds of teachers held a peaceful rally outside parliament demanding higher pay.", "PEACE_PROTEST"),
        ("Gunmen kidnapped three aid workers and demanded a ransom.", "ABDUCT_DISSAP"),
        ("The two sides signed a ceasefire agreement in the capital.", "AGREEMENT"),
        ("Bomb disposal experts defused an explosive device found near the market.", "DISR_WEAP"),
        ("A magnitude 6 earthquake struck the coastal province.", "NATURAL_DISASTER"),
        ("The group claimed responsibility for the attack in a statement.", "ATTRIB"),
    ],
)
def test_classifier_reads_the_distinguishing_cue(text: str, code: str) -> None:
    pred = classify(text)
    assert pred is not None
    assert pred.code == code


def test_classifier_restricted_to_acled_never_returns_other_classes() -> None:
    pred = classify("A magnitude 6 earthquake struck the coast.", allowed=tuple(SUB_EVENT_OF_CODE))
    assert pred is None or pred.code in SUB_EVENT_OF_CODE


def test_lexicon_gate_and_combination_rules() -> None:
    from newstrace.events.classify import Settings, combine, decisive

    s = Settings(weight=8.0, mix=1.0, gate_top=4.0, gate_margin=2.0)
    assert decisive({"GRENADE": 5.0, "ATTACK": 1.0}, s)
    assert not decisive({"GRENADE": 5.0, "ATTACK": 4.0}, s)  # a close second: not decisive
    assert not decisive({"ATTACK": 2.0}, s)  # a generic cue alone: not decisive
    assert not decisive({}, s)
    # a weak cue is overturned by a confident model ...
    pred = combine({"ARMED_CLASH": 1.0}, {}, {"AIR_STRIKE": 0.9, "ARMED_CLASH": 0.05}, "x", s)
    assert pred is not None and pred.code == "AIR_STRIKE" and pred.rule_score == 0.0
    # ... a strong one is not, when the model is unsure
    pred = combine({"GRENADE": 5.0}, {}, {"ATTACK": 0.4, "GRENADE": 0.2}, "x", s)
    assert pred is not None and pred.code == "GRENADE"
    # no cue and a diffuse model: no event at all; restricted classes are respected
    assert combine({}, {"ARREST": 0.3, "ATTACK": 0.3}, {}, "x", s) is None
    pred = combine({"NATURAL_DISASTER": 4.0, "ATTACK": 1.0}, {}, {}, "x", s, allowed=tuple(SUB_EVENT_OF_CODE))
    assert pred is not None and pred.code == "ATTACK"
    assert combine({}, {}, {}, "x", s) is None


def test_family_rules_yield_to_a_confident_finetuned_model() -> None:
    from newstrace.events.classify import Settings, combine

    s = Settings(weight=16.0, mix=1.0, gate_top=99.0, gate_margin=0.0, trust=0.7)
    cues = {"PEACE_PROTEST": 3.0}  # "protest" read by the lexicon, no violence cue
    sure = combine(cues, {}, {"VIOL_DEMONSTR": 0.9, "PEACE_PROTEST": 0.05}, "x", s)
    assert sure is not None and sure.code == "VIOL_DEMONSTR"
    # an unsure model: ACLED's protest rules, read off the lexicon, decide as before
    unsure = combine(cues, {}, {"VIOL_DEMONSTR": 0.5, "PEACE_PROTEST": 0.2}, "x", s)
    assert unsure is not None and unsure.code == "PEACE_PROTEST"
    # the default never trusts the model over the rules (the fast path has no fine-tuned model at all)
    always = combine(cues, {}, {"VIOL_DEMONSTR": 0.9, "PEACE_PROTEST": 0.05}, "x", Settings(weight=16.0, mix=1.0))
    assert always is not None and always.code == "PEACE_PROTEST"


def test_finetuned_model_reads_a_sentence_without_cue_words() -> None:
    from newstrace.events.finetuned import ft_probs

    text = "Masked men took the village headman away in a van at night, and his family has not heard from him since."
    assert rule_scores(text) == {}  # nothing for the lexicon: only the fine-tuned model can tell
    probs = ft_probs(text)
    assert max(probs, key=lambda c: probs[c]) == "ABDUCT_DISSAP"
    assert abs(sum(probs.values()) - 1.0) < 1e-4
    assert set(probs) == set(CASE_CODES)


def test_finetuned_batch_handles_blank_and_overlong_texts() -> None:
    from newstrace.events.finetuned import ft_probs, ft_probs_batch

    long_text = "Rebels shelled the airport on Monday, officials said. " + "The weather was mild and calm. " * 80
    out = ft_probs_batch(["", "   ", long_text, "Police arrested ten people at the rally."])
    assert out[0] == {} and out[1] == {}  # no word piece, no prediction
    assert max(out[2], key=lambda c: out[2][c]) == "ART_MISS_ATTACK"  # read from its first 126 word pieces
    assert max(out[3], key=lambda c: out[3][c]) in ("ARREST", "PROTEST_WITH_INTER")
    assert ft_probs("") == {}
    # a batch gives the same answer as one text at a time: padding must not leak into the pooling (the
    # int8 graph quantises activations per batch, padding included, so the numbers move by a few hundredths)
    single = ft_probs_batch(["Police arrested ten people at the rally."])[0]
    assert max(single, key=lambda c: single[c]) == max(out[3], key=lambda c: out[3][c])
    assert all(abs(single[c] - out[3][c]) < 0.1 for c in single)


def test_finetuned_members_are_averaged_in_probability() -> None:
    import numpy as np

    from newstrace.events.finetuned import FT_MODEL_PATH, _meta, ft_probs_batch, graph_paths, graph_probs

    texts = ["Gunmen kidnapped twelve students from their school at night.", "Floods swept away forty houses."]
    paths = graph_paths()
    assert paths[0] == FT_MODEL_PATH and all(p.is_file() for p in paths)
    mean = np.mean([graph_probs(p, texts) for p in paths], axis=0)
    out = ft_probs_batch(texts)
    for row, probs in zip(mean, out, strict=True):
        assert abs(sum(probs.values()) - 1.0) < 1e-4
        assert max(abs(probs[c] - float(v)) for c, v in zip(_meta()[0], row, strict=True)) < 1e-6
    assert max(out[0], key=lambda c: out[0][c]) == "ABDUCT_DISSAP"
    assert max(out[1], key=lambda c: out[1][c]) == "NATURAL_DISASTER"


def test_a_missing_member_graph_costs_only_the_model_signal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import newstrace.events.finetuned as ft

    meta = json.loads(ft._META_PATH.read_text("utf-8"))
    bad = tmp_path / "subevent_ft.json"
    bad.write_text(json.dumps({**meta, "graphs": [ft.FT_MODEL_PATH.name, "no-such-member-int8.onnx"]}), "utf-8")
    monkeypatch.setattr(ft, "_META_PATH", bad)
    ft._meta.cache_clear()
    ft.ft_probs.cache_clear()
    try:
        with pytest.raises(ModelMissingError):
            ft.ft_probs_batch(["Soldiers shelled the town."])
        assert ft.ft_probs("Soldiers shelled the town.") == {}
        pred = classify("A suicide bomber blew himself up at the gate of the base.")
        assert pred is not None and pred.code == "SUIC_BOMB"  # the lexicon and TF-IDF still decide
    finally:
        ft._meta.cache_clear()
        ft.ft_probs.cache_clear()


def test_riot_police_is_not_a_riot() -> None:
    scores = rule_scores("Riot police in riot gear pushed back the marchers with tear gas.")
    assert scores.get("VIOL_DEMONSTR", 0.0) == 0.0 and scores["PROTEST_WITH_INTER"] > 0
    assert rule_scores("Youths rioted in the town overnight.").get("VIOL_DEMONSTR", 0.0) >= 3.0


def test_classifier_without_the_finetuned_model(monkeypatch: pytest.MonkeyPatch) -> None:
    import newstrace.events.classify as cl
    import newstrace.events.finetuned as ft

    monkeypatch.setattr(ft, "FT_MODEL_PATH", ft.FT_MODEL_PATH.with_name("absent.onnx"))
    ft.ft_probs.cache_clear()
    try:
        assert ft.ft_probs("Soldiers shelled the town.") == {}  # a missing graph costs the signal only
        pred = classify("A suicide bomber blew himself up at the gate of the base.")
        assert pred is not None and pred.code == "SUIC_BOMB"
        monkeypatch.setattr(cl, "COMBINE_PATH", cl.COMBINE_PATH.with_name("absent.json"))
        cl.settings.cache_clear()
        assert cl.settings() == cl.Settings()  # no tuned settings: the defaults
    finally:
        ft.ft_probs.cache_clear()
        cl.settings.cache_clear()


@pytest.mark.parametrize(
    ("text", "kind", "count"),
    [
        ("Three men were critically wounded on the bridge.", "injured", 3),
        ("Two others were seriously injured when the car was hit.", "injured", 2),
        ("Two guards were fatally wounded at the gate.", "killed", 2),  # "fatally" makes it a killing
    ],
)
def test_severity_adverb_before_the_casualty_verb(text: str, kind: str, count: int) -> None:
    figs = find_casualties(text)
    assert [(f.kind, f.low, f.high) for f in figs] == [(kind, count, count)]


def test_casualty_count_linked_by_the_quantities_layer_fills_a_gap_of_the_reader() -> None:
    from newstrace.pipeline import analyze

    text = "Gunmen killed 12 villagers in a raid on Tuesday."
    assert find_casualties(text) == []  # the reader's person nouns do not include "villagers"
    alone = analyze(text, only=["events"]).events
    assert [e.fatalities for e in alone] == [None]  # without the quantities analyzer: no figure
    events = analyze(text, only=["quantities", "events"]).events
    assert [(e.fatalities.low, e.fatalities.high) for e in events if e.fatalities] == [(12, 12)]
    # a kind the reader already counted is not counted twice
    sentence = "A teenager was shot and killed and two others were wounded on Friday."
    both = analyze(sentence, only=["quantities", "events"]).events
    assert [(e.fatalities.low, e.fatalities.high) for e in both if e.fatalities] == [(1, 1)]


def test_event_sentence_gate() -> None:
    assert is_event_sentence("Rebels seized the bridge.")
    assert not is_event_sentence("The museum opened a new wing for modern art.")
    assert rule_scores("") == {}


def test_required_literal_is_a_true_substring_condition() -> None:
    assert required_literal(r"\bgun ?battle") == "battle"
    assert required_literal(r"\bclash(es|ed)?\b") == "clash"
    assert required_literal(r"\bcocaine|heroin\b") is None  # top-level alternative: nothing required
    assert required_literal(r"\b(civilians?|villagers)\b") is None


# --------------------------------------------------------------------------------------- actors


def test_actor_aliases_map_to_one_name_and_short_caps_need_caps() -> None:
    found = find_actor_mentions("ISIS fighters and the SAA clashed; Daesh lost. This is terrible.")
    names = [m.canonical for m in found if m.canonical]
    assert names.count("Islamic State") == 2
    assert "Military Forces of Syria" in names
    assert all(m.text != "is" for m in found)  # the verb "is" is not the group IS


def test_generic_reference_resolves_only_when_the_article_is_clear() -> None:
    one = ActorResolver("IS fighters attacked. The terrorists then withdrew.")
    generic = next(m for m in find_actor_mentions("The terrorists then withdrew.") if m.canonical is None)
    assert one.canonical(generic) == "Islamic State"
    two = ActorResolver("IS fighters and Taliban fighters were named. The terrorists then withdrew.")
    assert two.canonical(generic) == generic.text  # two candidates: stays as written


# --------------------------------------------------------------------------------------- casualties


@pytest.mark.parametrize(
    ("text", "kind", "low", "high"),
    [
        ("Troops killed more than 300 militants.", "killed", 301, None),
        ("At least 7 soldiers died in the ambush.", "killed", 7, None),
        ("Two people were killed on Sunday.", "killed", 2, 2),
        ("Between 3 and 5 civilians were wounded.", "injured", 3, 5),
        ("Twenty-one passengers were injured.", "injured", 21, 21),
        ("Dozens of protesters were hurt.", "injured", 24, None),
        ("The death toll rose to 12 overnight.", "killed", 12, 12),
        ("Jane Roe, 34, was shot and killed outside her home.", "killed", 1, 1),
    ],
)
def test_casualty_figures(text: str, kind: str, low: int | None, high: int | None) -> None:
    figs = [f for f in find_casualties(text) if f.kind == kind]
    assert figs, text
    assert (figs[0].low, figs[0].high) == (low, high)
    assert text[figs[0].start : figs[0].end] == figs[0].text


def test_ages_and_articles_are_not_counts() -> None:
    assert all(f.low != 34 for f in find_casualties("Jane Roe, 34, was shot and killed."))
    assert find_casualties("They tried to kill a deal in parliament.") == []
    assert find_casualties("") == []
    assert parse_count("seventeen") == (17, True)
    assert parse_count("banana") == (None, False)


# --------------------------------------------------------------------------------------- dates, certainty


def test_timex_windows_and_precision() -> None:
    assert window_of_timex("2016-12-10") is not None
    w = window_of_timex("2016-W49")
    assert w is not None and (w.start, w.end, w.precision) == ("2016-12-05", "2016-12-11", 2)
    m = window_of_timex("2016-02")
    assert m is not None and (m.start, m.end, m.precision) == ("2016-02-01", "2016-02-29", 3)
    assert window_of_timex("2016-SP") is not None
    assert window_of_timex("2016-02-31") is None
    assert window_of_timex("PXD") is None
    assert window_of_timex(None) is None


def test_fallback_dates_are_resolved_against_publication() -> None:
    w = parse_date_text("On March 3 the town fell.", "2021-03-10")
    assert w is not None and w.start == "2021-03-03" and w.precision == 1
    late = parse_date_text("On December 30 the town fell.", "2021-01-05")
    assert late is not None and late.start == "2020-12-30"  # a later month-day is last year's
    y = parse_date_text("Yesterday the town fell.", "2021-03-10")
    assert y is not None and y.start == "2021-03-09"
    assert parse_date_text("The town fell.", "2021-03-10") is None
    assert parse_date_text("On March 3 the town fell.", "not a date") is None


def test_certainty_and_attribution_follow_the_claims_layer() -> None:
    from spacy.tokens import Span

    from newstrace.events.modes import attribution_of
    from newstrace.nlp import parse

    def sent(text: str) -> Span:
        return next(iter(parse(text).sents))

    assert certainty_of(sent("Fighters might have arrived from the north."))[0] == "hedged"
    assert certainty_of(sent("Perhaps the convoy was moved to the coast."))[0] == "speculative"
    reported = sent("Local officials said the town fell on Monday.")
    assert certainty_of(reported)[0] == "reported"
    assert attribution_of(reported) == "Local officials"
    assert certainty_of(sent("The town fell on Monday.")) == ("asserted", [])
    assert attribution_of(sent("The town fell on Monday.")) is None


# --------------------------------------------------------------------------------------- composition


@pytest.fixture(scope="module")
def article_events() -> list[Event]:
    from newstrace.pipeline import analyze

    analysis = analyze(ARTICLE, published="2021-03-04", only=["events"])
    assert "events" in analysis.analyzers
    return analysis.events


def _at(e: Event, name: str) -> bool:
    return e.location is not None and name.lower() in (e.location.name or "").lower()


def test_offensive_and_takeover_are_dated_placed_and_distinct(article_events: list[Event]) -> None:
    attack = [e for e in article_events if _at(e, "homs") and e.date_start == "2021-03-02"]
    assert attack and attack[0].actor1 == "Islamic State"
    takeover = [e for e in article_events if e.sub_event_type == "Non-state actor overtakes territory"]
    assert takeover and takeover[0].date_start == "2021-03-03" and _at(takeover[0], "homs")
    assert takeover[0].actor1 == "Islamic State"  # "the militants" resolved: IS is the only armed group named
    assert takeover[0].certainty == "reported"


def test_historical_recapture_is_a_separate_historical_event(article_events: list[Event]) -> None:
    old = [e for e in article_events if e.sub_event_type == "Government regains territory"]
    assert old and old[0].mode == "historical" and (old[0].date_start or "").startswith("2017")


def test_claimed_fatalities_carry_their_source(article_events: list[Event]) -> None:
    with_deaths = [e for e in article_events if e.fatalities is not None]
    assert with_deaths
    f = with_deaths[0].fatalities
    assert f is not None and (f.low, f.high) == (45, None)
    assert getattr(f, "status", None) in ("reported", "claimed")
    assert getattr(f, "source", None)


def test_hedged_movement_is_never_asserted(article_events: list[Event]) -> None:
    moves = [e for e in article_events if _at(e, "deir")]
    assert moves and all(e.certainty in ("hedged", "speculative") for e in moves)


def test_future_and_negated_modes(article_events: list[Event]) -> None:
    modes = {e.mode for e in article_events}
    assert "future" in modes
    assert "negated" in modes


def test_evidence_offsets_point_into_the_text(article_events: list[Event]) -> None:
    from newstrace.pipeline import analyze

    text = analyze(ARTICLE, published="2021-03-04", only=[]).article.text
    for e in article_events:
        assert e.sentence_ids
        for m in e.evidence:
            assert text[m.start : m.end] == m.text


def test_empty_and_eventless_articles_give_no_events() -> None:
    from newstrace.pipeline import analyze

    calm = analyze("The museum opened a new wing for modern art on Monday. Visitors liked it.", only=["events"])
    assert calm.events == []
    odd = analyze("12 34 56 !!! ??? 78", only=["events"])
    assert odd.events == []


# --------------------------------------------------------------------------------------- alignment


def _ged(**over: object) -> dict[str, object]:
    row: dict[str, object] = {
        "latitude": 34.72,
        "longitude": 36.72,
        "date_start": "2021-03-01",
        "date_end": "2021-03-03",
        "side_a": "Government of Syria",
        "side_b": "IS",
    }
    row.update(over)
    return row


def test_alignment_needs_place_time_and_dyad() -> None:
    ev = Event(
        event_type="Battles",
        sub_event_type="Armed clash",
        date_start="2021-03-02",
        date_end="2021-03-02",
        location=EventLocation(name="Homs", lat=34.724, lon=36.726, precision=1),
        actor1="Islamic State",
        actor2="Military Forces of Syria",
    )
    assert align_event(ev, _ged()).matched
    assert not align_event(ev, _ged(date_start="2021-04-01", date_end="2021-04-02")).matched
    assert not align_event(ev, _ged(latitude=36.2, longitude=37.16)).matched  # Aleppo is ~170 km away
    assert not align_event(ev, _ged(side_b="SDF")).matched
    unplaced = ev.model_copy(update={"location": None})
    assert not align_event(unplaced, _ged()).matched


def test_seed_like_fixture_aligns_end_to_end(article_events: list[Event]) -> None:
    aligned = [e for e in article_events if align_event(e, _ged(latitude=34.72405, longitude=36.72559)).matched]
    assert aligned


# --------------------------------------------------------------------------------------- exports


def test_csv_and_geojson_exports_carry_the_events(article_events: list[Event]) -> None:
    from newstrace.model import Analysis
    from newstrace.report.csv import render_csv
    from newstrace.report.geojson import render_geojson

    analysis = Analysis(events=article_events)
    rows = list(csv.DictReader(io.StringIO(render_csv(analysis))))
    assert len(rows) == len(article_events)
    assert {"event_date", "sub_event_type", "latitude", "longitude", "fatalities"} <= set(rows[0])
    assert any(r["sub_event_type"] == "Non-state actor overtakes territory" for r in rows)
    assert any(r["fatalities_status"] in ("reported", "claimed") and r["fatalities_source"] for r in rows)
    gj = json.loads(render_geojson(analysis))
    pts = [f for f in gj["features"] if f["properties"]["kind"] == "event"]
    assert pts
    lon, lat = pts[0]["geometry"]["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_html_map_has_event_markers_linked_to_sentences() -> None:
    from newstrace.model import Analysis
    from newstrace.report.map import render_map

    ev = Event(
        event_type="Battles",
        sub_event_type="Armed clash",
        date_start="2021-03-02",
        location=EventLocation(name="Homs", lat=34.72, lon=36.72, precision=1),
        sentence_ids=[3],
    )
    svg = str(render_map(Analysis(events=[ev])))
    assert 'href="#s3"' in svg and "event-marker" in svg and "Armed clash" in svg
    assert str(render_map(Analysis())) == ""


def test_events_analyzer_is_registered_after_its_optional_inputs() -> None:
    from newstrace.analyzers.registry import available, resolve

    spec = available()["events"]
    assert spec.fills == ("events",)
    assert set(spec.after) == {"times", "places", "quantities", "claims"}
    assert spec.requires == ()  # usable alone, with its own fallbacks
    order = [s.name for s in resolve(["claims", "events", "places"])]
    assert order.index("events") > order.index("places") and order.index("events") > order.index("claims")
