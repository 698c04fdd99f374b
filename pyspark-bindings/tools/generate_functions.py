"""Generates ``src/geostream/functions.py`` from the JVM function catalogue.

    python pyspark-bindings/tools/generate_functions.py [--jar geo-runtime/target/geostream-spark-runtime-*.jar]

The catalogue (``org.geostream.types.fn.Catalog``) is read from a local Spark session with the
runtime jar. ``tests/test_functions.py`` renders it again from the test session's JVM and fails when
the committed file differs, so the Python functions cannot drift from the SQL ones.

What is decided here rather than read from the JVM: the Python name of each SQL name (snake_case
by the rule of :func:`python_name`) and the parameter names (:data:`PARAMETERS`; a function missing
there gets names from its argument types).
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import re
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
TARGET = PROJECT / "src" / "geostream" / "functions.py"

# Parameter names by SQL name: one tuple for the longest signature (shorter signatures take a prefix),
# or a dict by argument count where the signatures differ in meaning position by position (those
# functions take positional arguments, typed by @overload).
PARAMETERS: Dict[str, Any] = {
    # Constructors
    "st_geomFromWKT": ("wkt", "srid"),
    "st_pointFromText": ("wkt",),
    "st_lineFromText": ("wkt",),
    "st_polygonFromText": ("wkt",),
    "st_mPointFromText": ("wkt",),
    "st_mLineFromText": ("wkt",),
    "st_mPolyFromText": ("wkt",),
    "st_geomFromWKB": ("wkb",),
    "st_pointFromWKB": ("wkb",),
    "st_geomFromGeoJSON": ("geojson",),
    "st_point": ("x", "y", "srid"),
    "st_makePoint": ("x", "y", "z", "m"),
    "st_makePointM": ("x", "y", "m"),
    "st_makeBBOX": ("lower_x", "lower_y", "upper_x", "upper_y"),
    "st_makeEnvelope": ("xmin", "ymin", "xmax", "ymax", "srid"),
    "st_makeBox2D": ("lower_left", "upper_right"),
    "st_makeLine": {1: ("geoms",), 2: ("a", "b")},
    "st_makePolygon": ("shell", "holes"),
    "st_polygon": ("shell", "srid"),
    "st_geomFromGeoHash": ("geohash", "precision"),
    "st_pointFromGeoHash": ("geohash", "precision"),
    # Accessors
    "st_geometryN": ("geom", "n"),
    "st_pointN": ("geom", "n"),
    "st_interiorRingN": ("geom", "n"),
    # Outputs
    "st_asBinary": ("geom", "byte_order"),
    "st_byteArray": ("text",),
    # Relationships: A and B as in the reference
    "st_relate": ("a", "b", "pattern"),
    "st_relateBool": ("a", "b", "pattern"),
    "st_dwithin": ("a", "b", "distance"),
    "st_dFullyWithin": ("a", "b", "distance"),
    # Measures
    "st_aggregateDistanceSphere": ("geoms",),
    "st_aggregateDistanceSpheroid": ("geoms",),
    "st_hausdorffDistance": ("a", "b", "densify_fraction"),
    "st_lineInterpolatePoint": ("line", "fraction"),
    "st_lineLocatePoint": ("line", "point"),
    # Processing
    "st_union": {1: ("geoms",), 2: ("a", "b")},
    "st_collect": {1: ("geoms",), 2: ("a", "b")},
    "st_split": ("geom", "blade"),
    "st_buffer": ("geom", "distance", "params"),
    "st_bufferPoint": ("point", "metres"),
    "st_expand": ("geom", "distance"),
    "st_simplify": ("geom", "tolerance"),
    "st_simplifyPreserveTopology": ("geom", "tolerance"),
    "st_segmentize": ("geom", "max_length"),
    "st_snapToGrid": {
        2: ("geom", "size"),
        3: ("geom", "size_x", "size_y"),
        5: ("geom", "origin_x", "origin_y", "size_x", "size_y"),
    },
    "st_reducePrecision": ("geom", "grid_size"),
    "st_subdivide": ("geom", "max_vertices"),
    "st_lineSubstring": ("line", "start_fraction", "end_fraction"),
    "st_setSRID": ("geom", "srid"),
    "st_translate": ("geom", "delta_x", "delta_y"),
    "st_scale": ("geom", "factor_x", "factor_y"),
    "st_rotate": ("geom", "angle"),
    "st_affine": ("geom", "a", "b", "d", "e", "xoff", "yoff"),
    "st_collectionExtract": ("geom", "geom_type"),
    "st_addPoint": ("line", "point", "position"),
    "st_removePoint": ("line", "position"),
    "st_setPoint": ("line", "position", "point"),
    "st_transform": {2: ("geom", "to_srid"), 3: ("geom", "from_crs", "to_crs")},
    "st_concaveHull": ("geom", "ratio", "allow_holes"),
    # Cells
    "st_geoHash": ("geom", "precision"),
    "st_geoHashBits": ("geom", "bits"),
    "st_geomFromGeoHashBits": ("geohash", "bits"),
    "st_h3CellId": ("point", "resolution"),
    "st_h3CellIds": ("geom", "resolution", "full_cover"),
    "st_h3Boundary": ("cell",),
    "st_h3CellCenter": ("cell",),
    "st_h3KRing": ("cell", "k"),
    "st_h3Resolution": ("cell",),
    "st_h3ToParent": ("cell", "resolution"),
    "st_h3ToChildren": ("cell", "resolution"),
    "st_h3Distance": ("a", "b"),
    "st_h3IsValid": ("cell",),
    "st_h3CellToString": ("cell",),
    "st_h3StringToCell": ("hex",),
}

# SQL types of the catalogue (org.geostream.types.fn.ValueType) as the reference shows them.
SQL_TYPES = {
    "GEOMETRY": "geometry",
    "GEOMETRY_BYTES": "geometry",
    "DOUBLE": "double",
    "INT": "int",
    "LONG": "bigint",
    "BOOLEAN": "boolean",
    "STRING": "string",
    "BINARY": "binary",
    "GEOMETRY_ARRAY": "array<geometry>",
    "LONG_ARRAY": "array<bigint>",
    "STRING_ARRAY": "array<string>",
    "DOUBLE_ARRAY": "array<double>",
}
# Kinds (geostream._calls) and Python annotations of each argument type; STRING depends on position.
KINDS = {
    "GEOMETRY": "geometry",
    "GEOMETRY_BYTES": "geometry",
    "DOUBLE": "float",
    "INT": "int",
    "LONG": "int",
    "BOOLEAN": "bool",
    "BINARY": "binary",
    "GEOMETRY_ARRAY": "geometries",
}
KIND_CONSTANTS = {
    frozenset({"geometry"}): "_c.GEOMETRY",
    frozenset({"geometries"}): "_c.GEOMETRIES",
    frozenset({"geometry", "geometries"}): "_c.GEOMETRY_OR_GEOMETRIES",
    frozenset({"float"}): "_c.FLOAT",
    frozenset({"int"}): "_c.INT",
    frozenset({"bool"}): "_c.BOOL",
    frozenset({"name"}): "_c.NAME",
    frozenset({"text"}): "_c.TEXT",
    frozenset({"binary"}): "_c.BINARY",
}
ANNOTATIONS = {
    frozenset({"geometry"}): "GeometryLike",
    frozenset({"geometries"}): "GeometriesLike",
    frozenset({"geometry", "geometries"}): "Union[GeometryLike, GeometriesLike]",
    frozenset({"float"}): "FloatLike",
    frozenset({"int"}): "IntLike",
    frozenset({"bool"}): "BoolLike",
    frozenset({"name"}): "ColumnOrName",
    frozenset({"text"}): "ColumnOrText",
    frozenset({"binary"}): "BinaryLike",
}
FALLBACK_NAMES = {
    "GEOMETRY": "geom",
    "GEOMETRY_BYTES": "geom",
    "DOUBLE": "value",
    "INT": "n",
    "LONG": "cell",
    "BOOLEAN": "flag",
    "STRING": "text",
    "BINARY": "wkb",
    "GEOMETRY_ARRAY": "geoms",
}


def python_name(sql: str) -> str:
    """The Python name of a SQL name: snake_case, with ``GeoHash``/``GeoJSON`` one word each,
    ``2D``/``3D``/``3DZ`` one word, and a lone letter after ``st_`` joined to the next word
    (``st_mPointFromText`` -> ``st_mpoint_from_text``, ``st_xMin`` -> ``st_xmin``,
    ``st_dFullyWithin`` -> ``st_dfully_within``)."""
    s = re.sub(r"([Gg])eo(Hash|JSON)", lambda m: m.group(1) + "eo" + m.group(2).lower(), sql)
    s = re.sub(r"(\d)D(Z?)(?![a-z])", lambda m: "_" + m.group(1) + "d" + m.group(2).lower(), s)
    s = re.sub(r"^st_([a-z])([A-Z])", lambda m: "st_" + m.group(1) + m.group(2).lower(), s)
    s = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", s)
    return re.sub(r"_+", "_", s).lower()


def catalogue_from_jar(jar: str) -> Dict[str, Any]:
    """The catalogue, read from a local Spark session with ``jar``."""
    sys.path.insert(0, str(PROJECT / "src"))
    from pyspark.sql import SparkSession

    from geostream import _spark

    spark = (SparkSession.builder.master("local[1]").appName("geostream-generate-functions")
             .config("spark.jars", jar).config("spark.ui.enabled", "false").getOrCreate())
    try:
        return _spark.function_catalogue(spark)
    finally:
        spark.stop()


def render(catalogue: Dict[str, Any]) -> str:
    """The source of ``geostream/functions.py`` for ``catalogue`` (see ``_spark.function_catalogue``)."""
    aliases_of: Dict[str, List[str]] = {}
    for alias, target in catalogue["aliases"].items():
        aliases_of.setdefault(target, []).append(alias)
    out: List[str] = [HEADER]
    names: List[str] = []
    alias_lines: List[str] = []
    try_lines: List[str] = []
    family = None
    for f in catalogue["functions"]:
        if f["family"] != family:
            family = f["family"]
            out.append(f"\n# {'-' * 16} {family}\n")
        py = python_name(f["name"])
        out.append(_function(f, py, aliases_of.get(f["name"], [])))
        names.append(py)
        try_lines.append(f"try_{py} = _c.try_variant({py})")
        names.append("try_" + py)
        for alias in aliases_of.get(f["name"], []):
            alias_py = python_name(alias)
            if alias_py not in names and alias_py != py:
                alias_lines.append(f"{alias_py} = {py}  # SQL {alias}")
                names.append(alias_py)
                try_lines.append(f"try_{alias_py} = try_{py}")
                names.append("try_" + alias_py)
    for a in catalogue["aggregates"]:
        if a["family"] != family:
            family = a["family"]
            out.append(f"\n# {'-' * 16} {family}\n")
        py = python_name(a["name"])
        out.append(_aggregate(a, py, aliases_of.get(a["name"], [])))
        names.append(py)
    out.append(f"\n# {'-' * 16} Aliases: other SQL names of the same functions\n\n")
    out.append("\n".join(alias_lines) + "\n")
    out.append(f"\n# {'-' * 16} try_ variants: null instead of an error on bad input\n\n")
    out.append("\n".join(try_lines) + "\n")
    if len(set(names)) != len(names):
        duplicates = sorted({n for n in names if names.count(n) > 1})
        raise ValueError(f"Cannot generate geostream.functions: Python names repeat: {duplicates}")
    out.append("\n__all__ = [\n" + "".join(f'    "{n}",\n' for n in names) + "]\n")
    return "".join(out)


HEADER = '''"""Every SQL function of the GeoStream catalogue as a typed Python function returning a Column.

GENERATED by pyspark-bindings/tools/generate_functions.py from the JVM catalogue; do not edit.
tests/test_functions.py fails when this file differs from what the catalogue gives.

Names are the SQL names in snake_case (``st_geomFromWKT`` -> ``st_geom_from_wkt``,
``st_h3CellId`` -> ``st_h3_cell_id``; ``GeoHash``, ``GeoJSON``, ``2D`` and a leading single letter
stay one word: ``st_geohash``, ``st_as_geojson``, ``st_force_2d``, ``st_xmin``, ``st_mpoint_from_text``);
each function's ``sql_name`` attribute holds the SQL name it calls. SQL aliases are aliases here too,
and every scalar function has a ``try_`` variant that returns null instead of failing on bad input.

Arguments: a Column, or a column name (``str``); a shapely geometry for a geometry; a number, bool or
bytes for those types; a list of geometries for an array of geometries. A ``str`` given to a string
parameter after the first (``st_buffer``'s ``params``, ``st_relate``'s ``pattern``, ``st_transform``'s
CRS names, ...) is the literal value, not a column name. The functions run inside Spark as the SQL
ones do (``pyspark.sql.functions.call_function``); they need GeoStream turned on for the session
(``geostream.configure`` or ``geostream.register``). Semantics, null and empty behaviour, and
executed examples: docs/functions.md.
"""
from __future__ import annotations

from typing import Any, Optional, Union, overload

from pyspark.sql import Column

from geostream import _calls as _c
from geostream._calls import (
    BinaryLike,
    BoolLike,
    ColumnOrName,
    ColumnOrText,
    FloatLike,
    GeometriesLike,
    GeometryLike,
    IntLike,
)
'''


def _kinds(arg_type: str, position: int) -> frozenset:
    if arg_type == "STRING":
        return frozenset({"name" if position == 0 else "text"})
    kind = KINDS.get(arg_type)
    if kind is None:
        raise ValueError(f"Cannot generate geostream.functions: no Python kind for argument type {arg_type}")
    return frozenset({kind})


def _names(name: str, signatures: Sequence[Dict[str, Any]]) -> Any:
    declared = PARAMETERS.get(name)
    if declared is None:
        longest = max(signatures, key=lambda s: len(s["args"]))["args"]
        if longest == ["GEOMETRY"] or longest == ["GEOMETRY_BYTES"]:
            return ("geom",)
        names: List[str] = []
        for t in longest:
            base = FALLBACK_NAMES.get(t, "arg")
            names.append(base if base not in names else f"{base}{sum(1 for n in names if n.startswith(base)) + 1}")
        declared = tuple(names)
    if isinstance(declared, dict):
        arities = sorted(len(s["args"]) for s in signatures)
        if sorted(declared) != arities:
            raise ValueError(f"Cannot generate geostream.functions: PARAMETERS[{name!r}] has argument counts "
                             f"{sorted(declared)}, the catalogue {arities}")
        return declared
    longest = max(len(s["args"]) for s in signatures)
    if len(declared) != longest:
        raise ValueError(f"Cannot generate geostream.functions: PARAMETERS[{name!r}] names {len(declared)} "
                         f"arguments, the longest signature has {longest}")
    return declared


def _doc(sql: str, aliases: Sequence[str], entries: Sequence[Tuple[str, str, str]], aggregate: bool) -> str:
    """The docstring: a summary (the first sentence of the first description), the SQL name, then each
    signature with the rest of its description and its example. entries: (signature, description,
    example SQL)."""
    first = entries[0][1]
    cut = first.find(". ")
    summary, rest = (first, "") if cut < 0 else (first[: cut + 1], first[cut + 2:])
    lines = [summary, ""]
    what = "SQL aggregate" if aggregate else "SQL function"
    also = f"; also {', '.join(f'``{a}``' for a in aliases)}" if aliases else ""
    lines += textwrap.wrap(f"{what} ``{sql}``{also}; see docs/functions.md.", 92, break_long_words=False)
    for i, (signature, description, example) in enumerate(entries):
        lines += ["", f"``{signature}``"]
        text = rest if i == 0 else description
        if text:
            lines.append("")
            lines += textwrap.wrap(text, 92, break_long_words=False, break_on_hyphens=False)
        lines += ["", "Example (SQL)::", "", "    " + example]
    body = "\n".join(("    " + _escape(l)) if l else "" for l in lines)
    return '    """' + body.lstrip() + '\n    """\n'


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def _function(f: Dict[str, Any], py: str, aliases: Sequence[str]) -> str:
    sql = f["name"]
    signatures = sorted(f["signatures"], key=lambda s: len(s["args"]))
    names = _names(sql, signatures)
    entries = []
    for s in signatures:
        params = names[len(s["args"])] if isinstance(names, dict) else names[: len(s["args"])]
        text = ", ".join(f"{p}: {SQL_TYPES[t]}" for p, t in zip(params, s["args"]))
        entries.append((f"{sql}({text}) -> {SQL_TYPES[s['result']]}", s["doc"], "SELECT " + s["example"]))
    doc = _doc(sql, aliases, entries, False)
    arities = [len(s["args"]) for s in signatures]
    if isinstance(names, dict):
        return _overloaded(sql, py, signatures, names, doc)
    minimum = min(arities)
    kinds: List[frozenset] = []
    for i in range(len(names)):
        kinds.append(frozenset().union(*[_kinds(s["args"][i], i) for s in signatures if len(s["args"]) > i]))
    params = []
    for i, (name, k) in enumerate(zip(names, kinds)):
        annotation = ANNOTATIONS[k]
        params.append(f"{name}: {annotation}" if i < minimum else f"{name}: Optional[{annotation}] = None")
    call_params = ", ".join(f'("{n}", {n}, {KIND_CONSTANTS[k]})' for n, k in zip(names, kinds))
    return (
        f'\n\n@_c.sql_name("{sql}")\n'
        f"def {py}({', '.join(params)}) -> Column:\n"
        f"{doc}"
        f'    return _c.call("{sql}", [{call_params}], {tuple(arities)!r})\n'
    )


def _overloaded(sql: str, py: str, signatures: Sequence[Dict[str, Any]], names: Dict[int, Sequence[str]], doc: str) -> str:
    parts = []
    table = []
    for s in signatures:
        n = len(s["args"])
        params = names[n]
        kinds = [_kinds(t, i) for i, t in enumerate(s["args"])]
        typed = ", ".join(f"{p}: {ANNOTATIONS[k]}" for p, k in zip(params, kinds))
        parts.append(f"\n\n@overload\ndef {py}({typed}, /) -> Column: ...\n")
        table.append(f"        {n}: (" + ", ".join(f'("{p}", {KIND_CONSTANTS[k]})' for p, k in zip(params, kinds)) + ",),\n")
    return (
        "".join(parts)
        + f'\n\n@_c.sql_name("{sql}")\n'
        + f"def {py}(*args: Any) -> Column:\n"
        + doc
        + f'    return _c.call_positional("{sql}", args, {{\n{"".join(table)}    }})\n'
    )


def _aggregate(a: Dict[str, Any], py: str, aliases: Sequence[str]) -> str:
    sql = a["name"]
    kinds = _kinds(a["input"], 0)
    entries = [(f"{sql}(geom: {SQL_TYPES[a['input']]}) -> {SQL_TYPES[a['result']]}", a["doc"], a["example"])]
    doc = _doc(sql, aliases, entries, True)
    return (
        f'\n\n@_c.sql_name("{sql}")\n'
        f"def {py}(geom: {ANNOTATIONS[kinds]}) -> Column:\n"
        f"{doc}"
        f'    return _c.call("{sql}", [("geom", geom, {KIND_CONSTANTS[kinds]})], (1,))\n'
    )


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jar", help="the runtime jar (default: geo-runtime/target/geostream-spark-runtime-*.jar)")
    parser.add_argument("--catalogue", help="a JSON dump of the catalogue instead of a Spark session")
    parser.add_argument("--output", default=str(TARGET))
    args = parser.parse_args(argv)
    if args.catalogue:
        catalogue = json.loads(Path(args.catalogue).read_text())
    else:
        jar = args.jar
        if jar is None:
            found = [j for j in glob.glob(str(PROJECT.parent / "geo-runtime" / "target" / "geostream-spark-runtime-*.jar"))
                     if not os.path.basename(j).startswith("original-")]
            if len(found) != 1:
                parser.error(f"pass --jar: found {found or 'no runtime jar'} (run mvn package first)")
            jar = found[0]
        catalogue = catalogue_from_jar(jar)
    Path(args.output).write_text(render(catalogue), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
