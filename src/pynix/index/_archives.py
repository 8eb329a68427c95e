"""Reading named members out of wheels and sdists, with every failure an InvalidArchive.

Wheels are zip files (PEP 427) whose metadata is ``<name>-<version>.dist-info/METADATA``.
Sdists are ``.tar.gz`` (or another tar compression, or ``.zip``) with one
top directory, ``<name>-<version>/``; callers name members relative to it
(``pyproject.toml``, ``PKG-INFO``).

Members are only read, never extracted, so path tricks in an archive
(``../``, links) cannot write anywhere; links are skipped.
"""

from __future__ import annotations

import re
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Protocol

from pynix.errors import InvalidArchive, Location, Unsupported

__all__ = [
    "MemberFilter",
    "ZipSource",
    "by_relative_name",
    "dist_info_metadata",
    "invalid",
    "open_zip",
    "read_sdist",
    "read_zip",
    "relative_name",
    "selector",
]

#: Which members to read: a collection of names, or a predicate over names.
MemberFilter = Collection[str] | Callable[[str], bool]


class ZipSource(Protocol):
    """What :class:`zipfile.ZipFile` reads from: a seekable binary file."""

    def seek(self, offset: int, whence: int = 0, /) -> int: ...
    def tell(self) -> int: ...
    def read(self, n: int = -1, /) -> bytes: ...


_DIST_INFO_METADATA = re.compile(r"^[^/]+\.dist-info/METADATA$")


def selector(members: MemberFilter) -> Callable[[str], bool]:
    """A predicate over member names from either form of :data:`MemberFilter`."""
    if callable(members):
        return members
    wanted = frozenset(members)
    return wanted.__contains__


def open_zip(file: ZipSource, *, name: str) -> zipfile.ZipFile:
    """Open a zip archive; raises InvalidArchive naming ``name`` when it is not one."""
    try:
        return zipfile.ZipFile(file)
    except (  # NotImplementedError: a zip version or feature zipfile does not read
        zipfile.BadZipFile,
        OSError,
        zipfile.LargeZipFile,
        EOFError,
        NotImplementedError,
        ValueError,
        struct.error,
    ) as exc:
        raise invalid(name, "not a zip archive", exc) from None


def read_zip(archive: zipfile.ZipFile, members: MemberFilter, *, name: str) -> dict[str, bytes]:
    """The wanted members of ``archive`` by name (directories skipped), in archive order.

    A member whose data fails its CRC-32 or does not decompress raises InvalidArchive.
    """
    wanted = selector(members)
    found: dict[str, bytes] = {}
    for info in archive.infolist():
        if not info.filename or info.filename.endswith("/") or not wanted(info.filename):
            continue
        try:
            found[info.filename] = archive.read(info)
        except (  # RuntimeError: an encrypted member; NotImplementedError: unknown compression;
            # OSError: offsets pointing outside the file
            zipfile.BadZipFile,
            OSError,
            zlib.error,
            EOFError,
            NotImplementedError,
            RuntimeError,
            ValueError,
            struct.error,
        ) as exc:
            raise invalid(name, f"cannot read {info.filename}", exc) from None
    return found


def dist_info_metadata(archive: zipfile.ZipFile, *, name: str) -> str:
    """The name of the wheel's ``*.dist-info/METADATA`` member; InvalidArchive if not one."""
    candidates = [m for m in archive.namelist() if _DIST_INFO_METADATA.match(m)]
    if len(candidates) != 1:
        found = "no" if not candidates else f"{len(candidates)}"
        raise InvalidArchive(
            f"not a wheel: {found} .dist-info/METADATA files", location=Location(file=name)
        )
    return candidates[0]


def read_sdist(path: Path, members: Collection[str], *, name: str) -> dict[str, bytes]:
    """Members of the sdist at ``path``, named relative to its top directory.

    ``name`` is the sdist's file name: ``.zip`` is read as zip, anything else
    as tar (gzip, bzip2 and xz compressions).
    """
    if name.endswith(".zip"):
        with path.open("rb") as handle, open_zip(handle, name=name) as zipped:
            found = read_zip(zipped, lambda m: relative_name(m) in members, name=name)
        return by_relative_name(found)
    if name.endswith((".tar.zst", ".tzst")):
        raise Unsupported(
            "zstandard-compressed sdists cannot be read", location=Location(file=name)
        )
    found = {}
    try:
        archive = tarfile.open(path, "r:*")  # noqa: SIM115 -- closed by the `with` below
    except (tarfile.TarError, EOFError, zlib.error, OSError):
        raise invalid(name, "not a tar archive (gzip, bzip2, xz or plain)") from None
    try:
        with archive:
            for member in archive:
                relative = relative_name(member.name)
                if not member.isfile() or relative not in members or relative in found:
                    continue
                extracted = archive.extractfile(member)
                if extracted is not None:
                    found[relative] = extracted.read()
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise invalid(name, "damaged tar archive", exc) from None
    return found


def relative_name(member: str) -> str:
    """``demo-1.0/pyproject.toml`` → ``pyproject.toml`` (``./`` prefixes ignored)."""
    parts = member.removeprefix("./").split("/", 1)
    return parts[1] if len(parts) == 2 else ""


def by_relative_name(found: dict[str, bytes]) -> dict[str, bytes]:
    """Re-key members by their name relative to the top directory (the first one wins)."""
    result: dict[str, bytes] = {}
    for member, data in found.items():
        result.setdefault(relative_name(member), data)
    return result


def invalid(name: str, what: str, exc: BaseException | None = None) -> InvalidArchive:
    """An InvalidArchive about the file ``name``: ``what``, and the library's reason."""
    if exc is None:
        return InvalidArchive(what, location=Location(file=name))
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    message = f"{what} ({detail})" if detail else what
    return InvalidArchive(message, location=Location(file=name))
