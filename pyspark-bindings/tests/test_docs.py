"""Every >>> example of docs/python.md runs against the test session and prints what the page shows."""
import doctest

import pytest

import geostream.session
from conftest import REPO


def test_python_md_examples(spark, runtime_jar, monkeypatch):
    # The page installs the wheel, whose jar_path() is the bundled jar; here the jar under test.
    monkeypatch.setattr(geostream.session, "jar_path", lambda: str(runtime_jar))
    result = doctest.testfile(str(REPO / "docs" / "python.md"), module_relative=False, globs={},
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False,
                              report=True)
    assert result.attempted >= 25, result
    if result.failed:
        pytest.fail(f"{result.failed} of {result.attempted} examples in docs/python.md failed (output above)")


def test_package_readme_example(spark, runtime_jar, monkeypatch):
    import re

    monkeypatch.setattr(geostream.session, "jar_path", lambda: str(runtime_jar))
    text = (REPO / "pyspark-bindings" / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) == 1
    namespace = {}
    exec(compile(blocks[0], "README.md", "exec"), namespace)
    assert namespace["spark"] is spark
    row = namespace["df"].select(namespace["gs"].st_as_text(namespace["gs"].st_buffer("geom", 1.0, "quad_segs=2"))).first()
    assert row[0].startswith("POLYGON((3.35 48.86,")
