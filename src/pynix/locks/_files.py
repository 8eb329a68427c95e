"""Distribution file names: which kind of file, which name and version, and PyPI's stable URL.

Locks that record only file names (poetry.lock, pdm.lock without
``static_urls``) still need a URL for Nix to fetch. For files on PyPI there
is one that never changes: ``https://files.pythonhosted.org/packages/<tag>/
<first letter>/<name>/<file name>``, where ``<tag>`` is the wheel's Python
tag (``py3``, ``cp312``, ``py2.py3``) or ``source`` for an sdist and
``<name>`` is the distribution name as it appears in the file name. PyPI
redirects it to the file's content-addressed location; nixpkgs' ``fetchPypi``
builds the same URL.

Traps:

* Old releases carry ``.egg``, ``.exe`` and ``.msi`` files next to wheels and
  sdists; they are neither and are skipped.
* An sdist name may contain dashes (``zope-interface-5.0.tar.gz`` from old
  tools): the version is after the *last* dash.

>>> pypi_file_url("charset_normalizer-3.3.2-py3-none-any.whl")
'https://files.pythonhosted.org/packages/py3/c/charset_normalizer/charset_normalizer-3.3.2-py3-none-any.whl'
>>> pypi_file_url("Django-4.2.tar.gz")
'https://files.pythonhosted.org/packages/source/D/Django/Django-4.2.tar.gz'
"""

from __future__ import annotations

import posixpath
from urllib.parse import unquote, urlsplit

from packaging.utils import InvalidSdistFilename, InvalidWheelFilename, parse_wheel_filename
from packaging.version import InvalidVersion, Version

from pynix.model.lock import ArtifactKind

__all__ = [
    "PYPI_FILES",
    "PYPI_SIMPLE",
    "artifact_kind",
    "file_name_of_path",
    "file_name_of_url",
    "file_version",
    "pypi_file_url",
]

PYPI_SIMPLE = "https://pypi.org/simple"
PYPI_FILES = "https://files.pythonhosted.org/"

_SDIST_SUFFIXES = (".tar.gz", ".zip", ".tar.bz2", ".tgz", ".tar.xz", ".tar")


def artifact_kind(filename: str) -> ArtifactKind | None:
    """Wheel, sdist, or ``None`` for any other file (eggs, installers)."""
    lower = filename.lower()
    if lower.endswith(".whl"):
        return ArtifactKind.WHEEL
    if lower.endswith(_SDIST_SUFFIXES):
        return ArtifactKind.SDIST
    return None


def _split(filename: str) -> tuple[str, str] | None:
    """``(distribution name as written, version text)`` of a wheel or sdist name."""
    kind = artifact_kind(filename)
    if kind is ArtifactKind.WHEEL:
        parts = filename[: -len(".whl")].split("-")
        return (parts[0], parts[1]) if len(parts) in (5, 6) else None
    if kind is ArtifactKind.SDIST:
        lower = filename.lower()
        stem = next(filename[: -len(s)] for s in _SDIST_SUFFIXES if lower.endswith(s))
        name, dash, version = stem.rpartition("-")
        return (name, version) if dash and name else None
    return None


def file_version(filename: str) -> Version | None:
    """The version in a wheel or sdist file name, ``None`` when it has none readable."""
    split = _split(filename)
    if split is None:
        return None
    try:
        return Version(split[1])
    except InvalidVersion:
        return None


def pypi_file_url(filename: str) -> str | None:
    """PyPI's stable URL of a wheel or sdist by file name; ``None`` for other files."""
    kind = artifact_kind(filename)
    split = _split(filename)
    if kind is None or split is None:
        return None
    name = split[0]
    if kind is ArtifactKind.WHEEL:
        try:
            parse_wheel_filename(filename)
        except (InvalidWheelFilename, InvalidSdistFilename, InvalidVersion):
            return None
        tag = filename[: -len(".whl")].split("-")[-3]
    else:
        tag = "source"
    return f"{PYPI_FILES}packages/{tag}/{name[0]}/{name}/{filename}"


def file_name_of_url(url: str) -> str:
    """The last path segment of ``url``, percent-decoded.

    >>> file_name_of_url("https://host/a/idna-3.10.tar.gz#sha256=00")
    'idna-3.10.tar.gz'
    >>> file_name_of_url("https://host")
    ''
    """
    _scheme, separator, rest = url.partition("://")
    netloc, slash, path = rest.partition("/")
    if separator and slash and "?" not in netloc and "#" not in netloc:
        # The common case, read without urlsplit(): that took a third of a lock's reading time.
        path = path.partition("#")[0].partition("?")[0]
        name = path.rstrip("/").rpartition("/")[2]
        return unquote(name) if "%" in name else name
    return unquote(urlsplit(url).path.rstrip("/").rpartition("/")[2])


def file_name_of_path(path: str) -> str:
    """The last component of a POSIX or Windows path."""
    return posixpath.basename(path.replace("\\", "/").rstrip("/"))
