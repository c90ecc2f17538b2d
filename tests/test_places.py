"""Places, gazetteer, geodesy, distance checks and the map, on sentences written for these tests.

The first test that needs the gazetteer builds it into the cache directory (once per machine,
well under a minute); everything after that is fast.
"""

from __future__ import annotations

import itertools

import pytest

from newstrace.geo.geodesy import angle_difference, compass_bearing, compass_name, distance_bearing
from newstrace.geo.names import name_key, skeleton_key
from newstrace.geo.outlines import unwrap_ring
from newstrace.model import Analysis, Article, Check, Place
from newstrace.report.map import render_map

WIRE = (
    "Fighters moved out of Manbij on Tuesday. Relief teams said they came from Jarabulus, which lies "
    "some 35 km north of Manbij. Another column may have come from Raqqa, about 150 km to the south of "
    "Manbij. Officials in Aleppo and the Homs governor gave no figures."
)


def test_name_keys_fold_arabic_article_variants() -> None:
    assert name_key("Deir ez-Zor") == name_key("Deir Ezzor") == name_key("DEIR EZ ZOR") == "deir zor"
    assert name_key("Deir al-Zour") != name_key("Deir ez-Zor")  # vowels differ ...
    assert skeleton_key(name_key("Deir al-Zour")) == skeleton_key(name_key("Deir ez-Zor"))  # ... skeletons meet
    assert name_key("São Tomé") == "sao tome"
    assert name_key("al") == "al"  # a lone word is not dropped as an article


def test_geodesy_and_compass() -> None:
    km, bearing = distance_bearing(0.0, 0.0, 1.0, 0.0)
    assert 110 < km < 112 and bearing == pytest.approx(0.0, abs=1e-6)
    assert compass_name(23) == "NNE" and compass_name(359) == "N" and compass_name(180) == "S"
    assert compass_bearing("south-east") == 135.0 and compass_bearing("NNW") == 337.5
    assert compass_bearing("upwards") is None
    assert angle_difference(350, 10) == 20


@pytest.fixture(scope="module")
def gaz():  # type: ignore[no-untyped-def]
    from newstrace.geo.gazetteer import load_gazetteer

    return load_gazetteer()


def test_gazetteer_lookup_variants(gaz) -> None:  # type: ignore[no-untyped-def]
    ids = {e.id for name in ("Deir Ezzor", "Deir ez-Zor", "deir el zor") for e in gaz.lookup(name)}
    assert 170794 in ids
    assert any(e.country_code == "SY" for e in gaz.lookup("Palmyra"))
    assert any(e.feature == "A.PCLI" and e.country_code == "IQ" for e in gaz.lookup("Iraq"))
    assert any(e.source == "supplement" for e in gaz.lookup("Jazal"))
    assert gaz.lookup("") == [] and gaz.lookup("Xqzzyvv Qwrtt") == []


def _analysis(text: str, published: str = "2018-03-04") -> Analysis:
    from newstrace.pipeline import analyze

    return analyze(text, published=published, only=["places", "times", "checks"])


def test_places_resolve_and_checks_judge_distances() -> None:
    a = _analysis(WIRE)
    by_text = {m.text: p for p in a.places for m in p.mentions}
    assert by_text["Manbij"].country_code == "SY" and by_text["Manbij"].precision == "city"
    assert by_text["Raqqa"].geonames_id == 172955
    assert by_text["Homs"].country_code == "SY"  # the model alone may call it an organisation
    assert len(by_text["Manbij"].mentions) == 3
    for p in a.places:
        for m in p.mentions:
            assert a.article.text[m.start:m.end] == m.text
    checks = {c.subject: c for c in a.checks if c.kind == "distance"}  # type: ignore[attr-defined]
    assert checks["Jarabulus"].verdict == "consistent"
    raqqa = checks["Raqqa"]
    assert raqqa.verdict == "inaccurate"
    assert "measured 114 km" in raqqa.explanation or "measured 115 km" in raqqa.explanation
    assert "direction" in raqqa.explanation
    assert raqqa.line[0] == [by_text["Manbij"].lon, by_text["Manbij"].lat]  # type: ignore[attr-defined]


def test_distance_to_a_country_is_unverifiable() -> None:
    a = _analysis("The convoy stopped in Aleppo, about 300 km from Iraq, on Monday.")
    assert [c.verdict for c in a.checks] == ["unverifiable"]
    assert "country" in a.checks[0].explanation


def test_no_places_no_checks_and_bad_text() -> None:
    a = _analysis("Nothing here names anywhere at all; it is 40 km long.")
    assert a.checks == []
    assert all(p.mentions for p in a.places)


def test_map_draws_outlines_markers_and_lines() -> None:
    a = Analysis(article=Article(text="x"))
    assert str(render_map(a)) == ""
    a.places = [Place(name="A", lat=34.5, lon=38.3, country_code="SY", precision="city"),
                Place(name="B", lat=35.9, lon=39.0, country_code="SY", precision="city")]
    a.checks = [Check(kind="distance", start=0, end=1, text="x", verdict="inaccurate", explanation="e",
                      line=[[38.3, 34.5], [39.0, 35.9]])]
    svg = str(render_map(a))
    assert svg.startswith("<svg") and 'href="#p1-0"' in svg and 'href="#c0"' in svg
    assert 'class="land"' in svg and "<title>Syria</title>" in svg


def test_antimeridian_rings_do_not_streak() -> None:
    ring = [[179.0, 60.0], [-179.0, 60.0], [-179.0, 62.0], [179.0, 62.0]]
    lons = [p[0] for p in unwrap_ring(ring)]
    assert max(lons) - min(lons) < 10  # continuous instead of jumping across the map
    a = Analysis(article=Article(text="x"))
    a.places = [Place(name="Anadyr", lat=64.7, lon=177.5, precision="city"),
                Place(name="Lavrentiya", lat=65.6, lon=-171.0, precision="city")]
    svg = str(render_map(a))
    # no path segment may span more than the frame width (a streak across the map)
    import re

    for d in re.findall(r' d="([^"]+)"', svg):
        xs = [float(x) for x in re.findall(r"[ML](-?[\d.]+),", d)]
        assert all(abs(b - a) < 640 for a, b in itertools.pairwise(xs))


def test_state_abbreviation_steers_a_common_town_name() -> None:
    a = _analysis("A fire broke out in Alexandria, La., on Friday; crews from Pineville helped.")
    alex = next(p for p in a.places if any(m.text == "Alexandria" for m in p.mentions))
    assert alex.country_code == "US"
    assert any(m.text == "La." for p in a.places for m in p.mentions)  # the span keeps its full stop


def test_user_extra_gazetteer_file(tmp_path, gaz) -> None:  # type: ignore[no-untyped-def]
    from newstrace.errors import ModelMissingError
    from newstrace.geo.gazetteer import Gazetteer

    extra = tmp_path / "extra.csv"
    extra.write_text("name,aliases,lat,lon,country_code,feature,precision,population,source\n"
                     "Qwertzville Depot,Qwertz Depot,10.5,20.25,SY,S.DEPO,site,0,own survey\n"
                     "broken row without coordinates,,,,,,,,\n", encoding="utf-8")
    g = Gazetteer(gaz.path, extra)
    hits = g.lookup("Qwertz Depot")
    assert [(e.name, e.lat, e.source) for e in hits] == [("Qwertzville Depot", 10.5, "supplement")]
    with pytest.raises(ModelMissingError):
        Gazetteer(gaz.path, tmp_path / "missing.csv")


def test_curated_supplement_features_are_found() -> None:
    a = _analysis("Engineers returned to the fields Jazal and al-Shaer after the fighting ended.")
    found = {m.text: p for p in a.places for m in p.mentions}
    assert found["Jazal"].feature == "L.OILF" and found["Jazal"].geonames_id is None
    assert found["al-Shaer"].precision == "approximate"


def test_admin_units_and_country_points_in_the_gazetteer(gaz) -> None:  # type: ignore[no-untyped-def]
    laurel = [e for e in gaz.lookup("Laurel County") if e.feature == "A.ADM2"]
    assert laurel and all(e.country_code == "US" and e.precision == "admin2" for e in laurel)
    ky = next(e for e in laurel if e.admin1 == "KY")
    assert 36.5 < ky.lat < 37.6 and -84.7 < ky.lon < -83.6  # south-eastern Kentucky
    ohio = next(e for e in gaz.lookup("Ohio") if e.feature == "A.ADM1")
    assert ohio.geonames_id == 5165418 and 39.5 < ohio.lat < 41.0 and -84.0 < ohio.lon < -82.0
    # admin-1 units outside the US, by their short name too ("Anhui Sheng" -> "Anhui")
    assert any(e.feature == "A.ADM1" and e.country_code == "CN" for e in gaz.lookup("Anhui"))
    assert any(e.feature == "A.ADM2" and e.country_code == "GB" for e in gaz.lookup("Suffolk"))
    assert any(e.feature == "A.ADM2" and e.country_code == "FR" for e in gaz.lookup("Somme"))
    # Country points: GeoNames-style points, pulled towards the land's centre of mass when far from it.
    # Russia's 60 N 100 E moves north, but stays within the 161 km tolerance of the GeoNames point.
    russia = next(e for e in gaz.lookup("Russia") if e.is_country)
    assert russia.lat > 60.5 and distance_bearing(60.0, 100.0, russia.lat, russia.lon)[0] <= 151
    france = next(e for e in gaz.lookup("France") if e.is_country)
    assert (france.lat, france.lon) == (46.0, 2.0)  # already central: the GeoNames point, exactly
    # an admin-1 unit named like a country does not shadow it ("Niger", a Nigerian state)
    assert [e.country_code for e in gaz.lookup("Niger") if e.feature.startswith("A.")] == ["NE"]


def _xy(place: Place) -> tuple[float, float]:
    assert place.lat is not None and place.lon is not None
    return place.lat, place.lon


def test_state_after_a_comma_picks_the_town_in_that_state() -> None:
    a = _analysis("Flooding closed roads around Springfield, Ill., and in Paris, Texas, on Monday.")
    by_text = {m.text: p for p in a.places for m in p.mentions}
    lat, lon = _xy(by_text["Springfield"])
    assert by_text["Springfield"].country_code == "US" and 39.0 < lat < 40.5
    assert lon > -90.5  # Illinois, not Missouri (-93.3) or Massachusetts
    assert by_text["Paris"].country_code == "US" and 33.0 < _xy(by_text["Paris"])[0] < 34.5


def test_list_of_states_is_not_read_as_town_and_state() -> None:
    a = _analysis("The flu reached Georgia, Oklahoma, Pennsylvania and California last winter.")
    by_text = {m.text: p for p in a.places for m in p.mentions}
    for name in ("Oklahoma", "Pennsylvania", "California"):
        assert by_text[name].precision == "admin1", name  # not the Pennsylvania town named Oklahoma


def test_unit_after_a_town_and_a_comma_is_the_unit_containing_it(gaz) -> None:  # type: ignore[no-untyped-def]
    # With American states all around, "Ontario" alone would be the Californian city (170,000
    # people); right after a Canadian town and a comma it is the province that town lies in.
    a = _analysis("American regulators said the pet food sold in Texas, Ohio and California came from a "
                  "plant in Mississauga, Ontario.")
    by_text = {m.text: p for p in a.places for m in p.mentions}
    assert by_text["Ontario"].country_code == "CA" and by_text["Ontario"].precision == "admin1"
    # Containment is by codes: New York state does not contain Chicago, so "Chicago, New York" in a
    # list gives New York no boost as Chicago's unit.
    from newstrace.geo.resolve import _contains

    new_york = next(e for e in gaz.lookup("New York") if e.feature == "A.ADM1")
    chicago = max(gaz.lookup("Chicago"), key=lambda e: e.population)
    buffalo = max(gaz.lookup("Buffalo"), key=lambda e: e.population if e.admin1 == "NY" else 0)
    assert _contains(new_york, buffalo) and not _contains(new_york, chicago)
    assert not _contains(new_york, None) and not _contains(new_york, new_york)


def test_abbreviated_saint_finds_the_spelled_out_town(gaz) -> None:  # type: ignore[no-untyped-def]
    from newstrace.geo.recognize import _candidates

    cands, _ = _candidates(gaz, name_key("St. Marc"), False)
    assert any(c.country_code == "HT" for c in cands)  # GeoNames spells it "Saint-Marc"
    assert _candidates(gaz, name_key("St. Qwertzbury"), False)[0] == []


def test_county_and_town_pull_each_other_home() -> None:
    a = _analysis("Volunteers from Paris and Henry County gathered at the courthouse on Saturday.")
    by_text = {m.text: p for p in a.places for m in p.mentions}
    county, town = by_text["Henry County"], by_text["Paris"]
    assert county.precision == "admin2" and town.country_code == "US"
    (clat, clon), (tlat, tlon) = _xy(county), _xy(town)
    assert abs(clat - tlat) < 0.5 and abs(clon - tlon) < 0.5  # Henry County, Tenn.


def test_country_name_means_the_country() -> None:
    a = _analysis("Officials in Mexico and Kuwait said the shipments had been stopped at the ports.")
    by_text = {m.text: p for p in a.places for m in p.mentions}
    assert by_text["Mexico"].precision == "country" and by_text["Mexico"].country_code == "MX"
    assert by_text["Kuwait"].precision == "country"


def test_fuzzy_match_needs_a_close_spelling() -> None:
    from newstrace.geo.recognize import _close_spelling

    assert _close_spelling("raqqah", "raqa") and _close_spelling("deir zour", "deir zor")
    assert not _close_spelling("kibera", "kabul") and not _close_spelling("sumatra", "sumter")


def test_admin_fact_point_and_bad_rows() -> None:
    from newstrace.geo.admin_facts import spread_point

    lat, lon = spread_point([(0.0, 0.0), (0.0, 1.0), (0.0, 2.0), (4.0, 10.0)])
    assert lat == pytest.approx(1.0) and lon == pytest.approx(3.25)  # between median and box middle
    with pytest.raises(ValueError):
        spread_point([])
