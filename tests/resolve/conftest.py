"""Fixtures of the resolver tests: options that run the real uv sealed off from the machine.

The environment is :func:`tests.support.uv.uv_env` (own home and cache, no
uv configuration, every non-loopback request sent to a closed port) with
``UV_HTTP_RETRIES=0``, so a failing request fails at once.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pynix.model import Index
from pynix.resolve import LockOptions
from tests.support.index_server import IndexServer
from tests.support.uv import uv_env

OptionsFactory = Callable[..., LockOptions]


def sealed_env(scratch: Path) -> dict[str, str]:
    """The whole environment of a test's uv runs; ``scratch`` holds uv's home and cache."""
    (scratch / "home").mkdir(parents=True, exist_ok=True)
    return {**uv_env(scratch), "UV_HTTP_RETRIES": "0"}


@pytest.fixture
def make_options(tmp_path: Path, index_server: IndexServer) -> OptionsFactory:
    """``make_options(index_url=None, **fields)``: :class:`LockOptions` for the sealed uv.

    The index defaults to the test server's, as the default index (no PyPI).
    """

    def make(index_url: str | None = None, **fields: Any) -> LockOptions:
        url = index_server.index_url if index_url is None else index_url
        settings: dict[str, Any] = {
            "indexes": (Index(url=url, default=True),),
            "env": sealed_env(tmp_path / "uv"),
        }
        settings.update(fields)
        return LockOptions(**settings)

    return make


@pytest.fixture
def options(make_options: OptionsFactory) -> LockOptions:
    """Options for the test index."""
    return make_options()


@pytest.fixture
def closed_port() -> int:
    """A loopback port that nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port
