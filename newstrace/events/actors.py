"""Actor normalisation: the many names of one armed group or state force, mapped to one canonical name.

Event coders (ACLED, UCDP) name each actor once ("Islamic State", "Military Forces of Syria"); news text
names them a dozen ways (IS, ISIS, ISIL, Daesh, "the terrorists"; SAA, the Syrian army, government
troops, Damascus). The alias table is hand-written (no maintained offline library has one); generic
references ("the terrorists", "government troops") resolve only when the article makes the referent
clear — a single armed non-state group, or a single state's forces, named elsewhere in the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["UCDP_NAMES", "ActorMention", "ActorResolver", "find_actor_mentions"]


@dataclass(frozen=True)
class _Actor:
    canonical: str
    kind: str  # "state" | "nonstate" | "civilian" | "protester" | "other"
    country: str | None = None


# canonical name -> (kind, country, aliases). Aliases are matched case-insensitively on word bounds,
# except those led by a short all-caps word (IS, SAA), which must be upper-case in the text to count.
_TABLE: list[tuple[_Actor, list[str]]] = [
    (
        _Actor("Islamic State", "nonstate"),
        [
            "IS",
            "ISIS",
            "ISIL",
            "Islamic State",
            "Islamic State of Iraq and the Levant",
            "Islamic State of Iraq and Syria",
            "Daesh",
            "Daish",
            "IS terrorists",
            "IS fighters",
            "IS militants",
            "ISIS fighters",
            "ISIS militants",
            "ISIS terrorists",
        ],
    ),
    (
        _Actor("Military Forces of Syria", "state", "Syria"),
        [
            "Syrian Arab Army",
            "SAA",
            "Syrian army",
            "Syrian troops",
            "Syrian forces",
            "Syrian government forces",
            "Syrian government troops",
            "Syrian military",
            "Assad forces",
            "regime forces",
            "Syrian army command",
            "pro-government forces",
            "Damascus",
        ],
    ),
    (
        _Actor("Military Forces of Iraq", "state", "Iraq"),
        ["Iraqi army", "Iraqi forces", "Iraqi troops", "Iraqi security forces", "Iraqi military", "Baghdad"],
    ),
    (
        _Actor("Military Forces of Russia", "state", "Russia"),
        [
            "Russian army",
            "Russian forces",
            "Russian troops",
            "Russian military",
            "Russian warplanes",
            "Russian jets",
            "Russian aircraft",
            "Moscow",
        ],
    ),
    (
        _Actor("Military Forces of Turkey", "state", "Turkey"),
        ["Turkish army", "Turkish forces", "Turkish troops", "Turkish military", "Turkish warplanes", "Ankara"],
    ),
    (
        _Actor("Military Forces of the United States", "state", "United States"),
        [
            "US forces",
            "U.S. forces",
            "US troops",
            "U.S. troops",
            "American troops",
            "US military",
            "U.S. military",
            "Pentagon",
            "Washington",
        ],
    ),
    (
        _Actor("Military Forces of Israel", "state", "Israel"),
        [
            "Israeli army",
            "Israeli forces",
            "Israeli troops",
            "IDF",
            "Israel Defense Forces",
            "Israeli military",
            "Israeli warplanes",
            "Israeli jets",
        ],
    ),
    (
        _Actor("Military Forces of Ukraine", "state", "Ukraine"),
        ["Ukrainian army", "Ukrainian forces", "Ukrainian troops", "Kyiv", "Kiev"],
    ),
    (
        _Actor("US-led coalition", "state"),
        [
            "U.S.-led coalition",
            "US-led coalition",
            "U.S.-led international coalition",
            "US-led international coalition",
            "international coalition",
            "anti-IS coalition",
            "coalition forces",
        ],
    ),
    (_Actor("Syrian Democratic Forces", "nonstate", "Syria"), ["Syrian Democratic Forces", "SDF"]),
    (_Actor("YPG: People's Protection Units", "nonstate"), ["YPG", "People's Protection Units", "Kurdish YPG"]),
    (
        _Actor("PKK: Kurdistan Workers' Party", "nonstate"),
        ["PKK", "Kurdistan Workers' Party", "Kurdistan Workers Party"],
    ),
    (_Actor("Hezbollah", "nonstate"), ["Hezbollah", "Hizbollah", "Hizballah"]),
    (_Actor("Hamas", "nonstate"), ["Hamas", "Qassam Brigades", "Izz ad-Din al-Qassam Brigades"]),
    (
        _Actor("Hayat Tahrir al-Sham", "nonstate"),
        ["Hayat Tahrir al-Sham", "HTS", "Jabhat al-Nusra", "al-Nusra Front", "Nusra Front", "Jabhat Fateh al-Sham"],
    ),
    (_Actor("Free Syrian Army", "nonstate"), ["Free Syrian Army", "FSA"]),
    (_Actor("Taliban", "nonstate"), ["Taliban", "Taleban"]),
    (_Actor("Al Qaeda", "nonstate"), ["al-Qaeda", "al Qaeda", "Al Qaida", "AQAP", "al-Qaida"]),
    (_Actor("Al Shabaab", "nonstate"), ["al-Shabaab", "al Shabaab", "Shabaab", "al-Shabab"]),
    (_Actor("Boko Haram", "nonstate"), ["Boko Haram", "ISWAP", "Islamic State West Africa Province"]),
    (_Actor("Houthis", "nonstate"), ["Houthis", "Houthi", "Ansar Allah", "Houthi rebels"]),
    (_Actor("Police Forces", "state"), ["police", "policemen", "police officers", "riot police", "security forces"]),
    (_Actor("Protesters", "protester"), ["protesters", "protestors", "demonstrators", "marchers"]),
    (_Actor("Rioters", "protester"), ["rioters"]),
    (_Actor("Civilians", "civilian"), ["civilians", "residents", "villagers", "worshippers", "passengers"]),
    (
        _Actor("Unidentified Armed Group", "nonstate"),
        ["gunmen", "unidentified gunmen", "unknown gunmen", "unidentified assailants", "armed men", "attackers"],
    ),
]

# Generic references that stand for a party the article names elsewhere.
_GENERIC_NONSTATE = [
    "the terrorists",
    "terrorists",
    "the militants",
    "militants",
    "jihadists",
    "the jihadists",
    "insurgents",
    "the insurgents",
    "terror groups",
    "extremists",
    "the rebels",
    "rebels",
]
_GENERIC_STATE = [
    "government troops",
    "government forces",
    "the government forces",
    "the army",
    "army",
    "the troops",  # bare "troops" is left out: "deploy such a number of troops" may be anyone's
    "the military",
    "regime",
    "soldiers",
    "Damascus and its allies",
]

#: canonical name -> the UCDP GED side name (for aligning with UCDP dyads).
UCDP_NAMES: dict[str, str] = {
    "Islamic State": "IS",
    "Military Forces of Syria": "Government of Syria",
    "Military Forces of Iraq": "Government of Iraq",
    "Military Forces of Russia": "Government of Russia (Soviet Union)",
    "Military Forces of Turkey": "Government of Turkey",
    "Military Forces of the United States": "Government of United States of America",
    "Military Forces of Israel": "Government of Israel",
    "Military Forces of Ukraine": "Government of Ukraine",
    "Syrian Democratic Forces": "SDF",
    "YPG: People's Protection Units": "PYD",
    "PKK: Kurdistan Workers' Party": "PKK",
    "Hayat Tahrir al-Sham": "Hayat Tahrir al-Sham",
    "Taliban": "Taleban",
    "Al Shabaab": "Al-Shabaab",
    "Al Qaeda": "al-Qaida",
    "Houthis": "Ansarallah",
}


def _case_sensitive(alias: str) -> bool:
    head = alias.split()[0]
    return head.isupper() and len(head) <= 4


def _key(text: str) -> str:
    return " ".join(text.split())


def _combined(aliases: list[str], flags: int) -> re.Pattern[str] | None:
    if not aliases:
        return None
    # one alternation, longest alias first, so a single pass finds the longest name at each position
    body = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in sorted(set(aliases), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)


_NAMED: dict[str, _Actor] = {}
_NAMED_CS: dict[str, _Actor] = {}
for _actor, _aliases in _TABLE:
    for _a in _aliases:
        if _case_sensitive(_a):
            _NAMED_CS[_key(_a)] = _actor
        else:
            _NAMED[_key(_a).lower()] = _actor
_GENERIC: dict[str, str] = {_key(a).lower(): "nonstate" for a in _GENERIC_NONSTATE}
_GENERIC.update({_key(a).lower(): "state" for a in _GENERIC_STATE})
_RE_NAMED = _combined(list(_NAMED), re.IGNORECASE)
_RE_NAMED_CS = _combined(list(_NAMED_CS), 0)
_RE_GENERIC = _combined(list(_GENERIC), re.IGNORECASE)


@dataclass(frozen=True)
class ActorMention:
    """A span of the text that names an actor, with the actor's canonical name (None: unresolved generic)."""

    start: int
    end: int
    text: str
    canonical: str | None
    kind: str


def find_actor_mentions(text: str, offset: int = 0) -> list[ActorMention]:
    """Named and generic actor mentions in ``text`` (longest match wins), offsets shifted by ``offset``."""
    named: list[tuple[int, int, str, _Actor]] = []
    for pat, table, fold in ((_RE_NAMED, _NAMED, True), (_RE_NAMED_CS, _NAMED_CS, False)):
        if pat is None:
            continue
        for m in pat.finditer(text):
            k = _key(m.group(0))
            actor = table.get(k.lower() if fold else k)
            if actor is not None:
                named.append((m.start(), m.end(), m.group(0), actor))
    found: list[ActorMention] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for s, e, txt, actor in sorted(named, key=lambda x: (x[0] - x[1], x[0])):  # longest first
        if free(s, e):
            taken.append((s, e))
            found.append(ActorMention(s + offset, e + offset, txt, actor.canonical, actor.kind))
    if _RE_GENERIC is not None:
        for m in _RE_GENERIC.finditer(text):
            if free(m.start(), m.end()):
                taken.append((m.start(), m.end()))
                kind = _GENERIC.get(_key(m.group(0)).lower(), "nonstate")
                found.append(ActorMention(m.start() + offset, m.end() + offset, m.group(0), None, kind))
    return sorted(found, key=lambda a: a.start)


class ActorResolver:
    """Resolves generic references against the actors an article names.

    "the terrorists" becomes the article's armed non-state group when exactly one is named anywhere in
    the article (IS, in a report on an IS offensive); "government troops" becomes the state force named
    in the article when exactly one is. Otherwise the generic reference stays unresolved and is kept
    as written, so no actor is invented.
    """

    def __init__(self, article_text: str) -> None:
        self.mentions = find_actor_mentions(article_text)
        named = [m for m in self.mentions if m.canonical]
        armed_nonstate = {
            m.canonical for m in named if m.kind == "nonstate" and m.canonical != "Unidentified Armed Group"
        }
        states = {
            m.canonical for m in named if m.kind == "state" and (m.canonical or "").startswith("Military Forces of")
        }
        self.nonstate = next(iter(armed_nonstate)) if len(armed_nonstate) == 1 else None
        self.state = next(iter(states)) if len(states) == 1 else None

    def in_span(self, start: int, end: int) -> list[ActorMention]:
        """The article's actor mentions that lie within [start, end)."""
        return [m for m in self.mentions if start <= m.start and m.end <= end]

    def canonical(self, mention: ActorMention) -> str:
        """The canonical name of a mention (the text as written when a generic one cannot be resolved)."""
        if mention.canonical:
            return mention.canonical
        resolved = self.nonstate if mention.kind == "nonstate" else self.state
        return resolved or mention.text.strip()
