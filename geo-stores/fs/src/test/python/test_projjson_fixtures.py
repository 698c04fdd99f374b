"""The PROJJSON GeoStream writes for GeoParquet `crs` keys, checked with pyproj on every test run.

geo-core's ProjJsonTest proves the Java output equals the fixtures; this proves every fixture is a
CRS pyproj (and so GeoPandas) accepts and finds equal to PROJ's own EPSG definition.
"""
import json
import pathlib
import sys

import pytest

FIXTURES = pathlib.Path(__file__).resolve().parents[5] / "geo-core/src/test/resources/fixtures/projjson"
sys.path.insert(0, str(FIXTURES))
import verify_pyproj  # noqa: E402

NAMES = sorted(p.stem for p in FIXTURES.glob("*.json"))


def test_there_are_fixtures():
    assert len(NAMES) >= 14


@pytest.mark.parametrize("name", NAMES)
def test_fixture_is_the_epsg_crs_in_pyproj(name):
    ok, how = verify_pyproj.check(name, json.loads((FIXTURES / f"{name}.json").read_text()))
    assert ok, f"{name}: {how}"
