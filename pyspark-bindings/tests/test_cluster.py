"""GeoStream on a real Spark standalone cluster: a master and two workers on loopback, started from the
pyspark distribution's own Spark (bin/spark-class), and jobs sent with spark-submit. Each job must give
what it gives in local mode:

- the Java pipeline job of the runtime jar (``--class org.geostream.stream.PipelineJob <jar> run``)
  against the same pipeline run locally through geostream.stream;
- a Python job using the installed geostream package (tests/jobs/cluster_job.py) against the same
  function run in the test's local session.

Both cluster jobs use Kryo with GeoStream's registrator, so the executors load the registrator and
every GeoStream class from the shipped jar; the Python job's UDF decodes geometries in the workers'
Python. The cluster is shut down at the end of the module, also when a test fails.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from pyspark.sql import functions as F

import geostream
from geostream import stream

from conftest import PROJECT

JOBS = PROJECT / "tests" / "jobs"
KRYO = ["--conf", "spark.serializer=org.apache.spark.serializer.KryoSerializer",
        "--conf", f"spark.kryo.registrator={geostream.KRYO_REGISTRATOR}"]
WORKERS = 2

PIPELINE = """
name: cluster-heat
source:
  type: generator
  vehicles: 100
  sample: 30s
  start: 2026-11-21T06:00:00Z
  batch: 10m
  duration: 1h
  seed: 11
key:
  cell: h3
  resolution: 7
  attributes: [kind]
window:
  size: 20m
  slide: 10m
  watermark: 1m
  emit: final
aggregates:
  - count
  - avg(speed)
  - max(speed)
  - distinct(vehicle) as vehicles
sink:
  type: store
  params: {fs.path: store}
  feature: cells
checkpoint: checkpoint
partitions: 4
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).resolve().parent


def master_state(ui_port: int) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{ui_port}/json/", timeout=5) as r:
        return json.loads(r.read().decode())


def stop(processes):
    for p in reversed(processes):
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGTERM)
    for p in reversed(processes):
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait(timeout=10)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, user_env):
    """A standalone master and two workers (one core, 1 GB each) on 127.0.0.1; yields the master URL."""
    home = tmp_path_factory.mktemp("cluster")
    spark_class = spark_home() / "bin" / "spark-class"
    port, ui = free_port(), free_port()
    env = dict(user_env, SPARK_LOG_DIR=str(home), SPARK_WORKER_DIR=str(home / "work"))
    env.pop("PYSPARK_SUBMIT_ARGS")
    processes = []

    def launch(name, *args):
        log = open(home / f"{name}.log", "w")
        processes.append(subprocess.Popen([str(spark_class), *args], stdout=log, stderr=subprocess.STDOUT, env=env,
                                          cwd=home, start_new_session=True))

    try:
        launch("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", str(port),
               "--webui-port", str(ui))
        url = f"spark://127.0.0.1:{port}"
        for i in range(WORKERS):
            launch(f"worker-{i}", "org.apache.spark.deploy.worker.Worker", url, "--host", "127.0.0.1",
                   "--cores", "1", "--memory", "1g", "--webui-port", str(free_port()),
                   "--work-dir", str(home / f"work-{i}"))
        deadline = time.monotonic() + 180
        alive = 0
        while time.monotonic() < deadline:
            dead = [p.args[1] for p in processes if p.poll() is not None]
            assert not dead, f"{dead} exited: see {home}"
            try:
                alive = master_state(ui).get("aliveworkers", 0)
            except OSError:
                alive = 0
            if alive == WORKERS:
                break
            time.sleep(1)
        assert alive == WORKERS, f"{alive} of {WORKERS} workers registered within 180 s: logs in {home}"
        yield url
    finally:
        stop(processes)


def submit(user_env, master, args, cwd, timeout=600):
    env = dict(user_env)
    env.pop("PYSPARK_SUBMIT_ARGS")
    cmd = [str(spark_home() / "bin" / "spark-submit"), "--master", master, "--conf", "spark.ui.enabled=false",
           "--conf", "spark.executor.memory=512m", "--conf", "spark.executor.cores=1",
           # Start only when both executors are there, so the work spreads over both workers.
           "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
           "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s", *KRYO, *args]
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout)
    assert result.returncode == 0, f"{' '.join(cmd)}\n{result.stdout[-4000:]}\n{result.stderr[-8000:]}"
    return result.stdout


def store_rows(spark, path, feature):
    df = geostream.read_store(spark, {"fs.path": str(path)}, feature)
    rows = df.select("cell", "kind", "window_start", "window_end", "final", "count", "avg_speed", "max_speed",
                     "vehicles", F.col("geom")).collect()
    return {(r.cell, r.kind, r.window_start): r for r in rows}


def test_the_pipeline_job_gives_on_the_cluster_what_it_gives_locally(cluster, spark, user_env, runtime_jar, tmp_path):
    here, there = tmp_path / "local", tmp_path / "cluster"
    for d in (here, there):
        d.mkdir()
        (d / "pipeline.yaml").write_text(PIPELINE)

    local = stream.pipeline(spark, here / "pipeline.yaml").start()
    local.run_to_end(timeout=600)
    assert [b["batch"] for b in local.batches()][:6] == list(range(6))

    out = submit(user_env, cluster, ["--class", "org.geostream.stream.PipelineJob", str(runtime_jar), "run",
                                     "pipeline.yaml"], cwd=there)
    assert "checkpoint total 12000 records in, 12000 accepted" in out, out

    expected = store_rows(spark, here / "store", "cells")
    got = store_rows(spark, there / "store", "cells")
    # A batch Spark may run after the last data closes the windows ending by the last watermark; whether it
    # ran before the job stopped differs from run to run. The windows the last data batch closed are in both.
    last_end = min(max(r.window_end for r in expected.values()), max(r.window_end for r in got.values()))
    expected = {k: r for k, r in expected.items() if r.window_end <= last_end}
    got = {k: r for k, r in got.items() if r.window_end <= last_end}
    assert len(expected) > 200
    assert got.keys() == expected.keys()
    for key, e in expected.items():
        g = got[key]
        assert (g.window_end, g.final, g["count"], g.max_speed, g.vehicles) == \
               (e.window_end, e.final, e["count"], e.max_speed, e.vehicles), key
        assert g.avg_speed == pytest.approx(e.avg_speed, rel=1e-12), key
        assert g.geom.equals(e.geom), key
    history = stream.history(spark, str(there / "checkpoint"))
    assert sum(b["in"] for b in history) == 100 * 120
    assert [b["in"] for b in history if b["in"]] == [b["in"] for b in local.batches() if b["in"]]


def test_a_python_job_gives_on_the_cluster_what_it_gives_locally(cluster, spark, user_env, runtime_jar, tmp_path):
    sys.path.insert(0, str(JOBS))
    try:
        import cluster_job
    finally:
        sys.path.remove(str(JOBS))
    expected = cluster_job.run(spark, {"fs.path": str(tmp_path / "local-store")})

    out = submit(user_env, cluster, ["--jars", str(runtime_jar), str(JOBS / "cluster_job.py"),
                                     str(tmp_path / "cluster-store")], cwd=tmp_path)
    line = next(line for line in out.splitlines() if line.startswith("ANSWERS "))
    got = json.loads(line[len("ANSWERS "):])

    assert got.pop("executors") == WORKERS and expected.pop("executors") == 0
    assert got.pop("serializer") == "org.apache.spark.serializer.KryoSerializer"
    assert json.loads(json.dumps(expected)) == got
    assert got["stored"] == 20000 and got["pushed"] and sum(got["per_square"].values()) >= 20000
