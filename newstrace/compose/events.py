"""Compose event records from the parse and the other analyzers' output, one per real-world happening.

For each sentence, event triggers are found and grouped into clauses over the dependency parse (a
clause is a trigger's governing verb with the tokens it governs, minus other clauses; a verb joined
by "and" without its own subject stays in the same clause). Each clause is classified into an ACLED
sub-event type and given its roles: actors (normalised), place, date window, casualty figures,
certainty, attribution and PLOVER mode. Mentions of the same happening are then merged across the
article (same sub-event type and mode, compatible place, date and actors).

Inputs come from the Analysis fields (places, times, quantities, claims) when those analyzers ran,
and from fallbacks in :mod:`newstrace.events` otherwise. Nothing here parses again.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newstrace.events.actors import ActorResolver
from newstrace.events.casualties import CasualtyFigure, find_casualties
from newstrace.events.classify import classify, is_event_sentence
from newstrace.events.cues import EVENT_TRIGGER
from newstrace.events.modes import attribution_of, certainty_of, mode_of
from newstrace.events.taxonomy import CODE_OF_SUB_EVENT, SUB_EVENT_OF_CODE, event_type_of
from newstrace.events.when import DateWindow, parse_date_text, window_of_timex
from newstrace.events.where import PlaceMention, place_mentions
from newstrace.model import Analysis, Event, EventLocation, Fatalities, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["EventMention", "compose_events", "event_mentions", "merge_mentions"]

_CERTAINTY_RANK = {"asserted": 0, "reported": 1, "hedged": 2, "speculative": 3}
# a noun trigger governed by these prepositions refers back to an event told elsewhere ("during the offensive")
_BACKREF_PREPS = {"during", "after", "before", "since", "amid", "following", "despite", "throughout", "until"}
_CLAUSE_DEPS_OWN = {"relcl", "acl", "ccomp", "advcl", "xcomp", "conj", "parataxis", "pcomp"}
_ARMED = {"state", "nonstate"}
_TERRITORY = {"NON_STATE_ACTOR_OVERTAKES_TER", "GOV_REGAINS_TERIT"}
# classes whose generic cue words ("attack", "destroy") are often figurative: they need more than one cue
_NEEDS_EVIDENCE = {"ATTACK", "PROPERTY_DISTRUCT"}
_NEAR = re.compile(
    r"\b(near|outskirts of|countryside of|vicinity of|around|close to|west of|east of|north of|"
    r"south of|countryside)\s*$",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:per ?cent|percent|%)", re.IGNORECASE)


@dataclass
class EventMention:
    """One clause that reports an event, with its roles; merged into :class:`~newstrace.model.Event`."""

    code: str
    sentence_id: int
    paragraph: int
    start: int
    end: int
    text: str
    actors: list[tuple[str, str, str]] = field(default_factory=list)  # (canonical, kind, role)
    place: PlaceMention | None = None
    place_precision: int | None = None
    other_places: list[PlaceMention] = field(default_factory=list)
    date: DateWindow | None = None
    casualties: list[CasualtyFigure] = field(default_factory=list)
    certainty: str = "asserted"
    cues: list[str] = field(default_factory=list)
    attributed_to: str | None = None
    mode: str | None = None
    size: dict[str, object] | None = None
    fig_source: dict[int, tuple[str, str | None]] = field(default_factory=dict)  # figure start -> (status, by)


# ---------------------------------------------------------------------------------------------- clauses


def _head_verb(tok: Token) -> Token:
    t = tok
    while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
        t = t.head
    return t


def _is_backref_or_aim(tok: Token) -> bool:
    """A noun trigger that only refers to an event (during the offensive) or an aim (from liberating X)."""
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "pobj":
        prep = tok.head
        if prep.lower_ in _BACKREF_PREPS:
            return True
        if prep.head.pos_ not in ("VERB", "AUX", "NOUN"):  # "unprepared for such an attack"
            return True
    # "from liberating Aleppo" (an aim), "infantry fighting vehicles" (a kind of thing)
    if tok.dep_ in ("amod", "compound") and tok.lower_.endswith("ing"):
        return True
    return tok.tag_ == "VBG" and tok.dep_ == "pcomp"


def _trigger_tokens(sent: Span) -> list[Token]:
    doc = sent.doc
    found: list[Token] = []
    for m in EVENT_TRIGGER.finditer(sent.text.lower()):
        span = doc.char_span(sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        tok = span.root if len(span) > 1 else span[0]
        if not _is_backref_or_aim(tok):
            found.append(tok)
    return found


def _clauses(sent: Span) -> list[tuple[Token, list[Token], list[Token]]]:
    """(primary trigger, triggers, clause tokens) per clause of the sentence."""
    triggers = _trigger_tokens(sent)
    if not triggers:
        return []
    heads: dict[int, Token] = {}
    by_head: dict[int, list[Token]] = {}
    for t in triggers:
        # a participle modifying a noun ("Captured Palmyra", "Palmyra liberated by ...") is its own clause
        h = t if t.dep_ in ("amod", "acl") or t.pos_ in ("VERB", "AUX") else _head_verb(t)
        heads[h.i] = h
        by_head.setdefault(h.i, []).append(t)
    # "X pushed out Y and took control of Z": a conjoined verb without its own subject is the same clause
    group_of = {i: i for i in heads}
    for i, h in heads.items():
        if h.dep_ == "conj" and h.head.i in heads and not any(c.dep_.startswith("nsubj") for c in h.children):
            group_of[i] = group_of.get(h.head.i, h.head.i)
    clause_tokens: dict[int, list[Token]] = {i: [] for i in heads}
    for tok in sent:
        owner = None
        for a in (tok, *tok.ancestors):
            if a.i in heads:
                owner = a.i
                break
            if a.i < sent.start or a.i >= sent.end:
                break
        if owner is not None:
            clause_tokens[owner].append(tok)
    out: list[tuple[Token, list[Token], list[Token]]] = []
    for gi in sorted(set(group_of.values())):
        members = [i for i in heads if group_of[i] == gi]
        toks = sorted({t.i: t for i in members for t in clause_tokens[i]}.values(), key=lambda t: t.i)
        trig = [t for i in members for t in by_head[i]]
        h = heads[gi]
        if h.dep_ in ("amod", "acl") and h.head.i not in {t.i for t in toks}:
            toks = sorted([*toks, h.head], key=lambda t: t.i)
        out.append((min(trig, key=lambda t: t.i), trig, toks))
    return out


# ---------------------------------------------------------------------------------------------- roles


def _role(span: Span, head: Token) -> str:
    roles = set()
    for tok in span:
        for a in (tok, *tok.ancestors):
            if a.dep_ in ("nsubj", "agent") or (a.dep_ == "pobj" and a.head.dep_ == "agent"):
                roles.add("actor1")
                break
            if a.dep_ == "pobj" and a.head.lower_ == "of" and a.head.head.pos_ in ("NOUN", "PROPN"):
                continue  # "fighters of the Islamic State": the role is that of "fighters"
            if a.dep_ in ("dobj", "nsubjpass", "pobj", "attr"):
                roles.add("actor2")
                break
            if a.i == head.i:
                break
    return "actor1" if "actor1" in roles else ("actor2" if roles else "other")


def _governor_subjects(head: Token) -> list[Token]:
    """ "terrorists seem to have arrived", "Palmyra saw continuing clashes": the subject of the verb
    that governs the clause (through xcomp / conj) is the clause's subject too."""
    extra: list[Token] = []
    gov = head
    while gov.dep_ in ("xcomp", "conj") and gov.head.i != gov.i:
        gov = gov.head
        extra.extend(t for c in gov.children if c.dep_.startswith("nsubj") for t in c.subtree)
    return extra


def _actors(sent: Span, toks: list[Token], head: Token, resolver: ActorResolver) -> list[tuple[str, str, str]]:
    doc = sent.doc
    idxs = {t.i for t in toks}
    extra = _governor_subjects(head)
    idxs |= {t.i for t in extra}
    out: list[tuple[str, str, str]] = []
    for m in resolver.in_span(sent.start_char, sent.end_char):
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not any(t.i in idxs for t in span):
            continue
        role = "actor1" if any(t.i in {e.i for e in extra} for t in span) else _role(span, head)
        out.append((resolver.canonical(m), m.kind, role))
    return out


def _choose_place(
    toks: list[Token], head: Token, places: list[PlaceMention], actor_spans: list[tuple[int, int]]
) -> list[tuple[int, PlaceMention]]:
    if not toks:
        return []
    toks = sorted({t.i: t for t in [*toks, *_governor_subjects(head)]}.values(), key=lambda t: t.i)
    lo, hi = toks[0].idx, toks[-1].idx + len(toks[-1])
    idx_set = {t.i for t in toks}
    ranked: list[tuple[int, int, PlaceMention]] = []
    for p in places:
        if p.start < lo or p.end > hi or any(a <= p.start < b for a, b in actor_spans):
            continue  # "Damascus and its allies killed ...": a capital standing for its government is an actor
        tok = next((t for t in toks if t.idx <= p.start < t.idx + len(t) + 1), None)
        if tok is None or tok.i not in idx_set:
            continue
        if p.admin_level >= 3 and tok.dep_ != "pobj":
            continue  # "forces the U.S. to ...": a country that is not where something happens is no location
        depth = 0
        for a in (tok, *tok.ancestors):
            if a.i == head.i:
                break
            depth += 1
        ranked.append((depth, abs(tok.i - head.i), p))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return [(d, p) for d, _, p in ranked]


def _precision(text: str, place: PlaceMention) -> int:
    if place.admin_level >= 3:
        return 3
    return 2 if _NEAR.search(text[max(0, place.start - 25) : place.start]) else 1


def _date_of(span_lo: int, span_hi: int, analysis: Analysis, fallback_text: str) -> DateWindow | None:
    if analysis.times:
        for t in analysis.times:
            if span_lo <= t.start and t.end <= span_hi:
                w = window_of_timex(t.value)
                if w:
                    return w
        return None
    return parse_date_text(fallback_text, analysis.article.published)


def _refine_code(code: str, actors: list[tuple[str, str, str]]) -> str:
    kinds = {k for _, k, _ in actors}
    actor1_kind = next((k for _, k, r in actors if r == "actor1"), None)
    actor2_kind = next((k for _, k, r in actors if r == "actor2"), None)
    if code in ("ATTACK", "PROPERTY_DISTRUCT") and {"state", "nonstate"} <= kinds:
        return "ARMED_CLASH"  # ACLED: violence between two armed sides is a battle, not an attack on civilians
    if code == "ATTACK" and actor2_kind in _ARMED:
        return "ARMED_CLASH"  # ACLED's "Attack" targets civilians; killing fighters is fighting
    if code in _TERRITORY and actor1_kind in _ARMED:
        return "GOV_REGAINS_TERIT" if actor1_kind == "state" else "NON_STATE_ACTOR_OVERTAKES_TER"
    return code


def _claim_source(fig: CasualtyFigure, actors: list[tuple[str, str, str]], sent: Span) -> tuple[str, str | None]:
    """('claimed', by whom) when one side states the kills it made; ('reported', source) or ('stated', None)."""
    attributed = attribution_of(sent)
    if attributed:
        return "reported", attributed
    killer = next((a for a, k, r in actors if r == "actor1" and k in _ARMED), None)
    victims = next((a for a, k, r in actors if r == "actor2" and k in _ARMED), None)
    if fig.kind == "killed" and killer and victims and killer != victims:
        # enemy kill counts come from the side that did the killing: a claim, not an established count
        return "claimed", killer
    return "stated", None


# ---------------------------------------------------------------------------------------------- mentions


def event_mentions(analysis: Analysis, doc: Doc) -> list[EventMention]:
    """Every event-reporting clause of the article, classified and with its roles filled."""
    text = analysis.article.text
    resolver = ActorResolver(text)
    places = place_mentions(analysis)
    claims = {c.sentence_id: c for c in analysis.claims}
    # The fine-tuned MiniLM costs about 0.4 of the parse, over the budget (see BENCHMARKS.md); articles use
    # the lexicon and the TF-IDF model unless NEWSTRACE_EVENTS_EMBED=1 asks for the slower, more accurate one.
    embed = os.environ.get("NEWSTRACE_EVENTS_EMBED", "") == "1"
    out: list[EventMention] = []
    paragraph = 0
    prev_end = 0
    for s in analysis.sentences:
        if "\n" in text[prev_end : s.start]:
            paragraph += 1
        prev_end = s.end
        if not is_event_sentence(s.text):
            continue
        sent = doc.char_span(s.start, s.end, alignment_mode="expand")
        if sent is None:
            continue
        clauses = _clauses(sent)
        claim = claims.get(s.id)
        if claim is not None:
            certainty, cues, attributed = str(claim.certainty), list(claim.cues), claim.attributed_to
            own = attribution_of(sent) if certainty == "reported" else None
            if own and (not attributed or (own.startswith(attributed) and len(own) > len(attributed))):
                attributed = own  # the same source, named in full (a hyphenated name the parse split)
        else:
            certainty, cues = certainty_of(sent)
            attributed = attribution_of(sent) if certainty == "reported" else None
        figures = find_casualties(s.text, s.start)  # once per sentence; clauses pick theirs below
        figures += _role_figures(analysis.quantities, s.start, s.end, figures)
        used: set[int] = set()
        first_new = len(out)
        clause_ranges = [(toks[0].idx, toks[-1].idx + len(toks[-1])) for _, _, toks in clauses if toks]
        for primary, _trigs, toks in clauses:
            if not toks:
                continue
            lo, hi = toks[0].idx, toks[-1].idx + len(toks[-1])
            clause_text = " ".join(t.text for t in toks)
            head = _head_verb(primary) if primary.dep_ not in ("amod", "acl") else primary
            pred = classify(clause_text if len(toks) >= 4 else s.text, use_embedding=embed)
            if pred is None or pred.code not in SUB_EVENT_OF_CODE:
                continue
            actors = _actors(sent, toks, head, resolver)
            code = _refine_code(pred.code, actors)
            weak = code in _NEEDS_EVIDENCE and pred.rule_score < 2.0
            if weak and not any(k in _ARMED for _, k, _ in actors) and not any(lo <= f.start < hi for f in figures):
                continue  # "psychic attacks", "destroying the balance": one generic word is no physical event
            m = EventMention(
                code,
                s.id,
                paragraph,
                lo,
                hi,
                text[lo:hi],
                actors=actors,
                certainty=certainty,
                cues=cues,
                attributed_to=attributed,
            )
            actor_spans = [(a.start, a.end) for a in resolver.in_span(s.start, s.end) if a.canonical]
            ranked = _choose_place(toks, head, places, actor_spans)
            if ranked:
                m.place = ranked[0][1]
                m.place_precision = _precision(text, m.place)
                m.other_places = [p for _, p in ranked[1:] if p.name != m.place.name and p.admin_level == 1]
            m.date = _date_of(lo, hi, analysis, text[lo:hi])
            if m.date is None:
                # a date of the sentence that no other clause claims ("On December 10, media reported that ...")
                m.date = _date_of_free(analysis, s.start, s.end, s.text, clause_ranges, (lo, hi))
            m.casualties = [f for f in figures if lo <= f.start < hi or f.start <= lo < f.end]
            used.update(id(f) for f in m.casualties)
            _apply_quantities(m, analysis)
            if pm := _PERCENT.search(text[lo:hi]):
                m.size = {"text": pm.group(0), "value": float(pm.group(1)), "unit": "percent"}
            m.mode = mode_of(primary, text[lo:hi], m.date.start if m.date else None, analysis.article.published)
            out.append(m)
        # a figure outside every event clause ("..., police said. Two men died.") belongs to the nearest
        # event mention of its sentence, else to the event told in the sentence just before
        orphans = [f for f in figures if id(f) not in used]
        if orphans:
            in_sentence = out[first_new:]
            for f in orphans:
                if in_sentence:
                    min(in_sentence, key=lambda x: abs(x.start - f.start)).casualties.append(f)
                elif out and s.id - out[-1].sentence_id <= 1:
                    out[-1].casualties.append(f)
    return out


def _date_of_free(
    analysis: Analysis, s_lo: int, s_hi: int, s_text: str, ranges: list[tuple[int, int]], own: tuple[int, int]
) -> DateWindow | None:
    others = [(a, b) for a, b in ranges if (a, b) != own]
    if not analysis.times:
        rest = "".join(" " if any(a <= s_lo + i < b for a, b in others) else ch for i, ch in enumerate(s_text))
        return parse_date_text(rest, analysis.article.published)
    for t in analysis.times:
        if s_lo <= t.start and t.end <= s_hi and not any(a <= t.start < b for a, b in others):
            w = window_of_timex(t.value)
            if w:
                return w
    return None


def _role_figures(quantities: Sequence[Any], start: int, end: int, found: list[CasualtyFigure]) -> list[CasualtyFigure]:
    """Counts the quantities layer tied to a killing or injuring word where the casualty reader found none.

    The reader links a number to a casualty verb by pattern ("two men were shot"); the quantities analyzer
    does it over the parse ("killed 12 villagers"). Each covers phrasings the other misses, so when that
    analyzer ran, a role it gives adds a figure, but only for a kind the reader found nothing of in the
    sentence (no double counting of one statement). Running its extraction here when it did not run cost
    a fifth more time on the GVA articles for no better count, so events does not.
    """
    kinds = {f.kind for f in found}
    out: list[CasualtyFigure] = []
    for q in quantities:
        role = getattr(q, "role", None)
        if role not in ("killed", "injured") or role in kinds or not start <= q.start < end:
            continue
        if q.low is None and q.high is None:
            continue
        low = int(q.low) if q.low is not None else None
        high = int(q.high) if q.high is not None else None
        out.append(CasualtyFigure(role, low, high, q.start, q.end, q.text))
    return out


def _apply_quantities(m: EventMention, analysis: Analysis) -> None:
    """Prefer the quantities analyzer's range for a casualty figure whose number it parsed."""
    if not analysis.quantities:
        return
    fixed: list[CasualtyFigure] = []
    for f in m.casualties:
        q = next((q for q in analysis.quantities if f.start <= q.start and q.end <= f.end and q.low is not None), None)
        if q is not None and q.low is not None:
            hi = int(q.high) if q.high is not None else None
            f = CasualtyFigure(f.kind, int(q.low), hi, f.start, f.end, f.text)
        fixed.append(f)
    m.casualties = fixed


# ---------------------------------------------------------------------------------------------- merging


def _compatible(a: EventMention, b: EventMention) -> bool:
    if a.code != b.code or a.mode != b.mode:
        return False
    if (a.certainty in ("hedged", "speculative")) != (b.certainty in ("hedged", "speculative")):
        return False
    if a.place and b.place:
        if a.place.name != b.place.name:
            return False
    elif abs(a.sentence_id - b.sentence_id) > 3:  # without a shared place, only nearby mentions corefer
        return False
    if a.date and b.date and not (a.date.start <= b.date.end and b.date.start <= a.date.end):
        return False
    named_a = {x for x, k, _ in a.actors if k in _ARMED}
    named_b = {x for x, k, _ in b.actors if k in _ARMED}
    return not (named_a and named_b and not named_a & named_b)


def merge_mentions(mentions: list[EventMention]) -> list[list[EventMention]]:
    """Group mentions of the same happening (greedy, in text order)."""
    groups: list[list[EventMention]] = []
    for m in mentions:
        for g in groups:
            if all(_compatible(m, x) for x in g):
                g.append(m)
                break
        else:
            groups.append([m])
    return groups


def _to_event(group: list[EventMention], published: str | None) -> Event:
    best = min(group, key=lambda m: _CERTAINTY_RANK.get(m.certainty, 0))
    sub = SUB_EVENT_OF_CODE[group[0].code]
    first_date = next((m.date for m in group if m.date), None)
    actor1 = next((a for m in group for a, _, r in m.actors if r == "actor1"), None)
    named = [a for m in group for a, _, _ in m.actors]
    actor2 = next((a for m in group for a, _, r in m.actors if r == "actor2" and a != actor1), None)
    actor2 = actor2 or next((a for a in named if a != actor1), None)
    actor1 = actor1 or next((a for a in named if a != actor2), None)
    place_m = next((m for m in group if m.place), None)
    location = None
    if place_m and place_m.place:
        p = place_m.place
        location = EventLocation(
            name=p.text if p.name != p.text and p.geonames_id else p.name,
            lat=p.lat,
            lon=p.lon,
            geonames_id=p.geonames_id,
            precision=place_m.place_precision,
        )
        location.gazetteer_name = p.name  # type: ignore[attr-defined]  # extra field
        others = sorted({o.text for m in group for o in m.other_places if o.name != p.name})
        if others:
            location.other_locations = others  # type: ignore[attr-defined]  # extra field
    killed = [(m, f) for m in group for f in m.casualties if f.kind == "killed"]
    injured = [f for m in group for f in m.casualties if f.kind == "injured"]
    fatalities = None
    if killed:
        m, f = max(killed, key=lambda mf: mf[1].low or mf[1].high or 0)
        fatalities = Fatalities(low=f.low, high=f.high)
        status, source = m.fig_source.get(f.start, ("stated", None))
        fatalities.status = status  # type: ignore[attr-defined]
        fatalities.source = source  # type: ignore[attr-defined]
        fatalities.text = f.text  # type: ignore[attr-defined]
        fatalities.start = f.start  # type: ignore[attr-defined]
        fatalities.end = f.end  # type: ignore[attr-defined]
    ev = Event(
        event_type=event_type_of(sub),
        sub_event_type=sub,
        date_start=first_date.start if first_date else None,
        date_end=first_date.end if first_date else None,
        date_precision=first_date.precision if first_date else None,
        location=location,
        actor1=actor1,
        actor2=actor2,
        fatalities=fatalities,
        certainty=best.certainty,
        mode=group[0].mode,
        attributed_to=best.attributed_to,
        sentence_ids=sorted({m.sentence_id for m in group}),
        evidence=[Mention(start=m.start, end=m.end, text=m.text) for m in group],
    )
    if injured:
        f = max(injured, key=lambda x: x.low or x.high or 0)
        ev.injuries = {"low": f.low, "high": f.high, "text": f.text}  # type: ignore[attr-defined]
    sizes = [m.size for m in group if m.size]
    if sizes:
        ev.size = sizes[0]  # type: ignore[attr-defined]
    ev.cues = sorted({c for m in group for c in m.cues})  # type: ignore[attr-defined]
    # per-mention provenance: the event is as certain as its most certain mention, but every source shows
    ev.mentions = [  # type: ignore[attr-defined]
        {
            "sentence_id": m.sentence_id,
            "start": m.start,
            "end": m.end,
            "certainty": m.certainty,
            "attributed_to": m.attributed_to,
        }
        for m in group
    ]
    ev.code = CODE_OF_SUB_EVENT.get(sub)  # type: ignore[attr-defined]
    if first_date is None and published:
        # no date in the text: ACLED codes the report's date, marked as the vaguest precision
        ev.date_start = ev.date_end = published
        ev.date_precision = 3
        ev.date_basis = "publication"  # type: ignore[attr-defined]
    return ev


def compose_events(analysis: Analysis, doc: Doc) -> list[Event]:
    """The article's events: mentions found, classified, given roles, merged, in order of first mention."""
    mentions = event_mentions(analysis, doc)
    by_sid = {s.id: s for s in analysis.sentences}
    for m in mentions:
        s = by_sid[m.sentence_id]
        sent = doc.char_span(s.start, s.end, alignment_mode="expand")
        if sent is not None and m.casualties:
            m.fig_source = {f.start: _claim_source(f, m.actors, sent) for f in m.casualties}
    # a mention with no place or date takes them from the previous event mention of the same paragraph
    for prev, m in itertools.pairwise(mentions):
        if m.paragraph == prev.paragraph and prev.mode is None:
            if m.place is None and prev.place is not None and m.code == prev.code and prev.certainty == m.certainty:
                m.place, m.place_precision = prev.place, prev.place_precision
            if m.date is None and prev.date is not None:
                m.date = prev.date
    return [_to_event(g, analysis.article.published) for g in merge_mentions(mentions)]
