#!/usr/bin/env bash
# Creates (or refreshes) the test virtualenv at .venv with tools/requirements-test.txt, installing
# python3-venv from Debian when the machine lacks it. Prints the venv's python. Idempotent: pip runs
# only when the requirements changed since the last install.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/.venv"
req="$root/tools/requirements-test.txt"
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  echo "Installing python3-venv ..." >&2
  SUDO=; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3 python3-venv python3-pip >/dev/null
fi
[ -x "$venv/bin/python" ] || python3 -m venv "$venv" >&2
stamp="$venv/.requirements.sha"
want=$(sha256sum "$req" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  echo "Installing Python test packages into $venv ..." >&2
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$req" >&2
  echo "$want" > "$stamp"
fi
echo "$venv/bin/python"
