"""The tutorials (tutorials/*.md) run as written: every ```python and ```bash block, in order, as a user
following the page runs them (tools/run_markdown.py), with the installed wheel (conftest.user_python).
The blocks' own assertions say what each must give. The runner itself is tested first."""
import os
import subprocess
import sys
import textwrap

import pytest

from conftest import REPO, TOOLS

TUTORIALS = REPO / "tutorials"
RUNNER = TOOLS / "run_markdown.py"

import run_markdown  # noqa: E402  (tools/ is on sys.path, conftest)


def tutorial_paths():
    return sorted(TUTORIALS.glob("[0-9][0-9]-*.md"))


def test_the_tutorials_are_the_expected_ones():
    assert [p.name for p in tutorial_paths()] == [
        "01-sql-functions.md", "02-feature-stores.md", "03-streaming-pipelines.md", "04-cluster-spark-submit.md"]


def test_blocks_are_found_with_their_language_and_line():
    page = textwrap.dedent("""\
        # Title
        ```python
        x = 1
        ```
        text
        ````bash
        echo '```'
        ````
        ```console
        $ not run
        ```
          ```Python title="indented"
          y = 2
          ```
        ```
        plain
        ```
        """)
    found = run_markdown.blocks(page)
    assert [(b.language, b.line, b.code) for b in found] == [
        ("python", 2, "x = 1\n"), ("bash", 6, "echo '```'\n"), ("console", 9, "$ not run\n"),
        ("python", 12, "y = 2\n"), ("", 15, "plain\n")]


def test_an_unclosed_block_is_an_error():
    with pytest.raises(ValueError, match="line 2: a code block is never closed"):
        run_markdown.blocks("text\n```python\nx = 1\n")


def run_page(tmp_path, text):
    page = tmp_path / "page.md"
    page.write_text(text)
    work = tmp_path / "work"
    work.mkdir()
    return subprocess.run([sys.executable, RUNNER, page, work], capture_output=True, text=True, timeout=60)


def test_blocks_share_state_and_a_directory(tmp_path):
    result = run_page(tmp_path, textwrap.dedent("""\
        ```bash
        echo 41 > n.txt
        ```
        ```python
        n = int(open("n.txt").read()) + 1
        ```
        ```python
        assert n == 42
        open("out.txt", "w").write(str(n))
        ```
        ```bash
        test "$(cat out.txt)" = 42
        ```
        """))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("--- ok") == 4
    assert (tmp_path / "work" / "out.txt").read_text() == "42"


@pytest.mark.parametrize("failing, message", [
    ("```python\nassert 1 == 2, 'wrong'\n```\n", "FAILED: the python block at page.md:3"),
    ("```bash\nfalse | cat\n```\n", "FAILED: the bash block at page.md:3 exited with 1"),
])
def test_the_first_failing_block_fails_the_run(tmp_path, failing, message):
    result = run_page(tmp_path, "# t\n\n" + failing + "```bash\ntouch never\n```\n")
    assert result.returncode == 1
    assert message in result.stderr
    assert not (tmp_path / "work" / "never").exists()


def test_a_page_without_runnable_blocks_fails(tmp_path):
    result = run_page(tmp_path, "```console\n$ echo hi\n```\n")
    assert result.returncode == 1 and "no python or bash blocks to run" in result.stderr


@pytest.fixture(scope="module")
def tutorial_env(user_python, user_env):
    """A user's shell: the virtualenv with geostream first on PATH, then the test virtualenv's scripts
    (spark-submit, spark-sql, which pip installs with pyspark)."""
    env = dict(user_env)
    env["PATH"] = os.pathsep.join([str(user_python.parent), os.path.dirname(sys.executable), env.get("PATH", "")])
    env.pop("PYSPARK_SUBMIT_ARGS")  # spark-submit and spark-sql take their own arguments
    # The cluster tutorial's ports, free ones instead of Spark's defaults 7077 and 8080.
    env["MASTER_PORT"], env["MASTER_UI_PORT"] = str(free_port()), str(free_port())
    return env


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def kill_left_behind(workdir):
    """Stops what a failed tutorial left running (the cluster tutorial writes its daemons' pids)."""
    import signal

    for pidfile in workdir.glob("*.pid"):
        try:
            pid = int(pidfile.read_text().strip())
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if b"org.apache.spark.deploy." in f.read():  # still the daemon it started, not a reused pid
                    os.kill(pid, signal.SIGTERM)
        except (ValueError, OSError):
            pass


@pytest.mark.parametrize("path", tutorial_paths(), ids=lambda p: p.stem)
def test_tutorial_runs(path, tmp_path, user_python, tutorial_env):
    try:
        result = subprocess.run([user_python, RUNNER, path, tmp_path], capture_output=True, text=True,
                                env=tutorial_env, timeout=900)
    finally:
        kill_left_behind(tmp_path)
    assert result.returncode == 0, f"{path.name}:\n{result.stdout[-6000:]}\n{result.stderr[-6000:]}"
    ran = result.stdout.count("--- ok")
    assert ran == len([b for b in run_markdown.blocks(path.read_text()) if b.language in run_markdown.RUN])


def test_the_readme_python_quick_start_runs(tmp_path, user_python, tutorial_env):
    """The README's Python quick start, as a new user pastes it (its shell block installs what the fixtures
    already installed: only the python blocks of that section run)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Python\n"):]
    section = section[:section.index("\n### ", 1)]
    code = [b.code for b in run_markdown.blocks(section) if b.language == "python"]
    assert code, "the README's Python section has no python block"
    page = tmp_path / "quick-start.md"
    page.write_text("".join("```python\n" + c + "```\n" for c in code))
    result = subprocess.run([user_python, RUNNER, page, tmp_path], capture_output=True, text=True,
                            env=tutorial_env, timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "2.35 48.96,2.45 48.86))" in result.stdout
