"""Project pages of a package index: the "simple repository API".

A package index (PyPI, a devpi or Artifactory mirror, a directory behind a web
server) lists each project's files on one page, ``<index>/<project>/``. That
page comes in two spellings, and this module reads both into the same
:class:`ProjectPage`:

* PEP 503 HTML: one ``<a href="…/file.whl#sha256=<hex>">file.whl</a>`` per
  file, with ``data-requires-python`` (PEP 503/345, HTML-escaped),
  ``data-yanked`` (PEP 592; its value is the reason),
  ``data-core-metadata`` (PEP 714) or its older name ``data-dist-info-metadata``
  (PEP 658) saying that ``<file URL>.metadata`` holds the file's core metadata
  (``"true"`` or ``"sha256=<hex>"``), an optional ``<base href>`` and the
  ``<meta name="pypi:repository-version">`` of PEP 629;
* PEP 691 JSON (``application/vnd.pypi.simple.v1+json``): ``meta.api-version``,
  ``files[]`` with ``filename``, ``url``, ``hashes``, ``requires-python``,
  ``core-metadata``/``dist-info-metadata``, ``yanked`` and PEP 700's ``size``,
  ``upload-time`` and top-level ``versions``.

File URLs come out absolute (resolved against the page URL, or the HTML
``<base>``), without a fragment and without credentials.

Traps:

* Relative URLs are common (``../../files/x.whl``); resolve them against the
  URL the page was finally served from, after redirects.
* PEP 714 renamed ``dist-info-metadata`` to ``core-metadata``; indexes send
  either or both, and the new name wins. PyPI's JSON also carried the HTML
  attribute's name, ``data-dist-info-metadata``, which is read last.
* PEP 700's ``upload-time`` is JSON-only, but PyPI's HTML carries it as
  ``data-upload-time``; it is read from either.
* A ``"true"`` metadata attribute means "there is a metadata file, no hash
  given"; ``false``/absent means none.
* ``data-yanked=""`` (empty) still means yanked, without a reason.
* PEP 629: a page whose API major version is newer than 1 must be refused,
  a newer minor version read as usual.
* Hex digests may be upper case; they are stored lower case.
* Anchors without ``href`` (named anchors) are not files and are skipped.

>>> page = parse_project_page(
...     '<a href="../../f/demo-1.0.tar.gz#sha256=' + "ab" * 32 + '">demo-1.0.tar.gz</a>',
...     url="https://example.org/simple/demo/",
...     content_type="text/html",
... )
>>> (page.files[0].filename, page.files[0].url)
('demo-1.0.tar.gz', 'https://example.org/f/demo-1.0.tar.gz')
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping
from html.parser import HTMLParser
from types import MappingProxyType
from typing import Final
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from pynix.errors import DownloadFailed, Location

__all__ = [
    "HTML_TYPES",
    "JSON_TYPE",
    "DistributionFile",
    "ProjectPage",
    "parse_project_html",
    "parse_project_json",
    "parse_project_page",
]

#: The PEP 691 JSON content type of a project page.
JSON_TYPE: Final = "application/vnd.pypi.simple.v1+json"
#: Content types of an HTML project page (PEP 691's versioned one and plain HTML).
HTML_TYPES: Final = ("application/vnd.pypi.simple.v1+html", "text/html")

_HEX = re.compile(r"^[0-9a-fA-F]+$")
# Digest lengths in hex digits of the algorithms indexes use; others are only checked as hex.
_HEX_LENGTHS: Final = {"md5": 32, "sha1": 40, "sha224": 56, "sha256": 64, "sha384": 96,
                       "sha512": 128, "blake2b": 128, "blake2s": 64}  # fmt: skip
_ALGORITHM = re.compile(r"^[a-z0-9_]+$")
# PEP 714's name first; PyPI's JSON long carried the HTML attribute's name by mistake.
_JSON_METADATA_KEYS: Final = ("core-metadata", "dist-info-metadata", "data-dist-info-metadata")


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class DistributionFile:
    """One file listed on a project page.

    ``url`` is absolute, credential-free and without fragment; ``hashes`` maps
    an algorithm (``"sha256"``) to its lower-case hex digest. When
    ``core_metadata`` is true, the index serves the file's core metadata at
    :attr:`metadata_url`, whose digests are ``core_metadata_hashes`` (possibly
    none). ``size`` and ``upload_time`` (ISO 8601) come from PEP 700 JSON only.
    """

    filename: str
    url: str
    hashes: Mapping[str, str] = dataclasses.field(default_factory=lambda: MappingProxyType({}))
    requires_python: str | None = None
    core_metadata: bool = False
    core_metadata_hashes: Mapping[str, str] = dataclasses.field(
        default_factory=lambda: MappingProxyType({})
    )
    yanked: bool = False
    yanked_reason: str | None = None
    size: int | None = None
    upload_time: str | None = None

    @property
    def sha256(self) -> str | None:
        """The hex sha256 digest the index gives, if any."""
        return self.hashes.get("sha256")

    @property
    def metadata_url(self) -> str | None:
        """Where the PEP 658 metadata file is (``<url>.metadata``), or None when not offered."""
        return f"{self.url}.metadata" if self.core_metadata else None


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class ProjectPage:
    """A parsed project page: where it was served from and the files it lists, in page order.

    ``api_version`` is the page's declared API version (``"1.0"`` when an HTML
    page declares none); ``versions`` is PEP 700's list (JSON pages only).
    """

    url: str
    api_version: str
    files: tuple[DistributionFile, ...]
    versions: tuple[str, ...] = ()


def parse_project_page(text: str, *, url: str, content_type: str | None) -> ProjectPage:
    """Parse a project page served as ``content_type`` from ``url``.

    JSON for PEP 691's type, HTML for HTML types; for anything else (a web
    server that calls everything ``text/plain``) the text itself decides: JSON
    when it starts with ``{``. Raises :class:`~pynix.errors.DownloadFailed`
    naming the URL (credentials removed) and what is wrong.
    """
    media = (content_type or "").partition(";")[0].strip().lower()
    if media == JSON_TYPE or (media not in HTML_TYPES and text.lstrip().startswith("{")):
        return parse_project_json(text, url=url)
    return parse_project_html(text, url=url)


# -- JSON (PEP 691) ---------------------------------------------------------------------------


def parse_project_json(text: str, *, url: str) -> ProjectPage:
    """Parse a PEP 691 JSON project page served from ``url``.

    Raises :class:`~pynix.errors.DownloadFailed` with the key path of the bad
    value (``files[2].hashes``).

    >>> page = parse_project_json(
    ...     '{"meta": {"api-version": "1.1"}, "name": "demo", "files": [{"filename": '
    ...     '"demo-1.0.tar.gz", "url": "demo-1.0.tar.gz", "hashes": {}, "yanked": "broken"}]}',
    ...     url="https://example.org/simple/demo/",
    ... )
    >>> page.files[0].yanked_reason
    'broken'
    >>> parse_project_json('{"meta": {"api-version": "2.0"}, "files": []}', url="https://x/")
    Traceback (most recent call last):
    ...
    pynix.errors.DownloadFailed: https://x/: meta.api-version: unsupported API version 2.0; ...
    """
    where = _strip_userinfo(url)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DownloadFailed(
            f"not valid JSON: {exc.msg}", location=Location(file=where, line=exc.lineno)
        ) from None
    if not isinstance(document, dict):
        raise _bad(where, None, "expected a JSON object")
    meta = document.get("meta")
    if not isinstance(meta, dict):
        raise _bad(where, "meta", "expected a table with 'api-version'")
    api_version = _api_version(meta.get("api-version"), where, "meta.api-version")
    files = document.get("files")
    if not isinstance(files, list):
        raise _bad(where, "files", "expected a list")
    versions = document.get("versions", [])
    if not isinstance(versions, list) or not all(isinstance(v, str) for v in versions):
        raise _bad(where, "versions", "expected a list of strings")
    return ProjectPage(
        url=where,
        api_version=api_version,
        files=tuple(_json_file(entry, where, f"files[{i}]") for i, entry in enumerate(files)),
        versions=tuple(versions),
    )


def _json_file(entry: object, page: str, key: str) -> DistributionFile:
    if not isinstance(entry, dict):
        raise _bad(page, key, "expected a table")
    filename = entry.get("filename")
    if not isinstance(filename, str) or not filename or "/" in filename:
        raise _bad(page, f"{key}.filename", "expected a file name")
    href = entry.get("url")
    if not isinstance(href, str) or not href:
        raise _bad(page, f"{key}.url", "expected a URL")
    try:
        file_url, fragment_hash = _file_url(href, page, page)
    except DownloadFailed as exc:
        raise exc.at(key=f"{key}.url") from None
    hashes = _json_hashes(entry.get("hashes"), page, f"{key}.hashes")
    if fragment_hash is not None:
        hashes = {fragment_hash[0]: fragment_hash[1], **hashes}
    requires_python = entry.get("requires-python")
    if requires_python is not None and not isinstance(requires_python, str):
        raise _bad(page, f"{key}.requires-python", "expected a string or null")
    metadata_key = next((k for k in _JSON_METADATA_KEYS if k in entry), "core-metadata")
    metadata = entry.get(metadata_key, False)
    if isinstance(metadata, bool):
        metadata_hashes: dict[str, str] = {}
    elif isinstance(metadata, dict):
        metadata_hashes = _json_hashes(metadata, page, f"{key}.{metadata_key}")
    else:
        raise _bad(page, f"{key}.{metadata_key}", "expected true, false or a table of hashes")
    yanked = entry.get("yanked", False)
    if not isinstance(yanked, bool | str):
        raise _bad(page, f"{key}.yanked", "expected a boolean or a reason")
    size = entry.get("size")
    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 0):
        raise _bad(page, f"{key}.size", "expected a non-negative integer")
    upload_time = entry.get("upload-time")
    if upload_time is not None and not isinstance(upload_time, str):
        raise _bad(page, f"{key}.upload-time", "expected an ISO 8601 string")
    return DistributionFile(
        filename=filename,
        url=file_url,
        hashes=MappingProxyType(hashes),
        requires_python=requires_python,
        core_metadata=metadata is not False,
        core_metadata_hashes=MappingProxyType(metadata_hashes),
        yanked=yanked is not False,
        yanked_reason=yanked if isinstance(yanked, str) and yanked else None,
        size=size,
        upload_time=upload_time,
    )


def _json_hashes(value: object, page: str, key: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _bad(page, key, "expected a table of hashes")
    hashes: dict[str, str] = {}
    for algorithm, digest in sorted(value.items()):
        if not isinstance(digest, str):
            raise _bad(page, f"{key}.{algorithm}", "expected a hex digest")
        hashes.update(_digest(algorithm, digest, page, f"{key}.{algorithm}"))
    return hashes


# -- HTML (PEP 503) ---------------------------------------------------------------------------


def parse_project_html(text: str, *, url: str) -> ProjectPage:
    """Parse a PEP 503 HTML project page served from ``url``.

    Raises :class:`~pynix.errors.DownloadFailed` naming the URL and the line
    of the bad anchor.

    >>> page = parse_project_html(
    ...     '<a href="/f/demo-1.0.tar.gz" data-requires-python="&gt;=3.9" '
    ...     'data-dist-info-metadata="true" data-yanked="">demo-1.0.tar.gz</a>',
    ...     url="https://user:secret@example.org/simple/demo/",
    ... )
    >>> file = page.files[0]
    >>> (file.url, file.requires_python, file.yanked, file.yanked_reason)
    ('https://example.org/f/demo-1.0.tar.gz', '>=3.9', True, None)
    >>> file.metadata_url
    'https://example.org/f/demo-1.0.tar.gz.metadata'
    """
    where = _strip_userinfo(url)
    collector = _Anchors()
    try:
        collector.feed(text)
        collector.close()
    except AssertionError:
        # CPython's _markupbase asserts on some `<![` declarations instead of raising
        # (fixed in 3.13.4); such text is not an index page.
        raise _bad(where, None, "not a readable HTML page") from None
    base = where
    if collector.base is not None:
        try:
            base = urljoin(where, collector.base)
        except ValueError:
            raise _bad(where, None, f"not a URL in <base>: {collector.base!r}") from None
    api_version = "1.0"
    if collector.version is not None:
        version, line = collector.version
        try:
            api_version = _api_version(version, where, None)
        except DownloadFailed as exc:
            raise exc.at(line=line) from None
    files = tuple(_html_file(anchor, base, where) for anchor in collector.anchors)
    return ProjectPage(url=where, api_version=api_version, files=files)


@dataclasses.dataclass(kw_only=True, slots=True)
class _Anchor:
    attributes: dict[str, str | None]
    line: int
    text: str = ""


class _Anchors(HTMLParser):
    """Collects ``<a href>`` anchors with their text, ``<base href>`` and the API version."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: list[_Anchor] = []
        self.base: str | None = None
        self.version: tuple[str, int] | None = None
        self._open: _Anchor | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        line = self.getpos()[0]
        if tag == "a" and attributes.get("href"):
            self._open = _Anchor(attributes=attributes, line=line)
            self.anchors.append(self._open)
        elif tag == "base" and attributes.get("href") and self.base is None:
            self.base = attributes["href"]
        elif tag == "meta" and attributes.get("name") == "pypi:repository-version":
            self.version = (attributes.get("content") or "", line)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.text += data


def _html_file(anchor: _Anchor, base: str, page: str) -> DistributionFile:
    attributes = anchor.attributes
    href = attributes["href"] or ""
    try:
        file_url, fragment_hash = _file_url(href, base, page)
        filename = anchor.text.strip() or unquote(urlsplit(file_url).path.rpartition("/")[2])
        if not filename:
            raise _bad(page, None, f"a link without a file name: {_strip_userinfo(href)}")
        metadata = attributes.get("data-core-metadata", attributes.get("data-dist-info-metadata"))
        metadata_hashes: dict[str, str] = {}
        if metadata is not None and metadata.lower() not in ("true", "false", ""):
            name, separator, digest = metadata.partition("=")
            if not separator:
                raise _bad(page, None, f"{filename}: bad core metadata attribute {metadata!r}")
            metadata_hashes = _digest(name, digest, page, None)
    except DownloadFailed as exc:
        raise exc.at(line=anchor.line) from None
    yanked = "data-yanked" in attributes
    return DistributionFile(
        filename=filename,
        url=file_url,
        hashes=MappingProxyType(dict([fragment_hash]) if fragment_hash else {}),
        requires_python=attributes.get("data-requires-python") or None,
        core_metadata=metadata is not None and metadata.lower() != "false",
        core_metadata_hashes=MappingProxyType(metadata_hashes),
        yanked=yanked,
        yanked_reason=attributes.get("data-yanked") or None,
        upload_time=attributes.get("data-upload-time") or None,
    )


# -- shared -----------------------------------------------------------------------------------


def _api_version(value: object, page: str, key: str | None) -> str:
    """Check a PEP 629 ``major.minor`` version: major 1 is read, newer majors refused."""
    if not isinstance(value, str) or not re.fullmatch(r"\d+\.\d+", value):
        raise _bad(page, key, f"expected an API version such as '1.0', got {value!r}")
    if int(value.partition(".")[0]) != 1:
        raise _bad(page, key, f"unsupported API version {value}; pynix reads version 1.x")
    return value


def _file_url(href: str, base: str, page: str) -> tuple[str, tuple[str, str] | None]:
    """The absolute, credential-free URL of ``href`` and the hash in its fragment, if any."""
    try:
        parts = urlsplit(urljoin(base, href.strip()))
    except ValueError:  # an unbalanced IPv6 bracket, for one
        raise _bad(page, None, f"not a URL: {_strip_userinfo(href)!r}") from None
    if parts.scheme not in ("http", "https", "file"):
        raise _bad(page, None, f"not an http, https or file URL: {_strip_userinfo(href)!r}")
    fragment_hash = None
    name, separator, digest = parts.fragment.partition("=")
    if separator and name.lower() in _HEX_LENGTHS:
        ((name, digest),) = _digest(name, digest, page, None).items()
        fragment_hash = (name, digest)
    return _strip_userinfo(urlunsplit(parts._replace(fragment=""))), fragment_hash


def _digest(algorithm: str, digest: str, page: str, key: str | None) -> dict[str, str]:
    name = algorithm.strip().lower()
    expected = _HEX_LENGTHS.get(name)
    if (
        not _ALGORITHM.match(name)
        or not _HEX.match(digest)
        or (expected is not None and len(digest) != expected)
    ):
        raise _bad(page, key, f"malformed {algorithm} digest {digest!r}")
    return {name: digest.lower()}


def _strip_userinfo(url: str) -> str:
    """``url`` without ``user:password@`` (the index client's ``redact``, kept pure here)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        scheme, separator, rest = url.partition("://")
        authority, slash, path = rest.partition("/")
        if not separator or "@" not in authority:
            return url
        return f"{scheme}://{authority.rpartition('@')[2]}{slash}{path}"
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _bad(page: str, key: str | None, message: str) -> DownloadFailed:
    return DownloadFailed(message, location=Location(file=page, key=key))
