"""The one module that touches py4j and PySpark internals (underscore names, pinned to pyspark 3.5).

Everything else in the package goes through these few functions, so a PySpark upgrade that moves an
internal breaks here, in one place, and the tests of this package say so.
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional

from pyspark.sql import DataFrame, SparkSession

from geostream.errors import GeoStreamError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    import pyarrow as pa
    from pyspark.sql.types import StructType

_REGISTER_CLASS = "org.geostream.sql.GeoStream"
_EXCEPTION_CLASS = "org.geostream.types.GeoStreamException"
# Deep enough for Spark's wrapping (job -> stage -> task -> function -> cause), bounded against cycles.
_MAX_CAUSES = 16


def builder_options(builder: SparkSession.Builder) -> Dict[str, str]:
    """The options set on a session builder so far (PySpark keeps them in ``_options``)."""
    options = getattr(builder, "_options", None)
    return dict(options) if isinstance(options, dict) else {}


def java_class_names(spark: SparkSession, names: List[str]) -> List[str]:
    """Those of ``names`` that are JVM classes this session can load (a check of the classpath)."""
    from py4j.java_gateway import JavaClass

    found = []
    for name in names:
        target: Any = spark._jvm
        for part in name.split("."):
            target = getattr(target, part)
        if isinstance(target, JavaClass):
            found.append(name)
    return found


def register_on_jvm(spark: SparkSession) -> None:
    """Calls ``org.geostream.sql.GeoStream.register`` for the session, or says the jar is missing."""
    if not java_class_names(spark, [_REGISTER_CLASS]):
        jars = spark.sparkContext.getConf().get("spark.jars", "")
        raise GeoStreamError(
            "Cannot register GeoStream with this Spark session: the GeoStream runtime jar is not on its "
            f"classpath (spark.jars={jars!r}): start the session from geostream.configure(SparkSession.builder), "
            "or with --jars geostream.jar_path(); a running JVM cannot take the jar afterwards"
        )
    spark._jvm.org.geostream.sql.GeoStream.register(spark._jsparkSession)


def collect_arrow(df: DataFrame) -> "pa.Table":
    """The rows of ``df`` as one Arrow table, collected through Spark's Arrow path whatever the
    session's ``spark.sql.execution.arrow.pyspark.enabled``; UDT columns hold their SQL type
    (geometries: EWKB bytes)."""
    import pyarrow as pa

    from pyspark.sql.pandas.types import to_arrow_schema

    batches = df._collect_as_arrow()
    if not batches:
        return to_arrow_schema(df.schema).empty_table()
    # Spark names the Arrow fields itself; take the batches' own schema, positions match df.schema.
    return pa.Table.from_batches(batches)


def pandas_converter(df: DataFrame, index: int) -> Callable[["pd.Series"], "pd.Series"]:
    """PySpark's own conversion of an Arrow-made pandas column to what ``toPandas()`` returns
    (dates, timestamps in the session time zone, structs, ...), for column ``index`` of ``df``."""
    from pyspark.sql.pandas.types import _create_converter_to_pandas

    jconf = df.sparkSession._jconf
    field = df.schema.fields[index]
    struct_in_pandas = jconf.pandasStructHandlingMode()
    return _create_converter_to_pandas(
        field.dataType,
        field.nullable,
        timezone=jconf.sessionLocalTimeZone(),
        struct_in_pandas="dict" if struct_in_pandas == "legacy" else struct_in_pandas,
        error_on_duplicated_field_names=struct_in_pandas == "legacy",
    )


_LOCAL_RELATION_THRESHOLD = "spark.sql.execution.arrow.localRelationThreshold"
_conf_lock = threading.Lock()


def create_from_pandas(spark: SparkSession, pdf: "pd.DataFrame", schema: "StructType") -> DataFrame:
    """A DataFrame of ``pdf`` with ``schema``, sent through Arrow whatever the session's
    ``spark.sql.execution.arrow.pyspark.enabled``; the schema is then read back from the JVM.

    The Arrow batches become an RDD of one partition per batch. Spark's default keeps data under
    ``spark.sql.execution.arrow.localRelationThreshold`` (48 MB, about a million points) as rows in
    the driver's plan instead, which every later action ships to the executors again (5 s a count
    for a million points, against under 1 s), so the threshold is 0 for the duration of this call.
    """
    timezone = spark._jconf.sessionLocalTimeZone()
    with _conf_lock:
        before = spark.conf.get(_LOCAL_RELATION_THRESHOLD, None)
        spark.conf.set(_LOCAL_RELATION_THRESHOLD, "0")
        try:
            created = spark._create_from_pandas_with_arrow(pdf, schema, timezone)
        finally:
            if before is None:
                spark.conf.unset(_LOCAL_RELATION_THRESHOLD)
            else:
                spark.conf.set(_LOCAL_RELATION_THRESHOLD, before)
    return DataFrame(created._jdf, spark)


def install_error_conversion() -> None:
    """Makes PySpark raise :class:`GeoStreamError` with the JVM's message for GeoStream's JVM errors.

    PySpark turns a JVM exception into a Python one in
    ``pyspark.errors.exceptions.captured.convert_exception``, called on every failed JVM call; a
    GeoStream error (often wrapped by Spark in a failed task or job) otherwise falls through to a bare
    ``Py4JJavaError`` with the whole JVM trace. The wrapper installed here looks for a
    ``org.geostream.types.GeoStreamException`` in the cause chain first and hands everything else to
    PySpark's function. Idempotent; PySpark re-installing its py4j hook per session does not undo it.
    """
    from pyspark.errors.exceptions import captured

    original = captured.convert_exception
    if getattr(original, "_geostream", False):
        return

    def convert_exception(e: Any) -> Any:
        try:
            found = _geostream_cause(e)
        except Exception:  # never let the lookup hide the JVM's own error
            found = None
        if found is not None:
            return GeoStreamError(str(found.getMessage()), _stacktrace(e))
        return original(e)

    convert_exception._geostream = True  # type: ignore[attr-defined]
    convert_exception.__doc__ = original.__doc__
    captured.convert_exception = convert_exception


def _geostream_cause(e: Any) -> Optional[Any]:
    from py4j.java_gateway import is_instance_of
    from pyspark import SparkContext

    gateway = SparkContext._gateway
    if gateway is None or e is None:
        return None
    current = e
    for _ in range(_MAX_CAUSES):
        if current is None:
            return None
        try:
            if is_instance_of(gateway, current, _EXCEPTION_CLASS):
                return current
        except Exception:  # the class itself is missing: no GeoStream error can be in the chain
            return None
        current = current.getCause()
    return None


def _stacktrace(e: Any) -> Optional[str]:
    from pyspark import SparkContext

    try:
        return str(SparkContext._jvm.org.apache.spark.util.Utils.exceptionString(e))
    except Exception:
        return None


def function_catalogue(spark: SparkSession) -> Dict[str, Any]:
    """The JVM function catalogue (``org.geostream.types.fn.Catalog``) as plain Python data:
    ``{"functions": [{"name", "family", "signatures": [{"args", "result", "doc", "example"}]}],
    "aggregates": [{"name", "family", "input", "result", "doc", "example"}], "aliases": {alias: name}}``,
    in definition order."""
    catalog = spark._jvm.org.geostream.types.fn.Catalog.get()
    functions = []
    for entry in catalog.functions().entrySet():
        name = str(entry.getKey())
        signatures = [
            {
                "args": [str(a.name()) for a in d.args()],
                "result": str(d.result().name()),
                "doc": str(d.doc()),
                "example": str(d.example()),
            }
            for d in entry.getValue()
        ]
        functions.append({"name": name, "family": str(catalog.family(name)), "signatures": signatures})
    aggregates = []
    for entry in catalog.aggregates().entrySet():
        d = entry.getValue()
        name = str(entry.getKey())
        aggregates.append({"name": name, "family": str(catalog.family(name)), "input": str(d.input().name()),
                           "result": str(d.result().name()), "doc": str(d.doc()), "example": str(d.example())})
    aliases = {str(e.getKey()): str(e.getValue()) for e in catalog.aliases().entrySet()}
    return {"functions": functions, "aggregates": aggregates, "aliases": aliases}
