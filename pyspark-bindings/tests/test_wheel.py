"""The package as users get it: the wheel and `pip install ./pyspark-bindings` carry the freshly built
jar, and a fresh virtualenv with them (and pyspark from PyPI) runs GeoStream with nothing else.

The fresh virtualenv sees the test virtualenv's packages (pyspark, shapely, pandas, pyarrow,
geopandas, hatchling) through a .pth file instead of downloading them again; pip checks them as the
package's dependencies and installs nothing else (--no-index).
"""
import hashlib
import os
import subprocess
import sys
import sysconfig
import tarfile
import textwrap
import zipfile
from pathlib import Path

import pytest

from conftest import PROJECT

JAR_IN_PACKAGE = "geostream/jars/geostream-spark-runtime-{}.jar"


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def run(cmd, env=None, cwd=None, timeout=300):
    result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout)
    assert result.returncode == 0, f"{' '.join(map(str, cmd))}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def build_env(runtime_jar):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    env["GEOSTREAM_RUNTIME_JAR"] = str(runtime_jar)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


@pytest.fixture(scope="module")
def maven_version(runtime_jar):
    return runtime_jar.name[len("geostream-spark-runtime-"):-len(".jar")]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory, build_env):
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "-q", "-w", out, PROJECT], env=build_env)
    wheels = list(out.glob("geostream-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory):
    venv = tmp_path_factory.mktemp("venv") / "fresh"
    run([sys.executable, "-m", "venv", venv])
    python = venv / "bin" / "python"
    purelib = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).strip())
    (purelib / "test-venv-packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def test_the_wheel_carries_the_fresh_jar(wheel, runtime_jar, maven_version):
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        jars = [n for n in names if n.endswith(".jar")]
        assert jars == [JAR_IN_PACKAGE.format(maven_version)]
        assert sha256(z.read(jars[0])) == sha256(runtime_jar.read_bytes())
        assert "geostream/functions.py" in names and "geostream/py.typed" in names
        metadata = z.read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert "Requires-Dist: pyspark<3.6,>=3.5" in metadata and "Requires-Dist: shapely>=2.0" in metadata


def test_the_sdist_carries_the_jar_into_its_wheel(tmp_path, build_env, runtime_jar, maven_version):
    run([sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", tmp_path / "sdist"], env=build_env, cwd=PROJECT)
    sdist = next((tmp_path / "sdist").glob("geostream-*.tar.gz"))
    with tarfile.open(sdist) as t:
        assert any(n.endswith("src/geostream/jars/" + Path(JAR_IN_PACKAGE.format(maven_version)).name) for n in t.getnames())
    env = dict(build_env)
    env.pop("GEOSTREAM_RUNTIME_JAR")  # the sdist alone must do
    run([sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "-q", "-w", tmp_path / "w", sdist], env=env)
    with zipfile.ZipFile(next((tmp_path / "w").glob("*.whl"))) as z:
        assert sha256(z.read(JAR_IN_PACKAGE.format(maven_version))) == sha256(runtime_jar.read_bytes())


def test_a_missing_or_mismatched_jar_fails_the_build_clearly(tmp_path, build_env, maven_version):
    def build(jar):
        env = dict(build_env, GEOSTREAM_RUNTIME_JAR=str(jar))
        result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "-w", tmp_path,
                                 PROJECT], capture_output=True, text=True, env=env)
        assert result.returncode != 0
        return result.stdout + result.stderr

    other = tmp_path / "geostream-spark-runtime-0.0.0.jar"
    assert "Cannot bundle the GeoStream runtime jar: GEOSTREAM_RUNTIME_JAR names no file" in build(other)
    other.write_bytes(b"")
    out = build(other)
    assert "Cannot bundle the GeoStream runtime jar: GEOSTREAM_RUNTIME_JAR is geostream-spark-runtime-0.0.0.jar" in out
    assert f"needs geostream-spark-runtime-{maven_version}.jar" in out


SMOKE = """
    import os, sys, pathlib, hashlib
    import shapely
    from pyspark.sql import SparkSession
    import geostream
    from geostream import functions as gs

    jar = pathlib.Path(geostream.jar_path())
    assert pathlib.Path(sys.prefix) in jar.parents, f"jar outside the venv: {jar}"
    print("JAR", hashlib.sha256(jar.read_bytes()).hexdigest())
    builder = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
               .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1"))
    spark = geostream.configure(builder, kryo=True).getOrCreate()
    assert spark.conf.get("spark.serializer") == "org.apache.spark.serializer.KryoSerializer"
    df = spark.createDataFrame([(i % 3, shapely.Point(i, i)) for i in range(30)], ["k", "geom"])
    rows = df.repartition(4, "k").groupBy("k").agg(gs.st_extent("geom").alias("e")).orderBy("k").collect()  # a Kryo shuffle
    print("EXTENT", [r.e.bounds for r in rows])
    print("SQL", spark.sql("SELECT st_asText(st_buffer(st_point(0, 0), 1, 'quad_segs=1')) AS t").first().t)
    print("GPD", len(geostream.to_geopandas(df)))
    import tempfile
    try:
        geostream.write_store(df.selectExpr("CAST(k AS STRING) AS kind", "geom"), {"fs.path": tempfile.mkdtemp()}, "v")
        print("KRYOWRITE ok")
    except Exception as e:
        print("KRYOWRITE", str(e).splitlines()[0][:300])
    spark.stop()
"""


@pytest.fixture(scope="module")
def smoke(fresh_venv, wheel, build_env, runtime_jar, maven_version):
    """Installs the source directory, then the wheel over it, into the fresh venv, and runs SMOKE there."""
    site = run([fresh_venv, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).strip()
    installed = Path(site) / JAR_IN_PACKAGE.format(maven_version)
    # 1. The source directory, as docs/python.md says: pip install ./pyspark-bindings. Under Maven the jar
    #    under test is geo-runtime/target's, which the build hook then finds by itself.
    env = dict(build_env)
    if runtime_jar.resolve() == (PROJECT.parent / "geo-runtime" / "target" / runtime_jar.name).resolve():
        env.pop("GEOSTREAM_RUNTIME_JAR")
    run([fresh_venv, "-m", "pip", "install", "-q", "--no-index", "--no-build-isolation", PROJECT], env=env)
    assert sha256(installed.read_bytes()) == sha256(runtime_jar.read_bytes())
    # 2. The wheel, over it.
    run([fresh_venv, "-m", "pip", "install", "-q", "--no-index", "--force-reinstall", "--no-deps", wheel], env=build_env)
    run([fresh_venv, "-m", "pip", "check"], env=build_env)
    env = {k: v for k, v in build_env.items() if k != "GEOSTREAM_RUNTIME_JAR"}
    env["PYSPARK_PYTHON"] = str(fresh_venv)
    out = run([fresh_venv, "-c", textwrap.dedent(SMOKE)], env=env, cwd=fresh_venv.parent)
    return dict(line.split(" ", 1) for line in out.splitlines() if line.split(" ")[0] in
                ("JAR", "EXTENT", "SQL", "GPD", "KRYOWRITE"))


def test_pip_install_in_a_fresh_venv_runs_geostream(smoke, runtime_jar):
    assert smoke["JAR"] == sha256(runtime_jar.read_bytes())
    assert smoke["EXTENT"] == "[(0.0, 0.0, 27.0, 27.0), (1.0, 1.0, 28.0, 28.0), (2.0, 2.0, 29.0, 29.0)]"
    assert smoke["SQL"] == "POLYGON((1 0,0 -1,-1 0,0 1,1 0))"
    assert smoke["GPD"] == "30"


def test_a_kryo_session_writes_to_a_store(smoke):
    assert smoke["KRYOWRITE"] == "ok", smoke["KRYOWRITE"]
