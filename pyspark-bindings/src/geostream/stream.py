"""Streaming pipelines from Python: a pipeline file (or a dict in its form) started in a Spark session.

A pipeline reads points from a source (the built-in vehicle generator, files, a socket, Kafka), keys
them by spatial cell or region, aggregates them over event-time windows and writes one feature per
key and window into a feature store, exactly once. Its YAML form is documented in docs/geo-stream.md;
a dict with the same structure works too (it is handed to the JVM as JSON, which is YAML)::

    from geostream import stream

    p = stream.pipeline(spark, "pipeline.yaml")          # or a dict
    print(p.explain())
    run = p.start()
    run.await_batch(0, timeout=120)
    run.stop()
    run.batches()                                         # one dict per micro-batch

The JVM parses and runs the pipeline: a wrong field fails with the file (or ``<dict>``), line, column
and field named, as :class:`geostream.GeoStreamError`; so does a pipeline that fails while it runs.
"""
from __future__ import annotations

import datetime
import json
import os
import time
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Union

from pyspark.sql import SparkSession
from pyspark.sql.streaming import StreamingQuery

from geostream import _spark
from geostream.errors import GeoStreamError
from geostream.session import _python_side

__all__ = ["pipeline", "history", "Pipeline", "PipelineRun"]

#: Where a pipeline given as a dict is said to come from in error messages.
DICT_ORIGIN = "<dict>"
_POLL_SECONDS = 1.0


def pipeline(spark: SparkSession, source: Union[str, "os.PathLike[str]", Mapping[str, Any]], *,
             overrides: Optional[Mapping[str, Any]] = None) -> "Pipeline":
    """The pipeline defined by ``source``, ready to start in ``spark``.

    ``source`` is the path of a pipeline file (YAML; relative paths inside it resolve against the
    file's directory) or a dict of the same structure (relative paths resolve against the driver's
    working directory). In a dict, ``datetime`` values become ISO-8601 instants, ``timedelta`` values
    durations and paths strings. ``overrides`` maps dotted field paths to values applied first, as
    ``--set`` does on the command line: ``{"window.size": "10m", "source.vehicles": 500}``.

    Nothing starts here; a wrong file, field or value raises :class:`GeoStreamError` naming it.
    """
    _python_side()
    if not isinstance(spark, SparkSession):
        raise GeoStreamError(f"Cannot load a pipeline: expected a SparkSession, got {type(spark).__name__}")
    texts = _override_texts(overrides)
    if isinstance(source, Mapping):
        text = json.dumps(_plain(source, ""), indent=1)
        return Pipeline(spark, _spark.parse_pipeline(spark, text, DICT_ORIGIN, texts))
    if isinstance(source, (str, os.PathLike)):
        path = Path(os.fspath(source)).expanduser()
        if not path.is_file():
            raise GeoStreamError(f"Cannot read the pipeline file: no such file: {str(path.resolve())!r}")
        return Pipeline(spark, _spark.load_pipeline(spark, str(path), texts))
    raise GeoStreamError(
        f"Cannot load a pipeline: expected the path of a pipeline file or a dict, got {type(source).__name__}")


def history(spark: SparkSession, checkpoint: Union[str, "os.PathLike[str]"]) -> List[Dict[str, Any]]:
    """The metrics of every micro-batch the pipeline with this checkpoint ever completed, in batch
    order, each batch once however often it was replayed; ``[]`` for a checkpoint that has none.
    Each dict is as in :meth:`PipelineRun.batches` (without Spark's progress fields, which are None)."""
    _python_side()
    return [_metrics(m) for m in _spark.pipeline_history(spark, os.fspath(checkpoint))]


class Pipeline:
    """A parsed pipeline (the JVM's ``org.geostream.stream.Pipeline``). Immutable; start it any number
    of times (runs with the same checkpoint continue one another)."""

    def __init__(self, spark: SparkSession, jpipeline: Any) -> None:
        self._spark = spark
        self._j = jpipeline

    @property
    def name(self) -> str:
        """The pipeline's name (letters, digits, ``_``, ``.``, ``-``); the streaming query's name too."""
        return _spark.pipeline_text(self._j, "name")

    @property
    def checkpoint(self) -> str:
        """The checkpoint directory: the query's progress, window state and per-batch metrics."""
        return _spark.pipeline_text(self._j, "checkpoint")

    def explain(self) -> str:
        """The plan in words: source, parser, key, windows, aggregates, sink, checkpoint."""
        return _spark.pipeline_text(self._j, "explain")

    def start(self) -> "PipelineRun":
        """Starts the pipeline as a Spark streaming query in the background and returns its handle.
        A checkpoint with earlier batches continues where they stopped."""
        return PipelineRun(self, _spark.start_pipeline(self._spark, self._j))

    def __repr__(self) -> str:
        return f"Pipeline({self.name!r})"


class PipelineRun:
    """A running pipeline (the JVM's ``org.geostream.stream.PipelineRun``); a context manager that stops
    it on exit."""

    def __init__(self, pipeline: Pipeline, jrun: Any) -> None:
        self._pipeline = pipeline
        self._j = jrun

    @property
    def pipeline(self) -> Pipeline:
        return self._pipeline

    @property
    def query(self) -> StreamingQuery:
        """The Spark streaming query (``status``, ``lastProgress``, ``isActive``, ...)."""
        return StreamingQuery(_spark.run_query(self._j))

    def await_batch(self, batch_id: int, timeout: float = 600.0) -> None:
        """Waits until micro-batch ``batch_id`` (counted from 0 over the checkpoint's life) has been
        written, at most ``timeout`` seconds. Raises :class:`GeoStreamError` when the pipeline failed
        (with the JVM's reason), stopped before that batch, or the time ran out. Interruptible (Ctrl-C)."""
        if not isinstance(batch_id, int) or isinstance(batch_id, bool) or batch_id < 0:
            raise GeoStreamError(f"Cannot wait for a batch: the id must be an int >= 0: {batch_id!r}")
        seconds = _seconds(timeout)
        deadline = time.monotonic() + seconds
        while True:
            step = min(_POLL_SECONDS, max(0.0, deadline - time.monotonic()))
            try:
                _spark.await_pipeline_batch(self._j, batch_id, step)
                return
            except GeoStreamError:
                # Not there yet while the query runs and time remains: wait again (Ctrl-C works between
                # the waits). A stopped or failed query ends it with the JVM's message.
                if not _spark.run_active(self._j):
                    raise
                if time.monotonic() >= deadline:
                    written = [b["batch"] for b in self.batches()]
                    raise GeoStreamError(
                        f"Cannot wait for batch {batch_id} of pipeline '{self._pipeline.name}': not written within "
                        f"{seconds:g} s (last written: {max(written) if written else 'none'})") from None

    def run_to_end(self, timeout: float = 600.0) -> None:
        """For the generator source: waits until every report has been processed, at most ``timeout``
        seconds, then stops the query. Raises :class:`GeoStreamError` for other sources."""
        last = _spark.generator_last_batch(self._j)
        if last is None:
            raise GeoStreamError(f"Cannot run pipeline '{self._pipeline.name}' to its end: only the generator "
                                 "source has an end; use await_batch(id) or stop()")
        self.await_batch(last, timeout)
        self.stop()

    def stop(self) -> None:
        """Stops the query after its running batch (a restart continues from the checkpoint). Raises
        :class:`GeoStreamError` if the query had failed."""
        _spark.stop_pipeline(self._j)

    def batches(self) -> List[Dict[str, Any]]:
        """One dict per micro-batch this run completed, in order: ``batch``, ``in``, ``accepted``,
        ``quarantined``, ``late``, ``results``, ``cells``, ``skipped`` (a replay the store had), and from
        Spark's progress report ``state_rows``, ``watermark`` (a UTC ``datetime``), ``watermark_lag_ms``
        and ``duration_ms`` (None until Spark reported the batch). ``in == accepted + quarantined``."""
        return [_metrics(m) for m in _spark.pipeline_batches(self._j)]

    def __enter__(self) -> "PipelineRun":
        return self

    def __exit__(self, *exc: Any) -> None:
        if _spark.run_active(self._j):
            self.stop()

    def __repr__(self) -> str:
        active = "active" if _spark.run_active(self._j) else "stopped"
        return f"PipelineRun({self._pipeline.name!r}, {active}, {_spark.pipeline_batch_count(self._j)} batches)"


def _metrics(m: Dict[str, Any]) -> Dict[str, Any]:
    out = dict(m)
    for key in ("state_rows", "watermark_lag_ms", "duration_ms"):
        if out[key] is not None and out[key] < 0:
            out[key] = None
    watermark = out.pop("watermark_ms")
    if watermark is not None and watermark > 0:
        out["watermark"] = datetime.datetime.fromtimestamp(watermark / 1000, tz=datetime.timezone.utc)
    else:
        # Before the first watermark Spark reports the epoch; a lag measured from it means nothing.
        out["watermark"] = out["watermark_lag_ms"] = None
    return out


def _seconds(timeout: Any) -> float:
    if isinstance(timeout, datetime.timedelta):
        timeout = timeout.total_seconds()
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise GeoStreamError(f"Cannot wait: the timeout must be a positive number of seconds: {timeout!r}")
    return float(timeout)


def _override_texts(overrides: Optional[Mapping[str, Any]]) -> Dict[str, str]:
    if overrides is None:
        return {}
    if not isinstance(overrides, Mapping):
        raise GeoStreamError(f"Cannot apply pipeline overrides: expected a dict of field paths to values: {overrides!r}")
    texts = {}
    for key, value in overrides.items():
        if not isinstance(key, str) or not key:
            raise GeoStreamError(f"Cannot apply pipeline overrides: field paths must be non-empty strings: {key!r}")
        plain = _plain(value, key)
        texts[key] = plain if isinstance(plain, str) else json.dumps(plain)
    return texts


def _plain(value: Any, where: str) -> Any:
    """``value`` as JSON data: dicts, lists, strings, numbers, booleans, None; datetimes, timedeltas and
    paths as their pipeline-file text."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, Mapping):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise GeoStreamError(f"Cannot use the pipeline dict: keys must be strings: {_at(where)}{k!r}")
            out[k] = _plain(v, f"{where}.{k}" if where else k)
        return out
    if isinstance(value, (list, tuple)):
        return [_plain(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise GeoStreamError(f"Cannot use the pipeline dict: {_at(where)}a datetime needs a time zone: {value!r}")
        return value.astimezone(datetime.timezone.utc).isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.timedelta):
        millis = value / datetime.timedelta(milliseconds=1)
        if millis != int(millis):
            raise GeoStreamError(f"Cannot use the pipeline dict: {_at(where)}durations are whole milliseconds: {value!r}")
        return f"{int(millis)}ms"
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    raise GeoStreamError(f"Cannot use the pipeline dict: {_at(where)}a {type(value).__name__} is not a pipeline value: "
                         f"{value!r}")


def _at(where: str) -> str:
    return f"{where}: " if where else ""
