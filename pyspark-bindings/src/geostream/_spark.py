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
# JVM exceptions that arrive as GeoStreamError with their message: GeoStream's own, and a pipeline
# file's errors (an IllegalArgumentException naming file, line, column and field).
_EXCEPTION_CLASSES = ("org.geostream.types.GeoStreamException", "org.geostream.stream.PipelineFileException")
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


def pandas_converters(df: DataFrame, indices: List[int]) -> Dict[int, Callable[["pd.Series"], "pd.Series"]]:
    """PySpark's own conversions of Arrow-made pandas columns to what ``toPandas()`` returns
    (dates, timestamps in the session time zone, structs, ...), for columns ``indices`` of ``df``,
    by index. The session settings they depend on are read from the JVM once for all columns."""
    from pyspark.sql.pandas.types import _create_converter_to_pandas

    jconf = df.sparkSession._jconf
    timezone = jconf.sessionLocalTimeZone()
    struct_in_pandas = jconf.pandasStructHandlingMode()
    fields = df.schema.fields
    return {
        i: _create_converter_to_pandas(
            fields[i].dataType,
            fields[i].nullable,
            timezone=timezone,
            struct_in_pandas="dict" if struct_in_pandas == "legacy" else struct_in_pandas,
            error_on_duplicated_field_names=struct_in_pandas == "legacy",
        )
        for i in indices
    }


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
        for name in _EXCEPTION_CLASSES:
            try:
                if is_instance_of(gateway, current, name):
                    return current
            except Exception:  # the class itself is missing: no such error can be in the chain
                continue
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


# Streaming pipelines (geostream.stream): org.geostream.stream.PipelineFile / Pipeline / PipelineRun.

_PIPELINES = "org.geostream.stream"
_METRIC_FIELDS = (("batch", "batch"), ("in", "in"), ("accepted", "accepted"), ("quarantined", "quarantined"),
                  ("late", "late"), ("results", "results"), ("cells", "cells"), ("skipped", "skipped"),
                  ("state_rows", "stateRows"), ("watermark_ms", "watermarkMs"),
                  ("watermark_lag_ms", "watermarkLagMs"), ("duration_ms", "durationMs"))


def _calling_jvm(what: str, call: Callable[[], Any]) -> Any:
    """``call()``, with a JVM exception that is not already a GeoStreamError (an IllegalStateException
    of a pipeline run, say) raised as GeoStreamError with the JVM's message."""
    from py4j.protocol import Py4JJavaError
    from pyspark.errors.exceptions.captured import CapturedException

    try:
        return call()
    except GeoStreamError:
        raise
    except Py4JJavaError as e:
        raise GeoStreamError(f"Cannot {what}: {e.java_exception.getMessage()}", _stacktrace(e.java_exception)) from None
    except CapturedException as e:
        raise GeoStreamError(f"Cannot {what}: {e.desc}", e.stackTrace) from None


def _pipeline_classes(spark: SparkSession) -> Any:
    if not java_class_names(spark, [_PIPELINES + ".PipelineFile"]):
        raise GeoStreamError(
            "Cannot load a pipeline: the GeoStream runtime jar is not on this session's classpath "
            "(start the session from geostream.configure(SparkSession.builder))")
    return spark._jvm.org.geostream.stream


def _java_map(spark: SparkSession, values: Dict[str, str]) -> Any:
    m = spark._jvm.java.util.LinkedHashMap()
    for k, v in values.items():
        m.put(k, v)
    return m


def parse_pipeline(spark: SparkSession, text: str, origin: str, overrides: Dict[str, str]) -> Any:
    """``PipelineFile.parse(text, origin, overrides)``: a JVM Pipeline."""
    classes = _pipeline_classes(spark)
    return _calling_jvm("load the pipeline", lambda: classes.PipelineFile.parse(text, origin, _java_map(spark, overrides)))


def load_pipeline(spark: SparkSession, path: str, overrides: Dict[str, str]) -> Any:
    """``PipelineFile.load(path, overrides)``: a JVM Pipeline."""
    classes = _pipeline_classes(spark)
    jpath = spark._jvm.java.io.File(path).toPath()
    return _calling_jvm("load the pipeline", lambda: classes.PipelineFile.load(jpath, _java_map(spark, overrides)))


def start_pipeline(spark: SparkSession, jpipeline: Any) -> Any:
    """``PipelineRun.start(spark, pipeline, null)``: a JVM PipelineRun."""
    classes = _pipeline_classes(spark)
    return _calling_jvm(f"start pipeline '{jpipeline.name()}'",
                        lambda: classes.PipelineRun.start(spark._jsparkSession, jpipeline, None))


def await_pipeline_batch(jrun: Any, batch_id: int, seconds: float) -> None:
    """``run.awaitBatch(batch_id, seconds)``; GeoStreamError when not reached (or failed)."""
    from pyspark import SparkContext

    duration = SparkContext._jvm.java.time.Duration.ofMillis(int(seconds * 1000))
    _calling_jvm(f"wait for batch {batch_id}", lambda: jrun.awaitBatch(batch_id, duration))


def pipeline_text(jpipeline: Any, what: str) -> str:
    """The pipeline's ``name()``, ``checkpoint()`` or ``explain()``."""
    return str(getattr(jpipeline, what)())


def run_query(jrun: Any) -> Any:
    """The run's JVM StreamingQuery (for PySpark's StreamingQuery wrapper)."""
    return jrun.query()


def run_active(jrun: Any) -> bool:
    return bool(jrun.query().isActive())


def pipeline_batch_count(jrun: Any) -> int:
    """``run.batches().size()``: one JVM call, where :func:`pipeline_batches` makes a dozen per batch."""
    return len(jrun.batches())


def generator_last_batch(jrun: Any) -> Optional[int]:
    """The id of the last micro-batch of a generator source, None for other sources."""
    source = jrun.pipeline().source()
    if not str(source.getClass().getName()).endswith("$Generator"):
        return None
    return int(source.batches()) - 1


def stop_pipeline(jrun: Any) -> None:
    _calling_jvm("stop the pipeline", jrun.stop)


def _metric_dict(m: Any) -> Dict[str, Any]:
    return {py: (bool if py == "skipped" else int)(getattr(m, java)()) for py, java in _METRIC_FIELDS}


def pipeline_batches(jrun: Any) -> List[Dict[str, Any]]:
    """``run.batches()`` as dicts (the JVM record's fields in snake_case, -1 where unknown)."""
    return [_metric_dict(m) for m in jrun.batches()]


def pipeline_history(spark: SparkSession, checkpoint: str) -> List[Dict[str, Any]]:
    """``PipelineRun.history(spark, checkpoint)`` as dicts."""
    classes = _pipeline_classes(spark)
    return [_metric_dict(m) for m in _calling_jvm(
        "read the pipeline history", lambda: classes.PipelineRun.history(spark._jsparkSession, checkpoint))]
