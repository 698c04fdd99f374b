"""GeoStream for PySpark: geometry columns as shapely geometries, the ``st_*`` functions, feature
stores and GeoPandas conversion, with the GeoStream runtime jar inside the package.

    import shapely
    from pyspark.sql import SparkSession
    import geostream
    from geostream import functions as gs

    spark = geostream.configure(SparkSession.builder.master("local[*]")).getOrCreate()
    df = spark.createDataFrame([(1, shapely.Point(2.35, 48.86))], ["id", "geom"])
    df.select(gs.st_buffer("geom", 0.1)).collect()

Streaming pipelines (a pipeline file or a dict, run in the session): ``geostream.stream``.
Importing the package starts nothing (no JVM, no Spark session); see docs/python.md.
"""
from geostream._version import __version__
from geostream.conversion import from_geopandas, to_geopandas
from geostream.errors import GeoStreamError
from geostream.session import EXTENSIONS, KRYO_REGISTRATOR, configure, jar_path, register
from geostream.stores import read_store, write_store
from geostream.types import (
    GeometryCollectionUDT,
    GeometryUDT,
    LineStringUDT,
    MultiLineStringUDT,
    MultiPointUDT,
    MultiPolygonUDT,
    PointUDT,
    PolygonUDT,
)

__all__ = [
    "__version__",
    "configure",
    "register",
    "jar_path",
    "EXTENSIONS",
    "KRYO_REGISTRATOR",
    "read_store",
    "write_store",
    "to_geopandas",
    "from_geopandas",
    "GeoStreamError",
    "GeometryUDT",
    "PointUDT",
    "LineStringUDT",
    "PolygonUDT",
    "MultiPointUDT",
    "MultiLineStringUDT",
    "MultiPolygonUDT",
    "GeometryCollectionUDT",
]
