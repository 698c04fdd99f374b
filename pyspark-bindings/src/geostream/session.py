"""Turning GeoStream on: the bundled runtime jar, a configured session builder, an existing session."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional, Union

from pyspark.sql import SparkSession

from geostream import _spark
from geostream.errors import GeoStreamError
from geostream.types import GeometryUDT

__all__ = ["configure", "register", "jar_path", "EXTENSIONS", "KRYO_REGISTRATOR"]

#: The session extension class (``spark.sql.extensions``): functions, types and spatial pushdown.
EXTENSIONS = "org.geostream.sql.GeoStreamExtensions"
#: The Kryo registrator class (``spark.kryo.registrator``) for geometries and features.
KRYO_REGISTRATOR = "org.geostream.core.GeoStreamKryoRegistrator"
_KRYO_SERIALIZER = "org.apache.spark.serializer.KryoSerializer"
_JAR_GLOB = "geostream-spark-runtime-*.jar"


def jar_path() -> str:
    """The absolute path of the GeoStream runtime jar inside this installed package.

    Raises :class:`GeoStreamError` when the package holds no jar (a source checkout that was never
    built into a wheel, or an editable install): pass ``jar=`` to :func:`configure` then.
    """
    folder = Path(__file__).resolve().parent / "jars"
    jars = sorted(folder.glob(_JAR_GLOB))
    if len(jars) != 1:
        found = ", ".join(j.name for j in jars) or "none"
        raise GeoStreamError(
            f"Cannot find the GeoStream runtime jar: expected one {_JAR_GLOB} in {folder}, found {found}: "
            "install the wheel built from pyspark-bindings after `mvn package`, or pass "
            "geostream.configure(builder, jar=...)"
        )
    return str(jars[0])


def configure(
    builder: SparkSession.Builder,
    *,
    kryo: bool = False,
    jar: Optional[Union[str, "os.PathLike[str]"]] = None,
) -> SparkSession.Builder:
    """Returns ``builder`` set up for GeoStream; the session it creates has GeoStream on.

    Adds the runtime jar to ``spark.jars``, ``org.geostream.sql.GeoStreamExtensions`` to
    ``spark.sql.extensions`` (the ``st_*`` functions, the geometry types and spatial pushdown into
    ``format("geostream")``), keeping values set earlier on the builder; with ``kryo=True`` also the
    Kryo serializer and ``org.geostream.core.GeoStreamKryoRegistrator``. ``jar`` replaces the bundled
    jar (:func:`jar_path`). Starts nothing: the session starts at ``getOrCreate()``. Like any
    ``spark.jars``, it takes effect only when that starts a new JVM; for a session that already runs,
    use :func:`register`. Example::

        spark = geostream.configure(SparkSession.builder.master("local[*]")).getOrCreate()
    """
    jar_file = _existing_jar(jar) if jar is not None else jar_path()
    options = _spark.builder_options(builder)
    builder = builder.config("spark.jars", _append(options.get("spark.jars"), jar_file))
    builder = builder.config("spark.sql.extensions", _append(options.get("spark.sql.extensions"), EXTENSIONS))
    if kryo:
        builder = builder.config("spark.serializer", _KRYO_SERIALIZER)
        builder = builder.config(
            "spark.kryo.registrator", _append(options.get("spark.kryo.registrator"), KRYO_REGISTRATOR)
        )
    _python_side()
    return builder


def register(spark: SparkSession) -> SparkSession:
    """Turns GeoStream on for a session that already runs, and returns it.

    Registers the geometry types and every ``st_*`` function with the session, as the extension does
    for new sessions (idempotent). The runtime jar must already be on the session's classpath (it was
    started by :func:`configure`, with ``--jars``, or ``spark.jars``): otherwise raises
    :class:`GeoStreamError` saying so. The spatial pushdown into ``format("geostream")`` stores comes
    only with the extension at session start; without it queries give the same answers.
    """
    _python_side()
    _spark.register_on_jvm(spark)
    return spark


def _python_side() -> None:
    GeometryUDT()  # marks shapely geometries as values of geometry columns
    _spark.install_error_conversion()


def _existing_jar(jar: Union[str, "os.PathLike[str]"]) -> str:
    path = Path(os.fspath(jar)).expanduser().resolve()
    if not path.is_file():
        raise GeoStreamError(f"Cannot use the GeoStream runtime jar: no such file: {str(path)!r}")
    return str(path)


def _append(existing: Optional[str], value: str) -> str:
    """A comma-separated list with ``value`` appended unless already present."""
    items = [item.strip() for item in (existing or "").split(",") if item.strip()]
    if value not in items:
        items.append(value)
    return ",".join(items)
