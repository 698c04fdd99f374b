"""Argument conversion and the call of registered SQL functions, for ``geostream.functions``.

Each parameter of a catalogue function has a set of kinds (from its SQL types); a Python value is
turned into a Column by these rules, the same for every function:

- a ``Column`` is used as it is;
- a ``str`` is a column name, except for ``text`` parameters (a string argument after the first,
  such as ``st_buffer``'s ``params``), where it is the literal value;
- a shapely geometry is a geometry literal (its EWKB, SRID kept);
- ``int``/``float`` (and numpy scalars), ``bool`` and ``bytes`` are literals of number, boolean and
  binary parameters;
- a list or tuple of geometries and columns is an array, for array-of-geometry parameters.

Anything else raises ``TypeError`` naming the function and the parameter.
"""
from __future__ import annotations

import contextvars
import functools
import numbers
from typing import Any, Callable, Dict, FrozenSet, Sequence, Tuple, TypeVar, Union

from pyspark.sql import Column
from pyspark.sql import functions as F
from shapely.geometry.base import BaseGeometry

from geostream.types import encode

__all__ = [
    "ColumnOrName",
    "ColumnOrText",
    "GeometryLike",
    "GeometriesLike",
    "FloatLike",
    "IntLike",
    "BoolLike",
    "BinaryLike",
]

#: A column or a column name.
ColumnOrName = Union[Column, str]
#: A column or a literal string (for ``text`` parameters such as ``st_buffer``'s ``params``).
ColumnOrText = Union[Column, str]
#: A geometry column, its name, or a shapely geometry (a literal).
GeometryLike = Union[Column, str, BaseGeometry]
#: An array-of-geometry column, its name, or a list of geometries and geometry columns.
GeometriesLike = Union[Column, str, Sequence[Union[Column, BaseGeometry]]]
#: A numeric column, its name, or a number.
FloatLike = Union[Column, str, float]
#: An integer column, its name, or an int.
IntLike = Union[Column, str, int]
#: A boolean column, its name, or a bool.
BoolLike = Union[Column, str, bool]
#: A binary column, its name, or bytes.
BinaryLike = Union[Column, str, bytes]

Kinds = FrozenSet[str]
GEOMETRY: Kinds = frozenset({"geometry"})
GEOMETRIES: Kinds = frozenset({"geometries"})
GEOMETRY_OR_GEOMETRIES: Kinds = frozenset({"geometry", "geometries"})
FLOAT: Kinds = frozenset({"float"})
INT: Kinds = frozenset({"int"})
BOOL: Kinds = frozenset({"bool"})
NAME: Kinds = frozenset({"name"})
TEXT: Kinds = frozenset({"text"})
BINARY: Kinds = frozenset({"binary"})

_DESCRIPTIONS = {
    "geometry": "a shapely geometry",
    "geometries": "a list of geometries",
    "float": "a number",
    "int": "an int",
    "bool": "a bool",
    "text": "a string",
    "binary": "bytes",
}

_try_variant: contextvars.ContextVar[bool] = contextvars.ContextVar("geostream_try_variant", default=False)

Param = Tuple[str, Any, Kinds]
F_ = TypeVar("F_", bound=Callable[..., Column])


def call(function: str, params: Sequence[Param], arities: Sequence[int]) -> Column:
    """``function`` (a registered SQL name) applied to the converted ``params``; trailing ``None``
    values are omitted arguments, and the resulting arity must be one of ``arities``."""
    given = list(params)
    while given and given[-1][1] is None and len(given) > min(arities):
        given.pop()
    for name, value, _ in given:
        if value is None:
            raise TypeError(
                f"Cannot call {function}: parameter {name!r} is None: pass a value, or F.lit(None) for a SQL null"
            )
    if len(given) not in arities:
        raise TypeError(f"Cannot call {function}: it takes {_counts(arities)} arguments, not {len(given)}")
    return _invoke(function, [to_column(function, name, value, kinds) for name, value, kinds in given])


def call_positional(function: str, args: Sequence[Any], signatures: Dict[int, Sequence[Tuple[str, Kinds]]]) -> Column:
    """``function`` applied to positional ``args``, converted by the signature of their count."""
    signature = signatures.get(len(args))
    if signature is None:
        raise TypeError(f"Cannot call {function}: it takes {_counts(sorted(signatures))} arguments, not {len(args)}")
    return call(function, [(name, value, kinds) for (name, kinds), value in zip(signature, args)], [len(args)])


def try_variant(function: F_) -> F_:
    """The ``try_`` variant of a generated scalar function: null instead of an error on bad input."""

    @functools.wraps(function)
    def variant(*args: Any, **kwargs: Any) -> Column:
        token = _try_variant.set(True)
        try:
            return function(*args, **kwargs)
        finally:
            _try_variant.reset(token)

    sql_name = getattr(function, "sql_name", function.__name__)
    variant.__name__ = "try_" + function.__name__
    variant.__qualname__ = variant.__name__
    variant.sql_name = "try_" + sql_name  # type: ignore[attr-defined]
    variant.__doc__ = (
        f"The ``try_`` variant of :func:`{function.__name__}` (SQL ``try_{sql_name}``): null instead of an "
        f"error on bad input.\n\n{function.__doc__ or ''}"
    )
    return variant  # type: ignore[return-value]


def sql_name(name: str) -> Callable[[F_], F_]:
    """Records the SQL name a generated function calls, as its ``sql_name`` attribute."""

    def mark(function: F_) -> F_:
        function.sql_name = name  # type: ignore[attr-defined]
        return function

    return mark


def to_column(function: str, param: str, value: Any, kinds: Kinds) -> Column:
    """One argument as a Column, by the rules of this module."""
    if isinstance(value, Column):
        return value
    if isinstance(value, str):
        return F.lit(value) if "text" in kinds else F.col(value)
    if isinstance(value, BaseGeometry) and "geometry" in kinds:
        return geometry_literal(value)
    if isinstance(value, (bool,)) or (hasattr(value, "dtype") and getattr(value.dtype, "kind", "") == "b"):
        if "bool" in kinds:
            return F.lit(bool(value))
    elif isinstance(value, numbers.Integral):
        if "int" in kinds or "float" in kinds:
            return F.lit(int(value))
    elif isinstance(value, numbers.Real):
        if "float" in kinds:
            return F.lit(float(value))
    if isinstance(value, (bytes, bytearray, memoryview)) and "binary" in kinds:
        return F.lit(bytes(value))
    if isinstance(value, (list, tuple)) and "geometries" in kinds:
        return F.array(*[to_column(function, param, v, GEOMETRY) for v in value])
    accepted = ["a Column", "a column name"] if "text" not in kinds else ["a Column"]
    accepted += [_DESCRIPTIONS[k] for k in sorted(kinds) if k in _DESCRIPTIONS]
    text = repr(value)
    raise TypeError(
        f"Cannot call {function}: parameter {param!r} takes {', '.join(accepted)}, not "
        f"{type(value).__name__}: {text if len(text) <= 120 else text[:120] + '...'}"
    )


def geometry_literal(geom: BaseGeometry) -> Column:
    """A constant geometry column holding ``geom`` (SRID kept)."""
    return F.call_function("st_geomFromWKB", F.lit(encode(geom)))


def _invoke(function: str, columns: Sequence[Column]) -> Column:
    name = "try_" + function if _try_variant.get() else function
    return F.call_function(name, *columns)


def _counts(arities: Sequence[int]) -> str:
    values = [str(a) for a in sorted(arities)]
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " or " + values[-1]
