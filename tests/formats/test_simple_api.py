"""Project pages: real PyPI HTML, PEP 691 JSON, relative links, metadata attributes, bad pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pynix.errors import DownloadFailed, PynixError
from pynix.formats.simple_api import (
    HTML_TYPES,
    JSON_TYPE,
    DistributionFile,
    ProjectPage,
    parse_project_html,
    parse_project_json,
    parse_project_page,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "simple_api"
PAGE = "https://example.org/simple/demo/"
SHA = "ab" * 32


def _json(files: list[object], **top: object) -> str:
    document: dict[str, object] = {"meta": {"api-version": "1.1"}, "name": "demo", "files": files}
    document.update(top)
    return json.dumps(document)


def _entry(**fields: object) -> dict[str, object]:
    entry: dict[str, object] = {"filename": "demo-1.0.tar.gz", "url": "demo-1.0.tar.gz",
                                "hashes": {"sha256": SHA}}  # fmt: skip
    entry.update(fields)
    return entry


# text, expected message (str() of the error)
BAD_JSON = [
    pytest.param("{", f"{PAGE}:1: not valid JSON: Expecting property name enclosed in double "
                 "quotes", id="not-json"),
    pytest.param("[]", f"{PAGE}: expected a JSON object", id="not-an-object"),
    pytest.param('{"files": []}', f"{PAGE}: meta: expected a table with 'api-version'",
                 id="no-meta"),
    pytest.param('{"meta": {"api-version": "2.0"}, "files": []}',
                 f"{PAGE}: meta.api-version: unsupported API version 2.0; pynix reads version 1.x",
                 id="major-version-2"),
    pytest.param('{"meta": {"api-version": 1}, "files": []}',
                 f"{PAGE}: meta.api-version: expected an API version such as '1.0', got 1",
                 id="version-not-a-string"),
    pytest.param('{"meta": {"api-version": "1.0"}}', f"{PAGE}: files: expected a list",
                 id="no-files"),
    pytest.param(_json([], versions="1.0"), f"{PAGE}: versions: expected a list of strings",
                 id="versions-not-a-list"),
    pytest.param(_json(["x"]), f"{PAGE}: files[0]: expected a table", id="file-not-a-table"),
    pytest.param(_json([_entry(filename="a/b.whl")]),
                 f"{PAGE}: files[0].filename: expected a file name", id="filename-with-slash"),
    pytest.param(_json([_entry(url="")]), f"{PAGE}: files[0].url: expected a URL", id="no-url"),
    pytest.param(_json([_entry(url="javascript:alert(1)")]),
                 f"{PAGE}: files[0].url: not an http, https or file URL: 'javascript:alert(1)'",
                 id="javascript-url"),
    pytest.param(_json([_entry(url="http://[::1/x")]),
                 f"{PAGE}: files[0].url: not a URL: 'http://[::1/x'", id="bad-ipv6-url"),
    pytest.param(_json([_entry(hashes=["sha256"])]),
                 f"{PAGE}: files[0].hashes: expected a table of hashes", id="hashes-a-list"),
    pytest.param(_json([_entry(hashes={"sha256": "xyz"})]),
                 f"{PAGE}: files[0].hashes.sha256: malformed sha256 digest 'xyz'",
                 id="hash-not-hex"),
    pytest.param(_json([_entry(hashes={"sha256": "ab"})]),
                 f"{PAGE}: files[0].hashes.sha256: malformed sha256 digest 'ab'",
                 id="hash-too-short"),
    pytest.param(_json([_entry(hashes={"sha256": 5})]),
                 f"{PAGE}: files[0].hashes.sha256: expected a hex digest", id="hash-a-number"),
    pytest.param(_json([_entry(**{"requires-python": 3})]),
                 f"{PAGE}: files[0].requires-python: expected a string or null",
                 id="requires-python-a-number"),
    pytest.param(_json([_entry(**{"core-metadata": "yes"})]),
                 f"{PAGE}: files[0].core-metadata: expected true, false or a table of hashes",
                 id="core-metadata-a-string"),
    pytest.param(_json([_entry(**{"dist-info-metadata": {"sha256": "zz"}})]),
                 f"{PAGE}: files[0].dist-info-metadata.sha256: malformed sha256 digest 'zz'",
                 id="old-metadata-key-bad-hash"),
    pytest.param(_json([_entry(yanked=1)]),
                 f"{PAGE}: files[0].yanked: expected a boolean or a reason", id="yanked-a-number"),
    pytest.param(_json([_entry(size=-1)]),
                 f"{PAGE}: files[0].size: expected a non-negative integer", id="size-negative"),
    pytest.param(_json([_entry(size=True)]),
                 f"{PAGE}: files[0].size: expected a non-negative integer", id="size-a-boolean"),
    pytest.param(_json([_entry(**{"upload-time": 1})]),
                 f"{PAGE}: files[0].upload-time: expected an ISO 8601 string",
                 id="upload-time-a-number"),
]  # fmt: skip

# page text, expected message
BAD_HTML = [
    pytest.param('<meta name="pypi:repository-version" content="2.0">',
                 f"{PAGE}:1: unsupported API version 2.0; pynix reads version 1.x",
                 id="major-version-2"),
    pytest.param('\n<meta name="pypi:repository-version" content="one">',
                 f"{PAGE}:2: expected an API version such as '1.0', got 'one'",
                 id="version-not-a-number"),
    pytest.param(f'\n\n<a href="x.whl#sha256={SHA[:10]}">x.whl</a>',
                 f"{PAGE}:3: malformed sha256 digest '{SHA[:10]}'", id="short-fragment-hash"),
    pytest.param('<a href="x.whl" data-core-metadata="sha256">x.whl</a>',
                 f"{PAGE}:1: x.whl: bad core metadata attribute 'sha256'",
                 id="metadata-without-digest"),
    pytest.param('<a href="x.whl" data-core-metadata="sha256=nothex">x.whl</a>',
                 f"{PAGE}:1: malformed sha256 digest 'nothex'", id="metadata-digest-not-hex"),
    pytest.param('<a href="/">  </a>', f"{PAGE}:1: a link without a file name: /",
                 id="no-file-name"),
    pytest.param('<a href="mailto:x@example.org">x</a>',
                 f"{PAGE}:1: not an http, https or file URL: 'mailto:x@example.org'",
                 id="mailto-link"),
    pytest.param('<base href="http://[::1"><a href="x.whl">x.whl</a>',
                 f"{PAGE}: not a URL in <base>: 'http://[::1'", id="bad-base"),
    pytest.param("<![foo]>", f"{PAGE}: not a readable HTML page", id="bad-marked-section"),
]  # fmt: skip


# --- real and realistic pages ----------------------------------------------------------------


def test_real_pypi_html_page() -> None:
    page = parse_project_html(
        (FIXTURES / "pypi-tomli-w.html").read_text(), url="https://pypi.org/simple/tomli-w/"
    )
    assert page.api_version == "1.0"
    assert len(page.files) == 18
    assert page.versions == ()
    first = page.files[0]
    assert first == DistributionFile(
        filename="tomli_w-0.1.0.tar.gz",
        url="https://files.pythonhosted.org/packages/57/ab/a90f9b3ec2087a3148789094ec7556dc07586d7693dd6b1a65ed617bc532/tomli_w-0.1.0.tar.gz",
        hashes={"sha256": "d058b518cf46d67f482efa4e3b65dd172f924f62bde301a978d03325a4e9a8c4"},
        requires_python=">=3.6",
        upload_time="2021-06-30T15:32:56.143145Z",
    )
    assert first.sha256 == "d058b518cf46d67f482efa4e3b65dd172f924f62bde301a978d03325a4e9a8c4"
    assert first.metadata_url is None
    assert page.files[-1].filename == "tomli_w-1.2.0-py3-none-any.whl"
    assert page.files[-1].requires_python == ">=3.9"


def test_real_pypi_yanked_releases() -> None:
    page = parse_project_html(
        (FIXTURES / "pypi-urllib3-yanked.html").read_text(), url="https://pypi.org/simple/urllib3/"
    )
    by_name = {f.filename: f for f in page.files}
    yanked = by_name["urllib3-1.25.tar.gz"]
    assert (yanked.yanked, yanked.yanked_reason) == (True, "Broken release")
    assert yanked.requires_python == ">=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*, <4"
    current = by_name["urllib3-2.2.3-py3-none-any.whl"]
    assert (current.yanked, current.yanked_reason) == (False, None)


def test_pypi_style_json_page() -> None:
    page = parse_project_json(
        (FIXTURES / "pep691-pypi-style.json").read_text(),
        url="https://mirror.example.com/simple/demo-pkg/",
    )
    assert (page.api_version, page.versions) == ("1.4", ("0.9", "1.0"))
    wheel, sdist, old = page.files
    assert wheel.core_metadata
    assert wheel.core_metadata_hashes == {
        "sha256": "5f3c1ac1f5c2e0e4a4c7c13ca6e2de8e9a1f5c3e7e1f1a2b3c4d5e6f708192a3"
    }
    assert wheel.metadata_url == (
        "https://files.example.org/packages/ab/cd/demo_pkg-1.0-py3-none-any.whl.metadata"
    )
    assert (wheel.size, wheel.upload_time) == (10240, "2024-05-01T12:00:00.123456Z")
    assert sdist.url == "https://mirror.example.com/packages/demo_pkg-1.0.tar.gz"
    assert (sdist.core_metadata, sdist.metadata_url) == (False, None)
    assert old == DistributionFile(
        filename="demo_pkg-0.9-py3-none-any.whl",
        url="https://mirror.example.com/packages/demo_pkg-0.9-py3-none-any.whl",
        core_metadata=True,
        yanked=True,
        yanked_reason="installs the wrong module",
        size=9000,
        upload_time="2023-01-01T00:00:00Z",
    )


def test_private_index_with_base_and_credentials_in_links() -> None:
    page = parse_project_html(
        (FIXTURES / "private-index-relative.html").read_text(),
        url="https://deploy:hunter2@mirror.example.com/simple/demo-pkg/",
    )
    assert page.url == "https://mirror.example.com/simple/demo-pkg/"
    assert page.api_version == "1.1"
    wheel, sdist, old = page.files
    assert wheel.filename == "demo_pkg-1.0-py3-none-any.whl"
    assert wheel.url == (
        "https://mirror.example.com/repository/pypi-proxy/packages/demo_pkg-1.0-py3-none-any.whl"
    )
    assert wheel.sha256 == "0b5a3f9c1c2f7f4e7d7b6c1e0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b"
    assert wheel.requires_python == ">=3.9,<4"
    assert wheel.core_metadata_hashes["sha256"].startswith("5f3c1ac1")
    assert sdist.url == "https://files.example.com/demo_pkg-1.0.tar.gz"
    assert sdist.hashes == {"md5": "d41d8cd98f00b204e9800998ecf8427e"}
    assert sdist.sha256 is None
    # data-core-metadata="false" wins over the older data-dist-info-metadata="true" (PEP 714).
    assert (old.core_metadata, old.yanked, old.yanked_reason) == (False, True, None)
    assert "hunter2" not in repr(page)


# --- dispatch by content type ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "text", "api_version"),
    [
        pytest.param(JSON_TYPE, _json([]), "1.1", id="json-type"),
        pytest.param(f"{HTML_TYPES[0]}; charset=utf-8", "<html></html>", "1.0", id="v1-html"),
        pytest.param("text/html", "<html></html>", "1.0", id="text-html"),
        pytest.param("text/plain", _json([]), "1.1", id="plain-json-sniffed"),
        pytest.param(None, "<html></html>", "1.0", id="no-type-html-sniffed"),
        pytest.param("text/html", "  {}", "1.0", id="html-type-wins-over-sniffing"),
    ],
)
def test_content_type_decides(content_type: str | None, text: str, api_version: str) -> None:
    page = parse_project_page(text, url=PAGE, content_type=content_type)
    assert page == ProjectPage(url=PAGE, api_version=api_version, files=())


def test_relative_url_resolution_and_fragment() -> None:
    page = parse_project_page(
        _json([_entry(url=f"../../files/x.tar.gz#sha256={SHA.upper()}", hashes={})]),
        url="https://example.org/simple/demo/",
        content_type=JSON_TYPE,
    )
    assert page.files[0].url == "https://example.org/files/x.tar.gz"
    assert page.files[0].hashes == {"sha256": SHA}


def test_other_fragments_are_dropped() -> None:
    page = parse_project_html('<a href="x-1.0.tar.gz#egg=x">x-1.0.tar.gz</a>', url=PAGE)
    assert (page.files[0].url, page.files[0].hashes) == (f"{PAGE}x-1.0.tar.gz", {})


def test_anchor_text_missing_uses_url_file_name() -> None:
    page = parse_project_html('<a href="/f/x%2B1-1.0.tar.gz"></a>', url=PAGE)
    assert page.files[0].filename == "x+1-1.0.tar.gz"


def test_newer_minor_version_is_read() -> None:
    page = parse_project_json('{"meta": {"api-version": "1.99"}, "files": []}', url=PAGE)
    assert page.api_version == "1.99"


# --- bad pages -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "message"), BAD_JSON)
def test_bad_json_pages(text: str, message: str) -> None:
    with pytest.raises(DownloadFailed) as caught:
        parse_project_json(text, url=PAGE)
    assert str(caught.value) == message


@pytest.mark.parametrize(("text", "message"), BAD_HTML)
def test_bad_html_pages(text: str, message: str) -> None:
    with pytest.raises(DownloadFailed) as caught:
        parse_project_html(text, url=PAGE)
    assert str(caught.value) == message


def test_errors_never_show_credentials() -> None:
    with pytest.raises(DownloadFailed) as caught:
        parse_project_html(
            '<a href="https://u:hunter2@h/x.whl#sha256=00">x.whl</a>',
            url="https://u:hunter2@example.org/simple/demo/",
        )
    assert str(caught.value) == "https://example.org/simple/demo/:1: malformed sha256 digest '00'"


@given(st.text(), st.sampled_from([JSON_TYPE, "text/html", None]))
def test_arbitrary_text_gives_a_page_or_a_pynix_error(text: str, content_type: str | None) -> None:
    try:
        page = parse_project_page(text, url=PAGE, content_type=content_type)
    except PynixError:
        return
    assert all(f.url.startswith(("http://", "https://", "file:")) for f in page.files)


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "filename": st.text(min_size=1).filter(lambda s: "/" not in s),
                "url": st.sampled_from(["a.whl", "/b.tar.gz", "https://h/c.zip", "//h2/d.whl"]),
                "hashes": st.dictionaries(
                    st.sampled_from(["sha256", "SHA256", "md5"]),
                    st.text("0123456789abcdef", min_size=32, max_size=64),
                ),
                "yanked": st.one_of(st.booleans(), st.text()),
            }
        )
    )
)
def test_arbitrary_json_files_give_a_page_or_a_pynix_error(files: list[object]) -> None:
    try:
        page = parse_project_json(_json(files), url=PAGE)
    except PynixError:
        return
    assert len(page.files) == len(files)
    for file in page.files:
        assert all(name == name.lower() and digest == digest.lower()
                   for name, digest in file.hashes.items())  # fmt: skip
