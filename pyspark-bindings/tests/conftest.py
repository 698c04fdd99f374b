"""The test session: one local[2] Spark session for the whole run, with the runtime jar under test.

The package is imported from src/ (the wheel itself is built, installed and run in test_wheel.py).
The jar: --runtime-jar, else $GEOSTREAM_RUNTIME_JAR (set by tools/run-tests.sh, which Maven runs),
else the one in geo-runtime/target.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
REPO = PROJECT.parent
SRC = PROJECT / "src"
TOOLS = PROJECT / "tools"

for path in (str(SRC), str(TOOLS)):
    if path not in sys.path:
        sys.path.insert(0, path)
# Spark's Python workers are started from the JVM with this environment: they import geostream.types
# (named by the geometry columns' schema) from src/ too.
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
os.environ["PYTHONPATH"] = os.pathsep.join([str(SRC)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])


def pytest_addoption(parser):
    parser.addoption("--runtime-jar", default=None, help="the geostream-spark-runtime jar to test with")


def _find_jar(config) -> Path:
    given = config.getoption("--runtime-jar") or os.environ.get("GEOSTREAM_RUNTIME_JAR")
    if given:
        jar = Path(given).resolve()
    else:
        found = [p for p in (REPO / "geo-runtime" / "target").glob("geostream-spark-runtime-*.jar")
                 if not p.name.startswith("original-")]
        if len(found) != 1:
            raise pytest.UsageError(f"Cannot find the runtime jar in geo-runtime/target ({found}): pass --runtime-jar")
        jar = found[0]
    if not jar.is_file():
        raise pytest.UsageError(f"Cannot use the runtime jar: no such file: {jar}")
    return jar


@pytest.fixture(scope="session")
def runtime_jar(pytestconfig) -> Path:
    return _find_jar(pytestconfig)


@pytest.fixture(scope="session")
def spark(runtime_jar):
    from pyspark.sql import SparkSession

    import geostream

    builder = (SparkSession.builder.master("local[2]").appName("geostream-pyspark-tests")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "4")
               .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
               .config("spark.sql.session.timeZone", "UTC"))
    session = geostream.configure(builder, jar=runtime_jar).getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture()
def store(tmp_path):
    """The parameters of an empty fs store in a fresh directory."""
    return {"fs.path": str(tmp_path / "store")}


def pytest_sessionfinish(session, exitstatus):
    # Under Maven (tools/run-tests.sh) a skipped test is a failure: the suite must run in full.
    if os.environ.get("GEOSTREAM_NO_SKIPS") == "1" and exitstatus == 0:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None and reporter.stats.get("skipped"):
            session.exitstatus = 1
