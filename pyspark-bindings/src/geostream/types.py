"""Geometry column types: the Python side of the JVM UDTs in ``org.apache.spark.sql.geostream``.

A geometry column is physically ``binary`` holding little-endian EWKB (docs/encoding.md); these
user-defined types turn its values into shapely 2 geometries in ``collect()`` and ``toPandas()``, and
shapely geometries into values in ``createDataFrame``. The JVM types name these classes in their
``pyUDT()`` (``geostream.types.GeometryUDT``, ``geostream.types.PointUDT``, ...), which is how PySpark
finds them when a schema arrives from the JVM; each names its JVM class in :meth:`scalaUDT`, which is
how the JVM finds its type when a schema goes the other way.

Values keep their SRID (shapely's ``get_srid``/``set_srid``) and Z. M values are dropped on the way
into Python: shapely 2.0 has no M.

Creating any of these types (PySpark does when it parses a schema with a geometry column;
``geostream.configure`` and ``geostream.register`` do) marks shapely's geometry classes with
``__UDT__ = GeometryUDT()``, which is how ``createDataFrame`` infers a geometry column from shapely
values and accepts them in a geometry column of a given schema. Importing this module does nothing.
"""
from __future__ import annotations

from typing import Any, ClassVar, Optional, Type

import shapely
from pyspark.sql.types import BinaryType, DataType, UserDefinedType
from shapely.geometry.base import BaseGeometry

__all__ = [
    "GeometryUDT",
    "PointUDT",
    "LineStringUDT",
    "PolygonUDT",
    "MultiPointUDT",
    "MultiLineStringUDT",
    "MultiPolygonUDT",
    "GeometryCollectionUDT",
    "GEOMETRY_TYPES",
    "is_geometry_type",
]

_JVM_PACKAGE = "org.apache.spark.sql.geostream"
_LITTLE_ENDIAN = 1


def encode(geom: BaseGeometry) -> bytes:
    """The column encoding of one shapely geometry: little-endian EWKB, with the SRID when set.

    Byte for byte what the JVM writes for the same geometry (Z kept; shapely 2.0 has no M).
    """
    return shapely.to_wkb(geom, byte_order=_LITTLE_ENDIAN, include_srid=True, flavor="extended")


def decode(datum: Any) -> BaseGeometry:
    """The shapely geometry of one column value (EWKB or WKB of either byte order)."""
    return shapely.from_wkb(bytes(datum))


class GeometryUDT(UserDefinedType):
    """Any geometry: shapely geometries in Python, ``org.apache.spark.sql.geostream.GeometryUDT`` on the JVM.

    Values are shapely 2 geometries; ``None`` is null. Stateless. Instances compare by class, except
    that ``GeometryUDT`` equals every geometry type (both ways): PySpark checks a value against its
    column's type with ``value.__UDT__ == column_type``, and a shapely value's ``__UDT__`` is a
    ``GeometryUDT``, so this lets shapely values into ``PointUDT`` (...) columns too; serializing then
    checks the geometry's class.
    """

    #: The shapely class values must be instances of (narrowed by subclasses).
    shapely_class: ClassVar[Type[BaseGeometry]] = BaseGeometry
    #: The JVM type name (``typeName()`` of the JVM UDT), shown by ``simpleString``.
    type_name: ClassVar[str] = "geometry"

    def __init__(self) -> None:
        _mark_shapely()

    @classmethod
    def sqlType(cls) -> DataType:
        return BinaryType()

    @classmethod
    def module(cls) -> str:
        return "geostream.types"

    @classmethod
    def scalaUDT(cls) -> str:
        return f"{_JVM_PACKAGE}.{cls.__name__}"

    def serialize(self, obj: Any) -> Optional[bytes]:
        if obj is None:
            return None
        if not isinstance(obj, self.shapely_class):
            raise TypeError(
                f"Cannot store a value in a {self.type_name} column: expected a shapely "
                f"{self.shapely_class.__name__}, got {type(obj).__name__}: {_excerpt(obj)}"
            )
        return encode(obj)

    def deserialize(self, datum: Any) -> Optional[BaseGeometry]:
        return None if datum is None else decode(datum)

    def simpleString(self) -> str:
        return self.type_name

    def __eq__(self, other: Any) -> bool:
        if type(self) is GeometryUDT:
            return isinstance(other, GeometryUDT)
        if type(other) is GeometryUDT:
            return NotImplemented  # Python then asks GeometryUDT.__eq__, which says yes.
        return type(self) is type(other)

    def __hash__(self) -> int:
        # One hash for all: GeometryUDT equals each of them.
        return hash(GeometryUDT.__name__)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class PointUDT(GeometryUDT):
    """Columns of points (``shapely.Point``)."""

    shapely_class = shapely.Point
    type_name = "point"


class LineStringUDT(GeometryUDT):
    """Columns of line strings (``shapely.LineString``)."""

    shapely_class = shapely.LineString
    type_name = "linestring"


class PolygonUDT(GeometryUDT):
    """Columns of polygons (``shapely.Polygon``)."""

    shapely_class = shapely.Polygon
    type_name = "polygon"


class MultiPointUDT(GeometryUDT):
    """Columns of multi-points (``shapely.MultiPoint``)."""

    shapely_class = shapely.MultiPoint
    type_name = "multipoint"


class MultiLineStringUDT(GeometryUDT):
    """Columns of multi-line strings (``shapely.MultiLineString``)."""

    shapely_class = shapely.MultiLineString
    type_name = "multilinestring"


class MultiPolygonUDT(GeometryUDT):
    """Columns of multi-polygons (``shapely.MultiPolygon``)."""

    shapely_class = shapely.MultiPolygon
    type_name = "multipolygon"


class GeometryCollectionUDT(GeometryUDT):
    """Columns of geometry collections (``shapely.GeometryCollection``)."""

    shapely_class = shapely.GeometryCollection
    type_name = "geometrycollection"


#: Every geometry type, the general one first.
GEOMETRY_TYPES = (
    GeometryUDT,
    PointUDT,
    LineStringUDT,
    PolygonUDT,
    MultiPointUDT,
    MultiLineStringUDT,
    MultiPolygonUDT,
    GeometryCollectionUDT,
)


def is_geometry_type(data_type: DataType) -> bool:
    """True when ``data_type`` is one of GeoStream's geometry types."""
    return isinstance(data_type, GeometryUDT)


_marked = False


def _mark_shapely() -> None:
    """Gives shapely geometries a ``__UDT__`` (PySpark's hook for inferring and checking UDT values)."""
    global _marked
    if not _marked:
        _marked = True
        BaseGeometry.__UDT__ = GeometryUDT()


def _excerpt(obj: Any, limit: int = 120) -> str:
    text = repr(obj)
    return text if len(text) <= limit else text[:limit] + "..."
