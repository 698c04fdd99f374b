"""Runs the code blocks of a Markdown page in order, so that a tutorial that no longer works fails.

    python run_markdown.py PAGE.md [WORKDIR]

Fenced blocks whose info string is ``python`` run in one Python namespace (state carries from block to
block, as in a Python session following the page); blocks marked ``bash`` run in ``bash -euo pipefail``
with ``WORKDIR`` (default: the current directory) as their working directory, as do the Python blocks.
Any other block (``console``, ``yaml``, ``text``, ``sql``, ...) is shown only. The first failing block
stops the run with exit code 1, naming the page and the line where the block starts; assertions in the
blocks are what make a block fail when its result is wrong.

Each bash block gets the environment of the Python process at that point (``os.environ`` as the
Python blocks so far left it) and ``PAGE_DIR``, the directory of the page.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import List

RUN = ("python", "bash")
_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>[^`\n]*)$")


@dataclass
class Block:
    language: str
    line: int  # 1-based line of the opening fence
    code: str


def blocks(text: str) -> List[Block]:
    """The fenced code blocks of a CommonMark page, in order, with their language (the info string's first word)."""
    found = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, indent = m.group("fence"), len(m.group("indent"))
        info = m.group("info").strip()
        start = i
        body = []
        i += 1
        while i < len(lines):
            closing = lines[i].strip()
            if closing.startswith(fence[0] * len(fence)) and set(closing) == {fence[0]}:
                break
            line = lines[i]
            body.append(line[min(indent, len(line) - len(line.lstrip(" "))):])
            i += 1
        if i == len(lines):
            raise ValueError(f"line {start + 1}: a code block is never closed")
        found.append(Block(info.split()[0].lower() if info else "", start + 1, "\n".join(body) + "\n"))
        i += 1
    return found


def run(page: Path, workdir: Path) -> int:
    page = page.resolve()
    todo = [b for b in blocks(page.read_text(encoding="utf-8")) if b.language in RUN]
    if not todo:
        print(f"{page.name}: no python or bash blocks to run", file=sys.stderr)
        return 1
    os.chdir(workdir)
    namespace = {"__name__": "__main__"}
    for n, block in enumerate(todo, 1):
        where = f"{page.name}:{block.line}"
        print(f"--- [{n}/{len(todo)}] {where} ({block.language})", flush=True)
        started = time.monotonic()
        if block.language == "python":
            try:
                exec(compile(block.code, where, "exec"), namespace)
            except BaseException:  # noqa: BLE001 - every failure of the page's code is reported the same way
                traceback.print_exc()
                print(f"FAILED: the python block at {where}", file=sys.stderr, flush=True)
                return 1
        else:
            sys.stdout.flush()
            env = dict(os.environ, PAGE_DIR=str(page.parent))  # what the Python blocks set so far, too
            result = subprocess.run(["bash", "-euo", "pipefail", "-c", block.code], env=env)
            if result.returncode != 0:
                print(f"FAILED: the bash block at {where} exited with {result.returncode}", file=sys.stderr, flush=True)
                return 1
        print(f"--- ok in {time.monotonic() - started:.1f} s", flush=True)
    return 0


def main(argv: List[str]) -> int:
    if len(argv) not in (1, 2):
        print(__doc__, file=sys.stderr)
        return 2
    workdir = Path(argv[1]) if len(argv) == 2 else Path.cwd()
    return run(Path(argv[0]), workdir)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
