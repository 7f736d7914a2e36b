#!/usr/bin/env bash
# Makes (once) the virtual environment of the python test tier and prints its python's path.
# With an argument, the environment of that requirements file instead (test/python/tools.txt: the
# tools the tests drive as a user would, kept apart so the libraries' pins stay as they are).
# The folder is named after the hash of test/python/requirements.txt, so editing the pins makes a
# fresh environment instead of patching an old one; pip's own cache is reused across them.
# Progress goes to standard error so that standard output is only the path.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
REQ="${1:-$ROOT/test/python/requirements.txt}"
PYTHON="${PYTHON:-python3}"
HASH="$(sha256sum "$REQ" | cut -c1-12)"
BASE="${XDG_CACHE_HOME:-$HOME/.cache}/ml-hygiene"
VENV="$BASE/venv-$HASH"
# NOTE: a marker written last tells a finished environment from one a killed run left behind.
if [ -f "$VENV/.complete" ] && "$VENV/bin/python" -c 'import sys' 2>/dev/null; then
  echo "$VENV/bin/python"
  exit 0
fi
command -v "$PYTHON" >/dev/null || { echo "venv.sh: $PYTHON not found; install Python 3.11 or newer" >&2; exit 1; }
mkdir -p "$BASE"
# An unfinished folder (no marker) is removed and made again rather than trusted.
rm -rf "$VENV"
if ! "$PYTHON" -m venv "$VENV" >&2; then
  echo "venv.sh: '$PYTHON -m venv' failed; on Debian/Ubuntu install python3-venv (scripts/vscode/system-deps.sh does)" >&2
  exit 1
fi
"$VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$REQ" >&2 || {
  echo "venv.sh: pip could not install $REQ (network or PyPI unavailable?)" >&2
  exit 1
}
touch "$VENV/.complete"
echo "$VENV/bin/python"
