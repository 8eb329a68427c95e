"""The target object: what pynix takes where pyproject.nix takes a derivation or a platform.

pyproject.nix's functions read an interpreter from a Python derivation
(``python.passthru.implementation``, ``pythonVersion``, ``sourceVersion``),
a platform from ``lib.systems.elaborate`` and a C library from
``stdenv.cc.libc`` (``pname``, ``version``). pynix takes one JSON object
describing all three, such as ``{"implementation": "cpython", "version":
"3.11.4", "system": "x86_64-linux", "libc": "glibc", "libcVersion": "2.38"}``:

* ``system``: the Nix system, ``x86_64-linux``, ``aarch64-darwin``,
  ``x86_64-windows`` (required);
* ``version``: the Python version, ``3.11`` or ``3.11.4`` (required where an
  interpreter is read);
* ``implementation``: ``cpython`` (default) or ``pypy``;
* ``implementationVersion``: PyPy's own version (``7.3.15``);
* ``freeThreaded``: ``true`` for a free-threaded CPython (``python3.13t``);
* ``libc``: ``glibc`` (default) or ``musl`` on Linux, ``libSystem`` on
  Darwin, ``msvcrt`` on Windows;
* ``libcVersion``: the glibc or musl version on Linux (default: nixpkgs');
* ``darwinSdkVersion``: the macOS SDK (deployment target) on Darwin
  (default: nixpkgs');
* ``packages``: the interpreter's package set, ``{attr: {"pname": ...,
  "version": ...}}``, for functions that look at it.

Any other key is an error.

Argument convention: pyproject.nix's functions keep their arity. Every
position where pyproject.nix takes a platform, a libc derivation or a Python
derivation takes the target object, and all such positions of one call must
receive the same object: ``pep600.manyLinuxTagCompatible T T "manylinux_2_17_x86_64"``
for ``manyLinuxTagCompatible platform libc tag``. A position that only reads the
platform does not need ``version``.

>>> target = target_from_json({"system": "aarch64-darwin", "version": "3.12"})
>>> (target.platform.darwin_sdk_version, target.interpreter.nix_attr)
('11.3', 'python312')
>>> target_to_json(target)["libc"]
'libSystem'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final, get_args

from pynix.errors import PynixError
from pynix.interop._registry import Param
from pynix.interop._shapes import (
    JSON,
    Where,
    read_bool,
    read_object,
    read_optional_str,
    read_str,
)
from pynix.standards.targets import (
    Implementation,
    Interpreter,
    Libc,
    Platform,
    Target,
)

__all__ = [
    "TARGET_KEYS",
    "packages_from_json",
    "platform_from_json",
    "platform_param",
    "target_from_json",
    "target_param",
    "target_to_json",
]

TARGET_KEYS: Final = (
    "darwinSdkVersion",
    "freeThreaded",
    "implementation",
    "implementationVersion",
    "libc",
    "libcVersion",
    "packages",
    "system",
    "version",
)
_WHAT: Final = "a target object such as {'system': 'x86_64-linux', 'version': '3.12'}"
_KERNEL_LIBCS: Final = {
    "linux": ("glibc", "musl"),
    "darwin": ("libSystem",),
    "windows": ("msvcrt",),
}
_DOTTED: Final = re.compile(r"\d+(\.\d+)+")


def target_from_json(value: JSON) -> Target:
    """Read a target object (interpreter and platform).

    Raises :class:`~pynix.errors.InvalidArgument` naming the bad key.

    >>> target_from_json({"system": "x86_64-linux"})
    Traceback (most recent call last):
    ...
    pynix.errors.InvalidArgument: missing key 'version' in a target object...
    """
    return _target(value, Where())


def platform_from_json(value: JSON) -> Platform:
    """Read the platform part of a target object (``version`` may be missing).

    >>> platform_from_json({"system": "x86_64-linux", "libc": "musl"}).libc_version
    '1.2'
    """
    return _platform(value, Where())


def packages_from_json(value: JSON) -> Mapping[str, tuple[str, str]]:
    """The ``packages`` of a target object: attribute -> (pname, version); empty when absent.

    >>> packages_from_json(
    ...     {
    ...         "system": "x86_64-linux",
    ...         "packages": {"pyyaml": {"pname": "pyyaml", "version": "6.0.2"}},
    ...     }
    ... )
    {'pyyaml': ('pyyaml', '6.0.2')}
    """
    return _packages(_fields(value, Where()), Where())


def target_to_json(target: Target) -> dict[str, JSON]:
    """The target object of ``target``, every known field spelled out (the inverse of reading)."""
    interpreter, platform = target.interpreter, target.platform
    shape: dict[str, JSON] = {
        "implementation": interpreter.implementation,
        "system": platform.system,
        "version": interpreter.version,
    }
    if interpreter.implementation_version is not None:
        shape["implementationVersion"] = interpreter.implementation_version
    if interpreter.free_threaded:
        shape["freeThreaded"] = True
    complete = Platform.from_system(
        platform.system,
        libc=platform.libc,
        libc_version=platform.libc_version,
        darwin_sdk_version=platform.darwin_sdk_version,
    )
    if complete.libc is not None:
        shape["libc"] = complete.libc
    if complete.libc_version is not None:
        shape["libcVersion"] = complete.libc_version
    if complete.darwin_sdk_version is not None:
        shape["darwinSdkVersion"] = complete.darwin_sdk_version
    return shape


def _fields(value: JSON, where: Where) -> Mapping[str, JSON]:
    read_object(value, where, _WHAT)
    return read_object(value, where, "a target object", TARGET_KEYS)


def _target(value: JSON, where: Where) -> Target:
    platform = _platform(value, where)
    return Target(interpreter=_interpreter(_fields(value, where), where), platform=platform)


def _interpreter(fields: Mapping[str, JSON], where: Where) -> Interpreter:
    if "version" not in fields:
        raise where.fail("missing key 'version' in a target object", hint=_hint())
    version = read_str(fields["version"], where / "version")
    implementation = read_str(fields.get("implementation", "cpython"), where / "implementation")
    if implementation not in get_args(Implementation):
        raise (where / "implementation").error("'cpython' or 'pypy'", implementation)
    implementation_version = read_optional_str(
        fields.get("implementationVersion"), where / "implementationVersion"
    )
    if implementation_version is not None and _DOTTED.fullmatch(implementation_version) is None:
        raise (where / "implementationVersion").error(
            "a version such as '7.3'", implementation_version
        )
    free_threaded = read_bool(fields.get("freeThreaded", False), where / "freeThreaded")
    try:
        return Interpreter(
            implementation=implementation,  # type: ignore[arg-type]  # checked above
            version=version,
            implementation_version=implementation_version,
            free_threaded=free_threaded,
        )
    except PynixError as error:
        raise (where / "version").locate(error) from None


def _platform(value: JSON, where: Where) -> Platform:
    fields = _fields(value, where)
    if "system" not in fields:
        raise where.fail("missing key 'system' in a target object", hint=_hint())
    system = read_str(fields["system"], where / "system")
    try:
        Platform(system=system)  # checks the kernel
    except PynixError as error:
        raise (where / "system").locate(error) from None
    kernel = system.partition("-")[2]
    libcs = _KERNEL_LIBCS[kernel]
    libc = read_str(fields.get("libc", libcs[0]), where / "libc")
    if libc not in libcs or libc not in get_args(Libc):
        raise (where / "libc").error(" or ".join(f"'{c}'" for c in libcs) + f" on {kernel}", libc)
    libc_version = _dotted(fields, "libcVersion", where, allowed=kernel == "linux")
    sdk_version = _dotted(fields, "darwinSdkVersion", where, allowed=kernel == "darwin")
    _packages(fields, where)
    return Platform.from_system(
        system,
        libc=libc,  # type: ignore[arg-type]  # checked above
        libc_version=libc_version,
        darwin_sdk_version=sdk_version,
    )


def _dotted(fields: Mapping[str, JSON], key: str, where: Where, *, allowed: bool) -> str | None:
    if key not in fields:
        return None
    if not allowed:
        kernel = "Linux" if key == "libcVersion" else "Darwin"
        raise (where / key).fail(f"'{key}' applies to {kernel} systems only")
    text = read_str(fields[key], where / key)
    if _DOTTED.fullmatch(text) is None:
        raise (where / key).error("a version such as '2.38'", text)
    return text


def _packages(fields: Mapping[str, JSON], where: Where) -> dict[str, tuple[str, str]]:
    if "packages" not in fields:
        return {}
    where = where / "packages"
    packages = read_object(fields["packages"], where, "an object of {attr: {pname, version}}")
    found: dict[str, tuple[str, str]] = {}
    for attr, package in packages.items():
        package_fields = read_object(
            package, where / attr, "an object with 'pname' and 'version'", ("pname", "version")
        )
        if "pname" not in package_fields or "version" not in package_fields:
            raise (where / attr).error("an object with 'pname' and 'version'", package)
        found[attr] = (
            read_str(package_fields["pname"], where / attr / "pname"),
            read_str(package_fields["version"], where / attr / "version"),
        )
    return found


def _hint() -> str:
    return 'e.g. {"system": "x86_64-linux", "version": "3.12"}; see docs/interop.md'


def target_param(name: str) -> Param:
    """A parameter taking the whole target object (interpreter and platform)."""
    return Param(name=name, convert=_target, target=True)


def platform_param(name: str) -> Param:
    """A parameter taking a target object of which only the platform is read."""
    return Param(name=name, convert=_platform, target=True)
