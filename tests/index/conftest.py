"""Fixtures of the index client tests: a client on the test index, with its progress log."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pynix.index import Cache, IndexClient, ProgressEvent
from tests.support.index_server import IndexServer

ClientFactory = Callable[..., IndexClient]


@pytest.fixture
def events() -> list[ProgressEvent]:
    """Every progress event of the clients a test makes."""
    return []


@pytest.fixture
def make_client(
    tmp_path: Path, events: list[ProgressEvent]
) -> Iterator[Callable[..., IndexClient]]:
    """``make_client(*index_urls, **options)``: a client with a cache under ``tmp_path``.

    Defaults suit tests: no netrc, no environment, 2 retries with a 1 ms backoff,
    a 5 s timeout; options override them.
    """
    made: list[IndexClient] = []

    def make(*indexes: Any, **options: Any) -> IndexClient:
        settings: dict[str, Any] = {
            "cache": Cache(tmp_path / "cache"),
            "netrc": tmp_path / "no-netrc",
            "environ": {},
            "retries": 2,
            "backoff": 0.001,
            "timeout": 5.0,
            "progress": events.append,
        }
        settings.update(options)
        client = IndexClient(list(indexes), **settings)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def client(index_server: IndexServer, make_client: ClientFactory) -> IndexClient:
    """A client of the test index."""
    return make_client(index_server.index_url)


@pytest.fixture
def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port
