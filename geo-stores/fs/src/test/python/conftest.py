"""pytest options of the interop tests: --store names the fs store the Java side wrote."""
import json
import pathlib

import pytest


def pytest_addoption(parser):
    parser.addoption("--store", required=True, help="root directory of an fs store written by GeoParquetInteropIT")
    parser.addoption("--geotools-jar", required=True, help="the geotools-wrapper jar Sedona needs beside its own")


@pytest.fixture(scope="session")
def store(request):
    return pathlib.Path(request.config.getoption("--store"))


@pytest.fixture(scope="session")
def expected(store):
    return json.loads((store / "expected.json").read_text())


def live_files(type_dir: pathlib.Path) -> list:
    """The data files the commit log lists (what a reader of the store sees), in log order."""
    files = {}
    for commit in sorted((type_dir / "_geostream" / "log").glob("*.json")):
        body = json.loads(commit.read_text())
        for path in body.get("remove", []):
            files.pop(path, None)
        for add in body.get("add", []):
            files[add["path"]] = add
    return [type_dir / p for p in files]
