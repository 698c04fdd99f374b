"""Every notebook in notebooks/ runs from top to bottom, as a user runs it: in a Jupyter kernel of the
fresh virtualenv where the wheel is installed (conftest.user_python), from the notebooks folder.

The notebooks assert what they show in their own cells; here each must run without an error, be
committed without outputs, and show the pictures and text it promises. The executed copies are kept in
pyspark-bindings/target/notebooks/ to look at.
"""
import json

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import PROJECT, REPO

NOTEBOOKS = REPO / "notebooks"
KERNEL = "geostream-user"
CELL_TIMEOUT = 300

# What each notebook must show: (at least this many PNG pictures, text that must appear in its outputs).
EXPECTED = {
    "01-getting-started.ipynb": (1, ["|-- geom: geometry", "POINT (2.35 48.86)", "France", "Antarctica"]),
    "02-feature-stores.ipynb": (1, ["BBOX(geom, -10.0, 36.0, 16.0, 56.0)", "BroadcastSpatialJoin", "GeoParquet files"]),
    "03-streaming.ipynb": (2, ["vehicle_cells", "window_start"]),
    "04-from-geomesa-or-sedona.ipynb": (1, ["GeoMesa meaning, 25 bits", "run under their Sedona name", "SpatialJoin inner"]),
}


def notebook_paths():
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def test_the_notebooks_are_the_expected_ones():
    assert [p.name for p in notebook_paths()] == sorted(EXPECTED)


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, path
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: a cell has outputs: {cell.source[:80]!r}"


@pytest.fixture(scope="module")
def kernel(tmp_path_factory, user_python, user_env):
    """A Jupyter kernel spec whose python is the users' virtualenv, and the environment to start it in."""
    folder = tmp_path_factory.mktemp("jupyter")
    spec = folder / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(user_python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (geostream test virtualenv)",
        "language": "python",
    }))
    env = dict(user_env)
    env.pop("MPLBACKEND")  # the kernel's inline backend draws the pictures into the notebook
    return folder, env


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path, kernel, monkeypatch):
    jupyter_path, env = kernel
    monkeypatch.setenv("JUPYTER_PATH", str(jupyter_path))
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name=KERNEL, timeout=CELL_TIMEOUT, allow_errors=False,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    try:
        client.execute(env=env, cwd=str(NOTEBOOKS))
    finally:
        out = PROJECT / "target" / "notebooks"
        out.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, out / path.name)

    pictures = 0
    texts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"{path.name}: {output.get('ename')}: {output.get('evalue')}"
            if output.output_type == "stream":
                texts.append(output.text)
            data = output.get("data", {})
            if "image/png" in data:
                pictures += 1
            texts.append(data.get("text/plain", ""))
    images, phrases = EXPECTED[path.name]
    assert pictures >= images, f"{path.name} shows {pictures} pictures, expected at least {images}"
    shown = "\n".join(texts)
    for phrase in phrases:
        assert phrase in shown, f"{path.name} does not show {phrase!r}"
