"""The test index over real HTTP: pages, downloads, ranges, faults, auth and the log."""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.message import Message
from html.parser import HTMLParser

import pytest

from tests.support.index_server import FAULTS, HTML_TYPE, JSON_TYPE, IndexServer, Request
from tests.support.universe import Universe

WHEEL = "alpha-1.0-py3-none-any.whl"
BIG_WHEEL = "delta-1.0-py3-none-any.whl"  # 263 KiB, no PEP 658 file


@dataclass(frozen=True, kw_only=True, slots=True)
class Answer:
    status: int
    headers: Message
    body: bytes


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def fetch(
    url: str,
    *,
    headers: dict[str, str] | None = None,
    method: str = "GET",
    follow: bool = True,
    timeout: float = 10,
) -> Answer:
    """One request through urllib; HTTP errors are answers too."""
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    handlers = [] if follow else [_NoRedirect()]
    opener = urllib.request.build_opener(*handlers)
    try:
        with opener.open(request, timeout=timeout) as response:
            return Answer(status=response.status, headers=response.headers, body=response.read())
    except urllib.error.HTTPError as error:
        with error:
            return Answer(status=error.code, headers=error.headers, body=error.read())


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.anchors: list[tuple[dict[str, str | None], str]] = []
        self._open: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._open = dict(attrs)

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self.anchors.append((self._open, data))
            self._open = None


def anchors(page: bytes) -> list[tuple[dict[str, str | None], str]]:
    parser = _Anchors()
    parser.feed(page.decode())
    return parser.anchors


# --- pages -----------------------------------------------------------------------------------

# (Accept header, content type answered)
NEGOTIATION = [
    pytest.param(None, HTML_TYPE, id="no-accept"),
    pytest.param(JSON_TYPE, JSON_TYPE, id="json"),
    pytest.param("text/html", "text/html", id="plain-html"),
    pytest.param("*/*", JSON_TYPE, id="anything"),
    pytest.param(f"{JSON_TYPE};q=0.5, {HTML_TYPE}", HTML_TYPE, id="html-preferred"),
    pytest.param(
        f"{JSON_TYPE}, {HTML_TYPE};q=0.2, text/html;q=0.01", JSON_TYPE, id="what-uv-sends"
    ),
    pytest.param(f"{JSON_TYPE};q=0, text/html", "text/html", id="json-refused"),
    pytest.param("application/*", JSON_TYPE, id="application-wildcard"),
]


@pytest.mark.parametrize(("accept", "expected"), NEGOTIATION)
def test_content_negotiation(index_server: IndexServer, accept: str | None, expected: str) -> None:
    answer = fetch(index_server.index_url + "/alpha/", headers={"Accept": accept} if accept else {})
    assert (answer.status, answer.headers["Content-Type"]) == (200, expected)
    assert answer.headers["Vary"] == "Accept"


def test_nothing_acceptable_is_406(index_server: IndexServer) -> None:
    answer = fetch(index_server.index_url + "/", headers={"Accept": "application/xml"})
    assert answer.status == 406


def test_format_query_overrides_accept(index_server: IndexServer) -> None:
    answer = fetch(
        f"{index_server.index_url}/alpha/?format={JSON_TYPE}", headers={"Accept": "text/html"}
    )
    assert answer.headers["Content-Type"] == JSON_TYPE


def test_root_pages_list_every_project(index_server: IndexServer, universe: Universe) -> None:
    html_page = fetch(index_server.index_url + "/")
    assert [(attrs["href"], text) for attrs, text in anchors(html_page.body)] == [
        (f"/simple/{project}/", project) for project in universe.projects
    ]
    document = json.loads(fetch(index_server.index_url + "/", headers={"Accept": JSON_TYPE}).body)
    assert document == {
        "meta": {"api-version": "1.1"},
        "projects": [{"name": project} for project in universe.projects],
    }


def test_project_html_anchors_carry_hashes_and_metadata(
    index_server: IndexServer, universe: Universe
) -> None:
    for project in universe.projects:
        page = fetch(f"{index_server.index_url}/{project}/")
        assert b'<meta name="pypi:repository-version" content="1.1">' in page.body
        expected = [a for a in universe.artifacts if a.project == project]
        found = anchors(page.body)
        assert [text for _attrs, text in found] == sorted(a.filename for a in expected)
        for attrs, text in found:
            artifact = universe.artifact(text)
            assert attrs["href"] == f"/files/{text}#sha256={artifact.sha256}"
            body = fetch(index_server.url + f"/files/{text}").body
            assert hashlib.sha256(body).hexdigest() == artifact.sha256
            core = (
                None if artifact.metadata_sha256 is None else f"sha256={artifact.metadata_sha256}"
            )
            assert (attrs.get("data-core-metadata"), attrs.get("data-dist-info-metadata")) == (
                core,
                core,
            )
            assert attrs.get("data-requires-python") == _requires_python(universe, text)


def _requires_python(universe: Universe, filename: str) -> str | None:
    artifact = universe.artifact(filename)
    return universe.release(artifact.project, artifact.version).dist.requires_python


def test_requires_python_is_html_escaped(index_server: IndexServer) -> None:
    page = fetch(index_server.index_url + "/gamma/").body.decode()
    assert 'data-requires-python="&gt;=3.8,&lt;4"' in page
    assert 'data-requires-python="&gt;=3.99"' in page


def test_project_json_follows_pep_691_and_700(
    index_server: IndexServer, universe: Universe
) -> None:
    answer = fetch(index_server.index_url + "/gamma/", headers={"Accept": JSON_TYPE})
    document = json.loads(answer.body)
    assert document["meta"] == {"api-version": "1.1"}
    assert (document["name"], document["versions"]) == ("gamma", ["1.0", "2.0"])
    files = {f["filename"]: f for f in document["files"]}
    assert sorted(files) == [
        "gamma-1.0-py3-none-any.whl",
        "gamma-1.0.tar.gz",
        "gamma-2.0-py3-none-any.whl",
    ]
    for filename, entry in files.items():
        artifact = universe.artifact(filename)
        metadata = (
            False if artifact.metadata_sha256 is None else {"sha256": artifact.metadata_sha256}
        )
        assert entry == {
            "filename": filename,
            "url": f"/files/{filename}",
            "hashes": {"sha256": artifact.sha256},
            "requires-python": _requires_python(universe, filename),
            "core-metadata": metadata,
            "dist-info-metadata": metadata,
            "size": artifact.size,
            "upload-time": artifact.upload_time,
            "yanked": False,
        }


def test_json_marks_missing_metadata_files(index_server: IndexServer) -> None:
    document = json.loads(
        fetch(index_server.index_url + "/delta/", headers={"Accept": JSON_TYPE}).body
    )
    assert {f["filename"]: f["core-metadata"] for f in document["files"]} == {
        BIG_WHEEL: False,
        "delta-1.0.zip": False,
    }


# (requested path, redirect target); None: 404
NAMES = [
    pytest.param("/simple/Friendly_Name/", "/simple/friendly-name/", id="underscore"),
    pytest.param("/simple/FRIENDLY.NAME/", "/simple/friendly-name/", id="dot-and-case"),
    pytest.param("/simple/friendly-name", "/simple/friendly-name/", id="no-slash"),
    pytest.param("/simple", "/simple/", id="root-no-slash"),
    pytest.param("/simple/no-such-thing/", None, id="unknown"),
    pytest.param("/simple/a/b/", None, id="nested"),
    pytest.param("/elsewhere", None, id="outside"),
]


@pytest.mark.parametrize(("path", "location"), NAMES)
def test_names_are_normalized_by_redirect(
    index_server: IndexServer, path: str, location: str | None
) -> None:
    answer = fetch(index_server.url + path, follow=False)
    if location is None:
        assert answer.status == 404
    else:
        assert (answer.status, answer.headers["Location"]) == (301, location)
        assert fetch(index_server.url + path).status == 200


# --- downloads and ranges --------------------------------------------------------------------

# (Range header, status, slice of the file expected); the file is BIG_WHEEL
RANGES = [
    pytest.param("bytes=0-9", 206, slice(0, 10), id="first-ten"),
    pytest.param("bytes=100-", 206, slice(100, None), id="open-ended"),
    pytest.param("bytes=-22", 206, slice(-22, None), id="suffix-eocd"),
    pytest.param("bytes=-999999999", 206, slice(0, None), id="suffix-longer-than-file"),
    pytest.param("bytes=10-999999999", 206, slice(10, None), id="end-clipped"),
    pytest.param("bytes=5-5", 206, slice(5, 6), id="one-byte"),
    pytest.param("bytes=0-1,5-6", 200, slice(0, None), id="multiple-ranges-ignored"),
    pytest.param("bytes=9-3", 200, slice(0, None), id="backwards-ignored"),
    pytest.param("items=0-3", 200, slice(0, None), id="other-unit-ignored"),
]


@pytest.mark.parametrize(("header", "status", "part"), RANGES)
def test_range_requests(
    index_server: IndexServer, universe: Universe, header: str, status: int, part: slice
) -> None:
    content = universe.artifact(BIG_WHEEL).path.read_bytes()
    answer = fetch(f"{index_server.url}/files/{BIG_WHEEL}", headers={"Range": header})
    assert answer.status == status
    assert answer.body == content[part]
    assert answer.headers["Accept-Ranges"] == "bytes"
    assert int(answer.headers["Content-Length"]) == len(answer.body)
    if status == 206:
        first = part.indices(len(content))[0]
        expected = f"bytes {first}-{first + len(answer.body) - 1}/{len(content)}"
        assert answer.headers["Content-Range"] == expected
    else:
        assert answer.headers["Content-Range"] is None


@pytest.mark.parametrize("header", ["bytes=-0", "bytes=999999999-", "bytes=263451-"])
def test_unsatisfiable_ranges_are_416(
    index_server: IndexServer, universe: Universe, header: str
) -> None:
    size = universe.artifact(BIG_WHEEL).size
    answer = fetch(f"{index_server.url}/files/{BIG_WHEEL}", headers={"Range": header})
    assert (answer.status, answer.body) == (416, b"")
    assert answer.headers["Content-Range"] == f"bytes */{size}"


def test_head_sends_headers_only(index_server: IndexServer, universe: Universe) -> None:
    answer = fetch(f"{index_server.url}/files/{BIG_WHEEL}", method="HEAD")
    assert (answer.status, answer.body) == (200, b"")
    assert answer.headers["Content-Length"] == str(universe.artifact(BIG_WHEEL).size)
    assert answer.headers["Accept-Ranges"] == "bytes"
    assert index_server.requests[-1].bytes_sent == 0


def test_metadata_file_is_the_wheels_metadata(
    index_server: IndexServer, universe: Universe
) -> None:
    answer = fetch(f"{index_server.url}/files/{WHEEL}.metadata")
    assert answer.status == 200
    assert hashlib.sha256(answer.body).hexdigest() == universe.artifact(WHEEL).metadata_sha256
    assert answer.body.startswith(b"Metadata-Version: 2.3\nName: alpha\nVersion: 1.0\n")
    assert fetch(f"{index_server.url}/files/{BIG_WHEEL}.metadata").status == 404


@pytest.mark.parametrize(
    "path", ["/files/nope.whl", "/files/../universe", "/files/", "/files/a/b.whl"]
)
def test_unknown_files_are_404(index_server: IndexServer, path: str) -> None:
    assert fetch(index_server.url + path).status == 404


def test_parallel_downloads(index_server: IndexServer, universe: Universe) -> None:
    wheels = [a for a in universe.artifacts if a.kind == "wheel"]
    with ThreadPoolExecutor(max_workers=8) as pool:
        bodies = list(
            pool.map(lambda a: fetch(f"{index_server.url}/files/{a.filename}").body, wheels)
        )
    assert [hashlib.sha256(b).hexdigest() for b in bodies] == [a.sha256 for a in wheels]


# --- faults -----------------------------------------------------------------------------------


def test_every_fault_mode_is_documented() -> None:
    assert sorted(FAULTS) == [
        "corrupt", "error500", "no_json", "no_metadata", "no_range", "slow", "truncate",
    ]  # fmt: skip


def test_slow_answers_after_the_client_timeout(index_server: IndexServer) -> None:
    index_server.inject("slow", pattern="/simple/alpha/", delay=2.0, times=1)
    with pytest.raises((TimeoutError, urllib.error.URLError)):
        fetch(index_server.index_url + "/alpha/", timeout=0.3)
    assert fetch(index_server.index_url + "/alpha/", timeout=5).status == 200  # used up
    assert fetch(index_server.index_url + "/beta/", timeout=5).status == 200


def test_error500_recovers_after_n_times(index_server: IndexServer) -> None:
    index_server.inject("error500", pattern="/simple/*", times=2)
    statuses = [fetch(index_server.index_url + "/alpha/").status for _ in range(3)]
    assert statuses == [500, 500, 200]
    assert fetch(f"{index_server.url}/files/{WHEEL}").status == 200


def test_error500_for_ever_without_times(index_server: IndexServer) -> None:
    index_server.inject("error500")
    assert [fetch(index_server.url + p).status for p in ("/simple/", f"/files/{WHEEL}")] == [
        500,
        500,
    ]
    index_server.clear_faults()
    assert fetch(index_server.url + "/simple/").status == 200


def test_truncate_sends_half_and_closes(index_server: IndexServer, universe: Universe) -> None:
    index_server.inject("truncate", pattern="/files/*.whl")
    with pytest.raises(http.client.IncompleteRead) as caught:
        fetch(f"{index_server.url}/files/{BIG_WHEEL}")
    size = universe.artifact(BIG_WHEEL).size
    assert len(caught.value.partial) == size // 2
    assert index_server.requests[-1].bytes_sent == size // 2
    assert fetch(f"{index_server.url}/files/{BIG_WHEEL}.metadata").status == 404  # not a .whl


def test_corrupt_changes_bytes_not_length(index_server: IndexServer, universe: Universe) -> None:
    index_server.inject("corrupt", pattern=f"/files/{WHEEL}")
    body = fetch(f"{index_server.url}/files/{WHEEL}").body
    artifact = universe.artifact(WHEEL)
    assert len(body) == artifact.size
    assert hashlib.sha256(body).hexdigest() != artifact.sha256
    page = fetch(index_server.index_url + "/alpha/").body.decode()
    assert f"#sha256={artifact.sha256}" in page  # the index still promises the real hash
    ranged = fetch(f"{index_server.url}/files/{WHEEL}", headers={"Range": "bytes=0-3"}).body
    assert ranged != b"PK\x03\x04"


def test_no_json_answers_html(index_server: IndexServer) -> None:
    index_server.inject("no_json")
    answer = fetch(index_server.index_url + "/alpha/", headers={"Accept": JSON_TYPE})
    assert answer.headers["Content-Type"] == HTML_TYPE
    assert answer.body.startswith(b"<!DOCTYPE html>")


def test_no_range_answers_the_whole_file(index_server: IndexServer, universe: Universe) -> None:
    index_server.inject("no_range", pattern="/files/*")
    answer = fetch(f"{index_server.url}/files/{BIG_WHEEL}", headers={"Range": "bytes=-22"})
    assert (answer.status, len(answer.body)) == (200, universe.artifact(BIG_WHEEL).size)


def test_no_metadata_hides_metadata_files_only(index_server: IndexServer) -> None:
    index_server.inject("no_metadata")
    assert fetch(f"{index_server.url}/files/{WHEEL}.metadata").status == 404
    assert fetch(f"{index_server.url}/files/{WHEEL}").status == 200


def test_unknown_fault_mode_is_refused(index_server: IndexServer) -> None:
    with pytest.raises(ValueError, match=r"^unknown fault mode 'flaky'; known: slow, error500"):
        index_server.inject("flaky")  # type: ignore[arg-type]


def test_hidden_releases_disappear_everywhere(index_server: IndexServer) -> None:
    index_server.hide("alpha-2.0*")
    document = json.loads(
        fetch(index_server.index_url + "/alpha/", headers={"Accept": JSON_TYPE}).body
    )
    assert document["versions"] == ["1.0"]
    assert fetch(f"{index_server.url}/files/alpha-2.0.tar.gz").status == 404
    index_server.hide("alpha-*")
    assert fetch(index_server.index_url + "/alpha/").status == 404
    assert b"/simple/alpha/" not in fetch(index_server.index_url + "/").body
    index_server.show_all()
    assert fetch(f"{index_server.url}/files/alpha-2.0.tar.gz").status == 200


# --- auth and log -----------------------------------------------------------------------------


def test_basic_auth(universe: Universe) -> None:
    with IndexServer(universe.root, auth=("alice", "s3cret")) as server:
        refused = fetch(server.index_url + "/")
        assert refused.status == 401
        assert refused.headers["WWW-Authenticate"] == 'Basic realm="pynix test index"'
        wrong = base64.b64encode(b"alice:guess").decode()
        assert (
            fetch(server.index_url + "/", headers={"Authorization": f"Basic {wrong}"}).status == 401
        )
        right = base64.b64encode(b"alice:s3cret").decode()
        answer = fetch(f"{server.url}/files/{WHEEL}", headers={"Authorization": f"Basic {right}"})
        assert answer.status == 200
        assert server.url_with_credentials() == f"http://alice:s3cret@127.0.0.1:{server.port}"
        assert [r.authorization for r in server.requests] == [False, True, True]


def test_request_log(index_server: IndexServer) -> None:
    assert index_server.requests == []
    fetch(f"{index_server.url}/files/{BIG_WHEEL}", headers={"Range": "bytes=-100"})
    fetch(index_server.index_url + "/delta/", headers={"Accept": JSON_TYPE})
    log = index_server.requests
    assert log[0] == Request(
        method="GET",
        path=f"/files/{BIG_WHEEL}",
        range="bytes=-100",
        accept=None,
        status=206,
        bytes_sent=100,
        authorization=False,
    )
    assert (log[1].path, log[1].status, log[1].accept) == ("/simple/delta/", 200, JSON_TYPE)
    index_server.clear_log()
    assert index_server.requests == []


def test_stopping_wakes_a_slow_handler(universe: Universe) -> None:
    server = IndexServer(universe.root)
    with server:
        server.inject("slow", delay=600)
        with pytest.raises((TimeoutError, urllib.error.URLError)):
            fetch(server.index_url + "/", timeout=0.2)
    # The handler sleeping in the fault is woken by the shutdown and answers nothing (status 0);
    # without the wake-up its log entry would only appear ten minutes later.
    for _ in range(200):
        if server.requests:
            break
        threading.Event().wait(0.05)
    assert [(r.path, r.status) for r in server.requests] == [("/simple/", 0)]
    with pytest.raises(urllib.error.URLError):
        fetch(server.index_url + "/", timeout=1)
