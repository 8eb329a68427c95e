"""The index client against the real test index: pages, indexes, downloads, faults, threads."""

from __future__ import annotations

import hashlib
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pynix.errors import DownloadFailed, HashMismatch, InvalidArgument, Unsupported
from pynix.index import (
    PYPI,
    Cache,
    Index,
    IndexClient,
    IndexStrategy,
    ProgressEvent,
    ProgressKind,
)
from pynix.index._hashes import to_sri
from pynix.index._http import Transport
from pynix.index.client import ACCEPT
from pynix.index.credentials import CredentialStore
from pynix.model.lock import Artifact, ArtifactKind
from tests.support.index_server import IndexServer
from tests.support.universe import Universe

ClientFactory = Callable[..., IndexClient]
WHEEL = "alpha-1.0-py3-none-any.whl"
SDIST = "alpha-1.0.tar.gz"


def cache_files(client: IndexClient) -> list[Path]:
    return sorted(p for p in client.cache.root.rglob("*") if p.is_file())


def file_url(server: IndexServer, filename: str) -> str:
    return f"{server.url}/files/{filename}"


# --- project pages ---------------------------------------------------------------------------


def test_json_page(client: IndexClient, index_server: IndexServer, universe: Universe) -> None:
    listing = client.project("Alpha")
    assert listing.name == "alpha"
    (page,) = listing.pages
    assert (page.url, page.api_version) == (f"{index_server.index_url}/alpha/", "1.1")
    assert page.versions == ("1.0", "2.0")
    expected = {a.filename: a for a in universe.artifacts if a.project == "alpha"}
    assert sorted(f.filename for f in listing.files) == sorted(expected)
    for file in listing.files:
        artifact = expected[file.filename]
        assert file.url == file_url(index_server, file.filename)
        assert file.sha256 == artifact.sha256
        assert (file.size, file.upload_time) == (artifact.size, artifact.upload_time)
        assert file.core_metadata == (artifact.metadata_sha256 is not None)
        assert file.core_metadata_hashes.get("sha256") == artifact.metadata_sha256
    (request,) = index_server.requests
    assert (request.path, request.accept) == ("/simple/alpha/", ACCEPT)


def test_html_when_the_server_ignores_json(client: IndexClient, index_server: IndexServer) -> None:
    from_json = client.project("gamma")
    index_server.inject("no_json")
    from_html = client.project("gamma")
    assert from_html.pages[0].api_version == "1.1"  # from the HTML <meta> tag
    assert from_html.pages[0].versions == ()
    keys = [(f.filename, f.url, f.hashes, f.requires_python, f.core_metadata_hashes)
            for f in from_json.files]  # fmt: skip
    assert keys == [
        (f.filename, f.url, f.hashes, f.requires_python, f.core_metadata_hashes)
        for f in from_html.files
    ]
    assert {f.requires_python for f in from_html.files} == {">=3.8,<4", ">=3.99"}


def test_redirects_are_followed_and_the_final_url_kept(index_server: IndexServer) -> None:
    transport = Transport(
        CredentialStore(netrc_path=Path("/nonexistent"), environ={}),
        timeout=5,
        retries=0,
        backoff=0,
        pool_size=1,
    )
    answer = transport.get(f"{index_server.index_url}/Friendly_Name", name="friendly-name")
    assert (answer.status, answer.url) == (200, f"{index_server.index_url}/friendly-name/")
    assert [r.status for r in index_server.requests] == [301, 200]


def _mirror(root: Path, universe: Universe, *filenames: str) -> Path:
    root.mkdir()
    for filename in filenames:
        shutil.copy(universe.artifact(filename).path, root / filename)
    return root


def test_first_index_that_has_the_project_wins(
    tmp_path: Path, universe: Universe, index_server: IndexServer, make_client: ClientFactory
) -> None:
    private_root = _mirror(tmp_path / "private", universe, WHEEL)
    with IndexServer(private_root) as private:
        client = make_client(private.index_url, index_server.index_url)
        alpha = client.project("alpha")
        assert [f.filename for f in alpha.files] == [WHEEL]
        assert alpha.files[0].url == file_url(private, WHEEL)
        beta = client.project("beta")  # not on the private index
        assert {f.url.rpartition("/")[0] for f in beta.files} == {f"{index_server.url}/files"}
        assert [r.status for r in private.requests] == [200, 404]
        assert [r.path for r in index_server.requests] == ["/simple/beta/"]


def test_unsafe_best_match_merges_every_index(
    tmp_path: Path, universe: Universe, index_server: IndexServer, make_client: ClientFactory
) -> None:
    private_root = _mirror(tmp_path / "private", universe, WHEEL)
    with IndexServer(private_root) as private:
        client = make_client(
            private.index_url, index_server.index_url, strategy=IndexStrategy.UNSAFE_BEST_MATCH
        )
        alpha = client.project("alpha")
        assert [page.url for page in alpha.pages] == [
            f"{private.index_url}/alpha/",
            f"{index_server.index_url}/alpha/",
        ]
        assert [f.filename for f in alpha.files].count(WHEEL) == 2


def test_no_index_has_the_project(
    tmp_path: Path, universe: Universe, index_server: IndexServer, make_client: ClientFactory
) -> None:
    with IndexServer(_mirror(tmp_path / "private", universe, WHEEL)) as private:
        client = make_client(private.index_url, index_server.index_url)
        with pytest.raises(DownloadFailed) as caught:
            client.project("no-such-project")
    assert str(caught.value) == (
        "no index has a project named 'no-such-project'\n"
        f"  hint: searched {private.index_url}, {index_server.index_url}"
    )


def test_projects_in_parallel_keep_their_order(client: IndexClient) -> None:
    names = ["cli-tool", "alpha", "Friendly.Name", "beta", "gamma", "delta", "cyc-a", "cyc-b"]
    assert [listing.name for listing in client.projects(names)] == [
        "cli-tool", "alpha", "friendly-name", "beta", "gamma", "delta", "cyc-a", "cyc-b"
    ]  # fmt: skip


# --- downloads -------------------------------------------------------------------------------


def test_download_verifies_caches_and_serves_from_the_cache(
    client: IndexClient,
    index_server: IndexServer,
    universe: Universe,
    events: list[ProgressEvent],
) -> None:
    artifact = universe.artifact(SDIST)
    url = file_url(index_server, SDIST)
    local = client.download(url, expected_hash=artifact.sha256)
    assert local.path.read_bytes() == artifact.path.read_bytes()
    assert (local.sha256, local.size) == (artifact.sha256, artifact.size)
    assert local.path == client.cache.artifact_path(artifact.sha256)
    assert [e.kind for e in events] == [ProgressKind.START, ProgressKind.ADVANCE, ProgressKind.DONE]
    assert events[-1] == ProgressEvent(
        kind=ProgressKind.DONE, url=url, name=SDIST, done=artifact.size, total=artifact.size
    )
    # Again, by its SRI hash: from the cache, no request.
    index_server.clear_log()
    assert client.download(url, expected_hash=to_sri(artifact.sha256)) == local
    assert index_server.requests == []
    assert events[-1] == ProgressEvent(
        kind=ProgressKind.CACHED, url=url, name=SDIST, done=artifact.size
    )


def test_download_without_a_hash_stores_what_came(
    client: IndexClient, index_server: IndexServer, universe: Universe
) -> None:
    local = client.download(file_url(index_server, SDIST))
    assert local.sha256 == universe.artifact(SDIST).sha256
    assert client.cache.get(local.sha256) == local


def test_a_wrong_download_never_enters_the_cache(
    client: IndexClient, index_server: IndexServer, universe: Universe
) -> None:
    artifact = universe.artifact(SDIST)
    corrupted = bytes(b ^ 0xFF for b in artifact.path.read_bytes())
    url = file_url(index_server, SDIST)
    index_server.inject("corrupt", pattern="/files/*")
    with pytest.raises(HashMismatch) as caught:
        client.download(url, expected_hash=artifact.sha256)
    assert str(caught.value) == (
        f"{SDIST}: hash mismatch: expected {to_sri(artifact.sha256)}, "
        f"got {to_sri(hashlib.sha256(corrupted).hexdigest())}\n"
        f"  hint: downloaded from {url}"
    )
    assert cache_files(client) == []
    assert len(index_server.requests) == 1  # a wrong hash is not retried
    index_server.clear_faults()
    assert client.download(url, expected_hash=artifact.sha256).sha256 == artifact.sha256


def test_a_truncated_download_is_retried(
    client: IndexClient, index_server: IndexServer, universe: Universe
) -> None:
    artifact = universe.artifact("delta-1.0-py3-none-any.whl")
    url = file_url(index_server, artifact.filename)
    index_server.inject("truncate", pattern="/files/*", times=1)
    assert client.download(url, expected_hash=artifact.sha256).size == artifact.size
    assert [r.bytes_sent for r in index_server.requests] == [artifact.size // 2, artifact.size]


def test_a_download_truncated_every_time_fails_and_leaves_nothing(
    client: IndexClient,
    index_server: IndexServer,
    universe: Universe,
    events: list[ProgressEvent],
) -> None:
    artifact = universe.artifact("delta-1.0-py3-none-any.whl")
    url = file_url(index_server, artifact.filename)
    index_server.inject("truncate", pattern="/files/*")
    with pytest.raises(DownloadFailed) as caught:
        client.download(url, expected_hash=artifact.sha256)
    half = artifact.size // 2
    reason = f"connection closed after {half} of {artifact.size} bytes"
    assert str(caught.value) == f"cannot fetch {url}: {reason} after 3 attempts"
    assert cache_files(client) == []
    retries = [e for e in events if e.kind is ProgressKind.RETRY]
    assert (
        retries
        == [ProgressEvent(kind=ProgressKind.RETRY, url=url, name=artifact.filename, reason=reason)]
        * 2
    )
    index_server.clear_faults()
    assert client.download(url, expected_hash=artifact.sha256).size == artifact.size


def test_a_damaged_cache_entry_is_fetched_again(
    client: IndexClient, index_server: IndexServer, universe: Universe
) -> None:
    artifact = universe.artifact(WHEEL)
    url = file_url(index_server, WHEEL)
    local = client.download(url, expected_hash=artifact.sha256)
    local.path.write_bytes(b"bit rot" + local.path.read_bytes()[7:])
    index_server.clear_log()
    again = client.download(url, expected_hash=artifact.sha256)
    assert again == local
    assert again.path.read_bytes() == artifact.path.read_bytes()
    assert [r.path for r in index_server.requests] == [f"/files/{WHEEL}"]


def test_download_many_locked_artifacts_in_order(
    client: IndexClient, index_server: IndexServer, universe: Universe
) -> None:
    chosen = universe.artifacts[:12]
    locked = [
        Artifact(
            kind=ArtifactKind(a.kind),
            filename=a.filename,
            url=file_url(index_server, a.filename),
            hash=to_sri(a.sha256),
        )
        for a in chosen
    ]
    assert [local.sha256 for local in client.download_many(locked)] == [a.sha256 for a in chosen]


def test_download_many_needs_urls(client: IndexClient) -> None:
    local = Artifact(kind=ArtifactKind.SDIST, filename="demo-1.0.tar.gz", path="../demo")
    with pytest.raises(InvalidArgument) as caught:
        client.download_many([local])
    assert str(caught.value) == "demo-1.0.tar.gz: no URL to download it from"


# --- failures --------------------------------------------------------------------------------


def test_500s_are_retried_then_recovered(client: IndexClient, index_server: IndexServer) -> None:
    index_server.inject("error500", pattern="/simple/*", times=2)
    assert client.project("alpha").name == "alpha"
    assert [r.status for r in index_server.requests] == [500, 500, 200]


def test_500s_every_time(client: IndexClient, index_server: IndexServer) -> None:
    index_server.inject("error500")
    with pytest.raises(DownloadFailed) as caught:
        client.project("alpha")
    assert str(caught.value) == (
        f"cannot fetch {index_server.index_url}/alpha/: HTTP 500 after 3 attempts"
    )
    assert len(index_server.requests) == 3


def test_backoff_doubles(index_server: IndexServer) -> None:
    waits: list[float] = []
    transport = Transport(
        CredentialStore(netrc_path=Path("/nonexistent"), environ={}),
        timeout=5,
        retries=4,
        backoff=0.25,
        pool_size=1,
        sleep=waits.append,
    )
    index_server.inject("error500")
    with pytest.raises(DownloadFailed, match=r"HTTP 500 after 5 attempts$"):
        transport.get(f"{index_server.index_url}/alpha/", name="alpha")
    assert waits == [0.25, 0.5, 1.0, 2.0]


def test_timeouts(index_server: IndexServer, make_client: ClientFactory) -> None:
    client = make_client(index_server.index_url, timeout=0.2, retries=1)
    index_server.inject("slow", delay=5)
    with pytest.raises(DownloadFailed) as caught:
        client.project("alpha")
    assert str(caught.value) == (
        f"cannot fetch {index_server.index_url}/alpha/: timed out after 2 attempts"
    )


def test_unreachable_index(closed_port: int, make_client: ClientFactory) -> None:
    client = make_client(f"http://127.0.0.1:{closed_port}/simple")
    with pytest.raises(DownloadFailed) as caught:
        client.project("alpha")
    assert str(caught.value) == (
        f"cannot fetch http://127.0.0.1:{closed_port}/simple/alpha/: "
        "connection refused after 3 attempts"
    )


def test_a_missing_file_is_not_retried(client: IndexClient, index_server: IndexServer) -> None:
    url = file_url(index_server, "alpha-9.9.tar.gz")
    with pytest.raises(DownloadFailed) as caught:
        client.download(url)
    assert str(caught.value) == f"cannot fetch {url}: HTTP 404"
    assert len(index_server.requests) == 1
    assert cache_files(client) == []


def test_only_http_urls(client: IndexClient) -> None:
    with pytest.raises(Unsupported) as caught:
        client.download("file:///srv/wheels/x-1.0.tar.gz")
    assert str(caught.value) == (
        "cannot fetch file:///srv/wheels/x-1.0.tar.gz: only http and https URLs are supported"
    )


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({"retries": -1}, id="negative-retries"),
        pytest.param({"max_workers": 0}, id="no-workers"),
        pytest.param({"range_tail": 10}, id="tiny-tail"),
        pytest.param({"timeout": 0}, id="no-timeout"),
    ],
)
def test_bad_options(options: dict[str, int], tmp_path: Path) -> None:
    with pytest.raises(InvalidArgument) as caught:
        IndexClient(cache=Cache(tmp_path), **options)  # type: ignore[arg-type]
    assert str(caught.value) == (
        "the index client needs retries >= 0, max_workers >= 1, range_tail >= 22, "
        "timeout > 0 and backoff >= 0"
    )


def test_index_repr_hides_credentials() -> None:
    index = Index(url="https://deploy:hunter2@repo.example.com/simple", name="internal")
    assert repr(index) == "Index(url='https://repo.example.com/simple', name='internal')"


# --- the thread pool -------------------------------------------------------------------------


def test_map_keeps_order_and_bounds_threads(client: IndexClient) -> None:
    running = 0
    most = 0
    lock = threading.Lock()

    def work(item: int) -> int:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.005 * (item % 3))
        with lock:
            running -= 1
        return item * item

    bounded = IndexClient(cache=client.cache, max_workers=3)
    assert bounded.map(work, range(30)) == [i * i for i in range(30)]
    assert 1 <= most <= 3


def test_map_raises_the_first_failure_in_input_order(client: IndexClient) -> None:
    finished: list[int] = []

    def work(item: int) -> int:
        time.sleep(0.01 if item == 3 else 0)  # item 3 fails last in time, first in order
        if item in (3, 7):
            raise DownloadFailed(f"item {item}")
        finished.append(item)
        return item

    with pytest.raises(DownloadFailed, match=r"^item 3$"):
        client.map(work, range(10))
    assert sorted(finished) == [0, 1, 2, 4, 5, 6, 8, 9]  # every other call ran to its end


def test_pypi_is_the_default_index(tmp_path: Path) -> None:
    with IndexClient(cache=Cache(tmp_path), environ={}) as client:
        assert client.indexes == (PYPI,) == ("https://pypi.org/simple",)


def test_index_urls_are_kept_without_credentials(tmp_path: Path) -> None:
    client = IndexClient(
        ["https://u:p@a.example.com/simple/", Index(url="https://b.example.com/simple")],
        cache=Cache(tmp_path),
    )
    assert client.indexes == ("https://a.example.com/simple/", "https://b.example.com/simple")
