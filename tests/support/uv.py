"""The real ``uv``, run against the test index and nothing else.

uv comes from PyPI as a pynix dependency; :func:`uv_bin` finds its binary
with ``uv.find_uv_bin()``. Every run is sealed off from the machine and the
internet:

* the environment is built from scratch (``PATH``, ``HOME`` pointing into the
  scratch directory, ``LANG``), so no ``UV_*``/``PIP_*`` variable, user
  ``uv.toml`` or netrc of the machine leaks in; ``UV_NO_CONFIG=1`` on top;
* ``UV_PYTHON_DOWNLOADS=never`` and ``--python sys.executable``: the running
  interpreter, never a download;
* ``UV_CACHE_DIR`` in a fresh scratch directory, removed afterwards;
* ``--default-index <server>/simple`` replaces PyPI, and no other index is
  given;
* ``HTTP_PROXY``/``HTTPS_PROXY``/``ALL_PROXY`` point at a closed port on
  127.0.0.1 with ``NO_PROXY=127.0.0.1,localhost``: a request for any other
  host fails at once instead of reaching the internet.

A failing uv fails the calling test with uv's stderr in the message.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pytest
import uv

__all__ = ["DEAD_PROXY", "run_uv", "uv_bin", "uv_env", "uv_lock", "uv_pip_compile"]

#: Where every non-loopback request of uv is sent (port 9, "discard": nothing listens).
DEAD_PROXY = "http://127.0.0.1:9"


def uv_bin() -> str:
    """The path of the uv binary that the ``uv`` package installed."""
    return uv.find_uv_bin()


def uv_env(scratch: Path, *, timeout: float | None = None) -> dict[str, str]:
    """The whole environment of a uv run; ``scratch`` holds its home and cache.

    ``timeout`` sets ``UV_HTTP_TIMEOUT`` (seconds) for tests of slow indexes.
    """
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(scratch / "home"),
        "LANG": "C.UTF-8",
        "UV_CACHE_DIR": str(scratch / "cache"),
        "UV_NO_CONFIG": "1",
        "UV_PYTHON_DOWNLOADS": "never",
        "UV_NO_PROGRESS": "1",
        "NO_COLOR": "1",
        "HTTP_PROXY": DEAD_PROXY,
        "HTTPS_PROXY": DEAD_PROXY,
        "ALL_PROXY": DEAD_PROXY,
        "NO_PROXY": "127.0.0.1,localhost",
    }
    if timeout is not None:
        env["UV_HTTP_TIMEOUT"] = str(timeout)
    return env


def run_uv(
    args: list[str],
    *,
    cwd: Path,
    check: bool = True,
    timeout: float | None = None,
    extra_env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``uv <args>`` in ``cwd`` with :func:`uv_env` and a fresh cache.

    ``extra_env`` adds variables (``UV_HTTP_RETRIES``…). With ``check`` a
    non-zero exit fails the test, showing the command and uv's stderr;
    otherwise the caller inspects the result.
    """
    with tempfile.TemporaryDirectory(prefix="pynix-uv-") as scratch:
        (Path(scratch) / "home").mkdir()
        command = [uv_bin(), *args]
        result = subprocess.run(
            command,
            cwd=cwd,
            env={**uv_env(Path(scratch), timeout=timeout), **(extra_env or {})},
            capture_output=True,
            text=True,
            check=False,
        )
    if check and result.returncode != 0:
        pytest.fail(
            f"uv {' '.join(args)} exited with {result.returncode}:\n{result.stderr}",
            pytrace=False,
        )
    return result


def _index_args(index_url: str) -> list[str]:
    return ["--no-config", "--default-index", index_url, "--python", sys.executable]


def uv_lock(project_dir: Path, index_url: str, *extra_args: str) -> str:
    """``uv lock`` the project in ``project_dir`` against ``index_url``; the ``uv.lock`` text.

    ``extra_args`` go to ``uv lock`` as they are (``--upgrade-package``, ``alpha``).
    """
    run_uv(["lock", *_index_args(index_url), *extra_args], cwd=project_dir)
    return (project_dir / "uv.lock").read_text(encoding="utf-8")


def uv_pip_compile(requirements: str | Path, index_url: str, *extra_args: str) -> str:
    """``uv pip compile`` ``requirements`` (file, or its text) against ``index_url``.

    Returns what uv writes to standard output (``--universal``,
    ``--generate-hashes``, ``--format pylock.toml`` … go in ``extra_args``).
    A text is written to a scratch ``requirements.in`` first.
    """
    with tempfile.TemporaryDirectory(prefix="pynix-compile-") as scratch:
        if isinstance(requirements, Path):
            source, cwd = requirements, requirements.parent
        else:
            source, cwd = Path(scratch) / "requirements.in", Path(scratch)
            source.write_text(requirements, encoding="utf-8")
        result = run_uv(
            ["pip", "compile", str(source), "--quiet", *_index_args(index_url), *extra_args],
            cwd=cwd,
        )
    return result.stdout
