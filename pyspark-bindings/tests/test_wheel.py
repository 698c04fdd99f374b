"""The package as users get it: the wheel and `pip install ./pyspark-bindings` carry the freshly built
jar, and a fresh virtualenv with them (and pyspark from PyPI) runs GeoStream with nothing else.

The fresh virtualenv sees the test virtualenv's packages (pyspark, shapely, pandas, pyarrow,
geopandas, hatchling) through a .pth file instead of downloading them again; pip checks them as the
package's dependencies and installs nothing else (--no-index).
"""
import subprocess
import sys
import tarfile
import textwrap
import zipfile
from pathlib import Path

import pytest

from conftest import JAR_IN_PACKAGE, PROJECT, run, sha256


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
def smoke(user_python, user_env):
    """SMOKE in the fresh venv where the source directory, then the wheel, were installed (conftest)."""
    out = run([user_python, "-c", textwrap.dedent(SMOKE)], env=user_env, cwd=user_python.parent.parent)
    return dict(line.split(" ", 1) for line in out.splitlines() if line.split(" ")[0] in
                ("JAR", "EXTENT", "SQL", "GPD", "KRYOWRITE"))


def test_pip_install_in_a_fresh_venv_runs_geostream(smoke, runtime_jar):
    assert smoke["JAR"] == sha256(runtime_jar.read_bytes())
    assert smoke["EXTENT"] == "[(0.0, 0.0, 27.0, 27.0), (1.0, 1.0, 28.0, 28.0), (2.0, 2.0, 29.0, 29.0)]"
    assert smoke["SQL"] == "POLYGON((1 0,0 -1,-1 0,0 1,1 0))"
    assert smoke["GPD"] == "30"


def test_a_kryo_session_writes_to_a_store(smoke):
    assert smoke["KRYOWRITE"] == "ok", smoke["KRYOWRITE"]
