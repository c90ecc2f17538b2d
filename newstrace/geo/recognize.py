"""Toponym recognition: spaCy NER combined with a gazetteer matcher, context cues and demonyms.

Hand-written because the small English model alone misses places that matter (it tags Palmyra as
PERSON and Homs as ORG): every capitalised run of tokens that the gazetteer knows is a candidate,
accepted when the NER calls it a place, when a cue around it says so ("in X", "X province",
"governor of X", "Iraq's X", "X, Syria"), when it is a country, state or curated feature, or when
the same name was accepted elsewhere in the article (one sense per discourse).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newstrace.geo.gazetteer import Gazetteer, PlaceEntry
from newstrace.geo.names import name_key

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["ToponymMention", "mark_qualified", "recognize_toponyms"]

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_PREPOSITIONS = frozenset({"in", "near", "from", "at", "outside", "into", "towards", "toward", "across",
                           "around", "via", "through", "inside", "throughout", "entered", "captured", "seized",
                           "besieged", "liberated", "visited", "reached", "stormed", "recaptured"})
# Weaker cues: "to Brown", "on Jones" are as often people; they count only for names the model
# does not call a person.
_WEAK_PREPOSITIONS = frozenset({"to", "on", "against", "between", "left"})
_SUFFIXES = frozenset({"county", "parish", "province", "governorate", "district", "region"})
_HEADS_BEFORE = frozenset({"city", "town", "village", "province", "governorate", "region", "state", "county",
                           "district", "outskirts", "suburbs", "countryside", "capital", "governor", "mayor",
                           "streets", "center", "centre", "residents", "people", "north", "south", "east",
                           "west", "port", "area", "parts", "north-east", "north-west",
                           "south-east", "south-west", "northeast", "northwest", "southeast", "southwest"})
_HEADS_AFTER = frozenset({"province", "governorate", "city", "county", "district", "region", "countryside",
                          "governor", "state", "parish", "town", "village", "area", "residents", "airport",
                          "municipality", "township", "suburb", "border", "offensive",
                          "front", "council", "mayor", "police", "natives", "native"})
_ADMIN_AFTER = frozenset({"province", "governorate", "county", "district", "region", "state", "parish"})
# Capitalised words that are never toponyms on their own although some village bears the name.
_NEVER = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "i", "he", "she", "we", "they", "it", "the", "a", "an", "this", "that", "there", "here", "mr", "mrs", "ms",
    "dr", "said", "god", "president", "minister", "army", "police", "news", "media", "center", "centre",
    "university", "school", "church", "city", "state", "county", "national", "government", "council",
    "street", "road", "avenue", "north", "south", "east", "west", "central", "western", "eastern",
    "northern", "southern", "islamic state", "is", "isis", "isil", "daesh", "sunday's", "today",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "christmas",
    "border", "human", "but", "and", "hope", "hill", "earth", "gulf", "section", "olympic", "passover",
    "miss", "sen", "rep", "gov", "gen", "col", "capt", "lt", "sgt", "st", "mt", "ft", "highway", "route",
})
_ARABIC_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "ez", "an", "ed", "es"})
_ABBREVIATED = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_BIG_TOWN = 100_000  # a known town this large is accepted without a cue unless the model says person


@dataclass
class ToponymMention:
    """A recognised toponym with its span and the hints found around it."""

    start: int
    end: int
    text: str
    key: str
    how: str  # ner | cue | gazetteer | discourse | demonym
    country_hint: str | None = None  # "Iraq's Mosul", "Homs, Syria"
    admin_hint: bool = False  # "X province"
    candidates: list[PlaceEntry] = field(default_factory=list)
    state_hint: tuple[str, str] | None = None  # (country, admin-1 code): "Springfield, Ill.", "Ohio's Licking County"
    follows: str | None = None  # the key of the toponym right before it and a comma: "Mississauga" for "Ontario"


def _with_abbreviation_dot(doc: Doc, j: int) -> int:
    """Extend a span over the full stop of an abbreviation the tokenizer split off ("W.Va" + ".")."""
    last = doc[j - 1]
    if j < len(doc) and doc[j].text == "." and not last.whitespace_ and "." in last.text and len(last.text) <= 5:
        return j + 1
    return j


def _is_cap(tok: Token) -> bool:
    return tok.text[:1].isupper() and not tok.is_punct


def _strip(span: Span) -> tuple[int, int]:
    i, j = span.start, span.end
    doc = span.doc
    while i < j and (doc[i].lower_ in ("the", "'s", "’s") or doc[i].is_punct or doc[i].is_space):
        i += 1
    while j > i and (doc[j - 1].lower_ in ("'s", "’s") or doc[j - 1].is_punct or doc[j - 1].is_space):
        j -= 1
    return i, j


def _owner_units(gaz: Gazetteer, key: str) -> list[PlaceEntry]:
    """Countries and well-known admin-1 units (US states, curated provinces) named by ``key``.

    Admin-1 units of other countries are left out: "Homs, Aleppo and Damascus" is a list, and
    "Paris, Lagos" must not make Paris Nigerian.
    """
    return [e for e in gaz.lookup_key(key) if e.feature == "A.PCLI" or (
        e.feature == "A.ADM1" and (e.country_code == "US" or e.source == "supplement"))]


def _context(doc: Doc, i: int, j: int, gaz: Gazetteer) -> tuple[bool, str | None, bool, tuple[str, str] | None]:
    """(a cue says it is a place, a country hint, an admin-unit hint, a state hint) for tokens i..j."""
    cue, country, admin = False, None, False
    state: tuple[str, str] | None = None
    prev = doc[i - 1] if i > 0 else None
    nxt = doc[j] if j < len(doc) else None
    if prev is not None and prev.lower_ in _PREPOSITIONS:
        cue = True
    if prev is not None and prev.lower_ in _WEAK_PREPOSITIONS and doc[i].ent_type_ not in ("PERSON", "ORG"):
        cue = True
    if prev is not None and prev.lower_ == "of" and i >= 2 and doc[i - 2].lower_ in _HEADS_BEFORE:
        cue = True
        admin = doc[i - 2].lower_ in _ADMIN_AFTER  # "the state of Washington", "the province of Idlib"
    if nxt is not None and nxt.lower_ in _HEADS_AFTER:
        cue = True
        admin = nxt.lower_ in _ADMIN_AFTER
    # "Iraq's Mosul", "Ohio's Licking County": a country or state in the possessive right before
    if prev is not None and prev.lower_ in ("'s", "’s") and i >= 2:
        owner = _owner_units(gaz, name_key(doc[i - 2].text))
        if owner:
            cue, country = True, owner[0].country_code
            if owner[0].feature == "A.ADM1" and owner[0].admin1:
                state = (owner[0].country_code, owner[0].admin1)
    # "Homs, Syria" / "Alexandria, La." / "Watertown, New York"
    if nxt is not None and nxt.text == "," and j + 1 < len(doc) and _is_cap(doc[j + 1]):
        for size in (3, 2, 1):
            k = _with_abbreviation_dot(doc, min(len(doc), j + 1 + size))
            after = _owner_units(gaz, name_key(doc[j + 1:k].text)) if k - (j + 1) >= size else []
            if after:
                cue, country = True, after[0].country_code
                if after[0].feature == "A.ADM1" and after[0].admin1:
                    state = (after[0].country_code, after[0].admin1)
                break
    return cue, country, admin, state


def _candidates(gaz: Gazetteer, key: str, fuzzy: bool, nxt: str = "") -> tuple[list[PlaceEntry], bool]:
    """(candidates, admin hint): the exact name; "X County" falls back on the places named X.

    ``nxt`` is the lower-cased word after the name: "Geauga and Medina counties" names counties.
    """
    if nxt in ("county", "counties", "parish", "parishes"):
        unit = "parish" if nxt.startswith("parish") else "county"
        counties = [c for c in gaz.lookup_key(f"{key} {unit}") if c.feature == "A.ADM2"]
        if counties:
            return counties, True
    cands = gaz.lookup_key(key)
    if cands:
        return cands, False
    words = key.split()
    # "St. Marc", "Mt Darwin": GeoNames spells most such towns out ("Saint-Marc", "Mount Darwin").
    if len(words) > 1 and words[0] in _ABBREVIATED:
        cands = gaz.lookup_key(" ".join([_ABBREVIATED[words[0]], *words[1:]]))
        if cands:
            return cands, False
    if len(words) > 1 and words[-1] in _SUFFIXES:
        head_key = " ".join(words[:-1])
        # Only towns whose own name is the head: a county is often named like its seat or a town in it.
        head = [c for c in gaz.lookup_key(head_key) if name_key(c.name) == head_key]
        if words[-1] in ("county", "parish"):
            head = [c for c in head if c.country_code == "US"]
        return head, True
    if not fuzzy:
        return [], False
    # A vowel-less skeleton joins "Raqqah"/"Raqa" and "Deir Zour"/"Deir Zor" but also "Kibera"/"Kabul":
    # keep only candidates that begin with the same two letters and end alike.
    return [c for c in gaz.lookup_skeleton(key) if _close_spelling(name_key(c.name), key)], False


def _close_spelling(a: str, b: str) -> bool:
    a, b = a.rstrip("h"), b.rstrip("h")
    return a[:2] == b[:2] and a[-1:] == b[-1:] and abs(len(a) - len(b)) <= 1


def _strong(cands: list[PlaceEntry]) -> bool:
    # Countries, US states and counties, continents and curated features are rarely anything else when
    # capitalised; admin-1 names elsewhere ("Delta", "Centre", "Rivers") need a cue or the model.
    return any(c.feature in ("A.PCLI", "L.CONT") or c.source == "supplement"
               or (c.feature in ("A.ADM1", "A.ADM2") and c.country_code == "US") for c in cands)


def recognize_toponyms(doc: Doc, gaz: Gazetteer, *, max_ngram: int = 4) -> list[ToponymMention]:
    """All toponym mentions in the parsed article, sorted by offset, without overlaps."""
    text = doc.text
    taken = [False] * len(doc)
    found: list[ToponymMention] = []
    accepted_keys: set[str] = set()
    demonyms: dict[str, str] = {}

    def add(i: int, j: int, how: str, country: str | None, admin: bool, cands: list[PlaceEntry],
            state: tuple[str, str] | None = None) -> None:
        # "al-Shaer": a lower-case Arabic article hyphenated onto the name belongs to the mention
        if i >= 2 and doc[i - 1].text in ("-", "‐") and doc[i - 2].lower_ in _ARABIC_ARTICLES and \
                not doc[i - 2].whitespace_ and not doc[i - 1].whitespace_ and not taken[i - 2]:
            i -= 2
        start, end = doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)
        mention = ToponymMention(start, end, text[start:end], name_key(text[start:end]), how, country, admin,
                                 cands, state)
        found.append(mention)
        for k in range(i, j):
            taken[k] = True
        if how != "demonym":
            accepted_keys.add(mention.key)

    # 1. NER places; NORP entities that are demonyms of a country.
    ner_other: list[tuple[int, int]] = []
    for ent in doc.ents:
        i, j = _strip(ent)
        if i >= j:
            continue
        if ent.label_ in _PLACE_LABELS:
            j = _with_abbreviation_dot(doc, j)
            key = name_key(doc[i:j].text)
            if key in _NEVER:
                continue
            cands, suffix_admin = _candidates(gaz, key, True, doc[j].lower_ if j < len(doc) else "")
            cue, country, admin, state = _context(doc, i, j, gaz)
            # A name no gazetteer knows is kept (unplaced) only when a cue backs the model up: alone,
            # such model "places" are mostly streets, buildings and misread surnames.
            if cands or (cue and ent.label_ != "FAC"):
                add(i, j, "ner", country, admin or suffix_admin, cands, state)
        elif ent.label_ == "NORP":
            cands = [c for c in gaz.lookup(doc[i:j].text) if c.is_country]
            if cands:
                demonyms[doc[i:j].text] = cands[0].country_code
                add(i, j, "demonym", None, False, cands[:1])
        else:
            ner_other.append((i, j))

    # 2. Capitalised runs the gazetteer knows, accepted on a cue (longest match first).
    pending: list[tuple[int, int, list[PlaceEntry], bool, str | None, bool, tuple[str, str] | None]] = []
    i = 0
    n = len(doc)
    while i < n:
        if taken[i] or not _is_cap(doc[i]):
            i += 1
            continue
        matched = False
        for size in range(min(max_ngram, n - i), 0, -1):
            j = i + size
            if any(taken[k] or not (_is_cap(doc[k]) or doc[k].lower_ in ("al", "el", "ez", "-", "de", "of"))
                   for k in range(i, j)) or not _is_cap(doc[j - 1]):
                continue
            j = _with_abbreviation_dot(doc, j)
            key = name_key(doc[i:j].text)
            if len(key) < 3 or key in _NEVER:
                continue
            cands, suffix_admin = _candidates(gaz, key, False, doc[j].lower_ if j < len(doc) else "")
            if not cands:
                continue
            cue, country, admin, state = _context(doc, i, j, gaz)
            pending.append((i, j, cands, cue or suffix_admin, country, admin or suffix_admin, state))
            matched = True
            i = j
            break
        if not matched:
            i += 1

    for i, j, cands, cue, country, admin, state in pending:
        sentence_initial = doc[i].is_sent_start and j - i == 1 and not cue
        person = any(doc[k].ent_type_ == "PERSON" for k in range(i, j))
        big = max((c.population for c in cands), default=0) >= _BIG_TOWN and not sentence_initial
        curated = any(c.source == "supplement" for c in cands)  # specific names, even if read as a person
        if cue or curated or ((_strong(cands) or big) and not sentence_initial and not person):
            add(i, j, "cue" if cue else "gazetteer", country, admin, cands, state)
    # 3. One sense per discourse: a name accepted once is a place everywhere in the article, except
    # where the model reads it as part of a person's name ("Gordon Brown" after "in Brown County").
    for i, j, cands, _cue, country, admin, state in pending:
        if taken[i] or name_key(doc[i:j].text) not in accepted_keys:
            continue
        in_person = doc[i].ent_type_ == "PERSON" and (doc[i].ent_iob_ == "I" or (j < len(doc) and
                                                                                doc[j].ent_iob_ == "I"))
        if not in_person:
            add(i, j, "discourse", country, admin, cands, state)
    found.sort(key=lambda m: m.start)
    mark_qualified(found, text)
    return found


def mark_qualified(mentions: list[ToponymMention], text: str) -> None:
    """Set ``follows`` on every mention written right after another one and a comma ("Mississauga, Ontario").

    The resolver reads the pair as town and unit when the unit contains the town; a plain list
    ("Boston, Chicago, New York") does not qualify, since Chicago is not in New York state.
    """
    for before, after in itertools.pairwise(mentions):
        if text[before.end:after.start] == ", ":
            after.follows = before.key
