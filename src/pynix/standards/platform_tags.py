"""Platform tags (PEP 425) judged against a *target* platform, never the host.

The last part of a wheel's tag triple says where its compiled code runs:

* ``manylinux_X_Y_<arch>`` (PEP 600) runs on Linux with glibc X.Y or newer;
  ``manylinux1``, ``manylinux2010`` and ``manylinux2014`` (PEP 513/571/599)
  are older spellings of glibc 2.5, 2.12 and 2.17.
* ``musllinux_X_Y_<arch>`` (PEP 656) runs on Linux with musl X.Y or newer.
* ``macosx_X_Y_<arch>`` runs on macOS X.Y or newer, where ``<arch>`` may be a
  multi-architecture family (``universal2`` is x86_64 + arm64).
* ``win_amd64``, ``win32``, ``win_arm64`` run on Windows; ``any`` everywhere.
* ``linux_<arch>`` was built on *some* Linux and links against whatever that
  machine had; it is not portable.

``packaging`` can list these tags only for the machine it runs on (it reads
the host's glibc and ELF headers), except for macOS, where
:func:`packaging.tags.mac_platforms` takes a version and an architecture;
this module lists and checks them for a :class:`~pynix.standards.targets.Platform`.

Decisions and traps:

* ``linux_<arch>`` is refused unless ``allow_linux=True``. pip accepts it on
  any Linux host (and ``packaging`` >= 26.3 ranks it first), but a Nix build
  cannot know what the wheel links against; users of e.g. PyTorch's
  ``+cpu`` wheels opt in and patch the binaries.
* Legacy ``manylinux2014`` exists only for PEP 599's architectures (x86_64,
  i686, aarch64, armv7l, ppc64, ppc64le, s390x); ``packaging`` would also
  generate ``manylinux2014_riscv64``, which PEP 599 does not define.
* From macOS 11 on, only ``macosx_X_0`` tags are generated (the minor
  version is a mid-year update and does not change compatibility), as
  ``packaging``, pip and uv do: an SDK ``11.3`` target accepts
  ``macosx_11_0_arm64`` but not ``macosx_11_3_arm64``. Before 11, every
  ``10.Y`` minor counts.
* nixpkgs spells CPUs ``powerpc64le`` where wheels say ``ppc64le``;
  :attr:`Platform.machine` translates.
* pyproject.nix's ``pep600``/``pep656`` functions throw on a tag that is not
  manylinux/musllinux; :func:`parse_linux_tag` raises
  :class:`~pynix.errors.InvalidFileName` there, while the ``is_*`` predicates
  here answer ``False``.

>>> linux = Platform.from_system("x86_64-linux", libc_version="2.17")
>>> is_platform_tag_compatible("manylinux2014_x86_64", linux)
True
>>> is_platform_tag_compatible("manylinux_2_28_x86_64", linux)
False
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Final, Literal

from packaging.tags import mac_platforms

from pynix.errors import InvalidArgument, InvalidFileName
from pynix.standards.targets import KNOWN_SYSTEMS, Platform

__all__ = [
    "LEGACY_MANYLINUX_ALIASES",
    "MANYLINUX_ARCHITECTURES",
    "MANYLINUX_TARGET_MACHINES",
    "LinuxTag",
    "is_manylinux_tag_compatible",
    "is_musllinux_tag_compatible",
    "is_platform_tag_compatible",
    "parse_linux_tag",
    "platform_tags",
]

# Architectures packaging builds manylinux tags for (armv6l has no manylinux policy).
MANYLINUX_ARCHITECTURES: Final = frozenset(
    {"x86_64", "i686", "aarch64", "armv7l", "ppc64", "ppc64le", "s390x", "riscv64", "loongarch64"}
)
# nixpkgs CPU name -> the architecture manylinux tags use (pyproject.nix's
# pep599.manyLinuxTargetMachines, plus loongarch64, which packaging also supports).
MANYLINUX_TARGET_MACHINES: Final[Mapping[str, str]] = MappingProxyType(
    {
        platform.cpu: platform.machine
        for platform in (Platform.from_system(s) for s in KNOWN_SYSTEMS if s.endswith("-linux"))
        if platform.machine in MANYLINUX_ARCHITECTURES
    }
)

_LEGACY: Final = {
    "manylinux1": ((2, 5), ("x86_64", "i686")),
    "manylinux2010": ((2, 12), ("x86_64", "i686")),
    "manylinux2014": (
        (2, 17),
        ("x86_64", "i686", "aarch64", "armv7l", "ppc64", "ppc64le", "s390x"),
    ),
}
LEGACY_MANYLINUX_ALIASES: Final[Mapping[str, str]] = MappingProxyType(
    {
        f"{legacy}_{arch}": f"manylinux_{glibc[0]}_{glibc[1]}_{arch}"
        for legacy, (glibc, archs) in _LEGACY.items()
        for arch in archs
    }
)
_LEGACY_BY_GLIBC: Final = {glibc: (legacy, archs) for legacy, (glibc, archs) in _LEGACY.items()}

_LINUX_TAG: Final = re.compile(r"(manylinux|musllinux)_(\d+)_(\d+)_([a-z0-9_]+)")
_VERSION: Final = re.compile(r"(\d+)(?:\.(\d+))?(?:\.\d+)*")
_WINDOWS: Final = {"x86_64": "win_amd64", "i686": "win32", "aarch64": "win_arm64"}
# packaging's guess at the last minor of a glibc major that has been superseded. Only the
# list uses it: on a (future) glibc 3 target the predicate also takes manylinux_2_51.
_LAST_GLIBC_MINOR: Final = 50


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class LinuxTag:
    """A manylinux or musllinux platform tag, legacy aliases resolved.

    >>> parse_linux_tag("manylinux2014_aarch64")
    LinuxTag(libc='glibc', major=2, minor=17, arch='aarch64')
    """

    libc: Literal["glibc", "musl"]
    major: int
    minor: int
    arch: str

    def __str__(self) -> str:
        prefix = "manylinux" if self.libc == "glibc" else "musllinux"
        return f"{prefix}_{self.major}_{self.minor}_{self.arch}"


def parse_linux_tag(tag: str) -> LinuxTag:
    """Parse ``manylinux_X_Y_arch``, a legacy ``manylinux*`` alias, or ``musllinux_X_Y_arch``.

    Raises :class:`~pynix.errors.InvalidFileName` for anything else.

    >>> str(parse_linux_tag("manylinux1_x86_64"))
    'manylinux_2_5_x86_64'
    >>> parse_linux_tag("manylinux1_aarch64")
    Traceback (most recent call last):
    ...
    pynix.errors.InvalidFileName: not a manylinux or musllinux platform tag: manylinux1_aarch64
                                                                             ^^^^^^^^^^^^^^^^^^
    """
    found = _LINUX_TAG.fullmatch(LEGACY_MANYLINUX_ALIASES.get(tag, tag))
    if found is None:
        raise InvalidFileName(
            "not a manylinux or musllinux platform tag", text=tag, span=(0, len(tag))
        )
    kind, major, minor, arch = found.groups()
    return LinuxTag(
        libc="glibc" if kind == "manylinux" else "musl",
        major=int(major),
        minor=int(minor),
        arch=arch,
    )


def is_manylinux_tag_compatible(tag: str, platform: Platform) -> bool:
    """True when a ``manylinux`` tag runs on ``platform`` (glibc, version, architecture).

    >>> is_manylinux_tag_compatible("manylinux1_x86_64", Platform.from_system("x86_64-linux"))
    True
    >>> musl = Platform.from_system("x86_64-linux", libc="musl")
    >>> is_manylinux_tag_compatible("manylinux1_x86_64", musl)
    False
    """
    return _linux_tag_compatible(tag, platform, "glibc")


def is_musllinux_tag_compatible(tag: str, platform: Platform) -> bool:
    """True when a ``musllinux`` tag runs on ``platform`` (musl, version, architecture).

    >>> musl = Platform.from_system("aarch64-linux", libc="musl", libc_version="1.2.3")
    >>> is_musllinux_tag_compatible("musllinux_1_1_aarch64", musl)
    True
    """
    return _linux_tag_compatible(tag, platform, "musl")


def is_platform_tag_compatible(tag: str, platform: Platform, *, allow_linux: bool = False) -> bool:
    """True when a wheel built for platform ``tag`` runs on ``platform``.

    ``linux_<arch>`` tags count only with ``allow_linux=True`` (see the module
    docstring). Unknown or malformed tags are simply not compatible.
    Raises :class:`~pynix.errors.InvalidArgument` when the platform's libc or
    SDK version is malformed.

    >>> mac = Platform.from_system("aarch64-darwin", darwin_sdk_version="11.3")
    >>> [
    ...     is_platform_tag_compatible(t, mac)
    ...     for t in ("macosx_10_9_universal2", "macosx_11_0_arm64", "macosx_10_9_x86_64")
    ... ]
    [True, True, False]
    """
    tag = tag.lower()
    if tag == "any":
        return True
    platform = _complete(platform)
    if tag.startswith(("manylinux", "musllinux")):
        return _linux_tag_compatible(tag, platform, "glibc" if tag.startswith("many") else "musl")
    if tag.startswith("linux_"):
        return allow_linux and platform.kernel == "linux" and tag == f"linux_{platform.machine}"
    if platform.kernel == "darwin":
        return tag in _mac_tags(platform)
    return platform.kernel == "windows" and tag == _WINDOWS.get(platform.cpu)


def platform_tags(platform: Platform, *, allow_linux: bool = False) -> tuple[str, ...]:
    """The platform tags of wheels that run on ``platform``, best first (``any`` excluded).

    The order is ``packaging``'s: on Linux ``linux_<arch>`` (only with
    ``allow_linux=True``), then manylinux or musllinux from the target's
    libc version down; on macOS the newest version first, the exact
    architecture before its families. Raises
    :class:`~pynix.errors.InvalidArgument` for a malformed libc or SDK version.

    >>> platform_tags(Platform.from_system("x86_64-linux", libc_version="2.12"))[:4]
    ('manylinux_2_12_x86_64', 'manylinux2010_x86_64', 'manylinux_2_11_x86_64',
     'manylinux_2_10_x86_64')
    >>> platform_tags(Platform.from_system("aarch64-windows"))
    ('win_arm64',)
    """
    return _platform_tags(_complete(platform), allow_linux=allow_linux)


@functools.lru_cache(maxsize=64)
def _platform_tags(platform: Platform, *, allow_linux: bool) -> tuple[str, ...]:
    if platform.kernel == "darwin":
        return _mac_tags(platform)
    if platform.kernel == "windows":
        windows = _WINDOWS.get(platform.cpu)
        return (windows,) if windows else ()
    arch = platform.machine
    tags = [f"linux_{arch}"] if allow_linux else []
    if platform.libc == "glibc":
        tags.extend(_manylinux_tags(_libc_version(platform), arch))
    elif platform.libc == "musl":
        major, minor = _libc_version(platform)
        tags.extend(f"musllinux_{major}_{m}_{arch}" for m in range(minor, -1, -1))
    return tuple(tags)


def _manylinux_tags(glibc: tuple[int, int], arch: str) -> Iterator[str]:
    if arch not in MANYLINUX_ARCHITECTURES:
        return
    oldest = _oldest_glibc(arch)
    for major in range(glibc[0], oldest[0] - 1, -1):
        newest_minor = glibc[1] if major == glibc[0] else _LAST_GLIBC_MINOR
        oldest_minor = oldest[1] if major == oldest[0] else 0
        for minor in range(newest_minor, oldest_minor - 1, -1):
            yield f"manylinux_{major}_{minor}_{arch}"
            legacy = _LEGACY_BY_GLIBC.get((major, minor))
            if legacy is not None and arch in legacy[1]:
                yield f"{legacy[0]}_{arch}"


def _oldest_glibc(arch: str) -> tuple[int, int]:
    # manylinux1 (glibc 2.5) was x86 only; every other architecture starts at manylinux2014.
    return (2, 5) if arch in ("x86_64", "i686") else (2, 17)


def _linux_tag_compatible(tag: str, platform: Platform, libc: str) -> bool:
    try:
        parsed = parse_linux_tag(tag.lower())
    except InvalidFileName:
        return False
    platform = _complete(platform)
    if parsed.libc != libc or platform.kernel != "linux" or platform.libc != libc:
        return False
    if parsed.arch != platform.machine:
        return False
    wanted = (parsed.major, parsed.minor)
    if libc == "glibc":
        if parsed.arch not in MANYLINUX_ARCHITECTURES or wanted < _oldest_glibc(parsed.arch):
            return False
        return wanted <= _libc_version(platform)
    major, minor = _libc_version(platform)
    # musl keeps compatibility only within a major version.
    return parsed.major == major and parsed.minor <= minor


@functools.lru_cache(maxsize=64)
def _mac_tags(platform: Platform) -> tuple[str, ...]:
    version = _parse_version(platform.darwin_sdk_version, "macOS SDK")
    return tuple(mac_platforms(version, platform.machine))


def _libc_version(platform: Platform) -> tuple[int, int]:
    return _parse_version(platform.libc_version, platform.libc or "libc")


def _parse_version(text: str | None, what: str) -> tuple[int, int]:
    found = _VERSION.fullmatch(text or "")
    if found is None:
        raise InvalidArgument(f"{what} version {text!r} is not of the form X.Y")
    return (int(found.group(1)), int(found.group(2) or 0))


def _complete(platform: Platform) -> Platform:
    """The platform with nixpkgs' defaults for a libc or SDK version that is not given."""
    return Platform.from_system(
        platform.system,
        libc=platform.libc,
        libc_version=platform.libc_version,
        darwin_sdk_version=platform.darwin_sdk_version,
    )
