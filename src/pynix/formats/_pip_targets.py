"""What a requirements line asks for: a PEP 508 requirement, a URL, a VCS URL or a path (private).

pip tells these apart by syntax first and by the file system second; pynix
reads no files, so the file-system questions are answered by syntax:

* a URL has one of pip's schemes (``http``, ``https``, ``file``, ``ftp``,
  ``git+https``, ...); its markers follow ``"; "`` (semicolon and space), since a
  bare ``;`` may be part of the URL;
* a path starts with ``.`` or ``/``, or contains ``/`` with no space or ``@``
  (so ``name @ url`` stays a requirement), or ends in an archive extension; a
  path with an archive extension is an archive, any other path a directory
  (pip asks the file system);
* everything else is a PEP 508 requirement.

The distribution name comes from the requirement, the ``#egg=`` fragment, or
the file name of a wheel (as pip does). A directory, or an sdist without
``#egg=``, has no name until it is built (an sdist's file name is not
reliable: ``archive/release-2.0.zip``); :class:`Target` then has
``name=None``.

A path is relative to the file that names it; :func:`rebase_path` moves a
path written in an included file onto the directory of the top file.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
import urllib.parse
from collections.abc import Iterable

from packaging.markers import InvalidMarker as _PackagingInvalidMarker
from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.utils import (
    InvalidWheelFilename,
    NormalizedName,
    canonicalize_name,
    parse_wheel_filename,
)
from packaging.version import InvalidVersion as _PackagingInvalidVersion

from pynix.errors import InvalidMarker, InvalidRequirementsFile, Unsupported
from pynix.model import GitSource, PathSource, Source, UrlSource
from pynix.standards.names import is_valid_name
from pynix.standards.requirements import parse_requirement

__all__ = ["Target", "parse_target", "rebase_path"]

_URL_SCHEMES = frozenset({"http", "https", "file", "ftp"})
_VCS = ("git", "hg", "svn", "bzr")
_ARCHIVE_EXTENSIONS = (
    ".zip", ".whl", ".tar.bz2", ".tbz", ".tar.gz", ".tgz", ".tar", ".tar.xz", ".txz",
    ".tlz", ".tar.lz", ".tar.lzma",
)  # fmt: skip
_EXTRAS = re.compile(r"^(.+)(\[[^\]]+\])$")
_EGG = re.compile(r"^([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])(\[[^\]]*\])?$")
_FULL_COMMIT = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Target:
    """The requirement part of a line, read: name (if known), extras, specifier, where from."""

    name: NormalizedName | None
    extras: tuple[NormalizedName, ...] = ()
    specifier: SpecifierSet = dataclasses.field(default_factory=SpecifierSet)
    marker: Marker | None = None
    url: str | None = None
    source: Source | None = None


def parse_target(text: str, *, editable: bool = False) -> Target:
    """Read the requirement part of a line (or the value of ``-e``).

    Raises :class:`~pynix.errors.InvalidRequirement` (with a caret) for a bad
    PEP 508 string, :class:`~pynix.errors.InvalidMarker` for bad markers after
    a URL or path, :class:`~pynix.errors.InvalidRequirementsFile` for a bad
    ``#egg=`` or wheel name or an editable that is neither a directory nor a
    VCS URL, and :class:`~pynix.errors.Unsupported` for non-git VCS URLs.

    >>> t = parse_target("git+https://github.com/pallets/click@8.1.7#egg=click")
    >>> (t.name, t.source)
    ('click', GitSource(url='https://github.com/pallets/click', rev='8.1.7', ...))
    """
    if editable:
        return _editable(text.strip())
    if _scheme(text) is not None:
        url, marker = _split_marker(text, "; ")
        return dataclasses.replace(_url(url.strip(), editable=False), marker=marker)
    body, _semicolon, _rest = text.partition(";")
    path, extras = _strip_extras(body.strip())
    if _is_path(path):
        _body, marker = _split_marker(text, ";")
        return _path(path, extras=extras, marker=marker, editable=False)
    requirement = parse_requirement(text)
    direct = requirement.url
    source: Source | None = None
    if direct and _scheme(direct) is not None:
        source = _url(direct, editable=False, named=True).source
    elif direct:
        source = PathSource(path=direct)
    return Target(
        name=canonicalize_name(requirement.name),
        extras=_normalize_extras(requirement.extras),
        specifier=requirement.specifier,
        marker=requirement.marker,
        url=direct if direct and _scheme(direct) is not None else None,
        source=source,
    )


def _editable(text: str) -> Target:
    body, extras = _strip_extras(text)
    scheme = _scheme(body)
    if scheme is None:
        return _path(body, extras=extras, marker=None, editable=True)
    if scheme == "file":
        target = _url(body, editable=True)
        return dataclasses.replace(target, extras=extras or target.extras)
    if "+" in scheme:
        # A VCS URL names its extras in the fragment: #egg=name[extra].
        return _url(text, editable=True)
    raise InvalidRequirementsFile(
        f"'{text}' cannot be editable: use a local directory or a VCS URL (git+https://...)"
    )


def _scheme(text: str) -> str | None:
    """pip's ``is_url``: the scheme when it is one pip fetches from, else ``None``."""
    scheme, colon, _rest = text.partition(":")
    if not colon:
        return None
    scheme = scheme.lower()
    vcs, plus, _transport = scheme.partition("+")
    if scheme in _URL_SCHEMES or (plus and vcs in _VCS):
        return scheme
    return None


def _is_path(text: str) -> bool:
    """Whether pip would take ``text`` for a local path (answered without the file system)."""
    if text.startswith((".", "/")):
        return True
    if text.lower().endswith(_ARCHIVE_EXTENSIONS):
        # pip: an archive name with an '@' whose left side is no path is a PEP 508 URL.
        before, at, _after = text.partition("@")
        return not at or "/" in before or before.startswith(".")
    return "/" in text and "@" not in text and not any(c.isspace() for c in text)


def _split_marker(text: str, separator: str) -> tuple[str, Marker | None]:
    body, found, marker_text = text.partition(separator)
    if not found:
        return text, None
    try:
        return body, Marker(marker_text)
    except _PackagingInvalidMarker as exc:
        offset = len(body) + len(separator)
        cause = exc.__cause__
        start, end = getattr(cause, "span", (0, len(marker_text)))
        message = str(getattr(cause, "message", "invalid marker"))
        raise InvalidMarker(
            message[:1].lower() + message[1:], text=text, span=(offset + start, offset + end + 1)
        ) from None


def _strip_extras(text: str) -> tuple[str, tuple[NormalizedName, ...]]:
    match = _EXTRAS.match(text)
    if match is None:
        return text, ()
    return match.group(1), _parse_extras(match.group(2))


def _parse_extras(bracketed: str) -> tuple[NormalizedName, ...]:
    names = [part.strip() for part in bracketed[1:-1].split(",") if part.strip()]
    for name in names:
        if not is_valid_name(name):
            raise InvalidRequirementsFile(f"'{name}' is not a valid extra name")
    return _normalize_extras(names)


def _normalize_extras(extras: Iterable[str]) -> tuple[NormalizedName, ...]:
    return tuple(sorted({canonicalize_name(extra) for extra in extras}))


def _path(
    path: str, *, extras: tuple[NormalizedName, ...], marker: Marker | None, editable: bool
) -> Target:
    return Target(
        name=None if editable else _name_from_filename(path),
        extras=extras,
        marker=marker,
        source=PathSource(path=path, editable=editable),
    )


def _url(url: str, *, editable: bool, named: bool = False) -> Target:
    """Read a URL: VCS, ``file:`` or an archive; the name from ``#egg=`` or a wheel's name.

    ``named`` says the requirement names the distribution already, so the
    file name is not consulted.
    """
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError as exc:
        raise InvalidRequirementsFile(f"'{url}' is not a valid URL ({exc})") from None
    # Rebuilt from the text, not with urlunsplit, which rewrites git+file:/// as git+file:/.
    base = url.partition("#")[0]
    params = _fragment_params(parts.fragment)
    egg = params.pop("egg", None)
    name, extras = _egg(egg) if egg is not None else (None, ())
    subdirectory = params.get("subdirectory")
    scheme = parts.scheme.lower()
    # The URL as a PEP 508 direct reference: egg= is pip's, not the standard's.
    fragment = "&".join(f"{key}={value}" for key, value in params.items())
    direct = f"{base}#{fragment}" if fragment else base
    source: Source
    if "+" in scheme:
        vcs, _plus, _transport = scheme.partition("+")
        if vcs != "git":
            raise Unsupported(f"'{url}': pynix supports git, not {vcs}, for VCS requirements")
        source = _git(base.partition("+")[2], parts.path, subdirectory)
    elif scheme == "file":
        path = urllib.parse.unquote(parts.path)
        if parts.netloc not in ("", "localhost"):
            path = f"//{parts.netloc}{path}"
        source = PathSource(path=path, editable=editable)
    else:
        source = UrlSource(url=base, subdirectory=subdirectory)
    if name is None and not named and "+" not in scheme:
        name = _name_from_filename(path if scheme == "file" else parts.path)
    return Target(name=name, extras=extras, url=direct, source=source)


def _fragment_params(fragment: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in fragment.split("&"):
        key, _equals, value = item.partition("=")
        if key:
            params[key] = value
    return params


def _egg(egg: str) -> tuple[NormalizedName, tuple[NormalizedName, ...]]:
    match = _EGG.match(egg)
    if match is None:
        raise InvalidRequirementsFile(f"'#egg={egg}' does not name a project")
    extras = _parse_extras(match.group(2)) if match.group(2) else ()
    return canonicalize_name(match.group(1)), extras


def _git(repository: str, path: str, subdirectory: str | None) -> GitSource:
    """A git source from the URL without ``git+`` and fragment; a rev follows the path's '@'."""
    _path, at, rev = path.rpartition("@")
    if at and rev:
        head, _at_rev, tail = repository.rpartition(f"@{rev}")
        repository = head + tail
    else:
        rev = ""
    return GitSource(
        url=repository,
        rev=rev or None,
        commit=rev if _FULL_COMMIT.fullmatch(rev) else None,
        subdirectory=subdirectory,
    )


def _name_from_filename(path: str) -> NormalizedName | None:
    """The name a wheel's file name carries; ``None`` for any other file."""
    filename = path.rstrip("/").rpartition("/")[2]
    if not filename.endswith(".whl"):
        return None
    try:
        return parse_wheel_filename(filename)[0]
    except (InvalidWheelFilename, _PackagingInvalidVersion):
        raise InvalidRequirementsFile(f"'{filename}' is not a valid wheel file name") from None


def rebase_path(path: str, from_file: str, to_file: str) -> str:
    """``path`` written in ``from_file``, made relative to ``to_file``'s directory.

    >>> rebase_path("../pkg", "dev/requirements.txt", "requirements.txt")
    './pkg'
    >>> rebase_path("../shared", "/srv/app/ci/dev.txt", "/srv/app/requirements.txt")
    './shared'
    """
    if path.startswith("/"):
        return path
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(from_file), path))
    base = posixpath.normpath(posixpath.dirname(to_file) or ".")
    if joined.startswith("/") != base.startswith("/"):
        return joined
    target = [part for part in joined.split("/") if part not in ("", ".")]
    origin = [part for part in base.split("/") if part not in ("", ".")]
    common = 0
    while common < min(len(target), len(origin)) and target[common] == origin[common]:
        common += 1
    if ".." in origin[common:]:
        return joined
    parts = [".."] * (len(origin) - common) + target[common:]
    relative = "/".join(parts) or "."
    return relative if relative.startswith(("..", "/")) or relative == "." else f"./{relative}"
