"""Streaming pipelines from Python (geostream.stream): files and dicts parsed by the JVM, runs started in
the test session, their metrics, the checkpoint's history, and errors as GeoStreamError."""
import datetime
import textwrap
from pathlib import Path

import pytest
from pyspark.sql import functions as F
from pyspark.sql.streaming import StreamingQuery

import geostream
from geostream import GeoStreamError, stream

UTC = datetime.timezone.utc
VEHICLES, SAMPLE_S, BATCHES = 40, 30, 3  # 40 vehicles, a report every 30 s, three 10-minute batches


def generator_dict(tmp_path, name="small", **changes):
    d = {
        "name": name,
        "source": {"type": "generator", "vehicles": VEHICLES, "sample": datetime.timedelta(seconds=SAMPLE_S),
                   "start": datetime.datetime(2026, 11, 21, 6, tzinfo=UTC), "batch": "10m", "duration": "30m",
                   "seed": 3},
        "key": {"cell": "h3", "resolution": 5, "attributes": ["kind"]},
        "window": {"size": "10m", "watermark": "1m", "emit": "final"},
        "aggregates": ["count", "max(speed)", {"fn": "distinct", "field": "vehicle", "as": "vehicles"}],
        "sink": {"type": "store", "params": {"fs.path": tmp_path / "store"}, "feature": "cells"},
        "checkpoint": str(tmp_path / "checkpoint"),
        "partitions": 2,
    }
    d.update(changes)
    return d


REPORTS_PER_BATCH = VEHICLES * 600 // SAMPLE_S


def data_batches(batches):
    """The generator's three batches; Spark may run a batch without data after the last one (it moves
    the watermark on), which must then read nothing."""
    assert [b["batch"] for b in batches][:BATCHES] == list(range(BATCHES)), batches
    assert [b["batch"] for b in batches] == sorted({b["batch"] for b in batches})
    assert all(b["in"] == 0 for b in batches[BATCHES:]), batches
    return batches[:BATCHES]


def test_a_dict_pipeline_runs_to_its_end_into_the_store(spark, tmp_path):
    p = stream.pipeline(spark, generator_dict(tmp_path))
    assert (p.name, p.checkpoint) == ("small", str(tmp_path / "checkpoint"))
    assert "generator: 40 vehicles" in p.explain() and "H3 resolution 5" in p.explain()

    run = p.start()
    assert isinstance(run.query, StreamingQuery) and run.query.name == "small"
    run.await_batch(0, timeout=300)
    assert run.batches()[0]["in"] == REPORTS_PER_BATCH
    run.run_to_end(timeout=300)
    assert not run.query.isActive
    assert repr(run) == f"PipelineRun('small', stopped, {len(run.batches())} batches)"

    batches = data_batches(run.batches())
    for b in batches:
        assert b["in"] == b["accepted"] + b["quarantined"] == REPORTS_PER_BATCH
        assert b["skipped"] is False
        assert set(b) == {"batch", "in", "accepted", "quarantined", "late", "results", "cells", "skipped",
                          "state_rows", "watermark", "watermark_lag_ms", "duration_ms"}
    reported = [b for b in run.batches() if b["duration_ms"] is not None]
    assert reported and any(b["watermark"] is not None for b in reported)
    for b in reported:
        if b["watermark"] is None:  # before the first watermark: no lag either
            assert b["watermark_lag_ms"] is None
        else:
            assert b["watermark"].tzinfo is UTC and datetime.datetime(2026, 11, 21, 6, tzinfo=UTC) <= b["watermark"]
            assert 0 <= b["watermark_lag_ms"] <= 20 * 60_000

    cells = geostream.read_store(spark, {"fs.path": str(tmp_path / "store")}, "cells")
    # FINAL: each window written once, when the watermark (1 minute behind the newest report) passed its
    # end; 10-minute windows and batches are aligned, so a written window holds one batch's reports.
    # The last window of a finite stream stays open (a batch Spark runs after the last data may close
    # the one before it).
    assert cells.count() == sum(b["results"] for b in run.batches()) > 0
    per_window = {r.window_start: r.n for r in cells.groupBy("window_start").agg(F.sum("count").alias("n")).collect()}
    assert datetime.datetime(2026, 11, 21, 6, 0) in per_window and len(per_window) in (1, 2), per_window
    assert set(per_window.values()) == {REPORTS_PER_BATCH}
    assert cells.where("vehicles > 40 OR vehicles < 1").count() == 0

    history = stream.history(spark, tmp_path / "checkpoint")
    assert [(h["batch"], h["in"], h["results"]) for h in history] == \
           [(b["batch"], b["in"], b["results"]) for b in run.batches()]
    assert all(h["duration_ms"] is None and h["watermark"] is None for h in history)


def test_a_file_with_overrides_resolves_paths_against_its_directory(spark, tmp_path):
    folder = tmp_path / "job"
    folder.mkdir()
    (folder / "pipeline.yaml").write_text(textwrap.dedent("""\
        name: from-file
        source: {type: generator, vehicles: 10, sample: 1m, start: 2026-11-21T06:00:00Z, batch: 10m, duration: 30m, seed: 1}
        key: {cell: geohash, resolution: 4}
        window: {size: 10m, watermark: 1m, emit: final}
        sink: {type: store, params: {fs.path: out/store}, feature: cells}
        checkpoint: out/checkpoint
        """))
    p = stream.pipeline(spark, folder / "pipeline.yaml", overrides={"source.vehicles": 20, "name": "overridden"})
    assert p.name == "overridden"
    assert p.checkpoint == str(folder / "out" / "checkpoint")
    with p.start() as run:
        run.run_to_end(timeout=300)
    assert sum(b["in"] for b in run.batches()) == 20 * 30
    assert geostream.read_store(spark, {"fs.path": str(folder / "out" / "store")}, "cells").count() > 0
    assert stream.history(spark, tmp_path / "nowhere") == []


def test_a_stopped_run_continues_from_its_checkpoint(spark, tmp_path):
    p = stream.pipeline(spark, generator_dict(tmp_path, name="restart"))
    with p.start() as first:
        first.await_batch(0, timeout=300)
    assert not first.query.isActive
    done = {b["batch"] for b in first.batches()}
    second = p.start()
    second.run_to_end(timeout=300)
    assert {b["batch"] for b in second.batches()}.isdisjoint(done)
    history = data_batches(stream.history(spark, tmp_path / "checkpoint"))
    assert [h["in"] for h in history] == [REPORTS_PER_BATCH] * BATCHES


def test_a_wrong_field_is_named_with_its_place(spark, tmp_path):
    path = tmp_path / "pipeline.yaml"
    path.write_text(textwrap.dedent("""\
        name: bad
        source: {type: generator, vehicles: 10, sample: 1m, start: 2026-11-21T06:00:00Z, batch: 10m, duration: 30m}
        key: {cell: h3, resolution: 5}
        window:
          size: abc
        sink: {type: console}
        checkpoint: checkpoint
        """))
    with pytest.raises(GeoStreamError, match=r"pipeline\.yaml:5:\d+: window\.size: expected a duration"):
        stream.pipeline(spark, path)
    with pytest.raises(GeoStreamError, match=r"<dict>:\d+:\d+: source: missing"):
        stream.pipeline(spark, {"name": "x"})
    with pytest.raises(GeoStreamError, match=r"window\.size=abc.*expected a duration"):
        stream.pipeline(spark, generator_dict(tmp_path), overrides={"window.size": "abc"})


@pytest.mark.parametrize("source, message", [
    (42, "expected the path of a pipeline file or a dict, got int"),
    ("/no/such/pipeline.yaml", "Cannot read the pipeline file: no such file: '/no/such/pipeline.yaml'"),
    ({"name": "x", "source": {"start": datetime.datetime(2026, 1, 1)}}, "source.start: a datetime needs a time zone"),
    ({"name": "x", "source": {"sample": datetime.timedelta(microseconds=1500)}}, "source.sample: durations are whole milliseconds"),
    ({"name": "x", "sink": {"params": {"fs.path": object()}}}, "sink.params.fs.path: a object is not a pipeline value"),
    ({1: "x"}, "keys must be strings: 1"),
])
def test_bad_arguments_are_refused_before_the_jvm(spark, source, message):
    with pytest.raises(GeoStreamError, match=None) as e:
        stream.pipeline(spark, source)
    assert message in str(e.value)


def test_bad_overrides_and_waits(spark, tmp_path):
    with pytest.raises(GeoStreamError, match="expected a dict of field paths"):
        stream.pipeline(spark, generator_dict(tmp_path), overrides=["window.size=1m"])
    with pytest.raises(GeoStreamError, match="expected a SparkSession"):
        stream.pipeline("spark", generator_dict(tmp_path))
    run = stream.pipeline(spark, generator_dict(tmp_path, name="waits")).start()
    try:
        with pytest.raises(GeoStreamError, match="the id must be an int >= 0"):
            run.await_batch(-1)
        with pytest.raises(GeoStreamError, match="the timeout must be a positive number of seconds"):
            run.await_batch(0, timeout=0)
        with pytest.raises(GeoStreamError, match=r"Cannot wait for batch 99 of pipeline 'waits': not written within 1.5 s"):
            run.await_batch(99, timeout=1.5)
    finally:
        run.stop()
    with pytest.raises(GeoStreamError, match="stopped before batch 99"):
        run.await_batch(99, timeout=5)


def test_run_to_end_needs_the_generator(spark, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    p = stream.pipeline(spark, generator_dict(
        tmp_path, name="files",
        source={"type": "files", "path": inbox, "format": "csv"},
        parser={"format": "csv", "columns": ["vehicle", "lon", "lat", "time"], "lon": "lon", "lat": "lat",
                "time": "time"}))
    with p.start() as run:
        with pytest.raises(GeoStreamError, match="only the generator source has an end"):
            run.run_to_end(timeout=5)
        (inbox / "a.csv").write_text("v1,2.35,48.86,2026-11-21T06:00:00Z\nv2,oops,48.8,2026-11-21T06:00:01Z\n")
        run.await_batch(0, timeout=300)
        first = run.batches()[0]
        assert (first["in"], first["accepted"], first["quarantined"]) == (2, 1, 1)
