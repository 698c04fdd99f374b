"""A PySpark job using geostream, run by test_cluster.py twice: in the test's local session, and with
spark-submit on a standalone cluster (``spark-submit --jars <runtime jar> cluster_job.py STORE``, the
job's answers printed as one JSON line). Both must give the same answers.

What crosses executors: geometries made in the JVM and in Python (the UDTs), a Python UDF over a
geometry column (the executors' Python workers decode it with geostream.types), a broadcast spatial
join, a grouping shuffle, a write into the fs store (commit messages back to the driver through the
configured serializer, Kryo here) and a read with spatial pushdown.
"""
import json
import sys

import shapely
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

import geostream
from geostream import functions as gs


def run(spark: SparkSession, store: dict) -> dict:
    points = spark.sql("""
        SELECT id, IF(id % 3 = 0, 'bus', 'tram') AS kind,
               st_setSRID(st_point((id * 7919) % 3600 / 10.0 - 180, (id * 104729) % 1700 / 10.0 - 85), 4326) AS geom
        FROM range(0, 20000, 1, 8)
    """)
    squares = spark.createDataFrame(
        [(f"{x}:{y}", shapely.box(x * 30, y * 30, x * 30 + 30, y * 30 + 30)) for x in range(-6, 6) for y in range(-3, 3)],
        ["square", "geom"])
    joined = (points.join(F.broadcast(squares), gs.st_covers(squares.geom, points.geom))
              .groupBy("square").count())
    per_square = {r.square: r["count"] for r in joined.collect()}

    # Micro-square-degrees as integers, so the sum does not depend on the order partitions are added in.
    area = F.udf(lambda g: None if g is None else round(g.buffer(1.0, quad_segs=2).area * 1e6), "long")
    buffered = points.select(area("geom").alias("a")).agg(F.sum("a")).first()[0]

    cells = (points.groupBy(gs.st_h3_cell_id("geom", 1).alias("cell"))
             .agg(F.count("*").alias("n"), gs.st_extent("geom").alias("extent")))
    per_cell = {str(r.cell): [r.n, list(r.extent.bounds)] for r in cells.collect()}

    geostream.write_store(points.withColumn("__fid__", F.col("id").cast("string")), store, "points")
    stored = geostream.read_store(spark, store, "points")
    europe = stored.where(gs.st_intersects("geom", shapely.box(-10, 35, 30, 60)))
    plan = europe._jdf.queryExecution().executedPlan().toString()
    return {
        "per_square": per_square,
        "buffered_area": buffered,
        "per_cell": per_cell,
        "stored": stored.count(),
        "in_europe": europe.count(),
        "pushed": "BBOX(geom, -10.0, 35.0, 30.0, 60.0)" in plan,
        "executors": spark.sparkContext._jsc.sc().getExecutorMemoryStatus().size() - 1,
    }


if __name__ == "__main__":
    fs_path = sys.argv[1]
    # Under spark-submit the jar comes with --jars; configure adds the extension and Kryo.
    session = geostream.configure(SparkSession.builder.appName("geostream-cluster-python"), kryo=True).getOrCreate()
    session.sparkContext.setLogLevel("WARN")
    answers = run(session, {"fs.path": fs_path})
    answers["serializer"] = session.conf.get("spark.serializer")
    print("ANSWERS " + json.dumps(answers, sort_keys=True))
    session.stop()
