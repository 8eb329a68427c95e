"""A private index: credentials from the URL, netrc and uv's variables; never written anywhere.

The secrets test runs every kind of request and failure with credentials in
the index URL, in a netrc file and in the environment, then searches every
returned value, every error message, every progress event and every byte
written to the cache for the password, ``user:password`` and its base64 form
(what goes into the ``Authorization`` header).
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pynix.errors import DownloadFailed, PynixError
from pynix.index import Cache, Index, IndexClient, ProgressEvent
from tests.support.index_server import FaultMode, IndexServer
from tests.support.universe import Universe

ClientFactory = Callable[..., IndexClient]
USER = "deploy-bot"
PASSWORD = "Xq7-s3cret-pa55w0rd"  # noqa: S105 -- the secret the test looks for
PAIR = f"{USER}:{PASSWORD}"
SECRETS = (PASSWORD, PAIR, base64.b64encode(PAIR.encode()).decode())


@pytest.fixture
def private(universe: Universe) -> Iterator[IndexServer]:
    with IndexServer(
        universe.root, auth=(USER, PASSWORD), upload_times=universe.upload_times
    ) as server:
        yield server


def _leaks(text: str | bytes) -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    return [secret for secret in SECRETS if secret.encode() in data]


# --- authentication --------------------------------------------------------------------------


def test_no_credentials(private: IndexServer, make_client: ClientFactory) -> None:
    client = make_client(private.index_url)
    with pytest.raises(DownloadFailed) as caught:
        client.project("alpha")
    assert str(caught.value) == (
        f"authentication failed for {private.index_url}/alpha/ (HTTP 401)\n"
        "  hint: no credentials for 127.0.0.1: put them in the index URL "
        "(https://user:password@127.0.0.1/...), in ~/.netrc (machine 127.0.0.1 login ... "
        "password ...) or in UV_INDEX_<NAME>_USERNAME/_PASSWORD for a named index"
    )
    assert len(private.requests) == 1  # not retried


def test_wrong_credentials(private: IndexServer, make_client: ClientFactory) -> None:
    wrong = private.index_url.replace("http://", f"http://{USER}:not-{PASSWORD[::-1]}@")
    client = make_client(wrong)
    with pytest.raises(DownloadFailed) as caught:
        client.project("alpha")
    assert str(caught.value) == (
        f"authentication failed for {private.index_url}/alpha/ (HTTP 401)\n"
        "  hint: the credentials given for 127.0.0.1 were refused; check the index URL's "
        "user:password, ~/.netrc or UV_INDEX_<NAME>_USERNAME/_PASSWORD"
    )


@pytest.mark.parametrize("source", ["url", "netrc", "environment"])
def test_credentials_reach_pages_and_files(
    private: IndexServer, make_client: ClientFactory, tmp_path: Path, source: str
) -> None:
    client = _client(private, make_client, tmp_path, source)
    file = next(f for f in client.project("alpha").files if f.filename.endswith(".whl"))
    assert client.core_metadata(file).startswith(b"Metadata-Version:")
    assert client.download(file.url, expected_hash=file.sha256).size == file.size
    assert [r.authorization for r in private.requests] == [True, True, True]
    assert [r.status for r in private.requests] == [200, 200, 200]


def _client(
    server: IndexServer, make_client: ClientFactory, tmp_path: Path, source: str, **options: Any
) -> IndexClient:
    netrc = tmp_path / "netrc"
    if source == "url":
        return make_client(f"{server.url_with_credentials()}/simple", **options)
    if source == "netrc":
        netrc.write_text(f"machine 127.0.0.1\n  login {USER}\n  password {PASSWORD}\n")
        return make_client(server.index_url, netrc=netrc, **options)
    environ = {"UV_INDEX_PRIVATE_USERNAME": USER, "UV_INDEX_PRIVATE_PASSWORD": PASSWORD}
    return make_client(Index(url=server.index_url, name="private"), environ=environ, **options)


# --- secrets ---------------------------------------------------------------------------------


def _exercise(client: IndexClient, server: IndexServer, universe: Universe) -> list[object]:
    """Every kind of call and failure; returns what came back and what was raised."""
    seen: list[object] = [client.indexes, repr(client.credentials)]
    alpha = client.project("alpha")
    seen += [alpha, client.projects(["beta", "delta"])]
    wheel = next(f for f in alpha.files if f.filename.endswith(".whl"))
    sdist = next(f for f in alpha.files if f.filename.endswith(".tar.gz"))
    seen.append(client.core_metadata(wheel))
    seen.append(client.download(wheel.url, expected_hash=wheel.sha256))
    seen.append(client.read_sdist(sdist.url, ["pyproject.toml"], expected_hash=sdist.sha256))
    big = universe.artifact("delta-1.0-py3-none-any.whl")
    big_url = f"{server.url}/files/{big.filename}"
    secret_url = f"{server.url_with_credentials()}/files/{big.filename}"
    seen.append(client.read_wheel(big_url, ["delta/__init__.py"]))
    with client.open_wheel(big_url) as archive:
        seen.append(archive.namelist())
    # A URL with the credentials in it, as a lock might (wrongly) carry it.
    with_userinfo = f"{server.url_with_credentials()}/files/alpha-2.0.tar.gz"
    seen.append(client.download(with_userinfo))
    failures: list[Callable[[], object]] = [
        lambda: client.download(f"{server.url_with_credentials()}/files/missing-1.0.tar.gz"),
        lambda: client.download(wheel.url, expected_hash="00" * 32),
        lambda: client.project("no-such-project"),
    ]
    seen.extend(_raised(failures))
    modes: list[FaultMode] = ["error500", "truncate", "corrupt", "no_range"]
    for mode in modes:
        server.inject(mode, pattern="/files/*")
        if mode != "no_range":  # a whole download works without ranges
            seen.extend(_raised([lambda: client.download(big_url, expected_hash=big.sha256)]))
            seen.extend(_raised([lambda: client.download(secret_url, expected_hash=big.sha256)]))
        seen.extend(_raised([lambda: client.read_wheel(big_url, ["x"], expected_hash="0" * 64)]))
        server.clear_faults()
    server.inject("slow", pattern="/files/*", delay=5)
    seen.extend(_raised([lambda: client.download(big_url, expected_hash=big.sha256)]))
    server.clear_faults()
    return seen


def _raised(calls: list[Callable[[], object]]) -> list[object]:
    messages: list[object] = []
    for call in calls:
        with pytest.raises(PynixError) as caught:
            call()
        messages += [str(caught.value), repr(caught.value), caught.value.hint]
    return messages


@pytest.mark.parametrize("source", ["url", "netrc", "environment"])
def test_credentials_are_never_written(
    private: IndexServer,
    universe: Universe,
    make_client: ClientFactory,
    tmp_path: Path,
    *,
    events: list[ProgressEvent],
    source: str,
) -> None:
    client = _client(private, make_client, tmp_path, source, timeout=0.5, retries=1)
    seen = _exercise(client, private, universe)
    # The search can find a secret: it is in what the test handed to the client.
    assert _leaks(f"{private.url_with_credentials()} {private.auth}") != []
    assert all(r.authorization for r in private.requests)
    assert len(events) > 20
    for value in seen:
        text = value if isinstance(value, bytes) else repr(value)
        assert _leaks(text) == [], value
    for event in events:
        assert _leaks(repr(event)) == [], event
        assert "@" not in event.url
    files = sorted(p for p in client.cache.root.rglob("*") if p.is_file())
    assert len(files) >= 4
    for path in files:
        assert _leaks(path.read_bytes()) == [], path
        assert _leaks(str(path)) == [], path


def test_a_slow_private_index_reports_no_secret(
    private: IndexServer, make_client: ClientFactory, tmp_path: Path
) -> None:
    client = make_client(f"{private.url_with_credentials()}/simple", timeout=0.2, retries=0)
    private.inject("slow", delay=5)
    with pytest.raises(DownloadFailed) as caught:
        client.project("alpha")
    assert str(caught.value) == f"cannot fetch {private.index_url}/alpha/: timed out"


def test_cache_is_shared_without_credentials(
    private: IndexServer, universe: Universe, tmp_path: Path
) -> None:
    """An artifact fetched with credentials is found again by hash alone, offline."""
    cache = Cache(tmp_path / "shared")
    artifact = universe.artifact("alpha-1.0.tar.gz")
    with IndexClient(
        [f"{private.url_with_credentials()}/simple"], cache=cache, netrc=tmp_path / "none"
    ) as client:
        client.download(f"{private.url}/files/{artifact.filename}", expected_hash=artifact.sha256)
    with IndexClient(["http://127.0.0.1:9/simple"], cache=cache, netrc=tmp_path / "none") as other:
        local = other.download("http://127.0.0.1:9/x.tar.gz", expected_hash=artifact.sha256)
    assert local.path.read_bytes() == artifact.path.read_bytes()
