"""How long whole-column conversion takes: to_geopandas / from_geopandas on 1 million points, next to
PySpark's own row-by-row paths over the same geometry type (toPandas, createDataFrame of shapely rows).

    tools/python-env.sh   # once: the virtualenv with pyspark, shapely, geopandas
    .venv/bin/python pyspark-bindings/bench/geopandas_conversion.py [--rows 1000000] [--jar JAR]

Spark local[2]; each figure is the best of --runs timed runs after one warm-up, wall clock on the
driver, including Spark's own work (the JVM side builds the rows or receives the batches). Not part
of the test suite; the figures are in docs/python.md.
"""
from __future__ import annotations

import argparse
import glob
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
os.environ["PYTHONPATH"] = str(HERE.parent / "src")
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)


def best(runs, action):
    action()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jar", default=None)
    parser.add_argument("--row-by-row", action="store_true", default=True,
                        help="also time PySpark's row-by-row paths (default)")
    parser.add_argument("--skip-row-by-row", dest="row_by_row", action="store_false")
    args = parser.parse_args()
    jar = args.jar or next(j for j in glob.glob(str(HERE.parents[1] / "geo-runtime/target/geostream-spark-runtime-*.jar"))
                           if not os.path.basename(j).startswith("original-"))

    import geopandas
    import numpy as np
    import pyarrow
    import pyspark
    import shapely
    from pyspark.sql import SparkSession

    import geostream

    spark = (geostream.configure(SparkSession.builder.master("local[2]"), jar=jar)
             .config("spark.ui.enabled", "false").config("spark.driver.memory", "6g")
             .config("spark.sql.session.timeZone", "UTC").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    n = args.rows
    df = spark.sql(f"SELECT id, id * 0.5 AS value, st_point(id % 360 - 180, id % 170 - 85, 4326) AS geom "
                   f"FROM range({n})").cache()
    df.count()

    results = []
    gdf_holder = {}

    def to_gpd():
        gdf_holder["gdf"] = geostream.to_geopandas(df)

    results.append(("geostream.to_geopandas(df)", best(args.runs, to_gpd)))
    gdf = gdf_holder["gdf"]
    assert len(gdf) == n and gdf.crs == "EPSG:4326"

    created = {}

    def from_gpd():
        created["df"] = geostream.from_geopandas(spark, gdf)  # eager: the batches are in the JVM after it

    results.append(("geostream.from_geopandas(spark, gdf)", best(args.runs, from_gpd)))
    results.append(("  then an action reading every geometry: sum(st_x(geom))",
                    best(args.runs, lambda: created["df"].selectExpr("sum(st_x(geom))").collect())))

    if args.row_by_row:
        spark.conf.set("spark.sql.execution.arrow.pyspark.enabled", "true")
        results.append(("df.toPandas(), Arrow on (geometries row by row)", best(1, lambda: df.toPandas())))
        spark.conf.set("spark.sql.execution.arrow.pyspark.enabled", "false")
        results.append(("df.toPandas(), Arrow off", best(1, lambda: df.toPandas())))
        rows = list(zip(gdf["id"].tolist(), gdf["value"].tolist(), gdf.geometry.values))

        def create_rows():
            spark.createDataFrame(rows, ["id", "value", "geom"]).selectExpr("sum(st_x(geom))").collect()

        results.append(("spark.createDataFrame(shapely rows) + sum(st_x(geom))", best(1, create_rows)))

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\n{n:,} points, Spark local[2], {os.cpu_count()} cores (load average {load:.1f}), Python {platform.python_version()}, "
          f"pyspark {pyspark.__version__}, shapely {shapely.__version__}, geopandas {geopandas.__version__}, "
          f"pyarrow {pyarrow.__version__}, numpy {np.__version__}\n")
    print("| conversion | seconds | points/s |")
    print("|---|---:|---:|")
    for name, seconds in results:
        print(f"| {name} | {seconds:.2f} | {n / seconds:,.0f} |")
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
