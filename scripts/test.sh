#!/bin/sh
# Install everything pynix's test suite needs on a fresh Debian machine, then run all of it:
# ruff, mypy (strict) and pytest, with the real nix-instantiate and the real uv.
# Extra arguments go to pytest (`scripts/test.sh -k markers -x`).
set -eu
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v nix-instantiate >/dev/null 2>&1; then
  echo "scripts/test.sh: installing Debian's nix-bin (the real nix-instantiate)" >&2
  if ! { as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq nix-bin >/dev/null; }; then
    echo "scripts/test.sh: could not install nix-bin; the Nix tests cannot run without it" >&2
    exit 1
  fi
fi
# The test index compiles a small shared object linked against zlib.
if ! command -v gcc >/dev/null 2>&1 || [ ! -e /usr/include/zlib.h ]; then
  echo "scripts/test.sh: installing gcc and zlib1g-dev (the tests build a native wheel)" >&2
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq gcc zlib1g-dev >/dev/null
fi
if ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq python3-venv >/dev/null
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/pytest "$@"
