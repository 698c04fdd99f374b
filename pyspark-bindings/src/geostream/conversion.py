"""Whole DataFrames to and from GeoPandas, vectorized.

Geometry columns cross as their EWKB bytes in Arrow batches and are decoded or encoded by shapely
over whole arrays (no Python call per row); other columns take PySpark's own Arrow conversions, so
they come out as ``toPandas()`` with Arrow gives them. Neither depends on
``spark.sql.execution.arrow.pyspark.enabled``. GeoPandas is an optional dependency
(``pip install geostream[geopandas]``).
"""
from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any, Optional

import numpy as np
import shapely
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.types import StructField, StructType

from geostream import _spark
from geostream.errors import GeoStreamError
from geostream.session import _python_side
from geostream.types import GeometryUDT, is_geometry_type

if TYPE_CHECKING:  # pragma: no cover
    import geopandas

__all__ = ["to_geopandas", "from_geopandas"]


def to_geopandas(df: DataFrame, geometry: Optional[str] = None) -> "geopandas.GeoDataFrame":
    """The rows of ``df`` as a GeoDataFrame, collected to the driver in one Arrow pass.

    Every geometry column becomes a GeoSeries of shapely geometries (nulls as None); ``geometry``
    names the active one (default: the first). A column's CRS is ``EPSG:<srid>`` when its non-null
    values share one SRID other than 0, none when they have none; with mixed SRIDs it has no CRS, a
    warning says so, and each geometry keeps its own SRID (``shapely.get_srid``). Other columns are
    what ``df.toPandas()`` gives with Arrow on. Like ``toPandas()``, it holds everything in the
    driver's memory. Raises :class:`GeoStreamError` when ``df`` has no geometry column or ``geometry`` is not one.
    """
    gpd = _geopandas("convert a DataFrame to GeoPandas")
    import pandas as pd

    fields = df.schema.fields
    geometry_columns = [f.name for f in fields if is_geometry_type(f.dataType)]
    if not geometry_columns:
        raise GeoStreamError(
            f"Cannot convert a DataFrame to GeoPandas: it has no geometry column: {df.schema.simpleString()}"
        )
    if geometry is None:
        geometry = geometry_columns[0]
    elif geometry not in geometry_columns:
        raise GeoStreamError(
            f"Cannot convert a DataFrame to GeoPandas: {geometry!r} is not a geometry column; "
            f"geometry columns: {', '.join(geometry_columns)}"
        )
    if len(set(f.name for f in fields)) != len(fields):
        raise GeoStreamError(
            f"Cannot convert a DataFrame to GeoPandas: column names repeat: {', '.join(f.name for f in fields)}"
        )
    table = _spark.collect_arrow(df)
    plain = [i for i, f in enumerate(fields) if not is_geometry_type(f.dataType)]
    # The non-geometry columns as toPandas() converts them: one Table.to_pandas, then PySpark's
    # per-type conversions (positional names, as column names may not be unique in Arrow).
    others = table.select(plain).rename_columns([f"col_{i}" for i in plain]).to_pandas(date_as_object=True)
    converters = _spark.pandas_converters(df, plain)
    columns = {}
    for i, field in enumerate(fields):
        if is_geometry_type(field.dataType):
            values = shapely.from_wkb(table.column(i).to_numpy(zero_copy_only=False))
            columns[field.name] = gpd.GeoSeries(values, crs=_crs_of(values, field.name))
        else:
            columns[field.name] = converters[i](others[f"col_{i}"])
    frame = pd.DataFrame(columns, index=pd.RangeIndex(table.num_rows))
    return gpd.GeoDataFrame(frame, geometry=geometry)


def from_geopandas(spark: SparkSession, gdf: "geopandas.GeoDataFrame") -> DataFrame:
    """A Spark DataFrame of the rows of ``gdf``, sent to the JVM in one Arrow pass.

    Every GeoSeries column becomes a geometry column (:class:`geostream.types.GeometryUDT`); a
    column's CRS with an EPSG code becomes its values' SRID, a CRS without one raises
    :class:`GeoStreamError` (reproject first, ``gdf.to_crs(epsg=...)``). Missing geometries become
    nulls. Other columns take the Spark types Arrow gives them, as ``spark.createDataFrame(pdf)`` with
    Arrow on. The index is dropped; row order is kept.
    """
    gpd = _geopandas("convert GeoPandas to a DataFrame")
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise GeoStreamError(f"Cannot convert GeoPandas to a DataFrame: expected a GeoDataFrame, got {type(gdf).__name__}")
    _python_side()
    import pyarrow as pa
    from pyspark.sql.pandas.types import from_arrow_type

    import pandas as pd

    plain = gdf.reset_index(drop=True)
    names = [str(c) for c in plain.columns]
    if len(set(names)) != len(names):
        raise GeoStreamError(f"Cannot convert GeoPandas to a DataFrame: column names repeat: {', '.join(names)}")
    data = {}
    geometry_names = set()
    for name, column in zip(names, (plain[c] for c in plain.columns)):
        if isinstance(column.dtype, gpd.array.GeometryDtype):
            data[name] = _encode_column(column, name)
            geometry_names.add(name)
        else:
            data[name] = column
    pdf = pd.DataFrame(data)
    # Other columns: the Spark types of their Arrow types, as createDataFrame(pdf) with Arrow on.
    arrow = pa.Schema.from_pandas(pdf[[n for n in names if n not in geometry_names]], preserve_index=False)
    spark_types = {field.name: from_arrow_type(field.type) for field in arrow}
    struct = StructType([
        StructField(n, _EncodedGeometryUDT() if n in geometry_names else spark_types[n], True) for n in names
    ])
    return _spark.create_from_pandas(spark, pdf, struct)


class _EncodedGeometryUDT(GeometryUDT):
    """The geometry type for values already encoded by :func:`_encode_column`: PySpark's Arrow path
    calls ``serialize`` per value, which here passes the bytes on. The JVM sees a GeometryUDT column
    holding the bytes as they are (the same encoding), with no parse."""

    @classmethod
    def scalaUDT(cls) -> str:
        return GeometryUDT.scalaUDT()

    def serialize(self, obj: Any) -> Any:
        return obj


def _encode_column(column: Any, name: str) -> np.ndarray:
    values = np.asarray(column.values, dtype=object)
    crs = column.crs
    if crs is not None:
        epsg = crs.to_epsg()
        if epsg is None:
            raise GeoStreamError(
                f"Cannot convert GeoPandas to a DataFrame: the CRS of column {name!r} has no EPSG code, "
                f"which a geometry's SRID needs: {crs.to_string()!r}: reproject first, gdf.to_crs(epsg=...)"
            )
        values = shapely.set_srid(values, epsg)
    return shapely.to_wkb(values, byte_order=1, include_srid=True, flavor="extended")


def _crs_of(values: np.ndarray, name: str) -> Optional[str]:
    present = values[~shapely.is_missing(values)]
    if present.size == 0:
        return None
    srids = np.unique(shapely.get_srid(present))
    if srids.size == 1:
        return None if srids[0] == 0 else f"EPSG:{int(srids[0])}"
    warnings.warn(
        f"Column {name!r} mixes SRIDs {', '.join(str(int(s)) for s in srids)}: its GeoSeries has no CRS; "
        "each geometry keeps its SRID (shapely.get_srid)",
        stacklevel=3,
    )
    return None


def _geopandas(action: str) -> Any:
    try:
        import geopandas
    except ImportError as e:
        raise GeoStreamError(
            f"Cannot {action}: geopandas is not installed: pip install 'geostream[geopandas]'"
        ) from e
    return geopandas
