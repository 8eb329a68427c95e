"""Running ``pynix lock`` / ``generate`` / ``explain`` in-process against the test index only.

The commands use ``os.environ`` (uv's environment, the cache, netrc), so
:func:`seal` sets it up with pytest's ``monkeypatch``: every ``UV_*`` and
``PIP_*`` variable of the machine removed, then :func:`tests.support.uv.uv_env`
(own home and uv cache, no uv configuration, proxies that fail every
non-loopback request) with ``UV_HTTP_RETRIES=0``, pynix's cache in
``scratch/pynix-cache`` and no netrc. :func:`demo_project` writes the project
the command tests lock; :func:`snapshot` records every file of a tree.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.fixtures import write_project
from tests.support.uv import uv_env

__all__ = ["DEMO", "demo_project", "seal", "snapshot"]

#: The dependencies of the demo project: an extra, markers, a cycle, a native wheel, a legacy sdist.
DEMO = ("beta[fast]", "plat-dep", "cyc-a", "native-crc", "legacy-lib")


def seal(monkeypatch: pytest.MonkeyPatch, scratch: Path) -> Path:
    """Seal ``os.environ`` for command runs; returns pynix's cache directory."""
    for name in list(os.environ):
        if name.startswith(("UV_", "PIP_")):
            monkeypatch.delenv(name)
    (scratch / "home").mkdir(parents=True, exist_ok=True)
    for name, value in uv_env(scratch).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("UV_HTTP_RETRIES", "0")
    monkeypatch.setenv("XDG_CACHE_HOME", str(scratch / "xdg"))
    monkeypatch.setenv("NETRC", str(scratch / "no-netrc"))
    return scratch / "xdg" / "pynix"


def demo_project(directory: Path, dependencies: tuple[str, ...] = DEMO) -> Path:
    """A virtual ``pyproject.toml`` project (requires-python >=3.11) in ``directory``."""
    return write_project(directory, list(dependencies))


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``root``: relative path -> (bytes, modification time in ns)."""
    return {
        str(path.relative_to(root)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
