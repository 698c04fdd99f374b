"""JVM errors of GeoStream arrive as GeoStreamError with the JVM's message, not as a Py4J trace."""
import pickle

import pytest
from pyspark.errors import AnalysisException, PySparkException

import geostream
from geostream import GeoStreamError
from geostream import functions as gs


def assert_clean(error):
    text = str(error)
    assert "Py4J" not in text and "\tat " not in text and "JVM stacktrace" not in text, text
    assert "org.geostream.types.GeoStreamException" in error.jvm_stacktrace


def test_error_while_planning_a_constant(spark):
    # Constant folding evaluates the function while the query is planned.
    with pytest.raises(GeoStreamError) as error:
        spark.sql("SELECT st_geomFromWKT('POINT(1') AS g").collect()
    assert str(error.value) == ("Cannot parse WKT in st_geomFromWKT: Expected number but found End-of-Stream "
                                "(line 1): 'POINT(1'")
    assert_clean(error.value)


def test_error_inside_a_task_wrapped_by_spark(spark):
    df = spark.createDataFrame([("POINT(1 2)",), ("POLYGON((0 0,1 1",)], ["wkt"]).repartition(2)
    with pytest.raises(GeoStreamError, match=r"^Cannot parse WKT in st_geomFromWKT: .*'POLYGON\(\(0 0,1 1'$") as error:
        df.select(gs.st_geom_from_wkt("wkt")).collect()
    assert_clean(error.value)
    with pytest.raises(GeoStreamError, match=r"^Cannot parse WKT in st_geomFromWKT"):
        geostream.to_geopandas(df.select(gs.st_geom_from_wkt("wkt").alias("g")))  # the Arrow path
    with pytest.raises(GeoStreamError, match=r"^Cannot parse WKT in st_geomFromWKT"):
        df.select(gs.st_geom_from_wkt("wkt").alias("g")).toPandas()


def test_geostream_errors_are_pyspark_exceptions_and_pickle(spark):
    with pytest.raises(PySparkException) as error:
        spark.sql("SELECT st_geomFromWKB(X'01020304') AS g").collect()
    assert isinstance(error.value, GeoStreamError)
    copy = pickle.loads(pickle.dumps(error.value))
    assert str(copy) == str(error.value) and copy.jvm_stacktrace == error.value.jvm_stacktrace


def test_other_spark_errors_stay_pysparks(spark):
    with pytest.raises(AnalysisException) as error:
        spark.range(1).select(gs.st_point("nosuchcolumn", 1)).collect()
    assert not isinstance(error.value, GeoStreamError)
    with pytest.raises(GeoStreamError, match=r"^Cannot call st_point: expected 2 or 3 arguments, found 1$"):
        spark.sql("SELECT st_point(1) AS g")  # GeoStream's function builder says it, during analysis
