"""Feature stores from Python: ``format("geostream")`` with a parameter dict.

A store is named by the same map of GeoTools parameters as in Java, SQL and pipeline files
(``{"fs.path": "/data/store"}`` for the embedded GeoParquet store, docs/fs-store.md). Reads push
attribute, time and id filters, and with the extension also ``st_*`` predicates against constant
geometries, into the store (``explain()`` shows them); writes honour every save mode.
"""
from __future__ import annotations

import os
from typing import Any, Dict, Mapping

from pyspark.sql import DataFrame, SparkSession

from geostream.errors import GeoStreamError
from geostream.session import _python_side

__all__ = ["read_store", "write_store", "FORMAT"]

#: The data source name of feature stores.
FORMAT = "geostream"
_MODES = ("append", "overwrite", "ignore", "error", "errorifexists")


def read_store(spark: SparkSession, params: Mapping[str, Any], feature: str) -> DataFrame:
    """The features of type ``feature`` in the store named by ``params``, as a DataFrame.

    Columns: ``__fid__`` (the feature id), then one per attribute, geometries as geometry columns.
    Lazy: nothing is read before an action. An unknown store or type raises :class:`GeoStreamError`
    with the JVM's message when Spark resolves the read.
    """
    _python_side()
    return spark.read.format(FORMAT).options(**_options(params, feature)).load()


def write_store(df: DataFrame, params: Mapping[str, Any], feature: str, mode: str = "append") -> None:
    """Writes ``df`` as features of type ``feature`` into the store named by ``params``.

    ``mode`` is a Spark save mode: ``"append"`` (the default; creates the type from the DataFrame's
    schema when missing), ``"overwrite"`` (replaces the type's features; one atomic commit on the fs
    store), ``"ignore"`` or ``"error"``/``"errorifexists"``. A ``__fid__`` string column, when
    present, gives the feature ids. One commit per write.
    """
    if not isinstance(mode, str) or mode.lower() not in _MODES:
        raise GeoStreamError(f"Cannot write to a feature store: mode must be one of {', '.join(_MODES)}: {mode!r}")
    _python_side()
    df.write.format(FORMAT).options(**_options(params, feature)).mode(mode.lower()).save()


def _options(params: Mapping[str, Any], feature: str) -> Dict[str, str]:
    if not isinstance(feature, str) or not feature.strip():
        raise GeoStreamError(f"Cannot open a feature type: its name must be a non-empty string: {feature!r}")
    if not isinstance(params, Mapping):
        raise GeoStreamError(
            f"Cannot open a feature store: parameters must be a mapping such as {{'fs.path': dir}}: {params!r}"
        )
    options = {}
    for key, value in params.items():
        if not isinstance(key, str):
            raise GeoStreamError(f"Cannot open a feature store: parameter names must be strings: {key!r}")
        if key.lower() == "feature":
            raise GeoStreamError("Cannot open a feature store: 'feature' is not a store parameter: "
                                 "pass the type name as the feature argument")
        options[key] = _text(key, value)
    options["feature"] = feature
    return options


def _text(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    raise GeoStreamError(
        f"Cannot open a feature store: parameter {key!r} must be a string, number, boolean or path: {value!r}"
    )
