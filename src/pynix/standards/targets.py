"""Target environments as data: which interpreter, on which Nix system, with which libc.

pynix never asks the running host what it is. Markers are evaluated, wheels
are chosen and Nix is rendered for a :class:`Target` built from data, so that
one run on ``x86_64-linux`` can prepare the build for ``aarch64-darwin``.

Systems use Nix's ``<cpu>-<kernel>`` spelling (``x86_64-linux``,
``aarch64-darwin``, ``x86_64-windows``). The libc of a Linux target decides
which manylinux (glibc) or musllinux (musl) wheels run there; the macOS SDK
version of a Darwin target decides which ``macosx_X_Y`` wheels do.

Traps:

* nixpkgs calls ARM64 ``aarch64`` on every kernel, while Python's
  ``platform.machine()`` says ``arm64`` on macOS and Windows (``ARM64``);
  :attr:`Platform.machine` gives Python's spelling.
* ``python_version`` in markers is ``major.minor`` only; the full version is
  ``python_full_version``.

>>> target = Target.parse("x86_64-linux", "3.12.4")
>>> (target.platform.kernel, target.interpreter.python_version)
('linux', '3.12')
"""

from __future__ import annotations

import dataclasses
from typing import Final, Literal

from pynix.errors import InvalidArgument

__all__ = [
    "DEFAULT_DARWIN_SDK_VERSION",
    "DEFAULT_GLIBC_VERSION",
    "DEFAULT_MUSL_VERSION",
    "DEFAULT_SYSTEMS",
    "KNOWN_SYSTEMS",
    "Implementation",
    "Interpreter",
    "Libc",
    "Platform",
    "Target",
]

Implementation = Literal["cpython", "pypy"]
Libc = Literal["glibc", "musl", "libSystem", "msvcrt"]

# glibc of nixpkgs 24.11/25.05; manylinux wheels built for this or older run.
DEFAULT_GLIBC_VERSION: Final = "2.40"
DEFAULT_MUSL_VERSION: Final = "1.2"
# nixpkgs' default macOS deployment target since 25.05.
DEFAULT_DARWIN_SDK_VERSION: Final = "11.3"

DEFAULT_SYSTEMS: Final = ("x86_64-linux", "aarch64-linux", "x86_64-darwin", "aarch64-darwin")

# CPU names as nixpkgs spells them, and as Python's platform.machine() does on Linux.
_LINUX_MACHINES: Final = {
    "x86_64": "x86_64",
    "i686": "i686",
    "aarch64": "aarch64",
    "armv6l": "armv6l",
    "armv7l": "armv7l",
    "powerpc64le": "ppc64le",
    "powerpc64": "ppc64",
    "riscv64": "riscv64",
    "s390x": "s390x",
    "loongarch64": "loongarch64",
}
_KERNELS: Final = ("linux", "darwin", "windows")
KNOWN_SYSTEMS: Final = tuple(
    [f"{cpu}-linux" for cpu in _LINUX_MACHINES]
    + ["x86_64-darwin", "aarch64-darwin", "x86_64-windows", "i686-windows", "aarch64-windows"]
)


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Interpreter:
    """A Python interpreter described by data.

    ``version`` is the full version (``3.11.4``); ``implementation_version``
    is the implementation's own version, which differs for PyPy (``7.3.12``)
    and defaults to ``version``. ``free_threaded`` is a PEP 703 build
    (``python3.13t``), which alone may install ``cp313t`` wheels.
    """

    implementation: Implementation = "cpython"
    version: str
    implementation_version: str | None = None
    free_threaded: bool = False

    def __post_init__(self) -> None:
        parts = self.version.split(".")
        if len(parts) < 2 or not all(p.isdigit() for p in parts[:2]):
            raise InvalidArgument(
                f"interpreter version {self.version!r} is not of the form X.Y or X.Y.Z"
            )
        if self.implementation not in ("cpython", "pypy"):
            raise InvalidArgument(
                f"unknown Python implementation {self.implementation!r}",
                hint="use 'cpython' or 'pypy'",
            )

    @property
    def major(self) -> int:
        return int(self.version.split(".")[0])

    @property
    def minor(self) -> int:
        return int(self.version.split(".")[1])

    @property
    def python_version(self) -> str:
        """``major.minor``, as the ``python_version`` marker sees it."""
        return f"{self.major}.{self.minor}"

    @property
    def python_full_version(self) -> str:
        """The full version, padded to three parts (``3.12`` becomes ``3.12.0``)."""
        parts = self.version.split(".")
        return ".".join(parts + ["0"] * (3 - len(parts)))

    @property
    def nix_attr(self) -> str:
        """The nixpkgs attribute of this interpreter (``python312``, ``pypy310``)."""
        prefix = "python" if self.implementation == "cpython" else "pypy"
        suffix = "FreeThreading" if self.free_threaded else ""
        return f"{prefix}{self.major}{self.minor}{suffix}"

    def __str__(self) -> str:
        name = "CPython" if self.implementation == "cpython" else "PyPy"
        return f"{name} {self.version}{' (free-threaded)' if self.free_threaded else ''}"


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Platform:
    """A Nix system with its C library.

    ``libc_version`` is the glibc (``2.40``) or musl (``1.2``) version on
    Linux; ``darwin_sdk_version`` the macOS deployment target on Darwin.
    """

    system: str
    libc: Libc | None = None
    libc_version: str | None = None
    darwin_sdk_version: str | None = None

    def __post_init__(self) -> None:
        cpu, _, kernel = self.system.partition("-")
        if not cpu or kernel not in _KERNELS:
            raise InvalidArgument(
                f"unknown system {self.system!r}",
                hint="write it as Nix does: " + ", ".join(DEFAULT_SYSTEMS),
            )

    @classmethod
    def from_system(
        cls,
        system: str,
        *,
        libc: Libc | None = None,
        libc_version: str | None = None,
        darwin_sdk_version: str | None = None,
    ) -> Platform:
        """A platform with nixpkgs' defaults filled in for what is not given."""
        kernel = system.partition("-")[2]
        if kernel == "linux":
            libc = libc or "glibc"
            if libc_version is None:
                libc_version = DEFAULT_GLIBC_VERSION if libc == "glibc" else DEFAULT_MUSL_VERSION
        elif kernel == "darwin":
            libc = libc or "libSystem"
            darwin_sdk_version = darwin_sdk_version or DEFAULT_DARWIN_SDK_VERSION
        elif kernel == "windows":
            libc = libc or "msvcrt"
        return cls(
            system=system,
            libc=libc,
            libc_version=libc_version,
            darwin_sdk_version=darwin_sdk_version,
        )

    @property
    def cpu(self) -> str:
        """The CPU as nixpkgs names it (``x86_64``, ``aarch64``, ``powerpc64le``)."""
        return self.system.partition("-")[0]

    @property
    def kernel(self) -> str:
        """``linux``, ``darwin`` or ``windows``."""
        return self.system.partition("-")[2]

    @property
    def machine(self) -> str:
        """The CPU as Python's ``platform.machine()`` reports it on this kernel."""
        if self.kernel == "darwin":
            return "arm64" if self.cpu == "aarch64" else self.cpu
        if self.kernel == "windows":
            return {"x86_64": "AMD64", "aarch64": "ARM64", "i686": "x86"}.get(self.cpu, self.cpu)
        return _LINUX_MACHINES.get(self.cpu, self.cpu)


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Target:
    """One interpreter on one platform: what markers and wheel tags are judged against."""

    interpreter: Interpreter
    platform: Platform

    @classmethod
    def parse(
        cls,
        system: str,
        python_version: str,
        *,
        implementation: Implementation = "cpython",
        free_threaded: bool = False,
    ) -> Target:
        """A target from a Nix system and a Python version, with nixpkgs' libc defaults."""
        return cls(
            interpreter=Interpreter(
                implementation=implementation, version=python_version, free_threaded=free_threaded
            ),
            platform=Platform.from_system(system),
        )

    def __str__(self) -> str:
        return f"{self.interpreter.nix_attr} on {self.platform.system}"
