"""The test session: one local[2] Spark session for the whole run, with the runtime jar under test.

The package is imported from src/ (the wheel itself is built, installed and run in test_wheel.py).
The jar: --runtime-jar, else $GEOSTREAM_RUNTIME_JAR (set by tools/run-tests.sh, which Maven runs),
else the one in geo-runtime/target.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import sysconfig
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


def run(cmd, env=None, cwd=None, timeout=300):
    """Runs a command, failing the test with its output when it exits non-zero; returns its stdout."""
    result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout)
    assert result.returncode == 0, f"{' '.join(map(str, cmd))}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


JAR_IN_PACKAGE = "geostream/jars/geostream-spark-runtime-{}.jar"


@pytest.fixture(scope="session")
def build_env(runtime_jar):
    """The environment for building and installing the package: the jar under test, no src/ on the path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    env["GEOSTREAM_RUNTIME_JAR"] = str(runtime_jar)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


@pytest.fixture(scope="session")
def maven_version(runtime_jar):
    return runtime_jar.name[len("geostream-spark-runtime-"):-len(".jar")]


@pytest.fixture(scope="session")
def wheel(tmp_path_factory, build_env):
    """The wheel built from pyspark-bindings with the jar under test."""
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "-q", "-w", out, PROJECT], env=build_env)
    wheels = list(out.glob("geostream-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="session")
def user_python(tmp_path_factory, wheel, build_env, runtime_jar, maven_version) -> Path:
    """The python of a fresh virtualenv where geostream is installed as users install it: first the
    source directory (``pip install ./pyspark-bindings``), then the wheel over it.

    The virtualenv sees the test virtualenv's packages (pyspark, shapely, pandas, pyarrow, geopandas,
    hatchling, nbclient, ...) through a .pth file instead of downloading them again; pip checks them
    as the package's dependencies and installs nothing else (--no-index). Notebooks, tutorials and
    the cluster jobs run here, with the jar the package carries.
    """
    venv = tmp_path_factory.mktemp("venv") / "fresh"
    run([sys.executable, "-m", "venv", venv])
    python = venv / "bin" / "python"
    site = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).strip())
    (site / "test-venv-packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    installed = site / JAR_IN_PACKAGE.format(maven_version)
    # 1. The source directory, as docs/python.md says. Under Maven the jar under test is
    #    geo-runtime/target's, which the build hook then finds by itself.
    env = dict(build_env)
    if runtime_jar.resolve() == (REPO / "geo-runtime" / "target" / runtime_jar.name).resolve():
        env.pop("GEOSTREAM_RUNTIME_JAR")
    run([python, "-m", "pip", "install", "-q", "--no-index", "--no-build-isolation", PROJECT], env=env)
    assert sha256(installed.read_bytes()) == sha256(runtime_jar.read_bytes())
    # 2. The wheel, over it.
    run([python, "-m", "pip", "install", "-q", "--no-index", "--force-reinstall", "--no-deps", wheel], env=build_env)
    run([python, "-m", "pip", "check"], env=build_env)
    return python


@pytest.fixture(scope="session")
def user_env(build_env, user_python):
    """The environment of a user's process: the installed package only, Spark on loopback, no UI."""
    env = {k: v for k, v in build_env.items() if k not in ("GEOSTREAM_RUNTIME_JAR", "PYSPARK_SUBMIT_ARGS")}
    env["PYSPARK_PYTHON"] = str(user_python)
    env["PYSPARK_DRIVER_PYTHON"] = str(user_python)
    env["SPARK_LOCAL_IP"] = "127.0.0.1"
    env["PYSPARK_SUBMIT_ARGS"] = "--conf spark.ui.enabled=false --conf spark.ui.showConsoleProgress=false pyspark-shell"
    env["MPLBACKEND"] = "Agg"
    return env


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
