"""Country reference points (newstrace.geo.country_points) on shapes drawn for these tests."""

from __future__ import annotations

import pytest

from newstrace.geo.country_points import (
    MAX_PULL_KM,
    NEAR_CENTRE_KM,
    contains,
    main_mass_centre,
    pull_towards,
    reference_point,
)
from newstrace.geo.geodesy import distance_bearing


def _box(lon0: float, lat0: float, lon1: float, lat1: float) -> list[list[float]]:
    return [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]


def test_mass_centre_of_the_largest_polygon() -> None:
    big, islet = [_box(10.0, -2.0, 20.0, 2.0)], [_box(40.0, 0.0, 40.5, 0.5)]
    centre = main_mass_centre([islet, big])
    assert centre is not None
    lat, lon, _ = centre
    assert lat == pytest.approx(0.0, abs=0.05) and lon == pytest.approx(15.0, abs=0.05)  # the islet is ignored


def test_mass_centre_of_a_crescent_lies_inside_it() -> None:
    # A U-shaped country: its centre of mass falls in the gap between the arms.
    u_shape = [[[0.0, 0.0], [6.0, 0.0], [6.0, 6.0], [4.0, 6.0], [4.0, 2.0], [2.0, 2.0], [2.0, 6.0], [0.0, 6.0],
                [0.0, 0.0]]]
    centre = main_mass_centre([u_shape])
    assert centre is not None
    assert contains([u_shape], centre[0], centre[1])


def test_contains_respects_holes_and_the_antimeridian() -> None:
    ring_with_hole = [_box(0.0, 0.0, 10.0, 10.0), _box(4.0, 4.0, 6.0, 6.0)]
    assert contains([ring_with_hole], 2.0, 2.0)
    assert not contains([ring_with_hole], 5.0, 5.0)  # in the hole
    assert not contains([ring_with_hole], 20.0, 5.0)
    across = [[[178.0, -1.0], [-178.0, -1.0], [-178.0, 1.0], [178.0, 1.0], [178.0, -1.0]]]
    assert contains([across], 0.0, 179.5) and contains([across], 0.0, -179.5)
    assert not contains([across], 0.0, 170.0)
    assert not contains([], 0.0, 0.0) and not contains([[]], 0.0, 0.0)


def test_pull_towards_stops_at_the_target() -> None:
    lat, lon = pull_towards(0.0, 0.0, 0.0, 1.0, max_km=50.0)
    assert distance_bearing(0.0, 0.0, lat, lon)[0] == pytest.approx(50.0, abs=0.01)
    assert pull_towards(0.0, 0.0, 0.0, 0.1, max_km=500.0) == pytest.approx((0.0, 0.1), abs=1e-9)


def test_reference_point_moves_only_far_points_and_never_too_far() -> None:
    land = [[_box(0.0, -10.0, 20.0, 10.0)]]
    # Within NEAR_CENTRE_KM of the centre: left exactly where it was.
    assert reference_point(0.5, 10.0, 0.0, 10.0, land) == (0.5, 10.0)
    # 5 degrees (~553 km) off: moved MAX_PULL_KM, so it stays within 161 km of the old point.
    lat, lon = reference_point(0.0, 5.0, 0.0, 10.0, land)
    assert distance_bearing(0.0, 5.0, lat, lon)[0] == pytest.approx(MAX_PULL_KM, abs=0.5)
    assert lon > 5.0
    # ~167 km off: moved just far enough to be NEAR_CENTRE_KM from the centre.
    lat, lon = reference_point(0.0, 8.5, 0.0, 10.0, land)
    assert distance_bearing(lat, lon, 0.0, 10.0)[0] == pytest.approx(NEAR_CENTRE_KM, abs=0.5)


def test_reference_point_does_not_leave_the_country() -> None:
    # Two islands: the point sits on the western one; a full pull towards the (eastern, larger)
    # island's centre would end in the sea between them.
    west, east = [_box(0.0, -1.0, 1.0, 1.0)], [_box(2.5, -3.0, 8.0, 3.0)]
    lat, lon = reference_point(0.0, 0.5, 0.0, 5.25, [west, east])
    assert contains([west, east], lat, lon)
    assert lon > 0.5  # still moved as far as it could inside
