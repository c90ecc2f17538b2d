"""Distance and direction checks: "Raqqa, which is about 220 km to the north of Palmyra".

A statement names a distance (and often a compass direction) between two places the ``places``
analyzer resolved: the *reference* right after "of"/"from" and the *subject*, the nearest place
mentioned before the number in the same sentence. We measure the geodesic distance and initial
bearing from reference to subject (WGS84, geographiclib) and give a verdict.

Tolerances (documented in ``data/geo/README.md`` as well):

* distance: the stated and measured distances may differ by a factor of at most 1.25 when the
  number is hedged ("about", "some", "roughly", "nearly" ...) or bare; road distances and town
  extents make a stricter test unfair. "more than N" needs measured >= 0.9 N, "less than / within
  / up to N" needs measured <= 1.1 N. Below 15 km a 5 km absolute slack applies as well.
* direction: the measured bearing may be at most 45 degrees from the stated one (one sector of the
  eight-point compass: "north" accepts NNE and NNW but not ENE).
* a check is ``unverifiable`` when either place is unresolved or is a country, region or admin
  unit (a centroid says nothing about a distance), or when the two are the same record.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from newstrace.geo.gazetteer import PlaceEntry
from newstrace.geo.geodesy import angle_difference, compass_bearing, compass_name, distance_bearing
from newstrace.geo.resolve import Resolution
from newstrace.model import Check, Sentence

__all__ = [
    "DIRECTION_TOLERANCE_DEG",
    "DISTANCE_RATIO_TOLERANCE",
    "DistanceStatement",
    "distance_checks",
    "find_distance_statements",
    "judge_distance",
]

DISTANCE_RATIO_TOLERANCE = 1.25
DIRECTION_TOLERANCE_DEG = 45.0
_KM_PER_MILE = 1.609344
_POINT_PRECISIONS = frozenset({"city", "site", "approximate", "feature"})

_DIRS = (r"north[- ]?east|north[- ]?west|south[- ]?east|south[- ]?west|north-northeast|east-northeast|"
         r"east-southeast|south-southeast|south-southwest|west-southwest|west-northwest|north-northwest|"
         r"north|south|east|west")
_STATEMENT = re.compile(
    r"(?P<qual>about|some|roughly|around|approximately|approx\.|nearly|almost|just|only|barely|"
    r"more than|over|less than|under|up to|within|at least|at most|no more than)?\s*"
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>km|kms|kilometres|kilometers|kilometre|kilometer|miles|mile|mi)\b\.?"
    r"(?:\s*\([^)]{0,30}\))?\s*"
    r"(?:(?:away\s+)?(?:to\s+the\s+|due\s+)?(?P<dir>" + _DIRS + r")(?:\s+of|\s+from)?"
    r"|(?:away\s+)?from|outside(?:\s+of)?|away\s+from)\s+(?:the\s+(?:town|city|village)\s+of\s+)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DistanceStatement:
    start: int
    end: int
    qualifier: str
    km: float
    stated_number: str
    unit: str
    direction: str | None
    subject: Resolution
    reference: Resolution


def find_distance_statements(text: str, sentences: Sequence[Sentence],
                             resolutions: Sequence[Resolution]) -> list[DistanceStatement]:
    """Distance statements whose two places were both recognised (resolved or not)."""
    out: list[DistanceStatement] = []
    for s in sentences:
        in_sentence = [r for r in resolutions if s.start <= r.mention.start < s.end]
        if len(in_sentence) < 2:
            continue
        for m in _STATEMENT.finditer(text, s.start, s.end):
            reference = next((r for r in in_sentence if m.end() <= r.mention.start <= m.end() + 2), None)
            if reference is None:
                continue
            before = [r for r in in_sentence if r.mention.end <= m.start() and r.mention.how != "demonym"]
            if not before:
                continue
            subject = before[-1]
            number = m.group("num")
            value = float(number.replace(",", ""))
            unit = m.group("unit").lower()
            km = value * _KM_PER_MILE if unit.startswith("mi") else value
            start = subject.mention.start
            end = reference.mention.end
            out.append(DistanceStatement(start, end, (m.group("qual") or "").lower(), km, number, unit,
                                         (m.group("dir") or None), subject, reference))
    return out


def _distance_ok(qualifier: str, stated: float, measured: float) -> tuple[bool, str]:
    slack = 5.0 if max(stated, measured) < 15 else 0.0
    if qualifier in ("more than", "over", "at least"):
        return measured >= 0.9 * stated - slack, f"'{qualifier}' needs at least 90 % of the stated distance"
    if qualifier in ("less than", "under", "up to", "within", "at most", "no more than"):
        return measured <= 1.1 * stated + slack, f"'{qualifier}' allows at most 110 % of the stated distance"
    ratio = max(stated, measured) / max(min(stated, measured), 1e-6)
    hedge = f"'{qualifier}'" if qualifier else "a bare number"
    ok = ratio <= DISTANCE_RATIO_TOLERANCE or abs(stated - measured) <= slack
    return ok, f"tolerance ±25 % for {hedge}"


def judge_distance(stmt: DistanceStatement, text: str) -> Check:
    """Measure a statement and give its verdict with an explanation a reader understands."""
    stated_dir = f" {stmt.direction.lower()}" if stmt.direction else ""
    stated_unit = "miles" if stmt.unit.startswith("mi") else "km"
    stated = f"{stmt.qualifier + ' ' if stmt.qualifier else ''}{stmt.stated_number} {stated_unit}{stated_dir}"
    subj, ref = stmt.subject.entry, stmt.reference.entry
    base = {"kind": "distance", "start": stmt.start, "end": stmt.end, "text": text[stmt.start:stmt.end],
            "stated": stated, "stated_km": round(stmt.km, 1), "subject": stmt.subject.mention.text,
            "reference": stmt.reference.mention.text}
    problem = _unverifiable_reason(subj, ref, stmt)
    if problem or subj is None or ref is None:
        return Check(**base, verdict="unverifiable", explanation=f"stated {stated}; {problem}")
    km, bearing = distance_bearing(ref.lat, ref.lon, subj.lat, subj.lon)
    measured = f"{km:.0f} km at {bearing:.0f}° ({compass_name(bearing)})"
    ok_dist, rule = _distance_ok(stmt.qualifier, stmt.km, km)
    reasons: list[str] = []
    if not ok_dist:
        pct = (stmt.km - km) / km * 100 if km else 0.0
        reasons.append(f"the stated distance is {abs(pct):.0f} % {'more' if pct > 0 else 'less'} than measured "
                       f"({rule})")
    ok_dir = True
    if stmt.direction:
        want = compass_bearing(stmt.direction.replace(" ", "-"))
        if want is not None:
            off = angle_difference(want, bearing)
            ok_dir = off <= DIRECTION_TOLERANCE_DEG
            if not ok_dir:
                reasons.append(f"the direction is {off:.0f}° off '{stmt.direction.lower()}' "
                               f"(tolerance {DIRECTION_TOLERANCE_DEG:.0f}°)")
    verdict = "consistent" if ok_dist and ok_dir else "inaccurate"
    line = [[round(ref.lon, 5), round(ref.lat, 5)], [round(subj.lon, 5), round(subj.lat, 5)]]
    where = f"from {ref.name} to {subj.name}"
    why = "; ".join(reasons) if reasons else "within tolerance"
    if stmt.km and not reasons:
        why = f"within tolerance ({rule})"
    explanation = f"stated {stated}; measured {measured} {where}: {why}"
    return Check(**base, measured=measured, verdict=verdict, explanation=explanation,
                 measured_km=round(km, 1), bearing=round(bearing, 1), line=line)


def _unverifiable_reason(subj: PlaceEntry | None, ref: PlaceEntry | None, stmt: DistanceStatement) -> str:
    for entry, res in ((subj, stmt.subject), (ref, stmt.reference)):
        if entry is None:
            return f"'{res.mention.text}' could not be located"
        if entry.precision not in _POINT_PRECISIONS:
            return f"'{res.mention.text}' is a {entry.precision}, too large for a distance check"
    if subj is not None and ref is not None and subj.id == ref.id:
        return "both names resolve to the same place"
    return ""


def distance_checks(text: str, sentences: Sequence[Sentence], resolutions: Sequence[Resolution]) -> list[Check]:
    """Every distance statement of the article, measured and judged."""
    return [judge_distance(s, text) for s in find_distance_statements(text, sentences, resolutions)]
