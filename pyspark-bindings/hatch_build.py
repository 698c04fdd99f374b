"""Build hook: puts the GeoStream runtime jar into the package (``geostream/jars/``).

Where the jar comes from, first match wins:

1. ``GEOSTREAM_RUNTIME_JAR``, a path (the Maven build sets it to the jar it just built);
2. ``src/geostream/jars/`` (building a wheel from an sdist, which carries the jar there);
3. ``../geo-runtime/target/geostream-spark-runtime-<version>.jar`` of the checkout (after
   ``mvn package``; the shaded jar, not ``original-…``).

A missing jar, or one whose version does not match the package's, fails the build with a message
saying what to do.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

JAR_PREFIX = "geostream-spark-runtime-"


def maven_version(package_version: str) -> str:
    """The Maven version a package version stands for: ``0.1.0.dev0`` -> ``0.1.0-SNAPSHOT``."""
    return re.sub(r"\.dev\d*$", "-SNAPSHOT", package_version)


class RuntimeJarHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        root = Path(self.root)
        expected = f"{JAR_PREFIX}{maven_version(self.metadata.version)}.jar"
        jar = self._find(root, expected)
        if self.target_name == "sdist":
            build_data["force_include"][str(jar)] = f"src/geostream/jars/{expected}"
        else:
            build_data["force_include"][str(jar)] = f"geostream/jars/{expected}"

    def _find(self, root: Path, expected: str) -> Path:
        given = os.environ.get("GEOSTREAM_RUNTIME_JAR")
        if given:
            jar = Path(given).expanduser().resolve()
            if not jar.is_file():
                raise RuntimeError(f"Cannot bundle the GeoStream runtime jar: GEOSTREAM_RUNTIME_JAR names no file: {str(jar)!r}")
            if jar.name != expected:
                raise RuntimeError(
                    f"Cannot bundle the GeoStream runtime jar: GEOSTREAM_RUNTIME_JAR is {jar.name}, but package "
                    f"version {self.metadata.version} needs {expected} (src/geostream/_version.py follows the Maven version)"
                )
            return jar
        for candidate in (root / "src" / "geostream" / "jars" / expected,
                          root.parent / "geo-runtime" / "target" / expected):
            if candidate.is_file():
                return candidate
        built = sorted(p.name for p in (root.parent / "geo-runtime" / "target").glob(JAR_PREFIX + "*.jar"))
        hint = f"; geo-runtime/target holds {', '.join(built)} (src/geostream/_version.py follows the Maven version)" if built else ""
        raise RuntimeError(
            f"Cannot bundle the GeoStream runtime jar: {expected} not found in {root / 'src/geostream/jars'} or "
            f"{root.parent / 'geo-runtime/target'}: build it first (mvn package in the repository root) or set "
            f"GEOSTREAM_RUNTIME_JAR{hint}"
        )
