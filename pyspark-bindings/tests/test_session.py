"""Turning GeoStream on: nothing at import, configure(builder), register(spark), the jar."""
import subprocess
import sys
import textwrap

import pytest
import shapely
from pyspark.sql import SparkSession

import geostream
from geostream import GeoStreamError

from conftest import SRC


def run_python(code, env_extra=None, timeout=180):
    import os

    env = dict(os.environ, PYTHONPATH=str(SRC))
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=timeout, env=env)


def test_importing_starts_nothing():
    result = run_python("""
        import sys
        import geostream, geostream.functions, geostream.types, geostream.conversion, geostream.stores
        from pyspark import SparkContext
        from shapely.geometry.base import BaseGeometry
        assert SparkContext._gateway is None and SparkContext._jvm is None, "a JVM was started"
        assert SparkContext._active_spark_context is None, "a SparkContext was started"
        assert not hasattr(BaseGeometry, "__UDT__"), "shapely was changed"
        assert "geopandas" not in sys.modules, "geopandas was imported"
        from pyspark.errors.exceptions import captured
        assert not getattr(captured.convert_exception, "_geostream", False), "PySpark was changed"
        print("clean")
    """)
    assert result.returncode == 0 and result.stdout.strip() == "clean", result.stderr


def test_configure_adds_to_what_the_builder_has(runtime_jar):
    builder = (SparkSession.Builder().config("spark.jars", "/opt/other.jar")
               .config("spark.sql.extensions", "com.example.Ext")
               .config("spark.kryo.registrator", "com.example.Reg"))
    configured = geostream.configure(builder, jar=runtime_jar, kryo=True)
    options = configured._options
    assert options["spark.jars"] == f"/opt/other.jar,{runtime_jar}"
    assert options["spark.sql.extensions"] == "com.example.Ext,org.geostream.sql.GeoStreamExtensions"
    assert options["spark.serializer"] == "org.apache.spark.serializer.KryoSerializer"
    assert options["spark.kryo.registrator"] == "com.example.Reg,org.geostream.core.GeoStreamKryoRegistrator"
    again = geostream.configure(configured, jar=runtime_jar, kryo=True)._options  # idempotent
    assert again["spark.jars"] == options["spark.jars"] and again["spark.sql.extensions"] == options["spark.sql.extensions"]
    plain = geostream.configure(SparkSession.Builder(), jar=runtime_jar)._options
    assert "spark.serializer" not in plain and "spark.kryo.registrator" not in plain


def test_configure_and_jar_path_say_what_is_missing(tmp_path):
    with pytest.raises(GeoStreamError, match=r"Cannot use the GeoStream runtime jar: no such file: .*nojar\.jar"):
        geostream.configure(SparkSession.Builder(), jar=tmp_path / "nojar.jar")
    # The source tree holds no jar (the wheel does): the message says how to get one.
    with pytest.raises(GeoStreamError, match=r"Cannot find the GeoStream runtime jar: expected one "
                                             r"geostream-spark-runtime-\*\.jar in .*jars, found none"):
        geostream.jar_path()


def test_register_is_idempotent_on_a_running_session(spark):
    assert geostream.register(spark) is spark
    geostream.register(spark)
    assert spark.sql("SELECT st_asText(st_point(1, 2)) AS t").first().t == "POINT(1 2)"
    df = spark.createDataFrame([(shapely.Point(1, 2),)], ["g"])  # shapely values are inferred after register
    assert df.selectExpr("st_x(g) AS x").first().x == 1.0


def test_register_without_the_jar_says_so():
    result = run_python("""
        from pyspark.sql import SparkSession
        import geostream
        spark = (SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false")
                 .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1").getOrCreate())
        try:
            geostream.register(spark)
        except geostream.GeoStreamError as e:
            print("ERROR:", e)
        finally:
            spark.stop()
    """)
    assert result.returncode == 0, result.stderr
    assert ("ERROR: Cannot register GeoStream with this Spark session: the GeoStream runtime jar is not on its "
            "classpath") in result.stdout, result.stdout + result.stderr
    assert "geostream.configure(SparkSession.builder)" in result.stdout
